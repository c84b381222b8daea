/* Clocks and timespecs shared by kernel/time.c and kernel/futex.c.
 * All kernel deadlines are ktime_get_ns() (monotonic since boot) values. */
#ifndef CLEAVE_TIMEKEEPING_H
#define CLEAVE_TIMEKEEPING_H
#include "types.h"

#define NSEC_PER_SEC 1000000000L

/* The scheduler tick: every hart's timer interrupts this often, and CPU
 * time is split between user and system at it. */
#define HZ 100
#define TICK_NSEC (NSEC_PER_SEC / HZ)

/* struct timespec of the riscv64 ABI (64-bit time_t). */
struct timespec64 {
	s64 tv_sec;
	long tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_MONOTONIC_RAW 4
#define CLOCK_REALTIME_COARSE 5
#define CLOCK_MONOTONIC_COARSE 6
#define CLOCK_BOOTTIME 7

static inline bool timespec_valid(const struct timespec64 *ts)
{
	return ts->tv_sec >= 0 && ts->tv_nsec >= 0 && ts->tv_nsec < NSEC_PER_SEC;
}

/* Nanoseconds, saturating at a far-future value instead of overflowing. */
static inline u64 timespec_to_ns(const struct timespec64 *ts)
{
	if ((u64)ts->tv_sec >= (u64)0x7fffffffffffffffL / NSEC_PER_SEC - 1)
		return 0x7fffffffffffffffUL;
	return (u64)ts->tv_sec * NSEC_PER_SEC + ts->tv_nsec;
}

static inline struct timespec64 ns_to_timespec(u64 ns)
{
	struct timespec64 ts = { (s64)(ns / NSEC_PER_SEC), (long)(ns % NSEC_PER_SEC) };
	return ts;
}

/* The wall clock at monotonic 0 from the board's RTC, set once at boot
 * (drivers/goldfish_rtc.c); 0: no RTC, time.c's fixed epoch applies. */
extern u64 rtc_realtime_offset_ns;
void goldfish_rtc_init(void);
/* Wall-clock time in ns since the Unix epoch (kernel/time.c). */
u64 ktime_get_real_ns(void);
/* Read a user timespec: 0, -EFAULT or -EINVAL (out of range). */
int get_user_timespec(struct timespec64 *ts, const void __user *u);
#endif
