/* Shared by the guest tests: "ok NAME" / "FAIL NAME: why" lines. */
#ifndef CHECK_H
#define CHECK_H
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static int failures __attribute__((unused));

__attribute__((format(printf, 2, 3), unused)) static void fail(const char *name, const char *fmt, ...)
{
	va_list ap;

	printf("FAIL %s: ", name);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
	failures++;
}

__attribute__((unused)) static void ok(const char *name)
{
	printf("ok %s\n", name);
	fflush(stdout);
}

/* Expects r == -1 with errno == err. */
__attribute__((unused)) static int expect_err(const char *name, long r, int err)
{
	if (r != -1 || errno != err) {
		fail(name, "got %ld errno %d (%s), want -1 errno %d (%s)", r, errno, strerror(errno),
		     err, strerror(err));
		return 0;
	}
	return 1;
}

#endif
