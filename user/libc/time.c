#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int clock_gettime(clockid_t clk, struct timespec *ts) { RET(__syscall2(SYS_clock_gettime, clk, ts)); }
int nanosleep(const struct timespec *req, struct timespec *rem) { RET(__syscall2(SYS_nanosleep, req, rem)); }

time_t time(time_t *t)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	if (t)
		*t = ts.tv_sec;
	return ts.tv_sec;
}

int gettimeofday(struct timeval *tv, void *tz)
{
	struct timespec ts;

	(void)tz;
	if (clock_gettime(CLOCK_REALTIME, &ts) < 0)
		return -1;
	tv->tv_sec = ts.tv_sec;
	tv->tv_usec = ts.tv_nsec / 1000;
	return 0;
}

unsigned int sleep(unsigned int secs)
{
	struct timespec req = { secs, 0 }, rem = { 0, 0 };

	if (nanosleep(&req, &rem) < 0 && errno == EINTR)
		return rem.tv_sec + (rem.tv_nsec > 0);
	return 0;
}

int usleep(unsigned long usecs)
{
	struct timespec req = { usecs / 1000000, (usecs % 1000000) * 1000 };

	return nanosleep(&req, 0);
}
