/* CLONE_PARENT: the child is a sibling of the caller (same parent, the
 * caller's exit signal); exit signals other than SIGCHLD need __WCLONE. */
#include "clonetest.h"

static int report_ppid(void *arg)
{
	int fd = (int)(long)arg;
	int pp = __syscall0(SYS_getppid);

	__syscall3(SYS_write, fd, &pp, sizeof(pp));
	return 4;
}

/* P forks Q; Q clones C with CLONE_PARENT (asking for exit signal
 * `sig`); C must be P's child, reaped by P without __WCLONE. */
static void sibling_case(const char *name, int sig)
{
	int p[2], cp[2], st, got = 0;	/* p: Q reports C's pid; cp: C reports */
	long c = -1;
	pid_t q;

	pipe(p);
	pipe(cp);
	q = fork();
	if (q == 0) {
		long r = clone(report_ppid, new_stack(STACK_SIZE), CLONE_PARENT | sig,
			       (void *)(long)cp[1]);

		if (r < 0)
			_exit(errno);
		write(p[1], &r, sizeof(r));
		/* Q must not see C as its child */
		_exit(raw_wait4(-1, NULL, WNOHANG | __WALL) == -ECHILD ? 0 : 66);
	}
	close(p[1]);
	close(cp[1]);
	waitpid(q, &st, 0);
	if (st != 0) {
		fail(name, "clone(CLONE_PARENT) caller status 0x%x (66: it saw the child)", st);
		return;
	}
	if (read(p[0], &c, sizeof(c)) != sizeof(c) || read(cp[0], &got, sizeof(got)) != sizeof(got)) {
		fail(name, "child did not report");
		return;
	}
	if (got != getpid()) {
		fail(name, "child's getppid %d, want the caller's parent %d", got, getpid());
		raw_wait4(c, NULL, __WALL);
		close(p[0]);
		close(cp[0]);
		return;
	}
	close(p[0]);
	close(cp[0]);
	if (raw_wait4(c, &st, 0) != c)	/* no __WCLONE: exit signal is SIGCHLD */
		fail(name, "wait4 without __WCLONE did not reap the CLONE_PARENT child");
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 4)
		fail(name, "child status 0x%x, want exit 4", st);
	else
		ok(name);
}

static void sibling(const char *name) { sibling_case(name, SIGCHLD); }
/* Linux: a CLONE_PARENT child gets the caller's exit_signal, not its own */
static void sibling_exit_signal(const char *name) { sibling_case(name, SIGUSR1); }

/* exit signal 0: only __WCLONE / __WALL waits see the child */
static int exit3(void *arg)
{
	(void)arg;
	return 3;
}

static void wclone(const char *name)
{
	int st;
	long pid = clone(exit3, new_stack(STACK_SIZE), 0, NULL), r;

	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	raw_sleep_ms(30);
	r = raw_wait4(pid, &st, WNOHANG);
	if (r != -ECHILD) {
		fail(name, "wait4 without __WCLONE on an exit-signal-0 child: %ld, want -ECHILD", r);
		raw_wait4(pid, NULL, __WALL);
		return;
	}
	r = raw_wait4(pid, &st, __WCLONE);
	if (r != pid || st != 3 << 8)
		fail(name, "wait4(__WCLONE): %ld status 0x%x", r, st);
	else
		ok(name);
}

static void wclone_skips_sigchld(const char *name)
{
	int st;
	pid_t pid = fork();
	long r;

	if (pid == 0)
		_exit(6);
	r = raw_wait4(pid, &st, __WCLONE);
	if (r != -ECHILD) {
		fail(name, "wait4(__WCLONE) on a SIGCHLD child: %ld, want -ECHILD", r);
		return;
	}
	r = raw_wait4(pid, &st, 0);
	if (r != pid || st != 6 << 8)
		fail(name, "plain wait4: %ld status 0x%x", r, st);
	else
		ok(name);
}

static void wall(const char *name)
{
	int st, seen = 0;
	long a;
	pid_t b;

	signal(SIGUSR2, SIG_IGN);	/* the clone child's exit signal */
	a = clone(exit3, new_stack(STACK_SIZE), SIGUSR2, NULL);
	b = fork();
	if (b == 0)
		_exit(3);
	if (a < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < 2; i++) {
		long r = raw_wait4(-1, &st, __WALL);

		if (r == a)
			seen |= 1;
		else if (r == b)
			seen |= 2;
		if (st != 3 << 8)
			seen |= 4;
	}
	if (seen != 3)
		fail(name, "__WALL reaped mask %d, want both children with exit 3", seen);
	else if (raw_wait4(-1, NULL, WNOHANG | __WALL) != -ECHILD)
		fail(name, "children left after two __WALL waits");
	else
		ok(name);
}

static volatile int got_sig;

static void on_usr1(int sig)
{
	got_sig = sig;
}

static void exit_signal_sent(const char *name)
{
	int st;
	long pid;

	signal(SIGUSR1, on_usr1);
	pid = clone(exit3, new_stack(STACK_SIZE), SIGUSR1, NULL);
	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	for (int i = 0; i < 500 && !got_sig; i++)
		raw_sleep_ms(2);
	raw_wait4(pid, &st, __WCLONE);
	if (got_sig != SIGUSR1)
		fail(name, "the parent did not get the child's exit signal SIGUSR1");
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "cloneparent-sibling", sibling },
	{ "cloneparent-inherits-exit-signal", sibling_exit_signal },
	{ "clonewait-exitsig0-needs-wclone", wclone },
	{ "clonewait-wclone-skips-sigchld", wclone_skips_sigchld },
	{ "clonewait-wall", wall },
	{ "clonewait-exit-signal-sent", exit_signal_sent },
};

int main(void)
{
	return RUN(cases);
}
