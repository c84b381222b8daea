/* posix_spawn of /bin/true and of a missing program, + waitpid. */
#include <spawn.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

int main(void)
{
	char *av[] = { "true", NULL };
	pid_t pid;
	int st, r;

	setvbuf(stdout, NULL, _IONBF, 0);
	for (int i = 0; i < 3; i++) {
		r = posix_spawn(&pid, "/bin/true", NULL, NULL, av, environ);
		if (r != 0) {
			printf("posix_spawn: %s\n", strerror(r));
			return 1;
		}
		waitpid(pid, &st, 0);
		printf("spawn %d: exited=%d status=%d\n", i, WIFEXITED(st), WEXITSTATUS(st));
	}
	r = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, av, environ);
	if (r == 0) {
		waitpid(pid, &st, 0);
		printf("missing: exit=%d\n", WEXITSTATUS(st));
	} else
		printf("missing: %s\n", strerror(r));
	r = posix_spawnp(&pid, "true", NULL, NULL, av, environ);
	if (r == 0) {
		waitpid(pid, &st, 0);
		printf("spawnp true: exit=%d\n", WEXITSTATUS(st));
	}
	return 0;
}
