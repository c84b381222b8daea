/* exit_group and fatal signals end every thread of a process, wherever it
 * is blocked (futex, pipe read, nanosleep); the status is right and the
 * threads are gone (task count back, the shared fd table released). */
#include "clonetest.h"

#define TFLAGS (THREAD_FLAGS | CLONE_CHILD_CLEARTID)

static volatile int never;	/* futex word nobody changes */
static int pipe_r;		/* read end nobody writes to */
static volatile int ready;
static volatile int told;	/* the main thread has told the parent */

static int t_futex(void *a)
{
	(void)a;
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	for (;;)
		futex_wait(&never, 0);
	return 0;
}

static int t_read(void *a)
{
	char c;

	(void)a;
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	for (;;)
		__syscall3(SYS_read, pipe_r, &c, 1);
	return 0;
}

static int t_sleep(void *a)
{
	(void)a;
	__atomic_add_fetch(&ready, 1, __ATOMIC_SEQ_CST);
	for (;;)
		raw_sleep_ms(100000);
	return 0;
}

enum how { MAIN_EXIT_GROUP, THREAD_EXIT_GROUP, LEADER_FIRST, KILLED, THREAD_FATAL };

static int killer(void *a)
{
	long how = (long)a;

	/* After the parent has heard that all threads run: on a starved
	 * host the main thread can take longer than any fixed delay. */
	while (!__atomic_load_n(&told, __ATOMIC_SEQ_CST))
		raw_sleep_ms(1);
	raw_sleep_ms(20);
	if (how == THREAD_FATAL)
		__syscall3(SYS_tgkill, __syscall0(SYS_getpid), __syscall0(SYS_gettid), SIGTERM);
	else
		__syscall1(SYS_exit_group, 37);
	for (;;)
		raw_sleep_ms(1000);
	return 0;
}

/* The process under test; `tell` gets one byte when all threads run. */
static void worker(enum how how, int tell)
{
	static volatile int ct[4];
	int p[2];

	pipe(p);
	pipe_r = p[0];
	clone(t_futex, new_stack(STACK_SIZE), TFLAGS, NULL, NULL, NULL, &ct[0]);
	clone(t_read, new_stack(STACK_SIZE), TFLAGS, NULL, NULL, NULL, &ct[1]);
	clone(t_sleep, new_stack(STACK_SIZE), TFLAGS, NULL, NULL, NULL, &ct[2]);
	if (how == THREAD_EXIT_GROUP || how == LEADER_FIRST || how == THREAD_FATAL)
		clone(killer, new_stack(STACK_SIZE), TFLAGS, (void *)(long)how, NULL, NULL, &ct[3]);
	while (__atomic_load_n(&ready, __ATOMIC_SEQ_CST) < 3)
		raw_sleep_ms(1);
	write(tell, "r", 1);
	__atomic_store_n(&told, 1, __ATOMIC_SEQ_CST);
	switch (how) {
	case MAIN_EXIT_GROUP:
		raw_sleep_ms(20);
		__syscall1(SYS_exit_group, 37);
		break;
	case LEADER_FIRST:
		raw_exit(1);	/* leader leaves; the killer thread ends the group */
		break;
	default:
		for (;;)
			raw_sleep_ms(100000);
	}
	for (;;)
		;
}

static void run(const char *name, enum how how, int want_status)
{
	long tasks0 = meminfo("Tasks"), tasks, t0;
	int p[2], st;
	char c;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		close(p[0]);
		worker(how, p[1]);
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1) {
		fail(name, "worker did not start its threads");
		waitpid(pid, &st, 0);
		return;
	}
	if (how == KILLED) {
		raw_sleep_ms(20);
		kill(pid, SIGKILL);
	}
	t0 = now_ms();
	if (waitpid(pid, &st, 0) != pid) {
		fail(name, "waitpid: %s", strerror(errno));
		return;
	}
	if (st != want_status) {
		fail(name, "status 0x%x, want 0x%x", st, want_status);
		return;
	}
	/* the write end lived in the shared fd table: EOF means the table is gone */
	if (read(p[0], &c, 1) != 0) {
		fail(name, "pipe not at EOF: a thread still holds the fd table");
		return;
	}
	for (int tries = 0;; tries++) {
		tasks = meminfo("Tasks");
		if (tasks <= tasks0)
			break;
		if (tries == 50) {
			fail(name, "Tasks %ld before, %ld after the group exit", tasks0, tasks);
			return;
		}
		raw_sleep_ms(20);
	}
	if (now_ms() - t0 > 5000)
		fail(name, "group exit took %ld ms", now_ms() - t0);
	else
		ok(name);
}

static void main_exit_group(const char *n) { run(n, MAIN_EXIT_GROUP, 37 << 8); }
static void thread_exit_group(const char *n) { run(n, THREAD_EXIT_GROUP, 37 << 8); }
static void leader_first(const char *n) { run(n, LEADER_FIRST, 37 << 8); }
static void killed(const char *n) { run(n, KILLED, SIGKILL); }
static void thread_fatal(const char *n) { run(n, THREAD_FATAL, SIGTERM); }

static const struct tcase cases[] = {
	{ "exitgroup-from-main", main_exit_group },
	{ "exitgroup-from-thread", thread_exit_group },
	{ "exitgroup-after-leader-exit", leader_first },
	{ "exitgroup-sigkill", killed },
	{ "exitgroup-fatal-signal-in-thread", thread_fatal },
};

int main(void)
{
	return RUN(cases);
}
