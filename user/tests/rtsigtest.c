/* Real-time signal queueing and RLIMIT_SIGPENDING: every instance of a
 * real-time signal is queued with its own siginfo and delivered in order
 * (lowest number first, oldest instance first), standard signals
 * coalesce, rt_sigtimedwait takes one instance at a time, and a user's
 * queued siginfos are limited by RLIMIT_SIGPENDING (EAGAIN for
 * sigqueue/tgkill of a real-time signal; kill() still makes it pending;
 * a standard signal's siginfo is lost instead). Portable: difftest runs
 * it on the host's Linux too.
 *
 * A table of named cases, each in its own child. */
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <sys/resource.h>
#include <sys/syscall.h>
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

/* Real-time signals clear of what a libc keeps for itself. */
#define R1 (SIGRTMIN + 2)
#define R2 (SIGRTMIN + 3)

/* What handlers saw, in order. */
static volatile int nseen;
static volatile int seen_sig[64], seen_val[64], seen_code[64], seen_pid[64];

static void record(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (nseen < 64) {
		seen_sig[nseen] = sig;
		seen_val[nseen] = si->si_value.sival_int;
		seen_code[nseen] = si->si_code;
		seen_pid[nseen] = si->si_pid;
	}
	nseen++;
}

/* The handler blocks every signal the cases send, so handlers never
 * nest: they run in the order the signals are delivered. */
static void install(int sig)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = record;
	sa.sa_flags = SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	sigaddset(&sa.sa_mask, R1);
	sigaddset(&sa.sa_mask, R2);
	sigaddset(&sa.sa_mask, SIGUSR1);
	sigaddset(&sa.sa_mask, SIGUSR2);
	sigaction(sig, &sa, NULL);
}

static void set_blocked(int how, int a, int b)
{
	sigset_t s;

	sigemptyset(&s);
	if (a)
		sigaddset(&s, a);
	if (b)
		sigaddset(&s, b);
	sigprocmask(how, &s, NULL);
}

static int queue(int sig, int val)
{
	union sigval v;

	v.sival_int = val;
	return sigqueue(getpid(), sig, v);
}

/* rt_sigtimedwait for sig, up to sec seconds: the signal number or -1
 * with errno. The raw call: glibc's sigtimedwait reports SI_TKILL as
 * SI_USER. */
static int wait_for(int sig, siginfo_t *si, int sec)
{
	unsigned long mask = 1UL << (sig - 1);	/* the kernel's sigset */
	struct timespec ts = { sec, 0 };

	return (int)__syscall_ret(__syscall4(SYS_rt_sigtimedwait, &mask, si, &ts, sizeof(mask)));
}

/* Take sig off the queue without waiting. */
static int take(int sig, siginfo_t *si)
{
	return wait_for(sig, si, 0);
}

static int is_pending(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigpending(&s);
	return sigismember(&s, sig);
}

/* /proc/self/status "SigQ: queued/limit": the siginfos queued for our
 * real uid; -1 when unreadable. */
static long sigq(void)
{
	char buf[4096], *p;
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n;

	if (fd < 0)
		return -1;
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	p = strstr(buf, "\nSigQ:");
	return p ? strtol(p + 6, NULL, 10) : -1;
}

static int set_sigpending_limit(long n)
{
	struct rlimit rl = { (rlim_t)n, (rlim_t)n };

	return setrlimit(RLIMIT_SIGPENDING, &rl);
}

/* ---- cases ---- */

/* Three instances of R1 and one of R2 while blocked: on unblocking, the
 * handler runs four times, R1's in the order sent, then R2. */
static void t_order(void)
{
	install(R1);
	install(R2);
	set_blocked(SIG_BLOCK, R1, R2);
	CHECK(queue(R2, 10) == 0, "sigqueue R2: %s", strerror(errno));
	for (int i = 1; i <= 3; i++)
		CHECK(queue(R1, i) == 0, "sigqueue R1 #%d: %s", i, strerror(errno));
	CHECK(nseen == 0, "delivered while blocked");
	set_blocked(SIG_UNBLOCK, R1, R2);
	CHECK(nseen == 4, "handler ran %d times, want 4", nseen);
	int want_sig[4] = { R1, R1, R1, R2 }, want_val[4] = { 1, 2, 3, 10 };
	for (int i = 0; i < 4 && i < nseen; i++)
		CHECK(seen_sig[i] == want_sig[i] && seen_val[i] == want_val[i] &&
		      seen_code[i] == SI_QUEUE && seen_pid[i] == getpid(),
		      "delivery %d: signal %d value %d code %d, want %d value %d SI_QUEUE", i,
		      seen_sig[i], seen_val[i], seen_code[i], want_sig[i], want_val[i]);
}

/* A standard signal sent twice while blocked is delivered once, with
 * the first siginfo. */
