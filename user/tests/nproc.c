/* RLIMIT_NPROC: fork and thread creation fail with EAGAIN at the limit; the
 * kernel survives, everything is reaped and forking works again. */
#include "clonetest.h"

#define RLIMIT_NPROC 6
#ifdef SYS_setrlimit		/* glibc headers (native build for tests/difftest) */
#define SYS_setrlimit_NR SYS_setrlimit
#else
#define SYS_setrlimit_NR 164
#endif
struct rlim { unsigned long cur, max; };

#define MAXKIDS 300

static int set_nproc(unsigned long n)
{
	struct rlim r = { n, n };

	return (int)__syscall2(SYS_setrlimit_NR, RLIMIT_NPROC, &r);
}

static void forks(const char *name)
{
	static pid_t kids[MAXKIDS];
	int p[2], n = 0, st, bad = 0;
	long r = 0;

	if ((r = set_nproc(16)) != 0) {
		fail(name, "setrlimit(RLIMIT_NPROC, 16): %ld", r);
		return;
	}
	pipe(p);
	while (n < MAXKIDS) {
		char c;

		r = raw_clone(SIGCHLD, 0, 0, 0, 0);
		if (r == 0) {
			close(p[1]);
			read(p[0], &c, 1);	/* until the parent closes */
			_exit(0);
		}
		if (r < 0)
			break;
		kids[n++] = r;
	}
	close(p[1]);
	close(p[0]);
	for (int i = 0; i < n; i++)
		if (waitpid(kids[i], &st, 0) != kids[i] || st != 0)
			bad++;
	if (r != -EAGAIN)
		fail(name, "%d forks, then %ld; want -EAGAIN (%d) before %d", n, r, -EAGAIN, MAXKIDS);
	else if (n > 16)
		fail(name, "%d children alive under RLIMIT_NPROC 16", n);
	else if (bad)
		fail(name, "%d children did not exit cleanly", bad);
	else if (raw_wait4(-1, NULL, WNOHANG | __WALL) != -ECHILD)
		fail(name, "children left over");
	else {
		pid_t pid = fork();

		if (pid == 0)
			_exit(0);
		if (pid < 0)
			fail(name, "fork after reaping everything: %s", strerror(errno));
		else {
			waitpid(pid, &st, 0);
			printf("# %s: %d children before EAGAIN\n", name, n);
			ok(name);
		}
	}
}

static volatile int stop;

static int parked(void *a)
{
	(void)a;
	while (!stop)
		futex_wait(&stop, 0);
	return 0;
}

static void threads(const char *name)
{
	static volatile int ct[MAXKIDS];
	static char *stk[MAXKIDS];
	int n = 0;
	long r = 0;

	for (int i = 0; i < MAXKIDS; i++)
		stk[i] = NULL;
	if ((r = set_nproc(16)) != 0) {
		fail(name, "setrlimit: %ld", r);
		return;
	}
	while (n < MAXKIDS) {
		if (!stk[n])
			stk[n] = new_stack(16384);
		r = clone(parked, stk[n], THREAD_FLAGS | CLONE_CHILD_CLEARTID | CLONE_PARENT_SETTID,
			  NULL, &ct[n], NULL, &ct[n]);
		if (r < 0) {
			r = -errno;
			break;
		}
		n++;
	}
	stop = 1;
	futex_wake(&stop, MAXKIDS);
	for (int i = 0; i < n; i++)
		join_tid(&ct[i]);
	if (r != -EAGAIN)
		fail(name, "%d threads, then %ld; want -EAGAIN", n, r);
	else if (n > 16)
		fail(name, "%d threads alive under RLIMIT_NPROC 16", n);
	else {
		printf("# %s: %d threads before EAGAIN\n", name, n);
		ok(name);
	}
}

static const struct tcase cases[] = {
	{ "nproc-fork-eagain", forks, 60 },
	{ "nproc-thread-eagain", threads, 60 },
};

int main(void)
{
	return RUN(cases);
}
