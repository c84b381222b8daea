/* I/O multiplexing: ppoll (73) and pselect6 (72).
 *
 * Design: one global wait channel. A waiter scans its descriptors with
 * file_poll() (which takes only the per-file locks, never sleeps) and, if
 * nothing is ready, sleeps on poll_chan until poll_wakeup(), a signal or its
 * deadline. Every readiness change (pipe read/write/close, console input and
 * EOF) calls poll_wakeup(), which wakes *all* waiters; each rescans. This is
 * simple and obviously free of per-file wait-queue bookkeeping, at the price
 * of spurious rescans when unrelated files change. Fine for a handful of
 * pollers; per-file wait queues can replace it later without touching the
 * system-call code below.
 *
 * No lost wakeups: poll_seq counts poll_wakeup() calls (under poll_lock).
 * A waiter samples poll_seq *before* scanning and sleeps only if it is
 * unchanged, re-checked under poll_lock, which sleep_on_timeout releases
 * only once the scheduler lock is held. A change that happened before the
 * sample is seen by the scan (file_poll takes the lock the changer held);
 * one after it bumps poll_seq, so the waiter either does not sleep or is
 * woken.
 *
 * Fast path: poll_wakeup() does nothing while no task is in a wait loop
 * (poll_waiters == 0), so pipes cost no global lock when nobody polls.
 * Dekker-style: the changer stores its state change then (full fence) loads
 * poll_waiters; a waiter stores poll_waiters++ (seq_cst) then scans. At
 * least one of the two sees the other's store.
 *
 * Lock order: (pipe->lock | cons.lock) -> poll_lock -> rq_lock. poll_lock
 * is taken with interrupts off (spin_lock), so console_intr may use it.
 *
 * Signal masks: a sigmask argument is installed for the duration of the
 * call with set_temporary_sigmask(). If the call is interrupted, the
 * caller's mask comes back on the return-to-user path after the signal's
 * handler frame (which saves the caller's mask) is built, as on Linux, so
 * a signal unblocked only by the temporary mask is always delivered.
 * Interrupted calls return -ERESTARTNOHAND: -EINTR after a handler, a
 * restart when no handler ran (a stop and continue), as on Linux. */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>

#define NO_DEADLINE (~0UL)

static struct spinlock poll_lock = SPINLOCK_INIT("poll");
static u64 poll_seq;		/* poll_lock: number of poll_wakeup()s */
static int poll_chan;		/* address only: what waiters sleep on */
static int poll_waiters;	/* atomic: tasks inside poll_wait_loop */
/* Edge-triggered epoll (eventpoll.c): while poll_gen_users > 0 (live
 * EPOLLET items), every poll_wakeup() bumps poll_gen, so an ET item can
 * tell that some readiness change happened since it was last reported. */
int poll_gen_users;		/* atomic */
u64 poll_gen;			/* atomic */

void poll_wakeup(void)
{
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (__atomic_load_n(&poll_gen_users, __ATOMIC_RELAXED))
		__atomic_add_fetch(&poll_gen, 1, __ATOMIC_SEQ_CST);
	if (__atomic_load_n(&poll_waiters, __ATOMIC_RELAXED) == 0)
		return;
	spin_lock(&poll_lock);
	poll_seq++;
	wakeup(&poll_chan);
	spin_unlock(&poll_lock);
}

static u64 sample_seq(void)
{
	spin_lock(&poll_lock);
	u64 s = poll_seq;
	spin_unlock(&poll_lock);
	return s;
}

/* scan_fn (fs.h): the number of ready entries, never negative. */

/* Scan until something is ready, the deadline passes or a signal arrives.
 * Returns the scan's count (0 on timeout) or -ERESTARTNOHAND. Like Linux, a
 * zero timeout scans exactly once, and an expired wait scans once more. */
static int poll_wait_loop(scan_fn scan, void *ctx, u64 deadline)
{
	bool timed_out = false;
	int count;

	atomic_inc(&poll_waiters);
	for (;;) {
		u64 seq = sample_seq();
		count = scan(ctx);
		if (count || timed_out || ktime_get_ns() >= deadline)
			break;
		int r = 0;
		spin_lock(&poll_lock);
		if (poll_seq == seq)	/* else: something changed, rescan */
			r = sleep_on_timeout(&poll_chan, &poll_lock, deadline, true);
		spin_unlock(&poll_lock);
		if (r == -EINTR) {
			count = -ERESTARTNOHAND;	/* a handler: EINTR; none: again */
			break;
		}
		if (r == -ETIMEDOUT)
			timed_out = true;
	}
	atomic_add_return(&poll_waiters, -1);
	return count;
}

