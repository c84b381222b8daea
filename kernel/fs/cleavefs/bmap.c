/* File block maps: NDIRECT direct pointers, one single-indirect block and
 * one double-indirect block (1024 pointers to blocks of 1024 pointers).
 * All functions here need ip locked; allocating or freeing needs an
 * operation in progress. A pointer of 0 means "not allocated". */
#include "cleavefs.h"
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
		r = CFS(ip)->addrs[bn];
		if (!r && alloc && (r = balloc())) {
			CFS(ip)->addrs[bn] = r;
			dirty = true;
		}
	} else if ((bn -= NDIRECT) < NINDIRECT) {
		r = ind_entry(&CFS(ip)->addrs[IND_SLOT], bn, alloc, &dirty);
	} else if ((bn -= NINDIRECT) < NDINDIRECT) {
		u32 mid = ind_entry(&CFS(ip)->addrs[DIND_SLOT], bn / NINDIRECT, alloc, &dirty);

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

/* Free the blocks of the subtree in *slot (depth levels of indirection)
 * that hold file blocks >= first; base is the first file block the
 * subtree covers. Clears *slot if nothing is left in it. */
static void free_from(u32 *slot, int depth, u64 base, u64 first, bool *dirty)
{
	u64 span = 1;

	for (int i = 0; i < depth; i++)
		span *= NINDIRECT;
	if (!*slot || base + span <= first)
		return;
	if (depth == 0 || base >= first) {
		free_tree(*slot, depth);
		*slot = 0;
		*dirty = true;
		return;
	}
	struct buf *b = bread(*slot);
	u32 *a = (u32 *)b->data;
	bool changed = false, empty = true;
	for (u32 i = 0; i < NINDIRECT; i++) {
		u32 old = a[i];
		free_from(&a[i], depth - 1, base + i * (span / NINDIRECT), first, &changed);
		(void)old;
		if (a[i])
			empty = false;
	}
	if (changed)
		log_write(b);
	brelse(b);
	if (empty) {
		bfree(*slot);
		*slot = 0;
		*dirty = true;
	}
}

void bmap_free_from(struct inode *ip, u64 first)
{
	u32 *addrs = CFS(ip)->addrs;
	bool dirty = false;

	for (u64 i = 0; i < NDIRECT; i++)
		free_from(&addrs[i], 0, i, first, &dirty);
	free_from(&addrs[IND_SLOT], 1, NDIRECT, first, &dirty);
	free_from(&addrs[DIND_SLOT], 2, NDIRECT + NINDIRECT, first, &dirty);
	if (dirty)
		iupdate(ip);
}
