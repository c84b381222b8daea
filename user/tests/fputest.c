/* FP registers are per task: each process or thread keeps its 32 FP
 * registers and fcsr across context switches (yield, preemption, sleeps),
 * a fork or thread clone starts with the caller's, and a signal handler
 * that changes them leaves them as they were after sigreturn.
 *
 * Each case loads all of f0-f31 and fcsr in one asm block, runs the event
 * inside that block (nothing the compiler emits can touch an FP register
 * in between) and stores them again. The kernel saves a task's registers
 * only when the hardware marked them dirty; breaking that (never saving,
 * or not saving before fork copies them) fails these cases. RISC-V only. */
#include <sched.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

struct fpstate {
	unsigned long f[32];
	unsigned long fcsr;
};

#define FLD(n) "fld f" #n ", " #n "*8(%[in])\n"
#define FLD_T2(n) "fld f" #n ", " #n "*8(t2)\n"
#define FSD(n) "fsd f" #n ", " #n "*8(%[out])\n"
#define ALL(M) M(0) M(1) M(2) M(3) M(4) M(5) M(6) M(7) M(8) M(9) M(10) M(11) M(12) M(13) \
	M(14) M(15) M(16) M(17) M(18) M(19) M(20) M(21) M(22) M(23) M(24) M(25) M(26) M(27) \
	M(28) M(29) M(30) M(31)
#define LOAD_ALL ALL(FLD) "ld t0, 256(%[in])\n fscsr t0\n"
#define STORE_ALL ALL(FSD) "frcsr t0\n sd t0, 256(%[out])\n"
#define FP_CLOBBERS "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", \
	"f12", "f13", "f14", "f15", "f16", "f17", "f18", "f19", "f20", "f21", "f22", "f23", "f24", \
	"f25", "f26", "f27", "f28", "f29", "f30", "f31"

/* A pattern of its own for each seed; fcsr: a rounding mode (bits 5-7)
 * and accrued flags (bits 0-4) that differ by seed too. */
static void fill(struct fpstate *s, unsigned seed)
{
	for (int i = 0; i < 32; i++)
		s->f[i] = 0x4000000000000000UL ^ ((unsigned long)seed << 40) ^ ((unsigned long)i << 8) ^
			  (seed * 2654435761UL + (unsigned long)i);
	s->fcsr = ((seed % 5) << 5) | (seed % 31 + 1);
}

static int diff(const char *name, const struct fpstate *want, const struct fpstate *got,
		const char *when)
{
	for (int i = 0; i < 32; i++)
		if (want->f[i] != got->f[i]) {
			fail(name, "%s: f%d is %#lx, want %#lx", when, i, got->f[i], want->f[i]);
			return 1;
		}
	if (want->fcsr != got->fcsr) {
		fail(name, "%s: fcsr is %#lx, want %#lx", when, got->fcsr, want->fcsr);
		return 1;
	}
	return 0;
}

/* Loads in, yields `yields` times and spins `spin` iterations after each
 * (long enough that the timer preempts some of them), stores to out. */
static void hold_across_switches(const struct fpstate *in, struct fpstate *out, long yields,
				 long spin)
{
	__asm__ __volatile__(LOAD_ALL
			     "mv s2, %[n]\n"
			     "1: li a7, %[nr]\n ecall\n"
			     "mv t1, %[spin]\n"
			     "2: addi t1, t1, -1\n bnez t1, 2b\n"
			     "addi s2, s2, -1\n bnez s2, 1b\n"
			     STORE_ALL
			     :
			     : [in] "r"(in), [out] "r"(out), [n] "r"(yields), [spin] "r"(spin),
			       [nr] "i"(SYS_sched_yield)
			     : "t0", "t1", "s2", "a0", "a7", "memory", FP_CLOBBERS);
}

/* Several processes at once, each with its own values, switching often:
 * on -smp 1 each switch hands the hart's FP registers to another. */
static void fp_processes(const char *name)
{
	enum { N = 4 };
	pid_t kids[N];
	for (int k = 0; k < N; k++) {
		kids[k] = fork();
		if (kids[k] == 0) {
			struct fpstate in, out;
			fill(&in, 17 + k);
			int bad = 0;
			for (int round = 0; round < 20 && !bad; round++) {
				hold_across_switches(&in, &out, 50, 20000 * (k + 1));
				bad = diff(name, &in, &out, "after yields and preemption");
			}
			_exit(bad);
		}
		CHECK(name, kids[k] > 0, "fork: %s", strerror(errno));
	}
	int bad = 0;
	for (int k = 0; k < N; k++) {
		int st;
		waitpid(kids[k], &st, 0);
		bad |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
	}
	CHECK(name, !bad, "a process's FP registers changed (see above)");
	ok(name);
}

