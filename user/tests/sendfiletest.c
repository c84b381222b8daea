/* sendfile and copy_file_range: positions, offset pointers, errors as
 * Linux. Portable: also runs on the host's Linux (tests/difftest). */
#include <sys/stat.h>
#include "clonetest.h"


#define SF(o, i, off, n) syscall(SYS_sendfile, (o), (i), (off), (size_t)(n))
#define CFR(i, oi, o, oo, n, fl) syscall(SYS_copy_file_range, (i), (oi), (o), (oo), (size_t)(n), (fl))

/* A fresh file holding text, opened with flags (after creation). */
static int file_with(const char *path, const char *text, int flags)
{
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0600);
	if (fd < 0 || write(fd, text, strlen(text)) != (ssize_t)strlen(text))
		return -1;
	close(fd);
	return open(path, flags);
}

static void sf_pipe(const char *name)
{
	int in = file_with("/tmp/sf-in", "0123456789", O_RDONLY), p[2];
	char buf[32] = "";
	off_t off;

	CHECK(name, in >= 0 && pipe(p) == 0, "set-up: %s", strerror(errno));
	CHECK(name, SF(p[1], in, NULL, 4) == 4, "sendfile 4: %s", strerror(errno));
	CHECK(name, lseek(in, 0, SEEK_CUR) == 4, "f_pos %ld, want 4", (long)lseek(in, 0, SEEK_CUR));
	CHECK(name, read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "0123", 4) == 0, "pipe got '%s'",
	      buf);
	off = 6;
	CHECK(name, SF(p[1], in, &off, 100) == 4, "sendfile at 6");
	CHECK(name, off == 10, "offset %ld, want 10", (long)off);
	CHECK(name, lseek(in, 0, SEEK_CUR) == 4, "f_pos moved with an offset pointer");
	memset(buf, 0, sizeof(buf));
	CHECK(name, read(p[0], buf, sizeof(buf)) == 4 && memcmp(buf, "6789", 4) == 0, "pipe got '%s'",
	      buf);
	CHECK(name, SF(p[1], in, &off, 5) == 0 && off == 10, "at EOF");
	off = 1000;
	CHECK(name, SF(p[1], in, &off, 5) == 0 && off == 1000, "past EOF");
	CHECK(name, SF(p[1], in, NULL, 0) == 0, "count 0");
	unlink("/tmp/sf-in");
	ok(name);
}

static void sf_file(const char *name)
{
	int in = file_with("/tmp/sf-in2", "hello, sendfile", O_RDONLY);
	int out = open("/tmp/sf-out2", O_RDWR | O_CREAT | O_TRUNC, 0600);
	char buf[32] = "";

	CHECK(name, in >= 0 && out >= 0, "set-up: %s", strerror(errno));
	write(out, "XX", 2);
	CHECK(name, SF(out, in, NULL, 100) == 15, "sendfile file to file: %s", strerror(errno));
	CHECK(name, lseek(out, 0, SEEK_CUR) == 17, "out f_pos %ld", (long)lseek(out, 0, SEEK_CUR));
	CHECK(name, pread(out, buf, sizeof(buf), 0) == 17 && strcmp(buf, "XXhello, sendfile") == 0,
	      "out holds '%s'", buf);
	unlink("/tmp/sf-in2");
	unlink("/tmp/sf-out2");
	ok(name);
}

static void sf_errors(const char *name)
{
	int in = file_with("/tmp/sf-in3", "abc", O_RDONLY), p[2];
	int wo = open("/tmp/sf-in3", O_WRONLY), app = open("/tmp/sf-in3", O_WRONLY | O_APPEND);
	off_t off = -1;

	CHECK(name, in >= 0 && wo >= 0 && app >= 0 && pipe(p) == 0, "set-up");
	CHECK_ERR(name, SF(p[1], 99, NULL, 1), EBADF);
	CHECK_ERR(name, SF(99, in, NULL, 1), EBADF);
	CHECK_ERR(name, SF(p[1], wo, NULL, 1), EBADF);
	CHECK_ERR(name, SF(p[0], in, NULL, 1), EBADF);
	CHECK_ERR(name, SF(p[1], in, (void *)8, 1), EFAULT);
	CHECK_ERR(name, SF(p[1], in, &off, 1), EINVAL);
	off = 0;
	CHECK_ERR(name, SF(p[1], p[0], &off, 1), ESPIPE);
	CHECK_ERR(name, SF(app, in, NULL, 1), EINVAL);
	write(p[1], "x", 1);
	CHECK_ERR(name, SF(wo, p[0], NULL, 1), EINVAL);
	unlink("/tmp/sf-in3");
	ok(name);
}

