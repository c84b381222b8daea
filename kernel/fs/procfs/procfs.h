/* procfs internals: the entry tables and the helpers their files use. */
#ifndef CLEAVE_PROCFS_H
#define CLEAVE_PROCFS_H
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "mm_types.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

/* Text being generated; appends past size set overflow (the open retries
 * with a bigger buffer). */
struct pbuf {
	char *buf;
	size_t size, len;
	bool overflow;
};
void pprintf(struct pbuf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
void pwrite_bytes(struct pbuf *b, const void *p, size_t n);

/* One name in a procfs directory. */
struct proc_entry {
	const char *name;
	mode_t mode;
	int id;					/* unique within its table: st_ino */
	int (*show)(struct inode *ip, struct pbuf *b);	/* text files */
	ssize_t (*write)(struct inode *ip, const char *buf, size_t n);
	int (*link)(struct inode *ip, char *buf, size_t n);	/* symlinks */
	const struct proc_entry *children;	/* directories made from a table */
	const struct inode_operations *iops;	/* other directories */
	const struct file_operations *fops;
	const struct proc_entry *parent;	/* for ".."; NULL: the root */
	bool parent_has_pid;
	bool small;		/* generated on the stack at every read: no allocation
				 * (fail-nth must not count its own reads) */
};

struct proc_inode {
	struct inode vfs;
	pid_t pid;			/* 0: not about a task */
	const struct proc_entry *ent;
	int fd;				/* fd/ and fdinfo/ entries */
};
#define PI(ip) container_of(ip, struct proc_inode, vfs)

extern const struct proc_entry proc_root_entry, proc_pid_entry, proc_root_children[];
extern const struct inode_operations proc_dir_iops, proc_link_iops;
extern const struct file_operations proc_dir_fops, proc_file_fops;

struct inode *proc_make_inode(struct super_block *sb, pid_t pid, const struct proc_entry *e, int fd);
struct inode *proc_lookup_table(struct inode *dir, const struct proc_entry *tab, const char *name,
				pid_t pid, int *err);
bool proc_emit_table(struct dir_context *ctx, const struct proc_entry *tab, s64 base);
bool proc_emit_dots(struct dir_context *ctx, struct inode *dir);

/* base.c */
bool proc_task_alive(pid_t pid);
pid_t proc_next_tgid(pid_t from);	/* smallest thread-group id >= from, -1 */
u64 boot_time_ns(void);			/* CLOCK_REALTIME at boot */
#endif
