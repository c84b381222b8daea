/* Futexes: sleeping on a user-space word.
 *
 * A futex is named by a key. A private futex (FUTEX_PRIVATE_FLAG, or a
 * word in private memory) is (mm, user address); a shared one (no
 * FUTEX_PRIVATE_FLAG, word in a MAP_SHARED mapping) is (struct page,
 * offset in the page), so processes that share the page after fork meet
 * on the same futex whatever address each maps it at. A shared key holds
 * a reference on its page (taken by make_key, dropped by put_key; a
 * queued waiter owns the reference of the key it is queued under), so a
 * page named by a live key is never freed and reused under it.
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
 * (page faults) -> rq_lock (wakeup). make_key takes mm->lock with no
 * bucket lock held. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <mm.h>
#include <mm_types.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_REQUEUE 3
#define FUTEX_CMP_REQUEUE 4
#define FUTEX_WAKE_OP 5
#define FUTEX_WAIT_BITSET 9
#define FUTEX_WAKE_BITSET 10
#define FUTEX_PRIVATE_FLAG 128
#define FUTEX_CLOCK_REALTIME 256
#define FUTEX_CMD_MASK (~(FUTEX_PRIVATE_FLAG | FUTEX_CLOCK_REALTIME))
#define FUTEX_BITSET_MATCH_ANY 0xffffffffu

/* robust futex words */
#define FUTEX_WAITERS 0x80000000u
#define FUTEX_OWNER_DIED 0x40000000u
#define FUTEX_TID_MASK 0x3fffffffu
#define ROBUST_LIST_LIMIT 2048		/* entries walked at most (as Linux) */

#define FUTEX_HASH_SIZE 64

long __asm_futex_cmpxchg(u32 __user *uaddr, u32 old, u32 new, u32 *cur);
long __asm_futex_atomic_op(u32 __user *uaddr, int op, u32 arg, u32 *old);

struct futex_key {
	void *obj;		/* the mm (private) or the struct page (shared) */
	u64 off;		/* user address (private) or offset in the page */
	bool shared;		/* obj is a page we hold a reference on */
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
	u64 h = (k->off >> 2) ^ ((u64)k->obj >> 6);
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
	return a->obj == b->obj && a->off == b->off;
}

static inline void put_key(struct futex_key *k)
{
	if (k->shared)
		put_page(k->obj);
	k->shared = false;
}

/* The key of the futex word at uaddr: the word must be aligned (EINVAL)
 * and in user space (EFAULT). As on Linux, a private key is made from the
 * address alone; a shared one must find the page (EFAULT if the word is
 * not readable). read_by_caller: the caller reads the word itself (and
 * reports EFAULT), so in an mm without shared memory there is nothing to
 * check here. A shared key pins its page: put_key when done. */
static inline __attribute__((always_inline)) int make_key(u32 __user *uaddr, bool private, bool read_by_caller, struct futex_key *k)
{
	u64 a = (u64)uaddr;
	struct mm_struct *mm = current->mm;
	u32 v;
	if (a & 3)
		return -EINVAL;
	if (!mm || !access_ok(uaddr, sizeof(u32)))
		return -EFAULT;
	k->obj = mm;
	k->off = a;
	k->shared = false;
	if (private)
		return 0;
	bool has_shared = READ_ONCE(mm->has_shared);
	if (!has_shared && read_by_caller)
		return 0;
	if (get_user_u32(&v, uaddr))	/* faults the page in */
		return -EFAULT;
	if (!has_shared)
		return 0;	/* no shared memory here: the word is private */
	int err = 0;
	spin_lock(&mm->lock);
	struct vm_area_struct *vma = find_vma(mm, a);
	if (!vma) {
		err = -EFAULT;	/* unmapped since we read it */
	} else if (vma->vm_flags & VM_SHARED) {
		/* shared anonymous pages are populated at mmap and never
		 * replaced, so the PTE names the page every sharer sees */
		pte_t *e = walk_pte(mm->pgd, a, false);
		if (e && (*e & PTE_V)) {
			struct page *pg = pfn_to_page(pte_pfn(*e));
			get_page(pg);
			k->obj = pg;
			k->off = a & (PAGE_SIZE - 1);
			k->shared = true;
		} else {
			err = -EFAULT;
		}
	}
	spin_unlock(&mm->lock);
	return err;
}

