/* Directories: arrays of 64-byte entries; inum 0 marks a free slot. Entry
 * 0 is "." and entry 1 is ".." in every directory. All functions need dp
 * locked; the modifying ones need an operation in progress. */
#include "cleavefs.h"
#include "errno.h"
#include "printk.h"
#include "string.h"

static int read_entry(struct inode *dp, u64 off, struct fs_dirent *de)
{
	if (readi(dp, false, (u64)de, off, DIRENT_SZ) != DIRENT_SZ)
		panic("dir: short read of directory %lu", dp->i_ino);
	return 0;
}

/* The inode named name in dp (referenced, unlocked), its entry offset in
 * *poff; NULL if absent. */
struct inode *dirlookup(struct inode *dp, const char *name, u64 *poff)
{
	BUG_ON(CFS(dp)->type != T_DIR);
	/* A block at a time: path lookup lives here (exec, open). */
	for (u64 boff = 0; boff < dp->i_size; boff += BSIZE) {
		u32 bn = bmap(dp, boff / BSIZE, false);
		if (!bn)
			continue;
		struct buf *b = bread(bn);
		const struct fs_dirent *de = (const struct fs_dirent *)b->data;
		u64 n = min((u64)BSIZE, dp->i_size - boff) / DIRENT_SZ;
		u32 inum = 0;
		for (u64 i = 0; i < n; i++) {
			if (de[i].inum && de[i].name[0] == name[0] &&
			    strncmp(name, de[i].name, DIRSIZ) == 0) {
				inum = de[i].inum;
				if (poff)
					*poff = boff + i * DIRENT_SZ;
				break;
			}
		}
		brelse(b);
		if (inum)
			return cfs_iget(inum);
	}
	return NULL;
}

/* Overwrite the entry at off (inum 0 frees it). */
int dir_set_entry(struct inode *dp, u64 off, u32 inum, const char *name)
{
	struct fs_dirent de;
	ssize_t r;

	memset(&de, 0, sizeof(de));
	de.inum = inum;
	if (inum)
		strncpy(de.name, name, DIRSIZ - 1);
	r = writei(dp, false, (u64)&de, off, DIRENT_SZ);
	return r == DIRENT_SZ ? 0 : (r < 0 ? (int)r : -ENOSPC);
}

/* Add name -> inum in the first free slot (or at the end). The caller
 * checked that name is not present and adjusts link counts. */
int dirlink(struct inode *dp, const char *name, u32 inum)
{
	struct fs_dirent de;
	u64 off;

	for (off = 0; off < dp->i_size; off += DIRENT_SZ) {
		read_entry(dp, off, &de);
		if (de.inum == 0)
			break;
	}
	return dir_set_entry(dp, off, inum, name);
}

/* Only "." and ".." left? */
bool dir_is_empty(struct inode *dp)
{
	struct fs_dirent de;

	for (u64 off = 2 * DIRENT_SZ; off < dp->i_size; off += DIRENT_SZ) {
		read_entry(dp, off, &de);
		if (de.inum)
			return false;
	}
	return true;
}

