/* ppoll and pselect6: readiness of pipes, the console and /dev/null,
 * timeouts, POLLHUP/POLLERR/POLLNVAL, bad arguments, interruption by a
 * signal (pause()-style), temporary signal masks, and pselect6 sets. */
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define SYS_pselect6 72
#define SYS_ppoll 73

#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLWRNORM 0x100

struct pollfd {
	int fd;
	short events;
	short revents;
};

static long ppoll_(struct pollfd *fds, unsigned long n, struct timespec *t, sigset_t *mask)
{
	return syscall(SYS_ppoll, fds, n, t, mask, sizeof(sigset_t));
}

/* Poll with a timeout in ms (-1: forever). */
static long poll_ms(struct pollfd *fds, unsigned long n, long ms)
{
	struct timespec t = { ms / 1000, (ms % 1000) * 1000000L };
	return ppoll_(fds, n, ms < 0 ? NULL : &t, NULL);
}

static long now_ms(void)
{
	struct timespec t;
	clock_gettime(CLOCK_MONOTONIC, &t);
	return t.tv_sec * 1000 + t.tv_nsec / 1000000;
}

/* A child that sleeps ms and then writes one byte to fd (or closes it if
 * byte is 0), or signals its parent (fd < 0: -fd is the signal). */
static pid_t later(long ms, int fd, char byte)
{
	pid_t pid = fork();
	if (pid == 0) {
		usleep(ms * 1000);
		if (fd < 0)
			kill(getppid(), -fd);
		else if (byte)
			write(fd, &byte, 1);
		_exit(0);
	}
	return pid;
}

static void reap(pid_t pid)
{
	int st;
	waitpid(pid, &st, 0);
}

static void pipe_ready(void)
{
	int p[2];
	char c;
	struct pollfd fds[2];

	pipe(p);
	fds[0] = (struct pollfd){ p[0], POLLIN, -1 };
	fds[1] = (struct pollfd){ p[1], POLLOUT | POLLWRNORM, -1 };
	long r = poll_ms(fds, 2, 0);
	if (r != 1 || fds[0].revents != 0 || fds[1].revents != (POLLOUT | POLLWRNORM))
		fail("poll-empty", "r=%ld revents %#x %#x", r, fds[0].revents, fds[1].revents);
	else
		ok("poll-empty");

	write(p[1], "x", 1);
	fds[0].events = POLLIN | POLLRDNORM;
	r = poll_ms(fds, 1, 0);
	if (r != 1 || fds[0].revents != (POLLIN | POLLRDNORM))
		fail("poll-data", "r=%ld revents %#x", r, fds[0].revents);
	else
		ok("poll-data");
	read(p[0], &c, 1);

	/* Woken by a write from another process. */
	pid_t pid = later(30, p[1], 'y');
	fds[0].events = POLLIN;
	long t0 = now_ms();
	r = poll_ms(fds, 1, 5000);
	long dt = now_ms() - t0;
	if (r != 1 || fds[0].revents != POLLIN || dt > 2000)
		fail("poll-wakeup", "r=%ld revents %#x after %ld ms", r, fds[0].revents, dt);
	else
		ok("poll-wakeup");
	reap(pid);
	read(p[0], &c, 1);
	close(p[0]);
	close(p[1]);
}

static void timeout(void)
{
	int p[2];
	struct pollfd fd;

	pipe(p);
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	struct timespec t = { 0, 50000000 };
	long t0 = now_ms();
	long r = ppoll_(&fd, 1, &t, NULL);
	long dt = now_ms() - t0;
	if (r != 0 || fd.revents != 0)
		fail("poll-timeout", "r=%ld revents %#x", r, fd.revents);
	else if (dt < 45 || dt > 1000)
		fail("poll-timeout", "took %ld ms, want ~50", dt);
	else if (t.tv_sec != 0 || t.tv_nsec != 0)
		fail("poll-timeout", "remaining time %ld.%09ld, want 0", (long)t.tv_sec, t.tv_nsec);
	else
		ok("poll-timeout");
	close(p[0]);
	close(p[1]);
}

static void hangup(void)
{
	int p[2];
	char c;
	struct pollfd fd;

	/* An empty pipe without writers: POLLHUP only (Linux), unasked. */
	pipe(p);
	pid_t pid = later(30, p[1], 0);
	close(p[1]);
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	long r = poll_ms(&fd, 1, 5000);	/* wakes when the child exits */
	if (r != 1 || fd.revents != POLLHUP)
		fail("poll-hup", "r=%ld revents %#x", r, fd.revents);
	else
		ok("poll-hup");
	reap(pid);
	close(p[0]);

	/* Data left behind: readable and hung up. */
	pipe(p);
	write(p[1], "z", 1);
	close(p[1]);
	fd = (struct pollfd){ p[0], POLLIN, 0 };
	r = poll_ms(&fd, 1, 0);
	if (r != 1 || fd.revents != (POLLIN | POLLHUP))
		fail("poll-hup-data", "r=%ld revents %#x", r, fd.revents);
	else if (read(p[0], &c, 1) != 1 || read(p[0], &c, 1) != 0)
		fail("poll-hup-data", "read after hangup");
	else
		ok("poll-hup-data");
	close(p[0]);

	/* No readers: the write end reports POLLERR. */
	pipe(p);
	close(p[0]);
	fd = (struct pollfd){ p[1], POLLOUT, 0 };
	r = poll_ms(&fd, 1, 0);
	if (r != 1 || !(fd.revents & POLLERR) || !(fd.revents & POLLOUT))
		fail("poll-err", "r=%ld revents %#x", r, fd.revents);
	else
		ok("poll-err");
	close(p[1]);
}

