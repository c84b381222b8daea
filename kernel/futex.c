/* Futexes: sleeping on a user-space word.
 *
 * A futex is named by (mm, user address): FUTEX_PRIVATE_FLAG is accepted
 * and makes no difference, and a futex in memory shared between two
 * address spaces is not supported (cleave has no shared file mappings).
 *
 * Waiters hang on a hash bucket's list. bucket->lock protects the list and
 * every field of the waiters on it. A waiter reads the futex word under the
 * bucket lock and is queued before the lock is dropped (which sleep_on*
 * does only once the scheduler lock is held), so a waker that changes the
 * word and then takes the bucket lock always finds it: no lost wake-ups.
 * Reading user memory under a spinlock is allowed here: a user page fault
 * taken in the kernel is resolved without sleeping.
 *
 * Lock order: bucket->lock (lower address first when two) -> mm->lock
 * (page faults) -> rq_lock (wakeup). */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

#define FUTEX_HASH_SIZE 64

struct futex_key {
	struct mm_struct *mm;
	u64 addr;
};

/* Lives on the waiting task's kernel stack while it is queued. */
struct futex_waiter {
	struct list_head node;		/* in bucket->waiters while queued */
	struct futex_key key;
	u32 bitset;
	bool woken;			/* dequeued by a waker */
	struct futex_bucket *bucket;	/* where it is queued (requeue moves it) */
};

struct futex_bucket {
	struct spinlock lock;
	struct list_head waiters;
};

static struct futex_bucket buckets[FUTEX_HASH_SIZE];

static struct futex_bucket *bucket_of(const struct futex_key *k)
{
	u64 h = (k->addr >> 2) ^ ((u64)k->mm >> 6);
	h ^= h >> 17;
	h *= 0x9e3779b97f4a7c15UL;
	return &buckets[h >> 58];	/* top 6 bits: FUTEX_HASH_SIZE == 64 */
}

/* The static buckets start zeroed; the list head is set up on first use
 * under the bucket's own lock. */
static void bucket_lock(struct futex_bucket *b)
{
	spin_lock(&b->lock);
	if (!b->waiters.next)
		INIT_LIST_HEAD(&b->waiters);
}

static bool key_eq(const struct futex_key *a, const struct futex_key *b)
{
	return a->mm == b->mm && a->addr == b->addr;
}

static int make_key(u32 __user *uaddr, struct futex_key *k)
{
	u64 a = (u64)uaddr;
	if (a & 3)
		return -EINVAL;
	if (!access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	k->mm = current->mm;
	k->addr = a;
	return 0;
}

/* Dequeue and wake w. Its bucket's lock held. */
static void wake_waiter(struct futex_waiter *w)
{
	list_del(&w->node);
	w->woken = true;
	wakeup(w);
}

/* Wake up to n waiters on key whose bitset intersects bitset. */
static int futex_wake(const struct futex_key *key, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(key);
	int woken = 0;
	bucket_lock(b);
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &b->waiters) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter, node);
		if (!key_eq(&w->key, key) || !(w->bitset & bitset))
			continue;
		wake_waiter(w);
		if (++woken >= n)
			break;
	}
	spin_unlock(&b->lock);
	return woken;
}

/* Thread exit (CLONE_CHILD_CLEARTID): wake joiners of *uaddr. */
void futex_wake_addr(u32 __user *uaddr, int n)
{
	struct futex_key key;
	if (current->mm && make_key(uaddr, &key) == 0)
		futex_wake(&key, n, FUTEX_BITSET_MATCH_ANY);
}

/* Sleep while *uaddr == val, until woken, the monotonic deadline passes
 * (0: none) or a signal arrives. */
static long futex_wait(const struct futex_key *key, u32 __user *uaddr, u32 val,
		       u64 deadline, u32 bitset)
{
	struct futex_waiter w = { .key = *key, .bitset = bitset };
	struct futex_bucket *b = bucket_of(key);
	u32 cur;
	long r = 0;

	bucket_lock(b);
	if (get_user_u32(&cur, uaddr)) {
		spin_unlock(&b->lock);
		return -EFAULT;
	}
	if (cur != val) {
		spin_unlock(&b->lock);
		return -EAGAIN;
	}
	if (deadline && ktime_get_ns() >= deadline) {
		spin_unlock(&b->lock);
		return -ETIMEDOUT;
	}
	w.bucket = b;
	list_add_tail(&w.node, &b->waiters);
	for (;;) {
		r = deadline ? sleep_on_timeout(&w, &b->lock, deadline, true)
			     : sleep_on_intr(&w, &b->lock);
		/* A requeue may have moved us: follow to the bucket we are on. */
		while (w.bucket != b) {
			spin_unlock(&b->lock);
			b = w.bucket;
			spin_lock(&b->lock);
		}
		if (w.woken) {
			r = 0;
			break;
		}
		if (r == -EINTR || r == -ETIMEDOUT)
			break;
	}
	if (!w.woken)
		list_del(&w.node);
	spin_unlock(&b->lock);
	/* An untimed wait is restarted after an SA_RESTART handler (Linux's
	 * -ERESTARTSYS); a timed one fails with EINTR. */
	if (r == -EINTR && !deadline)
		r = -ERESTARTSYS;
	return r;
}

