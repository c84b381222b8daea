/* File-system checks; runs in a fresh directory under the current one. */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include "check.h"

#define NFILES 200
#define BIGSIZE (32L << 20)
#define CHUNK (64 << 10)

static char dir[64];

static int writefile(const char *path, const char *data, int flags)
{
	int fd = open(path, O_WRONLY | O_CREAT | flags, 0644);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = write(fd, data, strlen(data));
	close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -1;
}

/* Reads the whole (small) file into buf; returns length or -1. */
static ssize_t readfile(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	if (fd < 0)
		return -1;
	while (n < (ssize_t)cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

static void manyfiles(void)
{
	const char *T = "fs-manyfiles";
	char path[64], want[64], got[64];
	static char seen[NFILES];
	struct dirent *e;
	int count = 0;
	DIR *d;

	if (mkdir("many", 0755) < 0) {
		fail(T, "mkdir many: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		snprintf(want, sizeof(want), "contents of file %d\n", i * 7919);
		if (writefile(path, want, O_EXCL) < 0) {
			fail(T, "create %s: %s", path, strerror(errno));
			return;
		}
	}
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		snprintf(want, sizeof(want), "contents of file %d\n", i * 7919);
		if (readfile(path, got, sizeof(got)) < 0 || strcmp(got, want) != 0) {
			fail(T, "%s reads back '%s'", path, got);
			return;
		}
	}
	d = opendir("many");
	if (!d) {
		fail(T, "opendir: %s", strerror(errno));
		return;
	}
	while ((e = readdir(d))) {
		int i;

		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		if (strncmp(e->d_name, "file", 4) != 0) {
			fail(T, "unexpected entry '%s'", e->d_name);
			closedir(d);
			return;
		}
		i = atoi(e->d_name + 4);
		if (i < 0 || i >= NFILES || seen[i]++) {
			fail(T, "bad or duplicate entry '%s'", e->d_name);
			closedir(d);
			return;
		}
		count++;
	}
	closedir(d);
	if (count != NFILES) {
		fail(T, "getdents saw %d files, want %d", count, NFILES);
		return;
	}
	if (!expect_err("fs-enotempty", rmdir("many"), ENOTEMPTY))
		return;
	ok("fs-enotempty");
	for (int i = 0; i < NFILES; i++) {
		snprintf(path, sizeof(path), "many/file%03d", i);
		if (unlink(path) < 0) {
			fail(T, "unlink %s: %s", path, strerror(errno));
			return;
		}
	}
	if (rmdir("many") < 0) {
		fail(T, "rmdir many: %s", strerror(errno));
		return;
	}
	ok(T);
}

static uint32_t pattern(long off)
{
	uint32_t x = (uint32_t)(off / 4) * 2654435761u;

	return x ^ (x >> 13) ^ 0x5bd1e995u;
}

static void fillchunk(uint32_t *buf, long off)
{
	for (int i = 0; i < CHUNK / 4; i++)
		buf[i] = pattern(off + 4L * i);
}

static void bigfile(void)
{
	const char *T = "fs-bigfile";
	uint32_t *buf = malloc(CHUNK), *want = malloc(CHUNK);
	struct stat st;
	int fd;

	if (!buf || !want) {
		fail(T, "malloc failed");
		return;
	}
	fd = open("big", O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		fail(T, "open: %s", strerror(errno));
		goto out;
	}
	for (long off = 0; off < BIGSIZE; off += CHUNK) {
		fillchunk(buf, off);
		if (write(fd, buf, CHUNK) != CHUNK) {
			fail(T, "write at %ld: %s", off, strerror(errno));
			goto out_close;
		}
	}
	if (fstat(fd, &st) < 0 || st.st_size != BIGSIZE) {
		fail(T, "size %ld, want %ld", st.st_size, BIGSIZE);
		goto out_close;
	}
	lseek(fd, 0, SEEK_SET);
	for (long off = 0; off < BIGSIZE; off += CHUNK) {
		ssize_t n = 0, r;

		while (n < CHUNK && (r = read(fd, (char *)buf + n, CHUNK - n)) > 0)
			n += r;
		fillchunk(want, off);
		if (n != CHUNK || memcmp(buf, want, CHUNK) != 0) {
			fail(T, "data mismatch in chunk at %ld (read %ld)", off, (long)n);
			goto out_close;
		}
	}
	ok(T);
	srand(12345);
	for (int i = 0; i < 200; i++) {
		long off = ((long)rand() % (BIGSIZE / 4 - 64)) * 4;
		uint32_t got[16];

		if (lseek(fd, off, SEEK_SET) != off || read(fd, got, sizeof(got)) != sizeof(got)) {
			fail("fs-lseek", "lseek/read at %ld: %s", off, strerror(errno));
			goto out_close;
		}
		for (int k = 0; k < 16; k++) {
			if (got[k] != pattern(off + 4 * k)) {
				fail("fs-lseek", "mismatch at %ld", off + 4 * k);
				goto out_close;
			}
		}
	}
	if (lseek(fd, 0, SEEK_END) != BIGSIZE || read(fd, buf, 16) != 0)
		fail("fs-lseek", "SEEK_END/read at EOF");
	else
		ok("fs-lseek");
out_close:
	close(fd);
	if (unlink("big") < 0)
		fail(T, "unlink big: %s", strerror(errno));
out:
	free(buf);
	free(want);
}

static void openunlink(void)
{
	const char *T = "fs-unlink-open";
	char buf[32] = { 0 };
	struct stat st;
	int fd;

	writefile("tmp", "still here", O_TRUNC);
	fd = open("tmp", O_RDONLY);
	if (fd < 0 || unlink("tmp") < 0) {
		fail(T, "open/unlink: %s", strerror(errno));
		return;
	}
	if (open("tmp", O_RDONLY) != -1 || errno != ENOENT)
		fail(T, "unlinked name still opens");
	else if (read(fd, buf, sizeof(buf)) != 10 || strcmp(buf, "still here") != 0)
		fail(T, "read after unlink gave '%s'", buf);
	else if (fstat(fd, &st) < 0 || st.st_nlink != 0)
		fail(T, "nlink after unlink = %u", st.st_nlink);
	else
		ok(T);
	close(fd);
}

static void links(void)
{
	const char *T = "fs-link";
	struct stat st;
	char buf[32];
	int fd;

	writefile("a", "AAA", O_TRUNC);
	if (link("a", "b") < 0) {
		fail(T, "link: %s", strerror(errno));
		return;
	}
	fd = open("a", O_RDONLY);
	if (fstat(fd, &st) < 0 || st.st_nlink != 2) {
		fail(T, "nlink = %u, want 2", st.st_nlink);
	} else {
		unlink("b");
		if (fstat(fd, &st) < 0 || st.st_nlink != 1)
			fail(T, "nlink after unlink = %u, want 1", st.st_nlink);
		else if (readfile("a", buf, sizeof(buf)) != 3)
			fail(T, "a lost its data");
		else
			ok(T);
	}
	close(fd);
	if (expect_err("fs-eexist", link("a", "a"), EEXIST) &&
	    expect_err("fs-eexist", open("a", O_CREAT | O_EXCL | O_WRONLY, 0644), EEXIST) &&
	    expect_err("fs-eexist", mkdir("a", 0755), EEXIST))
		ok("fs-eexist");

	writefile("r1", "renamed", O_TRUNC);
	if (rename("r1", "r2") < 0)
		fail("fs-rename", "rename: %s", strerror(errno));
	else if (readfile("r2", buf, sizeof(buf)) != 7 || open("r1", O_RDONLY) != -1)
		fail("fs-rename", "contents or old name wrong");
	else if (rename("r2", "a") < 0 || readfile("a", buf, sizeof(buf)) != 7 || strcmp(buf, "renamed"))
		fail("fs-rename", "rename over existing file");
	else
		ok("fs-rename");
	unlink("a");
	unlink("r2");
}

static void appendtrunc(void)
{
	char buf[64];
	int fd;

	writefile("ap", "one ", O_TRUNC);
	fd = open("ap", O_WRONLY | O_APPEND);
	lseek(fd, 0, SEEK_SET);
	write(fd, "two", 3);
	close(fd);
	if (readfile("ap", buf, sizeof(buf)) < 0 || strcmp(buf, "one two") != 0)
		fail("fs-append", "got '%s'", buf);
	else
		ok("fs-append");
	writefile("ap", "x", O_TRUNC);
	if (readfile("ap", buf, sizeof(buf)) != 1 || strcmp(buf, "x") != 0)
		fail("fs-trunc", "got '%s'", buf);
	else
		ok("fs-trunc");
	unlink("ap");
}

static void dirs(void)
{
	const char *T = "fs-chdir";
	char cwd[256], cwd2[256];

	if (!getcwd(cwd, sizeof(cwd))) {
		fail(T, "getcwd: %s", strerror(errno));
		return;
	}
	if (mkdir("d1", 0755) < 0 || chdir("d1") < 0) {
		fail(T, "mkdir/chdir: %s", strerror(errno));
		return;
	}
	writefile("inner", "x", O_TRUNC);
	if (!getcwd(cwd2, sizeof(cwd2)) || strlen(cwd2) != strlen(cwd) + 3 ||
	    strncmp(cwd2, cwd, strlen(cwd)) != 0 || strcmp(cwd2 + strlen(cwd), "/d1") != 0)
		fail(T, "getcwd in d1 = '%s' (was '%s')", cwd2, cwd);
	else if (chdir("..") < 0 || !getcwd(cwd2, sizeof(cwd2)) || strcmp(cwd, cwd2) != 0)
		fail(T, "chdir .. gave '%s'", cwd2);
	else
		ok(T);
	chdir(cwd);

	int good = expect_err("fs-enoent", open("nonexistent", O_RDONLY), ENOENT) &&
		   expect_err("fs-enoent", open("nodir/x", O_RDONLY), ENOENT) &&
		   expect_err("fs-enoent", unlink("nonexistent"), ENOENT) &&
		   expect_err("fs-enoent", chdir("nonexistent"), ENOENT);
	if (good)
		ok("fs-enoent");
	good = expect_err("fs-enotdir", open("d1/inner/x", O_RDONLY), ENOTDIR) &&
	       expect_err("fs-enotdir", open("d1/inner", O_RDONLY | O_DIRECTORY), ENOTDIR) &&
	       expect_err("fs-enotdir", chdir("d1/inner"), ENOTDIR) &&
	       expect_err("fs-enotdir", rmdir("d1/inner"), ENOTDIR);
	if (good)
		ok("fs-enotdir");
	good = expect_err("fs-eisdir", open("d1", O_WRONLY), EISDIR) &&
	       expect_err("fs-eisdir", unlink("d1"), EISDIR);
	if (good)
		ok("fs-eisdir");
	if (expect_err("fs-enotempty", rmdir("d1"), ENOTEMPTY))
		ok("fs-enotempty-2");
	unlink("d1/inner");
	if (rmdir("d1") < 0)
		fail("fs-rmdir", "rmdir: %s", strerror(errno));
	else
		ok("fs-rmdir");
}

int main(void)
{
	snprintf(dir, sizeof(dir), "fstest.%d", getpid());
	if (mkdir(dir, 0755) < 0 || chdir(dir) < 0) {
		fail("fstest", "cannot make work dir %s: %s", dir, strerror(errno));
		return 1;
	}
	manyfiles();
	openunlink();
	links();
	appendtrunc();
	dirs();
	bigfile();
	chdir("..");
	if (rmdir(dir) < 0)
		fail("fstest", "rmdir %s: %s", dir, strerror(errno));
	return failures != 0;
}
