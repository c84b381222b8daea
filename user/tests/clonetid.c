/* CLONE_PARENT_SETTID / CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID /
 * CLONE_SETTLS and set_tid_address, via clone and clone3. */
#include "clonetest.h"

static long get_tp(void)
{
	long tp;

#if defined(__x86_64__)	/* native build for tests/difftest: the TLS base is fs */
	if (__syscall2(SYS_arch_prctl, 0x1003 /* ARCH_GET_FS */, &tp) != 0)
		tp = -1;
#else
	__asm__ volatile("mv %0, tp" : "=r"(tp));
#endif
	return tp;
}

struct rep {
	volatile int tid;
	volatile long tp;
	volatile int ctid_seen;
};

static volatile int ctid, ptid;
static struct rep rep;

static int child_report(void *arg)
{
	(void)arg;
	rep.tid = __syscall0(SYS_gettid);
	rep.tp = get_tp();
	rep.ctid_seen = ctid;
	return 0;
}

static long run(const char *name, int flags, void *tls)
{
	int st;
	long pid;

	memset((void *)&rep, 0, sizeof(rep));
	pid = clone(child_report, new_stack(STACK_SIZE), flags | SIGCHLD, NULL, &ptid, tls, &ctid);
	if (pid < 0) {
		fail(name, "clone(0x%x): %s", flags, strerror(errno));
		return -1;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "waitpid: status 0x%x %s", st, strerror(errno));
		return -1;
	}
	return pid;
}

static void parent_settid(const char *name)
{
	long pid;

	ptid = 0;
	pid = run(name, CLONE_VM | CLONE_PARENT_SETTID, NULL);
	if (pid < 0)
		return;
	if (ptid != pid)
		fail(name, "*parent_tid %d, clone returned %ld", ptid, pid);
	else
		ok(name);
}

static void parent_settid_fork(const char *name)
{
	/* without CLONE_VM it is still the parent's memory that is written */
	long pid;

	ptid = 0;
	pid = run(name, CLONE_PARENT_SETTID, NULL);
	if (pid < 0)
		return;
	if (ptid != pid)
		fail(name, "*parent_tid %d in the parent, clone returned %ld", ptid, pid);
	else
		ok(name);
}

static void child_settid(const char *name)
{
	long pid;

	ctid = 0;
	pid = run(name, CLONE_VM | CLONE_CHILD_SETTID, NULL);
	if (pid < 0)
		return;
	if (rep.ctid_seen != pid || ctid != pid)
		fail(name, "child saw *child_tid %d, now %d, want %ld", rep.ctid_seen, ctid, pid);
	else
		ok(name);
}

static void child_settid_fork(const char *name)
{
	/* without CLONE_VM: written in the child's copy only */
	int p[2], st, seen = -1;
	pid_t pid;

	ctid = 0;
	pipe(p);
	pid = raw_clone(CLONE_CHILD_SETTID | SIGCHLD, 0, 0, 0, (int *)&ctid);
	if (pid == 0) {
		int v = ctid;

		write(p[1], &v, sizeof(v));
		_exit(0);
	}
	if (pid < 0) {
		fail(name, "clone: %d", pid);
		return;
	}
	read(p[0], &seen, sizeof(seen));
	waitpid(pid, &st, 0);
	if (seen != pid)
		fail(name, "child's *child_tid %d, want %d", seen, pid);
	else if (ctid != 0)
		fail(name, "the parent's copy was written (%d)", ctid);
	else
		ok(name);
}

static void child_cleartid(const char *name)
{
	long pid;

	ctid = 77;
	pid = run(name, CLONE_VM | CLONE_CHILD_CLEARTID, NULL);
	if (pid < 0)
		return;
	if (rep.ctid_seen != 77 || ctid != 0)
		fail(name, "*child_tid %d while running, %d after exit; want 77 then 0",
		     rep.ctid_seen, ctid);
	else
		ok(name);
}

static void settls(const char *name)
{
	long mytp = get_tp();
	void *tls = (void *)0x123450;

	if (run(name, CLONE_VM | CLONE_SETTLS, tls) < 0)
		return;
	if (rep.tp != (long)tls)
		fail(name, "child tp %#lx, want %#lx", rep.tp, (long)tls);
	else if (get_tp() != mytp)
		fail(name, "the parent's tp changed");
	else
		ok(name);
}

static void no_settls(const char *name)
{
	if (run(name, CLONE_VM, (void *)0x999000) < 0)
		return;
	if (rep.tp != get_tp())
		fail(name, "child tp %#lx without CLONE_SETTLS, want the parent's %#lx", rep.tp,
		     get_tp());
	else
		ok(name);
}

/* set_tid_address: returns the tid; the word is cleared at exit */
static volatile int tidword;

static int child_set_tid_address(void *arg)
{
	long r;

	(void)arg;
	tidword = 5;
	r = __syscall1(SYS_set_tid_address, &tidword);
	return r == __syscall0(SYS_gettid) ? 0 : 1;
}

