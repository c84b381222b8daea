/* torture [-s SEED] [-t SECONDS] [-v] NAME... | all | --list
 *
 * Runs named stress scenarios against process creation (fork, vfork, clone,
 * threads, exec, exit, wait, signals, COW). Every scenario runs in its own
 * child process (own process group) under a progress watchdog (see run_one)
 * and ends with exactly one line "ok NAME" or "FAIL NAME: why", plus
 * optional "# ..." lines. Exit status 0 iff every scenario passed.
 *
 * Portable: builds with cleave's libc (user/libc) and natively with glibc
 * (tests/difftest compares the verdicts). */
#include "torture.h"

const char *t_name = "torture";
long t_budget_ms = 3000;
uint64_t t_seed;
int t_verbose;
const char *t_true_path = "/bin/true";

static long t_start_ms;
static uint64_t rng_state;

/* One shared page per scenario: the first failure's text. */
struct failrec {
	volatile int claimed;
	volatile int count;
	volatile long progress;	/* bumped by every failed()/time_up() check */
	char why[4000];
};
static struct failrec *frec;

static const struct scenario scenarios[] = {
	{ "forkstorm", sc_forkstorm, "many children at once, all reaped" },
	{ "forkchain", sc_forkchain, "each child forks the next; statuses propagate back" },
	{ "forkbomb", sc_forkbomb, "fork bomb under RLIMIT_NPROC: EAGAIN, everything reaped" },
	{ "zombies", sc_zombies, "hundreds of zombies, each reaped once with its status; then ECHILD" },
	{ "orphans", sc_orphans, "orphans re-parented to init and exit cleanly" },
	{ "cow", sc_cow, "parent and children write random pages; isolation both ways" },
	{ "cowthreads", sc_cowthreads, "fork while threads write on other harts (stale TLB)" },
	{ "oom", sc_oom, "fork and thread creation under memory exhaustion" },
	{ "threadstorm", sc_threadstorm, "thread create/join/detach churn" },
	{ "exitgroup", sc_exitgroup, "exit_group while threads block in futex/read/nanosleep" },
	{ "signals", sc_signals, "SIGCHLD counting, killing around vfork, SIGKILL to a thread group" },
	{ "cloneflags", sc_cloneflags, "sharing semantics of every legal clone flag combination" },
	{ "badclone", sc_badclone, "EINVAL/EFAULT/E2BIG from clone and clone3" },
	{ "vforkexec", sc_vforkexec, "vfork+exec storm, also from several threads" },
	{ "spawn", sc_spawn, "posix_spawn storm (vfork+exec without posix_spawn)" },
};
#define NSCEN ((int)(sizeof(scenarios) / sizeof(scenarios[0])))

/* ---- output ---- */
static void out(const char *s, size_t n)
{
	while (n > 0) {
		long r = r_write(1, s, n);

		if (r == -EINTR)
			continue;
		if (r <= 0)
			return;
		s += r;
		n -= r;
	}
}

static void outf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
static void outf(const char *fmt, ...)
{
	char buf[1024];
	va_list ap;
	int n;

	va_start(ap, fmt);
	n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (n > (int)sizeof(buf) - 1)
		n = sizeof(buf) - 1;
	if (n > 0)
		out(buf, n);
}

static void vnote_(const char *fmt, va_list ap)
{
	char buf[1024];
	int n = snprintf(buf, sizeof(buf), "# %s: ", t_name);

	vsnprintf(buf + n, sizeof(buf) - n - 1, fmt, ap);
	n = strlen(buf);
	buf[n++] = '\n';
	out(buf, n);
}

void note(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vnote_(fmt, ap);
	va_end(ap);
}

void vnote(const char *fmt, ...)
{
	va_list ap;

	if (!t_verbose)
		return;
	va_start(ap, fmt);
	vnote_(fmt, ap);
	va_end(ap);
}

