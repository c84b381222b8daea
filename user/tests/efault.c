/* System calls given bad user pointers must fail with EFAULT, not crash. */
#include <fcntl.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/uio.h>
#include <sys/wait.h>
#include "check.h"

static char *bad[5];
static const char *badname[5] = { "NULL", "0x1", "unmapped", "kernel", "past-brk" };
#define NBAD 5

static void setup(void)
{
	uintptr_t b = (uintptr_t)sbrk(0);

	bad[0] = NULL;
	bad[1] = (char *)1;
	bad[2] = (char *)0x7000000000UL;
	bad[3] = (char *)0xffffffc000000000UL;
	bad[4] = (char *)((b + 4095) & ~4095UL) + 16 * 4096;
}

static void each_from(int first, const char *what, long (*fn)(char *p))
{
	char name[64];
	int good = 1;

	for (int i = first; i < NBAD; i++) {
		snprintf(name, sizeof(name), "efault-%s-%s", what, badname[i]);
		errno = 0;
		if (!expect_err(name, fn(bad[i]), EFAULT))
			good = 0;
	}
	if (good) {
		snprintf(name, sizeof(name), "efault-%s", what);
		ok(name);
	}
}

static void each(const char *what, long (*fn)(char *p))
{
	each_from(0, what, fn);
}

static long t_read(char *p)
{
	int fds[2];
	long r;

	pipe(fds);
	write(fds[1], "data", 4);
	r = read(fds[0], p, 4);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long t_write(char *p)
{
	int fds[2];
	long r;

	pipe(fds);
	r = write(fds[1], p, 4);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long t_open(char *p) { return openat(AT_FDCWD, p, O_RDONLY); }
static long t_execve(char *p) { char *argv[] = { "x", NULL }; return execve(p, argv, NULL); }
static long t_execve_argv(char *p) { return execve("/bin/true", (char **)p, NULL); }
static long t_getcwd(char *p) { return getcwd(p, 256) ? 0 : -1; }
static long t_fstat(char *p) { return fstat(0, (struct stat *)p); }
static long t_pipe2(char *p) { return pipe2((int *)p, 0); }
static long t_readv_iov(char *p) { return readv(0, (struct iovec *)p, 1); }

static long t_readv_base(char *p)
{
	int fds[2];
	struct iovec iov = { p, 4 };
	long r;

	pipe(fds);
	write(fds[1], "data", 4);
	r = readv(fds[0], &iov, 1);
	close(fds[0]);
	close(fds[1]);
	return r;
}

static long t_wait4(char *p)
{
	pid_t pid = fork();
	long r;

	if (pid == 0)
		_exit(0);
	usleep(20000);
	r = wait4(pid, (int *)p, 0, NULL);
	if (r == -1) {
		int e = errno;

		waitpid(pid, NULL, 0); /* Linux reaps anyway; others may not */
		errno = e;
	}
	return r;
}

int main(void)
{
	setup();
	each("read", t_read);
	each("write", t_write);
	each("openat", t_open);
	each("execve-path", t_execve);
	/* Linux accepts argv == NULL as an empty list, so skip that one. */
	each_from(1, "execve-argv", t_execve_argv);
	each("getcwd", t_getcwd);
	each("fstat", t_fstat);
	each("pipe2", t_pipe2);
	each("readv-iov", t_readv_iov);
	each("readv-base", t_readv_base);
	/* A NULL status pointer is valid for wait4. */
	each_from(1, "wait4", t_wait4);
	return failures != 0;
}
