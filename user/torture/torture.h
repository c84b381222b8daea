/* torture: shared declarations. Portable C (cleave libc and glibc); raw
 * system calls only through arch.h. */
#ifndef TORTURE_H
#define TORTURE_H
#include "arch.h"
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

/* ---- the scenario context (main.c) ---- */
struct scenario {
	const char *name;
	void (*fn)(void);
	const char *what;
};

extern const char *t_name;	/* running scenario */
extern long t_budget_ms;	/* per-scenario time budget */
extern uint64_t t_seed;		/* the run's seed */
extern int t_verbose;

/* Records the scenario's failure (the first one wins; later ones become
 * `# ` notes). Works from any descendant process of the scenario: the
 * record lives in a shared page. Async-signal-safe enough for our use. */
void failf(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int failed(void);
/* "# NAME: ..." on stdout (unbuffered; safe in forked children). */
void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
void vnote(const char *fmt, ...) __attribute__((format(printf, 1, 2)));	/* only with -v */

long now_ms(void);
long elapsed_ms(void);		/* since the scenario started */
int time_up(void);		/* budget spent */
void sleep_ms(long ms);		/* raw nanosleep; returns early on a signal */

/* xorshift64* seeded from the run seed and the scenario name */
uint64_t rnd(void);
void rnd_seed(uint64_t s);
static inline unsigned rndn(unsigned n) { return n ? (unsigned)(rnd() % n) : 0; }

/* Shared anonymous memory (MAP_SHARED), zeroed; exits the scenario on failure. */
void *shared_alloc(size_t size);
void *private_alloc(size_t size);

/* /proc/meminfo "Key: N"; -1 if absent. */
long meminfo(const char *key);

/* Raw wrappers (no errno; -errno on failure). */
static inline long r_wait4(pid_t pid, int *st, int opt) { return t_syscall4(NR_wait4, pid, st, opt, 0); }
static inline long r_getpid(void) { return t_syscall0(NR_getpid); }
static inline long r_gettid(void) { return t_syscall0(NR_gettid); }
static inline long r_getppid(void) { return t_syscall0(NR_getppid); }
static inline long r_kill(pid_t pid, int sig) { return t_syscall2(NR_kill, pid, sig); }
static inline long r_write(int fd, const void *p, size_t n) { return t_syscall3(NR_write, fd, p, n); }
static inline long r_read(int fd, void *p, size_t n) { return t_syscall3(NR_read, fd, p, n); }
static inline __attribute__((noreturn)) void r_exit_group(int code)
{
	for (;;)
		t_syscall1(NR_exit_group, code);
}
static inline __attribute__((noreturn)) void r_exit_thread(int code)
{
	for (;;)
		t_syscall1(NR_exit, code);
}
static inline long r_futex_wait(volatile int *p, int val, long timeout_ms)
{
	struct timespec ts = { timeout_ms / 1000, (timeout_ms % 1000) * 1000000L };

	return t_syscall6(NR_futex, (long)p, T_FUTEX_WAIT, val, timeout_ms >= 0 ? (long)&ts : 0,
			  0, 0);
}
static inline long r_futex_wake(volatile int *p, int n)
{
	return t_syscall6(NR_futex, (long)p, T_FUTEX_WAKE, n, 0, 0, 0);
}
static inline long r_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	return t_syscall2(NR_nanosleep, &ts, 0);
}

/* ---- raw threads: clone(CLONE_VM|CLONE_THREAD|...) through the libc's
 * clone() wrapper; joined through CLONE_CHILD_CLEARTID. The thread function
 * must only use raw syscalls (r_*, t_syscall*) and plain memory: it runs on
 * the creating thread's TLS under glibc. */
#define T_THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
			CLONE_SYSVSEM | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)
#define T_STACK (64 * 1024)

struct tthread {
	volatile int tid;	/* set by the kernel; cleared at exit (join) */
	int started;
	char *stack;		/* base of an mmap'd T_STACK, kept for reuse */
};
/* 0 or -errno. The stack is allocated on first use and reused after joins. */
int tt_start(struct tthread *t, int (*fn)(void *), void *arg);
int tt_start_flags(struct tthread *t, int (*fn)(void *), void *arg, int flags);
/* Waits until the kernel cleared the tid (timeout_ms < 0: forever); 0 or -ETIMEDOUT. */
int tt_join(struct tthread *t, long timeout_ms);
static inline int tt_done(struct tthread *t) { return __atomic_load_n(&t->tid, __ATOMIC_SEQ_CST) == 0; }

/* Reaps every remaining child (__WALL); returns how many were reaped. */
int reap_all(void);

/* scenarios */
void sc_forkstorm(void);
void sc_forkchain(void);
void sc_forkbomb(void);
void sc_zombies(void);
void sc_orphans(void);
void sc_cow(void);
void sc_cowthreads(void);
void sc_oom(void);
void sc_threadstorm(void);
void sc_exitgroup(void);
void sc_signals(void);
void sc_cloneflags(void);
void sc_badclone(void);
void sc_vforkexec(void);
void sc_spawn(void);

/* The program exec'd by vforkexec/spawn: /bin/true. */
extern const char *t_true_path;
#endif
