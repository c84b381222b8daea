/*
 * Terminal job control on the console, as Linux: a session leader takes
 * the console (TIOCSCTTY) and picks its foreground group (TIOCSPGRP);
 * background groups of that session are stopped with SIGTTIN when they
 * read and SIGTTOU when they change settings or (TOSTOP) write; ignoring
 * or blocking the signal gives EIO for a read and lets the rest through;
 * an orphaned group gets EIO; TIOCNOTTY hangs up the foreground group.
 *
 * The console is put in raw mode with VMIN 0 for the test, so a read that
 * is wrongly let through returns 0 at once instead of waiting for input
 * nobody types: a missing stop shows as an exit, not a hang.
 */
#include <poll.h>
#include <signal.h>
#include <sys/ioctl.h>
#include <sys/wait.h>
#include <termios.h>
#include "check.h"

static struct termios saved;

/* Forks a job in a process group of its own; it runs fn and exits with
 * what fn returns. */
static pid_t job(int (*fn)(void))
{
	pid_t pid = fork();

	if (pid == 0) {
		setpgid(0, 0);
		_exit(fn());
	}
	if (pid > 0)
		setpgid(pid, pid);	/* both sides, so neither races the other */
	return pid;
}

/* Waits for pid to stop or end; returns the wait status, -1 on error. */
static int wait_stop(pid_t pid)
{
	int st;

	if (waitpid(pid, &st, WUNTRACED) != pid)
		return -1;
	return st;
}

static void kill_reap(pid_t pid)
{
	kill(pid, SIGKILL);
	waitpid(pid, NULL, 0);
}

static int read_one(void)
{
	char c;

	return read(0, &c, 1) == 0 ? 0 : 1;
}

static int read_expect_eio(void)
{
	char c;

	return read(0, &c, 1) == -1 && errno == EIO ? 0 : 1;
}

static int read_ignoring_ttin(void)
{
	signal(SIGTTIN, SIG_IGN);
	return read_expect_eio();
}

static int read_blocking_ttin(void)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, SIGTTIN);
	sigprocmask(SIG_BLOCK, &s, NULL);
	return read_expect_eio();
}

static int set_termios(void)
{
	struct termios t;

	return tcgetattr(0, &t) == 0 && tcsetattr(0, TCSANOW, &t) == 0 ? 0 : 1;
}

static int set_termios_ignoring_ttou(void)
{
	signal(SIGTTOU, SIG_IGN);
	return set_termios();
}

static int set_pgrp_self(void)
{
	return tcsetpgrp(0, getpgrp()) == 0 ? 0 : 1;
}

/* To the terminal itself (stdin is the console, open for writing too). */
static int write_one(void)
{
	return write(0, "\n", 1) == 1 ? 0 : 1;
}

static int take_ctty(void)
{
	return ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM ? 0 : 1;
}

static int wait_for_hangup(void)
{
	for (;;)
		pause();
	return 1;
}

/* A background job stopped by sig, as wait4 reports it. */
static void expect_stop(const char *name, int (*fn)(void), int sig)
{
	pid_t pid = job(fn);
	int st = wait_stop(pid);

	if (!(st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == sig))
		fail(name, "wait status %#x, want stopped by %d", st, sig);
	else
		ok(name);
	kill_reap(pid);
}

/* A background job that runs to the end and exits 0. */
static void expect_pass(const char *name, int (*fn)(void))
{
	pid_t pid = job(fn);
	int st = wait_stop(pid);

	if (!(st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0)) {
		fail(name, "wait status %#x, want exit 0", st);
		if (st >= 0 && WIFSTOPPED(st))
			kill_reap(pid);
	} else {
		ok(name);
	}
}

static void ctty(const char *name)
{
	CHECK(name, tcgetpgrp(0) == getpgrp(), "foreground %d, want the leader's %d", tcgetpgrp(0),
	      getpgrp());
	CHECK(name, ioctl(0, TIOCSCTTY, 0) == 0, "again by the owner: %s", strerror(errno));
	ok(name);
}

/* Stopped by SIGTTIN, continued in the foreground: the read restarts and
 * goes through (VMIN 0: returns 0). Taking the console back from the
 * background needs SIGTTOU ignored, as shells do. */
