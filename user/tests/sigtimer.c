/* Interval timers: setitimer/getitimer (ITIMER_REAL, and the CPU-time
 * ITIMER_VIRTUAL and ITIMER_PROF), alarm, and the POSIX timers
 * (timer_create/settime/gettime/delete) on wall and CPU clocks with
 * SIGEV_SIGNAL, SIGEV_NONE and SIGEV_THREAD_ID, relative and
 * TIMER_ABSTIME. Portable
 * (difftest runs it on the host's Linux too), except timer-no-leak,
 * which reads cleave's /proc/meminfo.
 *
 * A table of named cases, each in its own child (which prints its own
 * result and exits 0 or 1). Waits for a timer are bounded by a generous
 * sigtimedwait timeout: a slow host only makes the timer late, never the
 * check fail. Waits for a CPU-time timer burn CPU and give up after 5 s
 * of the process's own CPU time, which a loaded host cannot shorten. */
#include <pthread.h>
#include <signal.h>
#include <time.h>
#include <sys/syscall.h>
#include <sys/resource.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "check.h"

static const char *cur;
static int bad;

#undef CHECK	/* this one goes on after a failure (check.h's returns) */
#define CHECK(cond, ...)                                  \
	do {                                              \
		int ok_ = !!(cond);                       \
		if (!bad && !ok_) {                       \
			fail(cur, __VA_ARGS__);           \
			bad = 1;                          \
		}                                         \
	} while (0)

static void block(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* Wait up to 10 s for sig (blocked by the caller). The raw call: glibc's
 * wrapper rewrites some si_codes. */
static int await(int sig, siginfo_t *si)
{
	sigset_t s;
	struct timespec ts = { 10, 0 };

	sigemptyset(&s);
	sigaddset(&s, sig);
	memset(si, 0, sizeof(*si));
	return (int)__syscall_ret(__syscall4(SYS_rt_sigtimedwait, &s, si, &ts, 8));
}

static int pending(int sig)
{
	sigset_t s;

	sigpending(&s);
	return sigismember(&s, sig);
}

static long ts_ms(const struct timespec *ts)
{
	return ts->tv_sec * 1000 + ts->tv_nsec / 1000000;
}

/* ---- setitimer / alarm ---- */

static void t_itimer_oneshot(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 30000 } }, g;
	siginfo_t si;

	block(SIGALRM);
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	CHECK(getitimer(ITIMER_REAL, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_usec > 0 &&
	      g.it_value.tv_usec <= 30000, "armed: %ld.%06ld", (long)g.it_value.tv_sec, (long)g.it_value.tv_usec);
	CHECK(await(SIGALRM, &si) == SIGALRM, "no SIGALRM: %s", strerror(errno));
	CHECK(si.si_code == SI_KERNEL, "si_code %d, want SI_KERNEL", si.si_code);
	CHECK(getitimer(ITIMER_REAL, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_usec == 0,
	      "not disarmed after firing");
}

static void t_itimer_periodic(void)
{
	struct itimerval v = { { 0, 10000 }, { 0, 10000 } }, g, off = { { 0, 0 }, { 0, 0 } };
	siginfo_t si;

	block(SIGALRM);
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		CHECK(await(SIGALRM, &si) == SIGALRM, "tick %d missing: %s", i, strerror(errno));
	CHECK(getitimer(ITIMER_REAL, &g) == 0 && g.it_interval.tv_usec == 10000 &&
	      (g.it_value.tv_usec > 0 || g.it_value.tv_sec > 0), "periodic not re-armed");
	CHECK(setitimer(ITIMER_REAL, &off, &g) == 0 && g.it_interval.tv_usec == 10000, "disarm: old interval");
	CHECK(getitimer(ITIMER_REAL, &g) == 0 && g.it_value.tv_usec == 0 && g.it_interval.tv_usec == 0,
	      "still armed");
}

static void t_itimer_errors(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 1000000 } }, g;

	CHECK(setitimer(ITIMER_REAL, &v, NULL) < 0 && errno == EINVAL, "usec 1000000: errno %d", errno);
	v.it_value.tv_usec = -1;
	CHECK(setitimer(ITIMER_REAL, &v, NULL) < 0 && errno == EINVAL, "usec -1: errno %d", errno);
	v.it_value.tv_usec = 0;
	CHECK(setitimer(7, &v, NULL) < 0 && errno == EINVAL, "which 7: errno %d", errno);
	CHECK(getitimer(7, &g) < 0 && errno == EINVAL, "getitimer which 7: errno %d", errno);
	CHECK(getitimer(ITIMER_REAL, (struct itimerval *)8) < 0 && errno == EFAULT, "bad pointer: errno %d", errno);
}

