/* Direct tests for faults mutation testing showed the rest of the suite
 * would miss: each case fails when the kernel code it names is broken
 * (see the comment on each). cleave-specific: reads /proc/meminfo
 * (PagesFree, SlabObjects, PageFaults) and /proc/tasks. */
#include <sys/resource.h>
#include "clonetest.h"

/* State letter of pid in /proc/tasks ("PID PPID STATE NAME"), 0 if absent. */
static char task_state(long pid)
{
	static char buf[16384];
	int fd = open("/proc/tasks", O_RDONLY);
	ssize_t n = 0, r;
	if (fd < 0)
		return '?';
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (char *p = strchr(buf, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *q;
		long tp = strtol(p + 1, &q, 10);
		strtol(q, &q, 10);
		while (*q == ' ')
			q++;
		if (tp == pid)
			return *q;
	}
	return 0;
}

/* Polls until every pid sleeps (state S or D); 0 if one never does. */
static int all_asleep(const pid_t *pids, int n)
{
	for (int round = 0; round < 20000; round++) {
		int k = 0;
		for (int i = 0; i < n; i++) {
			char s = task_state(pids[i]);
			k += s == 'S' || s == 'D';
		}
		if (k == n)
			return 1;
		raw_sleep_ms(1);
	}
	return 0;
}

static long settled(const char *key, long base, int up)
{
	long v = meminfo(key);
	for (int i = 0; i < 100 && (up ? v < base : v > base); i++) {
		raw_sleep_ms(20);
		v = meminfo(key);
	}
	return v;
}

/* (a) clone failing after copy_mm (the caller is being killed: exit_group
 * from another thread while this one forks, or a thread joining a group
 * that is exiting) must drop the new mm. Breaking bad_mm's mmput in
 * kernel/fork.c leaks the copied address space: PagesFree stays low. */
static int thread_exit0(void *arg)
{
	(void)arg;
	return 0;
}

/* Forks processes and threads (each exits at once) until killed. */
static int forker(void *arg)
{
	static char stacks[2][8192] __attribute__((aligned(16)));
	int me = (int)(long)arg;
	for (;;) {
		long r = raw_clone(SIGCHLD, 0, 0, 0, 0);
		if (r == 0)
			__syscall1(SYS_exit_group, 0);
		/* one thread at a time per forker: wait for it before reusing
		 * its stack */
		static volatile int ctid[2];
		ctid[me] = 1;
		if (clone(thread_exit0, stacks[me] + sizeof(stacks[me]),
			  THREAD_FLAGS | CLONE_CHILD_CLEARTID, NULL, NULL, NULL, (int *)&ctid[me]) > 0)
			join_tid(&ctid[me]);
	}
	return 0;
}

static void clone_fail_no_leak(const char *name)
{
	long pages = meminfo("PagesFree"), objs = meminfo("SlabObjects");
	for (int round = 0; round < 40; round++) {
		pid_t p = fork();
		if (p == 0) {
			/* some resident memory, so a leaked copy shows */
			char *m = mmap(NULL, 64 << 10, PROT_READ | PROT_WRITE,
				       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
			for (int i = 0; i < (64 << 10); i += 4096)
				m[i] = 1;
			for (long t = 0; t < 2; t++)
				clone(forker, new_stack(STACK_SIZE), THREAD_FLAGS, (void *)t);
			raw_sleep_ms(1 + round % 5);
			__syscall1(SYS_exit_group, 0);	/* kills the forking threads mid-clone */
		}
		int st;
		waitpid(p, &st, 0);
	}
	/* orphans are reaped by init */
	for (int i = 0; i < 200 && meminfo("Tasks") > 4; i++)
		raw_sleep_ms(20);
	long p2 = settled("PagesFree", pages, 1), o2 = settled("SlabObjects", objs, 0);
	if (p2 < pages || o2 > objs)
		fail(name, "PagesFree %ld (was %ld), SlabObjects %ld (was %ld), Tasks %ld", p2, pages, o2,
		     objs, meminfo("Tasks"));
	else
		ok(name);
}

/* (c) A COW write fault maps the copy writable: exactly one fault per page
 * written. Mapping it read-only (then upgrading on a second fault) would
 * double the count. */
static void cow_one_fault_per_page(const char *name)
{
	enum { N = 64 };
	char *m = mmap(NULL, N * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	for (int i = 0; i < N; i++)
		m[i * 4096] = 1;
	int p[2];
	if (pipe(p)) {
		fail(name, "pipe");
		return;
	}
	pid_t c = fork();
	if (c == 0) {
		/* its own faults: the parent's, or any other process's,
		 * at the same time are not counted */
		long res[2];
		struct rusage ru;
		getrusage(RUSAGE_SELF, &ru);	/* warm up: its stack page is ours now */
		getrusage(RUSAGE_SELF, &ru);
		long f0 = ru.ru_minflt;
		for (int i = 0; i < N; i++)
			m[i * 4096] = 2;
		getrusage(RUSAGE_SELF, &ru);
		long f1 = ru.ru_minflt;
		res[0] = f1 - f0;
		/* a second write to each page faults no more */
		for (int i = 0; i < N; i++)
			m[i * 4096 + 8] = 3;
		getrusage(RUSAGE_SELF, &ru);
		res[1] = ru.ru_minflt - f1;
		write(p[1], res, sizeof(res));
		_exit(0);
	}
	long res[2] = { -1, -1 };
	read(p[0], res, sizeof(res));
	int st;
	waitpid(c, &st, 0);
	if (m[0] != 1)
		fail(name, "the parent's page changed");
	else if (res[0] != N || res[1] != 0)
		fail(name, "%d COW writes took %ld faults, then %ld more for rewrites (want %d, 0)", N,
		     res[0], res[1], N);
	else
		ok(name);
}

/* (d) sigreturn restores the mask the handler interrupted; the handler
 * itself runs with sa_mask and its own signal added. */
static volatile sigset_t in_handler;
static void on_usr1(int sig)
{
	(void)sig;
	sigset_t s;
	sigprocmask(SIG_BLOCK, NULL, &s);
	in_handler = s;
}

static void sigreturn_restores_mask(const char *name)
{
	sigset_t before, after, set, want_in;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigaddset(&set, SIGHUP);
	sigprocmask(SIG_SETMASK, &set, NULL);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, SIGTERM);
	sigaction(SIGUSR1, &sa, NULL);
	sigprocmask(SIG_BLOCK, NULL, &before);
	kill(getpid(), SIGUSR1);
	sigprocmask(SIG_BLOCK, NULL, &after);
	want_in = before;
	sigaddset(&want_in, SIGUSR1);
	sigaddset(&want_in, SIGTERM);
	if (after != before)
		fail(name, "mask after the handler %#lx, before %#lx", (unsigned long)after,
		     (unsigned long)before);
	else if (in_handler != want_in)
		fail(name, "mask in the handler %#lx, want %#lx", (unsigned long)in_handler,
		     (unsigned long)want_in);
	else
		ok(name);
}

/* (e) wakeup() wakes every sleeper on a channel: several readers blocked
 * on one empty pipe all see EOF when the last writer closes it. Waking
 * only the first sleeper leaves the others asleep (the case times out). */
static void wakeup_all_sleepers(const char *name)
{
	enum { N = 4 };
	int p[2];
	pid_t kids[N];
	if (pipe(p)) {
		fail(name, "pipe");
		return;
	}
	for (int i = 0; i < N; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			close(p[1]);
			char c;
			_exit(read(p[0], &c, 1) == 0 ? 0 : 1);
		}
	}
	close(p[0]);
	if (!all_asleep(kids, N)) {
		fail(name, "readers never went to sleep");
		close(p[1]);
		return;
	}
	close(p[1]);
	int bad = 0, st;
	for (int i = 0; i < N; i++)
		if (waitpid(kids[i], &st, 0) != kids[i] || st != 0)
			bad++;
	if (bad)
		fail(name, "%d of %d readers did not see EOF", bad, N);
	else
		ok(name);
}

/* Several parents in wait4 on one signal_struct channel? No: one channel
 * with several sleepers is several threads of one group in wait4 for
 * their children; the group's child exiting wakes them all, each then
 * finds ECHILD or its child. Covered by the pipe case above. */

/* (f) SIGKILL ends a killable sleep: a vfork parent waits (killably) for
 * a child that never execs or exits; SIGKILL to the parent ends it. */
static void sigkill_ends_vfork_wait(const char *name)
{
	int p[2];
	if (pipe(p)) {
		fail(name, "pipe");
		return;
	}
	pid_t parent = fork();
	if (parent == 0) {
		close(p[0]);
		long c = raw_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
		if (c == 0) {
			long me = __syscall0(SYS_getpid);
			__syscall3(SYS_write, p[1], &me, sizeof(me));
			for (;;)
				raw_sleep_ms(1000);
		}
		_exit(7);	/* never: the vfork wait does not end */
	}
	close(p[1]);
	long child = 0;
	read(p[0], &child, sizeof(child));
	close(p[0]);
	pid_t pp[1] = { parent };
	int asleep = all_asleep(pp, 1);
	kill(parent, SIGKILL);
	int st = 0;
	waitpid(parent, &st, 0);
	if (child > 0)
		kill(child, SIGKILL);	/* an orphan now: init reaps it */
	if (!asleep)
		fail(name, "the vfork parent never slept");
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail(name, "vfork parent status 0x%x, want SIGKILL", st);
	else
		ok(name);
}

/* Tasks named comm in /proc/tasks, not counting zombies. */
static int count_comm(const char *comm)
{
	static char buf[16384];
	int fd = open("/proc/tasks", O_RDONLY), n_found = 0;
	ssize_t n = 0, r;
	if (fd < 0)
		return -1;
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (char *p = strchr(buf, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *q;
		strtol(p + 1, &q, 10);
		strtol(q, &q, 10);
		while (*q == ' ')
			q++;
		char st = *q++;
		while (*q == ' ')
			q++;
		size_t k = strlen(comm);
		if (st != 'Z' && strncmp(q, comm, k) == 0 && (q[k] == '\n' || !q[k]))
			n_found++;
	}
	return n_found;
}

/* Ctrl-C on torture (SIGINT to the runner) ends the whole run: the
 * runner kills its scenario's process group (threads, children) and
 * dies of SIGINT itself. */
static void torture_sigint(const char *name)
{
	pid_t t = fork();
	if (t == 0) {
		char *argv[] = { "torture", "-t", "60", "cowthreads", NULL };
		int fd = open("/dev/null", O_WRONLY);
		dup2(fd, 1);
		execv("/bin/torture", argv);
		_exit(127);
	}
	/* runner + scenario process + its 3 writer threads */
	int seen = 0;
	for (int i = 0; i < 20000 && (seen = count_comm("torture")) < 5; i++)
		raw_sleep_ms(1);
	kill(t, SIGINT);
	int st = 0;
	waitpid(t, &st, 0);
	int left = -1;
	for (int i = 0; i < 2000 && (left = count_comm("torture")) != 0; i++)
		raw_sleep_ms(5);
	if (seen < 5)
		fail(name, "the scenario never started (%d torture tasks)", seen);
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGINT)
		fail(name, "runner status 0x%x, want killed by SIGINT", st);
	else if (left != 0)
		fail(name, "%d torture tasks still run after the runner died", left);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "torture-sigint-stops-all", torture_sigint, 120 },
	{ "mutant-clone-fail-no-leak", clone_fail_no_leak, 120 },
	{ "mutant-cow-one-fault-per-page", cow_one_fault_per_page },
	{ "mutant-sigreturn-restores-mask", sigreturn_restores_mask },
	{ "mutant-wakeup-all-sleepers", wakeup_all_sleepers },
	{ "mutant-sigkill-ends-vfork-wait", sigkill_ends_vfork_wait },
};

int main(void)
{
	return RUN(cases);
}
