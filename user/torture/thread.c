/* Thread scenarios: threadstorm, exitgroup, signals. */
#include "torture.h"

/* <pthread.h>: glibc has it; for cleave (riscv64-unknown-elf, no __linux__) only
 * the libc's own header counts, not the toolchain's newlib one, and only once
 * it is complete enough to define PTHREAD_MUTEX_INITIALIZER. */
#if defined(__linux__)
#include <pthread.h>
#elif defined(__has_include)
#if __has_include("../libc/include/pthread.h")
#include <pthread.h>
#endif
#endif
#if defined(PTHREAD_MUTEX_INITIALIZER) && !defined(TORTURE_NO_PTHREAD)
#define HAVE_PTHREAD 1
#endif

/* Waits for pid with a deadline; returns the wait4 result (0 on timeout). */
static long wait_deadline(pid_t pid, int *st, long ms)
{
	long t0 = now_ms(), r;

	while ((r = r_wait4(pid, st, WNOHANG | T_WALL)) == 0 && now_ms() - t0 < ms)
		r_sleep_ms(2);
	return r;
}

/* ---- threadstorm ---- */
#define TS_SLOTS 24

struct tsarg {
	int kind;
	volatile int *ran, *done, *bad;
	int pid;
};

static struct tthread ts_th[TS_SLOTS];
static struct tsarg ts_arg[TS_SLOTS];
static volatile int ts_ran, ts_done, ts_bad;

static void ts_deep_exit(int depth);
static void (*volatile ts_deep_exit_p)(int) = ts_deep_exit;

static void __attribute__((noinline)) ts_deep_exit(int depth)
{
	volatile char pad[64];

	pad[0] = (char)depth;
	if (depth > 0)
		ts_deep_exit_p(depth - 1 + pad[0] - depth);
	__atomic_add_fetch(&ts_done, 1, __ATOMIC_SEQ_CST);
	r_exit_thread(0);
}