/* ---- CPU-time timers ---- */

static long cpu_ms(int clock)
{
	struct timespec ts;

	clock_gettime(clock, &ts);
	return ts_ms(&ts);
}

static volatile unsigned long sink;

/* Burn user time until sig (blocked) is pending or `*hits` reaches
 * want (when hits is given); give up after 5 s of this process's CPU
 * time. Checking costs a system call per million iterations, so nearly
 * all of the time burnt is user time. Returns whether it came. */
static int burn_until(int sig, volatile int *hits, int want, int sys)
{
	long start = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);

	while (cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - start < 5000) {
		if (hits ? *hits >= want : pending(sig))
			return 1;
		for (int i = 0; i < 1000000; i++)
			sink += i;
		for (int i = 0; i < sys; i++)
			getppid();
	}
	return 0;
}

static long tv_us(const struct timeval *tv)
{
	return tv->tv_sec * 1000000L + tv->tv_usec;
}

/* A one-shot CPU-time itimer fires after that much CPU time, with
 * si_code SI_KERNEL, and is disarmed. */
static void cpu_oneshot(int which, int sig, int sys)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } }, g;
	siginfo_t si;

	block(sig);
	long c0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(setitimer(which, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	/* Linux adds a tick to the value (4 ms at HZ=250; cleave's is 10 ms). */
	CHECK(getitimer(which, &g) == 0 && tv_us(&g.it_value) > 0 && tv_us(&g.it_value) <= 60000,
	      "armed: %ld us", tv_us(&g.it_value));
	CHECK(burn_until(sig, NULL, 0, sys), "no signal %d after 5 s of CPU time", sig);
	/* Not early: the CPU time spent (precise on Linux, unlike the sampled
	 * user/system split of getrusage that a loaded host skews) is at
	 * least most of the value. */
	long used = cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - c0;
	CHECK(used >= 30, "fired after %ld ms of CPU time, armed for 50", used);
	CHECK(await(sig, &si) == sig && si.si_code == SI_KERNEL, "si_code %d, want SI_KERNEL", si.si_code);
	CHECK(getitimer(which, &g) == 0 && tv_us(&g.it_value) == 0 && tv_us(&g.it_interval) == 0,
	      "not disarmed after firing");
}

static void t_itimer_virtual(void)
{
	cpu_oneshot(ITIMER_VIRTUAL, SIGVTALRM, 0);
}

/* ITIMER_PROF counts system time too: here half the loop is getppid. */
static void t_itimer_prof(void)
{
	cpu_oneshot(ITIMER_PROF, SIGPROF, 20000);
}

/* A sleeping process spends no CPU time: its CPU-time timers stand still. */
static void t_itimer_cpu_sleep(void)
{
	struct itimerval v = { { 0, 0 }, { 0, 50000 } }, g;
	struct timespec ts = { 0, 100000000L };

	block(SIGVTALRM);
	block(SIGPROF);
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
			;
	CHECK(!pending(SIGVTALRM) && !pending(SIGPROF), "a CPU-time timer fired during a sleep");
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0 && tv_us(&g.it_value) > 25000, "ITIMER_VIRTUAL left %ld us",
	      tv_us(&g.it_value));
	CHECK(getitimer(ITIMER_PROF, &g) == 0 && tv_us(&g.it_value) > 25000, "ITIMER_PROF left %ld us",
	      tv_us(&g.it_value));
}

