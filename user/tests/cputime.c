/* CPU-time accounting and RLIMIT_CPU: CPU clocks, getrusage, times() and
 * wait4's rusage count time spent running, not sleeping; reaped children
 * add to RUSAGE_CHILDREN; past the soft RLIMIT_CPU the process gets
 * SIGXCPU (and the soft limit goes up a second, so once per further
 * second of CPU), at the hard limit SIGKILL. Every limit check measures
 * CPU time as the kernel counts it, never wall-clock time, so a slow or
 * loaded host only makes the cases take longer. (Linux checks the limit
 * against tick-sampled times that can run up to ~15% ahead of the CPU
 * clock, so the lower bounds allow 800 ms for a second.) Portable: difftest runs
 * it on the host's Linux too.
 *
 * A table of named cases, each in its own child. */
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/times.h>
#include <sys/wait.h>
#include "check.h"

static const char *cur;
static int bad;

#undef CHECK	/* this one goes on after a failure (check.h's returns) */
#define CHECK(cond, ...)                                  \
	do {                                              \
		int ok_ = !!(cond);                       \
		if (!bad && !ok_) {                       \
			fail(cur, __VA_ARGS__);           \
			bad = 1;                          \
		}                                         \
	} while (0)

#define MS 1000000LL

static long long clock_ns(clockid_t id)
{
	struct timespec ts;

	clock_gettime(id, &ts);
	return ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

static long long tv_ns(struct timeval tv)
{
	return tv.tv_sec * 1000000000LL + tv.tv_usec * 1000LL;
}

static long long rusage_ns(int who)
{
	struct rusage ru;

	memset(&ru, 0, sizeof(ru));
	getrusage(who, &ru);
	return tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
}

/* Run until clock id has advanced by ms: CPU time, however long that
 * takes on a loaded host (false after a minute of wall-clock time). */
static int spin_cpu(clockid_t id, int ms)
{
	long long end = clock_ns(id) + ms * MS, give_up = clock_ns(CLOCK_MONOTONIC) + 60000 * MS;
	volatile unsigned long x = 0;

	while (clock_ns(id) < end) {
		for (int i = 0; i < 10000; i++)
			x++;
		if (clock_ns(CLOCK_MONOTONIC) > give_up)
			return 0;
	}
	return 1;
}

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * MS };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

/* ---- accounting ---- */

/* Sleeping costs no CPU time; running does, on every clock and count. */
static void t_accounting(void)
{
	long long c0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), r0 = rusage_ns(RUSAGE_SELF);
	struct tms tm0, tm1;

	times(&tm0);
	msleep(300);
	long long c1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(c1 - c0 < 100 * MS, "a 300 ms sleep cost %lld ms of CPU", (c1 - c0) / MS);
	long long th1 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	CHECK(spin_cpu(CLOCK_PROCESS_CPUTIME_ID, 300), "no CPU time in a minute");
	long long c2 = clock_ns(CLOCK_PROCESS_CPUTIME_ID), r2 = rusage_ns(RUSAGE_SELF);
	long long th2 = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	times(&tm1);
	CHECK(th2 - th1 >= 250 * MS, "the thread clock +%lld ms while the process clock +%lld ms",
	      (th2 - th1) / MS, (c2 - c1) / MS);
	CHECK(r2 - r0 >= 250 * MS, "getrusage(RUSAGE_SELF) +%lld ms for 300 ms of CPU",
	      (r2 - r0) / MS);
	long ticks = (tm1.tms_utime + tm1.tms_stime) - (tm0.tms_utime + tm0.tms_stime);
	CHECK(ticks >= 25, "times(): +%ld ticks for 300 ms of CPU", ticks);
	CHECK(c2 >= r2 - 20 * MS, "CPU clock %lld ms behind getrusage %lld ms", c2 / MS, r2 / MS);
}

/* A thread's clock counts that thread only. */
static volatile int stop_spinning;

static void *spinner(void *arg)
{
	volatile unsigned long x = 0;

	(void)arg;
	while (!stop_spinning)
		x++;
	return NULL;
}

