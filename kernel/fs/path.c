/* Path name lookup. Walks one component at a time, holding only the lock
 * of the directory being searched (so "." and ".." never deadlock: the
 * current directory is unlocked before the next one is locked). Absolute
 * paths start at the task's root, relative ones at its cwd or at a
 * directory file descriptor (the *at system calls). */
#include "fs_internal.h"
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
	return ip ? ip : iget(ROOTINO);
}

static struct inode *fs_cwd(void)
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

/* Where a relative lookup starts: referenced, or NULL with *err. */
static struct inode *start_dir(int dfd, const char *path, int *err)
{
	struct file *f;
	struct inode *ip;

	if (path[0] == '/')
		return fs_root();
	if (dfd == AT_FDCWD)
		return fs_cwd();
	f = fget(dfd);
	if (!f) {
		*err = -EBADF;
		return NULL;
	}
	ip = f->type == FD_INODE ? idup(f->ip) : NULL;
	fput(f);
	if (!ip) {
		*err = -ENOTDIR;
		return NULL;
	}
	return ip;	/* namex checks that it is a directory */
}

/* Copy the next component of *pp into name; advance *pp past it and the
 * slashes after it. Returns its length, 0 at the end, -ENAMETOOLONG. */
static int next_elem(const char **pp, char *name)
{
	const char *p = *pp, *s;
	size_t len;

	while (*p == '/')
		p++;
	if (!*p)
		return 0;
	for (s = p; *p && *p != '/'; p++)
		;
	len = p - s;
	if (len > FS_NAME_MAX)
		return -ENAMETOOLONG;
	memcpy(name, s, len);
	name[len] = 0;
	while (*p == '/')
		p++;
	*pp = p;
	return (int)len;
}

/* Walk path from ip (referenced; consumed). With parent set, stop at the
 * last component's directory and leave the component in name. */
static struct inode *namex(struct inode *ip, const char *path, bool parent,
			   char *name, int *err)
{
	struct inode *next;
	int len;

	while ((len = next_elem(&path, name)) > 0) {
		ilock(ip);
		if (ip->type != T_DIR) {
			*err = -ENOTDIR;
			goto fail_locked;
		}
		if (parent && *path == 0) {
			iunlock(ip);
			return ip;
		}
		next = dirlookup(ip, name, NULL);
		if (!next) {
			*err = -ENOENT;
			goto fail_locked;
		}
		iunlockput(ip);
		ip = next;
	}
	if (len < 0) {
		*err = len;
		iput(ip);
		return NULL;
	}
	if (parent) {		/* "/" or "": no last component */
		*err = -EBUSY;
		iput(ip);
		return NULL;
	}
	return ip;
fail_locked:
	iunlockput(ip);
	return NULL;
}

static bool has_trailing_slash(const char *path)
{
	size_t n = strlen(path);

	return n > 0 && path[n - 1] == '/';
}

struct inode *lookup_at(int dfd, const char *path, int *err)
{
	char name[DIRSIZ];
	struct inode *ip;

	if (!*path) {
		*err = -ENOENT;
		return NULL;
	}
	ip = start_dir(dfd, path, err);
	if (!ip)
		return NULL;
	if (path[0] != '/' && dfd != AT_FDCWD) {
		ilock(ip);	/* a directory fd must name a directory */
		if (ip->type != T_DIR) {
			iunlockput(ip);
			*err = -ENOTDIR;
			return NULL;
		}
		iunlock(ip);
	}
	ip = namex(ip, path, false, name, err);
	if (ip && has_trailing_slash(path)) {
		ilock(ip);
		if (ip->type != T_DIR) {
			iunlockput(ip);
			*err = -ENOTDIR;
			return NULL;
		}
		iunlock(ip);
	}
	return ip;
}

struct inode *lookup_parent_at(int dfd, const char *path, char *name,
			       bool *trailing_slash, int *err)
{
	struct inode *ip;

	if (!*path) {
		*err = -ENOENT;
		return NULL;
	}
	ip = start_dir(dfd, path, err);
	if (!ip)
		return NULL;
	if (trailing_slash)
		*trailing_slash = has_trailing_slash(path);
	return namex(ip, path, true, name, err);
}

/* For exec and other kernel users: relative to the cwd. */
struct inode *namei(const char *path)
{
	int err;

	return lookup_at(AT_FDCWD, path, &err);
}
