/* Creating and opening files: openat and the create helper used by
 * mkdirat. */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "syscalls.h"

mode_t current_umask(void);	/* kernel/sys.c */

/* Make a new inode of type in the locked directory dp under name (which is
 * absent). Returns it locked, or NULL with *err; on failure nothing is left
 * allocated. */
static struct inode *new_entry(struct inode *dp, const char *name, u16 type,
			       u32 mode, int *err)
{
	struct inode *ip;

	if (dp->nlink == 0) {		/* directory was removed */
		*err = -ENOENT;
		return NULL;
	}
	ip = ialloc(type);
	if (!ip) {
		*err = -ENOSPC;
		return NULL;
	}
	ilock(ip);
	ip->mode = mode & ~current_umask() & 07777;
	ip->nlink = 1;
	iupdate(ip);
	if (type == T_DIR) {
		/* "." names ip itself, ".." names dp: both are links */
		if ((*err = dirlink(ip, ".", ip->inum)) < 0 ||
		    (*err = dirlink(ip, "..", dp->inum)) < 0)
			goto undo;
		ip->nlink = 2;
		iupdate(ip);
	}
	if ((*err = dirlink(dp, name, ip->inum)) < 0)
		goto undo;
	if (type == T_DIR) {
		dp->nlink++;	/* the child's ".." */
		iupdate(dp);
	}
	return ip;
undo:
	ip->nlink = 0;		/* iput frees it and its blocks */
	iupdate(ip);
	iunlockput(ip);
	return NULL;
}

struct inode *create_at(int dfd, const char *path, u16 type, u32 mode, bool excl, int *err)
{
	char name[DIRSIZ];
	bool slash;
	struct inode *dp, *ip;

	dp = lookup_parent_at(dfd, path, name, &slash, err);
	if (!dp) {
		if (*err == -EBUSY)	/* "/" */
			*err = type == T_DIR ? -EEXIST : -EISDIR;
		return NULL;
	}
	ilock(dp);
	ip = dirlookup(dp, name, NULL);
	if (ip) {
		iunlockput(dp);
		if (excl) {
			*err = -EEXIST;
			iput(ip);
			return NULL;
		}
		ilock(ip);
		if (type == T_FILE && ip->type == T_DIR) {
			*err = -EISDIR;
			iunlockput(ip);
			return NULL;
		}
		if (slash && ip->type != T_DIR) {
			*err = -ENOTDIR;
			iunlockput(ip);
			return NULL;
		}
		return ip;
	}
	if (slash && type != T_DIR) {
		iunlockput(dp);
		*err = -EISDIR;
		return NULL;
	}
	ip = new_entry(dp, name, type, mode, err);
	iunlockput(dp);
	return ip;
}

static int open_inode(int dfd, const char *path, int flags, u32 mode, struct inode **ipp)
{
	int err = 0;
	struct inode *ip;

	if (flags & O_CREAT) {
		ip = create_at(dfd, path, T_FILE, mode, flags & O_EXCL, &err);
		if (!ip)
			return err;
	} else {
		ip = lookup_at(dfd, path, &err);
		if (!ip)
			return err;
		ilock(ip);
	}
	if ((flags & O_DIRECTORY) && ip->type != T_DIR)
		err = -ENOTDIR;
	else if (ip->type == T_DIR && (flags & O_ACCMODE) != O_RDONLY)
		err = -EISDIR;
	else if (ip->type == T_DEVICE && ip->major >= NDEV)
		err = -ENXIO;
	if (err) {
		iunlockput(ip);
		return err;
	}
	if ((flags & O_TRUNC) && ip->type == T_FILE && (flags & O_ACCMODE) != O_RDONLY)
		itrunc(ip);
	*ipp = ip;	/* locked */
	return 0;
}

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, upath, int, flags, u32, mode)
{
	struct inode *ip = NULL;
	struct file *f;
	char *path;
	int err, fd;

	if ((flags & O_ACCMODE) == 3)
		return -EINVAL;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	f = file_alloc();
	if (!f) {
		putname(path);
		return -ENOMEM;
	}
	begin_op();
	err = open_inode(dfd, path, flags, mode, &ip);
	if (err) {
		end_op();
		kfree(f);
		putname(path);
		return err;
	}
	f->ip = ip;
	f->flags = flags & (O_ACCMODE | O_APPEND | O_NONBLOCK);
	if (ip->type == T_DEVICE) {
		f->type = FD_DEVICE;
		f->major = ip->major;
		f->minor = ip->minor;
	} else {
		f->type = FD_INODE;
	}
	iunlock(ip);
	end_op();
	putname(path);
	fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}
