/*
 * Mutexes on the 3-state futex lock of lock.c. Recursive and errorcheck
 * mutexes also record the owner's tid (and a recursion count); normal ones
 * do not look at them.
 */
#include <atomic.h>
#include <errno.h>
#include <pthread.h>
#include "pthread_impl.h"

int pthread_mutexattr_init(pthread_mutexattr_t *a) { a->type = PTHREAD_MUTEX_NORMAL; return 0; }
int pthread_mutexattr_destroy(pthread_mutexattr_t *a) { (void)a; return 0; }

int pthread_mutexattr_settype(pthread_mutexattr_t *a, int type)
{
	if (type < PTHREAD_MUTEX_NORMAL || type > PTHREAD_MUTEX_ERRORCHECK)
		return EINVAL;
	a->type = type;
	return 0;
}

int pthread_mutexattr_gettype(const pthread_mutexattr_t *a, int *type)
{
	*type = a->type;
	return 0;
}

int pthread_mutex_init(pthread_mutex_t *m, const pthread_mutexattr_t *a)
{
	m->lock = 0;
	m->type = a ? a->type : PTHREAD_MUTEX_NORMAL;
	m->owner = 0;
	m->count = 0;
	return 0;
}

int pthread_mutex_destroy(pthread_mutex_t *m) { return a_load(&m->lock) ? EBUSY : 0; }

/* For recursive/errorcheck: handles the caller already owning m.
 * Returns -1 when the caller should go on and take the lock. */
static int owned(pthread_mutex_t *m, int me)
{
	if (a_load_relaxed(&m->owner) != me)
		return -1;
	if (m->type == PTHREAD_MUTEX_ERRORCHECK)
		return EDEADLK;
	if (m->count == 0x7fffffff)
		return EAGAIN;
	m->count++;
	return 0;
}

static int lock(pthread_mutex_t *m, const struct timespec *abstime)
{
	int me, r;

	if (m->type == PTHREAD_MUTEX_NORMAL)
		return __lock_timed(&m->lock, abstime, CLOCK_REALTIME, 0);
	me = __self()->tid;
	if ((r = owned(m, me)) >= 0)
		return r;
	if ((r = __lock_timed(&m->lock, abstime, CLOCK_REALTIME, 0)))
		return r;
	a_store_relaxed(&m->owner, me);
	m->count = 1;
	return 0;
}

int pthread_mutex_lock(pthread_mutex_t *m) { return lock(m, 0); }
int pthread_mutex_timedlock(pthread_mutex_t *m, const struct timespec *abstime) { return lock(m, abstime); }

int pthread_mutex_trylock(pthread_mutex_t *m)
{
	int me = 0, r, c = 0;

	if (m->type != PTHREAD_MUTEX_NORMAL) {
		me = __self()->tid;
		if ((r = owned(m, me)) >= 0)
			return r == EDEADLK ? EBUSY : r;
	}
	if (!a_cas(&m->lock, &c, 1))
		return EBUSY;
	if (me) {
		a_store_relaxed(&m->owner, me);
		m->count = 1;
	}
	return 0;
}

int pthread_mutex_unlock(pthread_mutex_t *m)
{
	if (m->type != PTHREAD_MUTEX_NORMAL) {
		if (a_load_relaxed(&m->owner) != __self()->tid)
			return EPERM;
		if (--m->count)
			return 0;
		a_store_relaxed(&m->owner, 0);
	}
	__unlock(&m->lock);
	return 0;
}

/* For pthread_cond_wait: give m up entirely / take it back after a wakeup
 * (as contended: other woken waiters may be queued behind us). */
int __mutex_release(pthread_mutex_t *m, int *count)
{
	*count = 1;
	if (m->type != PTHREAD_MUTEX_NORMAL) {
		if (a_load_relaxed(&m->owner) != __self()->tid)
			return EPERM;
		*count = m->count;
		m->count = 0;
		a_store_relaxed(&m->owner, 0);
	}
	__unlock(&m->lock);
	return 0;
}

void __mutex_reacquire(pthread_mutex_t *m, int count)
{
	__lock_contended(&m->lock);
	if (m->type != PTHREAD_MUTEX_NORMAL) {
		a_store_relaxed(&m->owner, __self()->tid);
		m->count = count;
	}
}
