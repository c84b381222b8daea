/* File metadata: fstat, newfstatat, statx, faccessat, readlinkat; the
 * attribute changes chmod, chown, utimensat, truncate; and syncing. Every
 * change goes through one function, vfs_setattr, which calls the file
 * system's setattr inside its transaction with the inode locked. */
#include "internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"
#include "uaccess.h"

int vfs_setattr(struct inode *ip, struct iattr *a)
{
	int err;

	if (!(a->valid & ATTR_CTIME)) {
		a->valid |= ATTR_CTIME;
		a->ctime = current_time();
	}
	sb_start_write(ip->i_sb);
	ilock(ip);
	err = ip->i_op && ip->i_op->setattr ? ip->i_op->setattr(ip, a) : simple_setattr(ip, a);
	iunlock(ip);
	sb_end_write(ip->i_sb);
	return err;
}

/* The inode a *at call names: dfd/path with AT_SYMLINK_NOFOLLOW and
 * AT_EMPTY_PATH honoured. */
static int at_inode(int dfd, const char __user *upath, int flags, struct inode **ip)
{
	char *path;
	int err;

	if (!(path = getname(upath, flags & AT_EMPTY_PATH, &err)))
		return err;
	err = path_lookupat(dfd, path, ((flags & AT_SYMLINK_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
			    ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), ip);
	putname(path);
	return err;
}

static int fd_inode(int fd, struct inode **ip)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	*ip = idup(f->f_inode);
	fput(f);
	return 0;
}

static int stat_to_user(struct inode *ip, void __user *ust)
{
	struct stat st;

	vfs_getattr(ip, &st);
	return copy_to_user(ust, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(fstat, int, fd, void __user *, st)
{
	struct inode *ip;
	int err = fd_inode(fd, &ip);

	if (err)
		return err;
	err = stat_to_user(ip, st);
	iput(ip);
	return err;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, upath, void __user *, st, int, flags)
{
	struct inode *ip;
	int err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	if ((err = at_inode(dfd, upath, flags, &ip)))
		return err;
	err = stat_to_user(ip, st);
	iput(ip);
	return err;
}

/* statx(2): the basic fields (STATX_BASIC_STATS); no birth time. */
struct statx_timestamp {
	s64 tv_sec;
	u32 tv_nsec;
	s32 __reserved;
};
struct statx {
	u32 stx_mask, stx_blksize;
	u64 stx_attributes;
	u32 stx_nlink, stx_uid, stx_gid;
	u16 stx_mode, __spare0;
	u64 stx_ino, stx_size, stx_blocks, stx_attributes_mask;
	struct statx_timestamp stx_atime, stx_btime, stx_ctime, stx_mtime;
	u32 stx_rdev_major, stx_rdev_minor, stx_dev_major, stx_dev_minor;
	u64 stx_mnt_id;
	u32 stx_dio_mem_align, stx_dio_offset_align;
	u64 __spare3[12];
};
_Static_assert(sizeof(struct statx) == 256, "statx is 256 bytes");
#define STATX_BASIC_STATS 0x7ffU
#define AT_STATX_SYNC_TYPE 0x6000
#define STATX__RESERVED 0x80000000U

SYSCALL_DEFINE5(statx, int, dfd, const char __user *, upath, int, flags, unsigned int, mask,
		void __user *, ubuf)
{
	struct inode *ip;
	struct stat st;
	struct statx sx;
	int err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT | AT_STATX_SYNC_TYPE))
		return -EINVAL;
	if ((flags & AT_STATX_SYNC_TYPE) == AT_STATX_SYNC_TYPE || (mask & STATX__RESERVED))
		return -EINVAL;
	if ((err = at_inode(dfd, upath, flags, &ip)))
		return err;
	vfs_getattr(ip, &st);
	memset(&sx, 0, sizeof(sx));
	sx.stx_mask = STATX_BASIC_STATS;
	sx.stx_blksize = st.st_blksize;
	sx.stx_nlink = st.st_nlink;
	sx.stx_uid = st.st_uid;
	sx.stx_gid = st.st_gid;
	sx.stx_mode = st.st_mode;
	sx.stx_ino = st.st_ino;
	sx.stx_size = st.st_size;
	sx.stx_blocks = st.st_blocks;
	sx.stx_atime = (struct statx_timestamp){ st.st_atime, st.st_atime_nsec, 0 };
	sx.stx_mtime = (struct statx_timestamp){ st.st_mtime, st.st_mtime_nsec, 0 };
	sx.stx_ctime = (struct statx_timestamp){ st.st_ctime, st.st_ctime_nsec, 0 };
	sx.stx_rdev_major = MAJOR(ip->i_rdev);
	sx.stx_rdev_minor = MINOR(ip->i_rdev);
	sx.stx_dev_major = MAJOR(ip->i_sb->s_dev);
	sx.stx_dev_minor = MINOR(ip->i_sb->s_dev);
	iput(ip);
	return copy_to_user(ubuf, &sx, sizeof(sx)) ? -EFAULT : 0;
}