static int ts_fn(void *a)
{
	struct tsarg *arg = a;
	volatile unsigned x = 0;

	__atomic_add_fetch(arg->ran, 1, __ATOMIC_SEQ_CST);
	if (r_getpid() != arg->pid || r_gettid() == arg->pid)
		__atomic_add_fetch(arg->bad, 1, __ATOMIC_SEQ_CST);
	switch (arg->kind) {
	case 1:
		for (int i = 0; i < 2000; i++)
			x += i;
		break;
	case 2:
		r_sleep_ms(1);
		break;
	case 3:
		t_syscall0(NR_sched_yield);
		break;
	case 4:
		ts_deep_exit(10);	/* SYS_exit from deep in the stack */
		break;
	}
	__atomic_add_fetch(arg->done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void ts_raw(long until_ms)
{
	long created = 0, joined = 0, detached = 0;
	int pid = getpid();

	memset(ts_th, 0, sizeof(ts_th));
	while (elapsed_ms() < until_ms && created < 200000 && !failed()) {
		int s = rndn(TS_SLOTS);
		struct tthread *t = &ts_th[s];

		if (t->started) {
			/* joinable: join now; "detached": only reuse once the kernel cleared the tid */
			if (ts_arg[s].kind >= 0 && rndn(3)) {
				if (tt_join(t, 5000) != 0) {
					failf("thread in slot %d not finished after 5 s", s);
					return;
				}
				joined++;
			} else if (tt_done(t)) {
				t->started = 0;
				detached++;
			} else
				continue;
		}
		ts_arg[s] = (struct tsarg){ (int)rndn(5), &ts_ran, &ts_done, &ts_bad, pid };
		if (tt_start(t, ts_fn, &ts_arg[s]) != 0) {
			failf("thread creation with %ld live: %s", created - joined - detached,
			      strerror(errno));
			return;
		}
		created++;
	}
	for (int s = 0; s < TS_SLOTS; s++)
		if (tt_join(&ts_th[s], 5000) != 0)
			failf("thread in slot %d not finished after 5 s", s);
	if (ts_ran != created || ts_done != created)
		failf("%ld threads created, %d ran, %d finished", created, ts_ran, ts_done);
	if (ts_bad)
		failf("%d threads saw a wrong getpid()/gettid()", ts_bad);
	note("raw clone threads: %ld created, %ld joined, %ld reused after exit", created, joined,
	     detached);
}

#ifdef HAVE_PTHREAD
static volatile int pt_ran, pt_detached_done;

static void *pt_fn(void *a)
{
	__atomic_add_fetch(&pt_ran, 1, __ATOMIC_SEQ_CST);
	if (a)
		__atomic_add_fetch(&pt_detached_done, 1, __ATOMIC_SEQ_CST);
	return a ? NULL : (void *)&pt_ran;
}

static void ts_pthread(long until_ms)
{
	pthread_t th[16];
	long created = 0, ndet = 0;

	while (elapsed_ms() < until_ms && created < 100000 && !failed()) {
		int n = 1 + rndn(16), ok = 0;

		for (int i = 0; i < n; i++) {
			int det = rndn(3) == 0, e = pthread_create(&th[ok], NULL, pt_fn,
								  det ? (void *)1 : NULL);

			if (e) {
				failf("pthread_create: %s", strerror(e));
				break;
			}
			created++;
			if (det) {
				if ((e = pthread_detach(th[ok])) != 0) {
					failf("pthread_detach: %s", strerror(e));
					break;
				}
				ndet++;
			} else
				ok++;
		}
		for (int i = 0; i < ok; i++) {
			void *ret = NULL;
			int e = pthread_join(th[i], &ret);

			if (e)
				failf("pthread_join: %s", strerror(e));
			else if (ret != (void *)&pt_ran)
				failf("pthread_join: wrong return value %p", ret);
		}
	}
	for (long t0 = now_ms(); pt_detached_done < ndet && now_ms() - t0 < 5000;)
		r_sleep_ms(2);
	if (pt_ran != created || pt_detached_done != ndet)
		failf("pthreads: %ld created (%ld detached), %d ran, %d detached finished", created,
		      ndet, pt_ran, pt_detached_done);
	note("pthreads: %ld created, %ld detached", created, ndet);
}
#endif

void sc_threadstorm(void)
{
	long half = t_budget_ms / 2;
	pid_t pid = fork();
	int st;

	if (pid == 0) {
		ts_raw(half);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		if (!failed())
			failf("raw-thread process: status 0x%x", st);
		return;
	}
#ifdef HAVE_PTHREAD
	pid = fork();
	if (pid == 0) {
		ts_pthread(t_budget_ms);
		_exit(0);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		if (!failed())
			failf("pthread process: status 0x%x", st);
	}
#else
	note("no <pthread.h> in this libc: raw clone threads only");
#endif
}

/* ---- exitgroup ---- */
#define EG_THREADS 12

struct egshared {
	volatile int tids[EG_THREADS];
	volatile int started;
	volatile int go;	/* which thread calls exit_group: 1 + index */
};

struct egarg {
	struct egshared *sh;
	int idx, kind, code, rfd;
	volatile int never;	/* futex word nobody wakes */
};
static struct egarg eg_arg[EG_THREADS];

static int eg_fn(void *a)
{
	struct egarg *arg = a;
	struct egshared *sh = arg->sh;
	char c;

	sh->tids[arg->idx] = (int)r_gettid();
	__atomic_add_fetch(&sh->started, 1, __ATOMIC_SEQ_CST);
	if (arg->kind == 4) {	/* the exiter: waits for its turn, then exit_group */
		while (!__atomic_load_n(&sh->go, __ATOMIC_SEQ_CST))
			r_sleep_ms(1);
		r_exit_group(arg->code);
	}
	for (;;) {
		switch (arg->kind) {
		case 0:
			r_futex_wait(&arg->never, 0, -1);
			break;
		case 1:
			r_read(arg->rfd, &c, 1);
			break;
		case 2:
			r_sleep_ms(100000);
			break;
		default:
			t_syscall0(NR_sched_yield);
			break;
		}
	}
	return 0;
}

static void eg_process(struct egshared *sh, int code, int leader_exits, int who)
{
	static struct tthread th[EG_THREADS];
	int q[2];

	if (pipe(q) < 0)
		_exit(250);
	for (int i = 0; i < EG_THREADS; i++) {
		eg_arg[i] = (struct egarg){ sh, i, i == who ? 4 : i % 4, code, q[0], 0 };
		if (tt_start(&th[i], eg_fn, &eg_arg[i]) != 0)
			_exit(251);
	}
	while (__atomic_load_n(&sh->started, __ATOMIC_SEQ_CST) < EG_THREADS)
		r_sleep_ms(1);
	r_sleep_ms(2);	/* let them block */
	if (who < 0)
		r_exit_group(code);	/* the leader itself */
	__atomic_store_n(&sh->go, 1, __ATOMIC_SEQ_CST);
	if (leader_exits)
		r_exit_thread(99);	/* leader leaves first: a zombie leader until the group ends */
	for (;;)
		r_sleep_ms(1000);
}

void sc_exitgroup(void)
{
	struct egshared *sh = shared_alloc(sizeof(*sh));
	long rounds = 0;

	while (!failed() && rounds < 1000 && (rounds == 0 || !time_up())) {
		int code = 1 + rndn(200), leader_exits = rndn(2), who = (int)rndn(EG_THREADS + 1) - 1;
		int p[2], st = 0;
		pid_t pid;
		char c;
		long r;

		memset((void *)sh, 0, sizeof(*sh));
		if (pipe(p) < 0) {
			failf("pipe: %s", strerror(errno));
			return;
		}
		pid = fork();
		if (pid == 0) {
			close(p[0]);
			eg_process(sh, code, who >= 0 && leader_exits, who);
		}
		close(p[1]);
		if (pid < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
		r = wait_deadline(pid, &st, 10000);
		if (r != pid) {
			failf("round %ld: process not reaped 10 s after exit_group (wait4 %ld); "
			      "exit_group from %s%s", rounds, r, who < 0 ? "the leader" : "a thread",
			      leader_exits && who >= 0 ? " after the leader's exit" : "");
			r_kill(pid, SIGKILL);
			r_wait4(pid, &st, T_WALL);
			return;
		}
		if (st == 250 << 8 || st == 251 << 8) {
			failf("set-up in the process failed (status 0x%x)", st);
			return;
		}
		if (st != code << 8) {
			failf("round %ld: status 0x%x, want exit %d (exit_group from %s%s)", rounds, st,
			      code, who < 0 ? "the leader" : "a thread",
			      leader_exits && who >= 0 ? " after the leader's exit" : "");
			return;
		}
		/* nothing left: no thread, no open descriptor */
		for (int i = 0; i < EG_THREADS; i++)
			if (sh->tids[i] > 0 && r_kill(sh->tids[i], 0) != -ESRCH) {
				failf("thread %d still exists after the process was reaped", sh->tids[i]);
				return;
			}
		fcntl(p[0], F_SETFL, O_NONBLOCK);
		r = r_read(p[0], &c, 1);
		close(p[0]);
		if (r != 0) {
			failf("the dead process's pipe end is still open (read %ld)", r);
			return;
		}
		if (r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD) {
			failf("children left over");
			return;
		}
		rounds++;
	}
	note("%ld rounds", rounds);
}

/* ---- signals ---- */
#define SIG_KIDS 64
static volatile pid_t sg_pids[SIG_KIDS];
static volatile int sg_codes[SIG_KIDS], sg_reaped[SIG_KIDS], sg_nreaped, sg_nsig, sg_bad;

static void on_sigchld(int sig)
{
	int saved = errno, st;
	pid_t pid;

	(void)sig;
	sg_nsig++;
	while ((pid = waitpid(-1, &st, WNOHANG)) > 0) {
		int i;

		for (i = 0; i < SIG_KIDS && sg_pids[i] != pid; i++)
			;
		if (i == SIG_KIDS || st != sg_codes[i] << 8)
			sg_bad++;
		else
			sg_reaped[i]++;
		sg_nreaped++;
	}
	errno = saved;
}

static void sig_count(void)
{
	struct sigaction sa, old;
	sigset_t blk, prev;
	int n = 16 + rndn(SIG_KIDS - 15);

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_sigchld;
	sa.sa_flags = SA_RESTART;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGCHLD, &sa, &old);
	sigemptyset(&blk);
	sigaddset(&blk, SIGCHLD);
	sg_nreaped = sg_nsig = sg_bad = 0;
	for (int i = 0; i < n; i++) {
		pid_t pid;

		sigprocmask(SIG_BLOCK, &blk, &prev);
		sg_codes[i] = 1 + rndn(250);
		sg_reaped[i] = 0;
		pid = fork();
		if (pid == 0) {
			if (i & 1)
				r_sleep_ms(rndn(5));
			_exit(sg_codes[i]);
		}
		sg_pids[i] = pid;
		sigprocmask(SIG_SETMASK, &prev, NULL);
		if (pid < 0) {
			failf("fork: %s", strerror(errno));
			return;
		}
	}
	for (long t0 = now_ms(); sg_nreaped < n && now_ms() - t0 < 5000;)
		r_sleep_ms(2);
	sigprocmask(SIG_BLOCK, &blk, &prev);
	if (sg_bad)
		failf("SIGCHLD handler reaped %d children with a wrong pid or status", sg_bad);
	else if (sg_nreaped != n)
		failf("SIGCHLD handler reaped %d of %d children in 5 s (%d signals)", sg_nreaped, n,
		      sg_nsig);
	else
		for (int i = 0; i < n; i++)
			if (sg_reaped[i] != 1) {
				failf("child %d reaped %d times", sg_pids[i], sg_reaped[i]);
				break;
			}
	if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		failf("children left after the handler reaped all");
	vnote("%d children, %d SIGCHLD handler runs", n, sg_nsig);
	sigaction(SIGCHLD, &old, NULL);
	sigprocmask(SIG_SETMASK, &prev, NULL);
}

struct vkshared {
	volatile int child_pid, child_done, child_ppid_after;
};

static int vk_child_sleep(void *a)
{
	struct vkshared *v = a;

	v->child_pid = (int)r_getpid();
	r_sleep_ms(20000);	/* until killed */
	r_exit_group(0);
	return 0;
}

/* the vfork parent is killed; the child lives on and sees the re-parenting */
static int vk_child_outlive(void *a)
{
	struct vkshared *v = a;
	long parent = r_getppid(), np, t0 = now_ms();

	v->child_pid = (int)r_getpid();
	while ((np = r_getppid()) == parent && now_ms() - t0 < 5000)
		r_sleep_ms(1);
	v->child_ppid_after = (int)np;
	__atomic_store_n(&v->child_done, 1, __ATOMIC_SEQ_CST);
	r_exit_group(0);
	return 0;
}

static void sig_vfork(void)
{
	struct vkshared *v = shared_alloc(sizeof(*v));
	char *stk = private_alloc(T_STACK);
	int st = 0;
	long r = 0;
	pid_t vp, k;

	/* 1: the killed vfork child releases its parent */
	vp = fork();
	if (vp == 0) {
		long t0;
		int c;

		k = fork();
		if (k == 0) {
			while (!v->child_pid)
				r_sleep_ms(1);
			r_sleep_ms(10);
			r_kill(v->child_pid, SIGKILL);
			_exit(0);
		}
		t0 = now_ms();
		c = clone(vk_child_sleep, stk + T_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, v);
		if (c < 0) {
			failf("vfork-clone: %s", strerror(errno));
			_exit(1);
		}
		if (now_ms() - t0 > 10000)
			failf("vfork parent resumed only after %ld ms", now_ms() - t0);
		if (waitpid(c, &st, 0) != c || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
			failf("killed vfork child: status 0x%x, want SIGKILL", st);
		waitpid(k, &st, 0);
		_exit(0);
	}
	if (vp < 0 || (r = wait_deadline(vp, &st, 15000)) != vp || st != 0) {
		if (!failed())
			failf("vfork parent (child killed): wait %ld status 0x%x", (long)r, st);
		return;
	}
	/* 2: SIGKILL to the suspended vfork parent */
	memset((void *)v, 0, sizeof(*v));
	vp = fork();
	if (vp == 0) {
		clone(vk_child_outlive, stk + T_STACK, CLONE_VM | CLONE_VFORK | SIGCHLD, v);
		_exit(5);	/* should not get here: killed while suspended */
	}
	for (long t0 = now_ms(); !v->child_pid && now_ms() - t0 < 5000;)
		r_sleep_ms(1);
	r_sleep_ms(5);
	r_kill(vp, SIGKILL);
	if ((r = wait_deadline(vp, &st, 5000)) != vp) {
		failf("SIGKILL to a suspended vfork parent: not dead after 5 s (wait %ld)", r);
		return;
	}
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		failf("vfork parent killed while suspended: status 0x%x (child done %d)", st,
		      v->child_done);
	for (long t0 = now_ms(); !v->child_done && now_ms() - t0 < 8000;)
		r_sleep_ms(2);
	if (!v->child_done)
		failf("the vfork child did not outlive its killed parent");
	else if (v->child_ppid_after == vp)
		failf("vfork child not re-parented after its parent was killed");
}

/* SIGKILL to a thread group (the leader's pid or one thread's tid) */
#define KG_THREADS 6
struct kgshared {
	volatile int tids[KG_THREADS], started;
};
static struct kgshared *kg;
static volatile int kg_never;

static int kg_fn(void *a)
{
	int i = (int)(long)a;

	kg->tids[i] = (int)r_gettid();
	__atomic_add_fetch(&kg->started, 1, __ATOMIC_SEQ_CST);
	for (;;) {
		if (i % 3 == 0)
			r_futex_wait(&kg_never, 0, -1);
		else if (i % 3 == 1)
			r_sleep_ms(100000);
		else
			t_syscall0(NR_sched_yield);
	}
	return 0;
}

static void sig_killgroup(int how)
{
	static struct tthread th[KG_THREADS];
	int st;
	long r;
	pid_t q;

	kg = shared_alloc(sizeof(*kg));
	q = fork();
	if (q == 0) {
		for (int i = 0; i < KG_THREADS; i++)
			if (tt_start(&th[i], kg_fn, (void *)(long)i) != 0)
				_exit(1);
		for (;;)
			r_sleep_ms(1000);
	}
	if (q < 0) {
		failf("fork: %s", strerror(errno));
		return;
	}
	for (long t0 = now_ms(); kg->started < KG_THREADS && now_ms() - t0 < 5000;)
		r_sleep_ms(1);
	if (kg->started < KG_THREADS) {
		failf("threads did not start");
		r_kill(q, SIGKILL);
		r_wait4(q, &st, 0);
		return;
	}
	if (how == 0)
		r = r_kill(q, SIGKILL);
	else
		r = t_syscall3(NR_tgkill, q, kg->tids[rndn(KG_THREADS)], SIGKILL);
	if (r != 0)
		failf("%s: %ld", how ? "tgkill" : "kill", r);
	if ((r = wait_deadline(q, &st, 5000)) != q) {
		failf("SIGKILL by %s: thread group not reaped after 5 s (wait %ld)",
		      how ? "tgkill of one thread" : "kill of the process", r);
		r_kill(q, SIGKILL);
		return;
	}
	if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		failf("SIGKILLed thread group: status 0x%x", st);
	for (int i = 0; i < KG_THREADS; i++)
		if (r_kill(kg->tids[i], 0) != -ESRCH)
			failf("thread %d survived SIGKILL of its group", kg->tids[i]);
	munmap((void *)kg, sizeof(*kg));
}

void sc_signals(void)
{
	long rounds = 0;

	while (!failed() && rounds < 200 && (rounds == 0 || !time_up())) {
		sig_count();
		if (!failed())
			sig_vfork();
		if (!failed())
			sig_killgroup(rounds & 1);
		if (!failed() && r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD)
			failf("children left over");
		rounds++;
	}
	note("%ld rounds", rounds);
}
