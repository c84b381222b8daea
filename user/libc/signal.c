#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int sigaction(int sig, const struct sigaction *act, struct sigaction *old)
{
	RET(__syscall4(SYS_rt_sigaction, sig, act, old, sizeof(sigset_t)));
}

sighandler_t signal(int sig, sighandler_t h)
{
	struct sigaction sa = { 0 }, old;

	sa.sa_handler = h;
	sa.sa_flags = SA_RESTART;
	if (sigaction(sig, &sa, &old) < 0)
		return SIG_ERR;
	return old.sa_handler;
}

int sigprocmask(int how, const sigset_t *set, sigset_t *old)
{
	RET(__syscall4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t)));
}

static int badsig(int sig)
{
	if (sig < 1 || sig > 64) {
		errno = EINVAL;
		return 1;
	}
	return 0;
}

int sigemptyset(sigset_t *s) { *s = 0; return 0; }
int sigfillset(sigset_t *s) { *s = ~0UL; return 0; }
int sigaddset(sigset_t *s, int sig) { if (badsig(sig)) return -1; *s |= 1UL << (sig - 1); return 0; }
int sigdelset(sigset_t *s, int sig) { if (badsig(sig)) return -1; *s &= ~(1UL << (sig - 1)); return 0; }
int sigismember(const sigset_t *s, int sig) { if (badsig(sig)) return -1; return (*s >> (sig - 1)) & 1; }

int kill(pid_t pid, int sig) { RET(__syscall2(SYS_kill, pid, sig)); }
int tgkill(pid_t tgid, pid_t tid, int sig) { RET(__syscall3(SYS_tgkill, tgid, tid, sig)); }
int raise(int sig) { return tgkill(getpid(), gettid(), sig); }

int sigaltstack(const stack_t *ss, stack_t *old) { RET(__syscall2(SYS_sigaltstack, ss, old)); }
int sigpending(sigset_t *set) { RET(__syscall2(SYS_rt_sigpending, set, sizeof(sigset_t))); }
int sigsuspend(const sigset_t *mask) { RET(__syscall2(SYS_rt_sigsuspend, mask, sizeof(sigset_t))); }

int sigtimedwait(const sigset_t *set, siginfo_t *info, const struct timespec *timeout)
{
	RET(__syscall4(SYS_rt_sigtimedwait, set, info, timeout, sizeof(sigset_t)));
}

int sigwaitinfo(const sigset_t *set, siginfo_t *info) { return sigtimedwait(set, info, 0); }

int sigqueue(pid_t pid, int sig, const union sigval value)
{
	siginfo_t si = { 0 };

	si.si_signo = sig;
	si.si_code = SI_QUEUE;
	si.si_pid = getpid();
	si.si_uid = getuid();
	si.si_value = value;
	RET(__syscall3(SYS_rt_sigqueueinfo, pid, sig, &si));
}

/* riscv64 has no pause system call: wait in ppoll for any signal. */
int pause(void) { RET(__syscall5(SYS_ppoll, 0, 0, 0, 0, 0)); }