/* Dequeue and wake w. Its bucket's lock held. */
static void wake_waiter(struct futex_waiter *w)
{
	list_del(&w->node);
	w->woken = true;
	wakeup(w);
}

/* Wake up to n waiters on key whose bitset intersects bitset. b's lock
 * held (b == bucket_of(key)). */
static inline __attribute__((always_inline)) int wake_locked(struct futex_bucket *b, const struct futex_key *key, int n, u32 bitset)
{
	int woken = 0;
	struct list_head *pos, *nx;
	/* As on Linux, n <= 0 still wakes one: the count is checked after. */
	list_for_each_safe(pos, nx, &b->waiters) {
		struct futex_waiter *w = list_entry(pos, struct futex_waiter, node);
		if (!key_eq(&w->key, key) || !(w->bitset & bitset))
			continue;
		wake_waiter(w);
		if (++woken >= n)
			break;
	}
	return woken;
}

/* Wake up to n waiters on key whose bitset intersects bitset. */
static int futex_wake(const struct futex_key *key, int n, u32 bitset)
{
	struct futex_bucket *b = bucket_of(key);
	bucket_lock(b);
	int woken = wake_locked(b, key, n, bitset);
	spin_unlock(&b->lock);
	return woken;
}

/* Thread exit (CLONE_CHILD_CLEARTID): wake joiners of *uaddr (a shared
 * futex, as on Linux: a joiner in another process may wait on it). */
void futex_wake_addr(u32 __user *uaddr, int n)
{
	struct futex_key key;
	if (make_key(uaddr, false, true, &key) == 0) {	/* just written */
		futex_wake(&key, n, FUTEX_BITSET_MATCH_ANY);
		put_key(&key);
	}
}

/* Sleep while *uaddr == val, until woken, the monotonic deadline passes
 * (0: none) or a signal arrives. Consumes key (its page reference goes
 * with the waiter, and is dropped for whatever key it ends up under). */
static long futex_wait(struct futex_key *key, u32 __user *uaddr, u32 val,
		       u64 deadline, u32 bitset)
{
	struct futex_waiter w = { .key = *key, .bitset = bitset };
	struct futex_bucket *b = bucket_of(key);
	u32 cur;
	long r = 0;

	bucket_lock(b);
	if (get_user_u32(&cur, uaddr))
		r = -EFAULT;
	else if (cur != val)
		r = -EAGAIN;
	else if (deadline && ktime_get_ns() >= deadline)
		r = -ETIMEDOUT;
	if (r) {
		spin_unlock(&b->lock);
		put_key(&w.key);
		return r;
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
	put_key(&w.key);
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
 * key2. With cmp, only if *uaddr1 still equals cmpval (else EAGAIN).
 * Returns how many were woken or moved (as Linux, for both ops). */
static long futex_requeue(const struct futex_key *k1, u32 __user *uaddr1,
			  const struct futex_key *k2, int nr_wake, int nr_requeue,
			  bool cmp, u32 cmpval)
{
	struct futex_bucket *b1 = bucket_of(k1), *b2 = bucket_of(k2);
	long done = 0;
	int moved = 0;

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
			 * both are held, so it sees a consistent w.bucket. It
			 * now owns a reference for k2 instead of k1's. */
			if (k2->shared)
				get_page(k2->obj);
			put_key(&w->key);
			w->key = *k2;
			/* Within one bucket it stays where it is: moving it to
			 * the tail would make this walk meet it again. */
			if (b2 != b1) {
				list_del(&w->node);
				w->bucket = b2;
				list_add_tail(&w->node, &b2->waiters);
			}
			moved++;
		} else {
			break;
		}
	}
	done += moved;
out:
	double_unlock(b1, b2);
	return done;
}

#define FUTEX_OP_SET 0
#define FUTEX_OP_ANDN 3
#define FUTEX_OP_OPARG_SHIFT 8	/* in the op field: oparg is a shift count */