/* Threads share the memory but not the registers. */
static struct fpstate thr_out[3];
static volatile int thr_bad;

static void *fp_thread(void *arg)
{
	long k = (long)arg;
	struct fpstate in;
	fill(&in, 101 + (unsigned)k);
	for (int round = 0; round < 10; round++) {
		hold_across_switches(&in, &thr_out[k], 30, 10000);
		if (diff("fpu-threads", &in, &thr_out[k], "in a thread"))
			thr_bad = 1;
	}
	return NULL;
}

#include <pthread.h>
static void fp_threads(const char *name)
{
	pthread_t t[3];
	for (long k = 0; k < 3; k++)
		CHECK(name, pthread_create(&t[k], NULL, fp_thread, (void *)k) == 0, "pthread_create");
	for (int k = 0; k < 3; k++)
		pthread_join(t[k], NULL);
	CHECK(name, !thr_bad, "a thread's FP registers changed (see above)");
	ok(name);
}

/* fork from inside the asm block: the child's registers are the parent's
 * at the call, dirty in the hart at that moment; the parent's survive. */
static void fp_fork(const char *name)
{
	struct fpstate in, out;
	long pid;
	fill(&in, 7);
	__asm__ __volatile__(LOAD_ALL
			     "li a0, %[flags]\n li a1, 0\n li a2, 0\n li a3, 0\n li a4, 0\n"
			     "li a7, %[nr]\n ecall\n mv %[pid], a0\n"
			     STORE_ALL
			     : [pid] "=&r"(pid)
			     : [in] "r"(&in), [out] "r"(&out), [flags] "i"(SIGCHLD),
			       [nr] "i"(SYS_clone)
			     : "t0", "a0", "a1", "a2", "a3", "a4", "a7", "memory", FP_CLOBBERS);
	if (pid == 0)
		_exit(diff(name, &in, &out, "in the child after fork"));
	CHECK(name, pid > 0, "fork: %ld", pid);
	int st;
	waitpid(pid, &st, 0);
	CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 0, "the child saw other FP registers");
	CHECK(name, !diff(name, &in, &out, "in the parent after fork"), "parent");
	ok(name);
}

/* A handler that loads other values (and another fcsr) into every
 * register: after sigreturn the interrupted code has its own back. */
struct fpstate handler_junk;
volatile int handled;

/* In asm: a C handler would save and restore the callee-saved FP
 * registers it clobbers itself, hiding the kernel's part. */
void clobber(int sig);
__asm__(".text\n.globl clobber\nclobber:\n"
	"la t2, handler_junk\n" ALL(FLD_T2) "ld t0, 256(t2)\n fscsr t0\n"
	"la t2, handled\n lw t0, 0(t2)\n addi t0, t0, 1\n sw t0, 0(t2)\n ret\n");

static void fp_signal(const char *name)
{
	struct fpstate in, out;
	fill(&in, 3);
	fill(&handler_junk, 99);
	struct sigaction sa;
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = clobber;
	sigaction(SIGUSR1, &sa, NULL);
	long pid = getpid();
	__asm__ __volatile__(LOAD_ALL
			     "mv a0, %[pid]\n li a1, %[sig]\n li a7, %[nr]\n ecall\n"
			     STORE_ALL
			     :
			     : [in] "r"(&in), [out] "r"(&out), [pid] "r"(pid), [sig] "i"(SIGUSR1),
			       [nr] "i"(SYS_kill)
			     : "t0", "a0", "a1", "a7", "memory", FP_CLOBBERS);
	CHECK(name, handled == 1, "the handler ran %d times", handled);
	CHECK(name, !diff(name, &in, &out, "after the handler returned"), "signal");
	ok(name);
}

static const struct {
	const char *name;
	void (*fn)(const char *);
} cases[] = {
	{ "fpu-processes", fp_processes },
	{ "fpu-threads", fp_threads },
	{ "fpu-fork", fp_fork },
	{ "fpu-signal", fp_signal },
};

int main(void)
{
	for (unsigned i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		pid_t p = fork();
		if (p == 0) {
			cases[i].fn(cases[i].name);
			fflush(stdout);
			_exit(failures != 0);
		}
		int st;
		waitpid(p, &st, 0);
		if (!WIFEXITED(st))
			printf("FAIL %s: died with status %#x\n", cases[i].name, st);
	}
	return 0;
}
