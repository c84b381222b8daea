/* Host test of the file layer (kernel/fs: the VFS and cleavefs): runs the
 * real code against an image file, single task, through the sys_* entry
 * points. Usage:
 *   fstest IMG            run the checks (exit 0 if all pass)
 *   fstest IMG mount      only mount (replays the log), for crash tests
 *   fstest IMG workload   the crash workload: create, write, fsync, rename,
 *                         unlink, step after step; after each step that
 *                         returned, "step N" goes to the file $JOURNAL
 *   fstest IMG verify N   after a crash: every step up to N is intact
 *   fstest IMG cat PATH   copy the image's file PATH to stdout (how host
 *                         tests take a file out of a guest's disk)
 * CRASH_AFTER=N in the environment makes the N-th disk write "crash". */
#include "types.h"
#include "errno.h"
#include "fs.h"
#include "syscalls.h"
#include "string.h"
#include "printk.h"

void *mmap(void *, unsigned long, int, int, int, long);
int open(const char *, int, ...);
void exit(int);
void stub_setup(void);
extern int disk_fd, sig_sent;
extern long n_kmalloc, n_writes;

static char *ubase, *uptr;
static int fails, checks;
static char *U(const char *s) { char *p = uptr; strlcpy(p, s, 4096); uptr += strlen(s) + 1; return p; }
static void *UB(size_t n) { char *p = (char *)ALIGN_UP((u64)uptr, 16); uptr = p + n; return p; }
#define A(x) ((unsigned long)(x))
#define CHECK(e, want) do { long _r = (e), _w = (want); checks++; if (_r != _w) { fails++; printk("FAIL line %d: %s = %ld, want %ld\n", __LINE__, #e, _r, _w); } } while (0)
#define S0(name) sys_##name
#define OPEN(p, f, m) sys_openat(A(AT_FDCWD), A(U(p)), f, m, 0, 0)

long atol(const char *);
char *getenv(const char *);
int snprintf(char *, unsigned long, const char *, ...);
long write(int, const void *, unsigned long);
int close(int);

/* ---- crash consistency ---- */

#define STEPS 60

/* Step i's file: 1 + (i * 7919) % 40000 bytes of a pattern of i. */
static long step_size(long i) { return 1 + (i * 7919) % 40000; }
static char step_byte(long i, long k) { return (char)(i * 31 + k * 7 + (k >> 9)); }

static long put_file(const char *path, long i)
{
	char *buf = UB(step_size(i));
	for (long k = 0; k < step_size(i); k++)
		buf[k] = step_byte(i, k);
	long fd = OPEN(path, 0101 | 01000, 0644);	/* O_WRONLY|O_CREAT|O_TRUNC */
	if (fd < 0)
		return fd;
	long r = sys_write(fd, A(buf), step_size(i), 0, 0, 0);
	long s = sys_fsync(fd, 0, 0, 0, 0, 0);
	sys_close(fd, 0, 0, 0, 0, 0);
	return r == step_size(i) && s == 0 ? 0 : -1;
}

/* Each step: write tmp_i and fsync it, rename it to f_i, unlink f_{i-3}.
 * Only once all of that returned is the step journaled. */
static int workload(void)
{
	char *tmp = UB(64), *fin = UB(64), *old = UB(64);
	int journal = open(getenv("JOURNAL") ? getenv("JOURNAL") : "/dev/null", 01 | 0100 | 01000, 0644);

	if (journal < 0 || sys_mkdirat(A(AT_FDCWD), A(U("/w")), 0755, 0, 0, 0) != 0)
		return 2;
	for (long i = 0; i < STEPS; i++) {
		snprintf(tmp, 64, "/w/tmp_%ld", i);
		snprintf(fin, 64, "/w/f_%ld", i);
		snprintf(old, 64, "/w/f_%ld", i - 3);
		if (put_file(tmp, i) ||
		    sys_renameat2(A(AT_FDCWD), A(tmp), A(AT_FDCWD), A(fin), 0, 0) ||
		    (i >= 3 && sys_unlinkat(A(AT_FDCWD), A(old), 0, 0, 0, 0)))
			return 1;
		char line[32];
		int n = snprintf(line, sizeof(line), "step %ld\n", i);
		if (write(journal, line, n) != n)
			return 2;
	}
	close(journal);
	printk("workload: %ld disk writes\n", n_writes);
	return 0;
}