static void ttin_then_fg(const char *name)
{
	pid_t pid = job(read_one);
	int st = wait_stop(pid);

	if (!(st >= 0 && WIFSTOPPED(st) && WSTOPSIG(st) == SIGTTIN)) {
		fail(name, "wait status %#x, want stopped by SIGTTIN", st);
		kill_reap(pid);
		return;
	}
	CHECK(name, tcsetpgrp(0, pid) == 0, "tcsetpgrp to the job: %s", strerror(errno));
	kill(pid, SIGCONT);
	st = wait_stop(pid);
	signal(SIGTTOU, SIG_IGN);
	int r = tcsetpgrp(0, getpgrp());
	signal(SIGTTOU, SIG_DFL);
	CHECK(name, r == 0, "taking the console back: %s", strerror(errno));
	CHECK(name, st >= 0 && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "after fg: wait status %#x, want exit 0 (the read restarted)", st);
	ok(name);
}

/* The state letter of pid in /proc/PID/stat ('T': stopped), '?' if none. */
static char proc_state(pid_t pid)
{
	char path[64], buf[256], *p;
	int fd, n;

	snprintf(path, sizeof(path), "/proc/%d/stat", pid);
	if ((fd = open(path, O_RDONLY)) < 0)
		return '?';
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	buf[n > 0 ? n : 0] = 0;
	p = strrchr(buf, ')');
	return p && p[1] == ' ' ? p[2] : '?';
}

/* An orphaned group (its only member's parent has exited) gets EIO
 * instead of a stop nobody could end. The reader sends its pid, then
 * its verdict; a reader that stops instead fails the case at once. */
static void orphan_eio(const char *name)
{
	struct pollfd pfd;
	int fds[2];
	pid_t g = 0;
	char res = '?';

	CHECK(name, pipe(fds) == 0, "pipe");
	pid_t mid = fork();
	if (mid == 0) {
		mid = getpid();
		if (fork() == 0) {
			pid_t me = getpid();
			setpgid(0, 0);
			close(fds[0]);
			write(fds[1], &me, sizeof(me));
			while (getppid() == mid)	/* until re-parented */
				usleep(1000);
			char c;
			ssize_t n = read(0, &c, 1);
			res = n == -1 && errno == EIO ? 'E' : 'x';
			write(fds[1], &res, 1);
			_exit(0);
		}
		_exit(0);
	}
	close(fds[1]);
	waitpid(mid, NULL, 0);
	CHECK(name, read(fds[0], &g, sizeof(g)) == sizeof(g), "no pid from the reader");
	pfd.fd = fds[0];
	pfd.events = POLLIN;
	/* A broken kernel may also loop restarting the read: give up after
	 * a minute, far beyond the milliseconds the answer takes. */
	for (int i = 0; i < 60 && poll(&pfd, 1, 1000) == 0 && proc_state(g) != 'T'; i++)
		;
	if (!poll(&pfd, 1, 0)) {
		fail(name, "the orphaned reader %s", proc_state(g) == 'T' ? "was stopped" :
		     "did not answer in 60 s");
		kill(g, SIGKILL);
		close(fds[0]);
		return;
	}
	ssize_t n = read(fds[0], &res, 1);
	close(fds[0]);
	CHECK(name, n == 1 && res == 'E', "orphaned reader: %s", n == 1 ? "no EIO" : "no answer");
	ok(name);
}

static void spgrp_errors(const char *name)
{
	CHECK_ERR(name, tcsetpgrp(0, -1), EINVAL);
	CHECK_ERR(name, tcsetpgrp(0, 0x3ffffff), ESRCH);
	CHECK_ERR(name, tcsetpgrp(0, 1), EPERM);	/* init: another session */
	ok(name);
}

/* TIOCNOTTY by the leader: the foreground job gets SIGHUP, the console is
 * free (a background read is not stopped any more). */
static void notty(const char *name)
{
	pid_t pid = job(wait_for_hangup);

	CHECK(name, tcsetpgrp(0, pid) == 0, "tcsetpgrp: %s", strerror(errno));
	signal(SIGHUP, SIG_IGN);
	signal(SIGTTOU, SIG_IGN);
	int r = ioctl(0, TIOCNOTTY);
	signal(SIGTTOU, SIG_DFL);
	int st = wait_stop(pid);
	CHECK(name, r == 0, "TIOCNOTTY: %s", strerror(errno));
	CHECK(name, st >= 0 && WIFSIGNALED(st) && WTERMSIG(st) == SIGHUP,
	      "foreground job: wait status %#x, want killed by SIGHUP", st);
	expect_pass("ttyjob-notty-free", read_one);
	ok(name);
}

