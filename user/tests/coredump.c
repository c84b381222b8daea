/* Core dumps: a core signal's default action with RLIMIT_CORE > 0 writes
 * an ELF core file ("core" in the working directory: the default
 * core_pattern) and the wait status has WCOREDUMP; the core's notes name
 * the crashing thread first with its registers (pc in the function that
 * crashed, sp on its stack), every other thread follows, and a PT_LOAD
 * holds the writable data. No core (and no WCOREDUMP) with RLIMIT_CORE 0
 * or below a page, a handled signal, PR_SET_DUMPABLE 0, or a working
 * directory that cannot take the file. Portable: difftest runs it on the
 * host's Linux, where core_pattern must be the default "core" (the test
 * never changes it: that is corepattern.c, cleave only).
 *
 * "coredump --for-gdb" (tests/host/coredump-gdb) leaves /core from a
 * crash in crash_in_here() for gdb to read. A table of named cases, each
 * in its own child. */
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

static const char *cur;
static int bad;

#undef CHECK	/* this one goes on after a failure (check.h's returns) */
#define CHECK(cond, ...)                                  \
	do {                                              \
		int ok_ = !!(cond);                       \
		if (!bad && !ok_) {                       \
			fail(cur, __VA_ARGS__);           \
			bad = 1;                          \
		}                                         \
	} while (0)

#define NT_PRSTATUS 1
#define NT_PRPSINFO 3
#define NT_AUXV 6
#define NT_SIGINFO 0x53494749
#define PRSTATUS_PID 32
#define PRSTATUS_CURSIG 12
#define PRSTATUS_REG 112
#if defined(__riscv)
#define REG_PC 0	/* user_regs_struct: pc, ra, sp, ... */
#define REG_SP 2
#define MACHINE 243	/* EM_RISCV */
#elif defined(__x86_64__)
#define REG_PC 16	/* user_regs_struct: r15 ... orig_rax, rip, cs, eflags, rsp */
#define REG_SP 19
#define MACHINE 62	/* EM_X86_64 */
#else
#error "coredump.c: registers of this architecture"
#endif

/* What the crashing child tells the parent (shared memory). */
struct shared {
	volatile unsigned long stack_mark;	/* an address in the crashing frame's caller */
	volatile pid_t tids[3];			/* threads case: crasher, then the others */
	volatile unsigned long thread_marks[3];
	volatile int ready;
};
static struct shared *sh;

volatile unsigned long marker;		/* in .data/.bss: must be in a PT_LOAD */

__attribute__((noinline)) void crash_in_here(volatile int *p)
{
	*p = 1;
}

__attribute__((noinline)) static void crash(void)
{
	volatile int here = 0;
	sh->stack_mark = (unsigned long)&here;
	crash_in_here((volatile int *)0);
	here++;
}

static void core_limit(rlim_t n)
{
	struct rlimit rl = { n, RLIM_INFINITY };

	setrlimit(RLIMIT_CORE, &rl);
}

/* A fresh directory for one case's core, which becomes the cwd (main
 * removes it after the case). */
static char case_dir[64];

static void enter_dir(void)
{
	snprintf(case_dir, sizeof(case_dir), "coredir.%d", getpid());
	mkdir(case_dir, 0755);
	CHECK(chdir(case_dir) == 0, "chdir %s: %s", case_dir, strerror(errno));
}

static void leave_dir(void)
{
	if (!case_dir[0])
		return;
	unlink("core");
	if (chdir("..") == 0)
		rmdir(case_dir);
}

static int run_child(void (*fn)(void))
{
	int st = -1;
	pid_t pid = fork();

	if (pid == 0) {
		fn();
		_exit(0);
	}
	waitpid(pid, &st, 0);
	return st;
}

/* ---- reading the core ---- */

struct core {
	unsigned char *buf;
	size_t size;
};

static int load(const char *path, struct core *c)
{
	int fd = open(path, O_RDONLY);
	size_t cap = 1 << 20;
	ssize_t r;

	c->size = 0;
	c->buf = malloc(cap);
	if (fd < 0 || !c->buf)
		return -1;
	while ((r = read(fd, c->buf + c->size, cap - c->size)) > 0) {
		c->size += r;
		if (c->size == cap) {
			cap *= 2;
			c->buf = realloc(c->buf, cap);
		}
	}
	close(fd);
	return 0;
}

static unsigned long u64_at(const struct core *c, size_t off)
{
	unsigned long v = 0;

	if (off + 8 <= c->size)
		memcpy(&v, c->buf + off, 8);
	return v;
}

static unsigned u32_at(const struct core *c, size_t off)
{
	unsigned v = 0;

	if (off + 4 <= c->size)
		memcpy(&v, c->buf + off, 4);
	return v;
}

