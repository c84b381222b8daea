/* eventfd2 and epoll: counters, readiness, level/edge/one-shot reporting,
 * errors as Linux, and no leaks. Portable: also runs on the host's Linux
 * (tests/difftest). */
#include <poll.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/stat.h>
#include "clonetest.h"

#ifndef SYS_epoll_pwait2
#define SYS_epoll_pwait2 441
#endif


static long efd_get(int fd)
{
	uint64_t v = 0;
	return read(fd, &v, 8) == 8 ? (long)v : -1;
}

static int efd_put(int fd, uint64_t v)
{
	return write(fd, &v, 8) == 8 ? 0 : -1;
}

static int revents(int fd)
{
	struct pollfd p = { fd, POLLIN | POLLOUT, 0 };
	return poll(&p, 1, 0) < 0 ? -1 : p.revents;
}

/* ---- eventfd ---- */

static void efd_flags(const char *name)
{
	CHECK_ERR(name, eventfd(0, 2), EINVAL);
	CHECK_ERR(name, eventfd(0, O_RDWR | 0x10000), EINVAL);
	int fd = eventfd(0, EFD_CLOEXEC | EFD_NONBLOCK | EFD_SEMAPHORE);
	CHECK(name, fd >= 0, "eventfd: %s", strerror(errno));
	CHECK(name, fcntl(fd, F_GETFD) == FD_CLOEXEC, "no FD_CLOEXEC");
	CHECK(name, (fcntl(fd, F_GETFL) & (O_NONBLOCK | O_ACCMODE)) == (O_NONBLOCK | O_RDWR),
	      "F_GETFL 0x%x", fcntl(fd, F_GETFL));
	ok(name);
}

static void efd_counter(const char *name)
{
	int fd = eventfd(5, 0);
	long v;

	CHECK(name, (v = efd_get(fd)) == 5, "first read %ld, want 5", v);
	CHECK(name, efd_put(fd, 3) == 0 && efd_put(fd, 4) == 0, "write: %s", strerror(errno));
	CHECK(name, (v = efd_get(fd)) == 7, "read %ld, want 7", v);
	char buf[16];
	CHECK_ERR(name, read(fd, buf, 7), EINVAL);
	CHECK_ERR(name, write(fd, buf, 7), EINVAL);
	CHECK(name, efd_put(fd, 0) == 0, "write 0");
	ok(name);
}

static void efd_nonblock(const char *name)
{
	int fd = eventfd(0, EFD_NONBLOCK);
	uint64_t v;

	CHECK_ERR(name, read(fd, &v, 8), EAGAIN);
	v = ~0ULL;
	CHECK_ERR(name, write(fd, &v, 8), EINVAL);
	CHECK(name, efd_put(fd, ~0ULL - 1) == 0, "write max: %s", strerror(errno));
	v = 1;
	CHECK_ERR(name, write(fd, &v, 8), EAGAIN);
	CHECK(name, efd_get(fd) == (long)(~0ULL - 1), "read back max");
	ok(name);
}

static void efd_semaphore(const char *name)
{
	int fd = eventfd(3, EFD_SEMAPHORE | EFD_NONBLOCK);
	uint64_t v;

	for (int i = 0; i < 3; i++)
		CHECK(name, efd_get(fd) == 1, "read %d is not 1", i);
	CHECK_ERR(name, read(fd, &v, 8), EAGAIN);
	ok(name);
}

static void efd_poll(const char *name)
{
	int fd = eventfd(0, EFD_NONBLOCK), r;

	CHECK(name, (r = revents(fd)) == POLLOUT, "empty: revents 0x%x, want POLLOUT", r);
	efd_put(fd, 1);
	CHECK(name, (r = revents(fd)) == (POLLIN | POLLOUT), "one: revents 0x%x", r);
	efd_put(fd, ~0ULL - 2);
	CHECK(name, (r = revents(fd)) == POLLIN, "full: revents 0x%x, want POLLIN", r);
	ok(name);
}

static void efd_efault(const char *name)
{
	int fd = eventfd(2, 0);

	CHECK_ERR(name, write(fd, (void *)8, 8), EFAULT);
	CHECK_ERR(name, read(fd, (void *)8, 8), EFAULT);
	uint64_t v;
	CHECK(name, fcntl(fd, F_SETFL, O_NONBLOCK) == 0, "F_SETFL");
	/* Linux consumed the value before the failed copy. */
	CHECK_ERR(name, read(fd, &v, 8), EAGAIN);
	ok(name);
}

