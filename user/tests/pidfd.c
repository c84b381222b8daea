/* Process file descriptors: pidfd_open, CLONE_PIDFD (clone and clone3),
 * pidfd_send_signal, pidfd_getfd, waitid(P_PIDFD) and poll. Portable
 * (difftest runs it on the host's Linux too) except pidfd-no-leak, which
 * reads cleave's /proc/meminfo and lowers RLIMIT_NPROC (root is exempt
 * on Linux).
 *
 * A table of named cases, each in its own child. Waits are bounded by
 * poll timeouts of 10 s that only a broken kernel reaches. */
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/wait.h>
#include "check.h"

#ifndef PIDFD_NONBLOCK
#define PIDFD_NONBLOCK O_NONBLOCK
#endif
#ifndef P_PIDFD
#define P_PIDFD 3
#endif

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

/* Raw calls: -errno on failure. */
static long p_open(pid_t pid, unsigned flags)
{
	return __syscall2(SYS_pidfd_open, pid, flags);
}

static long p_signal(int fd, int sig, siginfo_t *info, unsigned flags)
{
	return __syscall4(SYS_pidfd_send_signal, fd, sig, info, flags);
}

static long p_getfd(int fd, int target, unsigned flags)
{
	return __syscall3(SYS_pidfd_getfd, fd, target, flags);
}

static long p_waitid(int fd, siginfo_t *si, int options)
{
	memset(si, 0, sizeof(*si));
	return __syscall5(SYS_waitid, P_PIDFD, fd, si, options, 0);
}

/* poll one fd: its revents, 0 on timeout. */
static int poll1(int fd, int ms)
{
	struct pollfd p = { fd, POLLIN, 0 };
	int r = poll(&p, 1, ms);
	return r == 1 ? p.revents : r;
}

/* A child that waits until the write end of *gate closes, then exits
 * with code. */
static pid_t gated_child(int gate[2], int code)
{
	char c;

	if (pipe(gate) < 0)
		return -1;
	pid_t pid = fork();
	if (pid == 0) {
		close(gate[1]);
		while (read(gate[0], &c, 1) > 0)
			;
		_exit(code);
	}
	close(gate[0]);
	return pid;
}

/* The "Pid:" of /proc/self/fdinfo/FD; -100 if there is none. */
static int fdinfo_pid(int fd)
{
	char path[64], buf[512];
	int n, pid = -100;

	snprintf(path, sizeof(path), "/proc/self/fdinfo/%d", fd);
	int f = open(path, O_RDONLY);
	if (f < 0)
		return -100;
	n = read(f, buf, sizeof(buf) - 1);
	close(f);
	if (n <= 0)
		return -100;
	buf[n] = 0;
	char *p = strstr(buf, "\nPid:\t");
	if (p)
		pid = atoi(p + 6);
	return pid;
}

/* The lowest descriptor not open now (the next one a call gets). */
static int next_fd(void)
{
	int fd = dup(0);
	close(fd);
	return fd;
}

static void t_open_basic(void)
{
	int gate[2];
	siginfo_t si;
	pid_t pid = gated_child(gate, 3);
	long fd = p_open(pid, 0);

	CHECK(fd >= 0, "pidfd_open: %ld", fd);
	CHECK(fcntl(fd, F_GETFD) == FD_CLOEXEC, "not close-on-exec");
	CHECK(poll1(fd, 0) == 0, "readable while the process lives");
	CHECK(fdinfo_pid(fd) == pid, "fdinfo Pid: %d, want %d", fdinfo_pid(fd), pid);
	CHECK(p_signal(fd, 0, NULL, 0) == 0, "signal 0: %ld", p_signal(fd, 0, NULL, 0));
	close(gate[1]);
	int rev = poll1(fd, 10000);
	CHECK(rev == POLLIN, "after exit: revents 0x%x, want POLLIN", rev);
	CHECK(p_waitid(fd, &si, WEXITED) == 0, "waitid(P_PIDFD) failed");
	CHECK(si.si_pid == pid && si.si_code == CLD_EXITED && si.si_status == 3,
	      "waitid: pid %d code %d status %d, want %d CLD_EXITED 3", si.si_pid, si.si_code, si.si_status,
	      pid);
	rev = poll1(fd, 0);
	CHECK(rev == (POLLIN | POLLHUP), "after reaping: revents 0x%x, want POLLIN|POLLHUP", rev);
	CHECK(fdinfo_pid(fd) == -1, "fdinfo Pid after reaping: %d, want -1", fdinfo_pid(fd));
	CHECK(p_signal(fd, SIGKILL, NULL, 0) == -ESRCH, "signal after reaping: %ld",
	      p_signal(fd, SIGKILL, NULL, 0));
	CHECK(p_waitid(fd, &si, WEXITED | WNOHANG) == -ECHILD, "waitid after reaping: not ECHILD");
	close(fd);
}

