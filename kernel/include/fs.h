/* The virtual file system: the objects every file system plugs into.
 *
 *   super_block  one mounted file system instance (s_op)
 *   inode        one file, directory, symlink, device node or FIFO (i_op,
 *                and i_fop for the files opened on it)
 *   file         one open file description (f_op)
 *   mount        where a super_block is attached in the tree (mount.c)
 *
 * Where things live: kernel/fs/ is the core (namei.c walks paths and
 * crosses mounts, mount.c keeps the mount table, inode.c the inode cache,
 * file.c open files, open.c/stat.c/dir.c/read_write.c the system calls);
 * each file system has its own folder (cleavefs/, ramfs/, procfs/, devfs/).
 *
 * Lifetimes: an inode is referenced by open files, cwd/root, mounts (the
 * mountpoint and the mounted root), path walks in progress and, in
 * ramfs-like file systems, by the directory entries that name it. When
 * i_count drops to 0 the inode leaves the cache and s_op->evict_inode
 * frees its storage if nlink is 0. A super_block stays while it is mounted
 * or any of its inodes is in memory (s_count). */
#ifndef CLEAVE_FS_H
#define CLEAVE_FS_H
#include "types.h"
#include "spinlock.h"
#include "list.h"
#include "timekeeping.h"
#include "uapi/fcntl.h"
#include "uapi/stat.h"

#define NOFILE_MAX 4096		/* hard limit of descriptors per table */
#define NOFILE 1024		/* default soft limit (RLIMIT_NOFILE) */
#define MAXPATH 4096		/* PATH_MAX, with the NUL */
#define NAME_MAX 255
#define MAXSYMLINKS 40

typedef u32 dev_t;		/* kernel encoding: major << 20 | minor */
#define MAJOR(d) ((u32)(d) >> 20)
#define MINOR(d) ((u32)(d) & 0xfffff)
#define MKDEV(ma, mi) (((u32)(ma) << 20) | (u32)(mi))
/* st_dev/st_rdev as user space sees them (Linux new_encode_dev). */
static inline u64 encode_dev(dev_t d)
{
	u32 ma = MAJOR(d), mi = MINOR(d);
	return (mi & 0xff) | (ma << 8) | ((u64)(mi & ~0xffU) << 12);
}
static inline dev_t decode_dev(u64 u)
{
	return MKDEV((u >> 8) & 0xfff, (u & 0xff) | ((u >> 12) & 0xfff00));
}

struct inode;
struct file;
struct super_block;
struct mount;
struct kstatfs;
struct page_cache_node;

/* ---- attributes ---- */
#define ATTR_MODE 0x1
#define ATTR_UID 0x2
#define ATTR_GID 0x4
#define ATTR_SIZE 0x8
#define ATTR_ATIME 0x10
#define ATTR_MTIME 0x20
#define ATTR_CTIME 0x40
struct iattr {
	unsigned int valid;
	mode_t mode;		/* permission bits only */
	uid_t uid;
	gid_t gid;
	u64 size;
	struct timespec64 atime, mtime, ctime;
};

/* ---- directories ---- */
/* getdents and friends: iterate calls emit for each entry from ctx->pos;
 * emit returns false when the caller's buffer is full (iterate stops and
 * leaves pos at that entry). pos is an opaque cookie of the file system. */
struct dir_context {
	bool (*emit)(struct dir_context *ctx, const char *name, int len, u64 ino, unsigned type);
	s64 pos;
};

/* ---- operation tables ---- */
struct super_operations {
	/* Fill a cached inode from storage (first ilock of an iget inode). */
	int (*read_inode)(struct inode *ip);
	/* Persist the inode's metadata; ip locked, inside sb_start_write. */
	void (*write_inode)(struct inode *ip);
	/* The last in-memory reference is gone: free storage if i_nlink is 0
	 * and whatever the file system hangs off the inode. May sleep. */
	void (*evict_inode)(struct inode *ip);
	/* Allocate an inode object (a larger fs-private struct); NULL: kzalloc. */
	struct inode *(*alloc_inode)(struct super_block *sb);
	void (*free_inode)(struct inode *ip);
	int (*statfs)(struct super_block *sb, struct kstatfs *st);
	int (*sync_fs)(struct super_block *sb);
	/* Transactions around a modifying operation (cleavefs's log); NULL:
	 * none. Taken before any inode lock of this super_block. */
	void (*begin_op)(struct super_block *sb);
	void (*end_op)(struct super_block *sb);
	/* umount: detach everything (ramfs drops its tree). */
	void (*kill_sb)(struct super_block *sb);
	/* Free s_fs_info once the last inode has gone. */
	void (*put_super)(struct super_block *sb);
	/* Text for /proc/mounts after the flags ("size=..."). */
	void (*show_options)(struct super_block *sb, char *buf, size_t n);
};

