/* File block maps: NDIRECT direct pointers, one single-indirect block and
 * one double-indirect block (1024 pointers to blocks of 1024 pointers).
 * All functions here need ip locked; allocating or freeing needs an
 * operation in progress. A pointer of 0 means "not allocated". */
#include "fs_internal.h"
#include "printk.h"

/* Entry idx of indirect block *slotp (allocating the indirect block and the
 * entry if asked). *dirty tells the caller that *slotp changed. Returns the
 * entry's block number or 0. */
static u32 ind_entry(u32 *slotp, u32 idx, bool alloc, bool *dirty)
{
	struct buf *b;
	u32 *a, r;

	if (!*slotp) {
		if (!alloc || !(*slotp = balloc()))
			return 0;
		*dirty = true;
	}
	b = bread(*slotp);
	a = (u32 *)b->data;
	r = a[idx];
	if (!r && alloc && (r = balloc())) {
		a[idx] = r;
		log_write(b);
	}
	brelse(b);
	return r;
}

/* Disk block of file block bn; with alloc, allocate missing blocks.
 * Returns 0 for a hole (or when the disk is full). */
u32 bmap(struct inode *ip, u64 bn, bool alloc)
{
	bool dirty = false;
	u32 r;

	if (bn < NDIRECT) {
		r = ip->addrs[bn];
		if (!r && alloc && (r = balloc())) {
			ip->addrs[bn] = r;
			dirty = true;
		}
	} else if ((bn -= NDIRECT) < NINDIRECT) {
		r = ind_entry(&ip->addrs[IND_SLOT], bn, alloc, &dirty);
	} else if ((bn -= NINDIRECT) < NDINDIRECT) {
		u32 mid = ind_entry(&ip->addrs[DIND_SLOT], bn / NINDIRECT, alloc, &dirty);

		r = mid ? ind_entry(&mid, bn % NINDIRECT, alloc, &(bool){false}) : 0;
	} else {
		return 0;
	}
	if (dirty)
		iupdate(ip);
	return r;
}

/* Free an indirect block and everything below it, depth levels deep. */
static void free_tree(u32 blockno, int depth)
{
	if (depth > 0) {
		struct buf *b = bread(blockno);
		u32 *a = (u32 *)b->data;

		for (u32 i = 0; i < NINDIRECT; i++)
			if (a[i])
				free_tree(a[i], depth - 1);
		brelse(b);
	}
	bfree(blockno);
}

void bmap_free_all(struct inode *ip)
{
	for (int i = 0; i < NDIRECT; i++)
		if (ip->addrs[i])
			free_tree(ip->addrs[i], 0);
	if (ip->addrs[IND_SLOT])
		free_tree(ip->addrs[IND_SLOT], 1);
	if (ip->addrs[DIND_SLOT])
		free_tree(ip->addrs[DIND_SLOT], 2);
	for (int i = 0; i < NDIRECT + 2; i++)
		ip->addrs[i] = 0;
}
