#include <ctype.h>
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const struct { const char *name; int sig; } names[] = {
	{ "HUP", SIGHUP }, { "INT", SIGINT }, { "QUIT", SIGQUIT }, { "ILL", SIGILL },
	{ "ABRT", SIGABRT }, { "KILL", SIGKILL }, { "USR1", SIGUSR1 }, { "SEGV", SIGSEGV },
	{ "USR2", SIGUSR2 }, { "PIPE", SIGPIPE }, { "ALRM", SIGALRM }, { "TERM", SIGTERM },
	{ "CHLD", SIGCHLD }, { "CONT", SIGCONT }, { "STOP", SIGSTOP }, { "TSTP", SIGTSTP },
};

static int parsesig(const char *s)
{
	if (isdigit((unsigned char)*s))
		return atoi(s);
	if (strncmp(s, "SIG", 3) == 0)
		s += 3;
	for (unsigned i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strcmp(s, names[i].name) == 0)
			return names[i].sig;
	return -1;
}

int main(int argc, char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argc > 1 && argv[1][0] == '-') {
		sig = parsesig(argv[1] + 1);
		if (sig < 0) {
			fprintf(stderr, "kill: bad signal %s\n", argv[1] + 1);
			return 1;
		}
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: kill [-SIG] pid...\n");
		return 1;
	}
	for (; i < argc; i++) {
		if (kill(atoi(argv[i]), sig) < 0) {
			fprintf(stderr, "kill: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
