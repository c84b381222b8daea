/* Futexes: errors (EFAULT / EINVAL / EAGAIN / ENOSYS, errno-exact), exact
 * wake counts, shared futexes across fork on MAP_SHARED memory, bitsets
 * and absolute timeouts, requeue, wake-op and robust lists. Portable: it
 * also runs natively on Linux (difftest).
 *
 * How a test knows its waiters are asleep without timing: FUTEX_CMP_REQUEUE
 * of a futex onto itself, waking none, returns how many wait on it. */
#include "clonetest.h"
#include <limits.h>

#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu

static long fx(volatile void *uaddr, int op, long val, long utime, volatile void *uaddr2, long val3)
{
	long r = __syscall6(SYS_futex, (long)uaddr, op, val, utime, (long)uaddr2, val3);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

/* Waiters on *w (any kind of key: op's private flag decides). */
static long nwaiters(volatile unsigned *w, int priv)
{
	return fx(w, FUTEX_CMP_REQUEUE | priv, 0, INT_MAX, w, *w);
}

/* Polls until n tasks wait on *w (they need only be scheduled). */
static int await_waiters(volatile unsigned *w, int priv, long n)
{
	for (long i = 0; i < 200000; i++) {
		long k = nwaiters(w, priv);
		if (k == n)
			return 1;
		if (k < 0 || k > n)
			return 0;
		__syscall0(SYS_sched_yield);
		if (i > 1000)
			raw_sleep_ms(1);
	}
	return 0;
}

static volatile unsigned *shared_page(void)
{
	void *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED) {
		printf("# mmap MAP_SHARED failed\n");
		_exit(2);
	}
	return p;
}

/* ---- errors ---- */

static void efault_unmapped(const char *name)
{
	char *p = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	munmap(p, 4096);
	volatile unsigned *u = (unsigned *)p, good = 0;
	int okk = 1;
	okk &= expect_err(name, fx(u, FUTEX_WAKE, 1, 0, 0, 0), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_WAIT, 0, 0, 0, 0), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_WAIT_BITSET, 0, 0, 0, 1), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_WAKE_BITSET, 1, 0, 0, 1), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_REQUEUE, 1, 1, &good, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_REQUEUE, 1, 1, u, 0), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_CMP_REQUEUE, 1, 1, &good, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_CMP_REQUEUE, 1, 1, u, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_WAKE_OP, 1, 1, u, 0), EFAULT);
	okk &= expect_err(name, fx(u, FUTEX_WAKE_OP, 1, 1, &good, 0), EFAULT);
	/* private: the key is the address, but the word must still be read */
	okk &= expect_err(name, fx(u, FUTEX_CMP_REQUEUE | FUTEX_PRIVATE_FLAG, 1, 1, &good, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_WAKE_OP | FUTEX_PRIVATE_FLAG, 1, 1, u, 0), EFAULT);
	if (okk)
		ok(name);
}

static void efault_null_and_kernel(const char *name)
{
	volatile unsigned *k = (unsigned *)(-4096L), good = 0;
	int okk = 1;
	okk &= expect_err(name, fx(NULL, FUTEX_WAKE, 1, 0, 0, 0), EFAULT);
	okk &= expect_err(name, fx(NULL, FUTEX_WAIT, 0, 0, 0, 0), EFAULT);
	int ops[] = { FUTEX_WAKE, FUTEX_WAIT, FUTEX_WAKE | FUTEX_PRIVATE_FLAG,
		      FUTEX_WAIT | FUTEX_PRIVATE_FLAG, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG };
	for (unsigned i = 0; i < sizeof(ops) / sizeof(ops[0]); i++)
		okk &= expect_err(name, fx(k, ops[i], 0, 0, &good, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_REQUEUE | FUTEX_PRIVATE_FLAG, 1, 1, k, 0), EFAULT);
	okk &= expect_err(name, fx(&good, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, 1, 0, 0, 0), EINVAL);
	/* a bad timeout pointer */
	okk &= expect_err(name, fx(&good, FUTEX_WAIT, 0, (long)k, 0, 0), EFAULT);
	if (okk)
		ok(name);
}