static void efd_blocking(const char *name)
{
	int fd = eventfd(0, 0);
	pid_t pid = fork();

	if (pid == 0) {
		raw_sleep_ms(50);
		efd_put(fd, 9);
		_exit(0);
	}
	long v = efd_get(fd);
	raw_wait4(pid, NULL, 0);
	CHECK(name, v == 9, "blocking read got %ld, want 9", v);
	ok(name);
}

static void efd_proc(const char *name)
{
	int fd = eventfd(0, 0), ep = epoll_create1(0);
	char path[64], buf[64];
	ssize_t n;

	snprintf(path, sizeof(path), "/proc/self/fd/%d", fd);
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(name, n > 0, "readlink: %s", strerror(errno));
	buf[n] = 0;
	CHECK(name, strcmp(buf, "anon_inode:[eventfd]") == 0, "eventfd link '%s'", buf);
	snprintf(path, sizeof(path), "/proc/self/fd/%d", ep);
	n = readlink(path, buf, sizeof(buf) - 1);
	CHECK(name, n > 0, "readlink: %s", strerror(errno));
	buf[n] = 0;
	CHECK(name, strcmp(buf, "anon_inode:[eventpoll]") == 0, "epoll link '%s'", buf);
	ok(name);
}

/* ---- epoll ---- */

static int add(int ep, int fd, unsigned ev, uint64_t data)
{
	struct epoll_event e;

	memset(&e, 0, sizeof(e));
	e.events = ev;
	e.data.u64 = data;
	return epoll_ctl(ep, EPOLL_CTL_ADD, fd, &e);
}

static int mod(int ep, int fd, unsigned ev, uint64_t data)
{
	struct epoll_event e;

	memset(&e, 0, sizeof(e));
	e.events = ev;
	e.data.u64 = data;
	return epoll_ctl(ep, EPOLL_CTL_MOD, fd, &e);
}

/* One wait: the number of events; the first one's events and data. */
static int wait1(int ep, int tmo, unsigned *ev, uint64_t *data)
{
	struct epoll_event e[4];
	int n = epoll_wait(ep, e, 4, tmo);

	if (n > 0) {
		if (ev)
			*ev = e[0].events;
		if (data)
			*data = e[0].data.u64;
	}
	return n;
}

static void ep_create(const char *name)
{
	CHECK_ERR(name, epoll_create1(1), EINVAL);
	CHECK_ERR(name, epoll_create1(-1), EINVAL);
	int ep = epoll_create1(EPOLL_CLOEXEC);
	CHECK(name, ep >= 0, "epoll_create1: %s", strerror(errno));
	CHECK(name, fcntl(ep, F_GETFD) == FD_CLOEXEC, "no FD_CLOEXEC");
	char c;
	CHECK_ERR(name, read(ep, &c, 1), EINVAL);
	ok(name);
}

static void ep_ctl_errors(const char *name)
{
	int ep = epoll_create1(0), p[2], reg;
	struct epoll_event e = { EPOLLIN, { 0 } };

	CHECK(name, pipe(p) == 0, "pipe");
	reg = open("/tmp/epolltest-reg", O_RDWR | O_CREAT | O_TRUNC, 0600);
	unlink("/tmp/epolltest-reg");
	int dir = open("/", O_RDONLY);
	CHECK_ERR(name, epoll_ctl(99, EPOLL_CTL_ADD, p[0], &e), EBADF);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, 99, &e), EBADF);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, dir, &e), EPERM);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, reg, &e), EPERM);
	CHECK_ERR(name, epoll_ctl(p[0], EPOLL_CTL_ADD, p[1], &e), EINVAL);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, ep, &e), EINVAL);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, p[0], NULL), EFAULT);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e), ENOENT);
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	CHECK_ERR(name, epoll_ctl(ep, 99, p[0], &e), EINVAL);
	CHECK(name, epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e) == 0, "add: %s", strerror(errno));
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, p[0], &e), EEXIST);
	e.events = EPOLLIN | EPOLLEXCLUSIVE;
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_MOD, p[0], &e), EINVAL);
	e.events = EPOLLIN | EPOLLEXCLUSIVE | EPOLLONESHOT;
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_ADD, p[1], &e), EINVAL);
	CHECK(name, epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL) == 0, "del: %s", strerror(errno));
	CHECK_ERR(name, epoll_ctl(ep, EPOLL_CTL_DEL, p[0], NULL), ENOENT);
	/* The same file under another fd is another item. */
	int d = dup(p[0]);
	CHECK(name, add(ep, p[0], EPOLLIN, 1) == 0 && add(ep, d, EPOLLIN, 2) == 0,
	      "add the same file twice under two fds: %s", strerror(errno));
	ok(name);
}

