/* The VFS as a program sees it: symlinks, mounts, tmpfs, metadata, FIFOs,
 * device nodes and /proc, errno-exact. Each case runs in its own child in
 * a fresh directory; portable (difftest runs it on the host's Linux too). */
#include <dirent.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/mount.h>
#include <sys/stat.h>
#include <sys/statfs.h>
#include <sys/wait.h>
#include <sys/mman.h>
#include <sys/uio.h>
#include <signal.h>
#include <time.h>
#include "check.h"

/* glibc names the nanoseconds st_atim.tv_nsec, the kernel's struct (and
 * cleave's libc) st_atime_nsec. */
#ifdef __GLIBC__
#define ATIME_NS(st) ((st).st_atim.tv_nsec)
#define MTIME_NS(st) ((st).st_mtim.tv_nsec)
#else
#define ATIME_NS(st) ((st).st_atime_nsec)
#define MTIME_NS(st) ((st).st_mtime_nsec)
#endif

#ifndef TMPFS_MAGIC
#define TMPFS_MAGIC 0x01021994
#endif

static char top[256];

static int put(const char *path, const char *data)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0)
		return -1;
	ssize_t n = write(fd, data, strlen(data));
	close(fd);
	return n == (ssize_t)strlen(data) ? 0 : -1;
}

