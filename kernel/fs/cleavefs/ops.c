/* cleavefs's operation tables: what the VFS calls for directories, files
 * and symlinks on the disk, and mounting the disk.
 *
 * The VFS brackets every metadata change with s_op->begin_op/end_op (the
 * log's transaction) and holds the directory's lock; file writes open a
 * transaction per MAXWRITE chunk here, so the log never overflows. */
#include "cleavefs.h"
#include "blkdev.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

struct super_block *cfs_sb;

/* ---- directories ---- */

static struct inode *cfs_lookup(struct inode *dir, const char *name, int *err)
{
	struct inode *ip = strlen(name) > FS_NAME_MAX ? NULL : dirlookup(dir, name, NULL);

	if (!ip)
		*err = -ENOENT;
	return ip;
}

/* Make a new inode of type under name in the locked directory dp (where
 * name is absent). Returns it referenced and unlocked in *out; on failure
 * nothing is left allocated. */
static int new_entry(struct inode *dp, const char *name, u16 type, mode_t perm, dev_t rdev,
		     struct inode **out)
{
	struct inode *ip;
	int err;

	if (strlen(name) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	if (!(ip = ialloc(type)))
		return -ENOSPC;
	ilock(ip);
	ip->i_mode = type_to_mode(type) | (perm & 07777);
	ip->i_nlink = 1;
	ip->i_uid = ip->i_gid = 0;
	ip->i_rdev = rdev;
	ip->i_size = 0;
	ip->i_atime = ip->i_mtime = ip->i_ctime = current_time();
	cfs_set_ops(ip);
	iupdate(ip);
	if (type == T_DIR) {
		/* "." names ip itself, ".." names dp: both are links */
		if ((err = dirlink(ip, ".", ip->i_ino)) < 0 ||
		    (err = dirlink(ip, "..", dp->i_ino)) < 0)
			goto undo;
		ip->i_nlink = 2;
		iupdate(ip);
	}
	if ((err = dirlink(dp, name, ip->i_ino)) < 0)
		goto undo;
	if (type == T_DIR)
		dp->i_nlink++;	/* the child's ".." */
	inode_touch(dp, true, true);
	iupdate(dp);
	iunlock(ip);
	*out = ip;
	return 0;
undo:
	ip->i_nlink = 0;	/* iput frees it and its blocks */
	iupdate(ip);
	iunlockput(ip);
	return err;
}

static int cfs_mknod(struct inode *dir, const char *name, mode_t mode, dev_t rdev,
		     struct inode **out)
{
	return new_entry(dir, name, mode_to_type(mode), mode, rdev, out);
}

static int cfs_mkdir(struct inode *dir, const char *name, mode_t mode, struct inode **out)
{
	return new_entry(dir, name, T_DIR, mode, 0, out);
}

static int cfs_symlink(struct inode *dir, const char *name, const char *target)
{
	size_t len = strlen(target);
	struct inode *ip;
	int err;

	if (len > SYMLINK_MAX)
		return -ENAMETOOLONG;
	if ((err = new_entry(dir, name, T_SYMLINK, 0777, 0, &ip)))
		return err;
	ilock(ip);
	if (writei(ip, false, (u64)target, 0, len) != (ssize_t)len) {
		/* out of space: take the half-made link away again */
		u64 off;
		struct inode *e = dirlookup(dir, name, &off);
		if (e) {
			dir_set_entry(dir, off, 0, NULL);
			iput(e);
		}
		ip->i_nlink = 0;
		iupdate(ip);
		err = -ENOSPC;
	}
	iunlockput(ip);
	return err;
}

static int cfs_link(struct inode *dir, const char *name, struct inode *ip)
{
	int err;

	if (strlen(name) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	ilock(ip);
	if (ip->i_nlink == 0) {		/* unlinked meanwhile */
		err = -ENOENT;
	} else if ((err = dirlink(dir, name, ip->i_ino)) == 0) {
		ip->i_nlink++;
		inode_touch(ip, false, true);
		iupdate(ip);
		inode_touch(dir, true, true);
		iupdate(dir);
	}
	iunlock(ip);
	return err;
}

/* Remove name (naming ip) from the locked dir. */
static int remove_entry(struct inode *dir, const char *name, struct inode *ip, bool rmdir)
{
	struct inode *e;
	u64 off;
	int err;

	if (!(e = dirlookup(dir, name, &off)))
		return -ENOENT;
	iput(e);
	if (e != ip)
		return -ENOENT;		/* changed since the VFS looked */
	ilock(ip);
	if (rmdir && !dir_is_empty(ip)) {
		iunlock(ip);
		return -ENOTEMPTY;
	}
	if ((err = dir_set_entry(dir, off, 0, NULL)) < 0) {
		iunlock(ip);
		return err;
	}
	if (rmdir) {
		dir->i_nlink--;		/* ip's ".." */
		ip->i_nlink = 0;	/* its entry in dir and its "." */
	} else {
		ip->i_nlink--;
	}
	inode_touch(ip, false, true);
	iupdate(ip);
	iunlock(ip);
	inode_touch(dir, true, true);
	iupdate(dir);
	return 0;
}

static int cfs_unlink(struct inode *dir, const char *name, struct inode *ip)
{
	return remove_entry(dir, name, ip, false);
}

static int cfs_rmdir(struct inode *dir, const char *name, struct inode *ip)
{
	return remove_entry(dir, name, ip, true);
}

static int cfs_readlink(struct inode *ip, char *buf, size_t n)
{
	if (ip->i_size == 0 || ip->i_size > SYMLINK_MAX)
		return -EIO;		/* fsck reports such links */
	return readi(ip, false, (u64)buf, 0, min(n, ip->i_size));
}

/* Shrinking zeroes the tail of the last block, so growing again later
 * reads zeros there. ip locked, inside an op. */
static int cfs_setattr(struct inode *ip, struct iattr *a)
{
	if (a->valid & ATTR_SIZE) {
		u64 size = a->size;

		if (size > MAXFILE * BSIZE)
			return -EFBIG;
		if (size < ip->i_size) {
			pcache_truncate(&ip->i_pages, (size + PAGE_SIZE - 1) / PAGE_SIZE);
			u8 *last = size % PAGE_SIZE ? pcache_lookup(&ip->i_pages, size / PAGE_SIZE) : NULL;
			if (last)
				memset(last + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
			bmap_free_from(ip, (size + BSIZE - 1) / BSIZE);
			if (size % BSIZE) {
				u32 bn = bmap(ip, size / BSIZE, false);
				if (bn) {
					struct buf *b = bread(bn);
					memset(b->data + size % BSIZE, 0, BSIZE - size % BSIZE);
					log_write(b);
					brelse(b);
				}
			}
		}
		ip->i_size = size;
	}
	simple_setattr(ip, a);
	iupdate(ip);
	return 0;
}

/* ---- files ---- */

static ssize_t cfs_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	struct inode *ip = f->f_inode;
	ssize_t r;

	if (*pos < 0)
		return -EINVAL;
	ilock(ip);
	r = readi(ip, user, dst, *pos, n);
	iunlock(ip);
	if (r > 0)
		*pos += r;
	return r;
}

/* One transaction per MAXWRITE chunk; a failure after some progress
 * returns the progress. A fatal signal stops a long write between chunks. */
static ssize_t cfs_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	struct inode *ip = f->f_inode;
	size_t done = 0;
	ssize_t r = 0;

	if (*pos < 0)
		return -EINVAL;
	while (done < n) {
		size_t k = min(n - done, MAXWRITE);

		if (done && fatal_signal_pending(current))
			break;
		begin_op();
		ilock(ip);
		if (f->f_flags & O_APPEND)
			*pos = ip->i_size;
		inode_touch(ip, true, true);
		r = writei(ip, user, src + done, *pos, k);
		if (r > 0)
			*pos += r;
		iunlock(ip);
		end_op();
		if (r <= 0)
			break;
		done += r;
		if ((size_t)r < k)
			break;
	}
	return done ? (ssize_t)done : r;
}

/* The log commits at the end of every operation: what write() returned
 * is on the disk already. */
static int cfs_fsync(struct file *f, bool datasync)
{
	return 0;
}

static u8 dtype_of(u32 inum, const char *name)
{
	struct inode *ip;
	u8 t;

	if (is_dot_name(name))
		return DT_DIR;
	if (!(ip = cfs_iget(inum)))
		return DT_UNKNOWN;
	ilock(ip);
	t = (ip->i_mode >> 12) & 017;	/* S_IFMT >> 12 is the DT_ value */
	iunlockput(ip);
	return t;
}

#define BATCH (BSIZE / DIRENT_SZ)

/* Positions are byte offsets of entries in the directory. */
static int cfs_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dp = f->f_inode;
	struct fs_dirent *des = kmalloc(BATCH * DIRENT_SZ);
	u8 types[BATCH];

