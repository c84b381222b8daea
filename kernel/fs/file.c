/* Open files: reference counting, opening an inode, and the read/write/
 * stat/poll entry points every system call goes through. There is no type
 * switch: each file dispatches through its f_op, set from the inode's
 * i_fop at open (a character device's open may replace it).
 *
 * f_count is atomic. f_op, f_inode and f_readable/f_writable never change
 * after open. f_pos is read and written under f_pos_lock; f_flags changes
 * only by fcntl(F_SETFL), under f_pos_lock too. Every open file pins its
 * super_block (s_pins), so a busy file system cannot be unmounted. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"
#include "uaccess.h"

#define MAX_RW_COUNT 0x7ffff000UL	/* Linux clamps one transfer to this */

struct file *file_alloc(void)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->f_count = 1;
	spin_init(&f->f_pos_lock, "file_pos");
	return f;
}

struct file *filedup(struct file *f)
{
	atomic_inc(&f->f_count);
	return f;
}

void fput(struct file *f)
{
	if (!atomic_dec_and_test(&f->f_count))
		return;
	/* Unwatch it before release: an epoll scan may still poll it until
	 * then. No one else can add a watch (that needs a reference). */
	if (f->f_ep)
		eventpoll_release(f);
	if (f->f_op && f->f_op->release)
		f->f_op->release(f->f_inode, f);
	sb_unpin(f->f_inode->i_sb);
	iput(f->f_inode);	/* may free an unlinked inode */
	if (f->f_dir)
		iput(f->f_dir);
	kfree(f->f_name);
	kfree(f);
}

int vfs_open(struct inode *ip, unsigned int flags, struct file **out)
{
	struct file *f = file_alloc();
	int err;

	if (!f)
		return -ENOMEM;
	f->f_inode = ip;
	f->f_flags = flags & ~(O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_CLOEXEC);
	f->f_readable = (flags & O_ACCMODE) != O_WRONLY && !(flags & O_PATH);
	f->f_writable = (flags & O_ACCMODE) != O_RDONLY && !(flags & O_PATH);
	f->f_op = ip->i_fop;
	sb_pin(ip->i_sb);
	if (!(flags & O_PATH) && f->f_op && f->f_op->open &&
	    (err = f->f_op->open(ip, f)) < 0) {
		sb_unpin(ip->i_sb);
		kfree(f);
		return err;
	}
	*out = f;
	return 0;
}

static off_t get_pos(struct file *f)
{
	off_t o;

	spin_lock(&f->f_pos_lock);
	o = f->f_pos;
	spin_unlock(&f->f_pos_lock);
	return o;
}

static void set_pos(struct file *f, off_t pos)
{
	spin_lock(&f->f_pos_lock);
	f->f_pos = pos;
	spin_unlock(&f->f_pos_lock);
}

ssize_t vfs_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	if (!f->f_readable)
		return -EBADF;
	if (S_ISDIR(f->f_inode->i_mode))
		return -EISDIR;
	if (!f->f_op || !f->f_op->read)
		return -EINVAL;
	return f->f_op->read(f, user, dst, min(n, MAX_RW_COUNT), pos);
}

ssize_t vfs_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	if (!f->f_writable)
		return -EBADF;
	if (!f->f_op || !f->f_op->write)
		return -EINVAL;
	return f->f_op->write(f, user, src, min(n, MAX_RW_COUNT), pos);
}

/* read(2)/write(2): at f_pos, which moves by what was transferred. */
ssize_t file_read(struct file *f, bool user, u64 dst, size_t n)
{
	off_t pos = get_pos(f);
	ssize_t r = vfs_read(f, user, dst, n, &pos);

	if (r > 0)
		set_pos(f, pos);
	return r;
}

ssize_t file_write(struct file *f, bool user, u64 src, size_t n)
{
	off_t pos = get_pos(f);
	ssize_t r = vfs_write(f, user, src, n, &pos);

	if (r > 0)
		set_pos(f, pos);
	return r;
}

/* Kernel-buffer I/O at pos, f_pos left alone; loops over short transfers
 * (stops at EOF or the first error after some progress). */
static ssize_t kernel_rw(struct file *f, void *buf, size_t n, off_t pos, bool write)
{
	size_t done = 0;

	while (done < n) {
		ssize_t r = write ? f->f_op->write(f, false, (u64)buf + done, n - done, &pos)
				  : f->f_op->read(f, false, (u64)buf + done, n - done, &pos);
		if (r < 0)
			return done ? (ssize_t)done : r;
		if (r == 0)
			break;
		done += r;
	}
	return done;
}

ssize_t kernel_read(struct file *f, void *buf, size_t n, off_t pos)
{
	return kernel_rw(f, buf, n, pos, false);
}

ssize_t kernel_write(struct file *f, const void *buf, size_t n, off_t pos)
{
	return kernel_rw(f, (void *)buf, n, pos, true);
}

int file_poll(struct file *f)
{
	return f->f_op && f->f_op->poll ? f->f_op->poll(f) : DEFAULT_POLLMASK;
}

int vfs_getattr(struct inode *ip, struct stat *st)
{
	memset(st, 0, sizeof(*st));
	ilock(ip);
	st->st_dev = encode_dev(ip->i_sb->s_dev);
	st->st_ino = ip->i_ino;
	st->st_mode = ip->i_mode;
	st->st_nlink = ip->i_nlink;
	st->st_uid = ip->i_uid;
	st->st_gid = ip->i_gid;
	st->st_rdev = encode_dev(ip->i_rdev);
	st->st_size = (S_ISCHR(ip->i_mode) || S_ISBLK(ip->i_mode) || S_ISFIFO(ip->i_mode)) ? 0 : ip->i_size;
	st->st_blksize = ip->i_sb->s_blocksize;
	st->st_blocks = ALIGN_UP(ip->i_size, ip->i_sb->s_blocksize) / 512;
	st->st_atime = ip->i_atime.tv_sec;
	st->st_atime_nsec = ip->i_atime.tv_nsec;
	st->st_mtime = ip->i_mtime.tv_sec;
	st->st_mtime_nsec = ip->i_mtime.tv_nsec;
	st->st_ctime = ip->i_ctime.tv_sec;
	st->st_ctime_nsec = ip->i_ctime.tv_nsec;
	iunlock(ip);
	return 0;
}
