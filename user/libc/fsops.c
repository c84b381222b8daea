/* File metadata, special files and mounts: chmod/chown/utimensat family,
 * truncate, mknod/mkfifo, mount/umount, statfs. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/mount.h>
#include <sys/statfs.h>
#include <sys/syscall.h>
#include <time.h>
#include <sys/uio.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int fchmodat(int dirfd, const char *path, mode_t mode, int flags)
{
	if (flags & ~AT_SYMLINK_NOFOLLOW) {
		errno = EINVAL;
		return -1;
	}
	if (flags) {		/* Linux cannot chmod a symlink itself */
		errno = EOPNOTSUPP;
		return -1;
	}
	RET(__syscall3(SYS_fchmodat, dirfd, path, mode));
}
int chmod(const char *path, mode_t mode) { return fchmodat(AT_FDCWD, path, mode, 0); }
int fchmod(int fd, mode_t mode) { RET(__syscall2(SYS_fchmod, fd, mode)); }
int fchownat(int dirfd, const char *path, uid_t uid, gid_t gid, int flags)
{
	RET(__syscall5(SYS_fchownat, dirfd, path, uid, gid, flags));
}
int chown(const char *path, uid_t uid, gid_t gid) { return fchownat(AT_FDCWD, path, uid, gid, 0); }
int lchown(const char *path, uid_t uid, gid_t gid)
{
	return fchownat(AT_FDCWD, path, uid, gid, AT_SYMLINK_NOFOLLOW);
}
int fchown(int fd, uid_t uid, gid_t gid) { RET(__syscall3(SYS_fchown, fd, uid, gid)); }
int utimensat(int dirfd, const char *path, const struct timespec t[2], int flags)
{
	RET(__syscall4(SYS_utimensat, dirfd, path, t, flags));
}
int futimens(int fd, const struct timespec t[2]) { RET(__syscall4(SYS_utimensat, fd, 0, t, 0)); }
int truncate(const char *path, off_t len) { RET(__syscall2(SYS_truncate, path, len)); }
int fdatasync(int fd) { RET(__syscall1(SYS_fdatasync, fd)); }
int syncfs(int fd) { RET(__syscall1(SYS_syncfs, fd)); }
int mknodat(int dirfd, const char *path, mode_t mode, dev_t dev)
{
	RET(__syscall4(SYS_mknodat, dirfd, path, mode, dev));
}
int mknod(const char *path, mode_t mode, dev_t dev) { return mknodat(AT_FDCWD, path, mode, dev); }
int mkfifo(const char *path, mode_t mode) { return mknodat(AT_FDCWD, path, S_IFIFO | mode, 0); }
int mount(const char *src, const char *target, const char *type, unsigned long flags,
	  const void *data)
{
	RET(__syscall5(SYS_mount, src, target, type, flags, data));
}
int umount2(const char *target, int flags) { RET(__syscall2(SYS_umount2, target, flags)); }
int umount(const char *target) { return umount2(target, 0); }
int statfs(const char *path, struct statfs *st) { RET(__syscall2(SYS_statfs, path, st)); }
int fstatfs(int fd, struct statfs *st) { RET(__syscall2(SYS_fstatfs, fd, st)); }
int chroot(const char *path) { RET(__syscall1(SYS_chroot, path)); }
int fchdir(int fd) { RET(__syscall1(SYS_fchdir, fd)); }
int sethostname(const char *name, size_t len) { RET(__syscall2(SYS_sethostname, name, len)); }
ssize_t preadv(int fd, const struct iovec *iov, int cnt, off_t off)
{
	RET(__syscall4(SYS_preadv, fd, iov, cnt, off));
}
ssize_t pwritev(int fd, const struct iovec *iov, int cnt, off_t off)
{
	RET(__syscall4(SYS_pwritev, fd, iov, cnt, off));
}
