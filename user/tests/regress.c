/* Regressions found in review: each case once hung, corrupted or
 * misreported something. */
#include "clonetest.h"

static volatile int got_usr1;
static void on_usr1(int sig) { got_usr1 = sig; }

/* A vfork parent with a signal pending (not SIGKILL) must still sleep
 * until the child leaves, then take the signal. It used to spin with the
 * completion's lock held and hang the machine. */
static void vfork_signal_pending(const char *name)
{
	signal(SIGUSR1, on_usr1);
	long pid = raw_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		__syscall2(SYS_kill, __syscall0(SYS_getppid), SIGUSR1);
		raw_sleep_ms(50);
		__syscall1(SYS_exit_group, 7);
	}
	int st;
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 7 << 8)
		fail(name, "pid %ld status 0x%x", pid, st);
	else if (got_usr1 != SIGUSR1)
		fail(name, "the handler did not run after vfork returned");
	else
		ok(name);
}

/* The kernel writing into a PROT_WRITE-only page and reading a
 * PROT_EXEC-only one: Sv39 has no write-only PTE, so such pages are
 * readable; the kernel's copy loops used to fault forever on them. */
static void write_only_uaccess(const char *name)
{
	struct timespec *ts = mmap(NULL, 4096, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	char *x = mmap(NULL, 4096, PROT_EXEC, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int p[2];
	if (ts == MAP_FAILED || x == MAP_FAILED || pipe(p)) {
		fail(name, "mmap/pipe");
		return;
	}
	long r1 = __syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, ts);
	long r2 = __syscall3(SYS_write, p[1], x, 16);
	if (r1 != 0)
		fail(name, "clock_gettime into a write-only page: %ld", r1);
	else if (ts->tv_sec == 0 && ts->tv_nsec == 0)
		fail(name, "nothing was written");
	else if (r2 != 16)
		fail(name, "write from an exec-only page: %ld", r2);
	else
		ok(name);
	close(p[0]);
	close(p[1]);
}

/* A child forked by one thread can be waited for by another thread of
 * the group, and outlives its parent thread as the group's child. */
static volatile long forked_pid;
static int forker(void *arg)
{
	(void)arg;
	long pid = raw_clone(SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		raw_sleep_ms(100);
		__syscall1(SYS_exit_group, 9);
	}
	forked_pid = pid;
	return 0;	/* this thread exits before its child */
}

static void thread_children(const char *name)
{
	static volatile int ctid = 1;
	if (clone(forker, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID, NULL,
		  NULL, NULL, (int *)&ctid) < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	join_tid(&ctid);
	int st;
	long r = raw_wait4(forked_pid, &st, 0);
	if (forked_pid <= 0)
		fail(name, "the thread's fork failed: %ld", forked_pid);
	else if (r != forked_pid)
		fail(name, "wait4 from another thread: %ld, want %ld", r, forked_pid);
	else if (st != 9 << 8)
		fail(name, "status 0x%x", st);
	else
		ok(name);
}

/* getdents64 after an lseek into the middle of a directory entry used to
 * read a garbage inode number and panic; entries are whole again. */
static void getdents_misaligned(const char *name)
{
	char buf[4096];
	int fd = open("/", O_RDONLY | O_DIRECTORY);
	long n0 = __syscall3(SYS_getdents64, fd, buf, sizeof(buf));
	for (long off = 1; off < 256; off += 7) {
		__syscall3(SYS_lseek, fd, off, SEEK_SET);
		long n = __syscall3(SYS_getdents64, fd, buf, sizeof(buf));
		if (n < 0 || n > n0) {
			fail(name, "offset %ld: getdents64 %ld (from 0: %ld)", off, n, n0);
			close(fd);
			return;
		}
	}
	close(fd);
	ok(name);
}

static const struct tcase cases[] = {
	{ "regress-getdents-misaligned", getdents_misaligned },
	{ "regress-vfork-signal-pending", vfork_signal_pending },
	{ "regress-write-exec-only-uaccess", write_only_uaccess },
	{ "regress-wait-thread-children", thread_children },
};

int main(void)
{
	return RUN(cases);
}