	if (!des)
		return -ENOMEM;
	u64 off = ALIGN_DOWN((u64)ctx->pos, DIRENT_SZ);	/* lseek may leave it mid-entry */
	for (;;) {
		ilock(dp);
		ssize_t r = readi(dp, false, (u64)des, off, BATCH * DIRENT_SZ);
		int n = r > 0 ? (int)(r / DIRENT_SZ) : 0;
		for (int i = 0; i < n; i++)
			types[i] = des[i].inum ? dtype_of(des[i].inum, des[i].name) : 0;
		iunlock(dp);
		if (n == 0)
			break;
		for (int i = 0; i < n; i++, off += DIRENT_SZ) {
			if (!des[i].inum)
				continue;
			ctx->pos = off;
			if (!ctx->emit(ctx, des[i].name, strnlen(des[i].name, DIRSIZ - 1),
				       des[i].inum, types[i]))
				goto out;
		}
		ctx->pos = off;
	}
out:
	kfree(des);
	return 0;
}

const struct inode_operations cfs_dir_iops = {
	.lookup = cfs_lookup,
	.mknod = cfs_mknod,
	.mkdir = cfs_mkdir,
	.symlink = cfs_symlink,
	.link = cfs_link,
	.unlink = cfs_unlink,
	.rmdir = cfs_rmdir,
	.rename = cfs_rename,
	.setattr = cfs_setattr,
};
const struct inode_operations cfs_file_iops = { .setattr = cfs_setattr };
const struct inode_operations cfs_symlink_iops = {
	.readlink = cfs_readlink,
	.setattr = cfs_setattr,
};
const struct inode_operations cfs_special_iops = { .setattr = cfs_setattr };
const struct file_operations cfs_file_fops = {
	.read = cfs_read,
	.write = cfs_write,
	.get_page = cfs_get_page,
	.fsync = cfs_fsync,
};
const struct file_operations cfs_dir_fops = {
	.iterate = cfs_iterate,
	.fsync = cfs_fsync,
};

