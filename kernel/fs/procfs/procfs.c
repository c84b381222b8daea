/* procfs: the kernel's view of processes and of itself, as files.
 *
 * Inodes are made on every lookup and never cached by number: each names a
 * pid (0 for files about the whole system) and an entry of one of the
 * tables below. A text file's contents are generated when it is opened
 * (a consistent snapshot for readers that read in pieces) into a buffer
 * that the open file keeps; the generators run under tasklist_lock when
 * they look at tasks, so they do not sleep. A task's directory exists
 * while the task is on the task list (zombies included) and vanishes when
 * it is reaped. The formats are proc(5)'s. */
#include "procfs.h"

#define PROC_ROOT_INO 1

const struct inode_operations proc_dir_iops, proc_link_iops;
const struct file_operations proc_dir_fops, proc_file_fops;

/* ---- text buffers ---- */

void pprintf(struct pbuf *b, const char *fmt, ...)
{
	va_list ap;

	if (b->len + 1 >= b->size) {
		b->overflow = true;
		return;
	}
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n < 0)
		return;
	/* vsnprintf returns what it wrote: a text that reaches the last byte
	 * may have been cut, so it counts as overflow (the open retries). */
	if (b->len + n >= b->size - 1)
		b->overflow = true;
	b->len += n;
}

void pwrite_bytes(struct pbuf *b, const void *p, size_t n)
{
	if (b->len + n > b->size) {
		b->overflow = true;
		n = b->size - b->len;
	}
	memcpy(b->buf + b->len, p, n);
	b->len += n;
}

/* ---- inodes ---- */

struct inode *proc_make_inode(struct super_block *sb, pid_t pid, const struct proc_entry *e,
			      int fd)
{
	struct inode *ip = new_inode(sb, e->mode);

	if (!ip)
		return NULL;
	PI(ip)->pid = pid;
	PI(ip)->ent = e;
	PI(ip)->fd = fd;
	/* Stable numbers: the same file has the same st_ino each time. */
	ip->i_ino = ((u64)pid << 16 | (u64)(e->id & 0xff) << 8 | (u64)(fd & 0xff)) + 2;
	if (e == &proc_root_entry)
		ip->i_ino = PROC_ROOT_INO;
	if (S_ISDIR(e->mode)) {
		ip->i_op = e->iops ? e->iops : &proc_dir_iops;
		ip->i_fop = e->fops ? e->fops : &proc_dir_fops;
		ip->i_nlink = 2;
	} else if (S_ISLNK(e->mode)) {
		ip->i_op = &proc_link_iops;
	} else {
		ip->i_fop = &proc_file_fops;
	}
	spin_lock(&tasklist_lock);
	struct task_struct *t = pid ? find_task_by_pid(pid) : NULL;
	if (t)
		ip->i_atime = ip->i_mtime = ip->i_ctime =
			ns_to_timespec(boot_time_ns() + t->start_time);
	spin_unlock(&tasklist_lock);
	return ip;
}

static struct inode *proc_alloc_inode(struct super_block *sb)
{
	struct proc_inode *pi = kzalloc(sizeof(*pi));

	return pi ? &pi->vfs : NULL;
}

static void proc_free_inode(struct inode *ip)
{
	kfree(PI(ip));
}

/* Look name up in a table of entries. */
struct inode *proc_lookup_table(struct inode *dir, const struct proc_entry *tab, const char *name,
				pid_t pid, int *err)
{
	for (const struct proc_entry *e = tab; e->name; e++)
		if (strcmp(e->name, name) == 0) {
			struct inode *ip = proc_make_inode(dir->i_sb, pid, e, 0);
			if (!ip)
				*err = -ENOMEM;
			return ip;
		}
	*err = -ENOENT;
	return NULL;
}

