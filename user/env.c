/* env [-i] [-u NAME]... [NAME=VALUE]... [CMD [ARG]...]: run CMD with
 * the environment changed, or print the environment. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern char **environ;

int main(int argc, char **argv)
{
	static char *empty[] = { NULL };
	int i = 1;

	for (; i < argc && argv[i][0] == '-'; i++) {
		if (strcmp(argv[i], "-i") == 0 || strcmp(argv[i], "-") == 0) {
			environ = empty;
		} else if (strcmp(argv[i], "-u") == 0 && i + 1 < argc) {
			unsetenv(argv[++i]);
		} else {
			fprintf(stderr, "usage: env [-i] [-u NAME] [NAME=VALUE]... [CMD [ARG]...]\n");
			return 125;
		}
	}
	for (; i < argc && strchr(argv[i], '='); i++) {
		char *eq = strchr(argv[i], '=');

		*eq = 0;
		setenv(argv[i], eq + 1, 1);
		*eq = '=';
	}
	if (i == argc) {
		for (char **e = environ; *e; e++)
			puts(*e);
		return 0;
	}
	execvp(argv[i], argv + i);
	fprintf(stderr, "env: %s: %s\n", argv[i], strerror(errno));
	return errno == ENOENT ? 127 : 126;
}
