/* cleavefs: the on-disk file system (format in fs_format.h), private
 * interfaces between its files. One disk, one instance: sb and cfs_sb.
 *
 * Lock order (outer first): the log's transaction (begin_op) -> rename_lock
 * -> directory inode locks (ancestor before descendant; unrelated
 * directories by address) -> other inode locks -> buffer locks -> log.lock
 * / bcache.lock (spin). Every operation that writes runs between
 * begin_op() and end_op() (the VFS calls them through s_op around
 * metadata changes; file writes open one per chunk); begin_op nests per
 * task, so a nested call (iput freeing an inode inside an unlink) joins
 * the caller's transaction. */
#ifndef CLEAVE_CLEAVEFS_H
#define CLEAVE_CLEAVEFS_H
#include "types.h"
#include "spinlock.h"
#include "list.h"
#include "fs.h"
#include "fs_format.h"

/* ---- buffer cache (bio.c) ---- */
struct buf {
	bool valid;		/* data holds the disk contents */
	u32 blockno;
	int refcnt;		/* bcache.lock */
	struct list_head lru;	/* bcache.lock; head = most recently used */
	struct sleeplock lock;	/* protects valid and data */
	u8 *data;		/* BSIZE bytes, page in the direct map */
};
void binit(void);
struct buf *bread(u32 blockno);	/* returned locked */
void bwrite(struct buf *b);	/* b locked */
void brelse(struct buf *b);	/* unlocks */
void bpin(struct buf *b);
void bunpin(struct buf *b);

/* ---- log (log.c) ---- */
void log_init(struct superblock *sb);	/* runs recovery */
void log_write(struct buf *b);		/* instead of bwrite, inside an op */
void begin_op(void);
void end_op(void);

/* ---- blocks (balloc.c) ---- */
extern struct superblock sb;
extern struct super_block *cfs_sb;
u32 balloc(void);		/* zeroed block, 0 if the disk is full */
void bfree(u32 b);
u64 nr_free_blocks(void);

/* ---- inodes (inode.c, bmap.c, rw.c) ---- */
struct cfs_inode {
	struct inode vfs;
	u16 type;		/* T_*: i_mode's file type, as stored */
	u32 addrs[NDIRECT + 2];	/* i_lock */
};
#define CFS(ip) container_of(ip, struct cfs_inode, vfs)
struct inode *cfs_iget(u32 inum);	/* NULL for a number the disk has not */
struct inode *ialloc(u16 type);		/* unlocked, ref 1; NULL if none free */
void iupdate(struct inode *ip);		/* ip locked, inside an op */
int cfs_read_inode(struct inode *ip);
void cfs_evict_inode(struct inode *ip);
struct inode *cfs_alloc_inode(struct super_block *s);
void cfs_free_inode(struct inode *ip);
mode_t type_to_mode(u16 type);
u16 mode_to_type(mode_t mode);
u32 bmap(struct inode *ip, u64 bn, bool alloc);	/* 0: hole / no space */
void bmap_free_from(struct inode *ip, u64 first);	/* blocks >= first */
ssize_t readi(struct inode *ip, bool user_dst, u64 dst, u64 off, size_t n);
ssize_t writei(struct inode *ip, bool user_src, u64 src, u64 off, size_t n);
int cfs_get_page(struct file *f, u64 idx, void **kva);	/* mmap: the page cache page */

/* ---- directories (dir.c) ---- */
#define DIRENT_SZ sizeof(struct fs_dirent)
struct inode *dirlookup(struct inode *dp, const char *name, u64 *poff);
int dirlink(struct inode *dp, const char *name, u32 inum);
int dir_set_entry(struct inode *dp, u64 off, u32 inum, const char *name);
bool dir_is_empty(struct inode *dp);

/* ---- operations (ops.c, rename.c) ---- */
extern const struct inode_operations cfs_dir_iops, cfs_file_iops, cfs_symlink_iops,
	cfs_special_iops;
extern const struct file_operations cfs_file_fops, cfs_dir_fops;
int cfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
	       const char *nname, unsigned int flags);
void cfs_set_ops(struct inode *ip);

static inline bool is_dot_name(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

/* Largest write done in one transaction: each data block may also cost an
 * indirect block, a bitmap block and the inode; keep well under MAXOPBLOCKS. */
#define MAXWRITE_BLOCKS 8
#define MAXWRITE (MAXWRITE_BLOCKS * BSIZE)
#endif
