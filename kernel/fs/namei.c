/* Path name lookup: the one place where paths are walked, mount points are
 * crossed and symbolic links are followed.
 *
 * A walk holds a reference on the directory it is in (w->cur) and locks it
 * only while asking its file system for the next name, so "." and ".."
 * never deadlock. Mounts are crossed in both directions here:
 *   down: a looked-up inode with i_mounted set is replaced by the root of
 *         what is mounted on it (repeatedly, for stacked mounts);
 *   up:   ".." at the root of a mounted file system first moves to the
 *         mountpoint, then looks ".." up there; ".." at the task's root
 *         stays put.
 * A symlink met in the middle of a path (or at its end, when following) is
 * spliced in: the walk continues on "target/rest", from the root for an
 * absolute target. More than MAXSYMLINKS links in one walk is ELOOP. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "uaccess.h"

char *getname(const char __user *upath, bool allow_empty, int *err)
{
	char *k = kmalloc(MAXPATH);
	long n;

	if (!k) {
		*err = -ENOMEM;
		return NULL;
	}
	n = strncpy_from_user(k, upath, MAXPATH);
	if (n < 0 || (n == 0 && !allow_empty)) {
		*err = n < 0 ? (int)n : -ENOENT;
		kfree(k);
		return NULL;
	}
	return k;
}

void putname(char *kpath)
{
	kfree(kpath);
}

struct inode *fs_root(void)
{
	struct fs_struct *fs = current->fs;
	struct inode *ip = NULL;

	if (fs) {
		spin_lock(&fs->lock);
		if (fs->root)
			ip = idup(fs->root);
		spin_unlock(&fs->lock);
	}
	return ip ? ip : root_inode();
}

struct inode *fs_cwd(void)
{
	struct fs_struct *fs = current->fs;
	struct inode *ip = NULL;

	if (fs) {
		spin_lock(&fs->lock);
		if (fs->cwd)
			ip = idup(fs->cwd);
		spin_unlock(&fs->lock);
	}
	return ip ? ip : fs_root();
}

struct walk {
	struct inode *cur;	/* referenced: the directory being walked */
	struct inode *parent;	/* referenced when asked for: the last one's directory */
	char *last;		/* NAME_MAX + 1 bytes for its name, or NULL */
	struct inode *root;	/* referenced: the task's root */
	char *buf;		/* MAXPATH: the path still to walk */
	const char *p;		/* next character of buf to walk */
	int links;		/* symlinks followed so far */
};

/* Next component of w->p into name; *slash tells whether slashes follow
 * it. Returns its length, 0 at the end, -ENAMETOOLONG. */
static int next_elem(struct walk *w, char *name, bool *slash)
{
	const char *p = w->p, *s;
	size_t len;

	while (*p == '/')
		p++;
	if (!*p)
		return 0;
	for (s = p; *p && *p != '/'; p++)
		;
	len = p - s;
	if (len > NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, s, len);
	name[len] = 0;
	*slash = *p == '/';
	while (*p == '/')
		p++;
	w->p = p;
	return (int)len;
}

static bool is_dir(struct inode *ip)
{
	return S_ISDIR(ip->i_mode);	/* i_mode's type never changes */
}

/* i_mode is valid once the inode has been locked once. */
static struct inode *validate(struct inode *ip)
{
	if (!ip->i_valid) {
		ilock(ip);
		iunlock(ip);
	}
	return ip;
}

/* Replace ip (referenced) by whatever is mounted on it. */
static struct inode *cross_down(struct inode *ip)
{
	for (;;) {
		struct inode *r = NULL;

		spin_lock(&mount_spin);
		if (ip->i_mounted)
			r = idup(ip->i_mounted->root);
		spin_unlock(&mount_spin);
		if (!r)
			return ip;
		iput(ip);	/* never the last reference: the mount holds one */
		ip = r;
	}
}

/* From the root of a mounted file system, move to its mountpoint (as long
 * as that is not the task's root). */
static void cross_up(struct walk *w)
{
	while (w->cur != w->root) {
		struct inode *mp = NULL;

		spin_lock(&mount_spin);
		struct super_block *sb = w->cur->i_sb;
		if (w->cur == sb->s_root && sb->s_mount && sb->s_mount->mountpoint)
			mp = idup(sb->s_mount->mountpoint);
		spin_unlock(&mount_spin);
		if (!mp)
			return;
		iput(w->cur);
		w->cur = mp;
	}
}

/* Look name up in w->cur (a directory). Referenced result, or NULL with *err set. */
static struct inode *step(struct walk *w, const char *name, int *err)
{
	struct inode *next;