/* Everyone is root, so only existence (and X for files without any x
 * bit, as root's access(2) reports) is checked. */
static long do_faccessat(int dfd, const char __user *upath, int mode, int flags)
{
	struct inode *ip;
	int err;

	if (mode & ~7)
		return -EINVAL;
	if (flags & ~(AT_EACCESS | AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_inode(dfd, upath, flags & ~AT_EACCESS, &ip)))
		return err;
	if ((mode & 1) && !S_ISDIR(ip->i_mode) && !(ip->i_mode & 0111))
		err = -EACCES;
	iput(ip);
	return err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, upath, int, mode)
{
	return do_faccessat(dfd, upath, mode, 0);
}

SYSCALL_DEFINE4(faccessat2, int, dfd, const char __user *, upath, int, mode, int, flags)
{
	return do_faccessat(dfd, upath, mode, flags);
}

SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, upath, char __user *, buf, int, size)
{
	struct inode *ip;
	char *k;
	int err, n;

	if (size <= 0)
		return -EINVAL;
	if ((err = at_inode(dfd, upath, AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH, &ip)))
		return err;
	if (!S_ISLNK(ip->i_mode) || !ip->i_op ||
	    (!ip->i_op->readlink && !ip->i_op->get_link)) {
		iput(ip);
		return -EINVAL;
	}
	if (!(k = kmalloc(MAXPATH))) {
		iput(ip);
		return -ENOMEM;
	}
	ilock(ip);
	n = ip->i_op->get_link ? ip->i_op->get_link(ip, k, MAXPATH)
			       : ip->i_op->readlink(ip, k, MAXPATH);
	iunlock(ip);
	iput(ip);
	if (n >= 0) {
		n = min(n, size);
		if (copy_to_user(buf, k, n))
			n = -EFAULT;
	}
	kfree(k);
	return n;
}

/* ---- chmod, chown ---- */

static int chmod_inode(struct inode *ip, mode_t mode)
{
	struct iattr a = { .valid = ATTR_MODE, .mode = mode & 07777 };

	return vfs_setattr(ip, &a);
}

SYSCALL_DEFINE2(fchmod, int, fd, u32, mode)
{
	struct inode *ip;
	int err = fd_inode(fd, &ip);

	if (err)
		return err;
	err = chmod_inode(ip, mode);
	iput(ip);
	return err;
}

SYSCALL_DEFINE3(fchmodat, int, dfd, const char __user *, upath, u32, mode)
{
	struct inode *ip;
	int err = at_inode(dfd, upath, 0, &ip);

	if (err)
		return err;
	err = chmod_inode(ip, mode);
	iput(ip);
	return err;
}

static int chown_inode(struct inode *ip, uid_t uid, gid_t gid)
{
	struct iattr a = { 0 };

	if (uid != (uid_t)-1) {
		a.valid |= ATTR_UID;
		a.uid = uid;
	}
	if (gid != (gid_t)-1) {
		a.valid |= ATTR_GID;
		a.gid = gid;
	}
	/* chown clears set-user-ID and set-group-ID on non-directories. */
	if (a.valid && !S_ISDIR(ip->i_mode) && (ip->i_mode & (S_ISUID | S_ISGID))) {
		a.valid |= ATTR_MODE;
		a.mode = ip->i_mode & 07777 & ~S_ISUID;
		if (ip->i_mode & 0010)
			a.mode &= ~S_ISGID;
	}
	return vfs_setattr(ip, &a);
}

SYSCALL_DEFINE3(fchown, int, fd, u32, uid, u32, gid)
{
	struct inode *ip;
	int err = fd_inode(fd, &ip);

	if (err)
		return err;
	err = chown_inode(ip, uid, gid);
	iput(ip);
	return err;
}

SYSCALL_DEFINE5(fchownat, int, dfd, const char __user *, upath, u32, uid, u32, gid, int, flags)
{
	struct inode *ip;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if ((err = at_inode(dfd, upath, flags, &ip)))
		return err;
	err = chown_inode(ip, uid, gid);
	iput(ip);
	return err;
}

/* ---- times ---- */

