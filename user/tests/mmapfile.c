/* Shared and private file mappings (kernel/mm/filemap.c): a shared
 * mapping's writes are the file's (read() sees them at once, they survive
 * munmap, exit and a reopen), other mappings and fork children see the
 * same pages, write() shows in mappings, private writes stay private;
 * msync and the EACCES/EINVAL/ENOMEM rules. Each case runs on the root
 * file system (cleavefs) and on /tmp (tmpfs). Linux semantics only:
 * difftest runs it on the host. */
#include "clonetest.h"

#define PG 4096
#define NPAGES 3

static char path[64];

/* A fresh file of NPAGES pages, byte i = i * 7 + salt. */
static int make_file(int salt)
{
	char buf[PG];
	unlink(path);
	int fd = open(path, O_RDWR | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	for (int p = 0; p < NPAGES; p++) {
		for (int i = 0; i < PG; i++)
			buf[i] = (char)((p * PG + i) * 7 + salt);
		if (write(fd, buf, PG) != PG)
			return -1;
	}
	return fd;
}

static int byte_at(int fd, off_t off)
{
	unsigned char c;
	return pread(fd, &c, 1, off) == 1 ? c : -1;
}

static void shared_write_read(const char *name)
{
	int fd = make_file(1);
	CHECK(name, fd >= 0, "create %s: %s", path, strerror(errno));
	char *m = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	CHECK(name, m != MAP_FAILED, "mmap: %s", strerror(errno));
	CHECK(name, m[PG + 5] == (char)((PG + 5) * 7 + 1), "mapping does not show the file");
	m[PG + 5] = 'X';
	m[2 * PG + 100] = 'Y';
	CHECK(name, byte_at(fd, PG + 5) == 'X', "read() does not see the mapping's write");
	CHECK(name, msync(m, NPAGES * PG, MS_SYNC) == 0, "msync: %s", strerror(errno));
	CHECK(name, munmap(m, NPAGES * PG) == 0, "munmap: %s", strerror(errno));
	close(fd);
	fd = open(path, O_RDONLY);
	CHECK(name, fd >= 0 && byte_at(fd, PG + 5) == 'X' && byte_at(fd, 2 * PG + 100) == 'Y',
	      "the writes did not survive munmap and a reopen");
	close(fd);
	ok(name);
}

static void shared_between_mappings(const char *name)
{
	int fd = make_file(2);
	CHECK(name, fd >= 0, "create: %s", strerror(errno));
	char *a = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
	char *b = mmap(NULL, NPAGES * PG, PROT_READ, MAP_SHARED, fd, 0);
	char *p = mmap(NULL, NPAGES * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE, fd, 0);
	CHECK(name, a != MAP_FAILED && b != MAP_FAILED && p != MAP_FAILED, "mmap: %s",
	      strerror(errno));
	a[10] = 'A';
	CHECK(name, b[10] == 'A', "a second shared mapping does not see the write");
	/* write() shows in every mapping of the page, private ones too while
	 * they have not written it */
	CHECK(name, pwrite(fd, "W", 1, 20) == 1, "pwrite: %s", strerror(errno));
	CHECK(name, a[20] == 'W' && b[20] == 'W' && p[20] == 'W', "pwrite not seen in the mappings");
	/* a private write stays private */
	p[PG] = 'P';
	CHECK(name, a[PG] != 'P' && byte_at(fd, PG) != 'P', "a private write reached the file");
	a[PG + 1] = 'S';
	CHECK(name, p[PG + 1] != 'S', "a private page written already saw a later shared write");
	/* fork: the child's shared writes are the parent's */
	pid_t pid = fork();
	CHECK(name, pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		a[30] = 'C';
		_exit(b[30] == 'C' ? 0 : 1);
	}
	int st;
	CHECK(name, waitpid(pid, &st, 0) == pid && st == 0, "child status 0x%x", st);
	CHECK(name, a[30] == 'C' && byte_at(fd, 30) == 'C', "the child's shared write is not ours");
	munmap(a, NPAGES * PG);
	munmap(b, NPAGES * PG);
	munmap(p, NPAGES * PG);
	close(fd);
	ok(name);
}

/* A process that writes through a shared mapping and exits without
 * msync or munmap: the data is in the file. */
static void written_at_exit(const char *name)
{
	int fd = make_file(3), go[2];
	CHECK(name, fd >= 0 && pipe(go) == 0, "create: %s", strerror(errno));
	pid_t pid = fork();
	CHECK(name, pid >= 0, "fork: %s", strerror(errno));
	if (pid == 0) {
		char c;
		char *m = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, fd, PG);
		if (m == MAP_FAILED)
			_exit(1);
		close(fd);
		/* once the parent has closed it too, the mapping holds the
		 * file's last reference: our exit ends its life in memory */
		if (read(go[0], &c, 1) != 1)
			_exit(2);
		memcpy(m + 8, "exit-data", 9);
		_exit(0);
	}
	close(fd);
	CHECK(name, write(go[1], "x", 1) == 1, "write: %s", strerror(errno));
	int st;
	CHECK(name, waitpid(pid, &st, 0) == pid && st == 0, "child status 0x%x", st);
	close(go[0]);
	close(go[1]);
	char buf[9];
	fd = open(path, O_RDONLY);
	CHECK(name, fd >= 0 && pread(fd, buf, 9, PG + 8) == 9 && !memcmp(buf, "exit-data", 9),
	      "the exited child's mapped write is not in the file");
	close(fd);
	ok(name);
}

