/* madvise (DONTNEED, FREE, WILLNEED) and mincore, errors as Linux.
 * Portable: also runs on the host's Linux (tests/difftest). */
#include "clonetest.h"


#define PG 4096L

static char *anon(long pages, int flags)
{
	char *p = mmap(NULL, pages * PG, PROT_READ | PROT_WRITE, flags | MAP_ANONYMOUS, -1, 0);
	return p == MAP_FAILED ? NULL : p;
}

static void madv_dontneed(const char *name)
{
	char *p = anon(4, MAP_PRIVATE);

	CHECK(name, p, "mmap");
	memset(p, 0x5a, 4 * PG);
	CHECK(name, madvise(p + PG, 2 * PG, MADV_DONTNEED) == 0, "madvise: %s", strerror(errno));
	CHECK(name, p[0] == 0x5a && p[3 * PG] == 0x5a, "pages outside the range changed");
	CHECK(name, p[PG] == 0 && p[3 * PG - 1] == 0, "dropped pages do not read zero");
	/* A shared anonymous mapping keeps its data. */
	char *s = anon(1, MAP_SHARED);
	CHECK(name, s, "mmap shared");
	s[0] = 7;
	CHECK(name, madvise(s, PG, MADV_DONTNEED) == 0 && s[0] == 7, "shared page lost its data");
	ok(name);
}

static void madv_free(const char *name)
{
	char *p = anon(2, MAP_PRIVATE), *s = anon(1, MAP_SHARED);

	CHECK(name, p && s, "mmap");
	memset(p, 0x33, 2 * PG);
	CHECK(name, madvise(p, 2 * PG, MADV_FREE) == 0, "MADV_FREE: %s", strerror(errno));
	CHECK(name, p[0] == 0 || p[0] == 0x33, "freed page reads %d", p[0]);
	p[0] = 9;	/* a write after MADV_FREE keeps the page */
	CHECK(name, p[0] == 9, "write after MADV_FREE lost");
	CHECK_ERR(name, madvise(s, PG, MADV_FREE), EINVAL);
	CHECK(name, madvise(p, 2 * PG, MADV_WILLNEED) == 0, "WILLNEED");
	CHECK(name, madvise(p, 2 * PG, MADV_NORMAL) == 0, "NORMAL");
	ok(name);
}

static void madv_errors(const char *name)
{
	char *p = anon(3, MAP_PRIVATE);

	CHECK(name, p, "mmap");
	munmap(p + PG, PG);	/* a hole in the middle */
	CHECK_ERR(name, madvise(p + 1, PG, MADV_DONTNEED), EINVAL);
	CHECK_ERR(name, madvise(p, PG, 999), EINVAL);
	CHECK_ERR(name, madvise(p, PG, -1), EINVAL);
	CHECK(name, madvise(p, 0, MADV_DONTNEED) == 0, "len 0");
	p[0] = 1;
	p[2 * PG] = 1;
	CHECK_ERR(name, madvise(p, 3 * PG, MADV_DONTNEED), ENOMEM);
	CHECK(name, p[0] == 0 && p[2 * PG] == 0, "the mapped parts were not advised");
	CHECK_ERR(name, madvise(p + PG, PG, MADV_WILLNEED), ENOMEM);
	ok(name);
}

static void mincore_basic(const char *name)
{
	char *p = anon(4, MAP_PRIVATE);
	unsigned char v[8];

	CHECK(name, p, "mmap");
	memset(v, 0xee, sizeof(v));
	CHECK(name, mincore(p, 4 * PG, v) == 0, "mincore: %s", strerror(errno));
	CHECK(name, !(v[0] & 1) && !(v[1] & 1) && !(v[2] & 1) && !(v[3] & 1) && v[4] == 0xee,
	      "untouched: %x %x %x %x %x", v[0], v[1], v[2], v[3], v[4]);
	p[PG] = 1;
	p[3 * PG + 5] = 1;
	CHECK(name, mincore(p, 4 * PG - 100, v) == 0, "mincore with a partial last page");
	CHECK(name, !(v[0] & 1) && (v[1] & 1) && !(v[2] & 1) && (v[3] & 1),
	      "after touching 1 and 3: %x %x %x %x", v[0], v[1], v[2], v[3]);
	madvise(p, 4 * PG, MADV_DONTNEED);
	mincore(p, 4 * PG, v);
	CHECK(name, !(v[1] & 1) && !(v[3] & 1), "after DONTNEED: %x %x", v[1], v[3]);
	ok(name);
}

static void mincore_errors(const char *name)
{
	char *p = anon(3, MAP_PRIVATE);
	unsigned char v[4];

	CHECK(name, p, "mmap");
	CHECK_ERR(name, mincore(p + 1, PG, v), EINVAL);
	CHECK_ERR(name, mincore(p, PG, (void *)8), EFAULT);
	munmap(p + PG, PG);
	CHECK_ERR(name, mincore(p, 3 * PG, v), ENOMEM);
	CHECK_ERR(name, mincore(p + PG, PG, v), ENOMEM);
	CHECK_ERR(name, mincore((void *)(1UL << 60), PG, v), ENOMEM);
	CHECK(name, mincore(p, 0, v) == 0, "len 0");
	ok(name);
}

/* vm.max_map_count (65530): splitting a mapping into that many VMAs with
 * mprotect ends in ENOMEM, and everything still unmaps. Split from the top
 * down, every other page, so each split adds two VMAs. */
static void map_count_limit(const char *name)
{
	long pages = 65536, calls = 0, r = 0;
	char *p = mmap(NULL, pages * PG, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(name, p != MAP_FAILED, "mmap 256 MiB: %s", strerror(errno));
	for (long k = pages - 2; k >= 0; k -= 2) {
		if ((r = mprotect(p + k * PG, PG, PROT_NONE)))
			break;
		calls++;
	}
	CHECK(name, r == -1 && errno == ENOMEM, "no ENOMEM after %ld splits (r %ld errno %d)", calls,
	      r, errno);
	CHECK(name, calls > 32000 && calls < 32766, "ENOMEM after %ld mprotect calls", calls);
	CHECK(name, munmap(p, pages * PG) == 0, "munmap: %s", strerror(errno));
	char *q = mmap(NULL, PG, PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	CHECK(name, q != MAP_FAILED, "mmap after the unmap: %s", strerror(errno));
	ok(name);
}

static const struct tcase cases[] = {
	{ "madv-dontneed", madv_dontneed, 0 },
	{ "madv-free", madv_free, 0 },
	{ "madv-errors", madv_errors, 0 },
	{ "mincore", mincore_basic, 0 },
	{ "mincore-errors", mincore_errors, 0 },
	{ "map-count-limit", map_count_limit, 120 },
};

int main(void)
{
	return RUN(cases);
}
