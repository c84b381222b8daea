/* Directory system calls: mkdirat, unlinkat, linkat, chdir. */
#include "fs_internal.h"
#include "errno.h"
#include "sched.h"
#include "syscalls.h"

SYSCALL_DEFINE3(mkdirat, int, dfd, const char __user *, upath, u32, mode)
{
	struct inode *ip;
	char *path;
	int err;

	path = getname(upath, false, &err);
	if (!path)
		return err;
	begin_op();
	ip = create_at(dfd, path, T_DIR, mode, true, &err);
	if (ip)
		iunlockput(ip);
	end_op();
	putname(path);
	return ip ? 0 : err;
}

/* Errors for a last component that is "." or ".." (Linux's choices). */
static int dot_error(const char *name, bool rmdir)
{
	if (!rmdir)
		return -EISDIR;
	return name[1] == 0 ? -EINVAL : -ENOTEMPTY;
}

/* Remove name from dp (locked); ip is the inode it names (locked). */
static int remove_entry(struct inode *dp, struct inode *ip, u64 off, bool rmdir, bool slash)
{
	int err;

	if (rmdir && ip->type != T_DIR)
		return -ENOTDIR;
	if (!rmdir && ip->type == T_DIR)
		return -EISDIR;
	if (!rmdir && slash)
		return -ENOTDIR;
	if (rmdir && !dir_is_empty(ip))
		return -ENOTEMPTY;
	if ((err = dir_set_entry(dp, off, 0, NULL)) < 0)
		return err;
	if (ip->type == T_DIR) {
		dp->nlink--;		/* ip's ".." */
		iupdate(dp);
		ip->nlink = 0;		/* its entry in dp and its "." */
	} else {
		ip->nlink--;
	}
	iupdate(ip);
	return 0;
}

SYSCALL_DEFINE3(unlinkat, int, dfd, const char __user *, upath, int, flags)
{
	bool rmdir = flags & AT_REMOVEDIR, slash;
	char name[DIRSIZ], *path;
	struct inode *dp, *ip;
	u64 off;
	int err;

	if (flags & ~AT_REMOVEDIR)
		return -EINVAL;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	begin_op();
	dp = lookup_parent_at(dfd, path, name, &slash, &err);
	if (!dp) {
		if (err == -EBUSY && !rmdir)	/* "/" */
			err = -EISDIR;
		goto out;
	}
	if (is_dot_or_dotdot(name)) {
		err = dot_error(name, rmdir);
		iput(dp);
		goto out;
	}
	ilock(dp);
	ip = dirlookup(dp, name, &off);
	if (!ip) {
		err = -ENOENT;
	} else {
		ilock(ip);
		err = remove_entry(dp, ip, off, rmdir, slash);
		iunlock(ip);
	}
	iunlockput(dp);
	if (ip)
		iput(ip);	/* frees it if that was the last link and use */
out:
	end_op();
	putname(path);
	return err;
}

static int do_link(int odfd, const char *opath, int ndfd, const char *npath, int flags)
{
	char name[DIRSIZ];
	struct inode *ip, *dp, *old;
	int err;

	ip = lookup_at(odfd, opath, &err);
	if (!ip)
		return err;
	ilock(ip);
	if (ip->type == T_DIR) {
		iunlockput(ip);
		return -EPERM;
	}
	iunlock(ip);
	dp = lookup_parent_at(ndfd, npath, name, NULL, &err);
	if (!dp) {
		if (err == -EBUSY)
			err = -EEXIST;
		goto out;
	}
	if (is_dot_or_dotdot(name)) {
		err = -EEXIST;
		iput(dp);
		goto out;
	}
	ilock(dp);
	if ((old = dirlookup(dp, name, NULL))) {
		iput(old);
		err = -EEXIST;
	} else if (dp->nlink == 0) {
		err = -ENOENT;
	} else {
		ilock(ip);
		if (ip->nlink == 0) {	/* unlinked meanwhile */
			err = -ENOENT;
		} else if ((err = dirlink(dp, name, ip->inum)) == 0) {
			ip->nlink++;
			iupdate(ip);
		}
		iunlock(ip);
	}
	iunlockput(dp);
out:
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
	opath = getname(uold, false, &err);
	if (!opath)
		return err;
	npath = getname(unew, false, &err);
	if (!npath) {
		putname(opath);
		return err;
	}
	begin_op();
	err = do_link(odfd, opath, ndfd, npath, flags);
	end_op();
	putname(npath);
	putname(opath);
	return err;
}

SYSCALL_DEFINE1(chdir, const char __user *, upath)
{
	struct fs_struct *fs = current->fs;
	struct inode *ip, *old;
	char *path;
	int err;

	path = getname(upath, false, &err);
	if (!path)
		return err;
	ip = lookup_at(AT_FDCWD, path, &err);
	putname(path);
	if (!ip)
		return err;
	ilock(ip);
	if (ip->type != T_DIR) {
		iunlockput(ip);
		return -ENOTDIR;
	}
	iunlock(ip);
	spin_lock(&fs->lock);
	old = fs->cwd;
	fs->cwd = ip;
	spin_unlock(&fs->lock);
	if (old)
		iput(old);
	return 0;
}
