/*
 * Thread creation and exit.
 *
 * Each thread has one mmap'ed block: a PROT_NONE guard page, the stack, then
 * the thread descriptor and the TLS block at the top (pthread_impl.h).
 *
 * Who unmaps the block:
 *  - joinable thread: the joiner, once the kernel has cleared t->tid
 *    (CLONE_CHILD_CLEARTID), which happens after the thread has left user
 *    mode for good;
 *  - detached thread: the thread itself, at the very end of pthread_exit,
 *    in assembly (__unmap_self_and_exit) right before SYS_exit, with all
 *    signals blocked and its clear_child_tid reset to NULL first.
 *  - pthread_detach of a thread that already began exiting joins it (and so
 *    unmaps it) instead.
 */
#include <atomic.h>
#include <errno.h>
#include <pthread.h>
#include <sched.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>
#include "pthread_impl.h"

#define PAGE 4096UL
#define DEFAULT_STACK (256 * 1024UL)
#define GUARD PAGE
#define THREAD_FLAGS (CLONE_VM | CLONE_FS | CLONE_FILES | CLONE_SIGHAND | CLONE_THREAD | \
		      CLONE_SYSVSEM | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

_Noreturn void __unmap_self_and_exit(void *base, size_t len);

static int start_thread(void *arg)
{
	struct pthread *self = arg;

	pthread_exit(self->start(self->arg));
}

int pthread_create(pthread_t *out, const pthread_attr_t *attr, void *(*fn)(void *), void *arg)
{
	size_t stack = attr && attr->stacksize ? attr->stacksize : DEFAULT_STACK;
	size_t size = (GUARD + stack + __tls_area_size() + PAGE - 1) & ~(PAGE - 1);
	int saved = errno;
	struct pthread *t;
	char *map;
	long r;

	map = mmap(NULL, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map == MAP_FAILED) {
		errno = saved;
		return EAGAIN;
	}
	if (mprotect(map, GUARD, PROT_NONE) < 0) {
		munmap(map, size);
		errno = saved;
		return EAGAIN;
	}
	t = __tls_carve(map + size);
	t->map = map;
	t->map_size = size;
	t->start = fn;
	t->arg = arg;
	t->state = attr && attr->detachstate == PTHREAD_CREATE_DETACHED ? T_DETACHED : T_JOINABLE;
	a_inc(&__threads_live);
	/* The stack starts right below the descriptor; clone aligns it. */
	r = clone(start_thread, t, THREAD_FLAGS, t, &t->tid, (void *)(t + 1), &t->tid);
	if (r < 0) {
		int err = errno;

		a_dec(&__threads_live);
		munmap(map, size);
		errno = saved;
		return err == ENOMEM ? EAGAIN : err;
	}
	/* Do not touch t after this for a detached thread: it may be gone. */
	*out = t;
	return 0;
}

_Noreturn void pthread_exit(void *result)
{
	struct pthread *self = __self();
	int st = T_JOINABLE;
	sigset_t all = ~0UL;

	self->result = result;
	__run_key_dtors(self);
	if (a_dec(&__threads_live) == 0)
		exit(0);	/* the last thread: the process exits with 0 */
	if (a_cas(&self->state, &st, T_EXITING)) {
		/* The joiner frees the block after the kernel clears tid. */
		for (;;)
			__syscall1(SYS_exit, 0);
	}
	/* Detached. */
	__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, &all, 0, sizeof(all));
	__syscall1(SYS_set_tid_address, 0);
	if (!self->map || (char *)self->map > (char *)&st || (char *)self->map + self->map_size < (char *)&st)
		for (;;)	/* not on a stack we own (the main thread): leak */
			__syscall1(SYS_exit, 0);
	__unmap_self_and_exit(self->map, self->map_size);
}

/* Waits until t has left user mode for good (the kernel cleared t->tid),
 * then frees its block; returns its result. */
static void *reap(struct pthread *t)
{
	int tid, saved = errno;
	void *res;

	/* A shared (not FUTEX_PRIVATE) wait: the exit-time wake of
	 * CLONE_CHILD_CLEARTID is a shared one on Linux. */
	while ((tid = a_load(&t->tid)) != 0)
		__syscall4(SYS_futex, &t->tid, 0 /* FUTEX_WAIT */, tid, 0);
	res = t->result;
	munmap(t->map, t->map_size);
	errno = saved;
	return res;
}

int pthread_join(pthread_t t, void **result)
{
	void *res;

	if (t == __self())
		return EDEADLK;
	if (a_load(&t->state) == T_DETACHED)
		return EINVAL;
	res = reap(t);
	if (result)
		*result = res;
	return 0;
}

int pthread_detach(pthread_t t)
{
	int st = T_JOINABLE;

	if (a_cas(&t->state, &st, T_DETACHED))
		return 0;
	if (st != T_EXITING)
		return EINVAL;
	reap(t);	/* already exiting: nobody else will free it */
	return 0;
}

pthread_t pthread_self(void) { return __self(); }
int pthread_equal(pthread_t a, pthread_t b) { return a == b; }
pid_t pthread_gettid_np(pthread_t t) { return t->tid; }

int pthread_attr_init(pthread_attr_t *a)
{
	a->stacksize = DEFAULT_STACK;
	a->detachstate = PTHREAD_CREATE_JOINABLE;
	return 0;
}

int pthread_attr_destroy(pthread_attr_t *a) { (void)a; return 0; }

int pthread_attr_setstacksize(pthread_attr_t *a, size_t size)
{
	if (size < PTHREAD_STACK_MIN || size > (1UL << 36))
		return EINVAL;
	a->stacksize = (size + PAGE - 1) & ~(PAGE - 1);
	return 0;
}

int pthread_attr_getstacksize(const pthread_attr_t *a, size_t *size)
{
	*size = a->stacksize;
	return 0;
}

int pthread_attr_setdetachstate(pthread_attr_t *a, int state)
{
	if (state != PTHREAD_CREATE_JOINABLE && state != PTHREAD_CREATE_DETACHED)
		return EINVAL;
	a->detachstate = state;
	return 0;
}

int pthread_attr_getdetachstate(const pthread_attr_t *a, int *state)
{
	*state = a->detachstate;
	return 0;
}

int pthread_sigmask(int how, const sigset_t *set, sigset_t *old)
{
	long r = __syscall4(SYS_rt_sigprocmask, how, set, old, sizeof(sigset_t));

	return (int)-r;
}

int pthread_kill(pthread_t t, int sig)
{
	int tid = a_load(&t->tid);

	if (!tid)
		return ESRCH;
	return (int)-__syscall3(SYS_tgkill, getpid(), tid, sig);
}
