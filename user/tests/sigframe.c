/* Corrupted signal frames and bad rt_sigreturn calls (cleave-only: it
 * knows the riscv64 frame layout). Whatever the frame holds, the process
 * returns to user mode (status bits never come from the frame) and gets
 * the signal Linux gives; the kernel survives and logs at most a line.
 * Each case runs in its own child; the parent checks how it ended. */
#include <signal.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include "check.h"

/* struct ucontext: uc_mcontext at 176; sc_regs[0] is the pc, [2] sp;
 * the FP state follows the 32 integer registers, fcsr at byte 256 of it. */
#define MC_OFF 176
#define REG(uc, i) (((unsigned long *)((char *)(uc) + MC_OFF))[i])
#define FCSR(uc) (*(unsigned int *)((char *)(uc) + MC_OFF + 32 * 8 + 256))

static int mode;

static void handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)si;
	switch (mode) {
	case 0:
		REG(uc, 0) = 0xffffffff80000000UL;	/* pc in the kernel */
		break;
	case 1:
		REG(uc, 0) = 0x10;			/* pc unmapped */
		break;
	case 2:
		FCSR(uc) = 0xffffffffu;			/* reserved fcsr bits */
		break;
	case 3:
		REG(uc, 2) = 0x10;			/* sp unmapped: the next push faults */
		break;
	}
}

static void run(const char *name, int m, int want_sig, int want_exit)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct sigaction sa = { 0 };

		mode = m;
		sa.sa_sigaction = handler;
		sa.sa_flags = SA_SIGINFO;
		sigaction(SIGUSR1, &sa, NULL);
		raise(SIGUSR1);
		if (m == 2) {
			unsigned long f;
			__asm__ volatile("frcsr %0" : "=r"(f));
			_exit(f == 0xff ? 0 : 1);
		}
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (want_sig && (!WIFSIGNALED(st) || WTERMSIG(st) != want_sig))
		fail(name, "status 0x%x, want killed by %d", st, want_sig);
	else if (!want_sig && (!WIFEXITED(st) || WEXITSTATUS(st) != want_exit))
		fail(name, "status 0x%x, want exit %d", st, want_exit);
	else
		ok(name);
}

/* rt_sigreturn with sp at a frame that cannot be read, or at garbage. */
static void raw_sigreturn(const char *name, unsigned long sp, int want1, int want2)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		register unsigned long a7 __asm__("a7") = 139;
		register unsigned long t0 __asm__("t0") = sp;
		__asm__ volatile("mv sp, t0\n\tecall" : : "r"(a7), "r"(t0) : "memory");
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (!WIFSIGNALED(st) || (WTERMSIG(st) != want1 && WTERMSIG(st) != want2))
		fail(name, "status 0x%x, want killed by %d or %d", st, want1, want2);
	else
		ok(name);
}

int main(void)
{
	run("sigframe-kernel-pc", 0, SIGSEGV, 0);
	run("sigframe-unmapped-pc", 1, SIGSEGV, 0);
	run("sigframe-fcsr-reserved-bits", 2, 0, 0);
	run("sigframe-bad-sp", 3, SIGSEGV, 0);
	raw_sigreturn("sigreturn-unmapped-frame", 0x1000, SIGSEGV, SIGSEGV);
	raw_sigreturn("sigreturn-kernel-frame", 0xffffffff80000000UL, SIGSEGV, SIGSEGV);
	/* A readable page of 0xa5 bytes: every register and the pc are
	 * garbage; whatever runs next must fault in user mode. */
	unsigned char *junk = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	memset(junk, 0xa5, 8192);
	raw_sigreturn("sigreturn-garbage-frame", (unsigned long)junk, SIGSEGV, SIGBUS);
	return failures != 0;
}