static void ep_wait_errors(const char *name)
{
	int ep = epoll_create1(0), p[2];
	struct epoll_event e[2];
	sigset_t m;

	CHECK(name, pipe(p) == 0, "pipe");
	CHECK_ERR(name, epoll_wait(ep, e, 0, 0), EINVAL);
	CHECK_ERR(name, epoll_wait(ep, e, -1, 0), EINVAL);
	CHECK_ERR(name, epoll_wait(99, e, 1, 0), EBADF);
	CHECK_ERR(name, epoll_wait(p[0], e, 1, 0), EINVAL);
	sigemptyset(&m);
	CHECK_ERR(name, syscall(SYS_epoll_pwait, ep, e, 1, 0, &m, 7), EINVAL);
	CHECK_ERR(name, syscall(SYS_epoll_pwait, ep, e, 1, 0, (void *)8, 8), EFAULT);
	/* Nothing ready: the array is never written. */
	CHECK(name, epoll_wait(ep, (void *)8, 1, 0) == 0, "no events with a bad array: %s",
	      strerror(errno));
	add(ep, p[1], EPOLLOUT, 0);
	CHECK_ERR(name, epoll_wait(ep, (void *)8, 1, 0), EFAULT);
	struct timespec ts = { 0, 0 };
	CHECK(name, syscall(SYS_epoll_pwait2, ep, e, 2, &ts, NULL, 8) == 1, "epoll_pwait2: %s",
	      strerror(errno));
	ts.tv_nsec = 2000000000L;
	CHECK_ERR(name, syscall(SYS_epoll_pwait2, ep, e, 2, &ts, NULL, 8), EINVAL);
	ok(name);
}

static void ep_level(const char *name)
{
	int ep = epoll_create1(0), p[2], n;
	unsigned ev = 0;
	uint64_t data = 0;

	CHECK(name, pipe(p) == 0, "pipe");
	CHECK(name, add(ep, p[0], EPOLLIN, 0x123456789aULL) == 0, "add: %s", strerror(errno));
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "empty pipe: %d events", n);
	CHECK(name, write(p[1], "ab", 2) == 2, "write");
	CHECK(name, wait1(ep, 0, &ev, &data) == 1 && ev == EPOLLIN && data == 0x123456789aULL,
	      "after a write: events 0x%x data 0x%lx", ev, (unsigned long)data);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "level-triggered again: %d", n);
	char c;
	read(p[0], &c, 1);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "one byte left: %d", n);
	read(p[0], &c, 1);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "drained: %d", n);
	CHECK(name, mod(ep, p[0], EPOLLOUT, 5) == 0, "mod");
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "read end asked for OUT: %d", n);
	ok(name);
}

static void ep_edge(const char *name)
{
	int ep = epoll_create1(0), p[2], n;
	unsigned ev = 0;
	char buf[8];

	CHECK(name, pipe(p) == 0, "pipe");
	fcntl(p[0], F_SETFL, O_NONBLOCK);
	CHECK(name, add(ep, p[0], EPOLLIN | EPOLLET, 1) == 0, "add: %s", strerror(errno));
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "empty: %d", n);
	write(p[1], "x", 1);
	CHECK(name, wait1(ep, 0, &ev, NULL) == 1 && ev == EPOLLIN, "first edge: events 0x%x", ev);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "no new edge: %d events", n);
	write(p[1], "y", 1);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "second write is an edge: %d", n);
	/* Drain to EAGAIN, then new data must be reported. */
	while (read(p[0], buf, sizeof(buf)) > 0)
		;
	write(p[1], "z", 1);
	CHECK(name, (n = wait1(ep, 100, NULL, NULL)) == 1, "data after a drain: %d", n);
	ok(name);
}

