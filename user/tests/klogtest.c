/* syslog (116) and dmesg: the kernel log ring that printk fills.
 * cleave-only (the ring size and messages are cleave's; a container's
 * Linux usually refuses syslog), so it is not in difftest. */
#include <sys/prctl.h>
#include <sys/wait.h>
#include "clonetest.h"


#define LOG(type, buf, len) syscall(SYS_syslog, (type), (buf), (len))

static char big[70000];

/* A child named comm makes the kernel log a line: it is killed by a
 * fault ("cleave: pid N (comm) killed: ..."). */
static void make_line(const char *comm)
{
	pid_t pid = fork();
	if (pid == 0) {
		prctl(PR_SET_NAME, (unsigned long)comm, 0, 0, 0);
		volatile long bad = 16;
		*(volatile int *)bad = 1;
		_exit(0);
	}
	raw_wait4(pid, NULL, 0);
}

static void klog_errors(const char *name)
{
	char b[16];

	CHECK_ERR(name, LOG(99, b, 16), EINVAL);
	CHECK_ERR(name, LOG(-1, b, 16), EINVAL);
	CHECK_ERR(name, LOG(3, NULL, 16), EINVAL);
	CHECK_ERR(name, LOG(3, b, -1), EINVAL);
	CHECK_ERR(name, LOG(2, NULL, 16), EINVAL);
	CHECK_ERR(name, LOG(3, (void *)8, 16), EFAULT);
	CHECK_ERR(name, LOG(8, NULL, 0), EINVAL);
	CHECK_ERR(name, LOG(8, NULL, 9), EINVAL);
	CHECK(name, LOG(8, NULL, 1) == 0, "CONSOLE_LEVEL 1");
	CHECK(name, LOG(3, b, 0) == 0, "READ_ALL of 0 bytes");
	CHECK(name, LOG(0, NULL, 0) == 0 && LOG(1, NULL, 0) == 0, "CLOSE/OPEN");
	ok(name);
}

static void klog_read_all(const char *name)
{
	long size = LOG(10, NULL, 0), n, m;
	char tail[16];

	CHECK(name, size == 65536, "SIZE_BUFFER %ld, want 65536", size);
	n = LOG(3, big, (int)sizeof(big));
	CHECK(name, n > 0 && n <= size, "READ_ALL returned %ld", n);
	big[n] = 0;
	CHECK(name, strstr(big, "vfs: root is"), "no boot line in the log");
	m = LOG(3, tail, 10);
	CHECK(name, m == 10, "READ_ALL of 10 returned %ld", m);
	CHECK(name, memcmp(tail, big + n - 10, 10) == 0, "a short READ_ALL is not the newest bytes");
	ok(name);
}

static void klog_clear(const char *name)
{
	long n;

	CHECK(name, LOG(5, NULL, 0) == 0, "CLEAR");
	make_line("klogmark1");
	n = LOG(3, big, (int)sizeof(big));
	CHECK(name, n > 0, "READ_ALL after a clear and a line: %ld", n);
	big[n] = 0;
	CHECK(name, strstr(big, "klogmark1") && !strstr(big, "vfs: root is"),
	      "after CLEAR: '%.200s'", big);
	/* READ_CLEAR returns it and clears */
	n = LOG(4, big, (int)sizeof(big));
	CHECK(name, n > 0, "READ_CLEAR %ld", n);
	CHECK(name, LOG(3, big, (int)sizeof(big)) == 0, "not cleared by READ_CLEAR");
	ok(name);
}

static void klog_read(const char *name)
{
	char b[4096];
	long n, u;

	make_line("klogmark2");
	/* Consume everything unread, then exactly the next line. */
	while ((u = LOG(9, NULL, 0)) > 0)
		LOG(2, b, sizeof(b));
	CHECK(name, u == 0, "SIZE_UNREAD %ld", u);
	make_line("klogmark3");
	u = LOG(9, NULL, 0);
	CHECK(name, u > 0, "SIZE_UNREAD after a line: %ld", u);
	n = LOG(2, b, sizeof(b) - 1);
	CHECK(name, n == u, "READ returned %ld, unread was %ld", n, u);
	b[n] = 0;
	CHECK(name, strstr(b, "klogmark3") && !strstr(b, "klogmark2"), "READ gave '%s'", b);
	CHECK(name, LOG(9, NULL, 0) == 0, "READ did not consume");
	ok(name);
}

static void klog_dmesg(const char *name)
{
	int p[2];
	char out[70000];
	ssize_t n = 0, r;

	make_line("klogmark4");
	CHECK(name, pipe(p) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		dup2(p[1], 1);
		execl("/bin/dmesg", "dmesg", (char *)NULL);
		_exit(127);
	}
	close(p[1]);
	while (n < (ssize_t)sizeof(out) - 1 && (r = read(p[0], out + n, sizeof(out) - 1 - n)) > 0)
		n += r;
	out[n] = 0;
	int st = 0;
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "dmesg status 0x%x", st);
	CHECK(name, strstr(out, "klogmark4"), "dmesg output lacks the line (%zd bytes)", n);
	ok(name);
}

static const struct tcase cases[] = {
	{ "klog-errors", klog_errors, 0 },
	{ "klog-read-all", klog_read_all, 0 },
	{ "klog-clear", klog_clear, 0 },
	{ "klog-read", klog_read, 0 },
	{ "klog-dmesg", klog_dmesg, 0 },
};

int main(void)
{
	return RUN(cases);
}