static unsigned u16_at(const struct core *c, size_t off)
{
	unsigned short v = 0;

	if (off + 2 <= c->size)
		memcpy(&v, c->buf + off, 2);
	return v;
}

/* Program header i's field at off (p_type 0, p_offset 8, p_vaddr 16,
 * p_filesz 32, p_memsz 40). */
static unsigned long ph(const struct core *c, int i, int off)
{
	size_t at = u64_at(c, 32) + (size_t)i * u16_at(c, 54) + off;
	return off == 0 ? u32_at(c, at) : u64_at(c, at);
}

/* Each note of type t, in order: the offset of its descriptor. */
static int notes(const struct core *c, unsigned t, size_t *out, int max)
{
	int n = 0;

	for (int i = 0; i < (int)u16_at(c, 56); i++) {
		if (ph(c, i, 0) != 4)	/* PT_NOTE */
			continue;
		size_t p = ph(c, i, 8), end = p + ph(c, i, 32);
		while (p + 12 <= end && end <= c->size) {
			unsigned nsz = u32_at(c, p), dsz = u32_at(c, p + 4), type = u32_at(c, p + 8);
			size_t desc = p + 12 + ((nsz + 3) & ~3u);
			if (type == t && n < max)
				out[n++] = desc;
			p = desc + ((dsz + 3) & ~3u);
		}
	}
	return n;
}

/* The 8 bytes at address a as the core holds them; found = 0 if no
 * PT_LOAD covers it. */
static unsigned long mem_at(const struct core *c, unsigned long a, int *found)
{
	*found = 0;
	for (int i = 0; i < (int)u16_at(c, 56); i++) {
		if (ph(c, i, 0) != 1)	/* PT_LOAD */
			continue;
		unsigned long v = ph(c, i, 16), fsz = ph(c, i, 32);
		if (a >= v && a + 8 <= v + fsz) {
			*found = 1;
			return u64_at(c, ph(c, i, 8) + (a - v));
		}
	}
	return 0;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0;
}

/* ---- cases ---- */

static void segv_child(void)
{
	core_limit(RLIM_INFINITY);
	marker = 0x1122334455667788UL ^ (unsigned long)getpid();
	crash();
}

/* The core of a SIGSEGV: header, the crashing thread's registers, the
 * process notes, the data. */
static void t_segv(void)
{
	struct core c;
	size_t d[8];

	enter_dir();
	int st = run_child(segv_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WCOREDUMP(st),
	      "status 0x%x, want SIGSEGV with WCOREDUMP", st);
	CHECK(load("core", &c) == 0, "no core file: %s", strerror(errno));
	if (bad)
		return;
	CHECK(c.size > 64 && memcmp(c.buf, "\177ELF\2\1\1", 7) == 0, "not an ELF64 LSB file");
	CHECK(u16_at(&c, 16) == 4 && u16_at(&c, 18) == MACHINE, "e_type %u e_machine %u",
	      u16_at(&c, 16), u16_at(&c, 18));
	CHECK(notes(&c, NT_PRSTATUS, d, 8) == 1, "%d NT_PRSTATUS notes, want 1",
	      notes(&c, NT_PRSTATUS, d, 8));
	pid_t pid = (pid_t)u32_at(&c, d[0] + PRSTATUS_PID);
	unsigned long pc = u64_at(&c, d[0] + PRSTATUS_REG + 8 * REG_PC);
	unsigned long sp = u64_at(&c, d[0] + PRSTATUS_REG + 8 * REG_SP);
	unsigned long fn = (unsigned long)crash_in_here;
	CHECK((int)(short)u16_at(&c, d[0] + PRSTATUS_CURSIG) == SIGSEGV, "pr_cursig %d",
	      (short)u16_at(&c, d[0] + PRSTATUS_CURSIG));
	CHECK(pc >= fn && pc < fn + 32, "pc %#lx, not in crash_in_here (%#lx)", pc, fn);
	CHECK(sp <= sh->stack_mark && sp + 4096 > sh->stack_mark,
	      "sp %#lx, the caller's frame is at %#lx", sp, sh->stack_mark);
	CHECK(notes(&c, NT_PRPSINFO, d, 1) == 1 && strncmp((char *)c.buf + d[0] + 40, "coredump", 16) == 0,
	      "NT_PRPSINFO missing or pr_fname not \"coredump\"");
	CHECK(u32_at(&c, d[0] + 24) == (unsigned)pid, "NT_PRPSINFO pr_pid %u, want %d",
	      u32_at(&c, d[0] + 24), pid);
	CHECK(notes(&c, NT_SIGINFO, d, 1) == 1 && u32_at(&c, d[0]) == SIGSEGV &&
	      u64_at(&c, d[0] + 16) == 0, "NT_SIGINFO missing, or not SIGSEGV at address 0");
	CHECK(notes(&c, NT_AUXV, d, 1) == 1, "no NT_AUXV");
	int found;
	unsigned long m = mem_at(&c, (unsigned long)&marker, &found);
	CHECK(found && m == (0x1122334455667788UL ^ (unsigned long)pid),
	      "marker %#lx in the core (found %d), want %#lx", m, found,
	      0x1122334455667788UL ^ (unsigned long)pid);
}