static void einval_misaligned(const char *name)
{
	static unsigned w[2];
	volatile unsigned *m = (unsigned *)((char *)w + 1), *m2 = (unsigned *)((char *)w + 2);
	int okk = 1;
	okk &= expect_err(name, fx(m, FUTEX_WAKE, 1, 0, 0, 0), EINVAL);
	okk &= expect_err(name, fx(m2, FUTEX_WAIT, 0, 0, 0, 0), EINVAL);
	okk &= expect_err(name, fx(m, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, 1, 0, 0, 0), EINVAL);
	okk &= expect_err(name, fx(m2, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0), EINVAL);
	okk &= expect_err(name, fx(w, FUTEX_REQUEUE, 1, 1, m, 0), EINVAL);
	okk &= expect_err(name, fx(w, FUTEX_WAIT_BITSET, 0, 0, 0, 0), EINVAL);	/* bitset 0 */
	okk &= expect_err(name, fx(w, FUTEX_CMP_REQUEUE, -1, 1, w, 0), EINVAL);
	okk &= expect_err(name, fx(w, FUTEX_WAKE | FUTEX_CLOCK_REALTIME, 1, 0, 0, 0), ENOSYS);
	okk &= expect_err(name, fx(w, 99, 1, 0, 0, 0), ENOSYS);
	okk &= expect_err(name, fx(w, FUTEX_WAIT, 1, 0, 0, 0), EAGAIN);	/* *w is 0 */
	if (okk)
		ok(name);
}

/* ---- exact wake counts ---- */

static volatile unsigned tword;
static volatile int twoken;
static int waiter_thread(void *arg)
{
	int priv = (int)(long)arg;
	long r = fx(&tword, FUTEX_WAIT | priv, 0, 0, 0, 0);
	__atomic_add_fetch(&twoken, r == 0 ? 1 : 100, __ATOMIC_SEQ_CST);
	return 0;
}

/* Three threads wait; FUTEX_WAKE 1 wakes exactly one (returns 1, and that
 * one returns from its wait) while the other two stay asleep; then a wake
 * of 3 finds exactly two. */
static void wake_count_threads(const char *name, int priv)
{
	static volatile int ctid[3];
	for (int i = 0; i < 3; i++) {
		ctid[i] = 1;
		if (clone(waiter_thread, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
			  (void *)(long)priv, NULL, NULL, (int *)&ctid[i]) < 0) {
			fail(name, "clone: %s", strerror(errno));
			return;
		}
	}
	if (!await_waiters(&tword, priv, 3)) {
		fail(name, "3 waiters never queued (%ld)", nwaiters(&tword, priv));
		return;
	}
	long r = fx(&tword, FUTEX_WAKE | priv, 1, 0, 0, 0);
	while (__atomic_load_n(&twoken, __ATOMIC_SEQ_CST) == 0)
		__syscall0(SYS_sched_yield);
	long left = nwaiters(&tword, priv);
	int woken1 = twoken;
	long r2 = fx(&tword, FUTEX_WAKE | priv, 3, 0, 0, 0);
	for (int i = 0; i < 3; i++)
		join_tid(&ctid[i]);
	if (r != 1 || left != 2 || woken1 != 1 || r2 != 2 || twoken != 3)
		fail(name, "FUTEX_WAKE 1 of 3 returned %ld, %d woke, %ld left waiting; then wake 3 "
			   "returned %ld, %d woke in all (want 1 1 2 2 3)", r, woken1, left, r2, twoken);
	else
		ok(name);
}
static void wake_count_private(const char *name) { wake_count_threads(name, FUTEX_PRIVATE_FLAG); }
static void wake_count_plain(const char *name) { wake_count_threads(name, 0); }