/* FUTEX_WAKE_OP's *uaddr2 update and test. encoded: op (bits 28-31),
 * cmp (24-27), oparg (12-23), cmparg (0-11), both 12-bit signed.
 * Returns 1 if the comparison with the old value holds, 0 if not, or
 * -EFAULT / -ENOSYS (unknown op or comparison; as on Linux the word has
 * already been changed when only cmp is unknown). */
static long wake_op_apply(u32 __user *uaddr, u32 encoded)
{
	int op = (encoded >> 28) & 7, cmp = (encoded >> 24) & 15;
	int oparg = ((int)(encoded << 8)) >> 20, cmparg = ((int)(encoded << 20)) >> 20;
	u32 old;
	if (encoded & (FUTEX_OP_OPARG_SHIFT << 28))
		oparg = 1 << (oparg & 31);
	if (op > 4)
		return -ENOSYS;
	long r = __asm_futex_atomic_op(uaddr, op, op == FUTEX_OP_ANDN ? ~(u32)oparg : (u32)oparg,
				       &old);
	if (r)
		return -EFAULT;
	int o = (int)old;
	switch (cmp) {
	case 0: return o == cmparg;
	case 1: return o != cmparg;
	case 2: return o < cmparg;
	case 3: return o <= cmparg;
	case 4: return o > cmparg;
	case 5: return o >= cmparg;
	}
	return -ENOSYS;
}

/* Change *uaddr2 by val3's op, wake nr_wake of k1 and, if the comparison
 * held, nr_wake2 of k2. Both buckets are locked around the update, so a
 * waiter on either word that saw the old value is queued already. */
static long futex_wake_op(const struct futex_key *k1, const struct futex_key *k2,
			  u32 __user *uaddr2, int nr_wake, int nr_wake2, u32 encoded)
{
	struct futex_bucket *b1 = bucket_of(k1), *b2 = bucket_of(k2);
	double_lock(b1, b2);
	long cond = wake_op_apply(uaddr2, encoded);
	long r = cond;
	if (cond >= 0) {
		r = wake_locked(b1, k1, nr_wake, FUTEX_BITSET_MATCH_ANY);
		if (cond)
			r += wake_locked(b2, k2, nr_wake2, FUTEX_BITSET_MATCH_ANY);
	}
	double_unlock(b1, b2);
	return r;
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
	bool private = op & FUTEX_PRIVATE_FLAG;
	struct futex_key k1, k2;
	u64 deadline;
	long r;

	/* as Linux: only the absolute-timeout wait may pick the clock */
	if (realtime && cmd != FUTEX_WAIT_BITSET)
		return -ENOSYS;
	switch (cmd) {
	case FUTEX_WAIT:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAIT_BITSET:
		if (!val3)
			return -EINVAL;
		if ((r = timeout_deadline(utime, cmd == FUTEX_WAIT_BITSET, realtime, &deadline)))
			return r;
		if ((r = make_key(uaddr, private, true, &k1)))
			return r;
		return futex_wait(&k1, uaddr, val, deadline, val3);
	case FUTEX_WAKE:
		val3 = FUTEX_BITSET_MATCH_ANY;
		/* fall through */
	case FUTEX_WAKE_BITSET:
		if (!val3)
			return -EINVAL;
		if ((r = make_key(uaddr, private, false, &k1)))
			return r;
		r = futex_wake(&k1, (int)val, val3);
		put_key(&k1);
		return r;
	case FUTEX_REQUEUE:
	case FUTEX_CMP_REQUEUE:
	case FUTEX_WAKE_OP:
		/* utime carries nr_requeue / nr_wake2 for these ops */
		if (cmd != FUTEX_WAKE_OP && ((int)val < 0 || (int)(long)utime < 0))
			return -EINVAL;
		if ((r = make_key(uaddr, private, false, &k1)))
			return r;
		if ((r = make_key(uaddr2, private, false, &k2))) {
			put_key(&k1);
			return r;
		}
		if (cmd == FUTEX_WAKE_OP)
			r = futex_wake_op(&k1, &k2, uaddr2, (int)val, (int)(long)utime, val3);
		else
			r = futex_requeue(&k1, uaddr, &k2, (int)val, (int)(long)utime,
					  cmd == FUTEX_CMP_REQUEUE, val3);
		put_key(&k2);
		put_key(&k1);
		return r;
	}
	return -ENOSYS;
}

