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
