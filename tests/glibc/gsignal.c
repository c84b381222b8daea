/* Signal features as static glibc programs use them: alarm and
 * setitimer, sigaltstack with SA_ONSTACK, SA_RESTART around a blocking
 * read, sigqueue + sigwaitinfo, a SIGEV_THREAD timer (glibc runs it in a
 * helper thread woken by a SIGEV_THREAD_ID signal), waitid, and a child
 * stopped and continued. The output must be the same on cleave as
 * natively (tests/suite.py compares it). */
#define _GNU_SOURCE
#include <errno.h>
#include <pthread.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/time.h>
#include <sys/wait.h>

static volatile sig_atomic_t alarms, usr1;
static char *alt;
static size_t altsz = 65536;
static volatile int on_alt;

static void on_alarm(int sig)
{
	(void)sig;
	alarms++;
}

static void on_usr1(int sig)
{
	char here;

	(void)sig;
	on_alt = &here >= alt && &here < alt + altsz;
	usr1++;
}

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static int fired;

static void timer_thread(union sigval v)
{
	pthread_mutex_lock(&mu);
	fired = v.sival_int;
	pthread_cond_signal(&cv);
	pthread_mutex_unlock(&mu);
}

int main(void)
{
	struct sigaction sa;
	int fds[2], st;
	char c;

	setvbuf(stdout, NULL, _IONBF, 0);

	/* alarm()/setitimer with a handler; pause() returns EINTR */
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_alarm;
	sigaction(SIGALRM, &sa, NULL);
	struct itimerval iv = { { 0, 0 }, { 0, 20000 } };
	setitimer(ITIMER_REAL, &iv, NULL);
	int r = pause();
	printf("pause: %d %s, alarms %d\n", r, strerror(errno), (int)alarms);
	printf("alarm(5) then alarm(0): %u\n", (alarm(5), alarm(0)));

	/* sigaltstack + SA_ONSTACK */
	alt = malloc(altsz);
	stack_t ss = { .ss_sp = alt, .ss_size = altsz, .ss_flags = 0 };
	printf("sigaltstack: %d\n", sigaltstack(&ss, NULL));
	sa.sa_handler = on_usr1;
	sa.sa_flags = SA_ONSTACK;
	sigaction(SIGUSR1, &sa, NULL);
	raise(SIGUSR1);
	printf("SIGUSR1 on the altstack: %s\n", on_alt ? "yes" : "no");

	/* SA_RESTART: the read survives the SIGALRM */
	pipe(fds);
	sa.sa_handler = on_alarm;
	sa.sa_flags = SA_RESTART;
	sigaction(SIGALRM, &sa, NULL);
	pid_t w = fork();
	if (w == 0) {
		usleep(100000);
		write(fds[1], "k", 1);
		_exit(0);
	}
	setitimer(ITIMER_REAL, &iv, NULL);
	r = read(fds[0], &c, 1);
	printf("read with SA_RESTART: %d '%c', alarms %d\n", r, r == 1 ? c : '?', (int)alarms);
	waitpid(w, NULL, 0);

	/* sigqueue + sigwaitinfo */
	sigset_t set;
	siginfo_t si;
	sigemptyset(&set);
	sigaddset(&set, SIGUSR2);
	sigprocmask(SIG_BLOCK, &set, NULL);
	sigqueue(getpid(), SIGUSR2, (union sigval){ .sival_int = 1234 });
	r = sigwaitinfo(&set, &si);
	printf("sigwaitinfo: %d code %d value %d from self %d\n", r, si.si_code, si.si_value.sival_int,
	       si.si_pid == getpid());

	/* SIGEV_THREAD timer */
	struct sigevent ev;
	timer_t tid;
	memset(&ev, 0, sizeof(ev));
	ev.sigev_notify = SIGEV_THREAD;
	ev.sigev_notify_function = timer_thread;
	ev.sigev_value.sival_int = 99;
	printf("timer_create SIGEV_THREAD: %d\n", timer_create(CLOCK_MONOTONIC, &ev, &tid));
	struct itimerspec its = { { 0, 0 }, { 0, 10000000 } };
	timer_settime(tid, 0, &its, NULL);
	pthread_mutex_lock(&mu);
	while (!fired)
		pthread_cond_wait(&cv, &mu);
	pthread_mutex_unlock(&mu);
	printf("SIGEV_THREAD timer ran with %d\n", fired);
	timer_delete(tid);

	/* waitid */
	pid_t pid = fork();
	if (pid == 0)
		_exit(42);
	memset(&si, 0, sizeof(si));
	r = waitid(P_PID, pid, &si, WEXITED);
	printf("waitid: %d signo %d code %d status %d pid ok %d\n", r, si.si_signo, si.si_code,
	       si.si_status, si.si_pid == pid);

	/* stop and continue */
	pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGSTOP);
	waitpid(pid, &st, WUNTRACED);
	printf("stopped: %d by %d\n", WIFSTOPPED(st), WSTOPSIG(st));
	kill(pid, SIGCONT);
	waitpid(pid, &st, WCONTINUED);
	printf("continued: %d\n", WIFCONTINUED(st));
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	printf("killed: %d by %d\n", WIFSIGNALED(st), WTERMSIG(st));
	return 0;
}