static volatile int vt_hits;

static void on_vtalrm(int sig)
{
	(void)sig;
	vt_hits++;
}

/* A periodic ITIMER_VIRTUAL re-arms itself; disarming returns the
 * interval as the old value. */
static void t_itimer_cpu_periodic(void)
{
	struct itimerval v = { { 0, 10000 }, { 0, 10000 } }, g, off = { { 0, 0 }, { 0, 0 } };
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_vtalrm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGVTALRM, &sa, NULL);
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	CHECK(burn_until(0, &vt_hits, 3, 0), "%d signals after 5 s of CPU time, want 3", vt_hits);
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0 && tv_us(&g.it_interval) == 10000 && tv_us(&g.it_value) > 0,
	      "periodic not re-armed: value %ld interval %ld", tv_us(&g.it_value), tv_us(&g.it_interval));
	CHECK(setitimer(ITIMER_VIRTUAL, &off, &g) == 0 && tv_us(&g.it_interval) == 10000, "disarm: old interval");
}

/* Disarming: ITIMER_REAL forgets its interval, the CPU-time ones keep it
 * for getitimer (Linux). */
static void t_itimer_disarm_interval(void)
{
	struct itimerval armed = { { 1, 0 }, { 10, 0 } }, v = { { 1, 0 }, { 0, 0 } }, g;

	CHECK(setitimer(ITIMER_REAL, &armed, NULL) == 0, "setitimer REAL: %s", strerror(errno));
	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer REAL: %s", strerror(errno));
	CHECK(getitimer(ITIMER_REAL, &g) == 0 && tv_us(&g.it_value) == 0 && tv_us(&g.it_interval) == 0,
	      "REAL: value %ld interval %ld, want 0 0", tv_us(&g.it_value), tv_us(&g.it_interval));
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer VIRTUAL: %s", strerror(errno));
	CHECK(getitimer(ITIMER_VIRTUAL, &g) == 0 && tv_us(&g.it_value) == 0 && tv_us(&g.it_interval) == 1000000,
	      "VIRTUAL: value %ld interval %ld, want 0 1000000", tv_us(&g.it_value), tv_us(&g.it_interval));
}

/* POSIX timers on CPU clocks, relative and absolute. */
static void t_timer_cpu_process(void)
{
	struct sigevent ev;
	timer_t id;
	siginfo_t si;
	struct itimerspec v = { { 0, 0 }, { 0, 50000000 } }, g;
	struct timespec now;

	block(SIGUSR1);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	ev.sigev_value.sival_int = 77;
	CHECK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &id) == 0, "timer_create: %s", strerror(errno));
	long c0 = cpu_ms(CLOCK_PROCESS_CPUTIME_ID);
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec > 0 &&
	      g.it_value.tv_nsec <= 50000000, "armed: %ld ns", g.it_value.tv_nsec);
	CHECK(burn_until(SIGUSR1, NULL, 0, 0), "no signal after 5 s of CPU time");
	CHECK(cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - c0 >= 40, "fired after %ld ms of CPU time, armed for 50",
	      cpu_ms(CLOCK_PROCESS_CPUTIME_ID) - c0);
	CHECK(await(SIGUSR1, &si) == SIGUSR1 && si.si_code == SI_TIMER && si.si_value.sival_int == 77,
	      "signal: code %d value %d", si.si_code, si.si_value.sival_int);
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec == 0, "not disarmed");

	/* Absolute: a value of the process's CPU clock. */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
	v.it_value = now;
	v.it_value.tv_nsec += 30000000;
	if (v.it_value.tv_nsec >= 1000000000) {
		v.it_value.tv_sec++;
		v.it_value.tv_nsec -= 1000000000;
	}
	CHECK(timer_settime(id, TIMER_ABSTIME, &v, NULL) == 0, "settime abs: %s", strerror(errno));
	CHECK(burn_until(SIGUSR1, NULL, 0, 0), "absolute: no signal after 5 s of CPU time");
	CHECK(timer_delete(id) == 0, "timer_delete: %s", strerror(errno));
}