static void t_thread_clock(void)
{
	pthread_t th;
	long long t0 = clock_ns(CLOCK_THREAD_CPUTIME_ID), p0 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	long long give_up = clock_ns(CLOCK_MONOTONIC) + 60000 * MS;

	CHECK(pthread_create(&th, NULL, spinner, NULL) == 0, "pthread_create");
	/* Sleep in steps until the spinner has used 300 ms. */
	while (clock_ns(CLOCK_PROCESS_CPUTIME_ID) - p0 < 300 * MS &&
	       clock_ns(CLOCK_MONOTONIC) < give_up)
		msleep(20);
	stop_spinning = 1;
	pthread_join(th, NULL);
	long long t1 = clock_ns(CLOCK_THREAD_CPUTIME_ID), p1 = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(p1 - p0 >= 300 * MS, "the spinner got %lld ms of CPU in a minute", (p1 - p0) / MS);
	CHECK(t1 - t0 < 100 * MS, "the sleeping thread's clock +%lld ms (process +%lld ms)",
	      (t1 - t0) / MS, (p1 - p0) / MS);
	CHECK(rusage_ns(RUSAGE_THREAD) < 100 * MS, "RUSAGE_THREAD %lld ms",
	      rusage_ns(RUSAGE_THREAD) / MS);
	CHECK(rusage_ns(RUSAGE_SELF) >= 250 * MS, "RUSAGE_SELF %lld ms (the dead thread's count)",
	      rusage_ns(RUSAGE_SELF) / MS);
}

/* A reaped child's time goes to RUSAGE_CHILDREN and wait4's rusage. */
static void t_children(void)
{
	struct rusage ru;
	int st;

	CHECK(rusage_ns(RUSAGE_CHILDREN) == 0, "RUSAGE_CHILDREN %lld ns before any child",
	      rusage_ns(RUSAGE_CHILDREN));
	pid_t pid = fork();
	if (pid == 0)
		_exit(spin_cpu(CLOCK_PROCESS_CPUTIME_ID, 300) ? 0 : 1);
	memset(&ru, 0, sizeof(ru));
	CHECK(wait4(pid, &st, 0, &ru) == pid && st == 0, "wait4: %s, status 0x%x", strerror(errno),
	      st);
	long long w = tv_ns(ru.ru_utime) + tv_ns(ru.ru_stime);
	CHECK(w >= 250 * MS, "wait4 rusage %lld ms for a child that ran 300 ms", w / MS);
	long long c = rusage_ns(RUSAGE_CHILDREN);
	CHECK(c >= w - MS && c <= w + MS, "RUSAGE_CHILDREN %lld ms, wait4 said %lld ms", c / MS,
	      w / MS);
	CHECK(rusage_ns(RUSAGE_SELF) < 100 * MS, "the parent's own time %lld ms",
	      rusage_ns(RUSAGE_SELF) / MS);
}

/* ---- RLIMIT_CPU ---- */

/* What a limited child reports to its parent (shared memory). */
struct report {
	volatile int xcpu;		/* SIGXCPUs handled */
	volatile long long first_ns;	/* process CPU time at the first */
	volatile long long last_ns;	/* process CPU time last seen running */
	volatile long cur_after[8];	/* soft limit in each handler */
	volatile long long thread_ns;	/* handler thread's CPU time at the first */
};
static struct report *rep;

static void on_xcpu(int sig)
{
	struct rlimit rl;

	(void)sig;
	if (rep->xcpu == 0) {
		rep->first_ns = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		rep->thread_ns = clock_ns(CLOCK_THREAD_CPUTIME_ID);
	}
	getrlimit(RLIMIT_CPU, &rl);
	if (rep->xcpu < 8)
		rep->cur_after[rep->xcpu] = (long)rl.rlim_cur;
	rep->xcpu++;
}

static void limit(int res, rlim_t soft, rlim_t hard)
{
	struct rlimit rl = { soft, hard };

	if (setrlimit(res, &rl) != 0)
		_exit(3);
}

/* Spin until the CPU clock passes until_ns (or for ever), keeping
 * last_ns up to date. */
static void burn(long long until_ns)
{
	for (;;) {
		for (volatile int i = 0; i < 20000; i++)
			;
		long long now = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
		rep->last_ns = now;
		if (until_ns && now >= until_ns)
			return;
	}
}

/* Fork a child running fn; wait for it (60 s of wall clock at most:
 * only a kernel that never enforces the limit gets near that). */
static int run_child(void (*fn)(void), int *status)
{
	memset(rep, 0, sizeof(*rep));
	pid_t pid = fork();
	if (pid == 0) {
		limit(RLIMIT_CORE, 0, 0);
		fn();
		_exit(0);
	}
	for (int i = 0; i < 1200; i++) {
		if (waitpid(pid, status, WNOHANG) == pid)
			return 0;
		msleep(50);
	}
	kill(pid, SIGKILL);
	waitpid(pid, status, 0);
	return -1;
}