static void t_kill(void)
{
	siginfo_t si;
	pid_t pid = fork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	long fd = p_open(pid, 0);
	CHECK(fd >= 0, "pidfd_open: %ld", fd);
	CHECK(p_signal(fd, SIGKILL, NULL, 0) == 0, "pidfd_send_signal failed");
	CHECK(p_waitid(fd, &si, WEXITED) == 0 && si.si_code == CLD_KILLED && si.si_status == SIGKILL,
	      "waitid: code %d status %d, want CLD_KILLED SIGKILL", si.si_code, si.si_status);
}

/* A poller asleep on a pidfd is woken by the exit itself. The poller is
 * not the child's parent (a parent may be woken by its SIGCHLD), and the
 * child has closed every descriptor (a pipe's close would wake pollers
 * too) and dies of its own ITIMER_REAL 200 ms later, while the poller
 * sleeps (a slow host that gets it there later only makes the exit come
 * first, and the check weaker, never wrong). */
static void t_poll_wakes(void)
{
	siginfo_t si;
	int st;
	pid_t pid = fork();

	if (pid == 0) {
		struct itimerval v = { { 0, 0 }, { 0, 200000 } };
		for (int fd = 0; fd < 64; fd++)
			close(fd);
		setitimer(ITIMER_REAL, &v, NULL);
		for (;;)
			pause();
	}
	pid_t poller = fork();
	if (poller == 0) {
		/* A timed-out poll scans once more and would see POLLIN:
		 * the wait must end well before its 30 s. */
		struct timespec a, b;
		long fd = p_open(pid, 0);
		clock_gettime(CLOCK_MONOTONIC, &a);
		int rev = fd < 0 ? -1 : poll1(fd, 30000);
		clock_gettime(CLOCK_MONOTONIC, &b);
		_exit(rev != POLLIN ? 1 : b.tv_sec - a.tv_sec >= 29 ? 2 : 0);
	}
	CHECK(waitpid(poller, &st, 0) == poller && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "poller status 0x%x (1: no POLLIN, 2: woken only by its timeout)", st);
	long fd = p_open(pid, 0);
	CHECK(p_waitid(fd, &si, WEXITED) == 0 && si.si_code == CLD_KILLED && si.si_status == SIGALRM,
	      "waitid: code %d status %d, want CLD_KILLED SIGALRM", si.si_code, si.si_status);
}

static void t_errors(void)
{
	int p[2];
	siginfo_t si;
	pid_t gone = fork();

	if (gone == 0)
		_exit(0);
	waitpid(gone, NULL, 0);
	CHECK(p_open(getpid(), 1) == -EINVAL, "flags 1: %ld", p_open(getpid(), 1));
	CHECK(p_open(0, 0) == -EINVAL, "pid 0: %ld", p_open(0, 0));
	CHECK(p_open(-1, 0) == -EINVAL, "pid -1: %ld", p_open(-1, 0));
	CHECK(p_open(gone, 0) == -ESRCH, "reaped pid: %ld", p_open(gone, 0));
	long self = p_open(getpid(), 0);
	CHECK(self >= 0, "own pid: %ld", self);

	CHECK(pipe(p) == 0, "pipe");
	CHECK(p_signal(p[0], SIGUSR1, NULL, 0) == -EBADF, "on a pipe: %ld", p_signal(p[0], SIGUSR1, NULL, 0));
	CHECK(p_signal(-1, SIGUSR1, NULL, 0) == -EBADF, "fd -1");
	CHECK(p_signal(self, 99, NULL, 0) == -EINVAL, "signal 99: %ld", p_signal(self, 99, NULL, 0));
	CHECK(p_signal(self, 0, NULL, 0x10) == -EINVAL, "flags 0x10: %ld", p_signal(self, 0, NULL, 0x10));
	CHECK(p_waitid(p[0], &si, WEXITED) == -EBADF, "waitid on a pipe: not EBADF");
	/* Our parent is not our child. */
	long parent = p_open(getppid(), 0);
	CHECK(parent >= 0, "parent's pid: %ld", parent);
	CHECK(p_waitid(parent, &si, WEXITED | WNOHANG) == -ECHILD, "waitid on a non-child: not ECHILD");
	CHECK(p_getfd(self, 0, 1) == -EINVAL, "getfd flags 1: %ld", p_getfd(self, 0, 1));
	CHECK(p_getfd(self, 987, 0) == -EBADF, "getfd of a closed fd: %ld", p_getfd(self, 987, 0));
	CHECK(p_getfd(p[0], 0, 0) == -EBADF, "getfd on a pipe: %ld", p_getfd(p[0], 0, 0));
}

/* pidfd_open of a non-leader thread id while that thread lives. */
static int hold_pipe[2];