/* Every thread is in the core, the one that crashed first. */
static void *sleeper(void *arg)
{
	volatile int here = 0;
	int i = (int)(long)arg;

	sh->tids[i] = gettid();
	sh->thread_marks[i] = (unsigned long)&here;
	for (;;)
		pause();
	return NULL;
}

static void *crasher(void *arg)
{
	(void)arg;
	sh->tids[0] = gettid();
	while (!sh->tids[1] || !sh->tids[2])
		usleep(1000);
	crash();
	return NULL;
}

static void threads_child(void)
{
	pthread_t th;

	core_limit(RLIM_INFINITY);
	pthread_create(&th, NULL, sleeper, (void *)1L);
	pthread_create(&th, NULL, crasher, NULL);
	sleeper((void *)2L);
}

static void t_threads(void)
{
	struct core c;
	size_t d[8];

	enter_dir();
	memset((void *)sh, 0, sizeof(*sh));
	int st = run_child(threads_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && WCOREDUMP(st), "status 0x%x", st);
	CHECK(load("core", &c) == 0, "no core file: %s", strerror(errno));
	if (bad)
		return;
	int n = notes(&c, NT_PRSTATUS, d, 8);
	CHECK(n == 3, "%d NT_PRSTATUS notes, want 3", n);
	if (n != 3)
		return;
	CHECK((pid_t)u32_at(&c, d[0] + PRSTATUS_PID) == sh->tids[0],
	      "the first NT_PRSTATUS is tid %u, not the crashing thread %d",
	      u32_at(&c, d[0] + PRSTATUS_PID), sh->tids[0]);
	unsigned long pc = u64_at(&c, d[0] + PRSTATUS_REG + 8 * REG_PC);
	CHECK(pc >= (unsigned long)crash_in_here && pc < (unsigned long)crash_in_here + 32,
	      "crashing thread's pc %#lx", pc);
	for (int k = 1; k < 3; k++) {
		pid_t tid = (pid_t)u32_at(&c, d[k] + PRSTATUS_PID);
		int i = tid == sh->tids[1] ? 1 : tid == sh->tids[2] ? 2 : 0;
		unsigned long sp = u64_at(&c, d[k] + PRSTATUS_REG + 8 * REG_SP);
		CHECK(i, "NT_PRSTATUS %d is tid %d, not one of the sleepers", k, tid);
		CHECK(!i || (sp <= sh->thread_marks[i] && sp + 65536 > sh->thread_marks[i]),
		      "sleeper %d's sp %#lx, its frame is at %#lx", tid, sp, sh->thread_marks[i]);
		CHECK((int)(short)u16_at(&c, d[k] + PRSTATUS_CURSIG) == SIGSEGV,
		      "a sleeper's pr_cursig %d", (short)u16_at(&c, d[k] + PRSTATUS_CURSIG));
	}
}

static void abort_child(void)
{
	core_limit(RLIM_INFINITY);
	abort();
}

static void quit_child(void)
{
	core_limit(RLIM_INFINITY);
	kill(getpid(), SIGQUIT);
	for (;;)
		pause();
}

static void term_child(void)
{
	core_limit(RLIM_INFINITY);
	kill(getpid(), SIGTERM);
	for (;;)
		pause();
}

/* SIGABRT and SIGQUIT dump core; SIGTERM does not. */
static void t_signals(void)
{
	struct core c;
	size_t d[2];

	enter_dir();
	int st = run_child(abort_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGABRT && WCOREDUMP(st), "abort: status 0x%x", st);
	CHECK(load("core", &c) == 0 && notes(&c, NT_PRSTATUS, d, 2) == 1 &&
	      (short)u16_at(&c, d[0] + PRSTATUS_CURSIG) == SIGABRT, "abort: no core with SIGABRT");
	unlink("core");
	st = run_child(quit_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGQUIT && WCOREDUMP(st), "SIGQUIT: status 0x%x", st);
	CHECK(exists("core"), "SIGQUIT: no core");
	unlink("core");
	st = run_child(term_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGTERM && !WCOREDUMP(st), "SIGTERM: status 0x%x", st);
	CHECK(!exists("core"), "SIGTERM left a core");
}

