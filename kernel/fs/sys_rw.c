/* Descriptor system calls: close, read/write (+ vectored), lseek, dup,
 * dup3, fcntl, pipe2, ioctl. */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define IOV_MAX 1024
#define SSIZE_MAX 0x7fffffffffffffffL
#define SEEK_SET 0
#define SEEK_CUR 1
#define SEEK_END 2
#define F_DUPFD 0
#define F_GETFD 1
#define F_SETFD 2
#define F_GETFL 3
#define F_SETFL 4
#define F_DUPFD_CLOEXEC 1030
#define FD_CLOEXEC 1

struct iovec {
	void __user *base;
	size_t len;
};

SYSCALL_DEFINE1(close, int, fd)
{
	struct file *f = fd_remove(fd);

	if (!f)
		return -EBADF;
	fput(f);
	return 0;
}

SYSCALL_DEFINE3(read, int, fd, void __user *, buf, size_t, n)
{
	struct file *f = fget(fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	r = access_ok(buf, n) ? file_read(f, true, (u64)buf, n) : -EFAULT;
	fput(f);
	return r;
}

SYSCALL_DEFINE3(write, int, fd, const void __user *, buf, size_t, n)
{
	struct file *f = fget(fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	r = access_ok(buf, n) ? file_write(f, true, (u64)buf, n) : -EFAULT;
	fput(f);
	return r;
}

/* Vectored I/O: one transfer per segment; stops at the first short one.
 * Returns the total, or the first error if nothing was transferred. */
static long do_iov(int fd, const struct iovec __user *uiov, int cnt, bool write)
{
	struct iovec *iov;
	struct file *f;
	ssize_t total = 0, r = 0;
	size_t sum = 0;

	if (cnt < 0 || cnt > IOV_MAX)
		return -EINVAL;
	f = fget(fd);
	if (!f)
		return -EBADF;
	if (cnt == 0) {
		fput(f);
		return 0;
	}
	iov = kmalloc(cnt * sizeof(*iov));
	if (!iov) {
		fput(f);
		return -ENOMEM;
	}
	if (copy_from_user(iov, uiov, cnt * sizeof(*iov))) {
		r = -EFAULT;
		goto out;
	}
	for (int i = 0; i < cnt; i++) {
		if (iov[i].len > (size_t)SSIZE_MAX - sum) {
			r = -EINVAL;
			goto out;
		}
		sum += iov[i].len;
	}
	for (int i = 0; i < cnt; i++) {
		if (iov[i].len == 0)
			continue;
		if (!access_ok(iov[i].base, iov[i].len))
			r = -EFAULT;
		else if (write)
			r = file_write(f, true, (u64)iov[i].base, iov[i].len);
		else
			r = file_read(f, true, (u64)iov[i].base, iov[i].len);
		if (r < 0)
			break;
		total += r;
		if ((size_t)r < iov[i].len)
			break;
	}
out:
	kfree(iov);
	fput(f);
	return total ? total : r;
}

SYSCALL_DEFINE3(readv, int, fd, const struct iovec __user *, iov, int, cnt)
{
	return do_iov(fd, iov, cnt, false);
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, iov, int, cnt)
{
	return do_iov(fd, iov, cnt, true);
}

SYSCALL_DEFINE3(lseek, int, fd, off_t, off, int, whence)
{
	struct file *f = fget(fd);
	off_t base, r;

	if (!f)
		return -EBADF;
	if (f->type == FD_PIPE || (f->type == FD_DEVICE && f->major == CONSOLE_MAJOR)) {
		fput(f);
		return -ESPIPE;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		spin_lock(&f->pos_lock);
		base = f->off;
		spin_unlock(&f->pos_lock);
		break;
	case SEEK_END:
		ilock(f->ip);
		base = f->type == FD_INODE ? (off_t)f->ip->size : 0;
		iunlock(f->ip);
		break;
	default:
		fput(f);
		return -EINVAL;
	}
	if ((off > 0 && base > 0x7fffffffffffffffL - off) || base + off < 0) {
		r = base + off < 0 ? -EINVAL : -EOVERFLOW;
	} else {
		r = base + off;
		spin_lock(&f->pos_lock);
		f->off = r;
		spin_unlock(&f->pos_lock);
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE1(dup, int, fd)
{
	struct file *f = fget(fd);
	int r;

	if (!f)
		return -EBADF;
	r = fd_install(f, 0, false);
	if (r < 0)
		fput(f);
	return r;
}

SYSCALL_DEFINE3(dup3, int, oldfd, int, newfd, int, flags)
{
	struct file *f, *old;

	if (flags & ~O_CLOEXEC)
		return -EINVAL;
	if (oldfd == newfd)
		return -EINVAL;
	if (newfd < 0 || newfd >= NOFILE)
		return -EBADF;
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	old = fd_replace(newfd, f, flags & O_CLOEXEC);
	if (old)
		fput(old);
	return newfd;
}

SYSCALL_DEFINE3(fcntl, int, fd, int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long r;

	if (!f)
		return -EBADF;
	switch (cmd) {
	case F_DUPFD:
	case F_DUPFD_CLOEXEC:
		if (arg >= NOFILE) {
			r = -EINVAL;
			break;
		}
		r = fd_install(filedup(f), (int)arg, cmd == F_DUPFD_CLOEXEC);
		if (r < 0)
			fput(f);
		break;
	case F_GETFD:
		r = fd_get_cloexec(fd);
		break;
	case F_SETFD:
		r = fd_set_cloexec(fd, arg & FD_CLOEXEC);
		break;
	case F_GETFL:
		r = f->flags;
		break;
	case F_SETFL:
		spin_lock(&f->pos_lock);
		f->flags = (f->flags & ~(O_APPEND | O_NONBLOCK)) |
			   (arg & (O_APPEND | O_NONBLOCK));
		spin_unlock(&f->pos_lock);
		r = 0;
		break;
	default:
		r = -EINVAL;
	}
	fput(f);
	return r;
}

SYSCALL_DEFINE2(pipe2, int __user *, ufds, int, flags)
{
	struct file *rf, *wf;
	int fds[2], r;

	if (flags & ~(O_CLOEXEC | O_NONBLOCK))
		return -EINVAL;
	/* Check ufds before the fds exist: once installed, another thread
	 * sharing the table may close or reuse them, so they cannot be
	 * taken back safely. */
	fds[0] = fds[1] = -1;
	if (copy_to_user(ufds, fds, sizeof(fds)))
		return -EFAULT;
	r = pipe_alloc(&rf, &wf);
	if (r)
		return r;
	rf->flags |= flags & O_NONBLOCK;
	wf->flags |= flags & O_NONBLOCK;
	fds[0] = fd_install(rf, 0, flags & O_CLOEXEC);
	if (fds[0] < 0) {
		r = fds[0];
		goto fail_both;
	}
	fds[1] = fd_install(wf, 0, flags & O_CLOEXEC);
	if (fds[1] < 0) {
		r = fds[1];
		goto fail_installed;
	}
	/* Only a concurrent munmap by another thread can make this fail
	 * now; the fds stay installed, as on Linux after fd_install. */
	if (copy_to_user(ufds, fds, sizeof(fds)))
		return -EFAULT;
	return 0;
fail_installed:
	fd_remove(fds[0]);
fail_both:
	fput(rf);
	fput(wf);
	return r;
}

SYSCALL_DEFINE3(ioctl, int, fd, unsigned int, cmd, unsigned long, arg)
{
	struct file *f = fget(fd);
	long r = -ENOTTY;

	if (!f)
		return -EBADF;
	if (f->type == FD_DEVICE && f->major >= 0 && f->major < NDEV && devsw[f->major].ioctl)
		r = devsw[f->major].ioctl(f->minor, cmd, arg);
	fput(f);
	return r;
}
