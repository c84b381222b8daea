/* Resource exhaustion: a fork bomb (no RLIMIT_NPROC) and an exhausting
 * allocation loop must end in EAGAIN/ENOMEM, never a panic or hang; after
 * the bomb is killed and reaped, free pages and kmalloc objects return to
 * their baseline. */
#include "clonetest.h"

static long free_pages_settled(long base)
{
	long v = meminfo("PagesFree");
	for (int i = 0; i < 50 && v < base; i++) {	/* deferred frees */
		raw_sleep_ms(20);
		v = meminfo("PagesFree");
	}
	return v;
}

/* The bomb runs in its own process group; every member forks as fast as
 * it can until forks fail, then waits to be killed. */
static void bomb(const char *name)
{
	long pages = meminfo("PagesFree"), objs = meminfo("SlabObjects");
	int pfd[2];
	if (pipe(pfd)) {
		fail(name, "pipe");
		return;
	}
	pid_t leader = fork();
	if (leader == 0) {
		setpgid(0, 0);
		close(pfd[0]);
		/* members that report after the test stopped reading must not
		 * die of SIGPIPE: only the test's SIGKILL ends the bomb */
		signal(SIGPIPE, SIG_IGN);
		int failed = 0;
		for (int i = 0; i < 100000 && failed < 3; i++) {
			long p = raw_clone(SIGCHLD, 0, 0, 0, 0);
			if (p < 0) {
				failed++;
				if (p != -EAGAIN && p != -ENOMEM)
					__syscall3(SYS_write, pfd[1], "E", 1);
			}
		}
		__syscall3(SYS_write, pfd[1], "x", 1);	/* someone saw failures */
		for (;;)
			raw_sleep_ms(1000);
	}
	close(pfd[1]);
	char c = 0, bad = 0;
	while (read(pfd[0], &c, 1) == 1 && c != 'x')
		bad |= c == 'E';
	close(pfd[0]);
	raw_sleep_ms(200);
	kill(-leader, SIGKILL);
	/* reap our child; grandchildren are orphans reaped by init */
	int st;
	waitpid(leader, &st, 0);
	long procs;
	for (int i = 0; i < 200; i++) {
		procs = meminfo("Tasks");
		if (procs >= 0 && procs <= 4)
			break;
		raw_sleep_ms(50);
	}
	long p2 = free_pages_settled(pages), o2 = meminfo("SlabObjects");
	if (bad)
		fail(name, "fork failed with something other than EAGAIN/ENOMEM");
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail(name, "bomb leader status 0x%x", st);
	else if (p2 < pages || o2 > objs)
		fail(name, "after the bomb: PagesFree %ld (was %ld), SlabObjects %ld (was %ld), tasks %ld",
		     p2, pages, o2, objs, procs);
	else
		ok(name);
}

/* Touch anonymous memory until the kernel says no: the toucher is killed
 * (SIGKILL: the OOM killer) or mmap fails; the kernel survives and everything
 * comes back. */
static void eat_memory(const char *name)
{
	long pages = meminfo("PagesFree");
	pid_t pid = fork();
	if (pid == 0) {
		for (;;) {
			char *p = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (p == MAP_FAILED)
				_exit(3);
			for (int i = 0; i < (1 << 20); i += 4096)
				p[i] = 1;
		}
	}
	int st;
	waitpid(pid, &st, 0);
	long p2 = free_pages_settled(pages);
	if ((WIFEXITED(st) && WEXITSTATUS(st) != 3) || (WIFSIGNALED(st) && WTERMSIG(st) != SIGKILL))
		fail(name, "status 0x%x", st);
	else if (p2 < pages)
		fail(name, "PagesFree %ld, was %ld", p2, pages);
	else
		ok(name);
}

/* Heuristic overcommit (Linux's default): one request larger than all of
 * RAM fails at once with ENOMEM; smaller ones are granted lazily. */
