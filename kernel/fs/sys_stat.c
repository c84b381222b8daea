/* Inspecting files: fstat, newfstatat, faccessat, readlinkat. */
#include "fs_internal.h"
#include "errno.h"
#include "sched.h"
#include "syscalls.h"

#define AT_NO_AUTOMOUNT 0x800

SYSCALL_DEFINE2(fstat, int, fd, void __user *, st)
{
	struct file *f = fget(fd);
	int r;

	if (!f)
		return -EBADF;
	r = file_stat(f, st);
	fput(f);
	return r;
}

static int stat_inode(struct inode *ip, void __user *st)
{
	int r;

	ilock(ip);
	r = inode_stat(ip, st);
	iunlockput(ip);
	return r;
}

SYSCALL_DEFINE4(newfstatat, int, dfd, const char __user *, upath, void __user *, st, int, flags)
{
	struct inode *ip;
	char *path;
	int err;

	if (flags & ~(AT_EMPTY_PATH | AT_SYMLINK_NOFOLLOW | AT_NO_AUTOMOUNT))
		return -EINVAL;
	path = getname(upath, flags & AT_EMPTY_PATH, &err);
	if (!path)
		return err;
	if (!*path && dfd != AT_FDCWD) {	/* AT_EMPTY_PATH: dfd itself */
		putname(path);
		return sys_fstat(dfd, (unsigned long)st, 0, 0, 0, 0);
	}
	if (!*path) {				/* ... or the cwd */
		path[0] = '.';
		path[1] = 0;
	}
	ip = lookup_at(dfd, path, &err);
	putname(path);
	return ip ? stat_inode(ip, st) : err;
}

SYSCALL_DEFINE3(faccessat, int, dfd, const char __user *, upath, int, mode)
{
	struct inode *ip;
	char *path;
	int err;

	if (mode & ~7)
		return -EINVAL;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	ip = lookup_at(dfd, path, &err);
	putname(path);
	if (!ip)
		return err;
	iput(ip);
	return 0;	/* no permission model: existence is enough */
}

/* There are no symbolic links: an existing path is never one. */
SYSCALL_DEFINE4(readlinkat, int, dfd, const char __user *, upath, char __user *, buf, int, size)
{
	struct inode *ip;
	char *path;
	int err;

	if (size <= 0)
		return -EINVAL;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	ip = lookup_at(dfd, path, &err);
	putname(path);
	if (!ip)
		return err;
	iput(ip);
	return -EINVAL;
}