void failf(const char *fmt, ...)
{
	va_list ap;

	if (!frec) {
		va_start(ap, fmt);
		vnote_(fmt, ap);
		va_end(ap);
		return;
	}
	if (t_verbose) {
		char buf[900];

		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		note("failure (pid %d): %s", (int)r_getpid(), buf);
	}
	__atomic_add_fetch(&frec->count, 1, __ATOMIC_SEQ_CST);
	if (__atomic_exchange_n(&frec->claimed, 1, __ATOMIC_SEQ_CST) == 0) {
		va_start(ap, fmt);
		vsnprintf(frec->why, sizeof(frec->why), fmt, ap);
		va_end(ap);
		__atomic_store_n(&frec->claimed, 2, __ATOMIC_SEQ_CST);
	} else {
		char buf[900];

		va_start(ap, fmt);
		vsnprintf(buf, sizeof(buf), fmt, ap);
		va_end(ap);
		note("also: %s", buf);
	}
}

int failed(void)
{
	if (frec)
		__atomic_add_fetch(&frec->progress, 1, __ATOMIC_RELAXED);
	return frec && frec->count != 0;
}

/* ---- time and randomness ---- */
long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

long elapsed_ms(void)
{
	return now_ms() - t_start_ms;
}

int time_up(void)
{
	if (frec)
		__atomic_add_fetch(&frec->progress, 1, __ATOMIC_RELAXED);
	return elapsed_ms() >= t_budget_ms;
}

void sleep_ms(long ms)
{
	r_sleep_ms(ms);
}

uint64_t rnd(void)
{
	uint64_t x = rng_state;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	rng_state = x;
	return x * 0x2545F4914F6CDD1DULL;
}

void rnd_seed(uint64_t s)
{
	rng_state = s ? s : 1;
	for (int i = 0; i < 4; i++)
		rnd();
}

static void seed_rng(const char *name)
{
	uint64_t h = t_seed ^ 0x9E3779B97F4A7C15ULL;

	for (const char *p = name; *p; p++)
		h = (h ^ (unsigned char)*p) * 0x100000001B3ULL;
	rng_state = h ? h : 1;
}

/* ---- memory ---- */
void *shared_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		failf("mmap(MAP_SHARED, %lu): %s", (unsigned long)size, strerror(errno));
		_exit(1);
	}
	return p;
}

void *private_alloc(size_t size)
{
	void *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		failf("mmap(MAP_PRIVATE, %lu): %s", (unsigned long)size, strerror(errno));
		_exit(1);
	}
	return p;
}

long meminfo(const char *key)
{
	char buf[2048], *p;
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = 0, r;
	size_t klen = strlen(key);

	if (fd < 0)
		return -1;
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (strncmp(p, key, klen) == 0 && p[klen] == ':')
			return strtol(p + klen + 1, NULL, 10);
	return -1;
}

