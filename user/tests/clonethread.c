/* CLONE_THREAD: same pid, own tid, invisible to wait4, joined through
 * CLONE_CHILD_CLEARTID + futex; signals to one thread (tgkill); a storm of
 * short-lived threads. */
#include "clonetest.h"

#define TFLAGS (THREAD_FLAGS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID)

struct ids {
	volatile int pid, tid, ppid;
	volatile int go;
	volatile int ctid;
};

static int record_ids(void *arg)
{
	struct ids *d = arg;

	d->pid = __syscall0(SYS_getpid);
	d->tid = __syscall0(SYS_gettid);
	d->ppid = __syscall0(SYS_getppid);
	while (!d->go)
		futex_wait(&d->go, 0);
	return 0;
}

static long spawn(int (*fn)(void *), void *arg, volatile int *ctid)
{
	return clone(fn, new_stack(STACK_SIZE), TFLAGS, arg, ctid, NULL, ctid);
}

static void ids(const char *name)
{
	static struct ids d;
	long tid = spawn(record_ids, &d, &d.ctid);

	if (tid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	d.go = 1;
	futex_wake(&d.go, 1);
	join_tid(&d.ctid);
	if (d.pid != getpid())
		fail(name, "thread getpid %d, process %d", d.pid, getpid());
	else if (d.tid != tid || d.tid == gettid())
		fail(name, "thread gettid %d, clone returned %ld, main tid %d", d.tid, tid,
		     gettid());
	else if (d.ppid != getppid())
		fail(name, "thread getppid %d, process getppid %d", d.ppid, getppid());
	else if (gettid() != getpid())
		fail(name, "main thread tid %d != pid %d", gettid(), getpid());
	else
		ok(name);
}

/* wait4 never reports a thread, with or without __WALL / __WCLONE */
static void not_waitable(const char *name)
{
	static struct ids d;
	long tid = spawn(record_ids, &d, &d.ctid), r1, r2, r3, r4;

	if (tid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	r1 = raw_wait4(-1, NULL, WNOHANG);
	r2 = raw_wait4(-1, NULL, WNOHANG | __WALL);
	r3 = raw_wait4(tid, NULL, WNOHANG | __WCLONE);
	d.go = 1;
	futex_wake(&d.go, 1);
	join_tid(&d.ctid);
	raw_sleep_ms(20);
	r4 = raw_wait4(-1, NULL, WNOHANG | __WALL);
	if (r1 != -ECHILD || r2 != -ECHILD || r3 != -ECHILD || r4 != -ECHILD)
		fail(name, "wait4 gave %ld %ld %ld %ld, want -ECHILD (%d) each", r1, r2, r3, r4,
		     -ECHILD);
	else
		ok(name);
}

/* CLEARTID: the tid word holds the tid (PARENT_SETTID) until the thread
 * exits, then 0, and a futex waiter is woken. */
static int sleepy(void *arg)
{
	(void)arg;
	raw_sleep_ms(50);
	return 0;
}

static void cleartid_join(const char *name)
{
	static volatile int ctid = 0;
	long tid = spawn(sleepy, NULL, &ctid), t0 = now_ms();
	int seen = ctid, r;

	if (tid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	if (seen != tid && seen != 0) {
		fail(name, "tid word %d after clone, want the tid %ld", seen, tid);
		return;
	}
	r = futex_wait(&ctid, (int)tid);	/* blocks until the exit wake (or -EAGAIN if done) */
	join_tid(&ctid);
	if (r != 0 && r != -EAGAIN)
		fail(name, "futex_wait: %d", r);
	else if (now_ms() - t0 > 5000)
		fail(name, "join took %ld ms", now_ms() - t0);
	else
		ok(name);
}

/* 64 threads x 20 rounds, each round joined through CLEARTID futexes */
#define NT 64
#define ROUNDS 20
static volatile int counter;
static volatile int storm_tid[NT];
static char *stacks[NT];

static int bump(void *arg)
{
	(void)arg;
	__atomic_add_fetch(&counter, 1, __ATOMIC_SEQ_CST);
	if (((long)arg & 3) == 0)
		__syscall0(SYS_sched_yield);
	return 0;
}

static void storm(const char *name)
{
	long pages0 = -1, slab0 = -1, pages, slab;

	for (int i = 0; i < NT; i++)
		stacks[i] = new_stack(16384);
	counter = 0;
	for (int r = 0; r < ROUNDS; r++) {
		for (int i = 0; i < NT; i++) {
			storm_tid[i] = -1;
			if (clone(bump, stacks[i], TFLAGS, (void *)(long)i, &storm_tid[i], NULL,
				  &storm_tid[i]) < 0) {
				fail(name, "round %d thread %d: clone: %s", r, i, strerror(errno));
				return;
			}
		}
		for (int i = 0; i < NT; i++)
			join_tid(&storm_tid[i]);
		if (r == 0) {
			pages0 = meminfo("PagesFree");
			slab0 = meminfo("SlabObjects");
		}
	}
	if (counter != NT * ROUNDS) {
		fail(name, "counter %d, want %d", counter, NT * ROUNDS);
		return;
	}
	if (raw_wait4(-1, NULL, WNOHANG | __WALL) != -ECHILD) {
		fail(name, "wait4 after the storm is not -ECHILD");
		return;
	}
	for (int tries = 0;; tries++) {
		pages = meminfo("PagesFree");
		slab = meminfo("SlabObjects");
		if (pages >= pages0 && slab <= slab0)
			break;
		if (tries == 20) {
			fail(name, "leak over 19 rounds: PagesFree %ld -> %ld, SlabObjects %ld -> %ld",
			     pages0, pages, slab0, slab);
			return;
		}
		raw_sleep_ms(50);
	}
	ok(name);
}

/* tgkill: the signal is handled by the thread it was sent to */
static volatile int handled_by;

static void on_usr1(int sig)
{
	(void)sig;
	handled_by = __syscall0(SYS_gettid);
}

static int wait_for_signal(void *arg)
{
	struct ids *d = arg;

	d->tid = __syscall0(SYS_gettid);
	while (!handled_by)
		raw_sleep_ms(1);
	return 0;
}

static void tgkill_thread(const char *name)
{
	static struct ids d;
	long tid, r;

	signal(SIGUSR1, on_usr1);
	tid = spawn(wait_for_signal, &d, &d.ctid);
	if (tid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	r = __syscall3(SYS_tgkill, getpid(), tid, SIGUSR1);
	join_tid(&d.ctid);
	if (r != 0)
		fail(name, "tgkill: %ld", r);
	else if (handled_by != tid)
		fail(name, "SIGUSR1 handled by tid %d, sent to %ld", handled_by, tid);
	else
		ok(name);
}

static void tgkill_bad(const char *name)
{
	static struct ids d;
	long tid = spawn(record_ids, &d, &d.ctid);
	long r1, r2;

	if (tid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	r1 = __syscall3(SYS_tgkill, getpid() + 100000, tid, 0);	/* wrong tgid */
	r2 = __syscall3(SYS_tgkill, getpid(), tid, 0);		/* probe: exists */
	d.go = 1;
	futex_wake(&d.go, 1);
	join_tid(&d.ctid);
	raw_sleep_ms(20);
	if (r1 != -ESRCH)
		fail(name, "tgkill with a wrong tgid: %ld, want -ESRCH", r1);
	else if (r2 != 0)
		fail(name, "tgkill(pid, tid, 0) on a live thread: %ld", r2);
	else if (__syscall3(SYS_tgkill, getpid(), tid, 0) != -ESRCH)
		fail(name, "tgkill on an exited thread is not -ESRCH");
	else
		ok(name);
}

/* the leader calls SYS_exit first: the process lives on until the last
 * thread exits, and (as Linux 6.x on the reference host shows) the status
 * is the exit code of that last thread */
static int late_writer(void *arg)
{
	int fd = (int)(long)arg;

	raw_sleep_ms(100);
	__syscall3(SYS_write, fd, "t", 1);
	return 5;
}

static void leader_exits_first(const char *name)
{
	int p[2], st;
	char c = 0;
	pid_t pid;

	pipe(p);
	pid = fork();
	if (pid == 0) {
		static volatile int ctid;

		close(p[0]);
		if (spawn(late_writer, (void *)(long)p[1], &ctid) < 0)
			_exit(90);
		raw_exit(3);	/* only the leader */
	}
	close(p[1]);
	if (read(p[0], &c, 1) != 1 || c != 't') {
		fail(name, "the thread did not survive its leader's SYS_exit");
		waitpid(pid, &st, 0);
		return;
	}
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (!WIFEXITED(st) || WEXITSTATUS(st) != 5)
		fail(name, "status 0x%x, want the last thread's exit code 5", st);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "clonethread-ids", ids },
	{ "clonethread-not-waitable", not_waitable },
	{ "clonethread-cleartid-join", cleartid_join },
	{ "clonethread-storm", storm, 120 },
	{ "clonethread-tgkill", tgkill_thread },
	{ "clonethread-tgkill-esrch", tgkill_bad },
	{ "clonethread-leader-exits-first", leader_exits_first },
};

int main(void)
{
	return RUN(cases);
}
