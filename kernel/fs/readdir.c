/* Reading directories: getdents64 through the file system's iterate, and
 * getcwd through inode_path (namei.c). */
#include "internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"
#include "uaccess.h"

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

struct getdents_ctx {
	struct dir_context ctx;
	u8 *kbuf;
	size_t cap, used;
	struct linux_dirent64 *prev;	/* its d_off is set when the next comes */
	bool full;
};

/* Each record's d_off is the position after it, known only when iterate
 * moves on: ctx->pos at the next emit (or at the end). */
static bool fill_one(struct dir_context *ctx, const char *name, int len, u64 ino, unsigned type)
{
	struct getdents_ctx *g = container_of(ctx, struct getdents_ctx, ctx);
	size_t reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
	struct linux_dirent64 *d;

	if (g->used + reclen > g->cap) {
		g->full = true;
		return false;
	}
	if (g->prev)
		g->prev->d_off = ctx->pos;
	d = (struct linux_dirent64 *)(g->kbuf + g->used);
	memset(d, 0, reclen);
	d->d_ino = ino;
	d->d_reclen = reclen;
	d->d_type = type;
	memcpy(d->d_name, name, len);
	g->used += reclen;
	g->prev = d;
	return true;
}

SYSCALL_DEFINE3(getdents64, int, fd, void __user *, buf, unsigned int, count)
{
	struct file *f = fget(fd);
	struct getdents_ctx g = { .ctx = { .emit = fill_one } };
	long r;

	if (!f)
		return -EBADF;
	r = -ENOTDIR;
	if (!S_ISDIR(f->f_inode->i_mode) || !f->f_op || !f->f_op->iterate)
		goto out;
	g.cap = min((size_t)count, (size_t)PAGE_SIZE);
	r = -ENOMEM;
	if (!(g.kbuf = kmalloc(g.cap)))
		goto out;
	/* One getdents at a time per file: f_pos is read, advanced by
	 * iterate, and written back. */
	spin_lock(&f->f_pos_lock);
	g.ctx.pos = f->f_pos;
	spin_unlock(&f->f_pos_lock);
	r = f->f_op->iterate(f, &g.ctx);
	if (g.prev)
		g.prev->d_off = g.ctx.pos;
	if (r >= 0) {
		r = g.used;
		if (r == 0 && g.full)
			r = -EINVAL;		/* buffer too small for the next entry */
		else if (r > 0 && copy_to_user(buf, g.kbuf, r))
			r = -EFAULT;
	}
	if (r >= 0) {			/* position moves only on success */
		spin_lock(&f->f_pos_lock);
		f->f_pos = g.ctx.pos;
		spin_unlock(&f->f_pos_lock);
	}
	kfree(g.kbuf);
out:
	fput(f);
	return r;
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, size_t, size)
{
	char *k = kmalloc(MAXPATH), *p;
	struct inode *cwd;
	int err;
	long len = 0;

	if (!k)
		return -ENOMEM;
	cwd = fs_cwd();
	p = inode_path(cwd, k, MAXPATH, &err);
	iput(cwd);
	if (p) {
		len = k + MAXPATH - p;	/* with the NUL */
		if ((size_t)len > size)
			err = -ERANGE;
		else if (copy_to_user(buf, p, len))
			err = -EFAULT;
	}
	kfree(k);
	return err ? err : len;
}