static int utimes_inode(struct inode *ip, const struct timespec64 *t)
{
	struct iattr a = { 0 };
	struct timespec64 now = current_time();

	for (int i = 0; i < 2; i++) {
		struct timespec64 v = t ? t[i] : now;
		if (t && v.tv_nsec == UTIME_OMIT)
			continue;
		if (t && v.tv_nsec == UTIME_NOW)
			v = now;
		if (i == 0) {
			a.valid |= ATTR_ATIME;
			a.atime = v;
		} else {
			a.valid |= ATTR_MTIME;
			a.mtime = v;
		}
	}
	a.valid |= ATTR_CTIME;
	a.ctime = now;
	return vfs_setattr(ip, &a);
}

SYSCALL_DEFINE4(utimensat, int, dfd, const char __user *, upath,
		const struct timespec64 __user *, utimes, int, flags)
{
	struct timespec64 t[2];
	struct inode *ip;
	int err;

	if (flags & ~(AT_SYMLINK_NOFOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (utimes) {
		if (copy_from_user(t, utimes, sizeof(t)))
			return -EFAULT;
		for (int i = 0; i < 2; i++)
			if (t[i].tv_nsec != UTIME_NOW && t[i].tv_nsec != UTIME_OMIT &&
			    (t[i].tv_nsec < 0 || t[i].tv_nsec >= NSEC_PER_SEC))
				return -EINVAL;
		if (t[0].tv_nsec == UTIME_OMIT && t[1].tv_nsec == UTIME_OMIT)
			return 0;
	}
	if (upath)
		err = at_inode(dfd, upath, flags, &ip);
	else if (dfd == AT_FDCWD)
		err = -EFAULT;
	else
		err = fd_inode(dfd, &ip);	/* futimens */
	if (err)
		return err;
	err = utimes_inode(ip, utimes ? t : NULL);
	iput(ip);
	return err;
}

/* ---- truncate ---- */

static int truncate_inode(struct inode *ip, s64 len)
{
	struct iattr a = { .valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = len };

	if (len < 0)
		return -EINVAL;
	if (S_ISDIR(ip->i_mode))
		return -EISDIR;
	if (!S_ISREG(ip->i_mode))
		return -EINVAL;
	a.mtime = a.ctime = current_time();
	return vfs_setattr(ip, &a);
}

SYSCALL_DEFINE2(truncate, const char __user *, upath, s64, len)
{
	struct inode *ip;
	int err = at_inode(AT_FDCWD, upath, 0, &ip);

	if (err)
		return err;
	err = truncate_inode(ip, len);
	iput(ip);
	return err;
}

SYSCALL_DEFINE2(ftruncate, int, fd, s64, len)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	if (len < 0)
		err = -EINVAL;
	else if (!f->f_writable || !S_ISREG(f->f_inode->i_mode))
		err = S_ISDIR(f->f_inode->i_mode) ? -EISDIR : -EINVAL;
	else
		err = truncate_inode(f->f_inode, len);
	fput(f);
	return err;
}

/* ---- sync ---- */

static int do_fsync(int fd, bool datasync)
{
	struct file *f = fget(fd);
	int err = 0;

	if (!f)
		return -EBADF;
	if (S_ISREG(f->f_inode->i_mode) && (err = writeback_inode(f->f_inode)) == -EINTR) {
		fput(f);
		return err;
	}
	err = 0;
	if (f->f_op && f->f_op->fsync)
		err = f->f_op->fsync(f, datasync);
	else if (!S_ISREG(f->f_inode->i_mode) && !S_ISDIR(f->f_inode->i_mode))
		err = -EINVAL;		/* pipes, devices: as Linux */
	fput(f);
	return err;
}

SYSCALL_DEFINE1(fsync, int, fd)
{
	return do_fsync(fd, false);
}

SYSCALL_DEFINE1(fdatasync, int, fd)
{
	return do_fsync(fd, true);
}

static void sync_sb(struct super_block *sb)
{
	if (sb->s_op->sync_fs)
		sb->s_op->sync_fs(sb);
}

SYSCALL_DEFINE0(sync)
{
	struct inode *root = fs_root();

	/* Only cleavefs keeps anything to write back; its log commits at
	 * the end of every operation, so syncing one is syncing all. */
	sync_sb(root->i_sb);
	iput(root);
	return 0;
}

SYSCALL_DEFINE1(syncfs, int, fd)
{
	struct file *f = fget(fd);

	if (!f)
		return -EBADF;
	sync_sb(f->f_inode->i_sb);
	fput(f);
	return 0;
}