/* Directory and metadata operations. dir is locked (ilock) by the caller
 * and, for modifying operations, the caller is inside sb_start_write.
 * Results are referenced and unlocked. */
struct inode_operations {
	/* The inode named name in dir, or NULL with *err (-ENOENT ...). */
	struct inode *(*lookup)(struct inode *dir, const char *name, int *err);
	/* New regular file, FIFO, socket or device node (mode has S_IFMT). */
	int (*mknod)(struct inode *dir, const char *name, mode_t mode, dev_t rdev, struct inode **out);
	int (*mkdir)(struct inode *dir, const char *name, mode_t mode, struct inode **out);
	int (*symlink)(struct inode *dir, const char *name, const char *target);
	/* ip (not a directory) gets another name in dir. */
	int (*link)(struct inode *dir, const char *name, struct inode *ip);
	/* Remove name, which names ip (unlocked; the fs locks it). */
	int (*unlink)(struct inode *dir, const char *name, struct inode *ip);
	int (*rmdir)(struct inode *dir, const char *name, struct inode *ip);
	/* Called with neither directory locked (the fs orders its locks),
	 * both on this super_block, inside sb_start_write. */
	int (*rename)(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned int flags);
	/* Copy the target (not NUL-terminated) into buf; returns its length.
	 * ip locked. */
	int (*readlink)(struct inode *ip, char *buf, size_t n);
	/* Kernel-generated links (/proc/self): the target, into buf. */
	int (*get_link)(struct inode *ip, char *buf, size_t n);
	/* Change attributes; ip locked, inside sb_start_write. NULL:
	 * simple_setattr (fields in memory only). */
	int (*setattr)(struct inode *ip, struct iattr *a);
};

/* Open-file operations. pos is the position to use (f_pos or pread's);
 * the op advances it by what it transferred. */
struct file_operations {
	int (*open)(struct inode *ip, struct file *f);
	void (*release)(struct inode *ip, struct file *f);
	ssize_t (*read)(struct file *f, bool user, u64 dst, size_t n, off_t *pos);
	ssize_t (*write)(struct file *f, bool user, u64 src, size_t n, off_t *pos);
	/* Current readiness as POLL* bits; must not sleep. NULL: always ready. */
	int (*poll)(struct file *f);
	long (*ioctl)(struct file *f, unsigned int cmd, unsigned long arg);
	int (*iterate)(struct file *f, struct dir_context *ctx);
	int (*fsync)(struct file *f, bool datasync);
	/* NULL: the generic lseek over i_size; no_llseek: ESPIPE. */
	off_t (*llseek)(struct file *f, off_t off, int whence);
	/* The page backing file offset idx * PAGE_SIZE for mmap, referenced;
	 * NULL: the file cannot be mapped. */
	int (*get_page)(struct file *f, u64 idx, void **kva);
	/* Extra lines for /proc/<pid>/fdinfo/<fd>: a NUL-terminated string of
	 * at most n bytes into buf; returns its length. NULL: none. */
	int (*fdinfo)(struct file *f, char *buf, size_t n);
};

/* ---- the page cache: one per inode (pagecache.c) ---- */
/* A radix tree of PAGE_SIZE pages indexed by file page number, three
 * levels of 512 slots (512 GiB). The owner's lock (the inode lock)
 * serialises every call. */
struct page_cache {
	void **root;
	u64 nrpages;
};
void *pcache_lookup(struct page_cache *pc, u64 idx);
/* Insert kva at idx (no page there yet); -ENOMEM if a node is missing. */
int pcache_insert(struct page_cache *pc, u64 idx, void *kva);
/* Free every page at index >= from (and the nodes left empty). */
void pcache_truncate(struct page_cache *pc, u64 from);

