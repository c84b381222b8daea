/* Tasks and the scheduler.
 *
 * Scheduling: one global run queue protected by rq_lock (simple, fair and
 * obviously correct on a handful of harts; per-hart queues can come later).
 * A task is on the run queue iff state == TASK_RUNNING and it is not
 * executing on some hart; a task in a sleeping state is in the sleeper
 * bucket of its channel instead. Sleeping is xv6-style: sleep_on(chan, lk) drops lk and
 * blocks until wakeup(chan) (or its deadline); callers re-check their
 * condition in a loop. Signals also end an interruptible sleep, SIGKILL a
 * killable one. */
#ifndef CLEAVE_SCHED_H
#define CLEAVE_SCHED_H
#include "types.h"
#include "list.h"
#include "spinlock.h"
#include "signal.h"
#include "cred.h"
#include "clone.h"
#include <asm/processor.h>

#define TASK_RUNNING 0
#define TASK_INTERRUPTIBLE 1
#define TASK_UNINTERRUPTIBLE 2
#define TASK_STOPPED 4
#define TASK_KILLABLE 8		/* uninterruptible, except by SIGKILL */
#define EXIT_ZOMBIE 16
#define EXIT_DEAD 32

#define TASK_COMM_LEN 16
#define PID_MAX 32768

struct mm_struct;
struct files_struct;
struct fs_struct;
struct pt_regs;
struct completion;

struct task_struct {
	/* Must stay first: entry.S and switch.S address it through tp. */
	struct thread_struct thread;

	/* Scheduler state, protected by rq_lock. */
	volatile long state;
	struct list_head run_list;	/* on the run queue */
	int on_cpu;			/* executing on a hart right now */
	int cpu;			/* hart it last ran on */
	struct cpu *cpu_ptr;		/* &cpus[cpu], for this_cpu() */
	void *sleep_chan;		/* what a sleeper waits for */
	u64 wake_at;			/* timed sleep deadline (ns), 0 = none */
	struct list_head timer_node;	/* on the timed-sleeper list while wake_at != 0 */

	pid_t pid, tgid;
	char comm[TASK_COMM_LEN];

	/* Family, protected by tasklist_lock. real_parent is who forked us (or
	 * init after re-parenting); children/sibling link the tree. */
	struct task_struct *real_parent;
	pid_t parent_tgid;		/* real_parent->tgid, for a lock-free getppid */
	struct task_struct *group_leader;
	struct list_head children;
	struct list_head sibling;
	struct list_head tasks;		/* all tasks, for ps and kill(-1) */
	struct task_struct *pid_chain;	/* next in the pid hash bucket (kernel/pid.c) */
	struct list_head thread_node;	/* in signal->thread_head */
	int exit_code;			/* wait4 status word */
	int exit_signal;		/* sent to the parent at exit; -1 none */
	int exit_state;			/* 0, EXIT_ZOMBIE or EXIT_DEAD */

	/* Resources, each refcounted and shared or copied by clone flags. */
	struct mm_struct *mm;		/* NULL for kernel threads and after exit_mm */
	struct files_struct *files;
	struct fs_struct *fs;
	struct sighand_struct *sighand;
	struct signal_struct *signal;

	/* Signals, protected by sighand->lock. */
	sigset_t blocked;
	sigset_t saved_sigmask;		/* see PF_RESTORE_SIGMASK */
	sigset_t real_blocked;		/* rt_sigtimedwait: the mask it lifted (sighand->lock) */
	int jobctl;			/* JOBCTL_* (sighand->lock) */
	struct ksigaltstack sas;	/* sigaltstack; only current touches it */
	/* restart_syscall (128): what an interrupted nanosleep resumes.
	 * Only current touches it. */
	struct restart_block {
		long (*fn)(struct restart_block *rb);
		u64 deadline;		/* monotonic ns */
		void __user *rmtp;
	} restart_block;

	struct completion *vfork_done;	/* CLONE_VFORK: completed (and put) at exec or exit */
	u32 __user *set_child_tid;
	u32 __user *clear_child_tid;
	void __user *robust_list;	/* set_robust_list head; walked at exit and exec */

