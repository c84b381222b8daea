/* CLONE_SIGHAND: signal dispositions are shared with the child or copied;
 * the blocked mask is per thread either way. */
#include "clonetest.h"

static volatile int hits;

static void on_usr1(int sig)
{
	(void)sig;
	hits++;
}

static int child_set_handler(void *arg)
{
	struct sigaction sa = { 0 };

	(void)arg;
	sa.sa_handler = on_usr1;
	return __syscall4(SYS_rt_sigaction, SIGUSR1, &sa, 0, 8) == 0 ? 0 : 1;
}

static sighandler_t current_handler(int sig)
{
	struct sigaction old = { 0 };

	__syscall4(SYS_rt_sigaction, sig, 0, &old, 8);
	return old.sa_handler;
}

static int run(const char *name, int (*fn)(void *), int flags, void *arg)
{
	int st;
	long pid = clone(fn, new_stack(STACK_SIZE), flags | SIGCHLD, arg);

	if (pid < 0) {
		fail(name, "clone(0x%x): %s", flags, strerror(errno));
		return -1;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "waitpid: status 0x%x %s", st, strerror(errno));
		return -1;
	}
	return 0;
}

static void shared(const char *name)
{
	signal(SIGUSR1, SIG_DFL);
	if (run(name, child_set_handler, CLONE_VM | CLONE_SIGHAND, NULL) != 0)
		return;
	if (current_handler(SIGUSR1) != on_usr1) {
		fail(name, "handler installed by the CLONE_SIGHAND child not seen by the parent");
		return;
	}
	hits = 0;
	raise(SIGUSR1);
	if (hits != 1)
		fail(name, "shared handler ran %d times in the parent, want 1", hits);
	else
		ok(name);
}

static void copied_vm(const char *name)
{
	signal(SIGUSR1, SIG_DFL);
	if (run(name, child_set_handler, CLONE_VM, NULL) != 0)
		return;
	if (current_handler(SIGUSR1) != SIG_DFL)
		fail(name, "handler installed by a child without CLONE_SIGHAND leaked to the parent");
	else
		ok(name);
}

static void copied_fork(const char *name)
{
	signal(SIGUSR1, SIG_DFL);
	if (run(name, child_set_handler, 0, NULL) != 0)
		return;
	if (current_handler(SIGUSR1) != SIG_DFL)
		fail(name, "handler installed by a forked child leaked to the parent");
	else
		ok(name);
}

/* a child inherits (a copy of) the dispositions */
static int child_report_ign(void *arg)
{
	(void)arg;
	return current_handler(SIGUSR2) == SIG_IGN ? 0 : 1;
}

static void inherited(const char *name)
{
	signal(SIGUSR2, SIG_IGN);
	if (run(name, child_report_ign, 0, NULL) == 0 &&
	    run(name, child_report_ign, CLONE_VM | CLONE_SIGHAND, NULL) == 0)
		ok(name);
	signal(SIGUSR2, SIG_DFL);
}

/* the parent changes the shared table while the child waits; the child
 * then sends itself SIGUSR1 and must run the handler */
static volatile int go;

static int child_wait_raise(void *arg)
{
	(void)arg;
	while (!go)
		raw_sleep_ms(1);
	__syscall3(SYS_tgkill, getpid(), gettid(), SIGUSR1);
	return hits == 1 ? 0 : 3;
}

static void parent_change_seen(const char *name)
{
	int st;
	long pid;

	signal(SIGUSR1, SIG_DFL);
	hits = 0;
	go = 0;
	pid = clone(child_wait_raise, new_stack(STACK_SIZE), CLONE_VM | CLONE_SIGHAND | SIGCHLD,
		    NULL);
	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	signal(SIGUSR1, on_usr1);
	go = 1;
	waitpid(pid, &st, 0);
	if (WIFSIGNALED(st) && WTERMSIG(st) == SIGUSR1)
		fail(name, "child killed by SIGUSR1: it did not see the parent's new handler");
	else if (st != 0)
		fail(name, "child status 0x%x", st);
	else
		ok(name);
}

/* CLONE_SIGHAND without CLONE_VM is EINVAL (also in clonebad) */
static void needs_vm(const char *name)
{
	long r = raw_clone(CLONE_SIGHAND | SIGCHLD, 0, 0, 0, 0);

	if (r == 0)
		_exit(99);
	if (r > 0) {
		raw_wait4(r, 0, 0);
		fail(name, "clone(CLONE_SIGHAND) without CLONE_VM succeeded");
	} else if (r != -EINVAL)
		fail(name, "got %ld, want -EINVAL", r);
	else
		ok(name);
}

/* clone3 CLONE_CLEAR_SIGHAND: handlers reset to SIG_DFL in the child,
 * SIG_IGN kept */
static void clear_sighand(const char *name)
{
	struct clone_args ca = { 0 };
	int st;
	long pid;

	signal(SIGUSR1, on_usr1);
	signal(SIGUSR2, SIG_IGN);
	ca.flags = CLONE_CLEAR_SIGHAND;
	ca.exit_signal = SIGCHLD;
	pid = __clone3(&ca, sizeof(ca), NULL, NULL);
	if (pid == 0) {
		if (current_handler(SIGUSR1) != SIG_DFL)
			_exit(1);
		if (current_handler(SIGUSR2) != SIG_IGN)
			_exit(2);
		_exit(0);
	}
	if (pid < 0) {
		fail(name, "clone3(CLONE_CLEAR_SIGHAND): %ld", pid);
		return;
	}
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child status 0x%x (1: handler kept, 2: SIG_IGN lost)", st);
	else if (current_handler(SIGUSR1) != on_usr1)
		fail(name, "parent's handler was reset");
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "clonesighand-shared", shared },
	{ "clonesighand-copied-vm", copied_vm },
	{ "clonesighand-copied-fork", copied_fork },
	{ "clonesighand-inherited", inherited },
	{ "clonesighand-parent-change-seen", parent_change_seen },
	{ "clonesighand-needs-vm", needs_vm },
	{ "clonesighand-clone3-clear-sighand", clear_sighand },
};

int main(void)
{
	return RUN(cases);
}