static void *spin_100ms(void *arg)
{
	long start = cpu_ms(CLOCK_THREAD_CPUTIME_ID);

	(void)arg;
	while (cpu_ms(CLOCK_THREAD_CPUTIME_ID) - start < 100)
		for (int i = 0; i < 100000; i++)
			sink += i;
	return NULL;
}

/* A CLOCK_THREAD_CPUTIME_ID timer runs on its thread's time only: another
 * thread's 100 ms of CPU time and a sleep leave it where it was; the
 * thread's own CPU time fires it. A process-clock timer armed beside it
 * fires on the other thread's time. */
static void t_timer_cpu_thread(void)
{
	struct sigevent ev;
	timer_t tid_timer, proc_timer;
	struct itimerspec v = { { 0, 0 }, { 0, 50000000 } }, g;
	struct timespec ts = { 0, 100000000L };
	pthread_t th;

	block(SIGUSR1);
	block(SIGUSR2);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	CHECK(timer_create(CLOCK_THREAD_CPUTIME_ID, &ev, &tid_timer) == 0, "timer_create: %s", strerror(errno));
	ev.sigev_signo = SIGUSR2;
	CHECK(timer_create(CLOCK_PROCESS_CPUTIME_ID, &ev, &proc_timer) == 0, "timer_create: %s", strerror(errno));
	CHECK(timer_settime(tid_timer, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(timer_settime(proc_timer, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(pthread_create(&th, NULL, spin_100ms, NULL) == 0, "pthread_create");
	pthread_join(th, NULL);
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	CHECK(!pending(SIGUSR1), "the thread timer fired on another thread's time");
	CHECK(pending(SIGUSR2), "the process timer did not fire on another thread's time");
	CHECK(timer_gettime(tid_timer, &g) == 0 && g.it_value.tv_nsec > 25000000, "thread timer left %ld ns",
	      g.it_value.tv_nsec);
	CHECK(burn_until(SIGUSR1, NULL, 0, 0), "thread timer: no signal after 5 s of CPU time");
}

static void t_itimer_old_value(void)
{
	struct itimerval v = { { 0, 0 }, { 10, 0 } }, old, off = { { 0, 0 }, { 0, 0 } };

	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer: %s", strerror(errno));
	CHECK(setitimer(ITIMER_REAL, &off, &old) == 0, "setitimer: %s", strerror(errno));
	CHECK(old.it_value.tv_sec >= 8 && old.it_value.tv_sec <= 10, "old value %ld s", (long)old.it_value.tv_sec);
	CHECK(alarm(10) == 0, "alarm after disarm: not 0");
	unsigned r = alarm(0);
	CHECK(r >= 9 && r <= 10, "alarm(0) returned %u, want 10", r);
}

static void t_alarm_kills(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct itimerval v = { { 0, 0 }, { 0, 20000 } };
		setitimer(ITIMER_REAL, &v, NULL);
		for (;;)
			pause();
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGALRM,
	      "status 0x%x, want killed by SIGALRM", st);
}

static volatile int alrm_hits;

static void on_alrm(int sig)
{
	(void)sig;
	alrm_hits++;
}

/* Interval timers survive exec on Linux and fork does not inherit them. */
static void t_itimer_fork(void)
{
	struct itimerval v = { { 0, 0 }, { 10, 0 } }, g;
	int st;

	CHECK(setitimer(ITIMER_REAL, &v, NULL) == 0, "setitimer");
	CHECK(setitimer(ITIMER_VIRTUAL, &v, NULL) == 0, "setitimer VIRTUAL");
	CHECK(setitimer(ITIMER_PROF, &v, NULL) == 0, "setitimer PROF");
	pid_t pid = fork();
	if (pid == 0) {
		int which[3] = { ITIMER_REAL, ITIMER_VIRTUAL, ITIMER_PROF };
		for (int i = 0; i < 3; i++) {
			getitimer(which[i], &g);
			if (g.it_value.tv_sec || g.it_value.tv_usec)
				_exit(1);
		}
		_exit(0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork child inherited the timer");
}

static void t_alarm_interrupts_read(void)
{
	int fds[2];
	char c;
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alrm;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGALRM, &sa, NULL);
	CHECK(pipe(fds) == 0, "pipe");
	struct itimerval v = { { 0, 0 }, { 0, 30000 } };
	setitimer(ITIMER_REAL, &v, NULL);
	ssize_t r = read(fds[0], &c, 1);
	CHECK(r == -1 && errno == EINTR && alrm_hits == 1, "read %zd errno %d hits %d, want EINTR", r, errno,
	      alrm_hits);
}

/* A periodic timer whose signal stays blocked: the one queued signal
 * carries the missed expirations in si_overrun, and timer_getoverrun
 * reports the same. */
static void t_timer_overrun(void)
{
	siginfo_t si;
	struct itimerspec v = { { 0, 2000000 }, { 0, 2000000 } };
	struct sigevent ev;
	timer_t id;
	struct timespec ts = { 0, 100000000L };

	block(SIGUSR1);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create: %s", strerror(errno));
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	CHECK(await(SIGUSR1, &si) == SIGUSR1 && si.si_code == SI_TIMER, "no signal: %s", strerror(errno));
	CHECK(si.si_overrun >= 5, "si_overrun %d after ~50 periods", si.si_overrun);
	int o = timer_getoverrun(id);
	CHECK(o == si.si_overrun, "timer_getoverrun %d, si_overrun %d", o, si.si_overrun);
	memset(&v, 0, sizeof(v));
	timer_settime(id, 0, &v, NULL);
}

/* ---- POSIX timers ---- */

static void t_timer_create_errors(void)
{
	struct sigevent ev;
	timer_t id;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	CHECK(timer_create(99, &ev, &id) < 0 && errno == EINVAL, "clock 99: errno %d", errno);
	ev.sigev_notify = 77;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) < 0 && errno == EINVAL, "notify 77: errno %d", errno);
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = 0;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) < 0 && errno == EINVAL, "signo 0: errno %d", errno);
	ev.sigev_signo = 65;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) < 0 && errno == EINVAL, "signo 65: errno %d", errno);
}

