/* Fault-injection sweep over clone: /proc/fail-nth = N makes the Nth kernel
 * allocation of this task fail. For N = 1, 2, ... clone must either succeed
 * (child exits 0, reaped) or fail with ENOMEM/EAGAIN leaving no child, and
 * free pages and slab objects must return to the baseline every round. The
 * sweep ends when clone succeeds with the failure still pending. */
#include "clonetest.h"

/* Everything armed_clone touches lives in one MAP_SHARED page, so that no
 * copy-on-write fault (an allocation) can happen while the knob is armed. */
struct ctl {
	int wfd;		/* 0: /proc/fail-nth, for arming */
	int armlen;		/* 4 */
	char armstr[16];	/* 8 */
	int rfd;		/* 24: fresh fd for reading the pending value */
	int pad;		/* 28 */
	char rbuf[16];		/* 32 */
	long rcount;		/* 48 */
	char zero[8];		/* 56: "0\n" */
};

long armed_clone(unsigned long flags, void *sp, int *ptid, void *tls, int *ctid, struct ctl *c);
__asm__(
	"	.text\n"
	"	.globl armed_clone\n"
	"armed_clone:\n"
	"	mv t6, a5\n"
	"	mv t0, a0\n mv t1, a1\n mv t2, a2\n mv t3, a3\n mv t4, a4\n"
	"	lw a0, 0(t6)\n addi a1, t6, 8\n lw a2, 4(t6)\n li a7, 64\n ecall\n"	/* arm */
	"	mv a0, t0\n mv a1, t1\n mv a2, t2\n mv a3, t3\n mv a4, t4\n"
	"	li a7, 220\n ecall\n"						/* clone */
	"	bnez a0, 1f\n"
	"	li a7, 93\n ecall\n"						/* child: exit(0) */
	"2:	j 2b\n"
	"1:	mv t5, a0\n"
	"	lw a0, 24(t6)\n addi a1, t6, 32\n li a2, 15\n li a7, 63\n ecall\n"	/* read pending */
	"	sd a0, 48(t6)\n"
	"	lw a0, 0(t6)\n addi a1, t6, 56\n li a2, 2\n li a7, 64\n ecall\n"	/* disarm */
	"	mv a0, t5\n"
	"	ret\n");

static struct ctl *ctl;

struct variant {
	const char *name;
	unsigned long flags;
	int stack, thread;
};

static long mem_pages, mem_slab;

static int mem_back(long *pages, long *slab)
{
	for (int tries = 0; tries < 30; tries++) {
		*pages = meminfo("PagesFree");
		*slab = meminfo("SlabObjects");
		if (*pages >= mem_pages && *slab <= mem_slab)
			return 1;
		raw_sleep_ms(10);
	}
	return 0;
}

/* One clone with fail-nth = n (0: unarmed). Returns 1 when done (clone
 * succeeded without the failure firing), 0 to go on, -1 on a FAIL. */
static int round_(const char *name, const struct variant *v, int n, char *stack)
{
	static volatile int ctid;
	static int ptid;
	long r, pending;
	int st;

	ctl->armlen = snprintf(ctl->armstr, sizeof(ctl->armstr), "%d\n", n);
	ctl->rfd = open("/proc/fail-nth", O_RDONLY);
	if (ctl->rfd < 0) {
		fail(name, "open /proc/fail-nth: %s", strerror(errno));
		return -1;
	}
	memset(ctl->rbuf, 0, sizeof(ctl->rbuf));
	ctid = v->thread ? -1 : 0;
	r = armed_clone(v->flags, v->stack ? stack : NULL, &ptid, NULL,
			v->thread ? (int *)&ctid : NULL, ctl);
	close(ctl->rfd);
	pending = ctl->rcount > 0 ? strtol(ctl->rbuf, NULL, 10) : -1;
	if (ctl->rcount <= 0) {
		fail(name, "N=%d: reading /proc/fail-nth back: %ld", n, ctl->rcount);
		return -1;
	}
	if (r < 0) {
		long w = raw_wait4(-1, NULL, WNOHANG | __WALL);

		if (r != -ENOMEM && r != -EAGAIN) {
			fail(name, "N=%d: clone failed with %ld, want -ENOMEM or -EAGAIN", n, r);
			return -1;
		}
		if (pending != 0) {
			fail(name, "N=%d: clone failed (%ld) but the injected failure is still pending "
			     "(%ld)", n, r, pending);
			return -1;
		}
		if (w != -ECHILD) {
			fail(name, "N=%d: clone failed (%ld) but a child exists (wait4 %ld)", n, r, w);
			return -1;
		}
	} else if (v->thread) {
		join_tid(&ctid);
	} else if (raw_wait4(r, &st, __WALL) != r || st != 0) {
		fail(name, "N=%d: child %ld status 0x%x", n, r, st);
		return -1;
	}
	if (n > 0) {
		long pages, slab;

		if (!mem_back(&pages, &slab)) {
			fail(name, "N=%d (clone %s): PagesFree %ld -> %ld, SlabObjects %ld -> %ld", n,
			     r < 0 ? "failed" : "succeeded", mem_pages, pages, mem_slab, slab);
			return -1;
		}
	}
	return r > 0 && pending > 0;
}

