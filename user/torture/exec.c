/* exec scenarios: vforkexec (raw vfork + execve storm, also from several
 * threads at once) and spawn (posix_spawn when the libc has it). */
#include "torture.h"

/* <spawn.h>: glibc has it; for cleave (riscv64-unknown-elf, no __linux__) only
 * the libc's own header counts, not the toolchain's newlib one, and only once
 * it is complete enough to define POSIX_SPAWN_SETSIGMASK. */
#if defined(__linux__)
#include <spawn.h>
#elif defined(__has_include)
#if __has_include("../libc/include/spawn.h")
#include <spawn.h>
#endif
#endif
#if defined(POSIX_SPAWN_SETSIGMASK) && !defined(TORTURE_NO_SPAWN)
#define HAVE_SPAWN 1
#if !defined(__linux__)
/* cleave's libc may ship the header before the function: a weak reference
 * links either way, and a null address means "not there yet" */
#pragma weak posix_spawn
#define SPAWN_MISSING() (posix_spawn == NULL)
#endif
#endif
#ifndef SPAWN_MISSING
#define SPAWN_MISSING() 0
#endif

extern char **environ;

/* vfork in this frame, exec in the child; child leaves with 127 if exec fails */
static long __attribute__((noinline)) vfork_exec(const char *path, char *const argv[],
						 char *const envp[])
{
	long pid = T_RAW_VFORK();

	if (pid == 0) {
		t_syscall3(NR_execve, path, argv, envp);
		r_exit_group(127);
	}
	return pid;
}

struct vfe_child {
	const char *path;
	char *const *argv, *const *envp;
};

/* posix_spawn-style: vfork with a separate stack */
static int vfe_fn(void *a)
{
	struct vfe_child *c = a;

	t_syscall3(NR_execve, c->path, c->argv, c->envp);
	r_exit_group(127);
	return 0;
}

static long clone_vfork_exec(char *stk_top, struct vfe_child *c)
{
	int r = clone(vfe_fn, stk_top, CLONE_VM | CLONE_VFORK | SIGCHLD, c);

	return r < 0 ? -errno : r;
}

static char *true_argv[] = { "true", NULL };
static char *const bad_argv[] = { "nonexistent", NULL };
static const char *bad_path = "/nonexistent/torture-no-such-program";

/* ---- several threads at once ---- */
#define VT_THREADS 3
struct vtstate {
	volatile int stop;
	volatile long execs[VT_THREADS];
	volatile long bad_pid[VT_THREADS], bad_status[VT_THREADS];
};
static struct vtstate vt;

static int vt_fn(void *a)
{
	int t = (int)(long)a, st;

	while (!__atomic_load_n(&vt.stop, __ATOMIC_SEQ_CST)) {
		long pid = vfork_exec(t_true_path, true_argv, environ), w;

		if (pid <= 0) {
			vt.bad_pid[t] = pid ? pid : -1;
			return 1;
		}
		w = r_wait4(pid, &st, 0);
		if (w != pid || st != 0) {
			vt.bad_pid[t] = w;
			vt.bad_status[t] = st;
			return 1;
		}
		vt.execs[t]++;
	}
	return 0;
}