/* Emit the entries of a table from position pos on (positions 2...). */
bool proc_emit_table(struct dir_context *ctx, const struct proc_entry *tab, s64 base)
{
	s64 i = 0;

	for (const struct proc_entry *e = tab; e->name; e++, i++) {
		if (base + i < ctx->pos)
			continue;
		ctx->pos = base + i;
		if (!ctx->emit(ctx, e->name, strlen(e->name), 0x1000 + e->id, (e->mode >> 12) & 017))
			return false;
		ctx->pos = base + i + 1;
	}
	return true;
}

bool proc_emit_dots(struct dir_context *ctx, struct inode *dir)
{
	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR))
			return false;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		if (!ctx->emit(ctx, "..", 2, PROC_ROOT_INO, DT_DIR))
			return false;
		ctx->pos = 2;
	}
	return true;
}

/* Directories made from a table (sys, sys/kernel, <pid>, ...). */
static struct inode *table_lookup(struct inode *dir, const char *name, int *err)
{
	const struct proc_entry *e = PI(dir)->ent;

	if (strcmp(name, "..") == 0)
		return e->parent ? proc_make_inode(dir->i_sb, e->parent_has_pid ? PI(dir)->pid : 0,
						   e->parent, 0) : idup(dir->i_sb->s_root);
	if (PI(dir)->pid && !proc_task_alive(PI(dir)->pid)) {
		*err = -ENOENT;
		return NULL;
	}
	return proc_lookup_table(dir, e->children, name, PI(dir)->pid, err);
}

static int table_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;

	if (proc_emit_dots(ctx, dir))
		proc_emit_table(ctx, PI(dir)->ent->children, 2);
	return 0;
}

const struct inode_operations proc_dir_iops = { .lookup = table_lookup };
const struct file_operations proc_dir_fops = { .iterate = table_iterate };

static int proc_get_link(struct inode *ip, char *buf, size_t n)
{
	return PI(ip)->ent->link(ip, buf, n);
}

const struct inode_operations proc_link_iops = { .get_link = proc_get_link };

/* ---- generated files ---- */

struct proc_text {
	char *buf;
	size_t len;
};

/* Generate the file into a buffer that grows until the text fits. */
static int generate(struct inode *ip, struct proc_text *pt)
{
	const struct proc_entry *e = PI(ip)->ent;
	size_t size = 1024;

	for (;;) {
		struct pbuf b = { kmalloc(size), size, 0, false };
		if (!b.buf)
			return -ENOMEM;
		int err = e->show(ip, &b);
		if (err < 0) {
			kfree(b.buf);
			return err;
		}
		if (!b.overflow || size >= (1UL << 22)) {
			kfree(pt->buf);
			pt->buf = b.buf;
			pt->len = b.len;
			return 0;
		}
		kfree(b.buf);
		size *= 4;
	}
}

static int proc_file_open(struct inode *ip, struct file *f)
{
	const struct proc_entry *e = PI(ip)->ent;

	if (!e->show && f->f_readable)
		return -EACCES;
	if (!e->show || e->small)
		return 0;
	f->private_data = kzalloc(sizeof(struct proc_text));
	return f->private_data ? 0 : -ENOMEM;
}

static ssize_t copy_slice(const char *buf, size_t len, bool user, u64 dst, size_t n, off_t *pos)
{
	if (*pos < 0)
		return -EINVAL;
	if ((size_t)*pos >= len)
		return 0;
	size_t k = min(n, len - (size_t)*pos);
	if (either_copyout(user, dst, buf + *pos, k))
		return -EFAULT;
	*pos += k;
	return k;
}

/* Like Linux's seq files: a read at offset 0 generates the text afresh;
 * reads further on continue in that snapshot. */
static ssize_t proc_file_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	const struct proc_entry *e = PI(f->f_inode)->ent;
	struct proc_text *pt = f->private_data;
	int err;

	if (e->small) {
		char buf[128];
		struct pbuf b = { buf, sizeof(buf), 0, false };
		if ((err = e->show(f->f_inode, &b)) < 0)
			return err;
		return copy_slice(buf, b.len, user, dst, n, pos);
	}
	if (!pt)
		return -EINVAL;
	if ((*pos == 0 || !pt->buf) && (err = generate(f->f_inode, pt)) < 0)
		return err;
	return copy_slice(pt->buf, pt->len, user, dst, n, pos);
}