static timer_t make_timer(int clock, int notify, int sig, int value)
{
	struct sigevent ev;
	timer_t id;

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = notify;
	ev.sigev_signo = sig;
	ev.sigev_value.sival_int = value;
	if (timer_create(clock, &ev, &id) < 0) {
		fail(cur, "timer_create: %s", strerror(errno));
		bad = 1;
		_exit(1);
	}
	return id;
}

static void t_timer_signal(void)
{
	siginfo_t si;
	struct itimerspec v = { { 0, 0 }, { 0, 20000000 } }, g;

	block(SIGUSR1);
	timer_t id = make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 77);
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(await(SIGUSR1, &si) == SIGUSR1, "no signal: %s", strerror(errno));
	CHECK(si.si_code == SI_TIMER && si.si_value.sival_int == 77, "code %d value %d", si.si_code,
	      si.si_value.sival_int);
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec == 0,
	      "one-shot still armed");
	CHECK(timer_delete(id) == 0, "delete: %s", strerror(errno));
}

static void t_timer_periodic(void)
{
	siginfo_t si;
	struct itimerspec v = { { 0, 5000000 }, { 0, 5000000 } }, g;

	block(SIGUSR2);
	timer_t id = make_timer(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR2, 5);
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	for (int i = 0; i < 3; i++)
		CHECK(await(SIGUSR2, &si) == SIGUSR2 && si.si_code == SI_TIMER, "tick %d: %s", i, strerror(errno));
	CHECK(timer_gettime(id, &g) == 0 && g.it_interval.tv_nsec == 5000000, "interval %ld", g.it_interval.tv_nsec);
	CHECK(timer_getoverrun(id) >= 0, "getoverrun: %s", strerror(errno));
	CHECK(timer_delete(id) == 0, "delete: %s", strerror(errno));
}