static void t_std_coalesce(void)
{
	install(SIGUSR1);
	set_blocked(SIG_BLOCK, SIGUSR1, 0);
	CHECK(queue(SIGUSR1, 1) == 0, "sigqueue: %s", strerror(errno));
	CHECK(queue(SIGUSR1, 2) == 0, "second sigqueue: %s", strerror(errno));
	set_blocked(SIG_UNBLOCK, SIGUSR1, 0);
	CHECK(nseen == 1, "handler ran %d times, want 1", nseen);
	CHECK(seen_val[0] == 1, "value %d, want the first one (1)", seen_val[0]);
}

/* kill() and tgkill() of a real-time signal queue one instance each,
 * with SI_USER and SI_TKILL; the thread's own (tgkill) comes first. */
static void t_kill_tgkill_queue(void)
{
	install(R1);
	set_blocked(SIG_BLOCK, R1, 0);
	CHECK(kill(getpid(), R1) == 0, "kill: %s", strerror(errno));
	CHECK(syscall(SYS_tgkill, getpid(), gettid(), R1) == 0, "tgkill: %s", strerror(errno));
	CHECK(kill(getpid(), R1) == 0, "kill: %s", strerror(errno));
	set_blocked(SIG_UNBLOCK, R1, 0);
	CHECK(nseen == 3, "handler ran %d times, want 3", nseen);
	CHECK(seen_code[0] == SI_TKILL && seen_code[1] == SI_USER && seen_code[2] == SI_USER,
	      "codes %d %d %d, want SI_TKILL SI_USER SI_USER", seen_code[0], seen_code[1],
	      seen_code[2]);
}

/* sigtimedwait takes one instance per call; the signal stays pending
 * until the last one is taken. */
static void t_timedwait_one_at_a_time(void)
{
	siginfo_t si;

	set_blocked(SIG_BLOCK, R1, 0);
	for (int i = 1; i <= 3; i++)
		CHECK(queue(R1, 100 + i) == 0, "sigqueue: %s", strerror(errno));
	for (int i = 1; i <= 3; i++) {
		memset(&si, 0, sizeof(si));
		int r = take(R1, &si);
		CHECK(r == R1 && si.si_value.sival_int == 100 + i && si.si_code == SI_QUEUE,
		      "take %d: %d value %d code %d", i, r, si.si_value.sival_int, si.si_code);
		CHECK(is_pending(R1) == (i < 3), "after take %d: pending %d", i, is_pending(R1));
	}
	errno = 0;
	CHECK(take(R1, &si) == -1 && errno == EAGAIN, "fourth take: errno %d, want EAGAIN", errno);
}

/* A process-directed instance and a thread-directed one: sigtimedwait in
 * the thread takes its own first, then the group's. */
static void *waiter(void *arg)
{
	siginfo_t si;
	int *vals = arg;

	for (int i = 0; i < 2; i++)
		vals[i] = wait_for(R1, &si, 10) == R1 ? si.si_code : -100;
	return NULL;
}

static volatile pid_t waiter_tid;
static volatile int both_sent;

static void *waiter_main(void *arg)
{
	waiter_tid = gettid();
	while (!both_sent)
		usleep(1000);
	return waiter(arg);
}

static void t_thread_queue(void)
{
	pthread_t th;
	int codes[2] = { 0, 0 };

	set_blocked(SIG_BLOCK, R1, 0);	/* inherited by the thread */
	CHECK(pthread_create(&th, NULL, waiter_main, codes) == 0, "pthread_create");
	while (!waiter_tid)
		usleep(1000);
	CHECK(queue(R1, 5) == 0, "sigqueue: %s", strerror(errno));
	CHECK(syscall(SYS_tgkill, getpid(), waiter_tid, R1) == 0, "tgkill: %s", strerror(errno));
	both_sent = 1;
	pthread_join(th, NULL);
	CHECK(codes[0] == SI_TKILL && codes[1] == SI_QUEUE,
	      "thread took codes %d then %d, want SI_TKILL then SI_QUEUE", codes[0], codes[1]);
}

/* RLIMIT_SIGPENDING: with room for 3 more siginfos, three sigqueue()s of
 * a blocked real-time signal queue, the fourth and a tgkill fail with
 * EAGAIN; kill() of it and of a standard signal still succeed. */