static void errors(const char *name)
{
	int fd = make_file(4);
	CHECK(name, fd >= 0, "create: %s", strerror(errno));
	close(fd);
	int ro = open(path, O_RDONLY), wo = open(path, O_WRONLY);
	CHECK(name, ro >= 0 && wo >= 0, "open: %s", strerror(errno));
	errno = 0;
	CHECK(name, mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED, ro, 0) == MAP_FAILED &&
	      errno == EACCES, "shared writable mapping of an O_RDONLY fd: errno %d", errno);
	errno = 0;
	CHECK(name, mmap(NULL, PG, PROT_READ, MAP_SHARED, wo, 0) == MAP_FAILED && errno == EACCES,
	      "mapping an O_WRONLY fd: errno %d", errno);
	char *m = mmap(NULL, PG, PROT_READ, MAP_SHARED, ro, 0);
	CHECK(name, m != MAP_FAILED, "read-only shared mapping: %s", strerror(errno));
	errno = 0;
	CHECK(name, msync(m, PG, MS_SYNC | MS_ASYNC) == -1 && errno == EINVAL,
	      "msync(MS_SYNC|MS_ASYNC): errno %d", errno);
	errno = 0;
	CHECK(name, msync(m + 1, PG, MS_SYNC) == -1 && errno == EINVAL,
	      "msync of an unaligned address: errno %d", errno);
	CHECK(name, msync(m, PG, MS_ASYNC) == 0, "msync(MS_ASYNC): %s", strerror(errno));
	munmap(m, PG);
	errno = 0;
	CHECK(name, msync(m, PG, MS_SYNC) == -1 && errno == ENOMEM,
	      "msync of an unmapped range: errno %d", errno);
	close(ro);
	close(wo);
	ok(name);
}

static void in(const char *dir, void (*fn)(const char *), const char *name)
{
	snprintf(path, sizeof(path), "%s/mmapfile.%d", dir, (int)getpid());
	fn(name);
	unlink(path);
}

static void root_shared(const char *n) { in(".", shared_write_read, n); }
static void root_between(const char *n) { in(".", shared_between_mappings, n); }
static void root_exit(const char *n) { in(".", written_at_exit, n); }
static void root_errors(const char *n) { in(".", errors, n); }
static void tmp_shared(const char *n) { in("/tmp", shared_write_read, n); }
static void tmp_between(const char *n) { in("/tmp", shared_between_mappings, n); }
static void tmp_exit(const char *n) { in("/tmp", written_at_exit, n); }

static const struct tcase cases[] = {
	{ "mmapfile-shared-write-read", root_shared, 60 },
	{ "mmapfile-between-mappings", root_between, 60 },
	{ "mmapfile-written-at-exit", root_exit, 60 },
	{ "mmapfile-errors", root_errors, 60 },
	{ "mmapfile-tmp-shared-write-read", tmp_shared, 60 },
	{ "mmapfile-tmp-between-mappings", tmp_between, 60 },
	{ "mmapfile-tmp-written-at-exit", tmp_exit, 60 },
};

int main(void)
{
	return RUN(cases);
}