/* ---- inodes ---- */
struct inode {
	struct super_block *i_sb;
	u64 i_ino;
	int i_count;			/* icache.lock */
	struct list_head i_hash;	/* icache.lock; empty if unhashed */
	struct mount *i_mounted;	/* mount_spin: a file system mounted here */
	struct sleeplock i_lock;	/* protects everything below */
	bool i_valid;			/* fields below read from storage */
	mode_t i_mode;			/* S_IFMT | permission bits */
	u32 i_nlink;
	uid_t i_uid;
	gid_t i_gid;
	dev_t i_rdev;
	u64 i_size;
	struct timespec64 i_atime, i_mtime, i_ctime;
	const struct inode_operations *i_op;
	const struct file_operations *i_fop;
	struct page_cache i_pages;
	struct pipe *i_pipe;		/* FIFO: the pipe while open (fifo_lock) */
	int i_fifo_readers, i_fifo_writers;	/* fifo_lock */
	void *i_private;
};

/* The inode cache (inode.c). */
/* The cached inode (sb, ino), referenced; not yet read from storage:
 * ilock reads it via s_op->read_inode. NULL if out of memory. */
struct inode *iget(struct super_block *sb, u64 ino);
/* A fresh in-memory inode (valid, nlink 1, count 1), not in the hash. */
struct inode *new_inode(struct super_block *sb, mode_t mode);
struct inode *idup(struct inode *ip);
void ilock(struct inode *ip);		/* reads a not yet valid inode */
void iunlock(struct inode *ip);
void iput(struct inode *ip);
void iunlockput(struct inode *ip);
u64 next_ino(struct super_block *sb);
void inode_touch(struct inode *ip, bool m, bool c);	/* set times to now */
struct timespec64 current_time(void);

/* ---- super blocks (super.c) ---- */
struct file_system_type {
	const char *name;
	bool requires_dev;		/* "nodev" in /proc/filesystems if not */
	/* Build a super_block with s_root set. data: mount(2) options. */
	int (*mount)(struct file_system_type *t, const char *dev, const char *data,
		     struct super_block **out);
	struct list_head list;
};
struct super_block {
	struct file_system_type *s_type;
	const struct super_operations *s_op;
	struct inode *s_root;
	struct mount *s_mount;		/* mount_spin; NULL once unmounted */
	dev_t s_dev;
	u64 s_magic;
	u32 s_blocksize;
	unsigned long s_flags;		/* MS_RDONLY ... */
	int s_count;			/* atomic: cached inodes + 1 while mounted */
	int s_pins;			/* atomic: open files, cwds, roots in it */
	long s_next_ino;		/* atomic */
	void *s_fs_info;
};
struct super_block *alloc_super(struct file_system_type *t, const struct super_operations *op);
void put_super(struct super_block *sb);
dev_t alloc_anon_dev(void);		/* st_dev for a file system without a device */
void register_filesystem(struct file_system_type *t);
struct file_system_type *find_filesystem(const char *name);
void sb_start_write(struct super_block *sb);
void sb_end_write(struct super_block *sb);
static inline void sb_pin(struct super_block *sb) { atomic_inc(&sb->s_pins); }
static inline void sb_unpin(struct super_block *sb) { atomic_dec(&sb->s_pins); }

struct kstatfs {
	u64 f_type, f_bsize, f_blocks, f_bfree, f_bavail, f_files, f_ffree;
	u64 f_namelen, f_frsize, f_flags;
};

/* ---- mounts (mount.c) ---- */
struct mount {
	struct super_block *sb;
	struct inode *root;		/* sb->s_root, referenced */
	struct inode *mountpoint;	/* referenced; NULL for the root mount */
	struct mount *parent;
	struct list_head list;		/* all mounts, in mount order */
	char *devname;
	char *path;			/* where it is mounted, for /proc/mounts */
	unsigned long flags;
};
/* mount_spin protects mount_list, every i_mounted and s_mount; mount_sem
 * serialises mount and umount. Lock order: mount_spin -> icache.lock. */
extern struct spinlock mount_spin;
extern struct list_head mount_list;
/* Mount the root file system (at boot). */
void mount_root(void);
struct inode *root_inode(void);		/* referenced root of the whole tree */
int do_mount(const char *dev, const char *dir, const char *type, unsigned long flags,
	     const char *data);
/* Generate /proc/mounts into buf. */
void mounts_show(char *buf, size_t n, size_t *len);