static void ep_oneshot(const char *name)
{
	int ep = epoll_create1(0), efd = eventfd(1, 0), n;

	CHECK(name, add(ep, efd, EPOLLIN | EPOLLONESHOT, 3) == 0, "add: %s", strerror(errno));
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "first: %d", n);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "disabled: %d", n);
	efd_put(efd, 1);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "disabled after a write: %d", n);
	CHECK(name, mod(ep, efd, EPOLLIN | EPOLLONESHOT, 4) == 0, "re-arm: %s", strerror(errno));
	uint64_t d = 0;
	CHECK(name, (n = wait1(ep, 0, NULL, &d)) == 1 && d == 4, "re-armed: %d data %lu", n,
	      (unsigned long)d);
	ok(name);
}

static void ep_hup(const char *name)
{
	int ep = epoll_create1(0), p[2];
	unsigned ev = 0;

	CHECK(name, pipe(p) == 0, "pipe");
	CHECK(name, add(ep, p[0], 0, 1) == 0, "add with no events");
	close(p[1]);
	CHECK(name, wait1(ep, 0, &ev, NULL) == 1 && ev == EPOLLHUP, "writer gone: events 0x%x", ev);
	CHECK(name, pipe(p) == 0, "pipe");
	CHECK(name, add(ep, p[1], EPOLLOUT, 2) == 0, "add write end");
	close(p[0]);
	uint64_t d;
	struct epoll_event e[4];
	int n = epoll_wait(ep, e, 4, 0);
	for (int i = 0; i < n; i++) {
		d = e[i].data.u64;
		if (d == 2 && e[i].events != (EPOLLOUT | EPOLLERR)) {
			fail(name, "reader gone: events 0x%x, want OUT|ERR", e[i].events);
			return;
		}
	}
	CHECK(name, n == 2, "%d events, want 2", n);
	ok(name);
}

static void ep_close(const char *name)
{
	int ep = epoll_create1(0), efd = eventfd(1, 0), n;

	CHECK(name, add(ep, efd, EPOLLIN, 1) == 0, "add");
	int d = dup(efd);
	close(efd);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "a dup keeps the file watched: %d", n);
	close(d);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "closed file reported: %d", n);
	/* A new file at the same fd number is not watched. */
	efd = eventfd(1, 0);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "new file at the old fd: %d", n);
	CHECK(name, add(ep, efd, EPOLLIN, 2) == 0, "add the new file: %s", strerror(errno));
	ok(name);
}

static void ep_nested(const char *name)
{
	int ep1 = epoll_create1(0), ep2 = epoll_create1(0), ep3 = epoll_create1(0), p[2], n;
	uint64_t d = 0;

	CHECK(name, pipe(p) == 0, "pipe");
	CHECK(name, add(ep1, p[0], EPOLLIN, 1) == 0, "add pipe");
	CHECK(name, add(ep2, ep1, EPOLLIN, 2) == 0, "add ep1 to ep2: %s", strerror(errno));
	CHECK(name, (n = wait1(ep2, 0, NULL, NULL)) == 0, "nothing yet: %d", n);
	CHECK(name, revents(ep2) == 0, "poll ep2: 0x%x", revents(ep2));
	write(p[1], "x", 1);
	CHECK(name, revents(ep2) == POLLIN, "poll ep2 after write: 0x%x", revents(ep2));
	CHECK(name, (n = wait1(ep2, 0, NULL, &d)) == 1 && d == 2, "ep2: %d data %lu", n,
	      (unsigned long)d);
	CHECK_ERR(name, add(ep1, ep2, EPOLLIN, 0), ELOOP);
	CHECK(name, add(ep3, ep2, EPOLLIN, 3) == 0, "add ep2 to ep3");
	CHECK_ERR(name, add(ep1, ep3, EPOLLIN, 0), ELOOP);
	ok(name);
}

static void ep_fifo(const char *name)
{
	const char *path = "/tmp/epolltest-fifo";
	int ep = epoll_create1(0), fd, n;

	unlink(path);
	CHECK(name, mkfifo(path, 0600) == 0, "mkfifo: %s", strerror(errno));
	fd = open(path, O_RDWR);
	unlink(path);
	CHECK(name, fd >= 0, "open: %s", strerror(errno));
	CHECK(name, add(ep, fd, EPOLLIN, 1) == 0, "add: %s", strerror(errno));
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 0, "empty: %d", n);
	write(fd, "x", 1);
	CHECK(name, (n = wait1(ep, 0, NULL, NULL)) == 1, "after a write: %d", n);
	ok(name);
}