/* Lock two buckets in address order (once if they are the same). */
static void double_lock(struct futex_bucket *a, struct futex_bucket *b)
{
	if (a == b) {
		bucket_lock(a);
	} else if (a < b) {
		bucket_lock(a);
		bucket_lock(b);
	} else {
		bucket_lock(b);
		bucket_lock(a);
	}
}

static void double_unlock(struct futex_bucket *a, struct futex_bucket *b)
{
	spin_unlock(&a->lock);
	if (a != b)
		spin_unlock(&b->lock);
}

/* Wake nr_wake waiters of key1 and move up to nr_requeue of the others to
 * key2. With cmp, only if *uaddr1 still equals cmpval (else EAGAIN). */
static long futex_requeue(const struct futex_key *k1, u32 __user *uaddr1,
			  const struct futex_key *k2, int nr_wake, int nr_requeue,
			  bool cmp, u32 cmpval)
{
	struct futex_bucket *b1 = bucket_of(k1), *b2 = bucket_of(k2);
	long done = 0;
	int moved = 0;

	if (nr_wake < 0 || nr_requeue < 0)
		return -EINVAL;
	double_lock(b1, b2);
	if (cmp) {
		u32 cur;
		if (get_user_u32(&cur, uaddr1)) {
			done = -EFAULT;
			goto out;
		}
		if (cur != cmpval) {
			done = -EAGAIN;
			goto out;
		}
	}
	struct list_head *pos, *nx;
	list_for_each_safe(pos, nx, &b1->waiters) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter, node);
		if (!key_eq(&w->key, k1))
			continue;
		if (done < nr_wake) {
			wake_waiter(w);
			done++;
		} else if (moved < nr_requeue) {
			/* The waiter's lock switches from b1 to b2 with the move;
			 * both are held, so it sees a consistent w.bucket. */
			list_del(&w->node);
			w->key = *k2;
			w->bucket = b2;
			list_add_tail(&w->node, &b2->waiters);
			moved++;
		} else {
			break;
		}
	}
	done += cmp ? moved : 0;	/* CMP_REQUEUE counts the requeued too */
out:
	double_unlock(b1, b2);
	return done;
}

/* Timeout argument to a monotonic deadline (0 = none). WAIT takes a
 * relative time; WAIT_BITSET an absolute one on MONOTONIC or, with
 * FUTEX_CLOCK_REALTIME, on REALTIME. */
static long timeout_deadline(const void __user *utime, bool absolute, bool realtime, u64 *out)
{
	struct timespec64 ts;
	*out = 0;
	if (!utime)
		return 0;
	int r = get_user_timespec(&ts, utime);
	if (r)
		return r;
	u64 ns = timespec_to_ns(&ts), now = ktime_get_ns();
	if (absolute && realtime) {
		u64 real = ktime_get_real_ns();
		ns = ns > real ? now + (ns - real) : now;
	} else if (!absolute) {
		ns = ns > ~0UL - now ? ~0UL : now + ns;
	}
	*out = ns ? ns : 1;	/* 0 would mean "no timeout" */
	return 0;
}

SYSCALL_DEFINE6(futex, u32 __user *, uaddr, int, op, u32, val, const void __user *, utime,
		u32 __user *, uaddr2, u32, val3)
{
	int cmd = op & FUTEX_CMD_MASK;
	bool realtime = op & FUTEX_CLOCK_REALTIME;
	struct futex_key k1, k2;
	u64 deadline;
	long r;

	if (realtime && cmd != FUTEX_WAIT && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		if ((r = make_key(uaddr, &k1)))
			return r;
		if ((r = timeout_deadline(utime, cmd == FUTEX_WAIT_BITSET, realtime, &deadline)))
			return r;
		return futex_wait(&k1, uaddr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		if ((r = make_key(uaddr, &k1)))
			return r;
		return futex_wake(&k1, (int)val, val3);
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
		if ((r = make_key(uaddr, &k1)) || (r = make_key(uaddr2, &k2)))
			return r;
		/* utime carries nr_requeue for these ops */
		return futex_requeue(&k1, uaddr, &k2, (int)val, (int)(long)utime,
				     cmd == FUTEX_CMP_REQUEUE, val3);
	}
	return -ENOSYS;
}
