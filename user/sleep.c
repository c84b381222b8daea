#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <time.h>

/* Accepts "N" or "N.FRACTION" seconds. */
int main(int argc, char **argv)
{
	struct timespec ts = { 0, 0 };
	const char *p;
	long scale = 100000000;

	if (argc != 2) {
		fprintf(stderr, "usage: sleep seconds\n");
		return 1;
	}
	for (p = argv[1]; isdigit((unsigned char)*p); p++)
		ts.tv_sec = ts.tv_sec * 10 + (*p - '0');
	if (*p == '.')
		for (p++; isdigit((unsigned char)*p); p++, scale /= 10)
			ts.tv_nsec += (*p - '0') * scale;
	if (*p || p == argv[1]) {
		fprintf(stderr, "sleep: bad interval %s\n", argv[1]);
		return 1;
	}
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	return 0;
}