void sc_vforkexec(void)
{
	char *stk = private_alloc(T_STACK);
	long n = 0, until = t_budget_ms / 2, threaded = 0;
	int st;

	/* single-threaded: raw vfork and clone(VM|VFORK) alternately */
	while (!failed() && n < 5000 && (n < 20 || elapsed_ms() < until)) {
		int bad = rndn(16) == 0;
		struct vfe_child c = { bad ? bad_path : t_true_path, bad ? bad_argv : true_argv,
				       environ };
		long pid = (n & 1) ? clone_vfork_exec(stk + T_STACK, &c)
				   : vfork_exec(c.path, c.argv, c.envp);

		if (pid < 0) {
			failf("%s: %ld", (n & 1) ? "clone(VM|VFORK)" : "vfork", pid);
			return;
		}
		if (waitpid(pid, &st, 0) != pid) {
			failf("waitpid: %s", strerror(errno));
			return;
		}
		if (st != (bad ? 127 << 8 : 0)) {
			failf("exec of %s: status 0x%x, want exit %d", c.path, st, bad ? 127 : 0);
			return;
		}
		n++;
	}
	/* several threads vfork+exec at once */
	{
		pid_t q = fork();

		if (q == 0) {
			struct tthread th[VT_THREADS];

			memset(th, 0, sizeof(th));
			for (int t = 0; t < VT_THREADS; t++)
				if (tt_start(&th[t], vt_fn, (void *)(long)t) != 0) {
					failf("thread creation: %s", strerror(errno));
					_exit(1);
				}
			while (elapsed_ms() < t_budget_ms && !failed()) {
				int done = 0;

				for (int t = 0; t < VT_THREADS; t++)
					done += tt_done(&th[t]);
				if (done)
					break;
				r_sleep_ms(10);
			}
			vt.stop = 1;
			for (int t = 0; t < VT_THREADS; t++)
				if (tt_join(&th[t], 10000) != 0)
					failf("thread %d did not stop", t);
			for (int t = 0; t < VT_THREADS; t++) {
				if (vt.bad_pid[t])
					failf("thread %d: vfork/wait %ld, status 0x%lx", t, vt.bad_pid[t],
					      vt.bad_status[t]);
				threaded += vt.execs[t];
			}
			if (r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD)
				failf("children left over");
			note("%ld vfork+exec single-threaded, %ld from %d threads at once", n, threaded,
			     VT_THREADS);
			_exit(0);
		}
		if (q < 0 || waitpid(q, &st, 0) != q || st != 0) {
			if (!failed())
				failf("threaded process: status 0x%x", st);
		}
	}
}

static void spawn_fallback(void);

void sc_spawn(void)
{
	long n = 0;
	int st;
#ifdef HAVE_SPAWN
	pid_t pid;
	int e;

	if (SPAWN_MISSING()) {
		note("<spawn.h> present but no posix_spawn in the libc yet");
		spawn_fallback();
		return;
	}
	while (!failed() && n < 5000 && (n < 20 || !time_up())) {
		int bad = rndn(16) == 0;

		e = posix_spawn(&pid, bad ? bad_path : t_true_path, NULL, NULL,
				bad ? bad_argv : true_argv, environ);
		if (bad) {
			/* glibc reports exec failure from posix_spawn; a child exiting 127 is
			 * also POSIX */
			if (e == 0 && (waitpid(pid, &st, 0) != pid || st != 127 << 8)) {
				failf("posix_spawn of a missing program: status 0x%x", st);
				return;
			}
			if (e != 0 && e != ENOENT) {
				failf("posix_spawn of a missing program: %s, want ENOENT", strerror(e));
				return;
			}
		} else {
			if (e != 0) {
				failf("posix_spawn: %s", strerror(e));
				return;
			}
			if (waitpid(pid, &st, 0) != pid || st != 0) {
				failf("spawned %s: status 0x%x", t_true_path, st);
				return;
			}
		}
		n++;
	}
	note("%ld posix_spawn", n);
	if (r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD)
		failf("children left over");
#else
	note("no <spawn.h> in this libc");
	spawn_fallback();
	(void)n;
	(void)st;
#endif
}

/* without posix_spawn: what it does, clone(VM|VFORK) + exec */
static void spawn_fallback(void)
{
	char *stk = private_alloc(T_STACK);
	long n = 0;
	int st;

	note("clone(VM|VFORK)+exec instead of posix_spawn");
	while (!failed() && n < 5000 && (n < 20 || !time_up())) {
		struct vfe_child c = { t_true_path, true_argv, environ };
		long pid = clone_vfork_exec(stk + T_STACK, &c);

		if (pid < 0) {
			failf("clone(VM|VFORK): %ld", pid);
			return;
		}
		if (waitpid(pid, &st, 0) != pid || st != 0) {
			failf("%s: status 0x%x", t_true_path, st);
			return;
		}
		n++;
	}
	note("%ld clone(VM|VFORK)+exec", n);
	if (r_wait4(-1, NULL, WNOHANG | T_WALL) != -ECHILD)
		failf("children left over");
}
