/* clone(2) with and without CLONE_VM: the classic vfork-style shared write,
 * a shared mm seen after waitpid, and isolation without CLONE_VM. */
#include "clonetest.h"

static volatile int shared_global;

static int set21(void *arg)
{
	*(volatile int *)arg = 21;
	return 0;
}

static void vm_vfork(const char *name)
{
	int n = 0, st;
	long pid = clone(set21, new_stack(STACK_SIZE), CLONE_VM | CLONE_VFORK | SIGCHLD, &n);

	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	/* CLONE_VFORK: the child has run and exited (or exec'd) by now */
	if (*(volatile int *)&n != 21) {
		fail(name, "n = %d right after clone returned, want 21", n);
		return;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "waitpid: status 0x%x (%s)", st, strerror(errno));
		return;
	}
	ok(name);
}

static int set42_exit7(void *arg)
{
	raw_sleep_ms(20);
	*(volatile int *)arg = 42;
	shared_global = 43;
	return 7;
}

static void vm_wait(const char *name)
{
	int n = 0, st;
	long pid;

	shared_global = 0;
	pid = clone(set42_exit7, new_stack(STACK_SIZE), CLONE_VM | SIGCHLD, &n);
	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	if (waitpid(pid, &st, 0) != pid) {
		fail(name, "waitpid: %s", strerror(errno));
		return;
	}
	if (!WIFEXITED(st) || WEXITSTATUS(st) != 7)
		fail(name, "status 0x%x, want exit 7 (SYS_exit of the only thread)", st);
	else if (*(volatile int *)&n != 42 || shared_global != 43)
		fail(name, "stack var %d / global %d after child exit, want 42 / 43", n,
		     shared_global);
	else
		ok(name);
}

static void *volatile child_map;

static int do_mmap(void *arg)
{
	char *p = mmap(NULL, 8192, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	(void)arg;
	if (p == MAP_FAILED)
		return 1;
	p[0] = 'x';
	p[4096] = 'y';
	child_map = p;
	return 0;
}

static void vm_mmap_shared(const char *name)
{
	int st;
	long pid = clone(do_mmap, new_stack(STACK_SIZE), CLONE_VM | SIGCHLD, NULL);
	char *p;

	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "clone/wait: pid %ld status 0x%x %s", pid, st, strerror(errno));
		return;
	}
	p = child_map;
	if (!p || p[0] != 'x' || p[4096] != 'y') {
		fail(name, "mapping made by the CLONE_VM child is not visible");
		return;
	}
	if (munmap(p, 8192) != 0)
		fail(name, "munmap of the child's mapping: %s", strerror(errno));
	else
		ok(name);
}

static int set99(void *arg)
{
	*(volatile int *)arg = 99;
	shared_global = 99;
	return (*(volatile int *)arg == 99) ? 0 : 1;
}

static void novm_isolated(const char *name)
{
	int n = 5, st;
	long pid;

	shared_global = 5;
	pid = clone(set99, new_stack(STACK_SIZE), SIGCHLD, &n);
	if (pid < 0 || waitpid(pid, &st, 0) != pid) {
		fail(name, "clone/wait: %s", strerror(errno));
		return;
	}
	if (st != 0)
		fail(name, "child status 0x%x", st);
	else if (n != 5 || shared_global != 5)
		fail(name, "parent sees %d / %d after a child without CLONE_VM wrote 99", n,
		     shared_global);
	else
		ok(name);
}

/* Many CLONE_VM children alive at once, each bumping a shared counter. */
static volatile int counter;

static int bump(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++)
		__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
	return 0;
}

static void vm_many(const char *name)
{
	enum { N = 16 };
	long pids[N];
	int st;

	counter = 0;
	for (int i = 0; i < N; i++) {
		pids[i] = clone(bump, new_stack(STACK_SIZE), CLONE_VM | SIGCHLD, NULL);
		if (pids[i] < 0) {
			fail(name, "clone #%d: %s", i, strerror(errno));
			return;
		}
	}
	for (int i = 0; i < N; i++)
		if (waitpid(pids[i], &st, 0) != pids[i] || st != 0) {
			fail(name, "child %d: status 0x%x", i, st);
			return;
		}
	if (counter != N * 100)
		fail(name, "counter %d, want %d", counter, N * 100);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "clonevm-vfork-classic", vm_vfork },
	{ "clonevm-shared-waitpid", vm_wait },
	{ "clonevm-mmap-shared", vm_mmap_shared },
	{ "clonevm-novm-isolated", novm_isolated },
	{ "clonevm-many-children", vm_many },
};

int main(void)
{
	return RUN(cases);
}
