/* Memory scenarios: cow, cowthreads, oom. */
#include "torture.h"

#define PG 4096
#define WPP (PG / 8)	/* 64-bit words per page */

static inline uint64_t mix(uint64_t tag, uint64_t k)
{
	uint64_t x = tag ^ (k * 0x9E3779B97F4A7C15ULL);

	x ^= x >> 31;
	x *= 0xBF58476D1CE4E5B9ULL;
	return x ^ (x >> 29);
}

static void fill_page(uint64_t *p, uint64_t tag)
{
	for (int k = 0; k < WPP; k++)
		p[k] = mix(tag, k);
}

/* index of the first bad word, or -1 */
static int check_page(const uint64_t *p, uint64_t tag)
{
	for (int k = 0; k < WPP; k++)
		if (p[k] != mix(tag, k))
			return k;
	return -1;
}

/* ---- cow ---- */
struct cowproc {
	uint64_t *buf;
	uint64_t *tags;	/* private per process (COW'd like everything else) */
	int np;
};

/* ops random writes/checks, then a full check; returns 0 or fails */
static int cow_work(struct cowproc *c, const char *who, int ops)
{
	for (int i = 0; i < ops; i++) {
		int pg = rndn(c->np), k;

		if (rndn(2)) {
			c->tags[pg] = rnd();
			fill_page(c->buf + (size_t)pg * WPP, c->tags[pg]);
		} else if ((k = check_page(c->buf + (size_t)pg * WPP, c->tags[pg])) >= 0) {
			failf("%s (pid %d): page %d word %d changed under us", who, getpid(), pg, k);
			return -1;
		}
		if (rndn(64) == 0)
			sched_yield();
	}
	for (int pg = 0; pg < c->np; pg++) {
		int k = check_page(c->buf + (size_t)pg * WPP, c->tags[pg]);

		if (k >= 0) {
			failf("%s (pid %d): final check: page %d word %d wrong", who, getpid(), pg, k);
			return -1;
		}
	}
	return 0;
}

static void cow_child(struct cowproc *c, uint64_t seed, int depth);
static void (*volatile cow_child_p)(struct cowproc *, uint64_t, int) = cow_child;

static void cow_child(struct cowproc *c, uint64_t seed, int depth)
{
	pid_t g = -1;
	int st, r;

	rnd_seed(seed);	/* diverge from the parent */
	if (depth < 2 && rndn(3) == 0) {
		g = fork();
		if (g == 0) {
			cow_child_p(c, seed * 31 + 7, depth + 1);
			_exit(0);
		}
	}
	r = cow_work(c, depth ? "grandchild" : "child", 100 + rndn(200));
	if (g > 0 && (waitpid(g, &st, 0) != g || st != 0)) {
		failf("grandchild status 0x%x", st);
		r = -1;
	}
	/* what the parent and the grandchild wrote after the fork must not show */
	if (r == 0)
		r = cow_work(c, "child after grandchild", 0);
	_exit(r ? 1 : 0);
}

void sc_cow(void)
{
	struct cowproc c;
	long rounds = 0, kids = 0;

	while (!failed() && rounds < 500 && (rounds == 0 || !time_up())) {
		int nk = 1 + rndn(4), st;
		pid_t pids[4];

		c.np = 64 + rndn(449);
		c.buf = private_alloc((size_t)c.np * PG);
		c.tags = private_alloc((size_t)c.np * sizeof(uint64_t));
		for (int pg = 0; pg < c.np; pg++) {
			c.tags[pg] = rnd();
			/* leave some pages untouched (zero): tag 0 pages are filled lazily below */
			fill_page(c.buf + (size_t)pg * WPP, c.tags[pg]);
		}
		for (int i = 0; i < nk; i++) {
			uint64_t seed = rnd();

			pids[i] = fork();
			if (pids[i] == 0) {
				cow_child(&c, seed, 0);
			}
			if (pids[i] < 0) {
				failf("fork: %s", strerror(errno));
				return;
			}
		}
		if (cow_work(&c, "parent", 200 + rndn(200)) != 0)
			return;
		for (int i = 0; i < nk; i++)
			if (waitpid(pids[i], &st, 0) != pids[i] || st != 0) {
				if (!failed())
					failf("child status 0x%x", st);
				return;
			}
		if (cow_work(&c, "parent after the children", 0) != 0)
			return;
		munmap(c.buf, (size_t)c.np * PG);
		munmap(c.tags, (size_t)c.np * sizeof(uint64_t));
		rounds++;
		kids += nk;
	}
	note("%ld rounds, %ld children", rounds, kids);
}

/* ---- cowthreads: fork while sibling threads write their pages ---- */
#define CT_THREADS 3
#define CT_PAGES 16	/* per thread */

struct ctstate {
	uint64_t *buf;
	volatile int stop;
	volatile int bad_thread, bad_page, bad_word;
	volatile uint64_t last[CT_THREADS][CT_PAGES];
	volatile long iters[CT_THREADS];
};
static struct ctstate ct;