/* f_j of a journaled step j must be whole, unless a later journaled step
 * removed it; a step after the last journaled one may be half done, but
 * a file it renamed into place is whole (the rename follows the fsync). */
static int verify(long last)
{
	char *path = UB(64), *buf = UB(65536), *st = UB(128);
	int bad = 0;

	for (long j = 0; j < STEPS; j++) {
		snprintf(path, 64, "/w/f_%ld", j);
		long fd = OPEN(path, 0, 0);
		/* step j + 3 removes f_j: step last + 1 may have got that far */
		bool must = j <= last && j > last - 2;
		bool mustnot = j <= last - 3 || j > last + 1;
		if (fd < 0) {
			if (must) {
				printk("FAIL step %ld: f_%ld missing (%ld)\n", last, j, fd);
				bad++;
			}
			continue;
		}
		if (mustnot) {
			printk("FAIL step %ld: f_%ld still there\n", last, j);
			bad++;
		}
		long n = sys_read(fd, A(buf), 65536, 0, 0, 0);
		sys_fstat(fd, A(st), 0, 0, 0, 0);
		sys_close(fd, 0, 0, 0, 0, 0);
		bool same = n == step_size(j) && *(long *)(st + 48) == n;
		for (long k = 0; same && k < n; k++)
			same = buf[k] == step_byte(j, k);
		if (!same) {
			printk("FAIL step %ld: f_%ld has %ld bytes, not its %ld\n", last, j, n,
			       step_size(j));
			bad++;
		}
	}
	printk("verify: steps up to %ld intact: %s\n", last, bad ? "no" : "yes");
	return bad != 0;
}

static int cat(const char *path)
{
	char *buf = UB(1 << 16);
	long fd = OPEN(path, 0, 0), n;

	if (fd < 0) {
		printk("cat %s: error %ld\n", path, fd);
		return 1;
	}
	while ((n = sys_read(fd, A(buf), 1 << 16, 0, 0, 0)) > 0)
		if (write(1, buf, n) != n)
			return 1;
	sys_close(fd, 0, 0, 0, 0, 0);
	return n < 0;
}

