/* Reading directories: getdents64 and getcwd. */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"
#include "uaccess.h"

#define DT_CHR 2
#define DT_UNKNOWN 0
#define DT_DIR 4
#define DT_REG 8
#define BATCH (BSIZE / DIRENT_SZ)

struct linux_dirent64 {
	u64 d_ino;
	s64 d_off;
	u16 d_reclen;
	u8 d_type;
	char d_name[];
};

/* dp locked: entries cannot be unlinked under us, so de->inum is live. */
static u8 dtype_of(const struct fs_dirent *de)
{
	struct inode *ip;
	u8 t;

	if (is_dot_or_dotdot(de->name))
		return DT_DIR;
	ip = iget(de->inum);
	if (!ip)
		return DT_UNKNOWN;
	ilock(ip);
	t = ip->type == T_DIR ? DT_DIR : ip->type == T_DEVICE ? DT_CHR : DT_REG;
	iunlockput(ip);
	return t;
}

/* Read up to BATCH entries at off of the directory into des and their
 * types into types, all under the directory's lock. Returns the number
 * read (free slots included). */
static int read_batch(struct inode *dp, u64 off, struct fs_dirent *des, u8 *types)
{
	ssize_t r;
	int n;

	ilock(dp);
	r = readi(dp, false, (u64)des, off, BATCH * DIRENT_SZ);
	n = r > 0 ? (int)(r / DIRENT_SZ) : 0;
	for (int i = 0; i < n; i++)
		types[i] = des[i].inum ? dtype_of(&des[i]) : 0;
	iunlock(dp);
	return n;
}

/* Fill kbuf (size cap) with records for the entries from *offp on; returns
 * bytes used, leaves in *offp where to continue and sets *full if an entry
 * did not fit. */
static long fill_dirents(struct inode *dp, u64 *offp, u8 *kbuf, size_t cap,
			 struct fs_dirent *des, bool *full)
{
	size_t used = 0;
	u64 off = *offp;
	u8 types[BATCH];
	int n;

	*full = false;
	while ((n = read_batch(dp, off, des, types)) > 0) {
		for (int i = 0; i < n; i++, off += DIRENT_SZ) {
			struct fs_dirent *de = &des[i];
			struct linux_dirent64 *d;
			size_t len, reclen;

			if (!de->inum)
				continue;
			len = strnlen(de->name, DIRSIZ - 1);
			reclen = ALIGN_UP(offsetof(struct linux_dirent64, d_name) + len + 1, 8);
			if (used + reclen > cap) {
				*full = true;
				goto done;
			}
			d = (struct linux_dirent64 *)(kbuf + used);
			memset(d, 0, reclen);
			d->d_ino = de->inum;
			d->d_off = off + DIRENT_SZ;
			d->d_reclen = reclen;
			d->d_type = types[i];
			memcpy(d->d_name, de->name, len);
			used += reclen;
		}
	}
done:
	*offp = off;
	return used;
}

SYSCALL_DEFINE3(getdents64, int, fd, void __user *, buf, unsigned int, count)
{
	struct file *f = fget(fd);
	struct fs_dirent *des = NULL;
	u8 *kbuf = NULL;
	size_t cap = min((size_t)count, (size_t)PAGE_SIZE);
	bool full;
	u64 off;
	long r;

	if (!f)
		return -EBADF;
	r = -ENOTDIR;
	if (f->type != FD_INODE)
		goto out;
	ilock(f->ip);
	if (f->ip->type != T_DIR) {
		iunlock(f->ip);
		goto out;
	}
	iunlock(f->ip);
	r = -ENOMEM;
	kbuf = kmalloc(cap);
	des = kmalloc(BATCH * DIRENT_SZ);
	if (!kbuf || !des)
		goto out;
	spin_lock(&f->pos_lock);
	off = ALIGN_DOWN(f->off, DIRENT_SZ);	/* lseek may leave it mid-entry */
	spin_unlock(&f->pos_lock);
	r = fill_dirents(f->ip, &off, kbuf, cap, des, &full);
	if (r == 0 && full)
		r = -EINVAL;		/* buffer too small for the next entry */
	else if (r > 0 && copy_to_user(buf, kbuf, r))
		r = -EFAULT;
	if (r >= 0) {			/* position moves only on success */
		spin_lock(&f->pos_lock);
		f->off = off;
		spin_unlock(&f->pos_lock);
	}
out:
	kfree(des);
	kfree(kbuf);
	fput(f);
	return r;
}

/* Build the path of the cwd by walking ".." up to the root, looking each
 * directory up by inode number in its parent. */
static int cwd_path(char *k, int *startp)
{
	struct inode *cur, *root, *parent;
	char name[DIRSIZ];
	int pos = MAXPATH - 1, err = 0, len;

	k[pos] = 0;
	cur = lookup_at(AT_FDCWD, ".", &err);
	if (!cur)
		return err;
	root = fs_root();
	while (cur->inum != root->inum) {
		ilock(cur);
		parent = cur->nlink ? dirlookup(cur, "..", NULL) : NULL;
		iunlock(cur);
		if (!parent) {
			err = -ENOENT;	/* cwd was removed */
			break;
		}
		ilock(parent);
		err = dir_name_of(parent, cur->inum, name);
		iunlock(parent);
		iput(cur);
		cur = parent;
		if (err)
			break;
		len = strlen(name);
		if (pos < len + 1) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= len;
		memcpy(k + pos, name, len);
		k[--pos] = '/';
	}
	iput(cur);
	iput(root);
	if (!err && pos == MAXPATH - 1)
		k[--pos] = '/';
	*startp = pos;
	return err;
}

SYSCALL_DEFINE2(getcwd, char __user *, buf, size_t, size)
{
	char *k = kmalloc(MAXPATH);
	int pos = MAXPATH - 1, err;
	long len;

	if (!k)
		return -ENOMEM;
	err = cwd_path(k, &pos);
	len = MAXPATH - pos;	/* with the NUL */
	if (!err && (size_t)len > size)
		err = -ERANGE;
	if (!err && copy_to_user(buf, k + pos, len))
		err = -EFAULT;
	kfree(k);
	return err ? err : len;
}