static void t_timer_gettime_settime_old(void)
{
	struct itimerspec v = { { 1, 0 }, { 10, 0 } }, g, old, off;

	timer_t id = make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 0);
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec == 0,
	      "new timer armed");
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(timer_gettime(id, &g) == 0 && ts_ms(&g.it_value) > 8000 && ts_ms(&g.it_value) <= 10000 &&
	      g.it_interval.tv_sec == 1, "value %ld ms interval %ld s", ts_ms(&g.it_value), (long)g.it_interval.tv_sec);
	memset(&off, 0, sizeof(off));
	CHECK(timer_settime(id, 0, &off, &old) == 0 && ts_ms(&old.it_value) > 8000 && old.it_interval.tv_sec == 1,
	      "old value %ld ms", ts_ms(&old.it_value));
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec == 0, "not disarmed");
	v.it_value.tv_nsec = 1000000000L;
	CHECK(timer_settime(id, 0, &v, NULL) < 0 && errno == EINVAL, "nsec 1e9: errno %d", errno);
	CHECK(timer_delete(id) == 0, "delete");
	CHECK(timer_delete(id) < 0 && errno == EINVAL, "delete twice: errno %d", errno);
	CHECK(timer_gettime(id, &g) < 0 && errno == EINVAL, "gettime deleted: errno %d", errno);
	CHECK(timer_settime(id, 0, &v, NULL) < 0 && errno == EINVAL, "settime deleted: errno %d", errno);
}