	if (name[0] == '.' && name[1] == 0)
		return idup(w->cur);
	if (name[0] == '.' && name[1] == '.' && name[2] == 0) {
		cross_up(w);
		if (w->cur == w->root)
			return idup(w->cur);
	}
	ilock(w->cur);
	if (!w->cur->i_op || !w->cur->i_op->lookup) {
		iunlock(w->cur);
		*err = -ENOTDIR;
		return NULL;
	}
	next = w->cur->i_op->lookup(w->cur, name, err);
	iunlock(w->cur);
	if (!next)
		return NULL;
	return validate(cross_down(next));
}

/* Replace the rest of the walk by "target[/]rest". ip is the link. */
static int splice_link(struct walk *w, struct inode *ip, bool slash)
{
	char *t = kmalloc(MAXPATH);
	int n, err = 0;

	if (!t)
		return -ENOMEM;
	if (++w->links > MAXSYMLINKS) {
		err = -ELOOP;
		goto out;
	}
	ilock(ip);
	if (ip->i_op->get_link)
		n = ip->i_op->get_link(ip, t, MAXPATH);
	else if (ip->i_op->readlink)
		n = ip->i_op->readlink(ip, t, MAXPATH);
	else
		n = -EINVAL;
	iunlock(ip);
	if (n < 0) {
		err = n;
		goto out;
	}
	if (n == 0) {
		err = -ENOENT;
		goto out;
	}
	size_t rest = strlen(w->p);
	if (n + 1 + rest + 1 > MAXPATH) {
		err = -ENAMETOOLONG;
		goto out;
	}
	/* Build into t then swap buffers: w->p points into w->buf. */
	if (slash)
		t[n++] = '/';
	memcpy(t + n, w->p, rest + 1);
	if (t[0] == '/') {
		iput(w->cur);
		w->cur = idup(w->root);
	}
	kfree(w->buf);
	w->buf = t;
	w->p = t;
	return 0;
out:
	kfree(t);
	return err;
}

static int walk_start(struct walk *w, int dfd, const char *path, unsigned flags)
{
	w->links = 0;
	w->parent = NULL;
	w->last = NULL;
	w->buf = kmalloc(MAXPATH);
	if (!w->buf)
		return -ENOMEM;
	strlcpy(w->buf, path, MAXPATH);
	w->p = w->buf;
	w->root = fs_root();
	if (path[0] == '/') {
		w->cur = idup(w->root);
	} else if (dfd == AT_FDCWD) {
		w->cur = fs_cwd();
	} else {
		struct file *f = fget(dfd);

		if (!f) {
			iput(w->root);
			kfree(w->buf);
			return -EBADF;
		}
		w->cur = idup(f->f_inode);
		fput(f);
		if (!is_dir(w->cur) && !(path[0] == 0 && (flags & LOOKUP_EMPTY))) {
			iput(w->cur);
			iput(w->root);
			kfree(w->buf);
			return -ENOTDIR;
		}
	}
	validate(w->cur);
	return 0;
}

static void walk_end(struct walk *w)
{
	if (w->cur)
		iput(w->cur);
	if (w->parent)
		iput(w->parent);
	iput(w->root);
	kfree(w->buf);
}

/* Walk components until the last one (parent) or the end. With parent,
 * stops before the last component, leaving it in name. */
static int walk(struct walk *w, unsigned flags, bool parent, char *name, bool *trailing)
{
	bool slash = false;
	int len, err = 0;

	for (;;) {
		len = next_elem(w, name, &slash);
		if (len < 0)
			return len;
		if (len == 0)
			break;
		if (!is_dir(w->cur))
			return -ENOTDIR;
		bool last = *w->p == 0;
		if (parent && last) {
			*trailing = slash;
			return 0;
		}
		struct inode *next = step(w, name, &err);
		if (!next)
			return err;
		if (S_ISLNK(next->i_mode) && (!last || slash || (flags & LOOKUP_FOLLOW))) {
			err = splice_link(w, next, slash);
			iput(next);
			if (err)
				return err;
			continue;
		}
		if (last && w->last && !S_ISDIR(next->i_mode)) {
			/* keep the directory and the name: /proc shows paths of
			 * open files, which have no ".." to walk up from */
			if (w->parent)
				iput(w->parent);
			w->parent = w->cur;
			strlcpy(w->last, name, NAME_MAX + 1);
		} else {
			iput(w->cur);
		}
		w->cur = next;
		if (last)
			break;
	}
	if (parent)
		return -EBUSY;		/* no last component: "/" or "" */
	if ((slash || (flags & LOOKUP_DIRECTORY)) && !is_dir(w->cur))
		return -ENOTDIR;
	return 0;
}

/* With where, a non-directory's directory and name are kept for
 * file_set_path. */
static int lookup(int dfd, const char *path, unsigned int flags, struct inode **out,
		  struct file_where *where)
{
	struct walk w;
	char name[NAME_MAX + 1];
	int err;

