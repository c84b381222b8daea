/* Clocks and sleeping: clock_gettime, clock_getres, nanosleep,
 * clock_nanosleep.
 *
 * Every clock derives from ktime_get_ns() (monotonic since boot):
 *   MONOTONIC, MONOTONIC_RAW, BOOTTIME (nothing suspends) and the COARSE
 *   variants read it directly;
 *   REALTIME = the wall clock at boot + monotonic. The boot time comes from
 *   an RTC when the device tree has one (drivers/goldfish_rtc.c: QEMU
 *   virt); without one it is a fixed, documented epoch;
 *   PROCESS/THREAD_CPUTIME are the group's / thread's CPU time
 *   (kernel/cputime.c). clock_nanosleep on PROCESS_CPUTIME waits for that
 *   much wall time, not CPU time. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>

/* 2026-01-01 00:00:00 UTC: the wall-clock time at boot when no RTC says. */
#define REALTIME_BOOT_EPOCH 1767225600UL

#define TIMER_ABSTIME 1
#define COARSE_RES_NS 10000000L		/* the 100 Hz tick */

u64 ktime_get_real_ns(void)
{
	return (rtc_realtime_offset_ns ?: REALTIME_BOOT_EPOCH * NSEC_PER_SEC) + ktime_get_ns();
}

int get_user_timespec(struct timespec64 *ts, const void __user *u)
{
	if (copy_from_user(ts, u, sizeof(*ts)))
		return -EFAULT;
	return timespec_valid(ts) ? 0 : -EINVAL;
}

static int put_user_timespec(u64 ns, void __user *u)
{
	struct timespec64 ts = ns_to_timespec(ns);
	return copy_to_user(u, &ts, sizeof(ts));
}

/* Current value of clock id in ns, or -EINVAL for an unknown clock. */
static long clock_read(int id, u64 *ns)
{
	u64 now = ktime_get_ns();
	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_REALTIME_COARSE:
		*ns = ktime_get_real_ns();
		return 0;
	case CLOCK_MONOTONIC:
	case CLOCK_MONOTONIC_RAW:
	case CLOCK_MONOTONIC_COARSE:
	case CLOCK_BOOTTIME:
		*ns = now;
		return 0;
	case CLOCK_PROCESS_CPUTIME_ID:
		*ns = current_cputime_ns(false);
		return 0;
	case CLOCK_THREAD_CPUTIME_ID:
		*ns = current_cputime_ns(true);
		return 0;
	}
	return -EINVAL;
}

SYSCALL_DEFINE2(clock_gettime, int, id, void __user *, tp)
{
	u64 ns;
	long r = clock_read(id, &ns);
	if (r)
		return r;
	return put_user_timespec(ns, tp) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(clock_getres, int, id, void __user *, res)
{
	u64 ns;
	long r = clock_read(id, &ns);
	if (r)
		return r;
	if (!res)
		return 0;
	bool coarse = id == CLOCK_REALTIME_COARSE || id == CLOCK_MONOTONIC_COARSE;
	return put_user_timespec(coarse ? COARSE_RES_NS : 1, res) ? -EFAULT : 0;
}

static long nanosleep_restart(struct restart_block *rb);

/* Sleep until the monotonic deadline. 0 when it passed, -EINTR if a
 * signal arrived first. Nobody wakes the channel: only the timer does. */
static int sleep_until(u64 deadline)
{
	static int nobody_wakes;
	while (ktime_get_ns() < deadline) {
		int r = sleep_on_timeout(&nobody_wakes, NULL, deadline, true);
		if (r == -EINTR)
			return -EINTR;
	}
	return 0;
}

/* Sleep to a monotonic deadline; interrupted, report what was left in
 * rem (if given) and ask for a restart: a handler makes it -EINTR, no
 * handler (a stop and continue) resumes through restart_syscall with the
 * same deadline (restart_block, only current touches it). */
static long sleep_deadline(u64 deadline, void __user *rem)
{
	if (sleep_until(deadline) == 0)
		return 0;
	if (rem) {
		u64 t = ktime_get_ns();
		if (put_user_timespec(deadline > t ? deadline - t : 0, rem))
			return -EFAULT;
	}
	struct restart_block *rb = &current->restart_block;
	rb->fn = nanosleep_restart;
	rb->deadline = deadline;
	rb->rmtp = rem;
	return -ERESTART_RESTARTBLOCK;
}

static long nanosleep_restart(struct restart_block *rb)
{
	return sleep_deadline(rb->deadline, rb->rmtp);
}

/* The relative part of clock_nanosleep and nanosleep. */
static long sleep_relative(u64 ns, void __user *rem)
{
	u64 now = ktime_get_ns();
	u64 deadline = ns > ~0UL - now ? ~0UL : now + ns;
	return sleep_deadline(deadline, rem);
}

SYSCALL_DEFINE2(nanosleep, const void __user *, req, void __user *, rem)
{
	struct timespec64 ts;
	int r = get_user_timespec(&ts, req);
	if (r)
		return r;
	return sleep_relative(timespec_to_ns(&ts), rem);
}

SYSCALL_DEFINE4(clock_nanosleep, int, id, int, flags, const void __user *, req,
		void __user *, rem)
{
	struct timespec64 ts;
	u64 now;

	switch (id) {
	case CLOCK_REALTIME:
	case CLOCK_MONOTONIC:
	case CLOCK_BOOTTIME:
	case CLOCK_PROCESS_CPUTIME_ID:
		break;
	case CLOCK_THREAD_CPUTIME_ID:
		return -EINVAL;
	default:
		return clock_read(id, &now) ? -EINVAL : -EOPNOTSUPP;
	}
	int r = get_user_timespec(&ts, req);
	if (r)
		return r;
	u64 ns = timespec_to_ns(&ts);
	if (!(flags & TIMER_ABSTIME))
		return sleep_relative(ns, rem);

	/* Absolute: turn the target on clock id into a monotonic deadline. */
	clock_read(id, &now);
	u64 mono = ktime_get_ns();
	if (ns <= now)
		return 0;
	u64 delta = ns - now;
	/* Interrupted: the same call again (its target is absolute). */
	return sleep_until(delta > ~0UL - mono ? ~0UL : mono + delta) ? -ERESTARTNOHAND : 0;
}
