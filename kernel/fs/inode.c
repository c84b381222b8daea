/* The inode cache: one slot per inode on the disk, indexed by number.
 *
 * icache.lock protects each slot's ref (and inum, set when ref leaves 0).
 * A slot with ref 0 holds nothing anyone relies on. ip->lock (a sleeplock) protects
 * valid and the copy of the on-disk inode; ilock reads it from disk when
 * not valid. ref counts C pointers (open files, cwd, lookups in progress);
 * nlink counts directory entries. An inode whose nlink reaches 0 is freed
 * (blocks and all) when its last reference goes, in iput. */
#include "fs_internal.h"
#include "printk.h"
#include "string.h"

#include "mm.h"

/* One slot per inode on the disk, indexed by inode number: lookup is O(1)
 * and the cache can never fill up, whatever user space keeps open. */
static struct {
	struct spinlock lock;
	struct inode *inode;
	u32 n;			/* sb.ninodes */
} icache = { .lock = SPINLOCK_INIT("icache") };

/* After the superblock is read. */
void iinit(void)
{
	size_t bytes = (size_t)sb.ninodes * sizeof(struct inode);
	int order = 0;
	while ((PAGE_SIZE << order) < bytes)
		order++;
	icache.inode = get_free_pages(order);
	if (!icache.inode)
		panic("iinit: no memory for %u inodes", sb.ninodes);
	icache.n = sb.ninodes;
	for (u32 i = 0; i < icache.n; i++)
		sleeplock_init(&icache.inode[i].lock, "inode");
}

/* Referenced, unlocked, possibly not yet read from disk; NULL for an
 * inode number the disk does not have (a corrupt directory entry). */
struct inode *iget(u32 inum)
{
	if (inum == 0 || inum >= icache.n)
		return NULL;
	struct inode *ip = &icache.inode[inum];
	spin_lock(&icache.lock);
	if (ip->ref++ == 0) {
		ip->inum = inum;
		ip->valid = false;	/* it may have been freed and reused */
	}
	spin_unlock(&icache.lock);
	return ip;
}

struct inode *idup(struct inode *ip)
{
	spin_lock(&icache.lock);
	ip->ref++;
	spin_unlock(&icache.lock);
	return ip;
}

static struct dinode *dinode_in(struct buf *b, u32 inum)
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
			return iget(inum);
		}
		brelse(b);
	}
	return NULL;
}

void iupdate(struct inode *ip)
{
	struct buf *b = bread(IBLOCK(ip->inum, sb));
	struct dinode *d = dinode_in(b, ip->inum);

	d->type = ip->type;
	d->major = ip->major;
	d->minor = ip->minor;
	d->nlink = ip->nlink;
	d->mode = ip->mode;
	d->mtime = ip->mtime;
	d->size = ip->size;
	memcpy(d->addrs, ip->addrs, sizeof(d->addrs));
	log_write(b);
	brelse(b);
}

void ilock(struct inode *ip)
{
	BUG_ON(!ip || ip->ref < 1);
	sleep_lock(&ip->lock);
	if (!ip->valid) {
		struct buf *b = bread(IBLOCK(ip->inum, sb));
		struct dinode *d = dinode_in(b, ip->inum);

		ip->type = d->type;
		ip->major = d->major;
		ip->minor = d->minor;
		ip->nlink = d->nlink;
		ip->mode = d->mode;
		ip->mtime = d->mtime;
		ip->size = d->size;
		memcpy(ip->addrs, d->addrs, sizeof(ip->addrs));
		brelse(b);
		ip->valid = true;
		if (ip->type == 0)
			panic("ilock: inode %u has no type", ip->inum);
	}
}

void iunlock(struct inode *ip)
{
	BUG_ON(!ip || !sleep_holding(&ip->lock) || ip->ref < 1);
	sleep_unlock(&ip->lock);
}

/* Drop a reference. The last reference to an unlinked inode frees it; that
 * writes the disk, so iput joins (or opens) a transaction. */
void iput(struct inode *ip)
{
	spin_lock(&icache.lock);
	if (ip->ref == 1 && ip->valid && ip->nlink == 0) {
		/* ref == 1: nobody else can be holding or waiting for ip->lock */
		spin_unlock(&icache.lock);
		begin_op();
		sleep_lock(&ip->lock);
		itrunc(ip);
		ip->type = 0;
		iupdate(ip);
		ip->valid = false;
		sleep_unlock(&ip->lock);
		end_op();
		spin_lock(&icache.lock);
	}
	ip->ref--;
	spin_unlock(&icache.lock);
}

void iunlockput(struct inode *ip)
{
	iunlock(ip);
	iput(ip);
}

/* Free all data blocks; ip locked, inside an operation. */
void itrunc(struct inode *ip)
{
	bmap_free_all(ip);
	ip->size = 0;
	iupdate(ip);
}

bool inode_is_dir(struct inode *ip) { return ip->type == T_DIR; }
bool inode_is_file(struct inode *ip) { return ip->type == T_FILE; }
u64 inode_size(struct inode *ip) { return ip->size; }
