/* vfork + _exit, vfork + execve of a tiny program. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

static volatile int shared;

int main(int argc, char **argv)
{
	int st;
	pid_t pid;

	if (argc > 1 && strcmp(argv[1], "child") == 0) {
		printf("exec'd child says hi\n");
		return 9;
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	shared = 1;
	pid = vfork();
	if (pid == 0) {
		shared = 2;
		_exit(4);
	}
	waitpid(pid, &st, 0);
	printf("vfork+_exit: shared=%d exit=%d\n", shared, WEXITSTATUS(st));
	pid = vfork();
	if (pid == 0) {
		char *av[] = { argv[0], "child", NULL };

		execv("/proc/self/exe", av);
		execv(argv[0], av);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("vfork+exec self: exit=%d\n", WEXITSTATUS(st));
	pid = vfork();
	if (pid == 0) {
		char *av[] = { "true", NULL };

		execv("/bin/true", av);
		_exit(127);
	}
	waitpid(pid, &st, 0);
	printf("vfork+exec /bin/true: exit=%d\n", WEXITSTATUS(st));
	pid = vfork();
	if (pid == 0) {
		char *av[] = { "x", NULL };

		execv("/nonexistent/x", av);
		_exit(errno == ENOENT ? 42 : 43);
	}
	waitpid(pid, &st, 0);
	printf("vfork+exec missing: exit=%d\n", WEXITSTATUS(st));
	return 0;
}
