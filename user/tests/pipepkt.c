/* pipe2(O_DIRECT): packet mode (pipe(7)). Each write is a packet of at
 * most PIPE_BUF bytes (a longer write is split), a read returns at most
 * one packet and drops what does not fit, an empty write makes none, a
 * pipe holds as many packets as it has page slots, F_SETFL switches the
 * mode on a pipe, F_SETPIPE_SZ refuses to drop packets. Portable:
 * difftest runs it on the host's Linux too. A table of named cases. */
#include <poll.h>
#include <sys/wait.h>
#include "check.h"

#ifndef O_DIRECT
#define O_DIRECT 040000
#endif
#ifndef F_SETPIPE_SZ
#define F_SETPIPE_SZ 1031
#endif
#define PIPE_BUF_BYTES 4096

static int fds[2];
static char buf[65536];

static int open_pipe(const char *name, int flags)
{
	if (pipe2(fds, flags) != 0) {
		fail(name, "pipe2: %s", strerror(errno));
		return -1;
	}
	return 0;
}

static void t_basic(void)
{
	const char *n = "pkt-basic";

	if (open_pipe(n, O_DIRECT))
		return;
	CHECK(n, write(fds[1], "abc", 3) == 3 && write(fds[1], "defgh", 5) == 5, "write: %s",
	      strerror(errno));
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0, "first read");
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 5 && memcmp(buf, "defgh", 5) == 0, "second read");
	CHECK(n, !(fcntl(fds[0], F_GETFL) & O_DIRECT) && (fcntl(fds[1], F_GETFL) & O_DIRECT),
	      "F_GETFL: O_DIRECT on the write end only, as Linux");
	ok(n);
}

static void t_truncate(void)
{
	const char *n = "pkt-short-read";

	if (open_pipe(n, O_DIRECT | O_NONBLOCK))
		return;
	write(fds[1], "0123456789", 10);
	write(fds[1], "next", 4);
	CHECK(n, read(fds[0], buf, 4) == 4 && memcmp(buf, "0123", 4) == 0, "short read");
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 4 && memcmp(buf, "next", 4) == 0,
	      "the rest of the first packet was not dropped");
	CHECK_ERR(n, read(fds[0], buf, sizeof(buf)), EAGAIN);
	ok(n);
}

static void t_split(void)
{
	const char *n = "pkt-split";
	static char big[10000];

	if (open_pipe(n, O_DIRECT))
		return;
	memset(big, 'x', sizeof(big));
	CHECK(n, write(fds[1], big, sizeof(big)) == (ssize_t)sizeof(big), "write");
	long a = read(fds[0], buf, sizeof(buf)), b = read(fds[0], buf, sizeof(buf)),
	     c = read(fds[0], buf, sizeof(buf));
	CHECK(n, a == PIPE_BUF_BYTES && b == PIPE_BUF_BYTES && c == 10000 - 2 * PIPE_BUF_BYTES,
	      "reads %ld %ld %ld, want 4096 4096 1808", a, b, c);
	ok(n);
}

static void t_empty(void)
{
	const char *n = "pkt-empty-write";

	if (open_pipe(n, O_DIRECT | O_NONBLOCK))
		return;
	CHECK(n, write(fds[1], buf, 0) == 0, "empty write");
	CHECK_ERR(n, read(fds[0], buf, sizeof(buf)), EAGAIN);
	ok(n);
}

/* Each packet takes one of the pipe's 16 page slots. */
static void t_capacity(void)
{
	const char *n = "pkt-capacity";
	struct pollfd pf;
	int count = 0;

	if (open_pipe(n, O_DIRECT | O_NONBLOCK))
		return;
	while (count < 100 && write(fds[1], "x", 1) == 1)
		count++;
	CHECK(n, count == 16 && errno == EAGAIN, "%d one-byte packets fit (errno %d), want 16",
	      count, errno);
	pf.fd = fds[1];
	pf.events = POLLOUT;
	CHECK(n, poll(&pf, 1, 0) == 0, "full of packets, yet POLLOUT");
	read(fds[0], buf, sizeof(buf));
	CHECK(n, poll(&pf, 1, 0) == 1 && (pf.revents & POLLOUT), "a slot free, no POLLOUT");
	CHECK(n, write(fds[1], "y", 1) == 1, "one more after a read");
	ok(n);
}

/* F_SETFL O_DIRECT switches a pipe's write end. As on Linux a write's
 * remainder still merges into a page of stream bytes before it; into an
 * empty pipe or after a packet it is a packet. */
