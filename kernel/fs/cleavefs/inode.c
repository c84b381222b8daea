/* cleavefs inodes: reading and writing the on-disk copy, allocation, and
 * freeing an unlinked inode when its last in-memory reference goes.
 *
 * The VFS inode cache (kernel/fs/inode.c) holds the in-memory inodes;
 * cfs_read_inode fills one on its first ilock. Every field of the disk
 * copy is written back by iupdate, inside an operation, with the inode
 * locked. i_nlink counts directory entries; an inode whose nlink reaches
 * 0 is freed (blocks and all) in cfs_evict_inode. */
#include "cleavefs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"

static const mode_t type_modes[T_MAX + 1] = {
	[T_DIR] = S_IFDIR, [T_FILE] = S_IFREG, [T_DEVICE] = S_IFCHR,
	[T_SYMLINK] = S_IFLNK, [T_FIFO] = S_IFIFO, [T_BLKDEV] = S_IFBLK, [T_SOCK] = S_IFSOCK,
};

mode_t type_to_mode(u16 type)
{
	return type <= T_MAX ? type_modes[type] : 0;
}

u16 mode_to_type(mode_t mode)
{
	for (u16 t = 1; t <= T_MAX; t++)
		if (type_modes[t] == (mode & S_IFMT))
			return t;
	return 0;
}

struct inode *cfs_alloc_inode(struct super_block *s)
{
	struct cfs_inode *ci = kzalloc(sizeof(*ci));

	return ci ? &ci->vfs : NULL;
}

void cfs_free_inode(struct inode *ip)
{
	kfree(CFS(ip));
}

struct inode *cfs_iget(u32 inum)
{
	if (inum == 0 || inum >= sb.ninodes)
		return NULL;
	return iget(cfs_sb, inum);
}

static struct dinode *dinode_in(struct buf *b, u64 inum)
{
	return (struct dinode *)b->data + inum % IPB;
}

/* Claim a free on-disk inode (inside an operation). */
struct inode *ialloc(u16 type)
{
	for (u32 inum = ROOTINO + 1; inum < sb.ninodes; inum++) {
		struct buf *b = bread(IBLOCK(inum, sb));
		struct dinode *d = dinode_in(b, inum);

		if (d->type == 0) {
			memset(d, 0, sizeof(*d));
			d->type = type;
			log_write(b);
			brelse(b);
			return cfs_iget(inum);
		}
		brelse(b);
	}
	return NULL;
}

void iupdate(struct inode *ip)
{
	struct buf *b = bread(IBLOCK(ip->i_ino, sb));
	struct dinode *d = dinode_in(b, ip->i_ino);

	d->type = CFS(ip)->type;
	d->nlink = ip->i_nlink;
	d->mode = ip->i_mode & 07777;
	d->uid = ip->i_uid;
	d->gid = ip->i_gid;
	d->major = MAJOR(ip->i_rdev);
	d->minor = MINOR(ip->i_rdev);
	d->size = ip->i_size;
	d->atime = ip->i_atime.tv_sec;
	d->atime_ns = ip->i_atime.tv_nsec;
	d->mtime = ip->i_mtime.tv_sec;
	d->mtime_ns = ip->i_mtime.tv_nsec;
	d->ctime = ip->i_ctime.tv_sec;
	d->ctime_ns = ip->i_ctime.tv_nsec;
	memcpy(d->addrs, CFS(ip)->addrs, sizeof(d->addrs));
	log_write(b);
	brelse(b);
}

int cfs_read_inode(struct inode *ip)
{
	struct buf *b = bread(IBLOCK(ip->i_ino, sb));
	struct dinode *d = dinode_in(b, ip->i_ino);
	int err = 0;

	CFS(ip)->type = d->type;
	ip->i_mode = type_to_mode(d->type) | (d->mode & 07777);
	ip->i_nlink = d->nlink;
	ip->i_uid = d->uid;
	ip->i_gid = d->gid;
	ip->i_rdev = MKDEV(d->major, d->minor);
	ip->i_size = d->size;
	ip->i_atime = (struct timespec64){ d->atime, d->atime_ns };
	ip->i_mtime = (struct timespec64){ d->mtime, d->mtime_ns };
	ip->i_ctime = (struct timespec64){ d->ctime, d->ctime_ns };
	memcpy(CFS(ip)->addrs, d->addrs, sizeof(d->addrs));
	brelse(b);
	cfs_set_ops(ip);
	if (!type_to_mode(CFS(ip)->type)) {
		printk("cleavefs: inode %lu has a bad type %u\n", ip->i_ino, CFS(ip)->type);
		err = -EIO;
	}
	return err;
}

/* Last reference gone: an unlinked inode's blocks and disk slot are freed
 * (in its own transaction, or the caller's if it is inside one). */
void cfs_evict_inode(struct inode *ip)
{
	if (!ip->i_valid || ip->i_nlink > 0)
		return;
	begin_op();
	sleep_lock(&ip->i_lock);
	bmap_free_from(ip, 0);
	ip->i_size = 0;
	CFS(ip)->type = 0;
	iupdate(ip);
	sleep_unlock(&ip->i_lock);
	end_op();
}
