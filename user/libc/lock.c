/*
 * futex wrappers and the libc's internal lock.
 *
 * Lock word: 0 free, 1 held, 2 held and someone may be sleeping on it.
 * A locker that has to sleep first sets 2, so the holder's unlock (an
 * exchange with 0) knows a wake is needed; a woken locker re-takes the lock
 * as 2 since it cannot know whether others still sleep.
 */
#include <atomic.h>
#include <errno.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "pthread_impl.h"

#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define FUTEX_WAIT_BITSET 9
#define FUTEX_PRIVATE 128
#define FUTEX_CLOCK_REALTIME 256
#define SPINS 100

long __futex_wait(volatile void *addr, int val, const struct timespec *abstime, int clk)
{
	if (!abstime)
		return __syscall4(SYS_futex, addr, FUTEX_WAIT | FUTEX_PRIVATE, val, 0);
	if (abstime->tv_nsec < 0 || abstime->tv_nsec >= 1000000000L)
		return -EINVAL;
	/* WAIT_BITSET takes an absolute deadline (MONOTONIC unless
	 * FUTEX_CLOCK_REALTIME). */
	return __syscall6(SYS_futex, (long)addr,
			  FUTEX_WAIT_BITSET | FUTEX_PRIVATE | (clk == CLOCK_REALTIME ? FUTEX_CLOCK_REALTIME : 0),
			  val, (long)abstime, 0, -1);
}

long __futex_wake(volatile void *addr, int n)
{
	return __syscall3(SYS_futex, addr, FUTEX_WAKE | FUTEX_PRIVATE, n);
}

/* Returns 0, or ETIMEDOUT/EINVAL from the deadline. */
int __lock_timed(volatile int *l, const struct timespec *abstime, int clk, int contended)
{
	int c = 0;

	if (!contended) {
		if (a_cas((int *)l, &c, 1))
			return 0;
		for (int i = 0; i < SPINS && c == 1; i++) {
			a_pause();
			c = 0;
			if (a_cas((int *)l, &c, 1))
				return 0;
		}
	}
	while ((c = a_xchg((int *)l, 2)) != 0) {
		long r = __futex_wait(l, 2, abstime, clk);

		if (r == -ETIMEDOUT || r == -EINVAL)
			return (int)-r;
	}
	return 0;
}

void __lock(volatile int *l) { __lock_timed(l, 0, 0, 0); }
void __lock_contended(volatile int *l) { __lock_timed(l, 0, 0, 1); }

void __unlock(volatile int *l)
{
	if (a_xchg((int *)l, 0) == 2)
		__futex_wake(l, 1);
}
