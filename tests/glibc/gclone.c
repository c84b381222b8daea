/* raw clone syscalls from glibc: fork-like and CLONE_VM|CLONE_VFORK. */
#define _GNU_SOURCE
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

/* raw argument order: riscv64 (flags, newsp, ptid, tls, ctid);
 * x86_64 (flags, newsp, ptid, ctid, tls) */
static long raw_clone(unsigned long flags, void *sp, int *ptid, int *ctid, unsigned long tls)
{
#if defined(__x86_64__)
	return syscall(SYS_clone, flags, sp, ptid, ctid, tls);
#else
	return syscall(SYS_clone, flags, sp, ptid, tls, ctid);
#endif
}

static volatile int shared;
static char stack[65536] __attribute__((aligned(16)));

static int child_fn(void *arg)
{
	shared = *(int *)arg;
	return 5;
}

int main(void)
{
	int st, ptid = 0, v = 77;
	long pid;

	setvbuf(stdout, NULL, _IONBF, 0);
	pid = raw_clone(SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(3);
	waitpid(pid, &st, 0);
	printf("raw clone(SIGCHLD): exit=%d\n", WEXITSTATUS(st));
	shared = 0;
	pid = raw_clone(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0) {
		shared = 1;
		syscall(SYS_exit, 6);
	}
	/* the child ran on our stack: do not trust locals it may have written */
	waitpid(-1, &st, 0);
	printf("raw clone(VM|VFORK): shared=%d exit=%d\n", shared, WEXITSTATUS(st));
	pid = raw_clone(CLONE_PARENT_SETTID | SIGCHLD, 0, &ptid, 0, 0);
	if (pid == 0)
		_exit(0);
	waitpid(pid, &st, 0);
	printf("raw clone(PARENT_SETTID): ptid matches=%d\n", ptid == pid);
	shared = 0;
	pid = clone(child_fn, stack + sizeof(stack), CLONE_VM | CLONE_VFORK | SIGCHLD, &v);
	waitpid(pid, &st, 0);
	printf("glibc clone(VM|VFORK): shared=%d exit=%d\n", shared, WEXITSTATUS(st));
	pid = raw_clone(CLONE_THREAD | SIGCHLD, 0, 0, 0, 0);
	printf("clone(THREAD) without SIGHAND: %ld\n", pid < 0 ? -1L : pid);
	return 0;
}