static ssize_t get(const char *path, char *buf, size_t cap)
{
	int fd = open(path, O_RDONLY);
	ssize_t n = 0, r;

	if (fd < 0)
		return -1;
	while (n < (ssize_t)cap - 1 && (r = read(fd, buf + n, cap - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	return n;
}

#define T(name) static void name(const char *N)
#define REQ(cond, ...) do { if (!(cond)) { fail(N, __VA_ARGS__); return; } } while (0)
#define ERR(call, e) do { if (!expect_err(N, (long)(call), e)) return; } while (0)

T(symlink_readlink)
{
	char buf[64];
	REQ(symlink("target-x", "l1") == 0, "symlink: %s", strerror(errno));
	ssize_t n = readlink("l1", buf, sizeof(buf));
	REQ(n == 8 && memcmp(buf, "target-x", 8) == 0, "readlink gave %zd", n);
	n = readlink("l1", buf, 3);		/* truncated, no NUL */
	REQ(n == 3 && memcmp(buf, "tar", 3) == 0, "short readlink gave %zd", n);
	ERR(symlink("other", "l1"), EEXIST);
	ok(N);
}

T(symlink_follow)
{
	char buf[64];
	REQ(put("f", "through the link") == 0, "create f");
	REQ(symlink("f", "l") == 0, "symlink");
	REQ(get("l", buf, sizeof(buf)) == 16 && strcmp(buf, "through the link") == 0,
	    "read through link: %s", buf);
	REQ(mkdir("d", 0755) == 0 && put("d/x", "in d") == 0, "mkdir d");
	REQ(symlink("d", "ld") == 0, "symlink ld");
	REQ(get("ld/x", buf, sizeof(buf)) == 4, "ld/x: %s", strerror(errno));
	REQ(symlink("../f", "d/up") == 0 && get("d/up", buf, sizeof(buf)) == 16, "relative ../f");
	ok(N);
}

T(symlink_dangling)
{
	struct stat st;
	REQ(symlink("nowhere", "dl") == 0, "symlink");
	ERR(open("dl", O_RDONLY), ENOENT);
	ERR(stat("dl", &st), ENOENT);
	REQ(lstat("dl", &st) == 0 && S_ISLNK(st.st_mode), "lstat of a dangling link");
	ok(N);
}

T(symlink_loop)
{
	struct stat st;
	REQ(symlink("loop2", "loop1") == 0 && symlink("loop1", "loop2") == 0, "symlinks");
	ERR(open("loop1", O_RDONLY), ELOOP);
	ERR(stat("loop1", &st), ELOOP);
	ERR(open("loop1/x", O_RDONLY), ELOOP);
	REQ(symlink("self", "self") == 0, "self link");
	ERR(stat("self", &st), ELOOP);
	ok(N);
}

/* Linux follows at most 40 links in one lookup. */
T(symlink_chain_40)
{
	char a[16], b[16];
	struct stat st;
	REQ(put("end", "x") == 0, "create end");
	for (int i = 0; i < 41; i++) {
		snprintf(a, sizeof(a), "c%d", i);
		if (i == 40)
			strcpy(b, "end");
		else
			snprintf(b, sizeof(b), "c%d", i + 1);
		REQ(symlink(b, a) == 0, "symlink %s", a);
	}
	REQ(stat("c1", &st) == 0, "40 links: %s", strerror(errno));
	ERR(stat("c0", &st), ELOOP);
	ok(N);
}

T(lstat_vs_stat)
{
	struct stat st, lst;
	REQ(put("f", "12345") == 0 && symlink("f", "l") == 0, "setup");
	REQ(stat("l", &st) == 0 && lstat("l", &lst) == 0, "stat/lstat");
	REQ(S_ISREG(st.st_mode) && st.st_size == 5, "stat: mode %o size %ld", st.st_mode,
	    (long)st.st_size);
	REQ(S_ISLNK(lst.st_mode) && lst.st_size == 1, "lstat: mode %o size %ld", lst.st_mode,
	    (long)lst.st_size);
	REQ(st.st_ino != lst.st_ino, "same inode");
	ok(N);
}

T(o_nofollow)
{
	REQ(put("f", "x") == 0 && symlink("f", "l") == 0, "setup");
	ERR(open("l", O_RDONLY | O_NOFOLLOW), ELOOP);
	int fd = open("f", O_RDONLY | O_NOFOLLOW);
	REQ(fd >= 0, "O_NOFOLLOW on a file: %s", strerror(errno));
	close(fd);
	ERR(open("f", O_RDONLY | O_DIRECTORY), ENOTDIR);
	ERR(open("l/", O_RDONLY), ENOTDIR);
	ok(N);
}

T(readlink_errors)
{
	char buf[16];
	REQ(put("f", "x") == 0, "setup");
	ERR(readlink("f", buf, sizeof(buf)), EINVAL);
	ERR(readlink("missing", buf, sizeof(buf)), ENOENT);
	REQ(symlink("f", "l") == 0, "symlink");
	ERR(readlink("l", buf, 0), EINVAL);
	ok(N);
}

T(name_too_long)
{
	char name[300], *path = malloc(5000);
	memset(name, 'n', 256);
	name[256] = 0;
	ERR(open(name, O_RDONLY | O_CREAT, 0644), ENAMETOOLONG);
	ERR(mkdir(name, 0755), ENAMETOOLONG);
	memset(path, 'p', 4200);
	for (int i = 100; i < 4200; i += 100)
		path[i] = '/';
	path[4200] = 0;
	ERR(open(path, O_RDONLY), ENAMETOOLONG);
	path[4096] = 0;
	ERR(symlink(path, "long"), ENAMETOOLONG);
	free(path);
	ok(N);
}

static int mount_tmpfs(const char *dir, const char *opts)
{
	if (mkdir(dir, 0755) < 0)
		return -1;
	return mount("tmpfs", dir, "tmpfs", 0, opts);
}

T(rename_exdev)
{
	REQ(put("f", "x") == 0, "create");
	REQ(mount_tmpfs("mnt", NULL) == 0, "mount tmpfs: %s", strerror(errno));
	ERR(rename("f", "mnt/f"), EXDEV);
	ERR(link("f", "mnt/f"), EXDEV);
	REQ(put("mnt/g", "y") == 0, "create in tmpfs");
	ERR(rename("mnt/g", "g"), EXDEV);
	REQ(rename("mnt/g", "mnt/h") == 0, "rename inside tmpfs: %s", strerror(errno));
	REQ(umount("mnt") == 0, "umount: %s", strerror(errno));
	ok(N);
}

T(umount_busy)
{
	REQ(mount_tmpfs("mnt", NULL) == 0, "mount: %s", strerror(errno));
	int fd = open("mnt/open", O_RDWR | O_CREAT, 0644);
	REQ(fd >= 0, "create in mount");
	ERR(umount("mnt"), EBUSY);
	close(fd);
	REQ(chdir("mnt") == 0, "chdir");
	ERR(umount("../mnt"), EBUSY);
	REQ(chdir("..") == 0, "chdir back across the mount");
	ERR(umount("."), EINVAL);		/* not a mount point */
	REQ(umount("mnt") == 0, "umount when idle: %s", strerror(errno));
	struct stat st;
	ERR(stat("mnt/open", &st), ENOENT);	/* the tmpfs is gone */
	ok(N);
}

T(mount_dotdot)
{
	char cwd[512], buf[512];
	struct stat a, b;
	REQ(mount_tmpfs("mnt", NULL) == 0, "mount: %s", strerror(errno));
	REQ(mkdir("mnt/sub", 0755) == 0, "mkdir in tmpfs");
	REQ(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	REQ(chdir("mnt/sub") == 0 && getcwd(buf, sizeof(buf)) != NULL, "getcwd inside");
	REQ(strlen(buf) > strlen(cwd) && strncmp(buf, cwd, strlen(cwd)) == 0 &&
	    strcmp(buf + strlen(cwd), "/mnt/sub") == 0, "getcwd %s under %s", buf, cwd);
	REQ(stat("../..", &a) == 0 && stat(cwd, &b) == 0 && a.st_ino == b.st_ino &&
	    a.st_dev == b.st_dev, ".. crosses the mount back up");
	REQ(chdir(cwd) == 0 && umount("mnt") == 0, "cleanup");
	ok(N);
}

T(tmpfs_full)
{
	static char big[100000];
	struct statfs sf;
	REQ(mount_tmpfs("mnt", "size=64k") == 0, "mount: %s", strerror(errno));
	REQ(statfs("mnt", &sf) == 0 && sf.f_type == TMPFS_MAGIC, "statfs type %lx",
	    (long)sf.f_type);
	memset(big, 'z', sizeof(big));
	int fd = open("mnt/a", O_WRONLY | O_CREAT, 0644);
	REQ(fd >= 0, "create");
	ssize_t n = write(fd, big, sizeof(big));
	REQ(n > 0 && n <= 65536, "first write: %zd", n);
	ERR(write(fd, big, 4096), ENOSPC);
	close(fd);
	REQ(unlink("mnt/a") == 0, "unlink");
	fd = open("mnt/b", O_WRONLY | O_CREAT, 0644);
	REQ(fd >= 0 && write(fd, big, 32768) == 32768, "write after unlink: %s", strerror(errno));
	close(fd);
	REQ(umount("mnt") == 0, "umount: %s", strerror(errno));
	ok(N);
}

T(chmod_chown)
{
	struct stat st;
	REQ(put("f", "x") == 0, "create");
	REQ(chmod("f", 0640) == 0 && stat("f", &st) == 0, "chmod");
	REQ((st.st_mode & 07777) == 0640 && S_ISREG(st.st_mode), "mode %o", st.st_mode);
	int fd = open("f", O_RDONLY);
	REQ(fchmod(fd, 04755) == 0 && fstat(fd, &st) == 0 && (st.st_mode & 07777) == 04755,
	    "fchmod: mode %o", st.st_mode);
	REQ(chown("f", 1234, 5678) == 0 && stat("f", &st) == 0, "chown");
	REQ(st.st_uid == 1234 && st.st_gid == 5678, "uid %u gid %u", st.st_uid, st.st_gid);
	REQ((st.st_mode & 07777) == 0755, "chown kept set-user-ID: %o", st.st_mode);
	REQ(fchown(fd, -1, 42) == 0 && fstat(fd, &st) == 0 && st.st_uid == 1234 &&
	    st.st_gid == 42, "fchown -1: %u %u", st.st_uid, st.st_gid);
	close(fd);
	REQ(symlink("f", "l") == 0 && lchown("l", 7, 7) == 0 && stat("f", &st) == 0 &&
	    st.st_uid == 1234, "lchown touched the target");
	REQ(lstat("l", &st) == 0 && st.st_uid == 7, "lchown: %u", st.st_uid);
	REQ(mkdir("d", 0700) == 0 && chmod("d", 0751) == 0 && stat("d", &st) == 0 &&
	    (st.st_mode & 07777) == 0751 && S_ISDIR(st.st_mode), "chmod dir %o", st.st_mode);
	ERR(chmod("missing", 0644), ENOENT);
	ok(N);
}

T(utimensat_times)
{
	struct stat st;
	struct timespec t[2] = { { 1000000000, 123456789 }, { 1200000000, 500 } };
	REQ(put("f", "x") == 0, "create");
	REQ(utimensat(AT_FDCWD, "f", t, 0) == 0 && stat("f", &st) == 0, "utimensat");
	REQ(st.st_atime == 1000000000 && ATIME_NS(st) == 123456789 &&
	    st.st_mtime == 1200000000 && MTIME_NS(st) == 500, "times %ld.%ld %ld.%ld",
	    (long)st.st_atime, (long)ATIME_NS(st), (long)st.st_mtime,
	    (long)MTIME_NS(st));
	struct timespec o[2] = { { 5, UTIME_OMIT }, { 1300000000, 0 } };
	REQ(utimensat(AT_FDCWD, "f", o, 0) == 0 && stat("f", &st) == 0 &&
	    st.st_atime == 1000000000 && st.st_mtime == 1300000000, "UTIME_OMIT");
	struct timespec now[2] = { { 0, UTIME_NOW }, { 0, UTIME_NOW } };
	REQ(utimensat(AT_FDCWD, "f", now, 0) == 0 && stat("f", &st) == 0 &&
	    st.st_mtime > 1300000000 && st.st_atime == st.st_mtime, "UTIME_NOW");
	struct timespec bad[2] = { { 0, 1000000000 }, { 0, 0 } };
	ERR(utimensat(AT_FDCWD, "f", bad, 0), EINVAL);
	int fd = open("f", O_RDONLY);
	REQ(futimens(fd, t) == 0 && fstat(fd, &st) == 0 && st.st_mtime == 1200000000, "futimens");
	close(fd);
	ok(N);
}

/* Write, create and unlink move mtime (and ctime) forward. */
T(mtime_ctime)
{
	struct stat st;
	struct timespec old[2] = { { 1000000000, 0 }, { 1000000000, 0 } };
	REQ(put("f", "x") == 0 && mkdir("d", 0755) == 0, "setup");
	REQ(utimensat(AT_FDCWD, "f", old, 0) == 0, "utimensat f");
	int fd = open("f", O_WRONLY | O_APPEND);
	REQ(fd >= 0 && write(fd, "more", 4) == 4, "append");
	close(fd);
	REQ(stat("f", &st) == 0 && st.st_mtime > 1000000000 && st.st_ctime >= st.st_mtime,
	    "write: mtime %ld ctime %ld", (long)st.st_mtime, (long)st.st_ctime);
	REQ(utimensat(AT_FDCWD, "d", old, 0) == 0, "utimensat d");
	REQ(put("d/new", "y") == 0 && stat("d", &st) == 0 && st.st_mtime > 1000000000,
	    "create: dir mtime %ld", (long)st.st_mtime);
	REQ(utimensat(AT_FDCWD, "d", old, 0) == 0, "utimensat d again");
	REQ(unlink("d/new") == 0 && stat("d", &st) == 0 && st.st_mtime > 1000000000,
	    "unlink: dir mtime %ld", (long)st.st_mtime);
	REQ(utimensat(AT_FDCWD, "d", old, 0) == 0 && put("d/r", "z") == 0 &&
	    utimensat(AT_FDCWD, "d", old, 0) == 0, "setup rename");
	REQ(rename("d/r", "d/s") == 0 && stat("d", &st) == 0 && st.st_mtime > 1000000000,
	    "rename: dir mtime %ld", (long)st.st_mtime);
	ok(N);
}

T(truncate_grow_shrink)
{
	char buf[32];
	struct stat st;
	REQ(put("f", "abcdefgh") == 0, "create");
	REQ(truncate("f", 3) == 0 && stat("f", &st) == 0 && st.st_size == 3, "shrink");
	REQ(get("f", buf, sizeof(buf)) == 3 && memcmp(buf, "abc", 3) == 0, "shrunk data");
	REQ(truncate("f", 10) == 0 && stat("f", &st) == 0 && st.st_size == 10, "grow");
	REQ(get("f", buf, sizeof(buf)) == 10 && memcmp(buf, "abc\0\0\0\0\0\0\0", 10) == 0,
	    "beyond the old end reads zeros");
	int fd = open("f", O_RDWR);
	REQ(ftruncate(fd, 5000) == 0 && fstat(fd, &st) == 0 && st.st_size == 5000, "ftruncate grow");
	REQ(pread(fd, buf, 4, 4096) == 4 && memcmp(buf, "\0\0\0\0", 4) == 0, "hole reads zeros");
	REQ(ftruncate(fd, 0) == 0 && fstat(fd, &st) == 0 && st.st_size == 0, "ftruncate 0");
	ERR(ftruncate(fd, -1), EINVAL);
	close(fd);
	fd = open("f", O_RDONLY);
	ERR(ftruncate(fd, 1), EINVAL);
	close(fd);
	ERR(truncate(".", 0), EISDIR);
	ERR(truncate("missing", 0), ENOENT);
	ok(N);
}

T(pread_pwrite)
{
	char buf[16];
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	REQ(fd >= 0 && write(fd, "0123456789", 10) == 10, "write");
	REQ(lseek(fd, 2, SEEK_SET) == 2, "lseek");
	REQ(pwrite(fd, "XY", 2, 7) == 2 && lseek(fd, 0, SEEK_CUR) == 2, "pwrite moved the offset");
	REQ(pread(fd, buf, 4, 6) == 4 && memcmp(buf, "6XY9", 4) == 0 &&
	    lseek(fd, 0, SEEK_CUR) == 2, "pread moved the offset or read wrong");
	REQ(read(fd, buf, 2) == 2 && memcmp(buf, "23", 2) == 0, "read at the offset");
	ERR(pread(fd, buf, 1, -1), EINVAL);
	int p[2];
	REQ(pipe(p) == 0, "pipe");
	ERR(pread(p[0], buf, 1, 0), ESPIPE);
	ERR(pwrite(p[1], buf, 1, 0), ESPIPE);
	ok(N);
}

T(fsync_calls)
{
	int fd = open("f", O_RDWR | O_CREAT, 0644), p[2];
	REQ(fd >= 0 && write(fd, "x", 1) == 1, "write");
	REQ(fsync(fd) == 0 && fdatasync(fd) == 0, "fsync: %s", strerror(errno));
	sync();
	REQ(pipe(p) == 0, "pipe");
	ERR(fsync(p[0]), EINVAL);
	ERR(fsync(-1), EBADF);
	int dfd = open(".", O_RDONLY | O_DIRECTORY);
	REQ(dfd >= 0 && fsync(dfd) == 0, "fsync of a directory");
	ok(N);
}

T(fifo)
{
	struct stat st;
	char buf[8];
	REQ(mkfifo("fifo", 0644) == 0, "mkfifo: %s", strerror(errno));
	REQ(stat("fifo", &st) == 0 && S_ISFIFO(st.st_mode), "not a FIFO: %o", st.st_mode);
	ERR(open("fifo", O_WRONLY | O_NONBLOCK), ENXIO);
	int r = open("fifo", O_RDONLY | O_NONBLOCK);
	REQ(r >= 0, "reader: %s", strerror(errno));
	int w = open("fifo", O_WRONLY | O_NONBLOCK);
	REQ(w >= 0, "writer: %s", strerror(errno));
	REQ(write(w, "ping", 4) == 4 && read(r, buf, 8) == 4 && memcmp(buf, "ping", 4) == 0,
	    "data through the FIFO");
	ERR(read(r, buf, 8), EAGAIN);
	close(w);
	REQ(read(r, buf, 8) == 0, "EOF after the writer closed");
	close(r);
	ERR(mkfifo("fifo", 0644), EEXIST);
	ERR(lseek(open("fifo", O_RDWR), 0, SEEK_SET), ESPIPE);
	ok(N);
}

T(blocking_fifo_open)
{
	REQ(mkfifo("fifo", 0600) == 0, "mkfifo");
	pid_t c = fork();
	if (c == 0) {
		int w = open("fifo", O_WRONLY);	/* waits for the reader */
		_exit(w >= 0 && write(w, "hi", 2) == 2 ? 0 : 1);
	}
	char buf[4];
	int r = open("fifo", O_RDONLY);		/* waits for the writer */
	REQ(r >= 0 && read(r, buf, 4) == 2, "blocking open pair");
	int st;
	REQ(waitpid(c, &st, 0) == c && WIFEXITED(st) && WEXITSTATUS(st) == 0, "writer status");
	ok(N);
}

T(dev_nodes)
{
	char buf[64];
	int fd = open("/dev/null", O_RDWR);
	REQ(fd >= 0 && read(fd, buf, 8) == 0 && write(fd, "x", 1) == 1, "/dev/null");
	close(fd);
	fd = open("/dev/zero", O_RDONLY);
	memset(buf, 1, sizeof(buf));
	REQ(fd >= 0 && read(fd, buf, 64) == 64 && buf[0] == 0 && buf[63] == 0, "/dev/zero");
	close(fd);
	fd = open("/dev/full", O_WRONLY);
	REQ(fd >= 0, "/dev/full: %s", strerror(errno));
	ERR(write(fd, "x", 1), ENOSPC);
	close(fd);
	unsigned char a[32], b[32];
	fd = open("/dev/urandom", O_RDONLY);
	REQ(fd >= 0 && read(fd, a, 32) == 32 && read(fd, b, 32) == 32 && memcmp(a, b, 32) != 0,
	    "/dev/urandom");
	close(fd);
	struct stat st;
	REQ(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == ((1 << 8) | 3),
	    "/dev/null is 1:3 (%lx)", (long)st.st_rdev);
	REQ(stat("/dev/tty", &st) == 0 && S_ISCHR(st.st_mode) && st.st_rdev == ((5 << 8) | 0),
	    "/dev/tty is 5:0");
	REQ(stat("/dev/random", &st) == 0 && st.st_rdev == ((1 << 8) | 8), "/dev/random is 1:8");
	ok(N);
}

T(proc_self_exe)
{
	char buf[512];
	ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
	REQ(n > 0, "readlink: %s", strerror(errno));
	buf[n] = 0;
	REQ(n >= 8 && strcmp(buf + n - 8, "/vfstest") == 0 && buf[0] == '/', "exe is %s", buf);
	char self[32];
	n = readlink("/proc/self", self, sizeof(self) - 1);
	REQ(n > 0, "/proc/self");
	self[n] = 0;
	REQ(atoi(self) == getpid(), "/proc/self is %s", self);
	ok(N);
}

/* Field k (from 3 on) of a /proc/<pid>/stat line, as a number; the
 * comm (field 2) may hold spaces, so counting starts after its ')'. */
static long long stat_field(const char *buf, int k)
{
	const char *p = strrchr(buf, ')');
	for (int f = 2; p && f < k; f++)
		p = strchr(p + 1, ' ');
	return p ? strtoll(p + 1, NULL, 10) : -1;
}

static char stat_state(const char *buf)
{
	const char *p = strrchr(buf, ')');
	return p ? p[2] : '?';
}

/* Fields 1-8, 20 and 22 of /proc/<pid>/stat against the task. */
T(proc_pid_stat)
{
	int go[2];
	REQ(pipe(go) == 0, "pipe");
	pid_t c = fork();
	if (c == 0) {
		char b;
		close(go[1]);
		read(go[0], &b, 1);	/* sleeps until the parent is done */
		_exit(0);
	}
	close(go[0]);
	char path[64], buf[1024], mine[1024];
	snprintf(path, sizeof(path), "/proc/%d/stat", c);
	/* progress-bounded wait until the child sleeps in its read */
	for (int i = 0; i < 1000000; i++) {
		REQ(get(path, buf, sizeof(buf)) > 0, "read %s: %s", path, strerror(errno));
		if (stat_state(buf) == 'S')
			break;
		sched_yield();
	}
	REQ(atoi(buf) == c, "pid field: %s", buf);
	REQ(strncmp(strchr(buf, ' ') + 1, "(vfstest) ", 10) == 0, "comm: %s", buf);
	REQ(stat_state(buf) == 'S', "state %c", stat_state(buf));
	REQ(stat_field(buf, 4) == getpid(), "ppid %lld", stat_field(buf, 4));
	REQ(stat_field(buf, 5) == getpgid(c), "pgrp %lld", stat_field(buf, 5));
	REQ(stat_field(buf, 6) == getsid(c), "session %lld", stat_field(buf, 6));
	REQ(stat_field(buf, 20) == 1, "num_threads %lld", stat_field(buf, 20));
	REQ(get("/proc/self/stat", mine, sizeof(mine)) > 0, "own stat");
	REQ(stat_field(buf, 22) >= stat_field(mine, 22), "starttime %lld < %lld",
	    stat_field(buf, 22), stat_field(mine, 22));
	REQ(stat_field(mine, 4) == getppid() && stat_field(mine, 1 + 0) != -2, "own ppid");
	close(go[1]);
	waitpid(c, NULL, 0);
	ok(N);
}

static int fd_listed(int fd)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	int found = 0;
	if (!d)
		return -1;
	while ((e = readdir(d)))
		if (atoi(e->d_name) == fd && e->d_name[0] != '.')
			found = 1;
	closedir(d);
	return found;
}

T(proc_fd_listing)
{
	int fd = open("f", O_RDWR | O_CREAT, 0644);
	REQ(fd >= 0, "create");
	int hi = dup2(fd, 77);
	REQ(hi == 77, "dup2");
	REQ(fd_listed(77) == 1, "fd 77 not listed");
	char buf[512], link[64];
	snprintf(link, sizeof(link), "/proc/self/fd/%d", fd);
	ssize_t n = readlink(link, buf, sizeof(buf) - 1);
	REQ(n > 2, "readlink %s: %s", link, strerror(errno));
	buf[n] = 0;
	REQ(strcmp(buf + n - 2, "/f") == 0, "fd link is %s", buf);
	close(77);
	REQ(fd_listed(77) == 0, "fd 77 still listed after close");
	int p[2];
	REQ(pipe(p) == 0, "pipe");
	snprintf(link, sizeof(link), "/proc/self/fd/%d", p[0]);
	n = readlink(link, buf, sizeof(buf) - 1);
	REQ(n > 6 && strncmp(buf, "pipe:[", 6) == 0, "pipe link %.*s", (int)n, buf);
	ok(N);
}

T(proc_pid_vanishes)
{
	pid_t c = fork();
	if (c == 0)
		_exit(3);
	char path[64];
	struct stat st;
	snprintf(path, sizeof(path), "/proc/%d", c);
	REQ(stat(path, &st) == 0, "child's directory: %s", strerror(errno));
	snprintf(path, sizeof(path), "/proc/%d/stat", c);
	char buf[256];
	/* progress-bounded: the child has nothing to do but exit */
	int i;
	for (i = 0; i < 1000000; i++) {
		REQ(get(path, buf, sizeof(buf)) > 0, "zombie's stat: %s", strerror(errno));
		if (stat_state(buf) == 'Z')
			break;
		sched_yield();
	}
	REQ(i < 1000000, "never a zombie: %s", buf);
	REQ(waitpid(c, NULL, 0) == c, "reap");
	snprintf(path, sizeof(path), "/proc/%d", c);
	ERR(stat(path, &st), ENOENT);
	ok(N);
}

T(proc_mounts_statfs)
{
	char buf[4096];
	REQ(mount_tmpfs("mnt", "size=128k") == 0, "mount: %s", strerror(errno));
	REQ(get("/proc/mounts", buf, sizeof(buf)) > 0, "read /proc/mounts");
	char want[300], cwd[256];
	REQ(getcwd(cwd, sizeof(cwd)) != NULL, "getcwd");
	snprintf(want, sizeof(want), " %s/mnt tmpfs rw", cwd);
	REQ(strstr(buf, want) != NULL, "no '%s' in /proc/mounts", want);
	struct statfs sf;
	REQ(statfs("mnt", &sf) == 0 && sf.f_blocks == 32 && sf.f_bsize == 4096,
	    "statfs blocks %ld bsize %ld", (long)sf.f_blocks, (long)sf.f_bsize);
	int fd = open("mnt", O_RDONLY);
	REQ(fd >= 0 && fstatfs(fd, &sf) == 0 && sf.f_type == TMPFS_MAGIC, "fstatfs");
	close(fd);
	REQ(umount("mnt") == 0, "umount");
	REQ(get("/proc/mounts", buf, sizeof(buf)) > 0 && !strstr(buf, want), "still listed");
	ok(N);
}

/* A single write of 1 GiB (one writev of 1024 x 1 MiB) into a file: once
 * SIGKILL is sent the write stops within a few of its transactions, long
 * before the data or the disk runs out. Measured in progress, not time:
 * how much more reached the file after the kill. */
T(sigkill_huge_write)
{
	static struct iovec iov[1024];
	char *buf = mmap(NULL, 1 << 20, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	REQ(buf != MAP_FAILED, "mmap");
	memset(buf, 'k', 1 << 20);
	for (int i = 0; i < 1024; i++)
		iov[i] = (struct iovec){ buf, 1 << 20 };
	int fd = open("huge", O_WRONLY | O_CREAT | O_TRUNC, 0644);
	REQ(fd >= 0, "create");
	pid_t c = fork();
	if (c == 0) {
		/* a root in RAM may run out before the kill lands: the write then
		 * ends short, and the child waits for its SIGKILL all the same */
		writev(fd, iov, 1024);
		for (;;)
			pause();
	}
	struct stat st;
	long at_kill = 0;
	for (int i = 0; i < 10000000; i++) {	/* until the write is under way */
		fstat(fd, &st);
		if (st.st_size > (2 << 20))
			break;
		sched_yield();
	}
	kill(c, SIGKILL);
	at_kill = st.st_size;
	int status;
	REQ(waitpid(c, &status, 0) == c && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL,
	    "the writer was not killed: status %#x", status);
	fstat(fd, &st);
	REQ(at_kill > 0 && at_kill < (1L << 30), "the write was not under way (size %ld)", at_kill);
	REQ(st.st_size < at_kill + (16L << 20), "the write went on after SIGKILL: %ld -> %ld bytes",
	    at_kill, (long)st.st_size);
	close(fd);
	unlink("huge");
	ok(N);
}

/* One round of the failure paths: what each leaves behind must be nothing. */
static void leak_round(void)
{
	char name[300], buf[256];
	struct stat st;
	memset(name, 'n', 256);
	name[256] = 0;
	open(name, O_RDONLY | O_CREAT, 0644);		/* ENAMETOOLONG */
	symlink("lp2", "lp1");
	symlink("lp1", "lp2");
	stat("lp1", &st);				/* ELOOP */
	unlink("lp1");
	unlink("lp2");
	if (mount_tmpfs("lm", "size=8k") == 0) {
		int fd = open("lm/f", O_WRONLY | O_CREAT, 0644);
		static char big[16384];
		write(fd, big, sizeof(big));		/* ENOSPC midway */
		umount("lm");				/* EBUSY: fd open */
		close(fd);
		umount("lm");
	}
	rmdir("lm");
	mkfifo("lf", 0600);
	int r = open("lf", O_RDONLY | O_NONBLOCK);
	open("lf", O_WRONLY | O_NONBLOCK) >= 0 ? (void)0 : (void)0;
	close(r);
	open("lf", O_WRONLY | O_NONBLOCK);		/* ENXIO */
	unlink("lf");
	readlink("/proc/self/exe", buf, sizeof(buf));
	get("/proc/self/status", buf, sizeof(buf));
	int fd = open("/proc/self/fd", O_RDONLY);
	close(fd);
	for (int i = 3; i < 64; i++)
		close(i);
}

/* cleave's /proc/meminfo counts live kernel objects and free pages; on
 * Linux (no such counters) the rounds run without the comparison. */
T(no_leaks)
{
	leak_round();				/* warm caches once */
	long s0 = meminfo("SlabObjects"), p0 = meminfo("PagesFree");
	for (int i = 0; i < 20; i++)
		leak_round();
	long s1 = meminfo("SlabObjects"), p1 = meminfo("PagesFree");
	REQ(s0 < 0 || (s1 == s0 && p1 >= p0 - 8), "SlabObjects %ld -> %ld, PagesFree %ld -> %ld",
	    s0, s1, p0, p1);
	ok(N);
}

static const struct { const char *name; void (*fn)(const char *); } cases[] = {
	{ "vfs-symlink-readlink", symlink_readlink },
	{ "vfs-symlink-follow", symlink_follow },
	{ "vfs-symlink-dangling", symlink_dangling },
	{ "vfs-symlink-loop", symlink_loop },
	{ "vfs-symlink-chain-40", symlink_chain_40 },
	{ "vfs-lstat-vs-stat", lstat_vs_stat },
	{ "vfs-o-nofollow", o_nofollow },
	{ "vfs-readlink-errors", readlink_errors },
	{ "vfs-name-too-long", name_too_long },
	{ "vfs-rename-exdev", rename_exdev },
	{ "vfs-umount-busy", umount_busy },
	{ "vfs-mount-dotdot", mount_dotdot },
	{ "vfs-tmpfs-full", tmpfs_full },
	{ "vfs-chmod-chown", chmod_chown },
	{ "vfs-utimensat", utimensat_times },
	{ "vfs-mtime-ctime", mtime_ctime },
	{ "vfs-truncate", truncate_grow_shrink },
	{ "vfs-pread-pwrite", pread_pwrite },
	{ "vfs-fsync", fsync_calls },
	{ "vfs-fifo", fifo },
	{ "vfs-fifo-blocking-open", blocking_fifo_open },
	{ "vfs-dev-nodes", dev_nodes },
	{ "vfs-proc-self-exe", proc_self_exe },
	{ "vfs-proc-pid-stat", proc_pid_stat },
	{ "vfs-proc-fd-listing", proc_fd_listing },
	{ "vfs-proc-pid-vanishes", proc_pid_vanishes },
	{ "vfs-proc-mounts-statfs", proc_mounts_statfs },
	{ "vfs-no-leaks", no_leaks },
	{ "vfs-sigkill-huge-write", sigkill_huge_write },
};

/* Remove a case's directory tree (mounts are gone by then). */
static void rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		umount2(path, MNT_DETACH);
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rmtree(sub);
		}
		if (d)
			closedir(d);
		rmdir(path);
	} else {
		unlink(path);
	}
}

int main(int argc, char **argv)
{
	snprintf(top, sizeof(top), "vfstest-%d", getpid());
	if (mkdir(top, 0755) < 0 || chdir(top) < 0) {
		fail("vfstest", "cannot make %s: %s", top, strerror(errno));
		return 1;
	}
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		char dir[64];
		snprintf(dir, sizeof(dir), "case%zu", i);
		mkdir(dir, 0755);
		pid_t c = fork();
		if (c == 0) {
			if (chdir(dir) < 0)
				_exit(1);
			umask(022);
			cases[i].fn(cases[i].name);
			_exit(failures ? 1 : 0);
		}
		int st;
		if (waitpid(c, &st, 0) != c || !WIFEXITED(st))
			fail(cases[i].name, "case died: status %#x", st);
		else if (WEXITSTATUS(st))
			failures++;
		rmtree(dir);
	}
	if (chdir("..") == 0)
		rmtree(top);
	return failures ? 1 : 0;
}