static void limit0_child(void)
{
	core_limit(0);
	crash();
}

static void limit_small_child(void)
{
	core_limit(1000);	/* less than a page: Linux's minimum for ELF cores */
	crash();
}

static void handled(int sig)
{
	(void)sig;
	_exit(3);
}

static void handled_child(void)
{
	core_limit(RLIM_INFINITY);
	signal(SIGSEGV, handled);
	crash();
}

static void undumpable_child(void)
{
	core_limit(RLIM_INFINITY);
	prctl(PR_SET_DUMPABLE, 0, 0, 0, 0);
	crash();
}

/* No core, and no WCOREDUMP, when it must not or cannot be written. */
static void t_no_core(void)
{
	enter_dir();
	int st = run_child(limit0_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !WCOREDUMP(st),
	      "RLIMIT_CORE 0: status 0x%x", st);
	CHECK(!exists("core"), "RLIMIT_CORE 0 left a core");
	st = run_child(limit_small_child);
	CHECK(WIFSIGNALED(st) && !WCOREDUMP(st), "RLIMIT_CORE 1000: status 0x%x", st);
	CHECK(!exists("core"), "RLIMIT_CORE 1000 left a core");
	st = run_child(handled_child);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 3, "handled SIGSEGV: status 0x%x", st);
	st = run_child(undumpable_child);
	CHECK(WIFSIGNALED(st) && !WCOREDUMP(st), "PR_SET_DUMPABLE 0: status 0x%x", st);
	CHECK(!exists("core"), "no core expected, there is one");
}

static void unwritable_child(void)
{
	core_limit(RLIM_INFINITY);
	if (chdir("/proc") != 0)
		_exit(4);
	crash();
}

/* A working directory that takes no files (procfs): the process dies
 * as it would, without WCOREDUMP, and the kernel carries on. */
static void t_unwritable_cwd(void)
{
	int st = run_child(unwritable_child);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !WCOREDUMP(st),
	      "status 0x%x, want SIGSEGV without WCOREDUMP", st);
	CHECK(!exists("/proc/core"), "a core in /proc");
}

/* The default RLIMIT_CORE is soft 0, hard unlimited. */
static void t_default_limit(void)
{
	struct rlimit rl;

	CHECK(getrlimit(RLIMIT_CORE, &rl) == 0, "getrlimit: %s", strerror(errno));
	CHECK(rl.rlim_max == RLIM_INFINITY, "hard limit %lu", (unsigned long)rl.rlim_max);
}

/* An existing file named core is replaced, not written into. */
static void t_replaces(void)
{
	struct core c;

	enter_dir();
	int fd = open("core", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	CHECK(fd >= 0 && write(fd, "old core file, rather long so it would show", 43) == 43,
	      "setup: %s", strerror(errno));
	close(fd);
	int st = run_child(segv_child);
	CHECK(WIFSIGNALED(st) && WCOREDUMP(st), "status 0x%x", st);
	CHECK(load("core", &c) == 0 && memcmp(c.buf, "\177ELF", 4) == 0, "core not replaced");
	struct stat s;
	CHECK(stat("core", &s) == 0 && (s.st_mode & 0777) == 0600, "mode %o, want 0600",
	      (unsigned)s.st_mode & 0777);
}

/* For tests/host/coredump-gdb: /core from a crash in crash_in_here(). */
static int for_gdb(void)
{
	if (chdir("/") != 0)
		return 1;
	unlink("core");
	int st = run_child(segv_child);
	if (!WIFSIGNALED(st) || !WCOREDUMP(st)) {
		printf("FAIL core-for-gdb: status 0x%x\n", st);
		return 1;
	}
	sync();
	printf("ok core-for-gdb\n");
	return 0;
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "core-segv", t_segv },
	{ "core-threads", t_threads },
	{ "core-signals", t_signals },
	{ "core-no-core", t_no_core },
	{ "core-unwritable-cwd", t_unwritable_cwd },
	{ "core-default-limit", t_default_limit },
	{ "core-replaces", t_replaces },
};

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IONBF, 0);
	sh = mmap(NULL, sizeof(*sh), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED)
		return 1;
	if (argc > 1 && strcmp(argv[1], "--for-gdb") == 0)
		return for_gdb();
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cur = cases[i].name;
			cases[i].fn();
			leave_dir();
			if (!bad)
				ok(cur);
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid) {
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fail(cases[i].name, "case child ended with status 0x%x", st);
		} else if (WEXITSTATUS(st)) {
			failures++;
		}
	}
	return failures != 0;
}
