#ifndef _TIME_H
#define _TIME_H
#include <sys/types.h>

struct timespec {
	time_t tv_sec;
	long tv_nsec;
};

#define CLOCK_REALTIME 0
#define CLOCK_MONOTONIC 1
#define CLOCK_PROCESS_CPUTIME_ID 2
#define CLOCK_THREAD_CPUTIME_ID 3
#define CLOCK_BOOTTIME 7

#define TIMER_ABSTIME 1

struct itimerspec {
	struct timespec it_interval;
	struct timespec it_value;
};

/* The kernel's timer id (timer_create). */
typedef int timer_t;

struct sigevent;
int timer_create(clockid_t clk, struct sigevent *sev, timer_t *id);
int timer_settime(timer_t id, int flags, const struct itimerspec *nv, struct itimerspec *old);
int timer_gettime(timer_t id, struct itimerspec *cur);
int timer_getoverrun(timer_t id);
int timer_delete(timer_t id);
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem);

int clock_gettime(clockid_t clk, struct timespec *ts);
int nanosleep(const struct timespec *req, struct timespec *rem);
time_t time(time_t *t);

#endif