static void nval(void)
{
	struct pollfd fds[3] = { { 200, POLLIN, -1 }, { -5, POLLIN, -1 }, { 1, POLLOUT, -1 } };
	long r = poll_ms(fds, 3, 0);
	/* fd 1 is the console (or whatever the harness gave us): writable */
	if (r != 2 || fds[0].revents != POLLNVAL || fds[1].revents != 0 ||
	    !(fds[2].revents & POLLOUT))
		fail("poll-nval", "r=%ld revents %#x %#x %#x", r, fds[0].revents, fds[1].revents,
		     fds[2].revents);
	else
		ok("poll-nval");

	int fd = open("/dev/null", O_RDWR);
	if (fd >= 0) {
		struct pollfd pf = { fd, POLLIN | POLLOUT, 0 };
		r = poll_ms(&pf, 1, 0);
		if (r != 1 || pf.revents != (POLLIN | POLLOUT))
			fail("poll-devnull", "r=%ld revents %#x", r, pf.revents);
		else
			ok("poll-devnull");
		close(fd);
	}
}

static void bad_args(void)
{
	struct pollfd fd = { 0, POLLIN, 0 };
	struct timespec bad = { 0, 2000000000L }, zero = { 0, 0 };
	sigset_t m = 0;
	int good = 1;

	good &= expect_err("poll-efault", ppoll_((void *)8, 1, &zero, NULL), EFAULT);
	good &= expect_err("poll-efault", ppoll_(&fd, 1, (void *)8, NULL), EFAULT);
	good &= expect_err("poll-efault", ppoll_(&fd, 1, &zero, (void *)8), EFAULT);
	/* revents cannot be written back: the array is in read-only text */
	good &= expect_err("poll-efault", ppoll_((struct pollfd *)(void *)bad_args, 1, &zero, NULL),
			   EFAULT);
	if (good)
		ok("poll-efault");
	good = 1;
	good &= expect_err("poll-einval", ppoll_(&fd, 100000, &zero, NULL), EINVAL);
	good &= expect_err("poll-einval", ppoll_(&fd, 1, &bad, NULL), EINVAL);
	good &= expect_err("poll-einval", syscall(SYS_ppoll, &fd, 1, &zero, &m, 4), EINVAL);
	if (good)
		ok("poll-einval");
}

static volatile int got;
static void on_usr1(int sig)
{
	got = sig;
}

static sigset_t blocked_now(void)
{
	sigset_t s = 0;
	sigprocmask(SIG_BLOCK, NULL, &s);
	return s;
}

static void signals(void)
{
	struct sigaction sa = { 0 };
	sa.sa_handler = on_usr1;
	sigaction(SIGUSR1, &sa, NULL);

	/* glibc's pause(): ppoll(NULL, 0, NULL, NULL, 8). Only a signal
	 * ends it, so the helper sends one every 30 ms until killed: a single
	 * one could come before we get there (a slow, loaded host). */
	got = 0;
	pid_t pid = fork();
	if (pid == 0)
		for (;;) {
			usleep(30000);
			kill(getppid(), SIGUSR1);
		}
	long r = ppoll_(NULL, 0, NULL, NULL);
	int e = errno;
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
	errno = e;
	if (expect_err("poll-pause", r, EINTR)) {
		if (got != SIGUSR1)
			fail("poll-pause", "handler did not run");
		else
			ok("poll-pause");
	}

	/* SIGUSR1 blocked; the temporary mask lets it in: EINTR, the handler
	 * runs, and afterwards SIGUSR1 is blocked again. */
	sigset_t usr1 = 1UL << (SIGUSR1 - 1), none = 0;
	sigprocmask(SIG_BLOCK, &usr1, NULL);
	got = 0;
	pid = later(30, -SIGUSR1, 0);
	r = ppoll_(NULL, 0, NULL, &none);
	if (expect_err("poll-sigmask", r, EINTR)) {
		if (got != SIGUSR1)
			fail("poll-sigmask", "handler did not run");
		else if (!(blocked_now() & usr1))
			fail("poll-sigmask", "caller's mask not restored");
		else
			ok("poll-sigmask");
	}
	reap(pid);

	/* Already pending while blocked: the mask makes it deliverable. */
	got = 0;
	kill(getpid(), SIGUSR1);
	struct timespec t = { 5, 0 };
	r = ppoll_(NULL, 0, &t, &none);
	if (expect_err("poll-sigmask-pending", r, EINTR)) {
		if (got != SIGUSR1 || !(blocked_now() & usr1))
			fail("poll-sigmask-pending", "got=%d blocked=%#lx", got, blocked_now());
		else
			ok("poll-sigmask-pending");
	}
	sigprocmask(SIG_UNBLOCK, &usr1, NULL);

	/* The temporary mask blocks it: the wait is not interrupted but
	 * times out, and the signal is delivered once the caller's mask is
	 * back (on the way out of ppoll). */
	got = 0;
	struct timespec t50 = { 0, 50000000 };
	pid = later(10, -SIGUSR1, 0);
	r = ppoll_(NULL, 0, &t50, &usr1);
	for (int i = 0; i < 100 && !got; i++)
		usleep(1000);
	if (r != 0)
		fail("poll-sigmask-block", "r=%ld errno %d, want a timeout", r, errno);
	else if (got != SIGUSR1)
		fail("poll-sigmask-block", "signal lost after the wait");
	else
		ok("poll-sigmask-block");
	reap(pid);
	signal(SIGUSR1, SIG_DFL);
}