static void cfr_basic(const char *name)
{
	int in = file_with("/tmp/cfr-in", "abcdefghij", O_RDONLY);
	int out = file_with("/tmp/cfr-out", "", O_RDWR);
	off_t oi = 2, oo = 0;
	char buf[32] = "";

	CHECK(name, in >= 0 && out >= 0, "set-up: %s", strerror(errno));
	CHECK(name, CFR(in, &oi, out, NULL, 5, 0) == 5, "copy 5: %s", strerror(errno));
	CHECK(name, oi == 7 && lseek(in, 0, SEEK_CUR) == 0, "in offset %ld", (long)oi);
	CHECK(name, lseek(out, 0, SEEK_CUR) == 5, "out f_pos %ld", (long)lseek(out, 0, SEEK_CUR));
	CHECK(name, pread(out, buf, sizeof(buf), 0) == 5 && strcmp(buf, "cdefg") == 0, "out '%s'", buf);
	oo = 20;
	CHECK(name, CFR(in, NULL, out, &oo, 100, 0) == 10 && oo == 30, "copy from f_pos");
	CHECK(name, lseek(in, 0, SEEK_CUR) == 10, "in f_pos %ld", (long)lseek(in, 0, SEEK_CUR));
	CHECK(name, CFR(in, NULL, out, NULL, 100, 0) == 0, "at EOF");
	CHECK(name, CFR(in, &oi, out, NULL, 0, 0) == 0, "len 0");
	unlink("/tmp/cfr-in");
	unlink("/tmp/cfr-out");
	ok(name);
}

static void cfr_errors(const char *name)
{
	int f = file_with("/tmp/cfr-e", "abcdefghij", O_RDWR), p[2], dir = open("/", O_RDONLY);
	int ro = open("/tmp/cfr-e", O_RDONLY), app = open("/tmp/cfr-e", O_WRONLY | O_APPEND);
	off_t a = 0, b = 3;

	CHECK(name, f >= 0 && ro >= 0 && app >= 0 && dir >= 0 && pipe(p) == 0, "set-up");
	CHECK_ERR(name, CFR(f, &a, f, &b, 1, 1), EINVAL);
	CHECK_ERR(name, CFR(99, &a, f, &b, 1, 0), EBADF);
	CHECK_ERR(name, CFR(f, &a, 99, &b, 1, 0), EBADF);
	CHECK_ERR(name, CFR(f, (void *)8, f, &b, 1, 0), EFAULT);
	CHECK_ERR(name, CFR(dir, NULL, f, &b, 1, 0), EISDIR);
	CHECK_ERR(name, CFR(p[0], NULL, f, &b, 1, 0), EINVAL);
	CHECK_ERR(name, CFR(f, &a, p[1], NULL, 1, 0), EINVAL);
	CHECK_ERR(name, CFR(f, &a, ro, &b, 1, 0), EBADF);
	CHECK_ERR(name, CFR(f, &a, app, &b, 1, 0), EBADF);
	CHECK_ERR(name, CFR(f, &a, f, &b, 5, 0), EINVAL);	/* overlapping */
	a = 0, b = 5;
	CHECK(name, CFR(f, &a, f, &b, 5, 0) == 5, "same file, apart: %s", strerror(errno));
	unlink("/tmp/cfr-e");
	ok(name);
}

static const struct tcase cases[] = {
	{ "sendfile-pipe", sf_pipe, 0 },
	{ "sendfile-file", sf_file, 0 },
	{ "sendfile-errors", sf_errors, 0 },
	{ "cfr-basic", cfr_basic, 0 },
	{ "cfr-errors", cfr_errors, 0 },
};

int main(void)
{
	return RUN(cases);
}