/* ---- raw threads ---- */
int tt_start_flags(struct tthread *t, int (*fn)(void *), void *arg, int flags)
{
	long r;

	if (!t->stack) {
		r = t_syscall6(NR_mmap, 0, T_STACK, PROT_READ | PROT_WRITE,
			       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (r < 0 && r > -4096)
			return (int)r;
		t->stack = (char *)r;
	}
	t->tid = -1;
	r = clone(fn, t->stack + T_STACK, flags, arg, &t->tid, NULL, &t->tid);
	if (r < 0) {
		t->tid = 0;
		t->started = 0;
		return -errno;
	}
	t->started = 1;
	return 0;
}

int tt_start(struct tthread *t, int (*fn)(void *), void *arg)
{
	return tt_start_flags(t, fn, arg, T_THREAD_FLAGS);
}

int tt_join(struct tthread *t, long timeout_ms)
{
	long deadline = timeout_ms >= 0 ? now_ms() + timeout_ms : 0;
	int v;

	if (!t->started)
		return 0;
	while ((v = __atomic_load_n(&t->tid, __ATOMIC_SEQ_CST)) != 0) {
		long left = 100;

		if (timeout_ms >= 0) {
			left = deadline - now_ms();
			if (left <= 0)
				return -ETIMEDOUT;
			if (left > 100)
				left = 100;
		}
		r_futex_wait(&t->tid, v, left);
	}
	t->started = 0;
	return 0;
}

int reap_all(void)
{
	int n = 0, st;

	while (r_wait4(-1, &st, T_WALL) > 0)
		n++;
	return n;
}

/* ---- the runner ---- */

/* The watchdog judges progress, not time: a scenario is killed when its
 * loops have not checked in (failed(), time_up()) for STALL_MS, however
 * slow a loaded host makes it; LIMIT_X budgets is only the backstop
 * against a scenario that keeps checking in but never ends. */
#define STALL_MS 60000
#define LIMIT_X 20

/* Ctrl-C (SIGINT), SIGTERM, SIGHUP: the scenario runs in its own process
 * group, out of reach of the terminal's signal, so the runner kills that
 * group first and then dies of the signal itself. running_pgrp is set
 * with these signals blocked, so no scenario is ever started unseen. */
static volatile pid_t running_pgrp;
static const int stop_sigs[] = { SIGINT, SIGTERM, SIGHUP };

static void on_stop(int sig)
{
	pid_t p = running_pgrp;

	if (p > 0) {
		kill(-p, SIGKILL);
		kill(p, SIGKILL);
	}
	signal(sig, SIG_DFL);
	kill(getpid(), sig);
}

static void block_stop_sigs(int how)
{
	sigset_t set;

	sigemptyset(&set);
	for (unsigned i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
		sigaddset(&set, stop_sigs[i]);
	sigprocmask(how, &set, NULL);
}

static int run_one(const struct scenario *s)
{
	long budget = t_budget_ms, limit = LIMIT_X * budget + 120000, deadline, t0;
	long seen = -1, seen_at;
	int st = 0, timed_out = 0;
	pid_t pid;

	frec = shared_alloc(sizeof(*frec));
	t0 = now_ms();
	block_stop_sigs(SIG_BLOCK);
	pid = fork();
	if (pid > 0)
		running_pgrp = pid;
	if (pid != 0)
		block_stop_sigs(SIG_UNBLOCK);
	if (pid < 0) {
		outf("FAIL %s: fork for the scenario: %s\n", s->name, strerror(errno));
		munmap(frec, sizeof(*frec));
		frec = NULL;
		return 1;
	}
	if (pid == 0) {
		setpgid(0, 0);
		for (unsigned i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
			signal(stop_sigs[i], SIG_DFL);
		block_stop_sigs(SIG_UNBLOCK);
		t_name = s->name;
		seed_rng(s->name);
		t_start_ms = now_ms();
		s->fn();
		_exit(0);
	}
	setpgid(pid, pid);	/* either of us may win; both ask for the same */
	deadline = t0 + limit;
	seen_at = t0;
	for (;;) {
		long r = r_wait4(pid, &st, 0 | WNOHANG);

		if (r == pid)
			break;
		if (r < 0 && r != -EINTR) {
			outf("# %s: wait4 for the scenario process: %ld\n", s->name, r);
			break;
		}
		long now = now_ms(), p = frec->progress;
		if (p != seen) {
			seen = p;
			seen_at = now;
		}
		if (now > deadline || now - seen_at > STALL_MS) {
			kill(-pid, SIGKILL);
			kill(pid, SIGKILL);
			r_wait4(pid, &st, 0);
			timed_out = 1;
			break;
		}
		r_sleep_ms(20);
	}
	/* stragglers of the scenario's process group; CLONE_PARENT children */
	kill(-pid, SIGKILL);
	running_pgrp = 0;
	{
		int strays = 0, st2;

		while (r_wait4(-1, &st2, WNOHANG | T_WALL) > 0)
			strays++;
		if (strays)
			outf("# %s: reaped %d stray children of the runner\n", s->name, strays);
	}
	if (timed_out)
		outf("FAIL %s: timeout (no progress for %d s, or past %ld s)\n", s->name,
		     STALL_MS / 1000, limit / 1000);
	else if (frec->count) {
		for (long t1 = now_ms(); frec->claimed == 1 && now_ms() - t1 < 1000;)
			r_sleep_ms(1);
		outf("FAIL %s: %s\n", s->name, frec->why);
	} else if (!WIFEXITED(st) || WEXITSTATUS(st) != 0) {
		if (WIFSIGNALED(st))
			outf("FAIL %s: scenario process killed by signal %d\n", s->name, WTERMSIG(st));
		else
			outf("FAIL %s: scenario process exit status 0x%x\n", s->name, st);
		st = 1;
	} else
		outf("ok %s\n", s->name);
	if (t_verbose)
		outf("# %s: %ld ms\n", s->name, now_ms() - t0);
	{
		int bad = timed_out || frec->count || st != 0;

		if (bad)
			outf("# replay: torture -s %llu -t %ld %s\n", (unsigned long long)t_seed,
			     t_budget_ms / 1000, s->name);
		munmap(frec, sizeof(*frec));
		frec = NULL;
		return bad;
	}
}

static void usage(void)
{
	outf("usage: torture [-s SEED] [-t SECONDS] [-v] NAME... | all | --list\n");
	exit(2);
}

int main(int argc, char **argv)
{
	int c, nfail = 0, nrun = 0;
	int have_seed = 0;
	char *end;

	for (int i = 1; i < argc; i++)
		if (strcmp(argv[i], "--list") == 0) {
			for (int j = 0; j < NSCEN; j++)
				outf("%-12s %s\n", scenarios[j].name, scenarios[j].what);
			return 0;
		}
	while ((c = getopt(argc, argv, "s:t:v")) != -1) {
		switch (c) {
		case 's':
			t_seed = strtoull(optarg, &end, 0);
			if (*end)
				usage();
			have_seed = 1;
			break;
		case 't':
			t_budget_ms = strtol(optarg, &end, 10) * 1000;
			if (*end || t_budget_ms <= 0)
				usage();
			break;
		case 'v':
			t_verbose = 1;
			break;
		default:
			usage();
		}
	}
	if (optind >= argc)
		usage();
	if (!have_seed) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		t_seed = ((uint64_t)ts.tv_sec * 1000003ULL) ^ (uint64_t)ts.tv_nsec ^
			 ((uint64_t)getpid() << 20);
	}
	if (access(t_true_path, X_OK) != 0 && access("/usr/bin/true", X_OK) == 0)
		t_true_path = "/usr/bin/true";
	/* validate every name first */
	for (int i = optind; i < argc; i++) {
		int found = strcmp(argv[i], "all") == 0;

		for (int j = 0; j < NSCEN && !found; j++)
			found = strcmp(argv[i], scenarios[j].name) == 0;
		if (!found) {
			outf("torture: unknown scenario '%s' (see --list)\n", argv[i]);
			return 2;
		}
	}
	for (unsigned i = 0; i < sizeof(stop_sigs) / sizeof(stop_sigs[0]); i++)
		signal(stop_sigs[i], on_stop);
	outf("# torture: seed %llu, %ld s per scenario\n", (unsigned long long)t_seed,
	     t_budget_ms / 1000);
	for (int i = optind; i < argc; i++)
		for (int j = 0; j < NSCEN; j++)
			if (strcmp(argv[i], "all") == 0 || strcmp(argv[i], scenarios[j].name) == 0) {
				nrun++;
				nfail += run_one(&scenarios[j]);
			}
	outf("# torture: %d scenarios, %d failed (seed %llu)\n", nrun, nfail,
	     (unsigned long long)t_seed);
	return nfail ? 1 : 0;
}
