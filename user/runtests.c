/* runtests: run guest tests one after another in this boot.
 *
 *   runtests [-p PREFIX] "PROG [ARGS...]" ...
 *
 * Each argument is one test command (words split at spaces; PROG is looked
 * up in /bin). Its output passes through, with the result lines renamed
 * "ok PREFIX/NAME" and "FAIL PREFIX/NAME: why" when -p is given. A test
 * that exits non-zero or dies without printing a FAIL line gets one:
 * "FAIL PREFIX/PROG: exit status N" (or "killed by signal N"). Ends with
 * "runtests: N passed, N failed" and exits 1 if anything failed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static const char *prefix;
static int passed, failed;

static void result_line(char *line)
{
	int ok = strncmp(line, "ok ", 3) == 0, bad = strncmp(line, "FAIL ", 5) == 0;

	if (ok)
		passed++;
	if (bad)
		failed++;
	if (prefix && (ok || bad))
		printf("%s %s/%s\n", ok ? "ok" : "FAIL", prefix, line + (ok ? 3 : 5));
	else
		printf("%s\n", line);
	fflush(stdout);
}

static int run_one(char *cmd)
{
	char *argv[32], path[128];
	int argc = 0, fds[2], st, fails_before = failed;

	for (char *w = strtok(cmd, " "); w && argc < 31; w = strtok(NULL, " "))
		argv[argc++] = w;
	argv[argc] = NULL;
	if (argc == 0)
		return 0;
	snprintf(path, sizeof(path), argv[0][0] == '/' ? "%s" : "/bin/%s", argv[0]);
	if (pipe(fds) < 0) {
		perror("runtests: pipe");
		return -1;
	}
	pid_t pid = fork();
	if (pid == 0) {
		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		execv(path, argv);
		printf("FAIL %s: exec %s failed\n", argv[0], path);
		_exit(127);
	}
	close(fds[1]);
	/* Lines are reassembled from whatever read returns. */
	char buf[4096], line[1024];
	size_t len = 0;
	ssize_t n;
	/* EOF ends the loop; an error other than a transient one (memory
	 * short while a test exhausts it on purpose) too. */
	while ((n = read(fds[0], buf, sizeof(buf))) > 0 ||
	       (n < 0 && (errno == EINTR || errno == ENOMEM || errno == EAGAIN))) {
		if (n < 0) {
			usleep(10000);
			continue;
		}
		for (ssize_t i = 0; i < n; i++) {
			if (buf[i] == '\n' || len == sizeof(line) - 1) {
				line[len] = 0;
				result_line(line);
				len = 0;
			} else {
				line[len++] = buf[i];
			}
		}
	}
	if (len) {
		line[len] = 0;
		result_line(line);
	}
	close(fds[0]);
	if (waitpid(pid, &st, 0) != pid)
		st = -1;
	if ((!WIFEXITED(st) || WEXITSTATUS(st) != 0) && failed == fails_before) {
		failed++;
		if (WIFSIGNALED(st))
			printf("FAIL %s%s%s: killed by signal %d\n", prefix ? prefix : "",
			       prefix ? "/" : "", argv[0], WTERMSIG(st));
		else
			printf("FAIL %s%s%s: exit status %d\n", prefix ? prefix : "",
			       prefix ? "/" : "", argv[0], WIFEXITED(st) ? WEXITSTATUS(st) : -1);
	}
	fflush(stdout);
	return 0;
}

int main(int argc, char **argv)
{
	int i = 1;

	if (argc > 2 && strcmp(argv[1], "-p") == 0) {
		prefix = argv[2];
		i = 3;
	}
	for (; i < argc; i++)
		run_one(argv[i]);
	printf("runtests: %d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
