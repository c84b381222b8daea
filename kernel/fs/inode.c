/* The inode cache, shared by every file system.
 *
 * icache.lock protects the hash chains, every i_hash link and every
 * i_count. An inode is in memory exactly while i_count > 0: the final iput
 * unhashes it under the lock (so a later iget of the same number builds a
 * fresh one from storage) and then evicts it outside the lock, which may
 * sleep (cleavefs frees the disk inode of an unlinked file there).
 *
 * i_lock (a sleeplock) protects the inode's attributes and data; ilock
 * reads an iget inode from storage the first time (i_valid). Each cached
 * inode holds a reference on its super_block (s_count). */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"

#define NHASH 256

static struct {
	struct spinlock lock;
	struct list_head hash[NHASH];
} icache = { .lock = SPINLOCK_INIT("icache") };

static struct list_head *chain(struct super_block *sb, u64 ino)
{
	u64 h = ((u64)sb >> 6) ^ ino ^ (ino >> 8);
	return &icache.hash[h % NHASH];
}

void icache_init(void)
{
	for (int i = 0; i < NHASH; i++)
		INIT_LIST_HEAD(&icache.hash[i]);
}

static struct inode *alloc_inode(struct super_block *sb)
{
	struct inode *ip = sb->s_op->alloc_inode ? sb->s_op->alloc_inode(sb)
						 : kzalloc(sizeof(*ip));
	if (!ip)
		return NULL;
	ip->i_sb = sb;
	ip->i_count = 1;
	INIT_LIST_HEAD(&ip->i_hash);
	sleeplock_init(&ip->i_lock, "inode");
	atomic_inc(&sb->s_count);
	return ip;
}

static void destroy_inode(struct inode *ip)
{
	struct super_block *sb = ip->i_sb;

	pcache_truncate(&ip->i_pages, 0);
	if (sb->s_op->free_inode)
		sb->s_op->free_inode(ip);
	else
		kfree(ip);
	put_super(sb);
}

struct inode *iget(struct super_block *sb, u64 ino)
{
	struct list_head *h = chain(sb, ino), *pos;
	struct inode *ip, *fresh = NULL;

	for (;;) {
		spin_lock(&icache.lock);
		list_for_each(pos, h) {
			ip = list_entry(pos, struct inode, i_hash);
			if (ip->i_sb == sb && ip->i_ino == ino) {
				ip->i_count++;
				spin_unlock(&icache.lock);
				if (fresh)
					destroy_inode(fresh);
				return ip;
			}
		}
		if (fresh) {
			list_add(&fresh->i_hash, h);
			spin_unlock(&icache.lock);
			return fresh;
		}
		spin_unlock(&icache.lock);
		/* Allocate outside the lock, then look again: another task
		 * may have brought the same inode in meanwhile. */
		fresh = alloc_inode(sb);
		if (!fresh)
			return NULL;
		fresh->i_ino = ino;
	}
}

struct inode *new_inode(struct super_block *sb, mode_t mode)
{
	struct inode *ip = alloc_inode(sb);

	if (!ip)
		return NULL;
	ip->i_ino = next_ino(sb);
	ip->i_valid = true;
	ip->i_mode = mode;
	ip->i_nlink = 1;
	ip->i_atime = ip->i_mtime = ip->i_ctime = current_time();
	return ip;
}

u64 next_ino(struct super_block *sb)
{
	return atomic_add_return_long(&sb->s_next_ino, 1);
}

struct inode *idup(struct inode *ip)
{
	spin_lock(&icache.lock);
	ip->i_count++;
	spin_unlock(&icache.lock);
	return ip;
}

void ilock(struct inode *ip)
{
	BUG_ON(!ip || ip->i_count < 1);
	sleep_lock(&ip->i_lock);
	if (!ip->i_valid) {
		/* A file system that cannot read the inode (a corrupt disk)
		 * leaves i_mode 0: neither file nor directory, so every
		 * operation on it fails instead of trusting bad data. */
		if (ip->i_sb->s_op->read_inode(ip) < 0)
			ip->i_mode = 0;
		ip->i_valid = true;
	}
}

void iunlock(struct inode *ip)
{
	BUG_ON(!ip || !sleep_holding(&ip->i_lock) || ip->i_count < 1);
	sleep_unlock(&ip->i_lock);
}

void iput(struct inode *ip)
{
	spin_lock(&icache.lock);
	BUG_ON(ip->i_count < 1);
	if (--ip->i_count > 0) {
		spin_unlock(&icache.lock);
		return;
	}
	list_del_init(&ip->i_hash);
	spin_unlock(&icache.lock);
	/* Nobody can find or hold ip any more. */
	if (ip->i_sb->s_op->evict_inode)
		ip->i_sb->s_op->evict_inode(ip);
	destroy_inode(ip);
}

void iunlockput(struct inode *ip)
{
	iunlock(ip);
	iput(ip);
}

struct timespec64 current_time(void)
{
	return ns_to_timespec(ktime_get_real_ns());
}

void inode_touch(struct inode *ip, bool m, bool c)
{
	struct timespec64 now = current_time();

	if (m)
		ip->i_mtime = now;
	if (c)
		ip->i_ctime = now;
}