static void set_tid_address(const char *name)
{
	int st;
	long pid = clone(child_set_tid_address, new_stack(STACK_SIZE), CLONE_VM | SIGCHLD, NULL);

	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		fail(name, "clone/wait: %s", strerror(errno));
		return;
	}
	if (st != 0)
		fail(name, "set_tid_address did not return the tid");
	else if (tidword != 0)
		fail(name, "tid word %d after exit, want 0", tidword);
	else
		ok(name);
}

/* bad CHILD_SETTID / CHILD_CLEARTID pointers: Linux ignores the fault */
/* cleave deviation (documented in kernel/fork.c): a tid pointer the kernel
 * cannot write fails the clone with EFAULT before anything is created;
 * Linux creates the child and silently drops the write. */
static void bad_child_ptrs(const char *name)
{
	long pid = raw_clone(CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID | SIGCHLD, 0, 0, 0,
			     (int *)8);

	if (pid == 0)
		_exit(12);
	if (pid > 0) {
		waitpid(pid, 0, 0);
		fail(name, "clone with an unmapped child_tid made child %ld, want -EFAULT", pid);
	} else if (pid != -EFAULT) {
		fail(name, "clone with an unmapped child_tid: %ld, want -EFAULT", pid);
	} else if (raw_wait4(-1, 0, WNOHANG) != -ECHILD) {
		fail(name, "a child was left behind");
	} else {
		ok(name);
	}
}

/* clone3: the same fields through struct clone_args */
static int c3_child(void *arg)
{
	(void)arg;
	rep.tid = __syscall0(SYS_gettid);
	rep.tp = get_tp();
	rep.ctid_seen = ctid;
	return 0;
}

static void clone3_tids(const char *name)
{
	struct clone_args ca = { 0 };
	char *stk = (char *)new_stack(STACK_SIZE) - STACK_SIZE;
	long pid;
	int st;

	ctid = 0;
	ptid = 0;
	ca.flags = CLONE_VM | CLONE_PARENT_SETTID | CLONE_CHILD_SETTID | CLONE_SETTLS;
	ca.exit_signal = SIGCHLD;
	ca.parent_tid = (unsigned long)&ptid;
	ca.child_tid = (unsigned long)&ctid;
	ca.tls = 0x55aa00;
	ca.stack = (unsigned long)stk;
	ca.stack_size = STACK_SIZE;
	memset((void *)&rep, 0, sizeof(rep));
	pid = __clone3(&ca, sizeof(ca), c3_child, NULL);
	if (pid < 0) {
		fail(name, "clone3: %ld", pid);
		return;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "waitpid: status 0x%x", st);
		return;
	}
	if (ptid != pid || rep.ctid_seen != pid || rep.tid != pid)
		fail(name, "parent_tid %d child_tid %d gettid %d, clone3 returned %ld", ptid,
		     rep.ctid_seen, rep.tid, pid);
	else if (rep.tp != 0x55aa00)
		fail(name, "tp %#lx, want 0x55aa00", rep.tp);
	else
		ok(name);
}

/* clone3 stack + stack_size: the child's sp starts at stack + stack_size */
static volatile unsigned long child_sp;

static int c3_sp(void *arg)
{
	unsigned long sp;

	(void)arg;
#if defined(__x86_64__)	/* native build for tests/difftest */
	__asm__ volatile("mov %%rsp, %0" : "=r"(sp));
#else
	__asm__ volatile("mv %0, sp" : "=r"(sp));
#endif
	child_sp = sp;
	return 0;
}

static void clone3_stack(const char *name)
{
	struct clone_args ca = { 0 };
	char *stk = (char *)new_stack(STACK_SIZE) - STACK_SIZE;
	unsigned long top = (unsigned long)stk + STACK_SIZE;
	long pid;
	int st;

	ca.flags = CLONE_VM;
	ca.exit_signal = SIGCHLD;
	ca.stack = (unsigned long)stk;
	ca.stack_size = STACK_SIZE;
	pid = __clone3(&ca, sizeof(ca), c3_sp, NULL);
	if (pid < 0) {
		fail(name, "clone3: %ld", pid);
		return;
	}
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child status 0x%x", st);
	else if (child_sp > top || child_sp < top - 4096)
		fail(name, "child sp %#lx, stack [%#lx, %#lx)", child_sp, (unsigned long)stk, top);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "clonetid-parent-settid", parent_settid },
	{ "clonetid-parent-settid-fork", parent_settid_fork },
	{ "clonetid-child-settid", child_settid },
	{ "clonetid-child-settid-fork", child_settid_fork },
	{ "clonetid-child-cleartid", child_cleartid },
	{ "clonetid-settls", settls },
	{ "clonetid-no-settls-inherits-tp", no_settls },
	{ "clonetid-set-tid-address", set_tid_address },
	{ "clonetid-bad-child-ptrs-efault", bad_child_ptrs },
	{ "clonetid-clone3-tids-tls", clone3_tids },
	{ "clonetid-clone3-stack", clone3_stack },
};

int main(void)
{
	return RUN(cases);
}
