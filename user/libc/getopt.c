#include <stdio.h>
#include <string.h>
#include <unistd.h>

char *optarg;
int optind = 1, opterr = 1, optopt;
static int nextchar; /* position inside argv[optind] */

int getopt(int argc, char *const argv[], const char *opts)
{
	const char *arg, *spec;
	int c;

	if (optind >= argc || !argv[optind])
		return -1;
	arg = argv[optind];
	if (nextchar == 0) {
		if (arg[0] != '-' || arg[1] == 0)
			return -1;
		if (strcmp(arg, "--") == 0) {
			optind++;
			return -1;
		}
		nextchar = 1;
	}
	c = arg[nextchar++];
	spec = c == ':' ? NULL : strchr(opts, c);
	if (arg[nextchar] == 0) {
		optind++;
		nextchar = 0;
	}
	if (!spec) {
		optopt = c;
		if (opterr && opts[0] != ':')
			fprintf(stderr, "%s: invalid option -- '%c'\n", argv[0], c);
		return '?';
	}
	if (spec[1] == ':') {
		if (nextchar) {
			optarg = (char *)arg + nextchar;
			optind++;
			nextchar = 0;
		} else if (optind < argc) {
			optarg = argv[optind++];
		} else {
			optopt = c;
			if (opts[0] == ':')
				return ':';
			if (opterr)
				fprintf(stderr, "%s: option requires an argument -- '%c'\n", argv[0], c);
			return '?';
		}
	}
	return c;
}
