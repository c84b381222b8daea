/* File-descriptor level system calls. */
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <termios.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int openat(int dirfd, const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	RET(__syscall4(SYS_openat, dirfd, path, flags, mode));
}

int open(const char *path, int flags, ...)
{
	va_list ap;
	mode_t mode;

	va_start(ap, flags);
	mode = va_arg(ap, mode_t);
	va_end(ap);
	RET(__syscall4(SYS_openat, AT_FDCWD, path, flags, mode));
}

int creat(const char *path, mode_t mode)
{
	return open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
}

int close(int fd) { RET(__syscall1(SYS_close, fd)); }
ssize_t read(int fd, void *buf, size_t n) { RET(__syscall3(SYS_read, fd, buf, n)); }
ssize_t write(int fd, const void *buf, size_t n) { RET(__syscall3(SYS_write, fd, buf, n)); }
ssize_t pread(int fd, void *buf, size_t n, off_t off) { RET(__syscall4(SYS_pread64, fd, buf, n, off)); }
ssize_t pwrite(int fd, const void *buf, size_t n, off_t off) { RET(__syscall4(SYS_pwrite64, fd, buf, n, off)); }
ssize_t readv(int fd, const struct iovec *iov, int cnt) { RET(__syscall3(SYS_readv, fd, iov, cnt)); }
ssize_t writev(int fd, const struct iovec *iov, int cnt) { RET(__syscall3(SYS_writev, fd, iov, cnt)); }
off_t lseek(int fd, off_t off, int whence) { RET(__syscall3(SYS_lseek, fd, off, whence)); }
int dup(int fd) { RET(__syscall1(SYS_dup, fd)); }
int dup3(int oldfd, int newfd, int flags) { RET(__syscall3(SYS_dup3, oldfd, newfd, flags)); }
int pipe2(int fds[2], int flags) { RET(__syscall2(SYS_pipe2, fds, flags)); }
int pipe(int fds[2]) { return pipe2(fds, 0); }
int ftruncate(int fd, off_t len) { RET(__syscall2(SYS_ftruncate, fd, len)); }
int fsync(int fd) { RET(__syscall1(SYS_fsync, fd)); }
void sync(void) { __syscall0(SYS_sync); }

int dup2(int oldfd, int newfd)
{
	if (oldfd == newfd)
		RET(__syscall2(SYS_fcntl, oldfd, F_GETFD) < 0 ? -EBADF : newfd);
	return dup3(oldfd, newfd, 0);
}

int fcntl(int fd, int cmd, ...)
{
	va_list ap;
	long arg;

	va_start(ap, cmd);
	arg = va_arg(ap, long);
	va_end(ap);
	RET(__syscall3(SYS_fcntl, fd, cmd, arg));
}

int ioctl(int fd, unsigned long req, ...)
{
	va_list ap;
	long arg;

	va_start(ap, req);
	arg = va_arg(ap, long);
	va_end(ap);
	RET(__syscall3(SYS_ioctl, fd, req, arg));
}

int tcgetattr(int fd, struct termios *t) { return ioctl(fd, TCGETS, t); }

int tcsetattr(int fd, int action, const struct termios *t)
{
	if (action < TCSANOW || action > TCSAFLUSH) {
		errno = EINVAL;
		return -1;
	}
	return ioctl(fd, TCSETS + action, t);	/* TCSETS, TCSETSW, TCSETSF */
}

int isatty(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0;
}

pid_t tcgetpgrp(int fd)
{
	int pg;

	if (ioctl(fd, TIOCGPGRP, &pg) < 0)
		return -1;
	return pg;
}

int tcsetpgrp(int fd, pid_t pgrp)
{
	int pg = pgrp;

	return ioctl(fd, TIOCSPGRP, &pg);
}

int fstatat(int dirfd, const char *path, struct stat *st, int flags)
{
	RET(__syscall4(SYS_newfstatat, dirfd, path, st, flags));
}
int stat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, 0); }
int lstat(const char *path, struct stat *st) { return fstatat(AT_FDCWD, path, st, AT_SYMLINK_NOFOLLOW); }
int fstat(int fd, struct stat *st) { RET(__syscall2(SYS_fstat, fd, st)); }
