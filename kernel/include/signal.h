/* Signals: Linux numbers and the structures clone shares or copies. */
#ifndef CLEAVE_SIGNAL_H
#define CLEAVE_SIGNAL_H
#include "types.h"
#include "list.h"
#include "spinlock.h"

#define _NSIG 64
typedef u64 sigset_t;
#define sigmask(sig) (1UL << ((sig) - 1))

#define SIGHUP 1
#define SIGINT 2
#define SIGQUIT 3
#define SIGILL 4
#define SIGTRAP 5
#define SIGABRT 6
#define SIGBUS 7
#define SIGFPE 8
#define SIGKILL 9
#define SIGUSR1 10
#define SIGSEGV 11
#define SIGUSR2 12
#define SIGPIPE 13
#define SIGALRM 14
#define SIGTERM 15
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGSYS 31

#define SIG_DFL ((void __user *)0)
#define SIG_IGN ((void __user *)1)

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

struct k_sigaction {
	void __user *handler;
	unsigned long flags;
	sigset_t mask;
};

/* Actions, shared by CLONE_SIGHAND. lock also protects every member
 * task's blocked/pending and the group's shared_pending. */
/* Resource limits (Linux numbers) live in signal_struct: the whole thread
 * group shares them. */
#define RLIMIT_CPU 0
#define RLIMIT_STACK 3
#define RLIMIT_CORE 4
#define RLIMIT_NPROC 6
#define RLIMIT_NOFILE 7
#define RLIMIT_SIGPENDING 11
#define RLIM_NLIMITS 16
#define RLIM_INFINITY (~0UL)

struct sighand_struct {
	int count;
	struct spinlock lock;
	struct k_sigaction action[_NSIG];
};

/* What a queued signal carries into the siginfo the handler (or
 * rt_sigtimedwait, waitid) sees. */
struct ksiginfo {
	int signo, code;
	pid_t pid;	/* si_pid: sender's tgid (SI_USER/TKILL/QUEUE, CLD_*) */
	int status;	/* CLD_*: si_status; timers: si_overrun */
	u64 value;	/* SI_QUEUE/timers: si_value; faults: si_addr */
	int tid;	/* timers: si_tid (the POSIX timer id) */
	int __pad;
};

/* Signals from SIGRTMIN up are real-time: every instance sent is queued
 * with its own siginfo and delivered in order. Below it, a signal already
 * pending is not queued again (its first siginfo stays). */
#define SIGRTMIN 32

/* One queued real-time signal (kmalloc'd, kernel/sigqueue.c). */
struct sigqueue {
	struct sigqueue *next;
	struct ksiginfo info;
	u32 uid;		/* the user whose RLIMIT_SIGPENDING count it is in */
};

/* A queue of pending signals (a thread's own or its group's). All-zero
 * is a valid empty queue. Each siginfo held is counted against the real
 * uid of the receiver (RLIMIT_SIGPENDING), except a standard one whose
 * bit is clear in `charged`: its siginfo was lost at the limit (it reads
 * SI_USER, pid 0), or the kernel set the bit with no siginfo. Protected
 * by the owner's sighand->lock; change it only through sigqueue.c. */
struct sigpending {
	sigset_t signal;			/* pending numbers, standard and rt */
	sigset_t charged;			/* standard ones holding a counted siginfo */
	struct sigqueue *rt_head, *rt_tail;	/* real-time, oldest first */
	struct ksiginfo info[SIGRTMIN - 1];	/* standard: valid where the bit is set */
	u32 uid[SIGRTMIN - 1];			/* standard: charged to this uid */
};

