/* sendfile (71) and copy_file_range (285): copy between two open files
 * inside the kernel, through one bounce page.
 *
 * The source must be a regular file (Linux needs splice_read; cleave reads
 * with the file's read op at an explicit position). Without an offset
 * pointer the source's f_pos is used and advanced by what was copied; with
 * one, *offset is read, used and written back, and f_pos stays. The
 * destination is written at its f_pos (sendfile) or at *off_out
 * (copy_file_range). A short write ends the copy; the source position
 * then counts only what was written. A pending signal ends a long copy
 * (returning what was copied, or -EINTR before anything was). */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <sched.h>
#include <signal.h>
#include <uaccess.h>
#include <syscalls.h>

#define MAX_RW_COUNT 0x7ffff000UL

static off_t pos_get(struct file *f)
{
	spin_lock(&f->f_pos_lock);
	off_t p = f->f_pos;
	spin_unlock(&f->f_pos_lock);
	return p;
}

static void pos_set(struct file *f, off_t p)
{
	spin_lock(&f->f_pos_lock);
	f->f_pos = p;
	spin_unlock(&f->f_pos_lock);
}

/* Copy up to n bytes from in at *ipos to out at *opos (NULL: out's f_pos,
 * advanced by the write). Returns the count copied or -errno. */
static ssize_t copy_range(struct file *in, off_t *ipos, struct file *out, off_t *opos, size_t n)
{
	char *buf = kmalloc(PAGE_SIZE);
	size_t done = 0;
	ssize_t err = 0;

	if (!buf)
		return -ENOMEM;
	n = min(n, MAX_RW_COUNT);
	while (done < n) {
		if (done && signal_pending(current))
			break;
		size_t k = min(n - done, (size_t)PAGE_SIZE);
		off_t rp = *ipos;
		ssize_t got = vfs_read(in, false, (u64)buf, k, &rp);
		if (got <= 0) {
			err = got;
			break;
		}
		ssize_t put = opos ? vfs_write(out, false, (u64)buf, got, opos)
				   : file_write(out, false, (u64)buf, got);
		if (put <= 0) {
			err = put;
			break;
		}
		*ipos += put;
		done += put;
		if (put < got)
			break;
	}
	kfree(buf);
	return done ? (ssize_t)done : err;
}

static bool seekable(struct file *f)
{
	return f->f_op && f->f_op->llseek != no_llseek;
}

SYSCALL_DEFINE4(sendfile, int, out_fd, int, in_fd, off_t __user *, uoff, size_t, count)
{
	struct file *in, *out = NULL;
	off_t pos;
	long r;

	if (uoff && copy_from_user(&pos, uoff, sizeof(pos)))
		return -EFAULT;
	if (!(in = fget(in_fd)))
		return -EBADF;
	r = -EBADF;
	if (!in->f_readable)
		goto out;
	r = -ESPIPE;
	if (uoff && !seekable(in))
		goto out;
	if (!uoff)
		pos = pos_get(in);
	r = -EINVAL;
	if (pos < 0)
		goto out;
	r = -EBADF;
	if (!(out = fget(out_fd)) || !out->f_writable)
		goto out;
	r = -EINVAL;
	if ((out->f_flags & O_APPEND) || !S_ISREG(in->f_inode->i_mode))
		goto out;
	r = copy_range(in, &pos, out, NULL, count);
	if (uoff) {
		if (copy_to_user(uoff, &pos, sizeof(pos)))
			r = -EFAULT;
	} else if (r > 0) {
		pos_set(in, pos);
	}
out:
	if (out)
		fput(out);
	fput(in);
	return r;
}

SYSCALL_DEFINE6(copy_file_range, int, fd_in, off_t __user *, uoff_in, int, fd_out,
		off_t __user *, uoff_out, size_t, len, unsigned int, flags)
{
	struct file *in, *out = NULL;
	off_t ipos, opos;
	long r;

	if (flags)
		return -EINVAL;
	if (!(in = fget(fd_in)))
		return -EBADF;
	r = -EBADF;
	if (!(out = fget(fd_out)))
		goto out;
	/* Linux's order: offsets, file types, then access modes. */
	r = -EFAULT;
	if (uoff_in && copy_from_user(&ipos, uoff_in, sizeof(ipos)))
		goto out;
	if (uoff_out && copy_from_user(&opos, uoff_out, sizeof(opos)))
		goto out;
	r = -EISDIR;
	if (S_ISDIR(in->f_inode->i_mode) || S_ISDIR(out->f_inode->i_mode))
		goto out;
	r = -EINVAL;
	if (!S_ISREG(in->f_inode->i_mode) || !S_ISREG(out->f_inode->i_mode))
		goto out;
	r = -EBADF;
	if (!in->f_readable || !out->f_writable || (out->f_flags & O_APPEND))
		goto out;
	if (!uoff_in)
		ipos = pos_get(in);
	if (!uoff_out)
		opos = pos_get(out);
	r = -EINVAL;
	if (ipos < 0 || opos < 0)
		goto out;
	/* The same file: the ranges must not overlap. */
	if (in->f_inode == out->f_inode && ipos < opos + (off_t)len && opos < ipos + (off_t)len)
		goto out;
	r = 0;
	if (len == 0)
		goto out;
	r = copy_range(in, &ipos, out, &opos, len);
	if (r > 0) {
		if (uoff_in ? copy_to_user(uoff_in, &ipos, sizeof(ipos)) : (pos_set(in, ipos), 0))
			r = -EFAULT;
		else if (uoff_out ? copy_to_user(uoff_out, &opos, sizeof(opos)) : (pos_set(out, opos), 0))
			r = -EFAULT;
	}
out:
	if (out)
		fput(out);
	fput(in);
	return r;
}
