/* date [-u] [-d @SECONDS] [+FORMAT]: the time (UTC: cleave has no time
 * zones), by default as "Sat Dec  6 09:41:00 UTC 2025". */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

int main(int argc, char **argv)
{
	const char *fmt = "%a %b %e %H:%M:%S %Z %Y";
	time_t t = time(NULL);
	struct tm tm;
	char out[512];

	for (int i = 1; i < argc; i++) {
		if (argv[i][0] == '+') {
			fmt = argv[i] + 1;
		} else if (strcmp(argv[i], "-u") == 0) {
			continue;
		} else if (strcmp(argv[i], "-d") == 0 && i + 1 < argc && argv[i + 1][0] == '@') {
			t = atol(argv[++i] + 1);
		} else {
			fprintf(stderr, "usage: date [-u] [-d @SECONDS] [+FORMAT]\n");
			return 1;
		}
	}
	gmtime_r(&t, &tm);
	if (strftime(out, sizeof(out), fmt, &tm) == 0 && *fmt) {
		fprintf(stderr, "date: format too long\n");
		return 1;
	}
	puts(out);
	return 0;
}
