/* pthread_once: 0 not run, 1 running, 2 running with waiters, 3 done. */
#include <atomic.h>
#include <limits.h>
#include <pthread.h>
#include "pthread_impl.h"

int pthread_once(pthread_once_t *once, void (*fn)(void))
{
	int st = 0;

	if (a_load_acquire(once) == 3)
		return 0;
	if (a_cas(once, &st, 1)) {
		fn();
		if (a_xchg(once, 3) == 2)
			__futex_wake(once, INT_MAX);
		return 0;
	}
	while (st != 3) {
		/* st is 1 or 2: announce a waiter, then sleep while still 2 */
		if (st == 1 && !a_cas(once, &st, 2))
			continue;
		__futex_wait(once, 2, 0, 0);
		st = a_load(once);
	}
	return 0;
}