/* Shared futex: children forked after a MAP_SHARED|MAP_ANONYMOUS mmap
 * wait on the word (no FUTEX_PRIVATE_FLAG); the parent counts and wakes
 * them one by one, exactly. */
static void shared_fork(const char *name)
{
	volatile unsigned *w = shared_page();
	volatile unsigned *done = w + 1;
	pid_t kids[3];
	for (int i = 0; i < 3; i++) {
		kids[i] = fork();
		if (kids[i] == 0) {
			while (*w == 0)
				fx(w, FUTEX_WAIT, 0, 0, 0, 0);
			__atomic_add_fetch(done, 1, __ATOMIC_SEQ_CST);
			_exit(0);
		}
	}
	if (!await_waiters(w, 0, 3)) {
		fail(name, "3 waiters never queued on the shared word (%ld)", nwaiters(w, 0));
		*w = 1;
		fx(w, FUTEX_WAKE, INT_MAX, 0, 0, 0);
		return;
	}
	/* a private wake names another futex: nobody wakes */
	long rp = fx(w, FUTEX_WAKE | FUTEX_PRIVATE_FLAG, INT_MAX, 0, 0, 0);
	*w = 1;
	long r1 = fx(w, FUTEX_WAKE, 1, 0, 0, 0);
	long left = nwaiters(w, 0);
	long r2 = fx(w, FUTEX_WAKE, INT_MAX, 0, 0, 0);
	int st, bad = 0;
	for (int i = 0; i < 3; i++)
		if (waitpid(kids[i], &st, 0) != kids[i] || st != 0)
			bad++;
	if (rp != 0 || r1 != 1 || left != 2 || r2 != 2 || bad || *done != 3)
		fail(name, "private wake %ld, wake 1: %ld, left %ld, wake all: %ld, bad exits %d, done %u",
		     rp, r1, left, r2, bad, *done);
	else
		ok(name);
}