/* ---- timeouts and masks shared by both calls ---- */

/* Read an optional relative timeout into a monotonic deadline. *zero tells
 * whether it was {0, 0} (Linux then does not write the remaining time). */
int poll_get_deadline(const void __user *utmo, u64 *deadline, bool *zero)
{
	struct timespec64 ts;

	*deadline = NO_DEADLINE;
	*zero = false;
	if (!utmo)
		return 0;
	int r = get_user_timespec(&ts, utmo);
	if (r)
		return r;
	u64 ns = timespec_to_ns(&ts), now = ktime_get_ns();
	*zero = ns == 0;
	*deadline = ns > NO_DEADLINE - now ? NO_DEADLINE : now + ns;
	return 0;
}

/* Linux writes the time left back into the caller's timespec. A fault here
 * is ignored, so a timeout in read-only memory does not turn a completed
 * call into an error (as on Linux). */
void poll_put_remaining(void __user *utmo, u64 deadline, bool zero)
{
	if (!utmo || zero)
		return;
	u64 now = ktime_get_ns();
	struct timespec64 ts = ns_to_timespec(deadline > now ? deadline - now : 0);
	(void)copy_to_user(utmo, &ts, sizeof(ts));
}

/* Read an optional sigmask argument. *have says whether there is one. */
int poll_get_sigmask(const sigset_t __user *um, size_t size, sigset_t *mask, bool *have)
{
	*have = false;
	if (!um)
		return 0;
	if (size != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(mask, um, sizeof(*mask)))
		return -EFAULT;
	*have = true;
	return 0;
}

/* Wait with the optional temporary mask installed around the wait. */
int poll_masked_wait(scan_fn scan, void *ctx, u64 deadline, bool have_mask, sigset_t mask)
{
	if (have_mask)
		set_temporary_sigmask(mask);
	int r = poll_wait_loop(scan, ctx, deadline);
	if (have_mask)
		restore_saved_sigmask_unless(r == -ERESTARTNOHAND);
	return r;
}

/* ---- ppoll ---- */

struct pollfd {
	int fd;
	short events;
	short revents;
};
_Static_assert(sizeof(struct pollfd) == 8, "struct pollfd");

struct ppoll_ctx {
	struct pollfd *fds;
	unsigned int nfds;
};

static int ppoll_scan(void *arg)
{
	struct ppoll_ctx *c = arg;
	int count = 0;

	for (unsigned int i = 0; i < c->nfds; i++) {
		struct pollfd *p = &c->fds[i];
		p->revents = 0;
		if (p->fd < 0)
			continue;	/* ignored, revents 0 */
		struct file *f = fget(p->fd);
		if (!f) {
			p->revents = POLLNVAL;
		} else {
			/* POLLERR and POLLHUP are reported unasked. */
			int want = (u16)p->events | POLLERR | POLLHUP;
			p->revents = file_poll(f) & want;
			fput(f);
		}
		if (p->revents)
			count++;
	}
	return count;
}

SYSCALL_DEFINE5(ppoll, struct pollfd __user *, ufds, unsigned int, nfds,
		void __user *, utmo, const sigset_t __user *, umask, size_t, sigsetsize)
{
	struct ppoll_ctx c = { NULL, nfds };
	sigset_t mask = 0;
	bool have_mask, zero;
	u64 deadline;
	long r;

	if ((r = poll_get_deadline(utmo, &deadline, &zero)) ||
	    (r = poll_get_sigmask(umask, sigsetsize, &mask, &have_mask)))
		return r;
	if (nfds > NOFILE)
		return -EINVAL;
	if (nfds) {
		/* At most NOFILE * 8 = 2 KiB: one kmalloc object. */
		c.fds = kmalloc(nfds * sizeof(struct pollfd));
		if (!c.fds)
			return -ENOMEM;
		if (copy_from_user(c.fds, ufds, nfds * sizeof(struct pollfd))) {
			kfree(c.fds);
			return -EFAULT;
		}
	}
	r = poll_masked_wait(ppoll_scan, &c, deadline, have_mask, mask);
	/* revents go back even when interrupted (they are all 0 then). */
	for (unsigned int i = 0; i < nfds; i++) {
		if (copy_to_user(&ufds[i].revents, &c.fds[i].revents, sizeof(short))) {
			r = -EFAULT;
			break;
		}
	}
	kfree(c.fds);
	poll_put_remaining(utmo, deadline, zero);
	return r;
}

/* ---- pselect6 ---- */

