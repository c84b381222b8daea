/* Page tables shared by fork (kernel/mm/ptshare.c), seen from user space:
 * whatever one side of a fork does to its mappings (write, mprotect,
 * munmap, madvise, mremap) must never show in the other, at any depth of
 * fork, with threads writing on other harts meanwhile. Written against
 * Linux semantics only: difftest runs it on the host too. */
#include "clonetest.h"

#define MiB (1UL << 20)
#define PG 4096UL
#define REGION (4 * MiB)	/* two 2 MiB page tables' worth */

/* A 2 MiB-aligned private region of REGION bytes, every page filled. */
static unsigned long *region(unsigned long seed)
{
	char *p = mmap(NULL, REGION + 2 * MiB, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (p == MAP_FAILED)
		return NULL;
	unsigned long *r = (unsigned long *)(((unsigned long)p + 2 * MiB - 1) & ~(2 * MiB - 1));
	for (unsigned long i = 0; i < REGION / PG; i++)
		r[i * PG / 8] = seed ^ i;
	return r;
}

/* First page of [from, to) that does not hold seed ^ index, or -1. */
static long check_pages(unsigned long *r, unsigned long seed, unsigned long from, unsigned long to)
{
	for (unsigned long i = from; i < to; i++)
		if (r[i * PG / 8] != (seed ^ i))
			return (long)i;
	return -1;
}

/* One side changes its mappings in every way; returns what it got wrong
 * in its own view (NULL: nothing). The other side must see no change. */
static const char *meddle(unsigned long *r, unsigned long seed)
{
	char *b = (char *)r;
	/* write one page of each table */
	r[0] = 1;
	r[(2 * MiB + PG) / 8] = 2;
	if (r[0] != 1 || r[(2 * MiB + PG) / 8] != 2)
		return "own write not visible";
	/* mprotect part of the first table read-only and back */
	if (mprotect(b + 64 * PG, 16 * PG, PROT_READ))
		return "mprotect RO failed";
	if (check_pages(r, seed, 64, 80) != -1)
		return "mprotect changed contents";
	if (mprotect(b + 64 * PG, 16 * PG, PROT_READ | PROT_WRITE))
		return "mprotect RW failed";
	r[70 * PG / 8] = 3;
	/* munmap a page of the second table, discard one in the first */
	if (munmap(b + 2 * MiB + 8 * PG, PG))
		return "munmap failed";
	if (madvise(b + 100 * PG, PG, MADV_DONTNEED) || r[100 * PG / 8] != 0)
		return "madvise(DONTNEED) did not give a zero page";
	/* move 8 pages of the second table elsewhere */
	void *to = xmremap(b + 2 * MiB + 32 * PG, 8 * PG, 8 * PG, MREMAP_MAYMOVE | MREMAP_FIXED,
			  b + REGION + 64 * PG);
	if (to == MAP_FAILED)
		return "mremap failed";
	unsigned long *m = to;
	for (unsigned long i = 0; i < 8; i++)
		if (m[i * PG / 8] != (seed ^ (512 + 32 + i)))
			return "mremap lost contents";
	/* a whole table unmapped */
	if (munmap(b + 2 * MiB, 2 * MiB))
		return "munmap of a whole table failed";
	return NULL;
}

static void isolation(const char *name, int child_meddles)
{
	unsigned long seed = 0x5eed0000UL + (unsigned long)child_meddles;
	unsigned long *r = region(seed);
	int go[2], done[2];
	CHECK(name, r, "mmap: %s", strerror(errno));
	CHECK(name, pipe(go) == 0 && pipe(done) == 0, "pipe: %s", strerror(errno));
	pid_t pid = fork();
	CHECK(name, pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char c;
		if (child_meddles) {
			const char *why = meddle(r, seed);
			if (why) {
				printf("# child: %s\n", why);
				_exit(2);
			}
			_exit(0);
		}
		/* the parent meddles first; then our view must be intact */
		if (read(go[0], &c, 1) != 1)
			_exit(3);
		long bad = check_pages(r, seed, 0, REGION / PG);
		if (bad >= 0) {
			printf("# child: page %ld changed by the parent\n", bad);
			_exit(4);
		}
		_exit(0);
	}
	if (!child_meddles) {
		const char *why = meddle(r, seed);
		CHECK(name, !why, "parent: %s", why);
		CHECK(name, write(go[1], "x", 1) == 1, "write: %s", strerror(errno));
	}
	int st;
	CHECK(name, waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x", st);
	if (child_meddles) {
		long bad = check_pages(r, seed, 0, REGION / PG);
		CHECK(name, bad < 0, "page %ld changed by the child", bad);
		/* and the parent can still write all of it */
		for (unsigned long i = 0; i < REGION / PG; i++)
			r[i * PG / 8] = ~i;
		for (unsigned long i = 0; i < REGION / PG; i++)
			CHECK(name, r[i * PG / 8] == ~i, "parent's write to page %lu lost", i);
	}
	close(go[0]);
	close(go[1]);
	close(done[0]);
	close(done[1]);
	ok(name);
}

static void child_meddles(const char *name) { isolation(name, 1); }
static void parent_meddles(const char *name) { isolation(name, 0); }

/* A fork chain 8 deep over 16 MiB: each level writes random pages, forks
 * the next and, once it is gone, checks its own view is what it wrote. */
#define CHAIN_DEPTH 8
#define CHAIN_PAGES (16 * MiB / PG)

static unsigned long rnd_state;
static unsigned long rnd(void)
{
	rnd_state = rnd_state * 6364136223846793005UL + 1442695040888963407UL;
	return rnd_state >> 17;
}

static int chain_level(unsigned long *r, unsigned long *want, int level)
{
	for (int k = 0; k < 64; k++) {
		unsigned long i = rnd() % CHAIN_PAGES;
		want[i] = ((unsigned long)level << 32) | rnd();
		r[i * PG / 8] = want[i];
	}
	if (level < CHAIN_DEPTH) {
		pid_t pid = fork();
		if (pid < 0)
			return 10;
		if (pid == 0) {
			for (unsigned long i = 0; i < CHAIN_PAGES; i++)
				if (r[i * PG / 8] != want[i])
					_exit(20 + level);	/* did not inherit the snapshot */
			_exit(chain_level(r, want, level + 1));
		}
		/* write on while the child runs */
		for (int k = 0; k < 16; k++) {
			unsigned long i = rnd() % CHAIN_PAGES;
			want[i] ^= 0xff;
			r[i * PG / 8] = want[i];
		}
		int st;
		if (waitpid(pid, &st, 0) != pid)
			return 11;
		if (!WIFEXITED(st) || WEXITSTATUS(st) != 0)
			return WIFEXITED(st) ? WEXITSTATUS(st) : 12;
	}
	for (unsigned long i = 0; i < CHAIN_PAGES; i++)
		if (r[i * PG / 8] != want[i])
			return 40 + level;	/* a descendant's write showed here */
	return 0;
}

static void fork_chain(const char *name)
{
	unsigned long *r = mmap(NULL, 16 * MiB, PROT_READ | PROT_WRITE,
				MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	unsigned long *want = calloc(CHAIN_PAGES, sizeof(*want));
	CHECK(name, r != MAP_FAILED && want, "mmap/calloc: %s", strerror(errno));
	rnd_state = 20261206;
	int e = chain_level(r, want, 1);
	CHECK(name, e == 0, "code %d (20+L: level L did not inherit its parent's view; "
	      "40+L: level L saw a descendant's write)", e);
	ok(name);
}

/* The reader on another hart keeps a TLB entry for a page the main thread
 * then writes after a fork, which copies the page: the reader's hart must
 * be told (a remote flush), else it goes on reading the old copy. Two ways
 * in: the write finds the page table still shared (unshare, then copy), or
 * the child has already taken a private copy of the table by writing the
 * other page of target (copy only). Progress-based: the reader counts its
 * own loops. */
static volatile unsigned long target[1024] __attribute__((aligned(8192)));
static volatile int *flag;	/* in a MAP_SHARED page: never copied */
static volatile int rtid;

static int reader(void *arg)
{
	(void)arg;
	unsigned long seen = 0;
	while (__atomic_load_n(&flag[0], __ATOMIC_ACQUIRE) == 0)
		seen += target[0];	/* keep the translation hot */
	/* flag[0] was set after the write, and the write's fault handling
	 * finished its shootdown before that: from here on a stale read can
	 * only come from a TLB entry nobody flushed. A few reads of slack;
	 * waiting long would let a timer tick's kernel work evict the entry
	 * and hide the missing flush. */
	long loops = 0;
	while (target[0] != 2) {
		if (++loops > 10000) {
			flag[1] = 2;
			return 0;
		}
	}
	flag[1] = 1;
	return (int)(seen & 0);
}

static void copy_flush(const char *name, int child_first)
{
	flag = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	CHECK(name, flag != MAP_FAILED, "mmap: %s", strerror(errno));
	for (int round = 0; round < 20; round++) {
		target[0] = 1;
		target[512] = 1;
		flag[0] = flag[1] = flag[2] = flag[3] = 0;
		rtid = 1;
		CHECK(name, clone(reader, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
				  NULL, NULL, NULL, (int *)&rtid) >= 0, "clone: %s", strerror(errno));
		raw_sleep_ms(5);
		pid_t pid = fork();	/* shares target's table, write-protected */
		CHECK(name, pid >= 0, "fork: %s", strerror(errno));
		if (pid == 0) {
			if (child_first)
				target[512] = 3;	/* our own table now; page 0 still shared */
			flag[2] = 1;
			while (flag[3] == 0)
				raw_sleep_ms(1);
			_exit(target[0] == 1 ? 0 : 1);
		}
		while (flag[2] == 0)
			raw_sleep_ms(1);
		target[0] = 2;		/* copy-on-write in the parent */
		__atomic_store_n(&flag[0], 1, __ATOMIC_RELEASE);
		join_tid(&rtid);
		flag[3] = 1;
		int st;
		CHECK(name, waitpid(pid, &st, 0) == pid && st == 0, "child status 0x%x", st);
		CHECK(name, flag[1] == 1, "round %d: the reader kept seeing the old page "
		      "for 10000 reads (no TLB shootdown after the copy)", round);
	}
	ok(name);
}

static void unshare_flush(const char *name) { copy_flush(name, 0); }
static void private_table_flush(const char *name) { copy_flush(name, 1); }

/* Threads write their own pages on other harts while the main thread
 * vforks and the child execs: the parent's memory must come through. */
#define WRITERS 3
static volatile unsigned long wpages[WRITERS][512] __attribute__((aligned(4096)));
static volatile int wstop, wtid[WRITERS];

static int wloop(void *arg)
{
	long w = (long)arg;
	for (unsigned long k = 0; !wstop; k++)
		wpages[w][k % 512] = k;
	return 0;
}

static void vfork_exec_writers(const char *name)
{
	static char fill[64 * 1024];
	for (unsigned long i = 0; i < sizeof(fill); i++)
		fill[i] = (char)(i * 7);
	for (long w = 0; w < WRITERS; w++) {
		for (unsigned long j = 0; j < 512; j++)
			wpages[w][j] = j;
		wtid[w] = 1;
		CHECK(name, clone(wloop, new_stack(STACK_SIZE), THREAD_FLAGS | CLONE_CHILD_CLEARTID,
				  (void *)w, NULL, NULL, (int *)&wtid[w]) >= 0, "clone: %s", strerror(errno));
	}
	raw_sleep_ms(10);
	for (int round = 0; round < 20; round++) {
		char *const argv[] = { "/bin/true", NULL }, *const envp[] = { NULL };
		pid_t pid = vfork();
		if (pid == 0) {
			execve("/bin/true", argv, envp);
			_exit(127);
		}
		int st;
		CHECK(name, pid > 0 && waitpid(pid, &st, 0) == pid, "vfork/waitpid: %s", strerror(errno));
		CHECK(name, WIFEXITED(st) && WEXITSTATUS(st) == 0, "/bin/true: status 0x%x", st);
		for (unsigned long i = 0; i < sizeof(fill); i++)
			CHECK(name, fill[i] == (char)(i * 7), "round %d: byte %lu of the parent changed",
			      round, i);
	}
	wstop = 1;
	for (int w = 0; w < WRITERS; w++)
		join_tid(&wtid[w]);
	/* each slot holds the last k written there, so k % 512 == slot */
	for (int w = 0; w < WRITERS; w++)
		for (unsigned long j = 0; j < 512; j++)
			CHECK(name, wpages[w][j] % 512 == j, "writer %d slot %lu holds %lu", w, j,
			      wpages[w][j]);
	ok(name);
}

static const struct tcase cases[] = {
	{ "ptshare-child-meddles", child_meddles, 60 },
	{ "ptshare-parent-meddles", parent_meddles, 60 },
	{ "ptshare-fork-chain", fork_chain, 120 },
	{ "ptshare-unshare-flush", unshare_flush, 120 },
	{ "ptshare-private-table-flush", private_table_flush, 120 },
	{ "ptshare-vfork-exec-writers", vfork_exec_writers, 120 },
};

int main(void)
{
	return RUN(cases);
}
