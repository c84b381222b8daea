#ifndef _SYS_TIME_H
#define _SYS_TIME_H
#include <time.h>

struct timeval {
	time_t tv_sec;
	suseconds_t tv_usec;
};

struct itimerval {
	struct timeval it_interval;
	struct timeval it_value;
};

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

int gettimeofday(struct timeval *tv, void *tz);
int getitimer(int which, struct itimerval *cur);
int setitimer(int which, const struct itimerval *nv, struct itimerval *old);

#endif
