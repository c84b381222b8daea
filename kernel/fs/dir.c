/* Directory system calls: mkdirat, symlinkat, unlinkat, linkat, renameat2,
 * chdir, fchdir, chroot. The VFS resolves the parents and checks what does
 * not depend on the file system (dots, mount points, EXDEV); the file
 * system's i_op does the rest. */
#include "internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"


SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, upath, u32, mode)
{
	char *path;
	int err;

	if (!(path = getname(upath, false, &err)))
		return err;
	err = create_node(dfd, path, S_IFDIR | (mode & 07777), 0, NULL);
	putname(path);
	return err;
}

SYSCALL_DEFINE3(symlinkat, const char __user *, utarget, int, dfd, const char __user *, upath)
{
	char *target, *path;
	int err;

	if (!(target = getname(utarget, false, &err)))
		return err;
	if (!(path = getname(upath, false, &err))) {
		putname(target);
		return err;
	}
	err = create_node(dfd, path, S_IFLNK | 0777, 0, target);
	putname(path);
	putname(target);
	return err;
}

/* Errors for a last component that is "." or ".." (Linux's choices). */
static int dot_error(const char *name, bool rmdir)
{
	if (!rmdir)
		return -EISDIR;
	return name[1] == 0 ? -EINVAL : -ENOTEMPTY;
}

int do_unlink(int dfd, const char *path, bool rmdir)
{
	char name[NAME_MAX + 1];
	struct inode *dir, *ip;
	bool slash;
	int err;

	if ((err = path_parentat(dfd, path, &dir, name, &slash)))
		return err == -EBUSY ? (rmdir ? -EBUSY : -EISDIR) : err;
	if (is_dot_or_dotdot(name)) {
		iput(dir);
		return dot_error(name, rmdir);
	}
	sb_start_write(dir->i_sb);
	ilock(dir);
	ip = dir->i_op->lookup ? dir->i_op->lookup(dir, name, &err) : NULL;
	if (!ip) {
		if (!dir->i_op->lookup)
			err = -ENOTDIR;
		goto out;
	}
	if (!ip->i_valid) {
		ilock(ip);
		iunlock(ip);
	}
	if (rmdir && !S_ISDIR(ip->i_mode))
		err = -ENOTDIR;
	else if (!rmdir && S_ISDIR(ip->i_mode))
		err = -EISDIR;
	else if (!rmdir && slash)
		err = -ENOTDIR;
	else if (READ_ONCE(ip->i_mounted))
		err = -EBUSY;
	else if (rmdir)
		err = dir->i_op->rmdir ? dir->i_op->rmdir(dir, name, ip) : -EPERM;
	else
		err = dir->i_op->unlink ? dir->i_op->unlink(dir, name, ip) : -EPERM;
	if (!err)
		inode_touch(dir, true, true);
out:
	iunlock(dir);
	/* Inside the transaction: freeing the last link's inode commits
	 * with the unlink, so a crash cannot leave an orphan behind. */
	if (ip)
		iput(ip);
	sb_end_write(dir->i_sb);
	iput(dir);
	return err;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, upath, int, flags)
{
	char *path;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	if (!(path = getname(upath, false, &err)))
		return err;
	err = do_unlink(dfd, path, flags & AT_REMOVEDIR);
	putname(path);
	return err;
}

static int do_link(int odfd, const char *opath, int ndfd, const char *npath, int flags)
{
	char name[NAME_MAX + 1];
	struct inode *ip, *dir, *old;
	int err;

	err = path_lookupat(odfd, opath, ((flags & AT_SYMLINK_FOLLOW) ? LOOKUP_FOLLOW : 0) |
			    ((flags & AT_EMPTY_PATH) ? LOOKUP_EMPTY : 0), &ip);
	if (err)
		return err;
	if (S_ISDIR(ip->i_mode)) {
		iput(ip);
		return -EPERM;
	}
	if ((err = path_parentat(ndfd, npath, &dir, name, NULL))) {
		iput(ip);
		return err == -EBUSY ? -EEXIST : err;
	}
	if (is_dot_or_dotdot(name)) {
		err = -EEXIST;
		goto out;
	}
	if (dir->i_sb != ip->i_sb) {
		err = -EXDEV;
		goto out;
	}
	sb_start_write(dir->i_sb);
	ilock(dir);
	if ((old = dir->i_op->lookup(dir, name, &err))) {
		iput(old);
		err = -EEXIST;
	} else if (err == -ENOENT) {
		if (dir->i_nlink == 0)
			err = -ENOENT;
		else
			err = dir->i_op->link ? dir->i_op->link(dir, name, ip) : -EPERM;
		if (!err)
			inode_touch(dir, true, true);
	}
	iunlock(dir);
	sb_end_write(dir->i_sb);
out:
	iput(dir);
	iput(ip);
	return err;
}

