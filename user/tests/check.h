/* Shared by the guest tests: "ok NAME" / "FAIL NAME: why" lines. */
#ifndef CHECK_H
#define CHECK_H
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdlib.h>
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

/* In a case function whose name is in `name`: report a failure and end
 * the case (CHECK), or expect -1/errno e from call (CHECK_ERR). */
#define CHECK(name, cond, ...)                     \
	do {                                       \
		if (!(cond)) {                     \
			fail(name, __VA_ARGS__);   \
			return;                    \
		}                                  \
	} while (0)
#define CHECK_ERR(name, call, e)                   \
	do {                                       \
		if (!expect_err(name, (long)(call), (e))) \
			return;                    \
	} while (0)

/* Reads "Key: N" from /proc/meminfo (cleave's PagesFree, SlabObjects,
 * ...); -1 if the file or the key is missing. */
__attribute__((unused)) static long meminfo(const char *key)
{
	char buf[4096], *p;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = 0, r;
	size_t klen = strlen(key);

	if (fd < 0)
		return -1;
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return strtol(p + klen + 1, NULL, 10);
	return -1;
}

#endif