void cfs_set_ops(struct inode *ip)
{
	switch (ip->i_mode & S_IFMT) {
	case S_IFDIR:
		ip->i_op = &cfs_dir_iops;
		ip->i_fop = &cfs_dir_fops;
		break;
	case S_IFREG:
		ip->i_op = &cfs_file_iops;
		ip->i_fop = &cfs_file_fops;
		break;
	case S_IFLNK:
		ip->i_op = &cfs_symlink_iops;
		ip->i_fop = NULL;
		break;
	case S_IFCHR:
		ip->i_op = &cfs_special_iops;
		ip->i_fop = &chrdev_fops;
		break;
	case S_IFBLK:
		ip->i_op = &cfs_special_iops;
		ip->i_fop = &blkdev_fops;
		break;
	case S_IFIFO:
		ip->i_op = &cfs_special_iops;
		ip->i_fop = &fifo_fops;
		break;
	default:
		ip->i_op = &cfs_special_iops;
		ip->i_fop = NULL;
	}
}

/* ---- the super block ---- */

static void cfs_write_inode(struct inode *ip)
{
	iupdate(ip);
}

static int cfs_statfs(struct super_block *s, struct kstatfs *st)
{
	u64 free = nr_free_blocks(), ifree = 0;

	for (u32 inum = ROOTINO + 1; inum < sb.ninodes; inum += IPB) {
		struct buf *b = bread(IBLOCK(inum, sb));
		for (u32 i = inum % IPB; i < IPB && inum - inum % IPB + i < sb.ninodes; i++)
			if (((struct dinode *)b->data)[i].type == 0)
				ifree++;
		brelse(b);
	}
	st->f_bsize = BSIZE;
	st->f_blocks = sb.nblocks;
	st->f_bfree = st->f_bavail = free;
	st->f_files = sb.ninodes;
	st->f_ffree = ifree;
	st->f_namelen = FS_NAME_MAX;
	return 0;
}

