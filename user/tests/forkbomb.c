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
 * (SIGSEGV or SIGKILL) or mmap fails; the kernel survives and everything
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
	if (WIFEXITED(st) && WEXITSTATUS(st) != 3)
		fail(name, "status 0x%x", st);
	else if (p2 < pages)
		fail(name, "PagesFree %ld, was %ld", p2, pages);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "forkbomb-recovers", bomb, 120 },
	{ "oom-touch-recovers", eat_memory, 120 },
};

int main(void)
{
	return RUN(cases);
}
