/* Descriptor system calls: close, read/write (+ positional and vectored),
 * lseek, dup, dup3, fcntl, pipe2, ioctl. */
#include "internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "syscalls.h"
#include "uaccess.h"

#define IOV_MAX 1024
#define SSIZE_MAX 0x7fffffffffffffffL

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

#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)

/* close_range (436): first..last, past the table's end is fine. */
SYSCALL_DEFINE3(close_range, unsigned int, first, unsigned int, last, unsigned int, flags)
{
	if (flags & ~(CLOSE_RANGE_UNSHARE | CLOSE_RANGE_CLOEXEC))
		return -EINVAL;
	if (first > last)
		return -EINVAL;
	if (flags & CLOSE_RANGE_UNSHARE) {
		int err = files_unshare(current);
		if (err)
			return err;
	}
	files_close_range(current->files, first, last, flags & CLOSE_RANGE_CLOEXEC);
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

/* pread64/pwrite64: at pos, leaving the file offset alone. */
static long do_pio(int fd, u64 buf, size_t n, off_t pos, bool write)
{
	struct file *f = fget(fd);
	ssize_t r;

	if (!f)
		return -EBADF;
	if (pos < 0)
		r = -EINVAL;
	else if (S_ISFIFO(f->f_inode->i_mode) || (f->f_op && f->f_op->llseek == no_llseek))
		r = -ESPIPE;
	else if (!access_ok((void __user *)buf, n))
		r = -EFAULT;
	else
		r = write ? vfs_write(f, true, buf, n, &pos) : vfs_read(f, true, buf, n, &pos);
	fput(f);
	return r;
}

SYSCALL_DEFINE4(pread64, int, fd, void __user *, buf, size_t, n, off_t, pos)
{
	return do_pio(fd, (u64)buf, n, pos, false);
}

SYSCALL_DEFINE4(pwrite64, int, fd, const void __user *, buf, size_t, n, off_t, pos)
{
	return do_pio(fd, (u64)buf, n, pos, true);
}

/* Vectored I/O: one transfer per segment; stops at the first short one.
 * Returns the total, or the first error if nothing was transferred. With
 * ppos (preadv/pwritev) the transfers happen there and f_pos stays. */
static long do_iov(int fd, const struct iovec __user *uiov, int cnt, bool write, off_t *ppos)
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
	if (ppos && (*ppos < 0 || S_ISFIFO(f->f_inode->i_mode) ||
		     (f->f_op && f->f_op->llseek == no_llseek))) {
		fput(f);
		return *ppos < 0 ? -EINVAL : -ESPIPE;
	}
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
		else if (ppos)
			r = write ? vfs_write(f, true, (u64)iov[i].base, iov[i].len, ppos)
				  : vfs_read(f, true, (u64)iov[i].base, iov[i].len, ppos);
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
	return do_iov(fd, iov, cnt, false, NULL);
}

SYSCALL_DEFINE3(writev, int, fd, const struct iovec __user *, iov, int, cnt)
{
	return do_iov(fd, iov, cnt, true, NULL);
}

SYSCALL_DEFINE4(preadv, int, fd, const struct iovec __user *, iov, int, cnt, off_t, pos)
{
	return do_iov(fd, iov, cnt, false, &pos);
}

SYSCALL_DEFINE4(pwritev, int, fd, const struct iovec __user *, iov, int, cnt, off_t, pos)
{
	return do_iov(fd, iov, cnt, true, &pos);
}

SYSCALL_DEFINE3(lseek, int, fd, off_t, off, int, whence)
{
	struct file *f = fget(fd);
	off_t base, r;

	if (!f)
		return -EBADF;
	if (f->f_op && f->f_op->llseek) {
		r = f->f_op->llseek(f, off, whence);
		fput(f);
		return r;
	}
	if (S_ISFIFO(f->f_inode->i_mode)) {
		fput(f);
		return -ESPIPE;
	}
	switch (whence) {
	case SEEK_SET:
		base = 0;
		break;
	case SEEK_CUR:
		spin_lock(&f->f_pos_lock);
		base = f->f_pos;
		spin_unlock(&f->f_pos_lock);
		break;
	case SEEK_END:
		ilock(f->f_inode);
		base = f->f_inode->i_size;
		iunlock(f->f_inode);
		break;
	default:
		fput(f);
		return -EINVAL;
	}
	if ((off > 0 && base > 0x7fffffffffffffffL - off) || base + off < 0) {
		r = base + off < 0 ? -EINVAL : -EOVERFLOW;
	} else {
		r = base + off;
		spin_lock(&f->f_pos_lock);
		f->f_pos = r;
		spin_unlock(&f->f_pos_lock);
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
	f = fget(oldfd);
	if (!f)
		return -EBADF;
	int err = fd_replace(newfd, f, flags & O_CLOEXEC, &old);
	if (err) {
		fput(f);
		return err;
	}
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
		if (arg >= (unsigned long)current->signal->rlim[RLIMIT_NOFILE].cur) {
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
		r = f->f_flags;
		break;
	case F_SETFL: {
		/* O_DIRECT switches a pipe's packet mode (Linux); other
		 * files keep theirs. */
		unsigned int m = O_APPEND | O_NONBLOCK | (S_ISFIFO(f->f_inode->i_mode) ? O_DIRECT : 0);
		spin_lock(&f->f_pos_lock);
		f->f_flags = (f->f_flags & ~m) | (arg & m);
		spin_unlock(&f->f_pos_lock);
		r = 0;
		break;
	}
	case F_GETPIPE_SZ:
	case F_SETPIPE_SZ:
		r = pipe_fcntl(f, cmd, arg);
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

	if (flags & ~(O_CLOEXEC | O_NONBLOCK | O_DIRECT))
		return -EINVAL;
	/* Check ufds before the fds exist: once installed, another thread
	 * sharing the table may close or reuse them, so they cannot be
	 * taken back safely. */
	fds[0] = fds[1] = -1;
	if (copy_to_user(ufds, fds, sizeof(fds)))
		return -EFAULT;
	r = pipe_alloc(&rf, &wf, flags);
	if (r)
		return r;
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
	if (f->f_op && f->f_op->ioctl)
		r = f->f_op->ioctl(f, cmd, arg);
	fput(f);
	return r;
}