static void cfs_begin_op(struct super_block *s)
{
	begin_op();
}

static void cfs_end_op(struct super_block *s)
{
	end_op();
}

static const struct super_operations cfs_sops = {
	.read_inode = cfs_read_inode,
	.write_inode = cfs_write_inode,
	.evict_inode = cfs_evict_inode,
	.alloc_inode = cfs_alloc_inode,
	.free_inode = cfs_free_inode,
	.statfs = cfs_statfs,
	.begin_op = cfs_begin_op,
	.end_op = cfs_end_op,
};

/* The one disk: "/dev/vda" (the root at boot, before /dev exists) or a
 * path naming its block device node. */
static int cfs_mount(struct file_system_type *t, const char *dev, const char *data,
		     struct super_block **out)
{
	struct super_block *s;
	struct buf *b;

	if (cfs_sb)
		return -EBUSY;
	if (!blkdev_capacity())
		return -ENXIO;
	if (strcmp(dev, "/dev/vda") != 0) {
		struct inode *ip;
		int err = path_lookupat(AT_FDCWD, dev, LOOKUP_FOLLOW, &ip);
		if (err)
			return err;
		bool blk = S_ISBLK(ip->i_mode);
		iput(ip);
		if (!blk)
			return -ENOTBLK;
	}
	binit();
	b = bread(1);
	memcpy(&sb, b->data, sizeof(sb));
	brelse(b);
	if (sb.magic != FS_MAGIC) {
		printk("cleavefs: no cleave file system on %s (magic %#x, want %#x)\n",
		       dev, sb.magic, FS_MAGIC);
		return -EINVAL;
	}
	if (!(s = alloc_super(t, &cfs_sops)))
		return -ENOMEM;
	s->s_dev = MKDEV(BLOCK_MAJOR, 0);
	s->s_magic = CLEAVEFS_MAGIC;
	s->s_blocksize = BSIZE;
	cfs_sb = s;
	log_init(&sb);
	printk("cleavefs: %u blocks, %u inodes, log %u@%u, inodes@%u, bitmap@%u\n",
	       sb.size, sb.ninodes, sb.nlog, sb.logstart, sb.inodestart, sb.bmapstart);
	s->s_root = cfs_iget(ROOTINO);
	if (!s->s_root) {
		cfs_sb = NULL;
		put_super(s);
		return -ENOMEM;
	}
	*out = s;
	return 0;
}

static struct file_system_type cleavefs_type = {
	.name = "cleavefs",
	.requires_dev = true,
	.mount = cfs_mount,
};

void cleavefs_init(void)
{
	register_filesystem(&cleavefs_type);
}
