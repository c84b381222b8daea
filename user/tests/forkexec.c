/* fork/exec/wait basics: status encoding, ECHILD, WNOHANG, pipes, orphans. */
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "check.h"

static void exit_status(void)
{
	int st;

	for (int code = 0; code < 256; code += 51) {
		pid_t pid = fork();

		if (pid == 0)
			_exit(code);
		if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != code ||
		    st != code << 8) {
			fail("forkexec-status", "exit(%d) gave status 0x%x", code, st);
			return;
		}
	}
	ok("forkexec-status");
}

static void echild(void)
{
	errno = 0;
	if (expect_err("forkexec-echild", wait(NULL), ECHILD))
		ok("forkexec-echild");
}

static void wnohang(void)
{
	int fds[2], st;
	char c;
	pid_t pid;

	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[1]);
		read(fds[0], &c, 1); /* wait for the parent */
		_exit(7);
	}
	close(fds[0]);
	if (waitpid(pid, &st, WNOHANG) != 0) {
		fail("forkexec-wnohang", "WNOHANG on a running child did not return 0");
		return;
	}
	write(fds[1], "x", 1);
	close(fds[1]);
	if (waitpid(pid, &st, 0) != pid || WEXITSTATUS(st) != 7)
		fail("forkexec-wnohang", "child status 0x%x", st);
	else
		ok("forkexec-wnohang");
}

static void execs(void)
{
	char *argv[] = { "true", NULL };
	int fds[2], st;
	pid_t pid;
	char buf[64];
	ssize_t n;

	pid = fork();
	if (pid == 0) {
		execv("/bin/true", argv);
		_exit(99);
	}
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
		fail("forkexec-exec-true", "status 0x%x", st);
	else
		ok("forkexec-exec-true");

	pid = fork();
	if (pid == 0) {
		execv("/nonexistent/prog", argv);
		_exit(errno == ENOENT ? 42 : 43);
	}
	waitpid(pid, &st, 0);
	if (WEXITSTATUS(st) != 42)
		fail("forkexec-exec-enoent", "status 0x%x", st);
	else
		ok("forkexec-exec-enoent");

	/* Child writes through a pipe; parent reads until EOF. */
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		dup2(fds[1], 1);
		close(fds[1]);
		write(1, "hello pipe", 10);
		_exit(0);
	}
	close(fds[1]);
	n = 0;
	for (ssize_t r; (r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0;)
		n += r;
	close(fds[0]);
	waitpid(pid, &st, 0);
	buf[n] = 0;
	if (strcmp(buf, "hello pipe") != 0)
		fail("forkexec-pipe", "read '%s'", buf);
	else
		ok("forkexec-pipe");
}

static void orphan(void)
{
	int fds[2], st;
	pid_t mid, got = 0;

	pipe(fds);
	mid = fork();
	if (mid == 0) {
		pid_t me = getpid();

		if (fork() == 0) {
			pid_t p;

			close(fds[0]);
			for (int i = 0; i < 500 && (p = getppid()) == me; i++)
				usleep(10000);
			p = getppid();
			write(fds[1], &p, sizeof(p));
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	waitpid(mid, &st, 0);
	if (read(fds[0], &got, sizeof(got)) != sizeof(got))
		fail("forkexec-orphan", "grandchild did not report");
	else if (got != 1)
		fail("forkexec-orphan", "orphan's getppid() = %d, want 1", got);
	else
		ok("forkexec-orphan");
	close(fds[0]);
}

static void killed(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			sleep(1);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL || WIFEXITED(st))
		fail("forkexec-killed", "status 0x%x", st);
	else
		ok("forkexec-killed");
}

int main(void)
{
	exit_status();
	echild();
	wnohang();
	execs();
	killed();
	orphan();
	return failures != 0;
}