static void ep_round_robin(const char *name)
{
	int ep = epoll_create1(0), seen = 0;

	for (int i = 0; i < 3; i++)
		add(ep, eventfd(1, 0), EPOLLIN, 1u << i);
	for (int i = 0; i < 3; i++) {
		struct epoll_event e;
		CHECK(name, epoll_wait(ep, &e, 1, 0) == 1, "wait %d", i);
		seen |= (int)e.data.u64;
	}
	CHECK(name, seen == 7, "three waits of maxevents 1 saw 0x%x, want 0x7", seen);
	ok(name);
}

static void ep_blocking(const char *name)
{
	int ep = epoll_create1(0), efd = eventfd(0, 0), n;
	uint64_t d = 0;

	add(ep, efd, EPOLLIN, 77);
	pid_t pid = fork();
	if (pid == 0) {
		raw_sleep_ms(50);
		efd_put(efd, 1);
		_exit(0);
	}
	n = wait1(ep, -1, NULL, &d);
	raw_wait4(pid, NULL, 0);
	CHECK(name, n == 1 && d == 77, "woken wait: %d data %lu", n, (unsigned long)d);
	struct timespec t0, t1;
	efd_get(efd);
	clock_gettime(CLOCK_MONOTONIC, &t0);
	n = wait1(ep, 100, NULL, NULL);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	long ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	CHECK(name, n == 0 && ms >= 95, "timeout: %d events after %ld ms", n, ms);
	ok(name);
}

static void ep_leak(const char *name)
{
	long pages0 = meminfo("PagesFree"), slab0 = meminfo("SlabObjects"), pages, slab;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 100; i++) {
			int ep = epoll_create1(0), ep2 = epoll_create1(0), efd = eventfd(i, 0), p[2];
			if (ep < 0 || ep2 < 0 || efd < 0 || pipe(p)) {
				fail(name, "create %d: %s", i, strerror(errno));
				return;
			}
			add(ep, efd, EPOLLIN | EPOLLET, 1);
			add(ep, p[0], EPOLLIN, 2);
			add(ep2, ep, EPOLLIN, 3);
			add(ep2, p[1], EPOLLOUT, 4);
			close(p[1]);
			close(efd);
			close(ep2);
			close(ep);
			close(p[0]);
		}
		if (round == 0) {	/* caches warmed: the real baseline */
			pages0 = meminfo("PagesFree");
			slab0 = meminfo("SlabObjects");
		}
	}
	if (pages0 < 0) {	/* not cleave */
		ok(name);
		return;
	}
	for (int tries = 0;; tries++) {
		pages = meminfo("PagesFree");
		slab = meminfo("SlabObjects");
		if (pages >= pages0 && slab <= slab0)
			break;
		CHECK(name, tries < 20, "leak: PagesFree %ld -> %ld, SlabObjects %ld -> %ld", pages0,
		      pages, slab0, slab);
		raw_sleep_ms(50);
	}
	ok(name);
}

static const struct tcase cases[] = {
	{ "efd-flags", efd_flags, 0 },
	{ "efd-counter", efd_counter, 0 },
	{ "efd-nonblock", efd_nonblock, 0 },
	{ "efd-semaphore", efd_semaphore, 0 },
	{ "efd-poll", efd_poll, 0 },
	{ "efd-efault", efd_efault, 0 },
	{ "efd-blocking", efd_blocking, 0 },
	{ "efd-proc-link", efd_proc, 0 },
	{ "ep-create", ep_create, 0 },
	{ "ep-ctl-errors", ep_ctl_errors, 0 },
	{ "ep-wait-errors", ep_wait_errors, 0 },
	{ "ep-level", ep_level, 0 },
	{ "ep-edge", ep_edge, 0 },
	{ "ep-oneshot", ep_oneshot, 0 },
	{ "ep-hup", ep_hup, 0 },
	{ "ep-close", ep_close, 0 },
	{ "ep-nested", ep_nested, 0 },
	{ "ep-fifo", ep_fifo, 0 },
	{ "ep-round-robin", ep_round_robin, 0 },
	{ "ep-blocking", ep_blocking, 0 },
	{ "ep-leak", ep_leak, 60 },
};

int main(void)
{
	return RUN(cases);
}
