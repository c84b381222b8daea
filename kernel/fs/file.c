/* Open files: reference counting, read/write dispatch and stat.
 *
 * f->ref is atomic. f->type, ip, pipe, major and minor never change after
 * the file is set up. f->off is read and written under f->pos_lock; reads
 * and writes of regular files also hold the inode lock across the I/O and
 * the offset update, so concurrent users of one file see each transfer
 * happen at a single offset. f->flags changes only by fcntl(F_SETFL). */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"
#include "uaccess.h"

struct devsw devsw[NDEV];

#define MAX_RW_COUNT 0x7ffff000UL	/* Linux clamps one transfer to this */

struct file *file_alloc(void)
{
	struct file *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->ref = 1;
	spin_init(&f->pos_lock, "file_pos");
	return f;
}

struct file *filedup(struct file *f)
{
	atomic_inc(&f->ref);
	return f;
}

void fput(struct file *f)
{
	if (!atomic_dec_and_test(&f->ref))
		return;
	if (f->type == FD_PIPE)
		pipe_close(f->pipe, (f->flags & O_ACCMODE) != O_RDONLY);
	else if (f->ip)
		iput(f->ip);	/* may free an unlinked inode: iput opens an op */
	kfree(f);
}

static off_t get_off(struct file *f)
{
	off_t o;

	spin_lock(&f->pos_lock);
	o = f->off;
	spin_unlock(&f->pos_lock);
	return o;
}

static void add_off(struct file *f, off_t n)
{
	spin_lock(&f->pos_lock);
	f->off += n;
	spin_unlock(&f->pos_lock);
}

static struct devsw *dev_of(struct file *f)
{
	return (f->major >= 0 && f->major < NDEV) ? &devsw[f->major] : NULL;
}

ssize_t file_read(struct file *f, bool user, u64 dst, size_t n)
{
	struct devsw *d;
	ssize_t r;

	if ((f->flags & O_ACCMODE) == O_WRONLY)
		return -EBADF;
	n = min(n, MAX_RW_COUNT);
	switch (f->type) {
	case FD_PIPE:
		return pipe_read(f->pipe, f->flags & O_NONBLOCK, user, dst, n);
	case FD_DEVICE:
		d = dev_of(f);
		if (!d || !d->read)
			return -ENXIO;
		r = d->read(f->minor, user, dst, n, get_off(f));
		if (r > 0)
			add_off(f, r);
		return r;
	case FD_INODE:
		ilock(f->ip);
		if (f->ip->type == T_DIR) {
			iunlock(f->ip);
			return -EISDIR;
		}
		r = readi(f->ip, user, dst, get_off(f), n);
		if (r > 0)
			add_off(f, r);
		iunlock(f->ip);
		return r;
	default:
		return -EBADF;
	}
}

int file_poll(struct file *f)
{
	struct devsw *d;

	switch (f->type) {
	case FD_PIPE:
		return pipe_poll(f->pipe, (f->flags & O_ACCMODE) == O_RDONLY);
	case FD_DEVICE:
		d = dev_of(f);
		return d && d->poll ? d->poll(f->minor) : DEFAULT_POLLMASK;
	case FD_INODE:
		return DEFAULT_POLLMASK;	/* regular files and directories */
	default:
		return POLLNVAL;
	}
}

/* Regular file: one transaction per MAXWRITE chunk, so the log never
 * overflows; a failure after some progress returns the progress. */
static ssize_t inode_write(struct file *f, bool user, u64 src, size_t n)
{
	size_t done = 0;
	ssize_t r = 0;

	while (done < n) {
		size_t k = min(n - done, MAXWRITE);

		begin_op();
		ilock(f->ip);
		if (f->flags & O_APPEND) {
			spin_lock(&f->pos_lock);
			f->off = f->ip->size;
			spin_unlock(&f->pos_lock);
		}
		r = writei(f->ip, user, src + done, get_off(f), k);
		if (r > 0)
			add_off(f, r);
		iunlock(f->ip);
		end_op();
		if (r <= 0)
			break;
		done += r;
		if ((size_t)r < k)
			break;
	}
	return done ? (ssize_t)done : r;
}

ssize_t file_write(struct file *f, bool user, u64 src, size_t n)
{
	struct devsw *d;
	ssize_t r;

	if ((f->flags & O_ACCMODE) == O_RDONLY)
		return -EBADF;
	n = min(n, MAX_RW_COUNT);
	switch (f->type) {
	case FD_PIPE:
		return pipe_write(f->pipe, f->flags & O_NONBLOCK, user, src, n);
	case FD_DEVICE:
		d = dev_of(f);
		if (!d || !d->write)
			return -ENXIO;
		r = d->write(f->minor, user, src, n, get_off(f));
		if (r > 0)
			add_off(f, r);
		return r;
	case FD_INODE:
		if (n == 0)
			return 0;
		return inode_write(f, user, src, n);
	default:
		return -EBADF;
	}
}

/* struct stat of the Linux asm-generic ABI (riscv64), 128 bytes. */
struct kstat {
	u64 st_dev, st_ino;
	u32 st_mode, st_nlink, st_uid, st_gid;
	u64 st_rdev, __pad1;
	s64 st_size;
	s32 st_blksize, __pad2;
	s64 st_blocks;
	s64 st_atime, st_atime_nsec, st_mtime, st_mtime_nsec, st_ctime, st_ctime_nsec;
	u32 __unused4, __unused5;
};
_Static_assert(sizeof(struct kstat) == 128, "struct stat is 128 bytes");

#define S_IFIFO 0010000
#define S_IFCHR 0020000
#define S_IFDIR 0040000
#define S_IFREG 0100000
#define CLEAVE_DEV 0x800	/* st_dev of the root file system (8:0) */

int inode_stat(struct inode *ip, void __user *ust)
{
	struct kstat st;

	memset(&st, 0, sizeof(st));
	st.st_dev = CLEAVE_DEV;
	st.st_ino = ip->inum;
	switch (ip->type) {
	case T_DIR:
		st.st_mode = S_IFDIR | (ip->mode ? ip->mode : 0755);
		break;
	case T_DEVICE:
		st.st_mode = S_IFCHR | (ip->mode ? ip->mode : 0666);
		st.st_rdev = ((u64)ip->major << 8) | ip->minor;
		break;
	default:
		st.st_mode = S_IFREG | (ip->mode ? ip->mode : 0644);
		break;
	}
	st.st_nlink = ip->nlink;
	st.st_size = ip->type == T_DEVICE ? 0 : ip->size;
	st.st_blksize = BSIZE;
	st.st_blocks = ALIGN_UP(ip->size, BSIZE) / 512;
	st.st_atime = st.st_mtime = st.st_ctime = ip->mtime;
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

int file_stat(struct file *f, void __user *ust)
{
	struct kstat st;
	int r;

	if (f->type == FD_PIPE) {
		memset(&st, 0, sizeof(st));
		st.st_dev = 0xc;	/* pipefs-like anonymous device */
		st.st_ino = (u64)f->pipe >> 6 & 0xffffff;
		st.st_mode = S_IFIFO | 0600;
		st.st_nlink = 1;
		st.st_blksize = PAGE_SIZE;
		return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
	}
	if (!f->ip)
		return -EBADF;
	ilock(f->ip);
	r = inode_stat(f->ip, ust);
	iunlock(f->ip);
	return r;
}