	void *stack;			/* kernel stack (KSTACK_SIZE) */
	int flags;
	int fail_nth;			/* fault injection: fail the Nth alloc */
	u64 start_time;			/* ns since boot */
	/* CPU time of this thread in ns (kernel/cputime.c): written only by
	 * the hart running it, read unlocked (one word each). */
	u64 utime, stime;
	u64 min_flt;			/* its page faults; written only by itself */
	u32 exec_id;			/* signal->exec_count of its image (clone copies it) */
	/* sched_setaffinity's mask of cpus[] indices (affinity.c), inherited
	 * by clone; 0: every hart. tasklist_lock. Stored and reported only:
	 * the scheduler runs any task on any hart. */
	u64 cpus_allowed;
	/* prctl state (prctl.c). Written only by the task itself (the
	 * subreaper flag: by any thread of the group, on its leader); exit
	 * reads them under tasklist_lock. */
	int pdeath_signal;		/* sent when the parent thread exits; 0 after clone */
	bool no_new_privs;		/* inherited, never cleared */
	bool not_dumpable;		/* PR_SET_DUMPABLE 0; inherited */
	bool child_subreaper;		/* leader only; a new process starts without */
	struct cred *cred;		/* cred.h: shared, copy on write; NULL: root */

	/* Last: it is large (siginfo per signal), the fields above stay
	 * within a load's 12-bit offset on the syscall path, and
	 * copy_process copies everything before it. */
	struct sigpending pending;	/* sent to this thread only (sighand->lock) */
};

#define PF_KTHREAD 0x1
#define PF_EXITING 0x2
#define PF_IDLE 0x4
/* blocked holds a syscall's temporary mask (ppoll, pselect6) and
 * saved_sigmask the caller's own: the return-to-user path restores it,
 * after building a handler frame that saves it. Only current touches it. */
#define PF_RESTORE_SIGMASK 0x8
/* The system call just made returned a restart code: do_signal must
 * decide (restart or -EINTR) before user mode sees a0. Only current. */
#define PF_SYSCALL_RESTART 0x10

/* jobctl bits (sighand->lock). */
#define JOBCTL_STOP_PENDING 0x1		/* must park for the group stop */
#define JOBCTL_STOP_DEQUEUED 0x2	/* a stop signal was taken; a SIGCONT cancels it */

#ifdef CLEAVE_HOST_BUILD
struct task_struct *get_current(void);	/* mkfs/hostfs: its one task */
#else
/* The task on this hart: tp holds it whenever the hart is in the kernel. */
static inline struct task_struct *get_current(void)
{
	struct task_struct *t;
	__asm__("mv %0, tp" : "=r"(t));
	return t;
}

/* This hart's struct cpu (call with interrupts off, or the task may move).
 * Before the first task exists tp is 0 and the boot hart is cpus[0]. */
static inline struct cpu *this_cpu(void)
{
	struct task_struct *t = get_current();
	return t ? t->cpu_ptr : &cpus[0];
}
#endif
#define current get_current()

/* Is a signal pending that t does not block (SIGKILL always counts)?
 * Lock-free: see kernel/signal.c. Inline: the syscall return path. */
static inline bool signal_pending(struct task_struct *t)
{
	sigset_t pend = READ_ONCE(t->pending.signal) | READ_ONCE(t->signal->shared_pending.signal);
	if (pend & sigmask(SIGKILL))
		return true;
	return (pend & ~READ_ONCE(t->blocked)) != 0;
}

#ifndef CLEAVE_HOST_BUILD
/* The switch's charge (kernel/cputime.c explains it), on hart c leaving
 * prev. Inline: every context switch. rq_lock held, interrupts off. */
u64 ktime_get_ns(void);
static inline void account_switch(struct task_struct *prev, struct cpu *c)
{
	u64 now = ktime_get_ns(), d = now - c->acct_stamp;
	c->acct_stamp = now;
	if (!(prev->flags & PF_IDLE)) {
		prev->stime += d;
		__atomic_add_fetch(&prev->signal->stime, d, __ATOMIC_RELAXED);
	}
}
#endif

