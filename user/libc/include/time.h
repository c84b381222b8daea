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

/* Broken-down time. cleave has no time zones: localtime is UTC. */
struct tm {
	int tm_sec, tm_min, tm_hour;
	int tm_mday, tm_mon, tm_year;	/* month 0-11, year - 1900 */
	int tm_wday, tm_yday, tm_isdst;	/* Sunday 0, January 1st 0 */
	long tm_gmtoff;
	const char *tm_zone;
};
struct tm *gmtime_r(const time_t *t, struct tm *tm);
struct tm *gmtime(const time_t *t);
struct tm *localtime_r(const time_t *t, struct tm *tm);
struct tm *localtime(const time_t *t);
time_t timegm(const struct tm *tm);
/* The C locale's conversions: a A b B c d D e F h H I j m M n p R s S t T
 * u w y Y z Z %. */
size_t strftime(char *s, size_t max, const char *fmt, const struct tm *tm);

#endif