/* MAP_SHARED anonymous memory is shared with a forked child, not COW. */
static void shared_mapping_is_shared(const char *name)
{
	volatile unsigned *w = shared_page();
	w[10] = 1;
	pid_t c = fork();
	if (c == 0) {
		w[10] = 2;
		w[2000 / 4] = 3;
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	if (w[10] != 2 || w[2000 / 4] != 3)
		fail(name, "the parent sees %u and %u, want 2 and 3", w[10], w[2000 / 4]);
	else
		ok(name);
}

/* ---- bitsets, timeouts ---- */

static void ts_add_ms(struct timespec *ts, long ms)
{
	ts->tv_nsec += (ms % 1000) * 1000000L;
	ts->tv_sec += ms / 1000 + ts->tv_nsec / 1000000000L;
	ts->tv_nsec %= 1000000000L;
}

static int ts_before(const struct timespec *a, const struct timespec *b)
{
	return a->tv_sec < b->tv_sec || (a->tv_sec == b->tv_sec && a->tv_nsec < b->tv_nsec);
}

static void abs_timeouts(const char *name)
{
	static volatile unsigned w;
	struct timespec dl, now;
	int clocks[] = { CLOCK_MONOTONIC, CLOCK_REALTIME };
	for (int i = 0; i < 2; i++) {
		int flag = clocks[i] == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0;
		__syscall2(SYS_clock_gettime, clocks[i], &dl);
		ts_add_ms(&dl, 30);
		if (!expect_err(name, fx(&w, FUTEX_WAIT_BITSET | flag, 0, (long)&dl, 0, ~0L),
				ETIMEDOUT))
			return;
		__syscall2(SYS_clock_gettime, clocks[i], &now);
		if (ts_before(&now, &dl)) {
			fail(name, "clock %d: woke before the absolute deadline", clocks[i]);
			return;
		}
		/* a deadline in the past times out at once */
		dl.tv_sec = 0;
		dl.tv_nsec = 1;
		if (!expect_err(name, fx(&w, FUTEX_WAIT_BITSET | flag | FUTEX_PRIVATE_FLAG, 0,
					 (long)&dl, 0, ~0L), ETIMEDOUT))
			return;
	}
	/* FUTEX_WAIT's timeout is relative; it takes no clock choice */
	struct timespec rel = { 0, 20000000 };
	if (!expect_err(name, fx(&w, FUTEX_WAIT, 0, (long)&rel, 0, 0), ETIMEDOUT) ||
	    !expect_err(name, fx(&w, FUTEX_WAIT | FUTEX_CLOCK_REALTIME, 0, (long)&rel, 0, 0),
			ENOSYS))
		return;
	struct timespec bad = { 0, 1000000000L };
	if (!expect_err(name, fx(&w, FUTEX_WAIT, 0, (long)&bad, 0, 0), EINVAL))
		return;
	ok(name);
}

static volatile unsigned bword;
static int bitset_waiter(void *arg)
{
	fx(&bword, FUTEX_WAIT_BITSET | FUTEX_PRIVATE_FLAG, 0, 0, 0, (long)arg);
	return 0;
}

static void bitset_wake(const char *name)
{
	static volatile int c1 = 1, c2 = 1;
	clone(bitset_waiter, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID, (void *)1L,
	      NULL, NULL, (int *)&c1);
	clone(bitset_waiter, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID, (void *)6L,
	      NULL, NULL, (int *)&c2);
	if (!await_waiters(&bword, FUTEX_PRIVATE_FLAG, 2)) {
		fail(name, "waiters never queued");
		return;
	}
	long r8 = fx(&bword, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, 0, 8);
	long r4 = fx(&bword, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, 0, 4);
	long left = nwaiters(&bword, FUTEX_PRIVATE_FLAG);
	long r1 = fx(&bword, FUTEX_WAKE_BITSET | FUTEX_PRIVATE_FLAG, INT_MAX, 0, 0, 1);
	join_tid(&c1);
	join_tid(&c2);
	if (r8 != 0 || r4 != 1 || left != 1 || r1 != 1)
		fail(name, "bitset 8 woke %ld, 4 woke %ld (left %ld), 1 woke %ld; want 0 1 1 1",
		     r8, r4, left, r1);
	else
		ok(name);
}

/* ---- requeue, wake-op ---- */

static volatile unsigned qa, qb;
static int requeue_waiter(void *arg)
{
	(void)arg;
	fx(&qa, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0);
	return 0;
}

static void requeue(const char *name)
{
	static volatile int c[4];
	const int P = FUTEX_PRIVATE_FLAG;
	for (int i = 0; i < 4; i++) {
		c[i] = 1;
		clone(requeue_waiter, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
		      NULL, NULL, NULL, (int *)&c[i]);
	}
	if (!await_waiters(&qa, P, 4)) {
		fail(name, "waiters never queued");
		return;
	}
	int okk = expect_err(name, fx(&qa, FUTEX_CMP_REQUEUE | P, 1, 1, &qb, 7), EAGAIN);
	long n = nwaiters(&qa, P);
	long r = fx(&qa, FUTEX_CMP_REQUEUE | P, 1, 1, &qb, 0);	/* wake 1, move 1 */
	long na = nwaiters(&qa, P), nb = nwaiters(&qb, P);
	long r2 = fx(&qa, FUTEX_REQUEUE | P, 0, 1, &qb, 0);	/* move 1 more */
	long na2 = nwaiters(&qa, P), nb2 = nwaiters(&qb, P);
	long wb = fx(&qb, FUTEX_WAKE | P, INT_MAX, 0, 0, 0);
	long wa = fx(&qa, FUTEX_WAKE | P, INT_MAX, 0, 0, 0);
	for (int i = 0; i < 4; i++)
		join_tid(&c[i]);
	if (okk && (n != 4 || r != 2 || na != 2 || nb != 1 || r2 != 1 || na2 != 1 || nb2 != 2 ||
		    wb != 2 || wa != 1))
		fail(name, "n %ld cmp_requeue %ld -> a %ld b %ld; requeue %ld -> a %ld b %ld; "
			   "wake b %ld a %ld", n, r, na, nb, r2, na2, nb2, wb, wa);
	else if (okk)
		ok(name);
}

#define OP(op, cmp, oparg, cmparg) \
	((((op) & 15) << 28) | (((cmp) & 15) << 24) | (((oparg) & 0xfff) << 12) | ((cmparg) & 0xfff))

static volatile unsigned oa, ob;
static int op_waiter(void *arg)
{
	volatile unsigned *w = arg;
	fx(w, FUTEX_WAIT | FUTEX_PRIVATE_FLAG, 0, 0, 0, 0);
	return 0;
}

static void wake_op(const char *name)
{
	const int P = FUTEX_PRIVATE_FLAG;
	static volatile int c[4];
	for (int i = 0; i < 4; i++) {
		c[i] = 1;
		clone(op_waiter, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
		      (void *)(i < 2 ? &oa : &ob), NULL, NULL, (int *)&c[i]);
	}
	if (!await_waiters(&oa, P, 2) || !await_waiters(&ob, P, 2)) {
		fail(name, "waiters never queued");
		return;
	}
	/* ob is 0: ADD 5, old value 0 == 0 holds -> one of each woken */
	long r1 = fx(&oa, FUTEX_WAKE_OP | P, 1, 1, &ob, OP(1, 0, 5, 0));
	unsigned v1 = ob;
	/* ob is 5: OR 2 -> 7; old 5 > 9 fails -> only oa's waiter */
	long r2 = fx(&oa, FUTEX_WAKE_OP | P, 1, 1, &ob, OP(2, 4, 2, 9));
	unsigned v2 = ob;
	/* OPARG_SHIFT: ANDN (1 << 1) -> 5; then SET 0 and XOR 3 */
	long r3 = fx(&oa, FUTEX_WAKE_OP | P, 0, 0, &ob, OP(8 | 3, 0, 1, 0));
	unsigned v3 = ob;
	long r4 = fx(&oa, FUTEX_WAKE_OP | P, 0, 0, &ob, OP(0, 0, 0, 0));
	/* XOR 3 -> 3; old 0 == 0 holds: nr_wake2 0 still wakes one (Linux
	 * checks the count after waking) */
	long r5 = fx(&oa, FUTEX_WAKE_OP | P, 0, 0, &ob, OP(4, 0, 3, 0));
	unsigned v5 = ob;
	int okk = expect_err(name, fx(&oa, FUTEX_WAKE_OP | P, 0, 0, &ob, OP(6, 0, 0, 0)), ENOSYS);
	ob = 0;
	long rest = fx(&ob, FUTEX_WAKE | P, INT_MAX, 0, 0, 0);
	for (int i = 0; i < 4; i++)
		join_tid(&c[i]);
	if (okk && (r1 != 2 || v1 != 5 || r2 != 1 || v2 != 7 || r3 != 0 || v3 != 5 || r4 != 0 ||
		    r5 != 1 || v5 != 3 || rest != 0))
		fail(name, "r1 %ld v1 %u r2 %ld v2 %u r3 %ld v3 %u r4 %ld r5 %ld v5 %u rest %ld",
		     r1, v1, r2, v2, r3, v3, r4, r5, v5, rest);
	else if (okk)
		ok(name);
}

/* ---- robust lists ---- */

struct rhead {
	void *list;
	long futex_offset;
	void *pending;
};

static long set_robust(void *head, long len)
{
	long r = __syscall2(SYS_set_robust_list, head, len);
	if (r < 0) {
		errno = -r;
		return -1;
	}
	return r;
}

static void robust_syscalls(const char *name)
{
	static struct rhead h = { &h, 0, 0 };
	void *got = NULL;
	size_t len = 0;
	int okk = expect_err(name, set_robust(&h, 23), EINVAL) &&
		  expect_err(name, set_robust(&h, 32), EINVAL);
	if (okk && set_robust(&h, sizeof(h)) != 0) {
		fail(name, "set_robust_list: %s", strerror(errno));
		return;
	}
	long r = __syscall3(SYS_get_robust_list, 0, &got, &len);
	long r2 = __syscall3(SYS_get_robust_list, getpid(), &got, &len);
	long r3 = __syscall3(SYS_get_robust_list, INT_MAX, &got, &len);
	long r4 = __syscall3(SYS_get_robust_list, 0, (void *)-4096L, &len);
	if (okk && (r != 0 || r2 != 0 || got != &h || len != sizeof(h) || r3 != -ESRCH ||
		    r4 != -EFAULT))
		fail(name, "get_robust_list: %ld %ld %p %zu, other pid %ld, bad pointer %ld", r, r2,
		     got, len, r3, r4);
	else if (okk)
		ok(name);
}

/* A child holds n locks in a shared page (words 8 bytes apart), listed on
 * its robust list, with `waiters` set on each; it exits holding them.
 * kind: 0 a proper list; 1 the last entry loops onto itself; 2 a garbage
 * next pointer after the locks; 3 the first lock is list_op_pending (and
 * unowned: 0). Returns the child's tid (or -1). */
static long robust_child(volatile unsigned *words, int n, int waiters, int kind)
{
	int p[2];
	if (pipe(p))
		return -1;
	pid_t c = fork();
	if (c == 0) {
		static struct rhead h;
		static void *ent[4096];
		unsigned tid = (unsigned)__syscall0(SYS_gettid);
		h.futex_offset = (char *)words - (char *)ent;
		for (int i = 0; i < n; i++) {
			words[2 * i] = tid | (waiters ? FUTEX_WAITERS : 0);
			ent[i] = i + 1 < n ? (void *)&ent[i + 1] : (void *)&h;
		}
		if (kind == 1)
			ent[n - 1] = &ent[n - 1];
		if (kind == 2)
			ent[n - 1] = (void *)0x10;
		h.list = n ? (void *)&ent[0] : (void *)&h;
		if (kind == 3) {
			words[0] = 0;
			h.pending = &ent[0];
		}
		if (set_robust(&h, sizeof(h)))
			_exit(3);
		write(p[1], &tid, sizeof(tid));
		if (waiters)	/* exit once the parent sleeps on the first lock */
			while (nwaiters(words, 0) < 1)
				raw_sleep_ms(1);
		_exit(0);
	}
	close(p[1]);
	unsigned tid = 0;
	if (read(p[0], &tid, sizeof(tid)) != sizeof(tid))
		tid = 0;
	close(p[0]);
	if (waiters && tid) {
		/* sleeps until the kernel marks the lock and wakes us */
		unsigned v;
		while ((v = words[0]) == (tid | FUTEX_WAITERS))
			fx(words, FUTEX_WAIT, v, 0, 0, 0);
	}
	int st;
	if (waitpid(c, &st, 0) != c || st != 0)
		return -1;
	return tid ? (long)tid : -1;
}

static void robust_owner_died(const char *name)
{
	volatile unsigned *w = shared_page();
	long tid = robust_child(w, 3, 0, 0);
	if (tid < 0) {
		fail(name, "child failed");
		return;
	}
	for (int i = 0; i < 3; i++)
		if (w[2 * i] != FUTEX_OWNER_DIED) {
			fail(name, "lock %d is 0x%x, want OWNER_DIED (0x%x)", i, w[2 * i],
			     FUTEX_OWNER_DIED);
			return;
		}
	ok(name);
}

static void robust_wakes_waiter(const char *name)
{
	volatile unsigned *w = shared_page();
	long tid = robust_child(w, 2, 1, 0);
	if (tid < 0)
		fail(name, "child failed");
	else if (w[0] != (FUTEX_OWNER_DIED | FUTEX_WAITERS))
		fail(name, "lock is 0x%x, want OWNER_DIED|WAITERS", w[0]);
	else
		ok(name);
}

/* Locks of another owner are left alone. */
static void robust_other_owner(const char *name)
{
	volatile unsigned *w = shared_page();
	pid_t c = fork();
	if (c == 0) {
		static struct rhead h;
		static void *ent[1];
		h.futex_offset = (char *)w - (char *)ent;
		w[0] = 12345;
		ent[0] = &h;
		h.list = &ent[0];
		set_robust(&h, sizeof(h));
		_exit(0);
	}
	int st;
	waitpid(c, &st, 0);
	if (w[0] != 12345)
		fail(name, "a lock owned by tid 12345 became 0x%x", w[0]);
	else
		ok(name);
}

/* A list that loops or runs into garbage ends the walk; the exit finishes,
 * and no more than 2048 entries are walked. */
static void robust_bad_lists(const char *name)
{
	volatile unsigned *w = mmap(NULL, 8 * 4096, PROT_READ | PROT_WRITE,
				    MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (w == MAP_FAILED) {
		fail(name, "mmap");
		return;
	}
	if (robust_child(w, 4, 0, 1) < 0 || w[0] != FUTEX_OWNER_DIED || w[6] != FUTEX_OWNER_DIED) {
		fail(name, "looping list: child failed or locks 0x%x 0x%x", w[0], w[6]);
		return;
	}
	if (robust_child(w, 4, 0, 2) < 0 || w[0] != FUTEX_OWNER_DIED || w[6] != FUTEX_OWNER_DIED) {
		fail(name, "garbage next: child failed or locks 0x%x 0x%x", w[0], w[6]);
		return;
	}
	long tid = robust_child(w, 2100, 0, 0);
	if (tid < 0 || w[2 * 2047] != FUTEX_OWNER_DIED || w[2 * 2048] != (unsigned)tid) {
		fail(name, "2100 locks: lock 2047 0x%x, lock 2048 0x%x (tid %ld)", w[2 * 2047],
		     w[2 * 2048], tid);
		return;
	}
	ok(name);
}

/* list_op_pending on an unowned lock: skipped in the list, nothing set. */
static void robust_pending(const char *name)
{
	volatile unsigned *w = shared_page();
	if (robust_child(w, 2, 0, 3) < 0 || w[0] != 0 || w[2] != FUTEX_OWNER_DIED)
		fail(name, "locks 0x%x 0x%x, want 0 and OWNER_DIED", w[0], w[2]);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "futex-efault-unmapped", efault_unmapped },
	{ "futex-efault-null-kernel", efault_null_and_kernel },
	{ "futex-einval-misaligned", einval_misaligned },
	{ "futex-wake-count-private", wake_count_private },
	{ "futex-wake-count-plain", wake_count_plain },
	{ "futex-shared-mapping-shared", shared_mapping_is_shared },
	{ "futex-shared-fork", shared_fork },
	{ "futex-abs-timeouts", abs_timeouts },
	{ "futex-bitset-wake", bitset_wake },
	{ "futex-requeue", requeue },
	{ "futex-wake-op", wake_op },
	{ "futex-robust-syscalls", robust_syscalls },
	{ "futex-robust-owner-died", robust_owner_died },
	{ "futex-robust-wakes-waiter", robust_wakes_waiter },
	{ "futex-robust-other-owner", robust_other_owner },
	{ "futex-robust-bad-lists", robust_bad_lists },
	{ "futex-robust-pending", robust_pending },
};

int main(void)
{
	return RUN(cases);
}
