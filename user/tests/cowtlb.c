/* COW versus stale TLB entries on SMP: sibling threads keep writing to a
 * page on other harts while the main thread forks. fork write-protects the
 * page in the parent and must shoot down every hart's writable TLB entry
 * before it returns; a thread still writing through a stale entry would
 * change the page the child now shares, so the child's snapshot would move. */
#include "clonetest.h"

#define NTHREADS 3
#define ROUNDS 30

static volatile long counters[NTHREADS][8] __attribute__((aligned(4096)));
static volatile int stop;
static volatile int ctids[NTHREADS];

static int writer(void *arg)
{
	long i = (long)arg;
	while (!stop)
		counters[i][0]++;
	return 0;
}

static void fork_under_writers(const char *name)
{
	for (long i = 0; i < NTHREADS; i++) {
		ctids[i] = 1;
		if (clone(writer, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
			  (void *)i, NULL, NULL, (int *)&ctids[i]) < 0) {
			fail(name, "clone writer: %s", strerror(errno));
			return;
		}
	}
	raw_sleep_ms(20);	/* let the writers get going on their harts */
	int bad = 0;
	for (int r = 0; r < ROUNDS && !bad; r++) {
		long pid = raw_clone(SIGCHLD, 0, 0, 0, 0);
		if (pid == 0) {
			long snap[NTHREADS];
			for (int i = 0; i < NTHREADS; i++)
				snap[i] = counters[i][0];
			raw_sleep_ms(10);
			for (int i = 0; i < NTHREADS; i++)
				if (counters[i][0] != snap[i])
					__syscall1(SYS_exit_group, 1);
			__syscall1(SYS_exit_group, 0);
		}
		int st;
		if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
			bad = pid < 0 ? -1 : st;
	}
	stop = 1;
	for (int i = 0; i < NTHREADS; i++)
		join_tid(&ctids[i]);
	if (bad)
		fail(name, "a child saw the parent's threads write to its snapshot (status 0x%x)", bad);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "cow-tlb-shootdown", fork_under_writers, 60 },
};

int main(void)
{
	return RUN(cases);
}
