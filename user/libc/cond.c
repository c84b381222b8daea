/*
 * Condition variables on a futex sequence counter. A waiter reads seq while
 * still holding the mutex, then sleeps only if seq is unchanged; a signal
 * or broadcast bumps seq before waking, so a wakeup between unlocking the
 * mutex and sleeping is never lost (the futex wait fails with EAGAIN).
 * Spurious wakeups are allowed by POSIX and callers loop on their predicate.
 */
#include <atomic.h>
#include <errno.h>
#include <limits.h>
#include <pthread.h>
#include "pthread_impl.h"

int __mutex_release(pthread_mutex_t *m, int *count);
void __mutex_reacquire(pthread_mutex_t *m, int count);

int pthread_condattr_init(pthread_condattr_t *a) { a->clock = CLOCK_REALTIME; return 0; }
int pthread_condattr_destroy(pthread_condattr_t *a) { (void)a; return 0; }

int pthread_condattr_setclock(pthread_condattr_t *a, clockid_t clk)
{
	if (clk != CLOCK_REALTIME && clk != CLOCK_MONOTONIC)
		return EINVAL;
	a->clock = clk;
	return 0;
}

int pthread_condattr_getclock(const pthread_condattr_t *a, clockid_t *clk)
{
	*clk = a->clock;
	return 0;
}

int pthread_cond_init(pthread_cond_t *c, const pthread_condattr_t *a)
{
	c->seq = 0;
	c->waiters = 0;
	c->clock = a ? a->clock : CLOCK_REALTIME;
	c->pad = 0;
	return 0;
}

int pthread_cond_destroy(pthread_cond_t *c) { (void)c; return 0; }

int pthread_cond_timedwait(pthread_cond_t *c, pthread_mutex_t *m, const struct timespec *abstime)
{
	int count, r, saved = errno;
	unsigned seq;
	long w;

	if (abstime && (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L))
		return EINVAL;
	a_inc(&c->waiters);
	seq = a_load(&c->seq);
	if ((r = __mutex_release(m, &count))) {
		a_dec(&c->waiters);
		return r;
	}
	w = __futex_wait(&c->seq, (int)seq, abstime, c->clock);
	a_dec(&c->waiters);
	__mutex_reacquire(m, count);
	errno = saved;
	return w == -ETIMEDOUT ? ETIMEDOUT : 0;
}

int pthread_cond_wait(pthread_cond_t *c, pthread_mutex_t *m) { return pthread_cond_timedwait(c, m, 0); }

int pthread_cond_signal(pthread_cond_t *c)
{
	a_inc(&c->seq);
	if (a_load(&c->waiters))
		__futex_wake(&c->seq, 1);
	return 0;
}

int pthread_cond_broadcast(pthread_cond_t *c)
{
	a_inc(&c->seq);
	if (a_load(&c->waiters))
		__futex_wake(&c->seq, INT_MAX);
	return 0;
}
