#ifndef _SIGNAL_H
#define _SIGNAL_H
#include <sys/types.h>

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
#define SIGSTKFLT 16
#define SIGCHLD 17
#define SIGCONT 18
#define SIGSTOP 19
#define SIGTSTP 20
#define SIGTTIN 21
#define SIGTTOU 22
#define SIGURG 23
#define SIGXCPU 24
#define SIGXFSZ 25
#define SIGVTALRM 26
#define SIGPROF 27
#define SIGWINCH 28
#define SIGIO 29
#define SIGPWR 30
#define SIGSYS 31
#define NSIG 65

typedef void (*sighandler_t)(int);
#define SIG_DFL ((sighandler_t)0)
#define SIG_IGN ((sighandler_t)1)
#define SIG_ERR ((sighandler_t)-1)

#define SA_NOCLDSTOP 0x00000001
#define SA_NOCLDWAIT 0x00000002
#define SA_SIGINFO 0x00000004
#define SA_ONSTACK 0x08000000
#define SA_RESTART 0x10000000
#define SA_NODEFER 0x40000000
#define SA_RESETHAND 0x80000000

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

/* The kernel's 64-bit signal mask (signals 1..64). */
typedef unsigned long sigset_t;

union sigval {
	int sival_int;
	void *sival_ptr;
};

/* The Linux (asm-generic, 64-bit) siginfo_t: 128 bytes. */
typedef struct {
	int si_signo;
	int si_errno;
	int si_code;
	int __pad;
	union {
		struct { pid_t pid; uid_t uid; union sigval value; } kill;	/* SI_USER, SI_QUEUE, SI_TKILL */
		struct { int tid; int overrun; union sigval value; } timer;	/* SI_TIMER */
		struct { pid_t pid; uid_t uid; int status; long utime, stime; } chld;	/* SIGCHLD */
		void *addr;	/* SIGSEGV, SIGBUS, ... */
		long __fill[14];
	} u;
} siginfo_t;
#define si_pid u.kill.pid
#define si_uid u.kill.uid
#define si_value u.kill.value
#define si_int u.kill.value.sival_int
#define si_ptr u.kill.value.sival_ptr
#define si_status u.chld.status
#define si_addr u.addr
#define si_timerid u.timer.tid
#define si_overrun u.timer.overrun

/* si_code values. */
#define SI_USER 0
#define SI_KERNEL 0x80
#define SI_QUEUE (-1)
#define SI_TIMER (-2)
#define SI_TKILL (-6)
#define CLD_EXITED 1
#define CLD_KILLED 2
#define CLD_DUMPED 3
#define CLD_TRAPPED 4
#define CLD_STOPPED 5
#define CLD_CONTINUED 6
#define SEGV_MAPERR 1
#define SEGV_ACCERR 2

typedef struct {
	void *ss_sp;
	int ss_flags;
	size_t ss_size;
} stack_t;
#define SS_ONSTACK 1
#define SS_DISABLE 2
#define SS_AUTODISARM (1U << 31)
#define MINSIGSTKSZ 2048
#define SIGSTKSZ 8192

/* struct sigevent (64 bytes, Linux layout). */
#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
struct sigevent {
	union sigval sigev_value;
	int sigev_signo;
	int sigev_notify;
	union {
		int _tid;
		int __pad[12];
	} _sigev_un;
};
#define sigev_notify_thread_id _sigev_un._tid

#define SIGRTMIN 32
#define SIGRTMAX 64

/* Same layout as the kernel's struct sigaction on riscv64 (no sa_restorer). */
struct sigaction {
	union {
		void (*sa_handler)(int);
		void (*sa_sigaction)(int, siginfo_t *, void *);
	};
	unsigned long sa_flags;
	sigset_t sa_mask;
};

sighandler_t signal(int sig, sighandler_t h);
int sigaction(int sig, const struct sigaction *act, struct sigaction *old);
int sigprocmask(int how, const sigset_t *set, sigset_t *old);
int sigemptyset(sigset_t *s);
int sigfillset(sigset_t *s);
int sigaddset(sigset_t *s, int sig);
int sigdelset(sigset_t *s, int sig);
int sigismember(const sigset_t *s, int sig);
int kill(pid_t pid, int sig);
int raise(int sig);
int tgkill(pid_t tgid, pid_t tid, int sig);
int sigaltstack(const stack_t *ss, stack_t *old);
int sigpending(sigset_t *set);
int sigsuspend(const sigset_t *mask);
struct timespec;
int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout);
int sigwaitinfo(const sigset_t *set, siginfo_t *info);
int sigqueue(pid_t pid, int sig, const union sigval value);

/* A signal's number from "HUP", "SIGHUP" or "1"; -1 if there is none.
 * (strsignal and sigabbrev_np are in string.h.) */
int sig_number(const char *name);

#endif