/* ---- open files (file.c) ---- */
struct file {
	int f_count;			/* atomic */
	unsigned int f_flags;		/* O_ACCMODE | O_APPEND | O_NONBLOCK | ... */
	bool f_readable, f_writable;
	const struct file_operations *f_op;
	struct inode *f_inode;		/* referenced, never NULL */
	struct spinlock f_pos_lock;	/* f_pos */
	off_t f_pos;
	void *private_data;		/* owned by f_op */
	struct inode *f_dir;		/* referenced: the directory it was opened in */
	char *f_name;			/* and its name there (non-directories) */
	void *f_ep;			/* ep_lock: epoll items watching it (eventpoll.c) */
};
struct file *file_alloc(void);
struct file *filedup(struct file *f);
void fput(struct file *f);
/* Open ip (referenced; the file takes the reference on success). */
int vfs_open(struct inode *ip, unsigned int flags, struct file **out);
ssize_t file_read(struct file *f, bool user, u64 dst, size_t n);
ssize_t file_write(struct file *f, bool user, u64 src, size_t n);
ssize_t vfs_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos);
ssize_t vfs_write(struct file *f, bool user, u64 src, size_t n, off_t *pos);
int vfs_getattr(struct inode *ip, struct stat *st);	/* ip unlocked */
/* Change attributes inside the file system's transaction (stat.c). */
int vfs_setattr(struct inode *ip, struct iattr *a);
/* Make a node at dfd/path (open.c): mknod, mkdir and symlink's step. */
int create_node(int dfd, const char *path, mode_t mode, dev_t rdev, const char *target);
/* open(2) and unlinkat(2) for the kernel's own use (core dumps): a
 * kernel path, relative to dfd; the file is not put in the fd table. */
int do_filp_open(int dfd, const char *path, unsigned int flags, mode_t mode, struct file **out);
int do_unlink(int dfd, const char *path, bool rmdir);
/* Read the whole of a small file region into kernel memory. */
ssize_t kernel_read(struct file *f, void *buf, size_t n, off_t pos);
ssize_t kernel_write(struct file *f, const void *buf, size_t n, off_t pos);
/* kernel/mm/filemap.c: for fsync, what current's shared mappings of ip wrote */
int writeback_inode(struct inode *ip);

/* Generic pieces file systems reuse (libfs.c). */
int simple_setattr(struct inode *ip, struct iattr *a);
off_t no_llseek(struct file *f, off_t off, int whence);
/* Files whose data lives only in the page cache (ramfs, tmpfs). */
ssize_t pcache_file_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos);
int pcache_get_page(struct file *f, u64 idx, void **kva);

/* ---- character devices (chrdev.c) ---- */
/* A driver's f_op for major (all minors); its open sees the minor in
 * MINOR(ip->i_rdev) and may replace f->f_op. */
int register_chrdev(u32 major, const char *name, const struct file_operations *fops);
extern const struct file_operations chrdev_fops;	/* looks the driver up */
extern const struct file_operations blkdev_fops;
#define MEM_MAJOR 1		/* null 3, zero 5, full 7, random 8, urandom 9 */
#define TTYAUX_MAJOR 5		/* tty 0, console 1 */
#define CONSOLE_MAJOR 4		/* the console tty, minor 64 (ttyS0) */
#define BLOCK_MAJOR 254		/* virtio disks (block devices) */
/* A node devtmpfs makes in /dev (call at boot, before /dev is mounted). */
void devtmpfs_register(const char *name, mode_t mode, dev_t dev);

/* ---- pipes and FIFOs (pipe.c) ---- */
extern const struct file_operations fifo_fops;
int pipe_alloc(struct file **rf, struct file **wf, unsigned int flags);

/* ---- anonymous-inode files (anon_inodes.c) ---- */
/* A new open file on a fresh anon_inodefs inode with f_op fops and
 * private_data priv; flags: O_RDWR/O_RDONLY | O_NONBLOCK. On error
 * nothing is left allocated (priv is still the caller's). */
int anon_inode_file(const char *name, const struct file_operations *fops, void *priv,
		    unsigned int flags, struct file **out);
/* fput's last-reference hook: drop f from every epoll set watching it. */
void eventpoll_release(struct file *f);

/* ---- per-task tables (fdtable.c) ---- */
/* Descriptor table, shared by CLONE_FILES. lock protects max, fd[] and
 * cloexec[]; the arrays grow (never shrink) up to NOFILE_MAX. */
