/* Fault injection over the page-table unshare paths (kernel/mm/ptshare.c):
 * after fork the child's page tables are the parent's; an mprotect, a
 * partial munmap or madvise, or an mremap in the child must first copy the
 * table, which allocates. With /proc/fail-nth = N for N = 1, 2, ... each
 * such call either works or fails with ENOMEM; either way neither side's
 * memory changes behind its back, and once the child is gone free pages
 * and slab objects are back at the baseline. */
#include "clonetest.h"

#define MiB (1UL << 20)
#define PG 4096UL
#define REGION (4 * MiB)

enum op { OP_MPROTECT, OP_MUNMAP, OP_MADVISE, OP_MREMAP, NOPS };
static const char *const opname[NOPS] = { "mprotect", "munmap", "madvise", "mremap" };

static unsigned long *r;	/* 2 MiB aligned, REGION bytes, page i holds i */

static long do_op(enum op op)
{
	char *b = (char *)r;
	switch (op) {
	case OP_MPROTECT:
		return mprotect(b + 16 * PG, 4 * PG, PROT_READ) ? -errno : 0;
	case OP_MUNMAP:
		return munmap(b + 2 * MiB + 3 * PG, 2 * PG) ? -errno : 0;
	case OP_MADVISE:
		return madvise(b + 40 * PG, 2 * PG, MADV_DONTNEED) ? -errno : 0;
	case OP_MREMAP:
		return xmremap(b + 2 * MiB + 64 * PG, 4 * PG, 4 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
			      b + REGION + 8 * PG) == MAP_FAILED ? -errno : 0;
	default:
		return -EINVAL;
	}
}

/* In the child: arm, do op, read the knob back. Exit codes: 0 the call
 * worked with the failure still pending (sweep done); 1 worked after the
 * failure fired elsewhere; 2 ENOMEM; 3+ errors. */
static int child(enum op op, int n, int wfd)
{
	char arm[16], back[16] = "";
	int len = snprintf(arm, sizeof(arm), "%d\n", n);
	/* every page this runs on is ours already: the stack and data tables
	 * were unshared by these writes, before arming */
	volatile char touch[256];
	touch[0] = touch[255] = 1;
	int rfd = open("/proc/fail-nth", O_RDONLY);
	if (rfd < 0 || write(wfd, arm, len) != len)
		return 3;
	long e = do_op(op);
	long got = read(rfd, back, sizeof(back) - 1);
	if (write(wfd, "0\n", 2) != 2 || got <= 0)
		return 4;
	long pending = strtol(back, NULL, 10);
	if (e != 0 && e != -ENOMEM)
		return 5;
	/* the pages the op did not touch are intact */
	for (unsigned long i = 0; i < REGION / PG; i++) {
		if (i >= 16 && i < 20)
			continue;
		if ((op == OP_MUNMAP && e == 0 && (i == 515 || i == 516)) ||
		    (op == OP_MREMAP && e == 0 && i >= 576 && i < 580))
			continue;
		if (op == OP_MADVISE && (i == 40 || i == 41))
			continue;
		if (r[i * PG / 8] != i) {
			printf("# %s, N=%d: page %lu holds %lu after %ld\n", opname[op], n, i,
			       r[i * PG / 8], e);
			fflush(stdout);
			return 6;
		}
	}
	if (e == -ENOMEM)
		return 2;
	return pending > 0 ? 0 : 1;
}

static void sweep(const char *name, enum op op)
{
	char *p = mmap(NULL, REGION + 2 * MiB, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	CHECK(name, p != MAP_FAILED, "mmap: %s", strerror(errno));
	r = (unsigned long *)(((unsigned long)p + 2 * MiB - 1) & ~(2 * MiB - 1));
	for (unsigned long i = 0; i < REGION / PG; i++)
		r[i * PG / 8] = i;
	int wfd = open("/proc/fail-nth", O_WRONLY);
	CHECK(name, wfd >= 0, "open /proc/fail-nth: %s", strerror(errno));
	long pages = -1, slab = -1;
	int n, failed = 0;
	for (n = 0; n <= 200; n++) {
		pid_t pid = fork();
		CHECK(name, pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0)
			_exit(n ? child(op, n, wfd) : (do_op(op) ? 7 : 0));
		int st;
		CHECK(name, waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
		CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) <= 2, "%s, N=%d: child status 0x%x "
		      "(3+: set-up, 5: not ENOMEM, 6: memory changed, 7: plain call failed)",
		      opname[op], n, st);
		long pn = meminfo("PagesFree"), sn = meminfo("SlabObjects");
		for (int tries = 0; tries < 30 && (pn < pages || sn > slab); tries++) {
			raw_sleep_ms(10);
			pn = meminfo("PagesFree");
			sn = meminfo("SlabObjects");
		}
		if (n == 0) {
			pages = pn;	/* the warm-up round sets the baseline */
			slab = sn;
			continue;
		}
		CHECK(name, pn >= pages && sn <= slab, "%s, N=%d: PagesFree %ld -> %ld, "
		      "SlabObjects %ld -> %ld", opname[op], n, pages, pn, slab, sn);
		if (WEXITSTATUS(st) == 2)
			failed++;
		if (WEXITSTATUS(st) == 0)
			break;
	}
	for (unsigned long i = 0; i < REGION / PG; i++)
		CHECK(name, r[i * PG / 8] == i, "the parent's page %lu changed", i);
	CHECK(name, n <= 200, "%s still failing at N=200", opname[op]);
	CHECK(name, failed > 0, "%s never failed: the unshare does not allocate?", opname[op]);
	printf("# %s: %d injected ENOMEMs\n", name, failed);
	ok(name);
}

static void s_mprotect(const char *n) { sweep(n, OP_MPROTECT); }
static void s_munmap(const char *n) { sweep(n, OP_MUNMAP); }
static void s_madvise(const char *n) { sweep(n, OP_MADVISE); }
static void s_mremap(const char *n) { sweep(n, OP_MREMAP); }

static const struct tcase cases[] = {
	{ "ptfail-mprotect", s_mprotect, 120 },
	{ "ptfail-munmap", s_munmap, 120 },
	{ "ptfail-madvise", s_madvise, 120 },
	{ "ptfail-mremap", s_mremap, 120 },
};

int main(void)
{
	return RUN(cases);
}