extern struct spinlock tasklist_lock;	/* task tree, pids, tasks list */
extern struct list_head all_tasks;
extern struct task_struct *init_task_p;	/* pid 1 */

void schedule(void);		/* give up the hart; caller set state first */
void wake_up_new_task(struct task_struct *p);
void wake_up_process(struct task_struct *p);
void signal_wake_up(struct task_struct *p);	/* if sleeping interruptibly */
/* Install mm (returning the old one); with files, also detach the task's
 * files and fs into *files and *fs (exit). */
struct mm_struct *exchange_mm(struct mm_struct *mm, struct files_struct **files,
			      struct fs_struct **fs);
void scheduler_tick(bool user);	/* timer interrupt (user: it came from user mode) */
void cpu_idle_loop(void) __noreturn;

/* xv6-style sleep/wakeup. lk is held on entry and re-acquired on return. */
void sleep_on(void *chan, struct spinlock *lk);
/* Same, but returns -EINTR at once (lk re-held) if a signal is pending. */
int sleep_on_intr(void *chan, struct spinlock *lk);
/* Sleep until chan is woken or ktime_get_ns() reaches deadline_ns (0: no
 * deadline). Returns -EINTR on signal (intr only), -ETIMEDOUT, or 0. */
int sleep_on_timeout(void *chan, struct spinlock *lk, u64 deadline_ns, bool intr);
void wakeup(void *chan);
/* Like sleep_on, but SIGKILL ends it: returns -EINTR then (lk re-held). */
int sleep_on_killable(void *chan, struct spinlock *lk);
/* Park in TASK_STOPPED on chan (job control): wakeup(chan) or SIGKILL ends
 * it; returns -EINTR for SIGKILL. */
int sleep_stopped(void *chan, struct spinlock *lk);

/* kernel/pid.c, all under tasklist_lock */
struct task_struct *find_task_by_pid(pid_t pid);
pid_t alloc_pid(void);			/* -EAGAIN when all are taken */
void attach_pid(struct task_struct *p);	/* p->pid into the hash */
void detach_pid(struct task_struct *p);
/* kernel/cputime.c. The hooks run with interrupts off: a switch charges
 * prev's time since the hart's last charge to its system time, a tick
 * charges current's to user or system time, applies RLIMIT_CPU and fires
 * the CPU-time timers that are due (kernel/itimer.c). */
void account_tick(bool user);
void cpu_timers_tick(struct task_struct *t);	/* kernel/itimer.c, from account_tick */
/* Current's CPU time including what it has run since its last charge
 * (thread: its own; else its whole thread group). */
u64 current_cputime_ns(bool thread);
/* kernel/rusage.c: what getrusage and the waits report; a struct
 * rusage with these to user space (-EFAULT). */
struct rusage_sums {
	u64 utime, stime;	/* ns */
	u64 maxrss_kb, min_flt;
};
int put_rusage(void __user *uru, const struct rusage_sums *u);
/* prctl.c: clone's reset of prctl state; exit's re-parenting (both
 * tasklist_lock held): the default new parent of t's children (the
 * nearest live subreaper ancestor, else init) and the per-child news
 * (PR_SET_PDEATHSIG, waking a subreaper that gets a zombie). */
/* clone's part of the prctl state (kernel/prctl.c): the cred is shared
 * (free_task puts it), PDEATHSIG is not inherited, a new process is no
 * subreaper. Inline: on every clone. */
static inline void prctl_fork(struct task_struct *p, u64 clone_flags)
{
	get_cred(p->cred);
	p->pdeath_signal = 0;
	if (!(clone_flags & CLONE_THREAD))
		p->child_subreaper = false;
}
struct task_struct *find_child_reaper(struct task_struct *t);
void reparent_notify(struct task_struct *c, struct task_struct *reaper);
u64 ktime_get_ns(void);		/* monotonic since boot */
int nr_tasks(void);

/* Process lifetime */
void do_exit(int code) __noreturn;
void do_group_exit(int code) __noreturn;
pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags);
#endif