struct files_struct {
	int count;
	struct spinlock lock;
	int max;			/* slots in fd[] */
	struct file **fd;
	u64 *cloexec;
	struct file *fd_small[64];	/* first 64 slots, inline */
	u64 cloexec_small[1];
};
/* cwd (and root), shared by CLONE_FS. */
struct fs_struct {
	int count;
	struct spinlock lock;
	struct inode *cwd;
	struct inode *root;
	int umask;		/* file-creation mask; atomic access */
};
struct files_struct *files_alloc(void);		/* empty table, count 1 */
struct files_struct *files_dup(struct files_struct *f);	/* NULL: ENOMEM */
void files_put(struct files_struct *f);		/* closes all at count 0 */
void files_close_on_exec(struct files_struct *f);
void files_close_range(struct files_struct *f, unsigned int first, unsigned int last, bool cloexec);
struct task_struct;
int files_unshare(struct task_struct *t);	/* a private copy if shared */
struct fs_struct *fs_struct_alloc(void);	/* cwd = root = "/" */
struct fs_struct *fs_struct_dup(struct fs_struct *fs);
void fs_struct_put(struct fs_struct *fs);
/* Install f at the lowest free fd >= min; returns fd or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);
struct file *fget(int fd);	/* +1 ref, NULL if bad fd */
/* Another task's file (for /proc/<pid>/fd); files->lock inside. */
struct file *fget_task(struct files_struct *files, int fd);
/* Close fd in files if it still holds file (the caller has a reference). */
void fd_remove_file(struct files_struct *files, int fd, struct file *file);
int files_next_fd(struct files_struct *files, int from);	/* -1: none */

/* ---- path names (namei.c) ---- */
#define LOOKUP_FOLLOW 0x1	/* follow a final symlink */
#define LOOKUP_DIRECTORY 0x2	/* the result must be a directory */
#define LOOKUP_EMPTY 0x4	/* "" names dfd itself */
/* i_op->rename flags: RENAME_* and this one, for "a/" or "b/" */
#define RENAME_TRAILING_SLASH 0x80000000u
/* Resolve path relative to dfd; 0 and a referenced inode, or -errno. */
int path_lookupat(int dfd, const char *path, unsigned int flags, struct inode **out);
/* Resolve all but the last component: the directory (referenced) and the
 * last name (NAME_MAX + 1 bytes). "/" and "" have no last name: -EBUSY...
 * see namei.c for the exact errors. */
int path_parentat(int dfd, const char *path, struct inode **dir, char *last,
		  bool *trailing_slash);
struct inode *namei(const char *path);	/* follow; NULL if not found */
/* Where a non-directory was found: its directory (referenced) and name. */
struct file_where {
	struct inode *dir;
	char name[NAME_MAX + 1];
};
int path_lookup_where(int dfd, const char *path, unsigned int flags, struct inode **out,
		      struct file_where *where);
void file_set_path(struct file *f, struct file_where *where);
char *file_path(struct file *f, char *buf, size_t n, int *err);
char *getname(const char __user *upath, bool allow_empty, int *err);
void putname(char *kpath);
/* The path of ip as seen from the task's root, into the end of buf (n
 * bytes); returns a pointer into buf or an ERR value in *err. */
char *inode_path(struct inode *ip, char *buf, size_t n, int *err);
struct inode *fs_root(void);	/* referenced */
struct inode *fs_cwd(void);	/* referenced */

/* ---- readiness (kernel/poll.c) ---- */
#define POLLIN 0x001
#define POLLPRI 0x002
#define POLLOUT 0x004
#define POLLERR 0x008
#define POLLHUP 0x010
#define POLLNVAL 0x020
#define POLLRDNORM 0x040
#define POLLRDBAND 0x080
#define POLLWRNORM 0x100
#define POLLWRBAND 0x200
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
int file_poll(struct file *f);
/* Tell every task in ppoll/pselect6 to rescan: callable with any lock
 * held and from interrupt context (poll_lock is a leaf lock). */
void poll_wakeup(void);
/* The wait loop behind ppoll/pselect6/epoll_pwait (poll.c): scan until it
 * returns non-zero, the deadline (monotonic ns, ~0: none) passes or a
 * signal arrives (-EINTR); with have_mask, mask is installed meanwhile. */
typedef int (*scan_fn)(void *ctx);
int poll_masked_wait(scan_fn scan, void *ctx, u64 deadline, bool have_mask, u64 mask);
/* A relative timespec (NULL: none) as a deadline; zero: it was {0,0}. */
int poll_get_deadline(const void __user *utmo, u64 *deadline, bool *zero);
void poll_put_remaining(void __user *utmo, u64 deadline, bool zero);
/* An optional sigmask argument of size bytes (EINVAL, EFAULT). */
int poll_get_sigmask(const u64 __user *um, size_t size, u64 *mask, bool *have);
extern int poll_gen_users;
extern u64 poll_gen;

/* ---- boot ---- */
void vfs_init(void);		/* file system types, devices */
#endif
