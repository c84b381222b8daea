/* vfork (clone CLONE_VM|CLONE_VFORK|SIGCHLD without a new stack): the parent
 * sleeps until the child exits or execs; the child shares its memory. */
#include "clonetest.h"

static volatile int g;

/* Raw vfork in the caller's frame; the child must only use raw syscalls
 * and volatile globals, then leave with exit_group or execve. */
#if defined(__x86_64__)	/* native build for tests/difftest: its __syscall5 is inline */
#define VFORK() __syscall5(SYS_clone, CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0)
#else
#define VFORK() ({                                                                  \
	register long a0 __asm__("a0") = CLONE_VM | CLONE_VFORK | SIGCHLD;         \
	register long a1 __asm__("a1") = 0, a2 __asm__("a2") = 0;                   \
	register long a3 __asm__("a3") = 0, a4 __asm__("a4") = 0;                   \
	register long a7 __asm__("a7") = SYS_clone;                                \
	__asm__ volatile("ecall" : "+r"(a0) : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a7) \
			 : "memory");                                               \
	a0; })
#endif

#define CHILD_EXIT(code) __syscall1(SYS_exit_group, (code))

static void shared_write(const char *name)
{
	long pid;
	int st;

	g = 0;
	pid = VFORK();
	if (pid == 0) {
		g = 42;
		CHILD_EXIT(3);
	}
	if (pid < 0) {
		fail(name, "vfork: %ld", pid);
		return;
	}
	if (g != 42)
		fail(name, "g = %d when vfork returned, want 42", g);
	else if (waitpid(pid, &st, 0) != pid || st != 3 << 8)
		fail(name, "status 0x%x, want exit 3", st);
	else
		ok(name);
}

static void suspended(const char *name)
{
	struct timespec ts = { 0, 200 * 1000000L };
	long pid, t0 = now_ms(), dt;
	int st;

	g = 0;
	pid = VFORK();
	if (pid == 0) {
		__syscall2(SYS_nanosleep, &ts, 0);
		g = 1;
		CHILD_EXIT(0);
	}
	dt = now_ms() - t0;
	if (pid < 0) {
		fail(name, "vfork: %ld", pid);
		return;
	}
	waitpid(pid, &st, 0);
	if (g != 1)
		fail(name, "parent ran before the child exited (g = %d)", g);
	else if (dt < 150)
		fail(name, "vfork returned after %ld ms, the child slept 200", dt);
	else
		ok(name);
}

static char *const sleep_argv[] = { "sleep", "1", NULL };
static char *const true_argv[] = { "true", NULL };
static char *const no_env[] = { NULL };

static void exec_releases(const char *name)
{
	long pid, t0 = now_ms(), dt, w;
	int st;

	pid = VFORK();
	if (pid == 0) {
		__syscall3(SYS_execve, "/bin/sleep", sleep_argv, no_env);
		CHILD_EXIT(127);
	}
	dt = now_ms() - t0;
	w = raw_wait4(pid, &st, WNOHANG);
	if (pid < 0) {
		fail(name, "vfork: %ld", pid);
		return;
	}
	waitpid(pid, &st, 0);
	if (w != 0)
		fail(name, "child already gone when vfork returned (wait4 %ld): exec did not release "
		     "the parent early", w);
	else if (dt > 900)
		fail(name, "parent resumed only after %ld ms (at exit, not at exec)", dt);
	else if (st != 0)
		fail(name, "sleep status 0x%x", st);
	else
		ok(name);
}

static void exec_true(const char *name)
{
	long pid;
	int st;

	pid = VFORK();
	if (pid == 0) {
		__syscall3(SYS_execve, "/bin/true", true_argv, no_env);
		CHILD_EXIT(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0)
		fail(name, "pid %ld status 0x%x", pid, st);
	else
		ok(name);
}

static void exec_fails(const char *name)
{
	long pid;
	int st;

	pid = VFORK();
	if (pid == 0) {
		long r = __syscall3(SYS_execve, "/nonexistent", true_argv, no_env);

		CHILD_EXIT(r == -ENOENT ? 42 : 43);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 42 << 8)
		fail(name, "pid %ld status 0x%x, want exit 42 (execve ENOENT)", pid, st);
	else
		ok(name);
}

static void child_killed(const char *name)
{
	long pid;
	int st;

	pid = VFORK();
	if (pid == 0) {
		__syscall3(SYS_tgkill, __syscall0(SYS_getpid), __syscall0(SYS_gettid), SIGKILL);
		CHILD_EXIT(1);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || !WIFSIGNALED(st) || WTERMSIG(st) != SIGKILL)
		fail(name, "pid %ld status 0x%x, want killed by SIGKILL", pid, st);
	else
		ok(name);
}

static void many(const char *name)
{
	for (int i = 0; i < 50; i++) {
		long pid;
		int st;

		g = i;
		pid = VFORK();
		if (pid == 0) {
			g = g + 1000;
			CHILD_EXIT(i);
		}
		if (pid < 0 || g != i + 1000 || waitpid(pid, &st, 0) != pid || st != i << 8) {
			fail(name, "round %d: pid %ld g %d status 0x%x", i, pid, g, st);
			return;
		}
	}
	ok(name);
}

static const struct tcase cases[] = {
	{ "vfork-shared-write", shared_write },
	{ "vfork-parent-suspended", suspended },
	{ "vfork-exec-releases-parent", exec_releases },
	{ "vfork-exec-true", exec_true },
	{ "vfork-exec-enoent", exec_fails },
	{ "vfork-child-killed", child_killed },
	{ "vfork-50-rounds", many },
};

int main(void)
{
	return RUN(cases);
}
