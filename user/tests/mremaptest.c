/* mremap (216): shrink, grow in place, move (MAYMOVE, FIXED), errors as
 * Linux. Portable: also runs on the host's Linux (tests/difftest). */
#include "clonetest.h"

#ifndef MREMAP_MAYMOVE
#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#endif


#define PG 4096L
#define MREMAP(a, o, n, f, na) ((char *)syscall(SYS_mremap, (a), (o), (n), (f), (na)))
#define MFAIL ((char *)-1)

static char *anon(long pages)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static int mapped(char *p)
{
	unsigned char v;
	return syscall(SYS_mincore, p, PG, &v) == 0;
}

static int pattern_ok(char *p, long pages)
{
	for (long i = 0; i < pages; i++)
		if (p[i * PG] != (char)(i + 1) || p[i * PG + PG - 1] != (char)(i + 1))
			return 0;
	return 1;
}

static void fill(char *p, long pages)
{
	for (long i = 0; i < pages; i++)
		memset(p + i * PG, i + 1, PG);
}

static void mr_shrink(const char *name)
{
	char *p = anon(4);

	CHECK(name, p, "mmap");
	fill(p, 4);
	CHECK(name, MREMAP(p, 4 * PG, 2 * PG, 0, 0) == p, "shrink: %s", strerror(errno));
	CHECK(name, pattern_ok(p, 2), "data lost");
	CHECK(name, !mapped(p + 2 * PG) && !mapped(p + 3 * PG), "the tail is still mapped");
	ok(name);
}

static void mr_grow_in_place(const char *name)
{
	char *p = anon(8);

	CHECK(name, p, "mmap");
	munmap(p + 4 * PG, 4 * PG);
	fill(p, 4);
	CHECK(name, MREMAP(p, 4 * PG, 8 * PG, 0, 0) == p, "grow in place: %s", strerror(errno));
	CHECK(name, pattern_ok(p, 4), "data lost");
	CHECK(name, p[6 * PG] == 0, "new page not zero");
	p[7 * PG] = 5;
	CHECK(name, p[7 * PG] == 5, "new page not writable");
	ok(name);
}

static void mr_move(const char *name)
{
	char *p = anon(3);

	CHECK(name, p, "mmap");
	/* p+2 pages gets other flags: no room to grow in place */
	CHECK(name, mprotect(p + 2 * PG, PG, PROT_READ) == 0, "mprotect");
	fill(p, 2);
	CHECK_ERR(name, (long)MREMAP(p, 2 * PG, 4 * PG, 0, 0), ENOMEM);
	CHECK(name, pattern_ok(p, 2), "a failed grow changed the data");
	char *q = MREMAP(p, 2 * PG, 4 * PG, MREMAP_MAYMOVE, 0);
	CHECK(name, q != MFAIL && q != p, "move: %p (%s)", (void *)q, strerror(errno));
	CHECK(name, pattern_ok(q, 2), "moved data lost");
	CHECK(name, q[3 * PG] == 0, "grown part not zero");
	CHECK(name, !mapped(p) && !mapped(p + PG), "the old range is still mapped");
	CHECK(name, mapped(p + 2 * PG), "the neighbour went too");
	ok(name);
}

static void mr_fixed(const char *name)
{
	char *p = anon(2), *t = anon(6);

	CHECK(name, p && t, "mmap");
	fill(p, 2);
	t[0] = 9;
	CHECK_ERR(name, (long)MREMAP(p, 2 * PG, 2 * PG, MREMAP_FIXED, t), EINVAL);
	CHECK_ERR(name, (long)MREMAP(p, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, p + PG), EINVAL);
	CHECK_ERR(name, (long)MREMAP(p, 2 * PG, 2 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, t + 1), EINVAL);
	char *q = MREMAP(p, 2 * PG, 3 * PG, MREMAP_FIXED | MREMAP_MAYMOVE, t + 2 * PG);
	CHECK(name, q == t + 2 * PG, "fixed move to %p gave %p (%s)", (void *)(t + 2 * PG), (void *)q,
	      strerror(errno));
	CHECK(name, pattern_ok(q, 2) && q[2 * PG] == 0, "data at the fixed address");
	CHECK(name, t[0] == 9 && mapped(t + 5 * PG), "the rest of the target changed");
	CHECK(name, !mapped(p), "old range still mapped");
	ok(name);
}

static void mr_errors(const char *name)
{
	char *p = anon(3);

	CHECK(name, p, "mmap");
	munmap(p + 2 * PG, PG);
	CHECK_ERR(name, (long)MREMAP(p + 1, PG, 2 * PG, MREMAP_MAYMOVE, 0), EINVAL);
	CHECK_ERR(name, (long)MREMAP(p, PG, 0, MREMAP_MAYMOVE, 0), EINVAL);
	CHECK_ERR(name, (long)MREMAP(p, PG, 2 * PG, 8, 0), EINVAL);
	CHECK_ERR(name, (long)MREMAP(p + 2 * PG, PG, 2 * PG, MREMAP_MAYMOVE, 0), EFAULT);
	CHECK_ERR(name, (long)MREMAP(p, 3 * PG, 4 * PG, MREMAP_MAYMOVE, 0), EFAULT);
	CHECK_ERR(name, (long)MREMAP(p, PG, -1L, MREMAP_MAYMOVE, 0), EINVAL);
	ok(name);
}

static void mr_cow(const char *name)
{
	char *p = anon(2);

	CHECK(name, p, "mmap");
	fill(p, 2);
	pid_t pid = fork();
	if (pid == 0) {
		mprotect(p + 2 * PG, 0, PROT_READ);
		char *q = MREMAP(p, 2 * PG, 8 * PG, MREMAP_MAYMOVE, 0);
		if (q == MFAIL || !pattern_ok(q, 2))
			_exit(1);
		memset(q, 0x77, 2 * PG);	/* breaks COW in the child only */
		_exit(q[0] == 0x77 ? 0 : 2);
	}
	int st = 0;
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "child status 0x%x", st);
	CHECK(name, pattern_ok(p, 2), "the child's writes reached the parent");
	ok(name);
}

static const struct tcase cases[] = {
	{ "mremap-shrink", mr_shrink, 0 },
	{ "mremap-grow-in-place", mr_grow_in_place, 0 },
	{ "mremap-move", mr_move, 0 },
	{ "mremap-fixed", mr_fixed, 0 },
	{ "mremap-errors", mr_errors, 0 },
	{ "mremap-cow", mr_cow, 0 },
};

int main(void)
{
	return RUN(cases);
}
