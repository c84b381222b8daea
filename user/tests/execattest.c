/* execveat (281): AT_EMPTY_PATH (run an open file), a directory fd with a
 * relative path, AT_SYMLINK_NOFOLLOW, errors as Linux. Portable: also
 * runs on the host's Linux (tests/difftest), where /bin/true is the
 * host's. */
#include <sys/stat.h>
#include "clonetest.h"

#ifndef SYS_execveat
#define SYS_execveat 281
#endif
#ifndef AT_EMPTY_PATH
#define AT_EMPTY_PATH 0x1000
#endif
#ifndef AT_SYMLINK_NOFOLLOW
#define AT_SYMLINK_NOFOLLOW 0x100
#endif


extern char **environ;

/* Run execveat in a child: its exit status, or 1000 + errno if the call
 * failed. */
static int try_exec(int dfd, const char *path, int flags)
{
	char *argv[] = { "true", NULL };
	int p[2], st = 0, e = 0;

	if (pipe(p))
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(p[0]);
		fcntl(p[1], F_SETFD, FD_CLOEXEC);
		syscall(SYS_execveat, dfd, path, argv, environ, flags);
		e = errno;
		write(p[1], &e, sizeof(e));
		_exit(99);
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) != sizeof(e))
		e = 0;
	close(p[0]);
	raw_wait4(pid, &st, 0);
	return e ? 1000 + e : (WIFEXITED(st) ? WEXITSTATUS(st) : 500);
}

static void exat_empty_path(const char *name)
{
	int fd = open("/bin/true", O_RDONLY), r;

	CHECK(name, fd >= 0, "open /bin/true: %s", strerror(errno));
	CHECK(name, (r = try_exec(fd, "", AT_EMPTY_PATH)) == 0, "exec of an fd: %d", r);
	CHECK(name, (r = try_exec(fd, "", 0)) == 1000 + ENOENT, "empty path without the flag: %d", r);
	int op = open("/bin/true", O_PATH);
	CHECK(name, op >= 0, "O_PATH open: %s", strerror(errno));
	CHECK(name, (r = try_exec(op, "", AT_EMPTY_PATH)) == 0, "exec of an O_PATH fd: %d", r);
	int dir = open("/", O_RDONLY | O_DIRECTORY);
	CHECK(name, (r = try_exec(dir, "", AT_EMPTY_PATH)) == 1000 + EACCES, "a directory: %d", r);
	ok(name);
}

static void exat_dirfd(const char *name)
{
	int dir = open("/bin", O_RDONLY | O_DIRECTORY), f = open("/bin/true", O_RDONLY), r;

	CHECK(name, dir >= 0 && f >= 0, "open: %s", strerror(errno));
	CHECK(name, (r = try_exec(dir, "true", 0)) == 0, "dirfd + name: %d", r);
	CHECK(name, (r = try_exec(AT_FDCWD, "/bin/true", 0)) == 0, "AT_FDCWD + absolute: %d", r);
	CHECK(name, (r = try_exec(99, "true", 0)) == 1000 + EBADF, "bad dirfd: %d", r);
	CHECK(name, (r = try_exec(f, "true", 0)) == 1000 + ENOTDIR, "file as dirfd: %d", r);
	CHECK(name, (r = try_exec(dir, "no-such-program", 0)) == 1000 + ENOENT, "missing: %d", r);
	CHECK(name, (r = try_exec(dir, "true", 0x4)) == 1000 + EINVAL, "bad flags: %d", r);
	ok(name);
}

static void exat_nofollow(const char *name)
{
	const char *link = "/tmp/execat-link";
	int r;

	unlink(link);
	CHECK(name, symlink("/bin/true", link) == 0, "symlink: %s", strerror(errno));
	CHECK(name, (r = try_exec(AT_FDCWD, link, 0)) == 0, "through the link: %d", r);
	CHECK(name, (r = try_exec(AT_FDCWD, link, AT_SYMLINK_NOFOLLOW)) == 1000 + ELOOP,
	      "AT_SYMLINK_NOFOLLOW: %d", r);
	unlink(link);
	ok(name);
}

static const struct tcase cases[] = {
	{ "execveat-empty-path", exat_empty_path, 0 },
	{ "execveat-dirfd", exat_dirfd, 0 },
	{ "execveat-nofollow", exat_nofollow, 0 },
};

int main(void)
{
	return RUN(cases);
}
