/* fork + wait: exit statuses, signals, pipes. Deterministic output. */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include <errno.h>

int main(void)
{
	int st, fds[2];
	char buf[64];
	ssize_t n;
	pid_t pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int code = 0; code < 256; code += 85) {
		pid = fork();
		if (pid == 0)
			_exit(code);
		waitpid(pid, &st, 0);
		printf("exit %d -> exited=%d status=%d\n", code, WIFEXITED(st), WEXITSTATUS(st));
	}
	pid = fork();
	if (pid == 0) {
		pause();
		_exit(0);
	}
	kill(pid, SIGTERM);
	waitpid(pid, &st, 0);
	printf("killed: signaled=%d sig=%d\n", WIFSIGNALED(st), WTERMSIG(st));
	pipe(fds);
	pid = fork();
	if (pid == 0) {
		close(fds[0]);
		for (int i = 0; i < 3; i++)
			dprintf(fds[1], "line %d from child\n", i);
		_exit(3);
	}
	close(fds[1]);
	n = 0;
	for (ssize_t r; (r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0;)
		n += r;
	buf[n] = 0;
	waitpid(pid, &st, 0);
	printf("pipe got %zd bytes:\n%s", n, buf);
	printf("child exit %d\n", WEXITSTATUS(st));
	n = wait(NULL);
	printf("wait with no children: %d %s\n", (int)n, strerror(errno));
	return 0;
}
