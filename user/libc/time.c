#include <errno.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <sys/times.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int clock_gettime(clockid_t clk, struct timespec *ts) { RET(__syscall2(SYS_clock_gettime, clk, ts)); }
clock_t times(struct tms *buf) { RET(__syscall1(SYS_times, buf)); }
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

int getitimer(int which, struct itimerval *cur) { return __syscall_ret(__syscall2(SYS_getitimer, which, cur)); }

int setitimer(int which, const struct itimerval *nv, struct itimerval *old)
{
	return __syscall_ret(__syscall3(SYS_setitimer, which, nv, old));
}

/* alarm: ITIMER_REAL one-shot; returns the old timer's seconds, rounded,
 * and at least 1 if it was armed (as glibc). */
unsigned int alarm(unsigned int secs)
{
	struct itimerval nv = { { 0, 0 }, { secs, 0 } }, old;

	if (setitimer(ITIMER_REAL, &nv, &old) < 0)
		return 0;
	if (old.it_value.tv_usec >= 500000 || (old.it_value.tv_sec == 0 && old.it_value.tv_usec))
		old.it_value.tv_sec++;
	return old.it_value.tv_sec;
}

int timer_create(clockid_t clk, struct sigevent *sev, timer_t *id)
{
	return __syscall_ret(__syscall3(SYS_timer_create, clk, sev, id));
}

int timer_settime(timer_t id, int flags, const struct itimerspec *nv, struct itimerspec *old)
{
	return __syscall_ret(__syscall4(SYS_timer_settime, id, flags, nv, old));
}

int timer_gettime(timer_t id, struct itimerspec *cur) { return __syscall_ret(__syscall2(SYS_timer_gettime, id, cur)); }
int timer_getoverrun(timer_t id) { return __syscall_ret(__syscall1(SYS_timer_getoverrun, id)); }
int timer_delete(timer_t id) { return __syscall_ret(__syscall1(SYS_timer_delete, id)); }

/* Returns the error number itself (POSIX), not -1/errno. */
int clock_nanosleep(clockid_t clk, int flags, const struct timespec *req, struct timespec *rem)
{
	long r = __syscall4(SYS_clock_nanosleep, clk, flags, req, rem);

	return r < 0 ? (int)-r : 0;
}