static void xcpu_then_kill(void)
{
	signal(SIGXCPU, on_xcpu);
	limit(RLIMIT_CPU, 1, 2);
	burn(0);
}

/* {1, 2}: SIGXCPU at 1 s of CPU (the soft limit becomes 2), SIGKILL at
 * the hard limit, 2 s. */
static void t_xcpu_then_kill(void)
{
	int st;

	CHECK(run_child(xcpu_then_kill, &st) == 0, "still running after 60 s");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status 0x%x, want killed by SIGKILL", st);
	CHECK(rep->xcpu == 1, "%d SIGXCPU, want 1", rep->xcpu);
	CHECK(rep->first_ns >= 800 * MS && rep->first_ns < 1500 * MS,
	      "SIGXCPU at %lld ms of CPU, want about 1000", rep->first_ns / MS);
	CHECK(rep->cur_after[0] == 2, "soft limit %ld in the handler, want 2", rep->cur_after[0]);
	CHECK(rep->last_ns >= 1600 * MS && rep->last_ns < 2500 * MS,
	      "killed after %lld ms of CPU, want about 2000", rep->last_ns / MS);
}

static void xcpu_every_second(void)
{
	signal(SIGXCPU, on_xcpu);
	limit(RLIMIT_CPU, 1, RLIM_INFINITY);
	burn(2500 * MS);
}

/* No hard limit: a SIGXCPU at 1 s and another at 2 s, the soft limit
 * going up by one each time. */
static void t_xcpu_every_second(void)
{
	int st;

	CHECK(run_child(xcpu_every_second, &st) == 0, "still running after 60 s");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
	CHECK(rep->xcpu == 2, "%d SIGXCPU in 2.5 s of CPU, want 2", rep->xcpu);
	CHECK(rep->cur_after[0] == 2 && rep->cur_after[1] == 3, "soft limit %ld then %ld, want 2 3",
	      rep->cur_after[0], rep->cur_after[1]);
}

static void xcpu_default(void)
{
	limit(RLIMIT_CPU, 1, RLIM_INFINITY);
	burn(0);
}

/* SIGXCPU's default action ends the process (no core: RLIMIT_CORE 0). */
static void t_xcpu_default(void)
{
	int st;

	CHECK(run_child(xcpu_default, &st) == 0, "still running after 60 s");
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGXCPU && !WCOREDUMP(st),
	      "status 0x%x, want killed by SIGXCPU without core", st);
	CHECK(rep->last_ns >= 800 * MS && rep->last_ns < 1500 * MS, "died after %lld ms of CPU",
	      rep->last_ns / MS);
}

static void xcpu_threads(void)
{
	pthread_t th;

	signal(SIGXCPU, on_xcpu);
	limit(RLIMIT_CPU, 1, RLIM_INFINITY);
	pthread_create(&th, NULL, spinner, NULL);
	while (!rep->xcpu)
		rep->last_ns = clock_ns(CLOCK_PROCESS_CPUTIME_ID);
	_exit(0);
}

/* The limit is on the whole process: two spinning threads reach it
 * together. */
static void t_xcpu_threads(void)
{
	int st;

	CHECK(run_child(xcpu_threads, &st) == 0, "still running after 60 s");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "status 0x%x", st);
	CHECK(rep->first_ns >= 800 * MS, "SIGXCPU at %lld ms of process CPU", rep->first_ns / MS);
	CHECK(rep->thread_ns < rep->first_ns - 100 * MS,
	      "the handling thread had %lld ms of the process's %lld ms", rep->thread_ns / MS,
	      rep->first_ns / MS);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "cputime-accounting", t_accounting },
	{ "cputime-thread-clock", t_thread_clock },
	{ "cputime-children", t_children },
	{ "rlimit-cpu-xcpu-then-kill", t_xcpu_then_kill },
	{ "rlimit-cpu-xcpu-every-second", t_xcpu_every_second },
	{ "rlimit-cpu-default-action", t_xcpu_default },
	{ "rlimit-cpu-threads", t_xcpu_threads },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	rep = mmap(NULL, sizeof(*rep), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (rep == MAP_FAILED) {
		fail("cputime", "mmap: %s", strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cur = cases[i].name;
			cases[i].fn();
			if (!bad)
				ok(cur);
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid) {
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fail(cases[i].name, "case child ended with status 0x%x", st);
		} else if (WEXITSTATUS(st)) {
			failures++;
		}
	}
	return failures != 0;
}