#define FD_WORDS(n) (((n) + 63) / 64)	/* unsigned longs in an n-bit fd_set */
#define SELECT_IN (POLLIN | POLLRDNORM | POLLRDBAND | POLLHUP | POLLERR)
#define SELECT_OUT (POLLOUT | POLLWRNORM | POLLWRBAND | POLLERR)
#define SELECT_EX POLLPRI

struct select_ctx {
	int n;
	u64 in[NOFILE / 64], out[NOFILE / 64], ex[NOFILE / 64];		/* asked */
	u64 rin[NOFILE / 64], rout[NOFILE / 64], rex[NOFILE / 64];	/* result */
};

static int select_scan(void *arg)
{
	struct select_ctx *c = arg;
	int count = 0;

	memset(c->rin, 0, sizeof(c->rin));
	memset(c->rout, 0, sizeof(c->rout));
	memset(c->rex, 0, sizeof(c->rex));
	for (int fd = 0; fd < c->n; fd++) {
		u64 bit = 1UL << (fd % 64);
		int w = fd / 64;
		if (!((c->in[w] | c->out[w] | c->ex[w]) & bit))
			continue;
		struct file *f = fget(fd);
		if (!f)
			continue;	/* closed since the EBADF check: skip, as Linux */
		int mask = file_poll(f);
		fput(f);
		if ((c->in[w] & bit) && (mask & SELECT_IN)) {
			c->rin[w] |= bit;
			count++;
		}
		if ((c->out[w] & bit) && (mask & SELECT_OUT)) {
			c->rout[w] |= bit;
			count++;
		}
		if ((c->ex[w] & bit) && (mask & SELECT_EX)) {
			c->rex[w] |= bit;
			count++;
		}
	}
	return count;
}

static int get_fdset(u64 *set, const u64 __user *u, int n)
{
	memset(set, 0, FD_WORDS(NOFILE) * sizeof(u64));
	if (!u || n == 0)
		return 0;
	if (copy_from_user(set, u, FD_WORDS(n) * sizeof(u64)))
		return -EFAULT;
	/* Bits at or above n are not ours to look at. */
	if (n % 64)
		set[n / 64] &= (1UL << (n % 64)) - 1;
	return 0;
}

static int put_fdset(u64 __user *u, const u64 *set, int n)
{
	if (!u || n == 0)
		return 0;
	return copy_to_user(u, set, FD_WORDS(n) * sizeof(u64)) ? -EFAULT : 0;
}

/* The 6th argument: struct { const sigset_t *ss; size_t ss_len; }. */
struct sigset_argpack {
	const sigset_t __user *ss;
	size_t ss_len;
};

SYSCALL_DEFINE6(pselect6, int, n, u64 __user *, uin, u64 __user *, uout, u64 __user *, uex,
		void __user *, utmo, const struct sigset_argpack __user *, usig)
{
	struct sigset_argpack pack = { NULL, 0 };
	struct select_ctx *c;
	sigset_t mask = 0;
	bool have_mask, zero;
	u64 deadline;
	long r;

	if ((r = poll_get_deadline(utmo, &deadline, &zero)))
		return r;
	if (usig && copy_from_user(&pack, usig, sizeof(pack)))
		return -EFAULT;
	if ((r = poll_get_sigmask(pack.ss, pack.ss_len, &mask, &have_mask)))
		return r;
	if (n < 0)
		return -EINVAL;
	/* Linux clamps n to the descriptor table size rather than failing,
	 * so that select(FD_SETSIZE, ...) works with a smaller table. */
	if (n > NOFILE)
		n = NOFILE;

	c = kmalloc(sizeof(*c));	/* 200 bytes: keep the kernel stack small */
	if (!c)
		return -ENOMEM;
	c->n = n;
	if ((r = get_fdset(c->in, uin, n)) || (r = get_fdset(c->out, uout, n)) ||
	    (r = get_fdset(c->ex, uex, n)))
		goto out;
	/* Every descriptor asked about must be open. */
	for (int fd = 0; fd < n; fd++) {
		int w = fd / 64;
		if (!((c->in[w] | c->out[w] | c->ex[w]) & (1UL << (fd % 64))))
			continue;
		struct file *f = fget(fd);
		if (!f) {
			r = -EBADF;
			goto out;
		}
		fput(f);
	}

	r = poll_masked_wait(select_scan, c, deadline, have_mask, mask);
	/* Interrupted: the sets are left alone. Otherwise they are replaced
	 * by the results (all zero on timeout). */
	if (r >= 0) {
		if (put_fdset(uin, c->rin, n) || put_fdset(uout, c->rout, n) ||
		    put_fdset(uex, c->rex, n))
			r = -EFAULT;
	}
out:
	kfree(c);
	poll_put_remaining(utmo, deadline, zero);
	return r;
}
