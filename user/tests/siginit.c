/* Init protection (cleave-only: it signals pid 1 and everybody, which the
 * host must never see). Init (pid 1) gets only signals it has a handler
 * for; SIGKILL and SIGSTOP from user space never reach it; kill(-1, sig)
 * spares init and the caller. Whatever reached init would end the run:
 * a killed init panics the kernel and a stopped one never reports the
 * exit, so the harness sees a panic or a timeout. */
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static void expect_zero(const char *name, long r)
{
	if (r != 0)
		fail(name, "returned %ld errno %d (%s)", r, errno, strerror(errno));
	else if (kill(1, 0) != 0)
		fail(name, "init gone: %s", strerror(errno));
	else
		ok(name);
}

static void settle(void)
{
	usleep(20000);	/* let a wrongly delivered signal act on init */
}

int main(void)
{
	int st;

	expect_zero("init-sigterm", kill(1, SIGTERM));
	settle();
	expect_zero("init-sigint", kill(1, SIGINT));
	settle();
	expect_zero("init-sigkill", kill(1, SIGKILL));
	settle();
	expect_zero("init-sigstop", kill(1, SIGSTOP));
	settle();
	expect_zero("init-sigtstp", kill(1, SIGTSTP));
	settle();
	expect_zero("init-tgkill-kill", __syscall_ret(__syscall3(SYS_tgkill, 1, 1, SIGKILL)));
	settle();
	expect_zero("init-tkill-segv", __syscall_ret(__syscall2(SYS_tkill, 1, SIGSEGV)));
	settle();

	/* kill(-1): everybody but init and us. We ignore SIGUSR2; a child
	 * with the default action dies of it. */
	signal(SIGUSR2, SIG_IGN);
	pid_t pid = fork();
	if (pid == 0) {
		signal(SIGUSR2, SIG_DFL);
		for (;;)
			pause();
	}
	usleep(20000);
	long r = kill(-1, SIGUSR2);
	if (r != 0)
		fail("kill-all", "kill(-1, SIGUSR2): %s", strerror(errno));
	else if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) || WTERMSIG(st) != SIGUSR2)
		fail("kill-all", "child status 0x%x, want killed by SIGUSR2", st);
	else
		expect_zero("kill-all", 0);
	settle();
	/* SIGKILL to everybody: only our own (just forked) child dies. */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	usleep(20000);
	r = kill(-1, SIGKILL);
	if (r != 0)
		fail("kill-all-sigkill", "kill(-1, SIGKILL): %s", strerror(errno));
	else if (waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail("kill-all-sigkill", "child status 0x%x", st);
	else
		expect_zero("kill-all-sigkill", 0);
	settle();
	return failures != 0;
}
