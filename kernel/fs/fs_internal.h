/* Private interfaces between the files of kernel/fs.
 *
 * Lock order (outer first): rename_lock -> directory inode locks (ancestor
 * before descendant; unrelated directories by address) -> other inode
 * locks -> buffer locks -> log.lock / icache.lock / bcache.lock (spin). A
 * file-system operation that writes runs between begin_op() and end_op();
 * begin_op nests per task, so a nested call (e.g. iput freeing an inode
 * inside an unlink) joins the caller's transaction. */
#ifndef CLEAVE_FS_INTERNAL_H
#define CLEAVE_FS_INTERNAL_H
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

/* ---- blocks (balloc.c) ---- */
extern struct superblock sb;
u32 balloc(void);		/* zeroed block, 0 if the disk is full */
void bfree(u32 b);

/* ---- inodes (inode.c, bmap.c, rw.c) ---- */
struct inode {
	u32 inum;
	int ref;		/* icache.lock */
	struct sleeplock lock;	/* protects everything below */
	bool valid;		/* fields below read from disk */
	u16 type, major, minor, nlink;
	u32 mode, mtime;
	u64 size;
	u32 addrs[NDIRECT + 2];
};
void iinit(void);
struct inode *iget(u32 inum);
struct inode *ialloc(u16 type);	/* unlocked, ref 1; NULL if none free */
void iupdate(struct inode *ip);	/* ip locked, inside an op */
void itrunc(struct inode *ip);	/* ip locked, inside an op */
u32 bmap(struct inode *ip, u64 bn, bool alloc);	/* 0: hole / no space */
void bmap_free_all(struct inode *ip);
ssize_t writei(struct inode *ip, bool user_src, u64 src, u64 off, size_t n);

/* ---- directories and paths (dir.c, path.c) ---- */
#define DIRENT_SZ sizeof(struct fs_dirent)
struct inode *dirlookup(struct inode *dp, const char *name, u64 *poff);
int dirlink(struct inode *dp, const char *name, u32 inum);
int dir_set_entry(struct inode *dp, u64 off, u32 inum, const char *name);
bool dir_is_empty(struct inode *dp);
int dir_name_of(struct inode *dp, u32 inum, char *name);	/* 0 or -ENOENT */
/* Resolve path relative to dfd (AT_FDCWD or a directory fd). On failure
 * return NULL with *err set. lookup_parent copies the last component into
 * name (DIRSIZ bytes) and returns its directory; *trailing_slash reports a
 * path ending in '/'. Results are referenced, unlocked. */
struct inode *lookup_at(int dfd, const char *path, int *err);
struct inode *lookup_parent_at(int dfd, const char *path, char *name,
			       bool *trailing_slash, int *err);
struct inode *fs_root(void);	/* referenced root of current */
/* Copy a user path into a kmalloc'd buffer (free with putname); NULL and
 * *err on failure (-EFAULT, -ENAMETOOLONG, -ENOENT for "" unless
 * allow_empty, -ENOMEM). */
char *getname(const char __user *upath, bool allow_empty, int *err);
void putname(char *kpath);

/* sys_open.c: create name at path (inside an op). Returns the inode locked
 * (existing one too, unless excl), or NULL with *err. */
struct inode *create_at(int dfd, const char *path, u16 type, u32 mode, bool excl, int *err);
static inline bool is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}

/* ---- files ---- */
struct file *file_alloc(void);
int file_stat(struct file *f, void __user *st);
int inode_stat(struct inode *ip, void __user *st);	/* ip locked */
int file_open_inode(struct inode *ip, unsigned int flags, struct file **fp);

void devmem_init(void);

/* fdtable.c: descriptor-level helpers for the current task */
struct file *fd_remove(int fd);		/* NULL if fd was not open */
struct file *fd_replace(int fd, struct file *f, bool cloexec);	/* old or NULL */
int fd_get_cloexec(int fd);		/* 0/1 or -EBADF */
int fd_set_cloexec(int fd, bool on);	/* 0 or -EBADF */

/* ---- pipes (pipe.c) ---- */
int pipe_alloc(struct file **rf, struct file **wf);
void pipe_close(struct pipe *p, bool writer);
ssize_t pipe_read(struct pipe *p, bool nonblock, bool user, u64 dst, size_t n);
ssize_t pipe_write(struct pipe *p, bool nonblock, bool user, u64 src, size_t n);
int pipe_poll(struct pipe *p, bool reader);	/* POLL* bits of one end */

/* Linux open flags (octal, asm-generic) */
#define O_ACCMODE 03
#define O_RDONLY 00
#define O_WRONLY 01
#define O_RDWR 02
#define O_CREAT 0100
#define O_EXCL 0200
#define O_NOCTTY 0400
#define O_TRUNC 01000
#define O_APPEND 02000
#define O_NONBLOCK 04000
#define O_DIRECTORY 0200000
#define O_NOFOLLOW 0400000
#define O_CLOEXEC 02000000
#define O_LARGEFILE 0100000
#define O_PATH 010000000

#define AT_SYMLINK_NOFOLLOW 0x100
#define AT_REMOVEDIR 0x200
#define AT_SYMLINK_FOLLOW 0x400
#define AT_EMPTY_PATH 0x1000

/* Largest write done in one transaction: each data block may also cost an
 * indirect block, a bitmap block and the inode; keep well under MAXOPBLOCKS. */
#define MAXWRITE_BLOCKS 8
#define MAXWRITE (MAXWRITE_BLOCKS * BSIZE)
#endif