int main(int argc, char **argv)
{
	ubase = mmap((void *)0x10000000, 256 << 20, 3, 0x32, -1, 0);
	if (ubase != (char *)0x10000000) { printk("mmap failed\n"); exit(2); }
	uptr = ubase;
	disk_fd = open(argv[1], 2);
	if (disk_fd < 0) { printk("open img failed\n"); exit(2); }
	stub_setup();
	if (argc > 2 && strcmp(argv[2], "mount") == 0)
		return 0;	/* mount only: log recovery */
	if (argc > 2 && strcmp(argv[2], "workload") == 0)
		return workload();
	if (argc > 3 && strcmp(argv[2], "verify") == 0)
		return verify(atol(argv[3]));
	if (argc > 3 && strcmp(argv[2], "cat") == 0)
		return cat(argv[3]);

	int *fds = UB(8);
	char *buf = UB(1 << 16);
	long fd, fd2;

	/* create, write, read back */
	fd = OPEN("/tmp/f1", 0101 | 01000, 0644);	/* O_WRONLY|O_CREAT|O_TRUNC */
	CHECK(fd >= 0, 1);
	memcpy(buf, "hello world", 11);
	CHECK(sys_write(fd, A(buf), 11, 0, 0, 0), 11);
	CHECK(sys_read(fd, A(buf), 11, 0, 0, 0), -EBADF);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), -EBADF);
	fd = OPEN("/tmp/f1", 0, 0);
	memset(buf, 0, 64);
	CHECK(sys_read(fd, A(buf), 64, 0, 0, 0), 11);
	CHECK(memcmp(buf, "hello world", 11), 0);
	CHECK(sys_read(fd, A(buf), 64, 0, 0, 0), 0);
	CHECK(sys_lseek(fd, 6, 0, 0, 0, 0), 6);
	CHECK(sys_read(fd, A(buf), 64, 0, 0, 0), 5);
	CHECK(sys_lseek(fd, -1, 2, 0, 0, 0), 10);
	CHECK(sys_lseek(fd, -100, 1, 0, 0, 0), -EINVAL);
	CHECK(sys_read(fd, 0x1000, 64, 0, 0, 0), -EFAULT);
	CHECK(sys_read(fd, 0xffffffc000000000UL, 64, 0, 0, 0), -EFAULT);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	CHECK(OPEN("/tmp/f1", 0301, 0644), -EEXIST);	/* O_CREAT|O_EXCL */
	CHECK(OPEN("/tmp/nonexist", 0, 0), -ENOENT);
	CHECK(OPEN("/tmp/f1/x", 0, 0), -ENOTDIR);
	CHECK(OPEN("/tmp/f1/", 0, 0), -ENOTDIR);
	CHECK(OPEN("/tmp", 1, 0), -EISDIR);
	CHECK(OPEN("/tmp/f1", 0200000, 0), -ENOTDIR);
	CHECK(sys_openat(A(AT_FDCWD), 0x1000, 0, 0, 0, 0), -EFAULT);
	CHECK(OPEN("/tmp/aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa", 0100, 0), -ENAMETOOLONG);
	CHECK(OPEN("", 0, 0), -ENOENT);

	/* append */
	fd = OPEN("/tmp/f1", 02001, 0);
	CHECK(sys_write(fd, A(U("!!")), 2, 0, 0, 0), 2);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	char *st = UB(128);
	CHECK(sys_newfstatat(A(AT_FDCWD), A(U("/tmp/f1")), A(st), 0, 0, 0), 0);
	CHECK(*(long *)(st + 48), 13);
	CHECK(*(u32 *)(st + 16) & 0170000, 0100000);
	CHECK(*(u32 *)(st + 20), 1);

	/* big file through double indirect */
	fd = OPEN("/tmp/big", 0102, 0644);
	for (int i = 0; i < 65536; i++) buf[i] = (char)(i * 7 + 3);
	long total = 0;
	for (int i = 0; i < 1100; i++)	/* 1100 * 64 KiB = 68.75 MiB */
		total += sys_write(fd, A(buf), 65536, 0, 0, 0);
	CHECK(total, 1100L * 65536);
	CHECK(sys_lseek(fd, 70000000, 0, 0, 0, 0), 70000000);
	CHECK(sys_read(fd, A(buf + 65536 - 100), 100, 0, 0, 0), 100);
	CHECK(sys_fstat(fd, A(st), 0, 0, 0, 0), 0);
	CHECK(*(long *)(st + 48), 1100L * 65536);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	/* directories */
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/tmp/d")), 0755, 0, 0, 0), 0);
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/tmp/d")), 0755, 0, 0, 0), -EEXIST);
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/tmp/d/e")), 0755, 0, 0, 0), 0);
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/")), 0755, 0, 0, 0), -EEXIST);
	CHECK(sys_chdir(A(U("/tmp/d/e")), 0, 0, 0, 0, 0), 0);
	CHECK(sys_getcwd(A(buf), 100, 0, 0, 0, 0), 9);
	CHECK(strcmp(buf, "/tmp/d/e"), 0);
	CHECK(sys_getcwd(A(buf), 5, 0, 0, 0, 0), -ERANGE);
	fd = OPEN("../f2", 0100, 0);
	CHECK(fd >= 0, 1);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	CHECK(sys_chdir(A(U("/")), 0, 0, 0, 0, 0), 0);
	CHECK(sys_getcwd(A(buf), 100, 0, 0, 0, 0), 2);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/d")), 0x200, 0, 0, 0), -ENOTEMPTY);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/d")), 0, 0, 0, 0), -EISDIR);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/d/f2")), 0x200, 0, 0, 0), -ENOTDIR);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/d/.")), 0x200, 0, 0, 0), -EINVAL);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/")), 0x200, 0, 0, 0), -EBUSY);

	/* getdents64 on /tmp/d */
	fd = OPEN("/tmp/d", 0, 0);
	long n = sys_getdents64(fd, A(buf), 4096, 0, 0, 0);
	int seen = 0;
	for (long o = 0; o < n; ) {
		char *nm = buf + o + 19; u8 t = buf[o + 18];
		if (!strcmp(nm, ".") && t == 4) seen |= 1;
		if (!strcmp(nm, "..") && t == 4) seen |= 2;
		if (!strcmp(nm, "e") && t == 4) seen |= 4;
		if (!strcmp(nm, "f2") && t == 8) seen |= 8;
		o += *(u16 *)(buf + o + 16);
	}
	CHECK(seen, 15);
	CHECK(sys_getdents64(fd, A(buf), 4096, 0, 0, 0), 0);
	CHECK(sys_lseek(fd, 0, 0, 0, 0, 0), 0);
	CHECK(sys_getdents64(fd, A(buf), 10, 0, 0, 0), -EINVAL);
	CHECK(sys_getdents64(fd, A(buf), 24, 0, 0, 0), 24);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	/* links and renames */
	CHECK(sys_linkat(A(AT_FDCWD), A(U("/tmp/f1")), A(AT_FDCWD), A(U("/tmp/d/f1link")), 0, 0), 0);
	CHECK(sys_linkat(A(AT_FDCWD), A(U("/tmp/d")), A(AT_FDCWD), A(U("/tmp/dl")), 0, 0), -EPERM);
	CHECK(sys_linkat(A(AT_FDCWD), A(U("/tmp/f1")), A(AT_FDCWD), A(U("/tmp/d/f2")), 0, 0), -EEXIST);
	CHECK(sys_newfstatat(A(AT_FDCWD), A(U("/tmp/f1")), A(st), 0, 0, 0), 0);
	CHECK(*(u32 *)(st + 20), 2);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/tmp/f1")), A(AT_FDCWD), A(U("/tmp/d/e/moved")), 0, 0), 0);
	CHECK(OPEN("/tmp/f1", 0, 0), -ENOENT);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/tmp/d/e/moved")), A(AT_FDCWD), A(U("/tmp/d/f2")), 0, 0), 0);	/* replace */
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/tmp/d")), A(AT_FDCWD), A(U("/tmp/d/e/x")), 0, 0), -EINVAL);
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/etc/sub")), 0755, 0, 0, 0), 0);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/tmp/d/e")), A(AT_FDCWD), A(U("/etc/sub/e2")), 0, 0), 0);	/* dir across */
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/etc/sub")), A(AT_FDCWD), A(U("/tmp/d")), 0, 0), -ENOTEMPTY);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/tmp/d/f2")), A(AT_FDCWD), A(U("/etc")), 0, 0), -EISDIR);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/etc/sub")), A(AT_FDCWD), A(U("/tmp/d/f2")), 0, 0), -ENOTDIR);
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/tmp/empty")), 0755, 0, 0, 0), 0);
	CHECK(sys_renameat2(A(AT_FDCWD), A(U("/etc/sub")), A(AT_FDCWD), A(U("/tmp/empty")), 0, 0), 0);	/* replace empty dir */
	CHECK(sys_chdir(A(U("/tmp/empty/e2")), 0, 0, 0, 0, 0), 0);
	CHECK(sys_getcwd(A(buf), 100, 0, 0, 0, 0), 14);
	CHECK(strcmp(buf, "/tmp/empty/e2"), 0);
	CHECK(sys_chdir(A(U("/")), 0, 0, 0, 0, 0), 0);
	CHECK(sys_faccessat(A(AT_FDCWD), A(U("/tmp/empty/e2")), 0, 0, 0, 0), 0);
	CHECK(sys_faccessat(A(AT_FDCWD), A(U("/nope")), 0, 0, 0, 0), -ENOENT);
	CHECK(sys_readlinkat(A(AT_FDCWD), A(U("/tmp")), A(buf), 10, 0, 0), -EINVAL);

	/* open-unlinked file survives until close */
	fd = OPEN("/tmp/big", 0, 0);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/big")), 0, 0, 0, 0), 0);
	CHECK(sys_read(fd, A(buf), 100, 0, 0, 0), 100);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	/* dirfd-relative */
	fd = OPEN("/tmp/d", 0, 0);
	fd2 = sys_openat(fd, A(U("newf")), 0101, 0600, 0, 0);
	CHECK(fd2 >= 0, 1);
	CHECK(sys_close(fd2, 0, 0, 0, 0, 0), 0);
	CHECK(sys_faccessat(A(AT_FDCWD), A(U("/tmp/d/newf")), 0, 0, 0, 0), 0);
	CHECK(sys_newfstatat(fd, A(U("")), A(st), 0x1000, 0, 0), 0);
	CHECK(*(u32 *)(st + 16) & 0170000, 0040000);
	fd2 = OPEN("/tmp/d/newf", 0, 0);
	CHECK(sys_openat(fd2, A(U("x")), 0, 0, 0, 0), -ENOTDIR);
	CHECK(sys_openat(99, A(U("x")), 0, 0, 0, 0), -EBADF);

	/* dup/fcntl */
	CHECK(sys_dup3(fd2, fd2, 0, 0, 0, 0), -EINVAL);
	CHECK(sys_dup3(fd2, 50, 02000000, 0, 0, 0), 50);
	CHECK(sys_fcntl(50, 1, 0, 0, 0, 0), 1);
	CHECK(sys_fcntl(fd2, 1030, 60, 0, 0, 0), 60);
	CHECK(sys_fcntl(fd2, 3, 0, 0, 0, 0), 0);
	CHECK(sys_fcntl(fd2, 4, 04000, 0, 0, 0), 0);
	CHECK(sys_fcntl(fd2, 3, 0, 0, 0, 0), 04000);
	CHECK(sys_close(50, 0, 0, 0, 0, 0), 0);
	CHECK(sys_close(60, 0, 0, 0, 0, 0), 0);
	CHECK(sys_close(fd2, 0, 0, 0, 0, 0), 0);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	CHECK(sys_ioctl(0, 0x5401, 0, 0, 0, 0), -EBADF);

	/* pipes (non-blocking: single task) */
	CHECK(sys_pipe2(A(fds), 04000, 0, 0, 0, 0), 0);
	CHECK(sys_read(fds[0], A(buf), 10, 0, 0, 0), -EAGAIN);
	CHECK(sys_write(fds[1], A(U("abc")), 3, 0, 0, 0), 3);
	CHECK(sys_lseek(fds[0], 0, 0, 0, 0, 0), -ESPIPE);
	CHECK(sys_read(fds[0], A(buf), 10, 0, 0, 0), 3);
	for (int i = 0; i < 64; i++) sys_write(fds[1], A(buf), 1024, 0, 0, 0);	/* 64 KiB */
	CHECK(sys_write(fds[1], A(buf), 1, 0, 0, 0), -EAGAIN);
	CHECK(sys_close(fds[0], 0, 0, 0, 0, 0), 0);
	CHECK(sys_write(fds[1], A(buf), 1, 0, 0, 0), -EPIPE);
	CHECK(sig_sent, 13);
	CHECK(sys_close(fds[1], 0, 0, 0, 0, 0), 0);
	CHECK(sys_pipe2(0x1000, 0, 0, 0, 0, 0), -EFAULT);
	CHECK(sys_pipe2(A(fds), 1, 0, 0, 0, 0), -EINVAL);

	/* devices */
	fd = OPEN("/dev/zero", 0, 0);
	buf[0] = 1;
	CHECK(sys_read(fd, A(buf), 100, 0, 0, 0), 100);
	CHECK(buf[0], 0);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	fd = OPEN("/dev/null", 2, 0);
	CHECK(sys_write(fd, A(buf), 100, 0, 0, 0), 100);
	CHECK(sys_read(fd, A(buf), 100, 0, 0, 0), 0);
	CHECK(sys_fstat(fd, A(st), 0, 0, 0, 0), 0);
	CHECK(*(u32 *)(st + 16) & 0170000, 0020000);
	CHECK(*(u64 *)(st + 32), 0x103);	/* 1:3, as on Linux */
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	/* writev/readv */
	u64 *iov = UB(64);
	iov[0] = A(U("ab")); iov[1] = 2; iov[2] = A(U("cde")); iov[3] = 3;
	fd = OPEN("/tmp/v", 0102, 0644);
	CHECK(sys_writev(fd, A(iov), 2, 0, 0, 0), 5);
	CHECK(sys_lseek(fd, 0, 0, 0, 0, 0), 0);
	iov[0] = A(buf); iov[1] = 1; iov[2] = A(buf + 10); iov[3] = 10;
	CHECK(sys_readv(fd, A(iov), 2, 0, 0, 0), 5);
	CHECK(buf[0] == 'a' && buf[10] == 'b' && buf[13] == 'e', 1);
	CHECK(sys_readv(fd, A(iov), 2000, 0, 0, 0), -EINVAL);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	/* remove things */
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/d/f1link")), 0, 0, 0, 0), 0);
	/* a directory growing into its indirect block, then emptied */
	CHECK(sys_mkdirat(A(AT_FDCWD), A(U("/tmp/many")), 0755, 0, 0, 0), 0);
	char *nm = UB(64);
	int made = 0;
	for (int i = 0; i < 2000; i++) {
		snprintf(nm, 64, "/tmp/many/file-%d", i);
		fd = sys_openat(A(AT_FDCWD), A(nm), 0101, 0644, 0, 0);
		if (fd >= 0 && sys_close(fd, 0, 0, 0, 0, 0) == 0)
			made++;
	}
	CHECK(made, 2000);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/many")), 0x200, 0, 0, 0), -ENOTEMPTY);
	for (int i = 0; i < 2000; i++) {
		snprintf(nm, 64, "/tmp/many/file-%d", i);
		made -= sys_unlinkat(A(AT_FDCWD), A(nm), 0, 0, 0, 0) == 0;
	}
	CHECK(made, 0);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/many")), 0x200, 0, 0, 0), 0);

	/* fill the disk: short write, then ENOSPC; unlink gives it back */
	fd = OPEN("/tmp/huge", 0101, 0644);
	total = 0;
	for (;;) {
		long r = sys_write(fd, A(buf), 65536, 0, 0, 0);
		if (r <= 0) {
			CHECK(r, -ENOSPC);
			break;
		}
		total += r;
	}
	CHECK(total > (100L << 20), 1);
	fd2 = OPEN("/tmp/x", 0101, 0644);	/* may or may not fit */
	if (fd2 >= 0)
		sys_close(fd2, 0, 0, 0, 0, 0);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);
	CHECK(sys_unlinkat(A(AT_FDCWD), A(U("/tmp/huge")), 0, 0, 0, 0), 0);
	fd = OPEN("/tmp/after", 0102, 0644);
	CHECK(sys_write(fd, A(buf), 65536, 0, 0, 0), 65536);
	/* a hole reads as zeros */
	CHECK(sys_lseek(fd, 1 << 20, 0, 0, 0, 0), 1 << 20);
	CHECK(sys_write(fd, A(U("z")), 1, 0, 0, 0), 1);
	CHECK(sys_lseek(fd, 500000, 0, 0, 0, 0), 500000);
	buf[0] = 9;
	CHECK(sys_read(fd, A(buf), 10, 0, 0, 0), 10);
	CHECK(buf[0], 0);
	CHECK(sys_close(fd, 0, 0, 0, 0, 0), 0);

	printk("fs hosttest: %d/%d checks passed, kmalloc live %ld\n", checks - fails, checks, n_kmalloc);
	return fails != 0;
}