/* The session leader's part: everything that needs the console. */
static int leader(void)
{
	struct termios t;

	if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) < 0) {
		fail("ttyjob-ctty", "setsid/TIOCSCTTY: %s", strerror(errno));
		return 1;
	}
	t = saved;
	t.c_lflag &= ~(ICANON | ECHO);
	t.c_cc[VMIN] = 0;
	tcsetattr(0, TCSANOW, &t);

	ctty("ttyjob-ctty");
	expect_pass("ttyjob-ctty-nonleader", take_ctty);
	expect_stop("ttyjob-ttin-stop", read_one, SIGTTIN);
	ttin_then_fg("ttyjob-ttin-fg");
	expect_pass("ttyjob-ttin-ignored-eio", read_ignoring_ttin);
	expect_pass("ttyjob-ttin-blocked-eio", read_blocking_ttin);
	expect_stop("ttyjob-ttou-tcsetattr", set_termios, SIGTTOU);
	expect_pass("ttyjob-ttou-ignored", set_termios_ignoring_ttou);
	expect_stop("ttyjob-ttou-tcsetpgrp", set_pgrp_self, SIGTTOU);
	expect_pass("ttyjob-write-no-tostop", write_one);
	t.c_lflag |= TOSTOP;
	tcsetattr(0, TCSANOW, &t);
	expect_stop("ttyjob-tostop", write_one, SIGTTOU);
	t.c_lflag &= ~TOSTOP;
	tcsetattr(0, TCSANOW, &t);
	orphan_eio("ttyjob-orphan-eio");
	spgrp_errors("ttyjob-tcsetpgrp-errors");
	notty("ttyjob-notty");
	tcsetattr(0, TCSANOW, &saved);
	return failures ? 1 : 0;
}

/* Takes the console for a new session and exits at once: its claim ends
 * with it. */
static int claim_and_exit(void)
{
	return setsid() > 0 && ioctl(0, TIOCSCTTY, 0) == 0 ? 0 : 1;
}

/* In a session of its own while the caller's session has the console:
 * TIOCSCTTY 0 fails, 1 (root) steals it; then gives it up again. */
static int steal(void)
{
	if (setsid() < 0)
		return 1;
	if (!(ioctl(0, TIOCSCTTY, 0) == -1 && errno == EPERM))
		return 2;
	if (ioctl(0, TIOCSCTTY, 1) != 0)
		return 3;
	signal(SIGHUP, SIG_IGN);	/* we are the foreground group */
	return ioctl(0, TIOCNOTTY) == 0 ? 0 : 4;
}

static int run(int (*fn)(void))
{
	int st;
	pid_t pid = fork();

	if (pid == 0)
		_exit(fn());
	if (pid < 0 || waitpid(pid, &st, 0) != pid)
		return -1;
	return WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
}

/* A session leader that holds the console and has another session try. */
static int hold_and_steal(void)
{
	if (setsid() < 0 || ioctl(0, TIOCSCTTY, 0) != 0)
		return 10;
	return run(steal);
}

static void claim(const char *name)
{
	int r;

	CHECK(name, (r = run(claim_and_exit)) == 0, "first claim: %d", r);
	/* Its leader is gone: the console is free for the next one. */
	CHECK(name, (r = run(hold_and_steal)) == 0,
	      "%d (10: not free after the last leader exited; 2: not busy while held; "
	      "3: no steal with arg 1; 4: TIOCNOTTY)", r);
	ok(name);
}

int main(void)
{
	int st;

	if (tcgetattr(0, &saved) < 0) {
		fail("ttyjob", "stdin is not the console: %s", strerror(errno));
		return 1;
	}
	pid_t pid = fork();
	if (pid == 0)
		_exit(leader());
	waitpid(pid, &st, 0);
	tcsetattr(0, TCSANOW, &saved);
	if (!WIFEXITED(st))
		fail("ttyjob", "session leader died: wait status %#x", st);
	claim("ttyjob-session-ends");
	return failures || !WIFEXITED(st) || WEXITSTATUS(st) ? 1 : 0;
}
