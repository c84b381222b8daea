/* kill [-SIG | -s SIG] PID...   send a signal (default TERM)
 * kill -l [STATUS]              signal names (of an exit status > 128) */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int list(const char *arg)
{
	if (arg) {
		int n = atoi(arg);
		const char *name = sigabbrev_np(n > 128 ? n - 128 : n);

		if (!name) {
			fprintf(stderr, "kill: %s: unknown signal\n", arg);
			return 1;
		}
		printf("%s\n", name);
		return 0;
	}
	for (int sig = 1; sig < 32; sig++)
		printf("%s%c", sigabbrev_np(sig), sig < 31 ? ' ' : '\n');
	return 0;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argc > 1 && strcmp(argv[1], "-l") == 0)
		return list(argv[2]);
	if (argc > 2 && strcmp(argv[1], "-s") == 0) {
		sig = sig_number(argv[2]);
		i = 3;
	} else if (argc > 1 && argv[1][0] == '-' && argv[1][1]) {
		sig = strcmp(argv[1], "--") == 0 ? SIGTERM : sig_number(argv[1] + 1);
		i = 2;
	}
	if (sig < 0) {
		fprintf(stderr, "kill: bad signal %s\n", argv[i - 1]);
		return 1;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: kill [-SIG] pid... | kill -l [status]\n");
		return 1;
	}
	for (; i < argc; i++) {
		char *end;
		long pid = strtol(argv[i], &end, 10);

		if (*end || end == argv[i]) {
			fprintf(stderr, "kill: %s: not a pid\n", argv[i]);
			rc = 1;
		} else if (kill(pid, sig) < 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
