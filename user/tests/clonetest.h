/* Shared by the clone tests: raw syscalls, thread stacks, futex joins and a
 * runner that executes every case in its own child process. */
#ifndef CLONETEST_H
#define CLONETEST_H
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include "check.h"

#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000
#define FUTEX_WAIT 0
#define FUTEX_WAKE 1
#define SYS_clone3_NR 435

/* glibc's pthread_create flags */
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM)

#define STACK_SIZE (64 * 1024)

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif
/* through syscall(): cleave's libc has no mremap, glibc hides it */
#define xmremap(a, o, n, f, na) ((void *)syscall(SYS_mremap, (a), (o), (n), (f), (na)))

__attribute__((unused)) static long raw_clone(unsigned long flags, void *sp, int *ptid, void *tls,
					      int *ctid)
{
	return __syscall5(SYS_clone, flags, sp, ptid, tls, ctid);
}

__attribute__((unused)) static long raw_wait4(pid_t pid, int *st, int opt)
{
	return __syscall4(SYS_wait4, pid, st, opt, 0);
}

__attribute__((unused)) static long futex_wait(volatile int *uaddr, int val)
{
	return __syscall6(SYS_futex, (long)uaddr, FUTEX_WAIT, val, 0, 0, 0);
}

__attribute__((unused)) static long futex_wake(volatile int *uaddr, int n)
{
	return __syscall6(SYS_futex, (long)uaddr, FUTEX_WAKE, n, 0, 0, 0);
}

/* Wait until the kernel clears *ctid (CLONE_CHILD_CLEARTID) */
__attribute__((unused)) static void join_tid(volatile int *ctid)
{
	int v;

	while ((v = __atomic_load_n(ctid, __ATOMIC_SEQ_CST)) != 0)
		futex_wait(ctid, v);
}

/* A fresh stack; returns its top (what clone wants). Never freed. */
__attribute__((unused)) static void *new_stack(size_t size)
{
	char *p = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		printf("# mmap of a %lu-byte stack failed\n", (unsigned long)size);
		_exit(2);
	}
	return p + size;
}

__attribute__((unused)) static void raw_exit(int code)
{
	for (;;)
		__syscall1(SYS_exit, code);
}

__attribute__((unused)) static void raw_sleep_ms(long ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	__syscall2(SYS_nanosleep, &ts, 0);
}

__attribute__((unused)) static long now_ms(void)
{
	struct timespec ts;

	__syscall2(SYS_clock_gettime, CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}


struct tcase {
	const char *name;
	void (*fn)(const char *name);	/* prints ok NAME / FAIL NAME itself */
	int timeout_s;			/* 0: 30 s */
};

/* Runs every case in its own child (so wait4(-1) in a case only sees the
 * case's own children); a case that crashes or hangs is a FAIL. */
__attribute__((unused)) static int run_cases(const struct tcase *c, int n)
{
	for (int i = 0; i < n; i++) {
		int st = 0, tmo = c[i].timeout_s ? c[i].timeout_s : 30;
		long deadline;
		pid_t pid;

		fflush(stdout);
		pid = fork();
		if (pid < 0) {
			fail(c[i].name, "fork for the case: %s", strerror(errno));
			continue;
		}
		if (pid == 0) {
			c[i].fn(c[i].name);
			fflush(stdout);
			_exit(failures ? 1 : 0);
		}
		deadline = now_ms() + tmo * 1000L;
		for (;;) {
			long r = raw_wait4(pid, &st, WNOHANG);

			if (r == pid)
				break;
			if (r != 0) {
				fail(c[i].name, "wait4 for the case process: %ld", r);
				break;
			}
			if (now_ms() > deadline) {
				kill(pid, SIGKILL);
				raw_wait4(pid, &st, 0);
				fail(c[i].name, "timeout after %d s (case process killed)", tmo);
				st = 0;
				break;
			}
			raw_sleep_ms(10);
		}
		if (WIFEXITED(st) && WEXITSTATUS(st) == 1)
			failures++;
		else if (st != 0)
			fail(c[i].name, "case process ended with status 0x%x", st);
	}
	return failures != 0;
}

#define RUN(table) run_cases(table, (int)(sizeof(table) / sizeof(table[0])))
#endif