/* ---- robust futex lists ----
 * struct robust_list_head { struct robust_list *list; long futex_offset;
 * struct robust_list *list_op_pending; } in user memory: a circular list
 * of the locks a thread holds, each lock's word at entry + futex_offset
 * (bit 0 of an entry pointer marks a PI lock). At exit (and exec) every
 * word still owned by the thread gets FUTEX_OWNER_DIED, and one waiter
 * is woken if FUTEX_WAITERS says there may be any. */
#define ROBUST_HEAD_SIZE 24

SYSCALL_DEFINE2(set_robust_list, void __user *, head, size_t, len)
{
	if (len != ROBUST_HEAD_SIZE)
		return -EINVAL;
	current->robust_list = head;
	return 0;
}

SYSCALL_DEFINE3(get_robust_list, int, pid, void __user * __user *, head_ptr,
		size_t __user *, len_ptr)
{
	u64 head;
	if (pid == 0) {
		head = (u64)current->robust_list;
	} else {
		spin_lock(&tasklist_lock);
		struct task_struct *t = find_task_by_pid(pid);
		head = t ? (u64)t->robust_list : 0;
		spin_unlock(&tasklist_lock);
		if (!t)
			return -ESRCH;
	}
	u64 len = ROBUST_HEAD_SIZE;
	if (copy_to_user(len_ptr, &len, sizeof(len)) || copy_to_user(head_ptr, &head, sizeof(head)))
		return -EFAULT;
	return 0;
}

/* The dying thread t owned the lock word at uaddr: mark it, wake one. */
static int handle_futex_death(u32 __user *uaddr, pid_t tid, bool pending)
{
	u32 uval, nval, cur;
	if ((u64)uaddr & 3)
		return -1;
	if (!access_ok(uaddr, sizeof(u32)) || get_user_u32(&uval, uaddr))
		return -1;
	for (int tries = 0; tries < 64; tries++) {
		/* A pending op on an unowned word: a waiter may have been
		 * woken for it and died before taking it; pass the wake on. */
		if (pending && !uval) {
			futex_wake_addr(uaddr, 1);
			return 0;
		}
		if ((uval & FUTEX_TID_MASK) != (u32)tid)
			return 0;
		nval = (uval & FUTEX_WAITERS) | FUTEX_OWNER_DIED;
		if (__asm_futex_cmpxchg(uaddr, uval, nval, &cur))
			return -1;
		if (cur == uval) {
			if (nval & FUTEX_WAITERS)
				futex_wake_addr(uaddr, 1);
			return 0;
		}
		uval = cur;	/* changed under us: look again */
	}
	return 0;
}

/* Reads a list pointer; bit 0 (PI) is dropped. */
static int fetch_entry(u64 *entry, const u64 __user *from)
{
	if (get_user_u64(entry, from))
		return -1;
	*entry &= ~1UL;
	return 0;
}

/* Walk t's robust list (t == current, its mm still loaded). At most
 * ROBUST_LIST_LIMIT entries, and any fault ends the walk: a garbage or
 * circular list costs a bounded amount of time and nothing else. */
void exit_robust_list(struct task_struct *t)
{
	u64 head = (u64)t->robust_list, h[3], entry, next, pending;
	long offset;
	t->robust_list = NULL;
	if (!head || (head & 7) || copy_from_user(h, (void __user *)head, sizeof(h)))
		return;
	entry = h[0] & ~1UL;	/* list */
	offset = (long)h[1];	/* futex_offset */
	pending = h[2] & ~1UL;	/* list_op_pending */
	if (entry == head && !pending)
		return;		/* holds no lock: the common case */
	for (int limit = ROBUST_LIST_LIMIT; entry != head;) {
		/* fetch the next first: the lock may be freed once released */
		int rc = fetch_entry(&next, (u64 __user *)entry);
		if (entry != pending &&
		    handle_futex_death((u32 __user *)(entry + offset), t->pid, false))
			return;
		if (rc)
			return;
		entry = next;
		if (!--limit)
			break;
	}
	if (pending)
		handle_futex_death((u32 __user *)(pending + offset), t->pid, true);
}