static int ct_writer(void *arg)
{
	int t = (int)(long)arg;
	uint64_t v = (uint64_t)(t + 1) << 40;

	while (!__atomic_load_n(&ct.stop, __ATOMIC_SEQ_CST)) {
		for (int pg = 0; pg < CT_PAGES; pg++) {
			volatile uint64_t *p = ct.buf + ((size_t)t * CT_PAGES + pg) * WPP;

			v++;
			for (int k = 0; k < WPP; k += 8)
				p[k] = v;
			for (int k = 0; k < WPP; k += 8)
				if (p[k] != v) {
					ct.bad_thread = t + 1;
					ct.bad_page = pg;
					ct.bad_word = k;
					return 1;
				}
			ct.last[t][pg] = v;
		}
		ct.iters[t]++;
	}
	return 0;
}

static uint64_t ct_hash(void)
{
	uint64_t h = 0;
	volatile uint64_t *b = ct.buf;

	for (size_t i = 0; i < (size_t)CT_THREADS * CT_PAGES * WPP; i += 8)
		h = (h ^ b[i]) * 0x100000001B3ULL + i;
	return h;
}

static void ct_process(void)
{
	struct tthread th[CT_THREADS];
	long forks = 0, tend = t_budget_ms - 200;
	int st;

	memset(th, 0, sizeof(th));
	ct.buf = private_alloc((size_t)CT_THREADS * CT_PAGES * PG);
	memset(ct.buf, 0, (size_t)CT_THREADS * CT_PAGES * PG);
	for (int t = 0; t < CT_THREADS; t++) {
		int e = tt_start(&th[t], ct_writer, (void *)(long)t);

		if (e) {
			failf("thread creation: %d", e);
			_exit(1);
		}
	}
	r_sleep_ms(5);
	while (!failed() && forks < 5000 && (forks < 10 || elapsed_ms() < tend)) {
		pid_t pid = fork();

		if (pid == 0) {
			/* the child's snapshot must never change */
			uint64_t h0 = ct_hash();

			for (int i = 0; i < 4; i++) {
				long t0 = now_ms();

				while (now_ms() - t0 < 1)
					;
				if (ct_hash() != h0) {
					failf("fork %ld: the child's snapshot changed after the fork "
					      "(parent threads wrote through stale TLB entries?)", forks);
					_exit(1);
				}
			}
			_exit(0);
		}
		if (pid < 0) {
			failf("fork: %s", strerror(errno));
			break;
		}
		if (waitpid(pid, &st, 0) != pid || st != 0) {
			if (!failed())
				failf("fork %ld: child status 0x%x", forks, st);
			break;
		}
		forks++;
		if (ct.bad_thread)
			break;
	}
	ct.stop = 1;
	for (int t = 0; t < CT_THREADS; t++)
		if (tt_join(&th[t], 5000) != 0)
			failf("thread %d did not stop", t);
	if (ct.bad_thread)
		failf("thread %d: page %d word %d did not read back what it wrote", ct.bad_thread - 1,
		      ct.bad_page, ct.bad_word);
	/* the parent's data stays right: the last value of every page is there */
	for (int t = 0; t < CT_THREADS && !failed(); t++)
		for (int pg = 0; pg < CT_PAGES; pg++) {
			uint64_t *p = ct.buf + ((size_t)t * CT_PAGES + pg) * WPP;
			uint64_t want = ct.last[t][pg];

			if (want == 0)
				continue;
			for (int k = 0; k < WPP; k += 8)
				if (p[k] != want && p[k] != want + CT_PAGES) {
					failf("parent: thread %d page %d word %d = %#llx, want %#llx "
					      "(a write was lost)", t, pg, k, (unsigned long long)p[k],
					      (unsigned long long)want);
					break;
				}
		}
	note("%ld forks under %d writing threads (%ld, %ld, %ld passes)", forks, CT_THREADS,
	     ct.iters[0], ct.iters[1], ct.iters[2]);
	_exit(0);
}

void sc_cowthreads(void)
{
	pid_t pid = fork();
	int st;

	if (pid == 0)
		ct_process();
	if (pid < 0) {
		failf("fork: %s", strerror(errno));
		return;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		if (!failed())
			failf("process status 0x%x", st);
	}
}

/* ---- oom: fork and thread creation when memory is exhausted ---- */
#define OOM_MAXKIDS 200
#define OOM_MAXTHREADS 64

struct oomres {
	volatile int forks, fork_fail, fork_errno_bad, threads, thread_fail, thread_errno_bad;
	volatile int kids_killed, kids_bad;
};

static int oom_thread(void *a)
{
	volatile int *rel = a;

	while (!__atomic_load_n(rel, __ATOMIC_SEQ_CST))
		r_futex_wait(rel, 0, 100);
	return 0;
}