static ssize_t proc_file_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	const struct proc_entry *e = PI(f->f_inode)->ent;
	char buf[128];

	if (!e->write)
		return -EIO;
	if (n == 0)
		return 0;
	if (n >= sizeof(buf))
		return -EINVAL;
	if (either_copyin(buf, user, src, n))
		return -EFAULT;
	buf[n] = 0;
	return e->write(f->f_inode, buf, n);
}

static void proc_file_release(struct inode *ip, struct file *f)
{
	struct proc_text *pt = f->private_data;

	if (pt) {
		kfree(pt->buf);
		kfree(pt);
	}
}

const struct file_operations proc_file_fops = {
	.open = proc_file_open,
	.read = proc_file_read,
	.write = proc_file_write,
	.release = proc_file_release,
};

/* ---- the root directory ---- */

static struct inode *root_lookup(struct inode *dir, const char *name, int *err)
{
	pid_t pid = 0;
	const char *p;

	if (strcmp(name, "..") == 0)
		return idup(dir);
	for (p = name; *p >= '0' && *p <= '9' && pid < PID_MAX; p++)
		pid = pid * 10 + (*p - '0');
	if (!*p && p != name && name[0] != '0') {
		if (!proc_task_alive(pid)) {
			*err = -ENOENT;
			return NULL;
		}
		struct inode *ip = proc_make_inode(dir->i_sb, pid, &proc_pid_entry, 0);
		if (!ip)
			*err = -ENOMEM;
		return ip;
	}
	return proc_lookup_table(dir, proc_root_entry.children, name, 0, err);
}

/* Positions: 0 ".", 1 "..", 2.. the fixed entries, then 0x10000 + pid. */
static int root_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	char name[12];

	if (!proc_emit_dots(ctx, dir) || !proc_emit_table(ctx, proc_root_entry.children, 2))
		return 0;
	if (ctx->pos < 0x10000)
		ctx->pos = 0x10000;
	for (;;) {
		pid_t next = proc_next_tgid(ctx->pos - 0x10000);
		if (next < 0)
			break;
		ctx->pos = 0x10000 + next;
		int n = snprintf(name, sizeof(name), "%d", next);
		if (!ctx->emit(ctx, name, n, ((u64)next << 16) + 2, DT_DIR))
			return 0;
		ctx->pos = 0x10000 + next + 1;
	}
	return 0;
}

static const struct inode_operations root_iops = { .lookup = root_lookup };
static const struct file_operations root_fops = { .iterate = root_iterate };

const struct proc_entry proc_root_entry = {
	.name = "", .mode = S_IFDIR | 0555, .iops = &root_iops, .fops = &root_fops,
	.children = proc_root_children,
};

/* ---- the file system ---- */

static void proc_kill_sb(struct super_block *sb)
{
	iput(sb->s_root);
}

static const struct super_operations proc_sops = {
	.alloc_inode = proc_alloc_inode,
	.free_inode = proc_free_inode,
	.kill_sb = proc_kill_sb,
};

static int proc_mount(struct file_system_type *t, const char *dev, const char *data,
		      struct super_block **out)
{
	struct super_block *sb = alloc_super(t, &proc_sops);

	if (!sb)
		return -ENOMEM;
	sb->s_dev = alloc_anon_dev();
	sb->s_magic = PROC_SUPER_MAGIC;
	sb->s_blocksize = 1024;
	if (!(sb->s_root = proc_make_inode(sb, 0, &proc_root_entry, 0))) {
		put_super(sb);
		return -ENOMEM;
	}
	*out = sb;
	return 0;
}

static struct file_system_type proc_type = { .name = "proc", .mount = proc_mount };

void procfs_init(void)
{
	register_filesystem(&proc_type);
}