static void t_setfl(void)
{
	const char *n = "pkt-setfl";
	long r;

	if (open_pipe(n, O_NONBLOCK))
		return;
	write(fds[1], "ab", 2);
	write(fds[1], "cd", 2);
	CHECK(n, fcntl(fds[1], F_SETFL, O_NONBLOCK | O_DIRECT) == 0, "F_SETFL: %s", strerror(errno));
	CHECK(n, fcntl(fds[1], F_GETFL) & O_DIRECT, "F_GETFL lacks O_DIRECT");
	write(fds[1], "XYZ", 3);
	write(fds[1], "PQ", 2);
	r = read(fds[0], buf, sizeof(buf));
	CHECK(n, r == 9 && memcmp(buf, "abcdXYZPQ", 9) == 0, "merged into the stream page: %ld", r);
	write(fds[1], "12", 2);
	write(fds[1], "345", 3);
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 2 && read(fds[0], buf, sizeof(buf)) == 3,
	      "packets into an empty pipe");
	write(fds[1], "P1", 2);
	CHECK(n, fcntl(fds[1], F_SETFL, O_NONBLOCK) == 0, "F_SETFL back");
	write(fds[1], "s1", 2);
	write(fds[1], "s2", 2);
	r = read(fds[0], buf, sizeof(buf));
	CHECK(n, r == 2 && memcmp(buf, "P1", 2) == 0, "the packet alone: %ld", r);
	r = read(fds[0], buf, sizeof(buf));
	CHECK(n, r == 4 && memcmp(buf, "s1s2", 4) == 0, "then the stream: %ld", r);
	ok(n);
}

/* F_SETPIPE_SZ cannot leave fewer slots than packets buffered. */
static void t_resize(void)
{
	const char *n = "pkt-setpipe-sz";

	if (open_pipe(n, O_DIRECT | O_NONBLOCK))
		return;
	write(fds[1], "a", 1);
	write(fds[1], "b", 1);
	write(fds[1], "c", 1);
	CHECK_ERR(n, fcntl(fds[1], F_SETPIPE_SZ, 4096), EBUSY);
	CHECK(n, fcntl(fds[1], F_SETPIPE_SZ, 4 * 4096) == 4 * 4096, "to 4 slots: %s", strerror(errno));
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 1 && buf[0] == 'a', "the first packet after it");
	read(fds[0], buf, sizeof(buf));
	CHECK(n, fcntl(fds[1], F_SETPIPE_SZ, 4096) == 4096, "to 1 slot with one packet: %s",
	      strerror(errno));
	CHECK(n, read(fds[0], buf, sizeof(buf)) == 1 && buf[0] == 'c', "the last packet");
	ok(n);
}

static void t_bad_flags(void)
{
	const char *n = "pkt-pipe2-einval";

	CHECK_ERR(n, pipe2(fds, O_DIRECT | O_APPEND), EINVAL);
	ok(n);
}

/* A blocked packet reader gets a whole packet from another process. */
static void t_across_fork(void)
{
	const char *n = "pkt-across-fork";
	int st;

	if (open_pipe(n, O_DIRECT))
		return;
	pid_t pid = fork();
	if (pid == 0) {
		for (int i = 0; i < 50; i++) {
			char m[32];
			int len = snprintf(m, sizeof(m), "message %d", i);
			if (write(fds[1], m, len) != len)
				_exit(1);
		}
		_exit(0);
	}
	close(fds[1]);
	int i = 0;
	long r;
	while ((r = read(fds[0], buf, sizeof(buf))) > 0) {
		char m[32];
		int len = snprintf(m, sizeof(m), "message %d", i);
		CHECK(n, r == len && memcmp(buf, m, len) == 0, "read %d: %ld bytes", i, r);
		i++;
	}
	waitpid(pid, &st, 0);
	CHECK(n, i == 50 && st == 0, "%d packets, child status 0x%x", i, st);
	ok(n);
}

static const struct {
	void (*fn)(void);
} cases[] = {
	{ t_basic }, { t_truncate }, { t_split }, { t_empty }, { t_capacity },
	{ t_setfl }, { t_resize }, { t_bad_flags }, { t_across_fork },
};

int main(void)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cases[i].fn();
			_exit(failures != 0);
		}
		waitpid(pid, &st, 0);
		if (!WIFEXITED(st) || WEXITSTATUS(st))
			failures++;
	}
	return failures != 0;
}