static void sweep(const char *name, const struct variant *v)
{
	char *stack = new_stack(STACK_SIZE);
	int failed = 0, n;

	ctl = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (ctl == MAP_FAILED) {
		fail(name, "mmap(MAP_SHARED): %s", strerror(errno));
		return;
	}
	memset(ctl, 0, sizeof(*ctl));
	ctl->wfd = open("/proc/fail-nth", O_WRONLY);
	if (ctl->wfd < 0) {
		fail(name, "open /proc/fail-nth for writing: %s", strerror(errno));
		return;
	}
	memcpy(ctl->zero, "0\n", 2);
	stack[-1] = 0;	/* touch the stack */
	/* warm up twice, then take the baseline */
	for (int i = 0; i < 2; i++)
		if (round_(name, v, 0, stack) < 0)
			return;
	mem_pages = meminfo("PagesFree");
	mem_slab = meminfo("SlabObjects");
	for (n = 1; n <= 2000; n++) {
		int r = round_(name, v, n, stack);

		if (r < 0)
			return;
		if (r == 1)
			break;
		failed++;
	}
	if (n > 2000)
		fail(name, "clone still hits the injected failure at N=2000");
	else if (failed == 0)
		fail(name, "N=1 did not make clone fail: fault injection not wired up?");
	else {
		printf("# %s: %d allocation points\n", name, n - 1);
		ok(name);
	}
}

static const struct variant variants[] = {
	{ "failnth-fork", SIGCHLD, 0, 0 },
	{ "failnth-files-fs", CLONE_FILES | CLONE_FS | SIGCHLD, 0, 0 },
	{ "failnth-vm", CLONE_VM | SIGCHLD, 1, 0 },
	{ "failnth-vm-sighand", CLONE_VM | CLONE_SIGHAND | SIGCHLD, 1, 0 },
	{ "failnth-vfork", CLONE_VM | CLONE_VFORK | SIGCHLD, 1, 0 },
	{ "failnth-thread", THREAD_FLAGS | CLONE_SETTLS | CLONE_PARENT_SETTID | CLONE_CHILD_CLEARTID,
	  1, 1 },
};

static void v0(const char *n) { sweep(n, &variants[0]); }
static void v1(const char *n) { sweep(n, &variants[1]); }
static void v2(const char *n) { sweep(n, &variants[2]); }
static void v3(const char *n) { sweep(n, &variants[3]); }
static void v4(const char *n) { sweep(n, &variants[4]); }
static void v5(const char *n) { sweep(n, &variants[5]); }

static const struct tcase cases[] = {
	{ "failnth-fork", v0, 120 },
	{ "failnth-files-fs", v1, 120 },
	{ "failnth-vm", v2, 120 },
	{ "failnth-vm-sighand", v3, 120 },
	{ "failnth-vfork", v4, 120 },
	{ "failnth-thread", v5, 120 },
};

int main(void)
{
	int st;
	pid_t pid;

	if (RUN(cases))
		return 1;
	/* the kernel still forks normally afterwards */
	pid = fork();
	if (pid == 0)
		_exit(0);
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		fail("failnth-fork-after", "fork after the sweeps: %s", strerror(errno));
		return 1;
	}
	ok("failnth-fork-after");
	return 0;
}