SYSCALL_DEFINE5(linkat, int, odfd, const char __user *, uold, int, ndfd,
		const char __user *, unew, int, flags)
{
	char *opath, *npath;
	int err;

	if (flags & ~(AT_SYMLINK_FOLLOW | AT_EMPTY_PATH))
		return -EINVAL;
	if (!(opath = getname(uold, flags & AT_EMPTY_PATH, &err)))
		return err;
	if (!(npath = getname(unew, false, &err))) {
		putname(opath);
		return err;
	}
	err = do_link(odfd, opath, ndfd, npath, flags);
	putname(npath);
	putname(opath);
	return err;
}

static int do_rename(int odfd, const char *opath, int ndfd, const char *npath, unsigned flags)
{
	char oname[NAME_MAX + 1], nname[NAME_MAX + 1];
	struct inode *odir, *ndir;
	bool oslash, nslash;
	int err;

	if ((err = path_parentat(odfd, opath, &odir, oname, &oslash)))
		return err;
	if ((err = path_parentat(ndfd, npath, &ndir, nname, &nslash))) {
		iput(odir);
		return err;
	}
	if (is_dot_or_dotdot(oname) || is_dot_or_dotdot(nname))
		err = -EBUSY;
	else if (odir->i_sb != ndir->i_sb)
		err = -EXDEV;
	else if (!odir->i_op->rename)
		err = -EPERM;
	if (!err) {
		sb_start_write(odir->i_sb);
		err = odir->i_op->rename(odir, oname, ndir, nname,
					 flags | ((oslash || nslash) ? RENAME_TRAILING_SLASH : 0));
		sb_end_write(odir->i_sb);
	}
	iput(ndir);
	iput(odir);
	return err;
}

SYSCALL_DEFINE5(renameat2, int, odfd, const char __user *, uold, int, ndfd,
		const char __user *, unew, unsigned int, flags)
{
	char *opath, *npath;
	int err;

	if (flags & ~(RENAME_NOREPLACE | RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;
	if ((flags & RENAME_EXCHANGE) && (flags & (RENAME_NOREPLACE | RENAME_WHITEOUT)))
		return -EINVAL;
	if (flags & (RENAME_EXCHANGE | RENAME_WHITEOUT))
		return -EINVAL;		/* not supported by any cleave file system */
	if (!(opath = getname(uold, false, &err)))
		return err;
	if (!(npath = getname(unew, false, &err))) {
		putname(opath);
		return err;
	}
	err = do_rename(odfd, opath, ndfd, npath, flags);
	putname(npath);
	putname(opath);
	return err;
}

static int set_dir(const char __user *upath, bool root)
{
	struct inode *ip;
	char *path;
	int err;

	if (!(path = getname(upath, false, &err)))
		return err;
	err = path_lookupat(AT_FDCWD, path, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &ip);
	putname(path);
	if (err)
		return err;
	fs_set_dir(current->fs, ip, root);
	return 0;
}

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
	return set_dir(upath, false);
}

SYSCALL_DEFINE1(chroot, const char __user *, upath)
{
	return set_dir(upath, true);
}

SYSCALL_DEFINE1(fchdir, int, fd)
{
	struct file *f = fget(fd);
	struct inode *ip;

	if (!f)
		return -EBADF;
	ip = idup(f->f_inode);
	fput(f);
	if (!S_ISDIR(ip->i_mode)) {
		iput(ip);
		return -ENOTDIR;
	}
	fs_set_dir(current->fs, ip, false);
	return 0;
}
