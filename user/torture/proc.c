/* Process scenarios: forkstorm, forkchain, forkbomb, zombies, orphans. */
#include "torture.h"
#include <sys/utsname.h>

static int expect_echild(const char *when)
{
	long r = r_wait4(-1, NULL, WNOHANG | T_WALL);

	if (r != -ECHILD) {
		failf("%s: wait4(-1, WNOHANG|__WALL) = %ld, want -ECHILD (children left over)", when, r);
		return 0;
	}
	return 1;
}

/* ---- forkstorm: W children alive at once, each doing something small;
 * reaped by pid and by -1 in random order, each exactly once. */
#define STORM_MAX 64

void sc_forkstorm(void)
{
	static pid_t pids[STORM_MAX];
	static int codes[STORM_MAX], reaped[STORM_MAX];
	long rounds = 0, total = 0;

	while (!time_up() && rounds < 2000 && !failed()) {
		int w = 8 + rndn(STORM_MAX - 7), n = 0, p[2];

		if (pipe(p) < 0) {
			failf("pipe: %s", strerror(errno));
			return;
		}
		for (int i = 0; i < w; i++) {
			int code = (int)(rnd() & 0xff), kind = rndn(4);
			pid_t pid = fork();

			if (pid == 0) {
				char c;

				close(p[1]);
				if (kind == 1)
					r_sleep_ms(rndn(4));
				else if (kind == 2) {
					r_read(p[0], &c, 1);	/* until the parent closes */
				} else if (kind == 3) {
					pid_t g = fork();
					int st;

					if (g == 0)
						_exit(code ^ 0x5a);
					if (g < 0 || waitpid(g, &st, 0) != g || st != ((code ^ 0x5a) << 8))
						_exit(code ^ 0xff);
				}
				_exit(code);
			}
			if (pid < 0) {
				failf("round %ld: fork %d of %d: %s", rounds, i + 1, w, strerror(errno));
				break;
			}
			pids[n] = pid;
			codes[n] = code;
			reaped[n++] = 0;
		}
		close(p[1]);
		close(p[0]);
		for (int left = n; left > 0;) {
			int st, i, byp = rndn(2);
			pid_t want = -1, got;

			if (byp) {
				do
					i = rndn(n);
				while (reaped[i]);
				want = pids[i];
			}
			got = waitpid(want, &st, 0);
			if (got < 0) {
				failf("round %ld: waitpid(%d): %s with %d children unreaped", rounds, want,
				      strerror(errno), left);
				return;
			}
			for (i = 0; i < n && pids[i] != got; i++)
				;
			if (i == n) {
				failf("waitpid returned %d, not one of our children", got);
				return;
			}
			if (reaped[i]++) {
				failf("child %d reaped twice", got);
				return;
			}
			if (st != codes[i] << 8) {
				failf("child %d: status 0x%x, want exit %d", got, st, codes[i]);
				return;
			}
			left--;
		}
		if (!expect_echild("after a storm"))
			return;
		total += n;
		rounds++;
	}
	note("%ld rounds, %ld children", rounds, total);
}

/* ---- forkchain: each child forks the next; the leaf's code comes back
 * incremented once per level; every level checks its parent. */
static int chain_level(int level, int depth, int leaf_code)
{
	pid_t me = getpid();

	for (;;) {
		pid_t pid;
		int st;

		if (level == depth)
			_exit(leaf_code);
		pid = fork();
		if (pid < 0) {
			failf("level %d of %d: fork: %s", level, depth, strerror(errno));
			_exit(255);
		}
		if (pid > 0) {
			if (waitpid(pid, &st, 0) != pid) {
				failf("level %d: waitpid: %s", level, strerror(errno));
				_exit(255);
			}
			if (!WIFEXITED(st)) {
				failf("level %d: child status 0x%x", level, st);
				_exit(255);
			}
			if (WEXITSTATUS(st) == 255)
				_exit(255);
			_exit((WEXITSTATUS(st) + 1) % 255);
		}
		/* the child: next level */
		if (getppid() != me) {
			failf("level %d: getppid() = %d, want %d", level + 1, getppid(), me);
			_exit(255);
		}
		me = getpid();
		level++;
	}
}

