/* CLONE_FILES: the fd table is shared (close/open/FD_CLOEXEC in the child
 * seen by the parent) or copied (the parent's table is untouched). */
#include "clonetest.h"

struct fdarg {
	int fd;		/* in: fd to close / change; out: fd opened */
};

static int child_close(void *arg)
{
	return close(((struct fdarg *)arg)->fd) == 0 ? 0 : 1;
}

static int child_open(void *arg)
{
	int fd = open("/", O_RDONLY);

	((struct fdarg *)arg)->fd = fd;
	return fd >= 0 ? fd : 255;
}

static int child_cloexec(void *arg)
{
	return fcntl(((struct fdarg *)arg)->fd, F_SETFD, FD_CLOEXEC) == 0 ? 0 : 1;
}

/* clone fn on a new stack with flags | SIGCHLD; returns the exit code or -1 */
static int run(const char *name, int (*fn)(void *), int flags, void *arg)
{
	int st;
	long pid = clone(fn, new_stack(STACK_SIZE), flags | SIGCHLD, arg);

	if (pid < 0) {
		fail(name, "clone(0x%x): %s", flags, strerror(errno));
		return -1;
	}
	if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st)) {
		fail(name, "waitpid: status 0x%x %s", st, strerror(errno));
		return -1;
	}
	return WEXITSTATUS(st);
}

static void shared_close(const char *name)
{
	int p[2];
	struct fdarg a;

	pipe(p);
	a.fd = p[0];
	if (run(name, child_close, CLONE_FILES, &a) != 0)
		return;
	errno = 0;
	if (expect_err(name, fcntl(p[0], F_GETFD), EBADF))
		ok(name);
}

static void copied_close(const char *name)
{
	int p[2];
	struct fdarg a;

	pipe(p);
	a.fd = p[0];
	if (run(name, child_close, 0, &a) != 0)
		return;
	if (fcntl(p[0], F_GETFD) != 0)
		fail(name, "parent lost its fd after the child (no CLONE_FILES) closed it: %s",
		     strerror(errno));
	else
		ok(name);
}

static void shared_open(const char *name)
{
	struct fdarg a = { -1 };
	int fd = run(name, child_open, CLONE_FILES, &a);

	if (fd < 0)
		return;
	if (fd == 255) {
		fail(name, "child could not open /");
		return;
	}
	if (fcntl(fd, F_GETFD) != 0)
		fail(name, "fd %d opened by the CLONE_FILES child is not in the parent: %s", fd,
		     strerror(errno));
	else if (close(fd) != 0)
		fail(name, "close(%d): %s", fd, strerror(errno));
	else
		ok(name);
}

static void copied_open(const char *name)
{
	struct fdarg a = { -1 };
	int fd = run(name, child_open, 0, &a);

	if (fd < 0)
		return;
	if (fd == 255) {
		fail(name, "child could not open /");
		return;
	}
	errno = 0;
	if (expect_err(name, fcntl(fd, F_GETFD), EBADF))
		ok(name);
}

static void shared_cloexec(const char *name)
{
	int p[2];
	struct fdarg a;

	pipe(p);
	a.fd = p[1];
	if (run(name, child_cloexec, CLONE_FILES | CLONE_VM, &a) != 0)
		return;
	if (fcntl(p[1], F_GETFD) != FD_CLOEXEC)
		fail(name, "FD_CLOEXEC set by the child is not seen by the parent");
	else
		ok(name);
}

static void copied_cloexec(const char *name)
{
	int p[2];
	struct fdarg a;

	pipe(p);
	a.fd = p[1];
	if (run(name, child_cloexec, 0, &a) != 0)
		return;
	if (fcntl(p[1], F_GETFD) != 0)
		fail(name, "FD_CLOEXEC set by a child without CLONE_FILES leaked to the parent");
	else
		ok(name);
}

/* Without CLONE_FILES the open file descriptions are still shared: the
 * offset moves for both. */
static int child_read2(void *arg)
{
	char b[2];

	return read(((struct fdarg *)arg)->fd, b, 2) == 2 ? 0 : 1;
}

static void offset_shared(const char *name)
{
	int p[2];
	char b[8];
	struct fdarg a;

	pipe(p);
	write(p[1], "abcd", 4);
	a.fd = p[0];
	if (run(name, child_read2, 0, &a) != 0)
		return;
	if (read(p[0], b, 8) != 2 || b[0] != 'c' || b[1] != 'd')
		fail(name, "parent did not continue where the child stopped reading");
	else
		ok(name);
}

/* The shared table stays alive while the parent closes everything: the
 * child (blocked) still has the pipe's write end. */
static int child_write_late(void *arg)
{
	raw_sleep_ms(50);
	return write(((struct fdarg *)arg)->fd, "z", 1) == 1 ? 0 : 1;
}

static void shared_parent_closes(const char *name)
{
	int p[2], st;
	char c = 0;
	struct fdarg a;
	long pid;

	pipe(p);
	a.fd = p[1];
	pid = clone(child_write_late, new_stack(STACK_SIZE), CLONE_FILES | CLONE_VM | SIGCHLD, &a);
	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	if (read(p[0], &c, 1) != 1 || c != 'z') {
		fail(name, "did not read the child's byte");
		return;
	}
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child status 0x%x", st);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "clonefiles-shared-close", shared_close },
	{ "clonefiles-copied-close", copied_close },
	{ "clonefiles-shared-open", shared_open },
	{ "clonefiles-copied-open", copied_open },
	{ "clonefiles-shared-cloexec", shared_cloexec },
	{ "clonefiles-copied-cloexec", copied_cloexec },
	{ "clonefiles-offset-shared", offset_shared },
	{ "clonefiles-shared-write", shared_parent_closes },
};

int main(void)
{
	return RUN(cases);
}