static void oom_process(struct oomres *res, long free_pages)
{
	static pid_t kids[OOM_MAXKIDS];
	static struct tthread th[OOM_MAXTHREADS];
	static volatile int release;
	size_t len;
	char *buf;
	int n = 0, p[2], st, nt = 0;

	/* Leave ~6 MB: enough for the touch to succeed, not for many forks. */
	if (free_pages > 0)
		len = free_pages > 1536 + 256 ? (size_t)(free_pages - 1536) * PG : 256 * PG;
	else
		len = 64UL << 20;	/* no PagesFree (a big host): bounded, just no exhaustion */
	buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	while (buf == MAP_FAILED && len > (1UL << 20)) {
		len /= 2;
		buf = mmap(NULL, len, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	}
	if (buf == MAP_FAILED) {
		failf("mmap: %s", strerror(errno));
		_exit(1);
	}
	for (size_t off = 0; off < len; off += PG)
		buf[off] = (char)(off >> 12);
	if (pipe(p) < 0) {
		failf("pipe: %s", strerror(errno));
		_exit(1);
	}
	/* fork until it fails; children break COW on a few pages and park */
	while (n < OOM_MAXKIDS) {
		pid_t pid = fork();

		if (pid == 0) {
			char c;

			close(p[1]);
			for (int i = 0; i < 16; i++)
				buf[(size_t)rndn(len / PG) * PG] ^= 1;
			while (r_read(p[0], &c, 1) > 0)
				;
			_exit(0);
		}
		if (pid < 0) {
			res->fork_fail++;
			if (errno != ENOMEM && errno != EAGAIN)
				res->fork_errno_bad = errno;
			if (res->fork_fail >= 3)
				break;
			continue;
		}
		kids[n++] = pid;
		res->forks = n;
	}
	/* threads, too */
	while (nt < OOM_MAXTHREADS) {
		int e = tt_start(&th[nt], oom_thread, (void *)&release);

		if (e) {
			res->thread_fail++;
			if (e != -ENOMEM && e != -EAGAIN)
				res->thread_errno_bad = -e;
			break;
		}
		res->threads = ++nt;
	}
	release = 1;
	r_futex_wake(&release, OOM_MAXTHREADS);
	for (int i = 0; i < nt; i++)
		tt_join(&th[i], -1);
	close(p[1]);
	for (int i = 0; i < n; i++) {
		if (waitpid(kids[i], &st, 0) != kids[i])
			res->kids_bad++;
		else if (WIFSIGNALED(st) && (WTERMSIG(st) == SIGKILL || WTERMSIG(st) == SIGSEGV ||
					     WTERMSIG(st) == SIGBUS))
			res->kids_killed++;	/* the kernel could not back a COW fault */
		else if (st != 0)
			res->kids_bad++;
	}
	_exit(0);
}

static long free_settled(long base)
{
	long v = meminfo("PagesFree");

	for (int i = 0; i < 100 && v < base; i++) {
		r_sleep_ms(20);
		v = meminfo("PagesFree");
	}
	return v;
}

void sc_oom(void)
{
	struct oomres *res = shared_alloc(sizeof(*res));
	long base = meminfo("PagesFree"), after, rounds = 0;
	int slack = 64;

	if (base < 0)
		note("no PagesFree in /proc/meminfo: 64 MB buffer, no exhaustion, baseline check skipped");
	while (!failed() && rounds < 3 && (rounds == 0 || elapsed_ms() < t_budget_ms / 2)) {
		pid_t pid;
		int st;

		memset((void *)res, 0, sizeof(*res));
		/* A hog killed by the OOM killer leaves children that are still
		 * dying with their pages: the next round's fork may find memory
		 * short for a while (ENOMEM), which is no failure. */
		for (int tries = 0;; tries++) {
			if (rounds > 0 && base >= 0)
				free_settled(base - slack);
			pid = fork();
			if (pid >= 0 || errno != ENOMEM || tries == 20)
				break;
			r_sleep_ms(50);
		}
		if (pid == 0)
			oom_process(res, meminfo("PagesFree"));
		if (pid < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
		if (waitpid(pid, &st, 0) != pid) {
			failf("waitpid: %s", strerror(errno));
			return;
		}
		if (WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL)
			note("the memory hog itself was killed (OOM)");
		else if (st != 0) {
			if (!failed())
				failf("memory hog: status 0x%x", st);
			return;
		}
		if (res->fork_errno_bad)
			failf("fork failed with errno %d, want ENOMEM or EAGAIN", res->fork_errno_bad);
		if (res->thread_errno_bad)
			failf("thread creation failed with errno %d, want ENOMEM or EAGAIN",
			      res->thread_errno_bad);
		if (res->kids_bad)
			failf("%d children ended badly (not exit 0, not killed for memory)",
			      res->kids_bad);
		if (r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD)
			failf("children left over");
		vnote("round %ld: %d forks (%d failed), %d threads (%d failed), %d children killed",
		      rounds, res->forks, res->fork_fail, res->threads, res->thread_fail,
		      res->kids_killed);
		rounds++;
	}
	note("%d forks (%d failed), %d threads (%d failed), %d children killed in the last round",
	     res->forks, res->fork_fail, res->threads, res->thread_fail, res->kids_killed);
	if (base >= 0 && !failed()) {
		after = free_settled(base - slack);
		if (after < base - slack)
			failf("free pages %ld after everything was reaped, baseline %ld (%ld lost)",
			      after, base, base - after);
		else
			note("free pages %ld, baseline %ld", after, base);
	}
}