void sc_forkchain(void)
{
	long chains = 0, procs = 0;

	while (!time_up() && chains < 500 && !failed()) {
		int depth = 8 + rndn(57), leaf = rndn(200), st;
		pid_t pid = fork();

		if (pid == 0)
			chain_level(1, depth, leaf);
		if (pid < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
		if (waitpid(pid, &st, 0) != pid) {
			failf("waitpid: %s", strerror(errno));
			return;
		}
		if (st != ((leaf + depth - 1) % 255) << 8) {
			if (!failed())
				failf("chain of %d: status 0x%x, want exit %d", depth, st,
				      (leaf + depth - 1) % 255);
			return;
		}
		chains++;
		procs += depth;
	}
	expect_echild("after the chains");
	note("%ld chains, %ld processes", chains, procs);
}

/* ---- forkbomb under RLIMIT_NPROC ---- */
#define BOMB_CAP 300

struct bomb {
	volatile int created, eagain, other, other_err, tree_bad;
};

static int on_cleave(void)
{
	struct utsname u;

	return uname(&u) == 0 && strcmp(u.sysname, "cleave") == 0;
}

static void bomber(struct bomb *b, int rfd)
{
	pid_t kids[6];
	int n = 0, st, bad = 0;
	char c;

	for (int tries = 0; tries < 6;) {
		pid_t pid;

		if (__atomic_load_n(&b->created, __ATOMIC_SEQ_CST) >= BOMB_CAP)
			break;
		pid = fork();
		if (pid == 0) {
			__atomic_add_fetch(&b->created, 1, __ATOMIC_SEQ_CST);
			n = 0;
			tries = 0;
			continue;	/* the child bombs too */
		}
		tries++;
		if (pid > 0)
			kids[n++] = pid;
		else if (errno == EAGAIN) {
			__atomic_add_fetch(&b->eagain, 1, __ATOMIC_SEQ_CST);
			break;
		} else {
			__atomic_store_n(&b->other_err, errno, __ATOMIC_SEQ_CST);
			__atomic_add_fetch(&b->other, 1, __ATOMIC_SEQ_CST);
			break;
		}
	}
	while (r_read(rfd, &c, 1) != 0)	/* parked until the controller closes the pipe */
		;
	for (int i = 0; i < n; i++)
		if (waitpid(kids[i], &st, 0) != kids[i] || st != 0)
			bad++;
	if (bad)
		__atomic_add_fetch(&b->tree_bad, bad, __ATOMIC_SEQ_CST);
	_exit(bad ? 1 : 0);
}

static int thread_parked(void *a)
{
	(void)a;
	return 0;
}

static void bomb_controller(struct bomb *b)
{
	struct t_rlimit64 old, lim;
	long tasks = meminfo("Tasks"), r;
	int root = getuid() == 0, dropped = 0, p[2], st, last = -1, stable = 0, enforced;
	pid_t top;
	unsigned long long limv;

	if (root) {
		/* Linux exempts root from RLIMIT_NPROC: become nobody if we can. */
		r = t_syscall1(NR_setuid, 65534);
		dropped = r == 0;
		note("running as root; setuid(65534) %s", dropped ? "worked" : "failed");
	}
	if ((r = t_syscall4(NR_prlimit64, 0, T_RLIMIT_NPROC, 0, &old)) != 0) {
		failf("prlimit64(RLIMIT_NPROC) read: %ld", r);
		return;
	}
	lim.cur = (tasks > 0 ? (uint64_t)tasks : 0) + 24;
	lim.max = old.max;
	if (lim.cur > lim.max)
		lim.cur = lim.max;
	limv = lim.cur;
	if ((r = t_syscall4(NR_prlimit64, 0, T_RLIMIT_NPROC, &lim, 0)) != 0) {
		failf("prlimit64(RLIMIT_NPROC, %llu): %ld", (unsigned long long)lim.cur, r);
		return;
	}
	if (pipe(p) < 0) {
		failf("pipe: %s", strerror(errno));
		return;
	}
	top = fork();
	if (top == 0) {
		close(p[1]);
		bomber(b, p[0]);
	}
	close(p[0]);
	if (top < 0) {
		failf("fork of the first bomber: %s", strerror(errno));
		return;
	}
	/* wait until the tree stops growing */
	for (int i = 0; i < 1000 && stable < 10; i++) {
		int c = __atomic_load_n(&b->created, __ATOMIC_SEQ_CST);

		stable = c == last ? stable + 1 : 0;
		last = c;
		r_sleep_ms(20);
	}
	enforced = b->eagain > 0;
	if (enforced) {
		struct tthread t = { 0 };
		int e = tt_start(&t, thread_parked, NULL);

		if (e == 0) {
			tt_join(&t, -1);
			note("a thread could still be created at the limit (after %d processes)",
			     b->created);
		} else if (e != -EAGAIN)
			failf("thread creation at the limit: %d, want -EAGAIN", e);
	}
	close(p[1]);	/* release the tree */
	if (waitpid(top, &st, 0) != top || st != 0)
		failf("first bomber: status 0x%x (tree_bad %d)", st, b->tree_bad);
	expect_echild("after the bomb");
	if (b->other)
		failf("%d forks failed with errno %d, not EAGAIN", b->other, b->other_err);
	lim.cur = old.cur;
	t_syscall4(NR_prlimit64, 0, T_RLIMIT_NPROC, &lim, 0);
	{
		pid_t pid = fork();

		if (pid == 0)
			_exit(7);
		if (pid < 0)
			failf("fork after the bomb was reaped: %s", strerror(errno));
		else if (waitpid(pid, &st, 0) != pid || st != 7 << 8)
			failf("child after the bomb: status 0x%x", st);
	}
	note("limit %llu: %d processes created, %d EAGAIN", limv, b->created, b->eagain);
	if (!enforced) {
		if (root && !dropped && !on_cleave())
			note("RLIMIT_NPROC not enforced: running as root (Linux exempts root); "
			     "verdict kept equal by accepting this");
		else
			failf("no EAGAIN after %d processes under RLIMIT_NPROC %llu (uid %d)",
			      b->created, limv, (int)getuid());
	}
}

void sc_forkbomb(void)
{
	struct bomb *b = shared_alloc(sizeof(*b));
	long rounds = 0;

	/* one bomb per round, each in its own controller process */
	while (!failed() && rounds < 3 && (rounds == 0 || elapsed_ms() < t_budget_ms / 2)) {
		pid_t c;
		int st;

		memset((void *)b, 0, sizeof(*b));
		c = fork();
		if (c == 0) {
			bomb_controller(b);
			_exit(0);
		}
		if (c < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
		if (waitpid(c, &st, 0) != c || st != 0) {
			failf("bomb controller: status 0x%x", st);
			return;
		}
		rounds++;
	}
	expect_echild("after the bombs");
}

/* ---- zombies: hundreds of children exit before the parent reaps any */
#define NZOMB 300

void sc_zombies(void)
{
	static pid_t pids[NZOMB];
	static unsigned char codes[NZOMB], reaped[NZOMB];
	long rounds = 0;

	while (!failed() && rounds < 20 && (rounds == 0 || !time_up())) {
		int n = NZOMB - rndn(100), p[2], got_bytes = 0;
		char buf[64];

		if (pipe(p) < 0) {
			failf("pipe: %s", strerror(errno));
			return;
		}
		for (int i = 0; i < n; i++) {
			pid_t pid;

			codes[i] = (unsigned char)(rnd() & 0xff);
			reaped[i] = 0;
			pid = fork();
			if (pid == 0) {
				r_write(p[1], "z", 1);
				_exit(codes[i]);
			}
			if (pid < 0) {
				failf("fork %d of %d: %s", i + 1, n, strerror(errno));
				n = i;
				break;
			}
			pids[i] = pid;
		}
		close(p[1]);
		while (got_bytes < n) {
			ssize_t r = read(p[0], buf, sizeof(buf));

			if (r <= 0)
				break;
			got_bytes += r;
		}
		close(p[0]);
		if (got_bytes != n)
			failf("only %d of %d children reported", got_bytes, n);
		r_sleep_ms(10);
		/* reap: a random mix of by-pid and any-child, some with WNOHANG */
		for (int left = n; left > 0;) {
			int st = -1, i;
			long got;

			if (rndn(2)) {
				do
					i = rndn(n);
				while (reaped[i]);
				got = r_wait4(pids[i], &st, rndn(2) ? WNOHANG : 0);
				if (got == 0)
					continue;	/* not a zombie yet: fine, retry */
			} else
				got = r_wait4(-1, &st, 0);
			if (got < 0) {
				failf("round %ld: wait4: %ld with %d unreaped", rounds, got, left);
				return;
			}
			for (i = 0; i < n && pids[i] != got; i++)
				;
			if (i == n) {
				failf("wait4 returned %ld, not one of ours", got);
				return;
			}
			if (reaped[i]++) {
				failf("child %ld reaped twice", got);
				return;
			}
			if (st != codes[i] << 8) {
				failf("child %ld: status 0x%x, want exit %d", got, st, codes[i]);
				return;
			}
			if (rndn(8) == 0 && r_wait4(got, &st, WNOHANG) != -ECHILD) {
				failf("a second wait4(%ld) did not give ECHILD", got);
				return;
			}
			left--;
		}
		if (waitpid(-1, NULL, 0) != -1 || errno != ECHILD) {
			failf("waitpid(-1) after reaping all: not ECHILD (errno %d)", errno);
			return;
		}
		rounds++;
	}
	note("%ld rounds of up to %d zombies", rounds, NZOMB);
}

/* ---- orphans: children whose parent dies are re-parented to init */
#define NORPH 16

struct orph {
	volatile int done[NORPH], ppid_after[NORPH], ppid_before[NORPH], pid[NORPH];
	volatile int ready;
};

void sc_orphans(void)
{
	struct orph *o = shared_alloc(sizeof(*o));
	long rounds = 0, other_parent = 0, lingering = 0;
	pid_t me = getpid();

	while (!failed() && rounds < 50 && (rounds == 0 || !time_up())) {
		int n = 2 + rndn(NORPH - 1), st;
		pid_t mid;

		memset((void *)o, 0, sizeof(*o));
		mid = fork();
		if (mid == 0) {
			for (int i = 0; i < n; i++) {
				pid_t c = fork();

				if (c == 0) {
					pid_t parent = getppid(), np;
					long t0 = now_ms();

					o->ppid_before[i] = parent;
					__atomic_add_fetch(&o->ready, 1, __ATOMIC_SEQ_CST);
					/* wait for the parent to die and for the re-parenting */
					while ((np = getppid()) == parent && now_ms() - t0 < 5000)
						r_sleep_ms(1);
					o->ppid_after[i] = np;
					__atomic_store_n(&o->done[i], 1, __ATOMIC_SEQ_CST);
					_exit(0);
				}
				if (c < 0) {
					failf("fork of orphan %d: %s", i, strerror(errno));
					_exit(1);
				}
				o->pid[i] = c;
			}
			/* die with the children running (once they have seen us) */
			for (long t0 = now_ms(); o->ready < n && now_ms() - t0 < 5000;)
				r_sleep_ms(1);
			_exit(rndn(2) ? 0 : 3);
		}
		if (mid < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
		if (waitpid(mid, &st, 0) != mid || !WIFEXITED(st) || (st >> 8 != 0 && st >> 8 != 3)) {
			failf("middle process: status 0x%x", st);
			return;
		}
		for (int i = 0; i < n; i++) {
			long t0 = now_ms();

			while (!__atomic_load_n(&o->done[i], __ATOMIC_SEQ_CST) && now_ms() - t0 < 8000)
				r_sleep_ms(2);
			if (!o->done[i]) {
				failf("orphan %d (pid %d) never finished", i, o->pid[i]);
				return;
			}
			if (o->ppid_before[i] != mid) {
				failf("orphan %d: getppid() before = %d, want %d", i, o->ppid_before[i], mid);
				return;
			}
			if (o->ppid_after[i] == mid) {
				failf("orphan %d: still child of the dead %d after 5 s", i, mid);
				return;
			}
			if (o->ppid_after[i] == me) {
				failf("orphan %d re-parented to the grandparent %d (not a subreaper)", i, me);
				return;
			}
			if (o->ppid_after[i] != 1)
				other_parent++;
		}
		/* they exit cleanly: init reaps them, kill(pid, 0) -> ESRCH */
		for (int i = 0; i < n; i++) {
			long t0 = now_ms();

			while (r_kill(o->pid[i], 0) == 0 && now_ms() - t0 < 2000)
				r_sleep_ms(5);
			if (r_kill(o->pid[i], 0) == 0)
				lingering++;
		}
		if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD) {
			failf("an orphan was given to us, not to init");
			return;
		}
		rounds++;
	}
	if (other_parent)
		note("%ld orphans re-parented to a pid other than 1 (a subreaper on this host)",
		     other_parent);
	if (lingering)
		note("%ld orphans still existed (unreaped by init?) 2 s after finishing", lingering);
	note("%ld rounds", rounds);
}
