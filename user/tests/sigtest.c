/* Signal basics: default actions, SIG_IGN, a SIGUSR1 handler. */
#include <signal.h>
#include <sys/wait.h>
#include "check.h"

static volatile int got;

static void on_usr1(int sig)
{
	got = sig;
}

static void killed_by(const char *name, int sig)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			usleep(10000);
	}
	usleep(20000);
	kill(pid, sig);
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != sig)
		fail(name, "status 0x%x, want killed by %d", st, sig);
	else
		ok(name);
}

static void ignored(void)
{
	int fds[2], st;
	char c;
	pid_t pid;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		signal(SIGTERM, SIG_IGN);
		write(fds[1], "r", 1);
		usleep(200000);
		_exit(5);
	}
	read(fds[0], &c, 1);
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 5)
		fail("sig-ignore-term", "status 0x%x, want exit 5", st);
	else
		ok("sig-ignore-term");
	close(fds[0]);
	close(fds[1]);
}

static void handler(void)
{
	struct sigaction sa = { 0 }, old;

	sa.sa_handler = on_usr1;
	if (sigaction(SIGUSR1, &sa, NULL) < 0) {
		fail("sig-handler", "sigaction: %s", strerror(errno));
		return;
	}
	kill(getpid(), SIGUSR1);
	for (int i = 0; i < 100 && !got; i++)
		usleep(1000);
	if (got != SIGUSR1) {
		fail("sig-handler", "SIGUSR1 handler did not run");
		return;
	}
	if (sigaction(SIGUSR1, NULL, &old) < 0 || old.sa_handler != on_usr1) {
		fail("sig-handler", "sigaction did not report the handler back");
		return;
	}
	ok("sig-handler");
}

int main(void)
{
	killed_by("sig-kill", SIGKILL);
	killed_by("sig-term", SIGTERM);
	ignored();
	handler();
	return failures != 0;
}