static void t_timer_abstime(void)
{
	siginfo_t si;
	struct timespec now;
	struct itimerspec v;

	block(SIGUSR1);
	timer_t id = make_timer(CLOCK_MONOTONIC, SIGEV_SIGNAL, SIGUSR1, 1);
	clock_gettime(CLOCK_MONOTONIC, &now);
	memset(&v, 0, sizeof(v));
	v.it_value = now;
	v.it_value.tv_nsec += 20000000;
	if (v.it_value.tv_nsec >= 1000000000L) {
		v.it_value.tv_sec++;
		v.it_value.tv_nsec -= 1000000000L;
	}
	CHECK(timer_settime(id, TIMER_ABSTIME, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(await(SIGUSR1, &si) == SIGUSR1 && si.si_value.sival_int == 1, "monotonic: %s", strerror(errno));
	/* A realtime target in the past fires at once. */
	timer_t rt = make_timer(CLOCK_REALTIME, SIGEV_SIGNAL, SIGUSR1, 2);
	clock_gettime(CLOCK_REALTIME, &now);
	v.it_value = now;
	v.it_value.tv_sec -= 5;
	CHECK(timer_settime(rt, TIMER_ABSTIME, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(await(SIGUSR1, &si) == SIGUSR1 && si.si_value.sival_int == 2, "realtime past: %s", strerror(errno));
}

static void t_timer_none(void)
{
	struct itimerspec v = { { 0, 0 }, { 0, 10000000 } }, g;
	struct timespec ts = { 0, 50000000 };

	block(SIGALRM);
	timer_t id = make_timer(CLOCK_MONOTONIC, SIGEV_NONE, 0, 0);
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
	CHECK(timer_gettime(id, &g) == 0 && g.it_value.tv_sec == 0 && g.it_value.tv_nsec == 0,
	      "expired SIGEV_NONE timer still armed");
	CHECK(!pending(SIGALRM), "SIGEV_NONE sent a signal");
}

static void t_timer_default_sigevent(void)
{
	siginfo_t si;
	timer_t id;
	struct itimerspec v = { { 0, 0 }, { 0, 10000000 } };

	block(SIGALRM);
	CHECK(timer_create(CLOCK_MONOTONIC, NULL, &id) == 0, "timer_create NULL: %s", strerror(errno));
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(await(SIGALRM, &si) == SIGALRM && si.si_code == SI_TIMER, "no SIGALRM (code %d): %s",
	      si.si_code, strerror(errno));
}

static void t_timer_thread_id(void)
{
	struct sigevent ev;
	timer_t id;
	siginfo_t si;
	struct itimerspec v = { { 0, 0 }, { 0, 10000000 } };

	block(SIGUSR1);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD_ID;
	ev.sigev_signo = SIGUSR1;
	ev._sigev_un._tid = (int)__syscall0(SYS_gettid);
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) == 0, "timer_create: %s", strerror(errno));
	CHECK(timer_settime(id, 0, &v, NULL) == 0, "settime: %s", strerror(errno));
	CHECK(await(SIGUSR1, &si) == SIGUSR1 && si.si_code == SI_TIMER, "no signal: %s", strerror(errno));
	ev._sigev_un._tid = 999999;
	CHECK(timer_create(CLOCK_MONOTONIC, &ev, &id) < 0 && errno == EINVAL, "bad tid: errno %d", errno);
}

/* The leader exits alone (the raw exit of one thread, as pthread_exit
 * from main does); the process lives on in a second thread, and its
 * ITIMER_REAL and a POSIX timer still signal it. The worker exits 0 when
 * both came, 1 when one did not come in 10 s. */
static void *leaderless_worker(void *arg)
{
	siginfo_t si;
	struct sigevent ev;
	timer_t id;
	struct itimerspec v = { { 0, 0 }, { 0, 10000000 } };

	(void)arg;
	if (await(SIGALRM, &si) != SIGALRM)
		_exit(1);
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_SIGNAL;
	ev.sigev_signo = SIGUSR1;
	if (timer_create(CLOCK_MONOTONIC, &ev, &id) != 0 || timer_settime(id, 0, &v, NULL) != 0)
		_exit(2);
	_exit(await(SIGUSR1, &si) == SIGUSR1 ? 0 : 3);
}

static void t_timer_leader_exited(void)
{
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct itimerval iv = { { 0, 0 }, { 0, 30000 } };
		pthread_t th;
		block(SIGALRM);
		block(SIGUSR1);
		if (pthread_create(&th, NULL, leaderless_worker, NULL) != 0)
			_exit(4);
		setitimer(ITIMER_REAL, &iv, NULL);
		for (;;)
			__syscall1(SYS_exit, 0);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "status 0x%x (1: no SIGALRM, 2: timer_create, 3: no timer signal, 4: pthread_create)", st);
}

static char *self;	/* argv[0]: cases exec the program again */

/* exec deletes the POSIX timers and keeps ITIMER_REAL (Linux). Raw
 * calls: glibc's timer_t is not the kernel's id. */
static void t_timer_exec(void)
{
	struct sigevent ev;
	int kid = -1, st;
	struct itimerval iv = { { 0, 0 }, { 30, 0 } };

	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_NONE;
	CHECK(__syscall3(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid) == 0, "timer_create");
	CHECK(setitimer(ITIMER_REAL, &iv, NULL) == 0, "setitimer");
	pid_t pid = fork();
	if (pid == 0) {
		char idbuf[16];
		char *argv[] = { self, "--after-exec-timers", idbuf, NULL };
		/* A fork child has no timers: make one of the same id here. */
		__syscall3(SYS_timer_create, CLOCK_MONOTONIC, &ev, &kid);
		setitimer(ITIMER_REAL, &iv, NULL);
		setitimer(ITIMER_PROF, &iv, NULL);
		snprintf(idbuf, sizeof(idbuf), "%d", kid);
		execv(self, argv);
		_exit(9);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "after exec: status 0x%x (1: POSIX timer kept, 2: ITIMER_REAL lost, 3: ITIMER_PROF lost, "
	      "9: exec failed)", st);
}

static int after_exec_timers(int kid)
{
	struct itimerspec v;
	struct itimerval iv;

	if (__syscall2(SYS_timer_gettime, kid, &v) != -EINVAL)
		return 1;
	if (getitimer(ITIMER_REAL, &iv) != 0 || iv.it_value.tv_sec < 20)
		return 2;
	if (getitimer(ITIMER_PROF, &iv) != 0 || iv.it_value.tv_sec < 20)
		return 3;
	return 0;
}

/* cleave only: timers are freed with their process. */
static void t_timer_no_leak(void)
{
	long before = meminfo("SlabObjects"), after = -1;

	if (before < 0) {
		fail(cur, "no SlabObjects in /proc/meminfo");
		bad = 1;
		return;
	}
	for (int round = 0; round < 3; round++) {
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			struct itimerval iv = { { 1, 0 }, { 1, 0 } };
			struct itimerspec v = { { 1, 0 }, { 1, 0 } };
			setitimer(ITIMER_REAL, &iv, NULL);
			for (int i = 0; i < 20; i++) {
				timer_t id;
				if (timer_create(CLOCK_MONOTONIC, NULL, &id) == 0)
					timer_settime(id, 0, &v, NULL);
			}
			_exit(0);
		}
		waitpid(pid, &st, 0);
		after = meminfo("SlabObjects");
		if (after <= before)
			break;
	}
	CHECK(after <= before, "SlabObjects %ld before, %ld after", before, after);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "itimer-oneshot", t_itimer_oneshot },
	{ "itimer-periodic", t_itimer_periodic },
	{ "itimer-errors", t_itimer_errors },
	{ "itimer-virtual", t_itimer_virtual },
	{ "itimer-prof", t_itimer_prof },
	{ "itimer-cpu-sleep", t_itimer_cpu_sleep },
	{ "itimer-cpu-periodic", t_itimer_cpu_periodic },
	{ "itimer-disarm-interval", t_itimer_disarm_interval },
	{ "itimer-old-value-alarm", t_itimer_old_value },
	{ "itimer-default-kills", t_alarm_kills },
	{ "itimer-not-inherited", t_itimer_fork },
	{ "itimer-interrupts-read", t_alarm_interrupts_read },
	{ "timer-create-errors", t_timer_create_errors },
	{ "timer-signal", t_timer_signal },
	{ "timer-periodic", t_timer_periodic },
	{ "timer-overrun", t_timer_overrun },
	{ "timer-gettime-settime", t_timer_gettime_settime_old },
	{ "timer-abstime", t_timer_abstime },
	{ "timer-sigev-none", t_timer_none },
	{ "timer-default-sigevent", t_timer_default_sigevent },
	{ "timer-thread-id", t_timer_thread_id },
	{ "timer-cpu-process", t_timer_cpu_process },
	{ "timer-leader-exited", t_timer_leader_exited },
	{ "timer-cpu-thread", t_timer_cpu_thread },
	{ "timer-exec", t_timer_exec },
	{ "timer-no-leak", t_timer_no_leak },
};

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 2 && strcmp(argv[1], "--after-exec-timers") == 0)
		return after_exec_timers(atoi(argv[2]));
	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cur = cases[i].name;
			cases[i].fn();
			if (!bad)
				ok(cur);
			fflush(stdout);
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid)
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1)
			fail(cases[i].name, "case child ended with status 0x%x", st);
		else if (WEXITSTATUS(st))
			failures++;
	}
	return failures != 0;
}