	if (!*path && !(flags & LOOKUP_EMPTY))
		return -ENOENT;
	if ((err = walk_start(&w, dfd, path, flags)))
		return err;
	if (where)
		w.last = where->name;
	err = walk(&w, flags, false, name, NULL);
	if (!err) {
		*out = w.cur;
		w.cur = NULL;
		if (where) {
			where->dir = w.parent;
			w.parent = NULL;
		}
	}
	walk_end(&w);
	return err;
}

int path_lookupat(int dfd, const char *path, unsigned int flags, struct inode **out)
{
	return lookup(dfd, path, flags, out, NULL);
}

int path_lookup_where(int dfd, const char *path, unsigned int flags, struct inode **out,
		      struct file_where *where)
{
	where->dir = NULL;
	where->name[0] = 0;
	return lookup(dfd, path, flags, out, where);
}

/* Remember where f was opened from (where->dir's reference moves to f). */
void file_set_path(struct file *f, struct file_where *where)
{
	if (!where->dir)
		return;
	size_t n = strlen(where->name) + 1;
	char *name = kmalloc(n);
	if (!name) {		/* only /proc's view of the path suffers */
		iput(where->dir);
	} else {
		memcpy(name, where->name, n);
		f->f_dir = where->dir;
		f->f_name = name;
	}
	where->dir = NULL;
}

/* The path of an open file as seen from the task's root. */
char *file_path(struct file *f, char *buf, size_t n, int *err)
{
	if (!f->f_dir)
		return inode_path(f->f_inode, buf, n, err);
	size_t len = strlen(f->f_name);
	if (n < len + 2) {
		*err = -ENAMETOOLONG;
		return NULL;
	}
	char *p = inode_path(f->f_dir, buf, n - len - 1, err);
	if (!p)
		return NULL;
	size_t plen = strlen(p);
	memmove(buf, p, plen + 1);	/* to the front: the name goes after it */
	if (plen > 1)
		buf[plen++] = '/';
	memcpy(buf + plen, f->f_name, len + 1);
	return buf;
}

int path_parentat(int dfd, const char *path, struct inode **dir, char *last, bool *trailing)
{
	struct walk w;
	bool t = false;
	int err;

	if (!*path)
		return -ENOENT;
	if ((err = walk_start(&w, dfd, path, 0)))
		return err;
	err = walk(&w, 0, true, last, &t);
	if (!err) {
		*dir = w.cur;
		w.cur = NULL;
		if (trailing)
			*trailing = t;
	}
	walk_end(&w);
	return err;
}

struct inode *namei(const char *path)
{
	struct inode *ip;

	return path_lookupat(AT_FDCWD, path, LOOKUP_FOLLOW, &ip) ? NULL : ip;
}

/* ---- names of inodes: getcwd, /proc/<pid>/cwd, /proc/mounts ---- */

struct find_name {
	struct dir_context ctx;
	u64 ino;
	char *name;
	bool found;
};

static bool match_ino(struct dir_context *ctx, const char *name, int len, u64 ino, unsigned type)
{
	struct find_name *fn = container_of(ctx, struct find_name, ctx);

	if (ino != fn->ino || (name[0] == '.' && (len == 1 || (len == 2 && name[1] == '.'))))
		return true;
	memcpy(fn->name, name, len);
	fn->name[len] = 0;
	fn->found = true;
	return false;
}

/* The name of child in dir, found by reading dir. */
static int name_in(struct inode *dir, struct inode *child, char *name)
{
	struct find_name fn = { .ctx = { .emit = match_ino }, .ino = child->i_ino, .name = name };
	struct file f = { .f_inode = dir, .f_op = dir->i_fop, .f_readable = true };
	int err;

	if (!f.f_op || !f.f_op->iterate)
		return -ENOENT;
	err = f.f_op->iterate(&f, &fn.ctx);
	if (err < 0)
		return err;
	return fn.found ? 0 : -ENOENT;
}

char *inode_path(struct inode *ip, char *buf, size_t n, int *errp)
{
	struct walk w = { .cur = idup(ip), .root = fs_root() };
	char name[NAME_MAX + 1];
	char *pos = buf + n - 1;
	int err = 0;

	*pos = 0;
	for (;;) {
		cross_up(&w);
		if (w.cur == w.root)
			break;
		struct inode *parent = step(&w, "..", &err);
		if (!parent)
			break;
		if (parent == w.cur) {	/* a root we do not see from here */
			iput(parent);
			break;
		}
		err = name_in(parent, w.cur, name);
		iput(w.cur);
		w.cur = parent;
		if (err)
			break;
		size_t len = strlen(name);
		if ((size_t)(pos - buf) < len + 1) {
			err = -ENAMETOOLONG;
			break;
		}
		pos -= len;
		memcpy(pos, name, len);
		*--pos = '/';
	}
	iput(w.cur);
	iput(w.root);
	if (!err && !*pos)
		*--pos = '/';
	*errp = err;
	return err ? NULL : pos;
}
