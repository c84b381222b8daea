/* The file layer: open files, per-task descriptor tables and cwd, and the
 * interface of the on-disk file system (kernel/fs). */
#ifndef CLEAVE_FS_H
#define CLEAVE_FS_H
#include "types.h"
#include "spinlock.h"

#define NOFILE 256		/* descriptors per files_struct */
#define MAXPATH 4096
#define AT_FDCWD (-100)

/* ---- open files ---- */
struct inode;
struct pipe;
struct file {
	enum { FD_NONE, FD_PIPE, FD_INODE, FD_DEVICE } type;
	int ref;		/* atomic */
	unsigned int flags;	/* O_ACCMODE | O_APPEND | O_NONBLOCK */
	struct pipe *pipe;	/* FD_PIPE */
	struct inode *ip;	/* FD_INODE and FD_DEVICE */
	struct spinlock pos_lock;
	off_t off;		/* FD_INODE */
	short major, minor;	/* FD_DEVICE */
};

/* Descriptor table, shared by CLONE_FILES. lock protects fd[] and cloexec. */
struct files_struct {
	int count;
	struct spinlock lock;
	struct file *fd[NOFILE];
	u64 cloexec[NOFILE / 64];
};

/* cwd (and root), shared by CLONE_FS. */
struct fs_struct {
	int count;
	struct spinlock lock;
	struct inode *cwd;
	struct inode *root;
	int umask;		/* file-creation mask; atomic access */
};

/* Called from fork and exit (kernel/fs/fdtable.c). */
struct files_struct *files_alloc(void);		/* empty table, count 1 */
struct files_struct *files_dup(struct files_struct *f);	/* NULL: ENOMEM */
void files_put(struct files_struct *f);		/* closes all at count 0 */
void files_close_on_exec(struct files_struct *f);
struct fs_struct *fs_struct_alloc(void);	/* cwd = root = "/" */
struct fs_struct *fs_struct_dup(struct fs_struct *fs);
void fs_struct_put(struct fs_struct *fs);
/* Install f at the lowest free fd >= min; returns fd or -EMFILE. */
int fd_install(struct file *f, int min, bool cloexec);
struct file *fget(int fd);	/* +1 ref, NULL if bad fd */
void fput(struct file *f);	/* fileclose */
struct file *filedup(struct file *f);

ssize_t file_read(struct file *f, bool user, u64 dst, size_t n);
ssize_t file_write(struct file *f, bool user, u64 src, size_t n);

/* ---- readiness (kernel/poll.c, kernel/fs/file.c) ---- */
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
/* What a file without a poll method reports (Linux DEFAULT_POLLMASK). */
#define DEFAULT_POLLMASK (POLLIN | POLLOUT | POLLRDNORM | POLLWRNORM)
/* Current readiness of f as POLL* bits; never sleeps. */
int file_poll(struct file *f);
/* Tell every task in ppoll/pselect6 to rescan: call after any change that
 * may make a file readable or writable or hang it up. Callable with any
 * lock held and from interrupt context (poll_lock is a leaf lock). */
void poll_wakeup(void);

/* ---- devices: inode type T_DEVICE dispatches on major ---- */
struct devsw {
	ssize_t (*read)(int minor, bool user_dst, u64 dst, size_t n, off_t off);
	ssize_t (*write)(int minor, bool user_src, u64 src, size_t n, off_t off);
	int (*ioctl)(int minor, unsigned int cmd, unsigned long arg);
	/* Optional: current readiness as POLL* bits. NULL: always ready
	 * for reading and writing (DEFAULT_POLLMASK). Must not sleep. */
	int (*poll)(int minor);
};
#define NDEV 8
#define CONSOLE_MAJOR 1		/* /dev/console, minor 0 */
#define MEM_MAJOR 2		/* /dev/null 0, /dev/zero 1 */
#define PROC_MAJOR 3		/* /proc/meminfo 0, uptime 1, tasks 2, cmdline 3 */
extern struct devsw devsw[NDEV];

/* ---- inodes (kernel/fs/inode.c etc.) ---- */
void fs_init(void);		/* read superblock, recover the log */
void begin_op(void);
void end_op(void);
struct inode *namei(const char *path);	/* relative to current cwd */
struct inode *idup(struct inode *ip);
void ilock(struct inode *ip);
void iunlock(struct inode *ip);
void iput(struct inode *ip);
void iunlockput(struct inode *ip);
/* read n bytes at off into dst (user or kernel VA); returns bytes read or -errno */
ssize_t readi(struct inode *ip, bool user_dst, u64 dst, u64 off, size_t n);
bool inode_is_dir(struct inode *ip);	/* ip locked */
bool inode_is_file(struct inode *ip);	/* ip locked */
u64 inode_size(struct inode *ip);	/* ip locked */
#endif