/* fd_set as the kernel sees it: bitmaps of unsigned long. */
#define NSET 16	/* 1024 bits, glibc's FD_SETSIZE */
struct fdset {
	unsigned long w[NSET];
};
static void fdset_add(struct fdset *s, int fd)
{
	s->w[fd / 64] |= 1UL << (fd % 64);
}
static int fdset_has(const struct fdset *s, int fd)
{
	return (s->w[fd / 64] >> (fd % 64)) & 1;
}

static long pselect_(int n, struct fdset *in, struct fdset *out, struct timespec *t)
{
	return syscall(SYS_pselect6, n, in, out, NULL, t, NULL);
}

static void pselect(void)
{
	int p[2];
	struct fdset in = { 0 }, out = { 0 };
	struct timespec t = { 0, 0 };

	pipe(p);
	write(p[1], "q", 1);
	fdset_add(&in, p[0]);
	fdset_add(&out, p[1]);
	fdset_add(&in, p[1]);	/* the write end is never readable */
	long r = pselect_(1024, &in, &out, &t);
	if (r != 2 || !fdset_has(&in, p[0]) || fdset_has(&in, p[1]) || !fdset_has(&out, p[1]))
		fail("pselect-ready", "r=%ld in %#lx out %#lx", r, in.w[0], out.w[0]);
	else
		ok("pselect-ready");

	char c;
	read(p[0], &c, 1);
	memset(&in, 0, sizeof(in));
	fdset_add(&in, p[0]);
	t = (struct timespec){ 0, 50000000 };
	long t0 = now_ms();
	r = pselect_(p[0] + 1, &in, NULL, &t);
	long dt = now_ms() - t0;
	if (r != 0 || in.w[0] != 0 || dt < 45 || dt > 1000 || t.tv_sec || t.tv_nsec)
		fail("pselect-timeout", "r=%ld in %#lx after %ld ms, left %ld.%09ld", r, in.w[0], dt,
		     (long)t.tv_sec, t.tv_nsec);
	else
		ok("pselect-timeout");

	/* Woken by a write, with time left written back. */
	pid_t pid = later(30, p[1], 'w');
	memset(&in, 0, sizeof(in));
	fdset_add(&in, p[0]);
	t = (struct timespec){ 5, 0 };
	r = pselect_(p[0] + 1, &in, NULL, &t);
	if (r != 1 || !fdset_has(&in, p[0]) || t.tv_sec < 3 || t.tv_sec > 4)
		fail("pselect-wakeup", "r=%ld in %#lx left %ld s", r, in.w[0], (long)t.tv_sec);
	else
		ok("pselect-wakeup");
	reap(pid);
	read(p[0], &c, 1);

	/* A closed descriptor in a set: EBADF, sets untouched. */
	memset(&in, 0, sizeof(in));
	fdset_add(&in, 200);
	t = (struct timespec){ 0, 0 };
	int good = expect_err("pselect-ebadf", pselect_(201, &in, NULL, &t), EBADF);
	if (good && !fdset_has(&in, 200))
		fail("pselect-ebadf", "set modified");
	else if (good)
		ok("pselect-ebadf");
	good = expect_err("pselect-einval", pselect_(-1, NULL, NULL, &t), EINVAL);
	good &= expect_err("pselect-einval", pselect_(1, (void *)8, NULL, &t), EFAULT);
	if (good)
		ok("pselect-einval");

	/* Hung-up pipe counts as readable for select. */
	close(p[1]);
	memset(&in, 0, sizeof(in));
	fdset_add(&in, p[0]);
	r = pselect_(p[0] + 1, &in, NULL, NULL);
	if (r != 1 || !fdset_has(&in, p[0]))
		fail("pselect-hup", "r=%ld in %#lx", r, in.w[0]);
	else
		ok("pselect-hup");
	close(p[0]);
}

int main(void)
{
	pipe_ready();
	timeout();
	hangup();
	nval();
	bad_args();
	signals();
	pselect();
	return failures != 0;
}