static void overcommit_brk(const char *name)
{
	long ram = meminfo("MemTotal") * 1024;
	long cur = __syscall1(SYS_brk, 0);
	long r1 = __syscall1(SYS_brk, 0x400000001L);
	long r2 = __syscall1(SYS_brk, cur + ram + 4096);
	errno = 0;
	void *s = sbrk(ram + 4096);
	int e = errno;
	long r3 = __syscall1(SYS_brk, cur + (8 << 20));	/* 8 MiB: fine */
	long r4 = __syscall1(SYS_brk, cur);
	if (ram <= 0 || r1 != cur || r2 != cur || s != (void *)-1 || e != ENOMEM ||
	    r3 != cur + (8 << 20) || r4 != cur)
		fail(name, "RAM %ld: brk(0x400000001) %#lx, brk(+RAM) %#lx (brk was %#lx), sbrk %p "
			   "errno %d, brk(+8M) %#lx, back %#lx", ram, r1, r2, cur, s, e, r3, r4);
	else
		ok(name);
}

static void overcommit_mmap(const char *name)
{
	long ram = meminfo("MemTotal") * 1024, big = ram + 4096;
	const int A = MAP_PRIVATE | MAP_ANONYMOUS;
	int okk = expect_err(name, (long)mmap(NULL, big, PROT_READ | PROT_WRITE, A, -1, 0), ENOMEM) &&
		  expect_err(name, (long)mmap(NULL, big, PROT_READ | PROT_WRITE,
					      MAP_SHARED | MAP_ANONYMOUS, -1, 0), ENOMEM);
	if (!okk)
		return;
	/* not accounted: read-only, or MAP_NORESERVE; and a fitting request */
	void *a = mmap(NULL, big, PROT_READ, A, -1, 0);
	void *b = mmap(NULL, big, PROT_READ | PROT_WRITE, A | MAP_NORESERVE, -1, 0);
	void *c = mmap(NULL, ram / 2, PROT_READ | PROT_WRITE, A, -1, 0);
	if (a == MAP_FAILED || b == MAP_FAILED || c == MAP_FAILED)
		fail(name, "read-only %p, noreserve %p, half of RAM %p", a, b, c);
	else
		ok(name);
}

/* A process touching more than RAM is the one the OOM killer picks (the
 * largest): it dies of SIGKILL, a smaller bystander and the test live on,
 * and every page comes back. */
static void oom_kills_largest(const char *name)
{
	long pages = meminfo("PagesFree");
	int p[2], q[2];
	if (pipe(p) || pipe(q)) {
		fail(name, "pipe");
		return;
	}
	pid_t by = fork();
	if (by == 0) {
		close(p[1]);
		close(q[0]);
		char *m = mmap(NULL, 4 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		for (int i = 0; m != MAP_FAILED && i < (4 << 20); i += 4096)
			m[i] = 1;
		write(q[1], "r", 1);
		char c;
		read(p[0], &c, 1);	/* until the test closes the pipe */
		_exit(m == MAP_FAILED ? 4 : 0);
	}
	close(p[0]);
	close(q[1]);
	char c;
	read(q[0], &c, 1);
	close(q[0]);
	pid_t hog = fork();
	if (hog == 0) {
		for (;;) {
			char *m = mmap(NULL, 16 << 20, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			if (m == MAP_FAILED)
				_exit(3);
			for (int i = 0; i < (16 << 20); i += 4096)
				m[i] = 1;
		}
	}
	int st = 0, bst = 0;
	waitpid(hog, &st, 0);
	int alive = kill(by, 0) == 0;
	close(p[1]);
	waitpid(by, &bst, 0);
	long p2 = free_pages_settled(pages);
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail(name, "the hog ended with status 0x%x, want SIGKILL", st);
	else if (!alive || bst != 0)
		fail(name, "the bystander: alive %d, status 0x%x", alive, bst);
	else if (p2 < pages)
		fail(name, "PagesFree %ld, was %ld", p2, pages);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "forkbomb-recovers", bomb, 120 },
	{ "oom-touch-recovers", eat_memory, 120 },
	{ "overcommit-brk", overcommit_brk },
	{ "overcommit-mmap", overcommit_mmap },
	{ "oom-kills-largest", oom_kills_largest, 120 },
};

int main(void)
{
	return RUN(cases);
}