static void *holding_thread(void *arg)
{
	char c;

	*(volatile pid_t *)arg = (pid_t)__syscall0(SYS_gettid);
	read(hold_pipe[0], &c, 1);
	return NULL;
}

static void t_thread_id(void)
{
	pthread_t th;
	volatile pid_t tid = 0;

	CHECK(pipe(hold_pipe) == 0, "pipe");
	pthread_create(&th, NULL, holding_thread, (void *)&tid);
	while (!tid)
		sched_yield();
	CHECK(p_open(tid, 0) == -ENOENT, "a live thread's id: %ld, want ENOENT", p_open(tid, 0));
	write(hold_pipe[1], "x", 1);
	pthread_join(th, NULL);
}

/* clone(CLONE_PIDFD): the fd comes back through parent_tid, close-on-exec;
 * the child does not have it. */
static void t_clone(void)
{
	int pidfd = -1, want = next_fd(), dummy = 0;
	siginfo_t si;

	long pid = __syscall5(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (pid == 0) {
		int r = fcntl(want, F_GETFD);
		__syscall1(SYS_exit_group, r == -1 && errno == EBADF ? 0 : 1);
	}
	CHECK(pid > 0, "clone: %ld", pid);
	CHECK(pidfd == want, "pidfd %d, want %d (the lowest free)", pidfd, want);
	CHECK(fcntl(pidfd, F_GETFD) == FD_CLOEXEC, "not close-on-exec");
	CHECK(p_waitid(pidfd, &si, WEXITED) == 0 && si.si_pid == pid, "waitid(P_PIDFD) failed");
	CHECK(si.si_status == 0, "the child had the pidfd too (status %d)", si.si_status);
	close(pidfd);
	CHECK(__syscall5(SYS_clone, CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, 0, &dummy, 0, 0) == -EINVAL,
	      "CLONE_PIDFD|CLONE_PARENT_SETTID: not EINVAL");
	/* Flags are checked before the pointer (Linux): EINVAL, not EFAULT. */
	CHECK(__syscall5(SYS_clone, CLONE_PIDFD | CLONE_DETACHED | SIGCHLD, 0, 0, 0, 0) == -EINVAL,
	      "CLONE_PIDFD|CLONE_DETACHED with a NULL pointer: not EINVAL");
	CHECK(__syscall5(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, 0, 0, 0) == -EFAULT,
	      "CLONE_PIDFD with a NULL pointer: not EFAULT");
	CHECK(next_fd() == want, "a failed clone left a descriptor");
}

/* clone3: the pidfd field; it may sit beside parent_tid. */
static void t_clone3(void)
{
	int pidfd = -1, ptid = 0;
	siginfo_t si;
	struct clone_args ca;

	memset(&ca, 0, sizeof(ca));
	ca.flags = CLONE_PIDFD | CLONE_PARENT_SETTID;
	ca.pidfd = (unsigned long)&pidfd;
	ca.parent_tid = (unsigned long)&ptid;
	ca.exit_signal = SIGCHLD;
	long pid = __clone3(&ca, CLONE_ARGS_SIZE_VER0, NULL, NULL);
	if (pid == 0)
		__syscall1(SYS_exit_group, 5);
	CHECK(pid > 0, "clone3: %ld", pid);
	CHECK(ptid == pid, "parent_tid %d, want %ld", ptid, pid);
	CHECK(pidfd >= 0 && p_waitid(pidfd, &si, WEXITED) == 0 && si.si_status == 5,
	      "waitid(P_PIDFD): status %d, want 5", si.si_status);
	close(pidfd);
	ca.parent_tid = (unsigned long)&pidfd;	/* both in one place */
	CHECK(__clone3(&ca, CLONE_ARGS_SIZE_VER0, NULL, NULL) == -EINVAL, "same pointer: not EINVAL");
}

/* An O_NONBLOCK pidfd: waitid without WNOHANG says EAGAIN while the
 * child runs. */
static void t_nonblock(void)
{
	int gate[2];
	siginfo_t si;
	pid_t pid = gated_child(gate, 0);
	long fd = p_open(pid, PIDFD_NONBLOCK);

	CHECK(fd >= 0 && (fcntl(fd, F_GETFL) & O_NONBLOCK), "pidfd_open(PIDFD_NONBLOCK): %ld", fd);
	CHECK(p_waitid(fd, &si, WEXITED) == -EAGAIN, "waitid on a live child: not EAGAIN");
	close(gate[1]);
	CHECK(poll1(fd, 10000) == POLLIN, "no POLLIN after exit");
	CHECK(p_waitid(fd, &si, WEXITED) == 0 && si.si_pid == pid, "waitid after exit failed");
}

/* pidfd_getfd: a copy of the child's descriptor 50, close-on-exec. */
static void t_getfd(void)
{
	int data[2], ready[2];
	char c = 0;

	CHECK(pipe(data) == 0 && pipe(ready) == 0, "pipe");
	pid_t pid = fork();
	if (pid == 0) {
		close(data[0]);
		dup2(data[1], 50);
		close(data[1]);
		write(ready[1], "r", 1);
		pause();
		_exit(0);
	}
	close(data[1]);
	CHECK(read(ready[0], &c, 1) == 1, "child not ready");
	long fd = p_open(pid, 0);
	long got = p_getfd(fd, 50, 0);
	CHECK(got >= 0, "pidfd_getfd: %ld", got);
	CHECK(fcntl(got, F_GETFD) == FD_CLOEXEC, "not close-on-exec");
	CHECK(write(got, "x", 1) == 1 && read(data[0], &c, 1) == 1 && c == 'x', "not the child's pipe");
	CHECK(p_getfd(fd, 51, 0) == -EBADF, "a descriptor the child lacks: not EBADF");
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
	CHECK(p_getfd(fd, 50, 0) == -ESRCH, "after reaping: %ld, want ESRCH", p_getfd(fd, 50, 0));
}

/* A siginfo may go to our own process (posing as SI_QUEUE), never
 * pretend to be kill() to another. */
static void t_send_info(void)
{
	siginfo_t si, got;
	sigset_t s;
	struct timespec ts = { 10, 0 };
	long self = p_open(getpid(), 0);

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_QUEUE;
	si.si_value.sival_int = 42;
	CHECK(p_signal(self, SIGUSR1, &si, 0) == 0, "to ourselves: %ld", p_signal(self, SIGUSR1, &si, 0));
	CHECK(sigtimedwait(&s, &got, &ts) == SIGUSR1 && got.si_code == SI_QUEUE && got.si_value.sival_int == 42,
	      "got code %d value %d, want SI_QUEUE 42", got.si_code, got.si_value.sival_int);
	si.si_signo = SIGUSR2;
	CHECK(p_signal(self, SIGUSR1, &si, 0) == -EINVAL, "si_signo differs: not EINVAL");
	pid_t pid = fork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	long fd = p_open(pid, 0);
	si.si_signo = SIGTERM;
	si.si_code = SI_USER;
	CHECK(p_signal(fd, SIGTERM, &si, 0) == -EPERM, "SI_USER to another process: not EPERM");
	CHECK(p_signal(fd, SIGKILL, NULL, 0) == 0, "kill");
	waitpid(pid, NULL, 0);
}

/* cleave only: a pidfd frees what it holds; a clone(CLONE_PIDFD) that
 * fails (RLIMIT_NPROC) leaves no descriptor. */
static void t_no_leak(void)
{
	long slab0 = meminfo("SlabObjects"), free0 = meminfo("PagesFree");

	CHECK(slab0 >= 0 && free0 >= 0, "no SlabObjects/PagesFree in /proc/meminfo");
	for (int round = 0; round < 3 && !bad; round++) {
		for (int i = 0; i < 50; i++) {
			int gate[2];
			pid_t pid = gated_child(gate, 0);
			long fd = p_open(pid, 0);
			close(gate[1]);
			poll1(fd, 10000);
			waitpid(pid, NULL, 0);
			close(fd);
		}
		if (meminfo("SlabObjects") <= slab0 && meminfo("PagesFree") >= free0)
			break;
	}
	CHECK(meminfo("SlabObjects") <= slab0, "SlabObjects %ld before, %ld after", slab0, meminfo("SlabObjects"));
	CHECK(meminfo("PagesFree") >= free0, "PagesFree %ld before, %ld after", free0, meminfo("PagesFree"));

	struct rlimit old, one = { 1, 1 };
	int pidfd = -1, want = next_fd();
	getrlimit(RLIMIT_NPROC, &old);
	CHECK(setrlimit(RLIMIT_NPROC, &one) == 0, "setrlimit");
	long r = __syscall5(SYS_clone, CLONE_PIDFD | SIGCHLD, 0, &pidfd, 0, 0);
	if (r == 0)
		__syscall1(SYS_exit_group, 0);
	setrlimit(RLIMIT_NPROC, &old);
	CHECK(r == -EAGAIN, "clone over RLIMIT_NPROC: %ld", r);
	CHECK(next_fd() == want, "the failed clone left descriptor %d", want);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "pidfd-open-basic", t_open_basic },
	{ "pidfd-kill", t_kill },
	{ "pidfd-poll-wakes", t_poll_wakes },
	{ "pidfd-errors", t_errors },
	{ "pidfd-thread-id", t_thread_id },
	{ "pidfd-clone", t_clone },
	{ "pidfd-clone3", t_clone3 },
	{ "pidfd-nonblock", t_nonblock },
	{ "pidfd-getfd", t_getfd },
	{ "pidfd-send-info", t_send_info },
	{ "pidfd-no-leak", t_no_leak },
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