/* The thread group, shared by CLONE_THREAD. */
struct signal_struct {
	int count;		/* tasks using it, and pidfds naming the group */
	int live;		/* threads not yet exited */
	struct list_head thread_head;
	int group_exit;		/* exit_group in progress */
	int group_exit_code;
	int last_exit_code;	/* exit code of the group's last thread (tasklist_lock) */
	int notified;
	struct task_struct *group_exec_task;	/* de_thread: the thread that survives */		/* parent told of the group's death (tasklist_lock) */
	pid_t pgid, sid;
	/* Job control (sighand->lock): a group stop in progress or done. */
	int stop_sig;		/* the stop signal; 0 when not stopping/stopped */
	int stop_count;		/* threads that have not parked yet */
	int stop_flags;		/* SIGNAL_* below */
	/* Timers (kernel/itimer.c, under its timer_lock): the ITIMER_REAL
	 * timer (allocated when first armed) and the POSIX timers. */
	void *it_real;
	struct list_head posix_timers;
	int next_timer_id;
	/* ITIMER_VIRTUAL ([0], on utime) and ITIMER_PROF ([1], on utime +
	 * stime): deadlines in ns of the group's CPU time, 0 = disarmed.
	 * cpu_timers: how many of the group's CPU-time timers (these and
	 * POSIX timers on a CPU clock) are armed; the tick reads it alone. */
	struct cpu_itimer { u64 expires, interval; } it_cpu[2];
	int cpu_timers;
	struct rlimit_s { u64 cur, max; } rlim[RLIM_NLIMITS];	/* by RLIMIT_* */
	/* CPU time in ns (kernel/cputime.c): utime/stime of every thread,
	 * live or dead (atomic adds); cutime/cstime of the reaped children
	 * and theirs (tasklist_lock). */
	u64 utime, stime, cutime, cstime;
	/* Page faults (kernel/mm/memory.c): min_flt counts every thread's,
	 * live or dead (atomic adds); cmin_flt the reaped children's and
	 * theirs (tasklist_lock). None is major: see handle_mm_fault. */
	u64 min_flt, cmin_flt;
	struct core_state *core_state;	/* a core dump in progress (coredump.c; sighand->lock) */
	/* A dead thread's kernel stack with its image's exec_id in the low
	 * bits, kept for the group's next thread (kernel/fork.c; atomic);
	 * freed with the group and at exec. exec_count: the image's id,
	 * the parent's at fork, one more at each exec (the exec'ing thread
	 * writes it when it is alone). */
	u64 spare_stack;
	u32 exec_count;
	struct sigpending shared_pending;	/* last: it is large */
};

#define SIGNAL_STOP_STOPPED 1	/* every thread parked: the group is stopped */
#define SIGNAL_REPORT_STOPPED 2	/* wait4(WUNTRACED) has a stop to report */
#define SIGNAL_REPORT_CONTINUED 4	/* wait4(WCONTINUED) has a continue to report */

struct task_struct;
/* kernel/fork.c: drop a reference (a task's, a pidfd's); the last frees it. */
void put_signal(struct signal_struct *sig);
/* kernel/sigqueue.c: free a queue nobody can reach any more (a dead
 * thread's, a freed group's); siginfos queued for uid (SigQ). Inline:
 * every exit frees two queues, nearly always empty (an rt entry or a
 * counted siginfo always has its bit in signal). */
void __sigpending_flush_all(struct sigpending *p);
static inline void sigpending_flush_all(struct sigpending *p)
{
	if (p->signal)
		__sigpending_flush_all(p);
}
long sigqueue_user_count(u32 uid);
int send_signal(struct task_struct *t, int sig, bool group);
int kill_pgrp(pid_t pgid, int sig);
/* Linux's orphaned process group (stop signals to it are discarded).
 * tasklist_lock held. */
bool pgrp_orphaned(pid_t pgid, pid_t sid);
bool fatal_signal_pending(struct task_struct *t);
void force_sig(int sig);	/* synchronous fault signal to current */

/* si_code values (Linux). */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2

/* Send with full siginfo (info->signo is the signal). */
int send_signal_info(struct task_struct *t, const struct ksiginfo *info, bool group);
/* SIGCHLD-style notice to the parent of leader: code CLD_*, status. */
void notify_parent_cld(struct task_struct *leader, int code, int status);
/* Synchronous fault with si_code/si_addr (SEGV_MAPERR, ...). */
void force_sig_fault(int sig, int code, u64 addr);

/* sigaltstack, per thread (only current changes it). */
struct ksigaltstack {
	u64 sp;
	u64 size;
	int flags;	/* SS_AUTODISARM only; SS_DISABLE is size == 0 */
};
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
bool on_sig_stack(u64 sp);
int sas_ss_flags(u64 sp);
void restore_altstack(u64 ss_sp, int ss_flags, u64 ss_size, u64 sp);
struct pt_regs;
/* kernel/signal.c: deliver pending signals on the way back to user mode.
 * Also restores a temporary mask (PF_RESTORE_SIGMASK) when nothing is left
 * to deliver, so call it while signal_pending() || that flag is set. */
void do_signal(struct pt_regs *regs);
/* The mask a handler frame must save for rt_sigreturn: the caller's own
 * mask while a temporary one is installed, else current->blocked. */
sigset_t sigmask_to_save(void);
/* A syscall that waits with a caller-supplied mask (ppoll, pselect6):
 * install mask (SIGKILL/SIGSTOP stay unblocked) and remember the old one;
 * then restore_saved_sigmask_unless(interrupted) when done. When the wait
 * was interrupted the old mask comes back only on the return-to-user path,
 * after the signal the temporary mask let through has been delivered. */
void set_temporary_sigmask(sigset_t mask);
void restore_saved_sigmask_unless(bool interrupted);
/* arch: build the handler frame on the user stack (0 or -EFAULT), and undo
 * it in rt_sigreturn (returns the restored a0). */
int setup_rt_frame(const struct ksiginfo *info, struct k_sigaction *ka, struct pt_regs *regs);
long arch_rt_sigreturn(struct pt_regs *regs);
#endif