static void t_limit_eagain(void)
{
	siginfo_t si;
	long base = sigq();

	CHECK(base >= 0, "no SigQ in /proc/self/status");
	set_blocked(SIG_BLOCK, R1, SIGUSR1);
	CHECK(set_sigpending_limit(base + 3) == 0, "setrlimit: %s", strerror(errno));
	for (int i = 1; i <= 3; i++)
		CHECK(queue(R1, i) == 0, "sigqueue #%d: %s", i, strerror(errno));
	CHECK(sigq() == base + 3, "SigQ %ld, want %ld", sigq(), base + 3);
	errno = 0;
	CHECK(queue(R1, 4) == -1 && errno == EAGAIN, "fourth sigqueue: errno %d, want EAGAIN", errno);
	errno = 0;
	CHECK(syscall(SYS_tgkill, getpid(), gettid(), R1) == -1 && errno == EAGAIN,
	      "tgkill past the limit: errno %d, want EAGAIN", errno);
	CHECK(kill(getpid(), R1) == 0, "kill of an rt signal past the limit: %s", strerror(errno));
	CHECK(kill(getpid(), SIGUSR1) == 0, "kill of SIGUSR1 past the limit: %s", strerror(errno));
	/* The three queued come out in order; the kill()ed instance had no
	 * room for its siginfo and merged with them. */
	for (int i = 1; i <= 3; i++) {
		int r = take(R1, &si);
		CHECK(r == R1 && si.si_value.sival_int == i, "take %d: %d value %d", i, r,
		      si.si_value.sival_int);
	}
	errno = 0;
	CHECK(take(R1, &si) == -1 && errno == EAGAIN, "a fourth instance: errno %d", errno);
	CHECK(take(SIGUSR1, &si) == SIGUSR1 && si.si_code == SI_USER && si.si_pid == getpid(),
	      "SIGUSR1 code %d pid %d, want SI_USER from us (kill() siginfo is kept)", si.si_code,
	      si.si_pid);
	CHECK(sigq() == base, "SigQ %ld after taking all, want %ld", sigq(), base);
	CHECK(queue(R1, 9) == 0, "sigqueue with room again: %s", strerror(errno));
	CHECK(take(R1, &si) == R1 && si.si_value.sival_int == 9, "value %d", si.si_value.sival_int);
}

/* At the limit a standard signal from sigqueue is still sent, but its
 * siginfo is lost: it reads SI_USER from pid 0. */
static void t_limit_std_lost(void)
{
	siginfo_t si;
	long base = sigq();

	set_blocked(SIG_BLOCK, SIGUSR2, 0);
	CHECK(set_sigpending_limit(base) == 0, "setrlimit: %s", strerror(errno));
	CHECK(queue(SIGUSR2, 77) == 0, "sigqueue of SIGUSR2 at the limit: %s", strerror(errno));
	CHECK(is_pending(SIGUSR2), "SIGUSR2 not pending");
	memset(&si, 0xff, sizeof(si));
	CHECK(take(SIGUSR2, &si) == SIGUSR2, "take: %s", strerror(errno));
	CHECK(si.si_code == SI_USER && si.si_pid == 0 && si.si_uid == 0,
	      "code %d pid %d uid %d, want SI_USER 0 0 (siginfo lost)", si.si_code, si.si_pid,
	      (int)si.si_uid);
}

/* Ignoring a signal throws its queued instances away (and their count). */
static void t_ignore_flushes(void)
{
	long base = sigq();

	set_blocked(SIG_BLOCK, R1, 0);
	for (int i = 0; i < 5; i++)
		CHECK(queue(R1, i) == 0, "sigqueue: %s", strerror(errno));
	CHECK(sigq() == base + 5, "SigQ %ld, want %ld", sigq(), base + 5);
	signal(R1, SIG_IGN);
	CHECK(!is_pending(R1), "still pending after SIG_IGN");
	CHECK(sigq() == base, "SigQ %ld after SIG_IGN, want %ld", sigq(), base);
	signal(R1, SIG_DFL);
	install(R1);
	set_blocked(SIG_UNBLOCK, R1, 0);
	CHECK(nseen == 0, "%d instances survived SIG_IGN", nseen);
}

/* A process that exits with siginfos queued (its own, its group's and a
 * thread's) gives back their count. */
static void *sleeper(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void t_exit_frees(void)
{
	long base = sigq();
	int st;
	int p[2];

	CHECK(pipe(p) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		pthread_t th;
		set_blocked(SIG_BLOCK, R1, R2);
		pthread_create(&th, NULL, sleeper, NULL);
		for (int i = 0; i < 20; i++) {
			queue(R1, i);
			syscall(SYS_tgkill, getpid(), gettid(), R2);
		}
		write(p[1], "x", 1);
		for (;;)
			pause();
	}
	char c;
	CHECK(read(p[0], &c, 1) == 1, "child did not report");
	CHECK(sigq() == base + 40, "SigQ %ld with the child's queued, want %ld", sigq(), base + 40);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	CHECK(sigq() == base, "SigQ %ld after the child died, want %ld", sigq(), base);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "rtsig-order", t_order },
	{ "rtsig-std-coalesce", t_std_coalesce },
	{ "rtsig-kill-tgkill-queue", t_kill_tgkill_queue },
	{ "rtsig-timedwait-one-at-a-time", t_timedwait_one_at_a_time },
	{ "rtsig-thread-queue", t_thread_queue },
	{ "rtsig-limit-eagain", t_limit_eagain },
	{ "rtsig-limit-std-siginfo-lost", t_limit_std_lost },
	{ "rtsig-ignore-flushes", t_ignore_flushes },
	{ "rtsig-exit-frees", t_exit_frees },
};

int main(int argc, char **argv)
{
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
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid) {
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fail(cases[i].name, "case child ended with status 0x%x", st);
		} else if (WEXITSTATUS(st)) {
			failures++;
		}
	}
	return failures != 0;
}
