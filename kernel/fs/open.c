/* Creating and opening files: openat, mknodat, and the create step they
 * share with mkdirat and symlinkat (dir.c).
 *
 * Creation runs inside sb_start_write of the parent's file system, with
 * the parent locked across "is the name there?" and "make it", so two
 * creators of one name cannot both succeed. */
#include "internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"

/* Open-time checks and effects on ip (referenced). */
static int may_open(struct inode *ip, unsigned int flags)
{
	mode_t m = ip->i_mode;

	if ((flags & O_DIRECTORY) && !S_ISDIR(m))
		return -ENOTDIR;
	if (flags & O_PATH)
		return 0;
	if (S_ISLNK(m))
		return -ELOOP;		/* O_NOFOLLOW on a symlink */
	if (S_ISDIR(m) && ((flags & O_ACCMODE) != O_RDONLY || (flags & O_CREAT)))
		return -EISDIR;
	if (S_ISSOCK(m))
		return -ENXIO;
	return 0;
}

static int truncate_on_open(struct inode *ip)
{
	struct iattr a = { .valid = ATTR_SIZE | ATTR_MTIME | ATTR_CTIME, .size = 0 };
	int err;

	a.mtime = a.ctime = current_time();
	sb_start_write(ip->i_sb);
	ilock(ip);
	err = ip->i_op && ip->i_op->setattr ? ip->i_op->setattr(ip, &a) : simple_setattr(ip, &a);
	iunlock(ip);
	sb_end_write(ip->i_sb);
	return err;
}

/* Look up or create the last component for O_CREAT. */
static int open_create(int dfd, const char *path, unsigned int flags, mode_t mode,
		       struct inode **out, struct file_where *where)
{
	char name[NAME_MAX + 1];
	struct inode *dir, *ip;
	bool slash;
	int err;

	if ((err = path_parentat(dfd, path, &dir, name, &slash)))
		return err == -EBUSY ? -EISDIR : err;
	if (slash || is_dot_or_dotdot(name)) {
		/* "dir/" or "." with O_CREAT: an existing directory is EISDIR */
		iput(dir);
		return -EISDIR;
	}
	sb_start_write(dir->i_sb);
	ilock(dir);
	ip = dir->i_op->lookup(dir, name, &err);
	if (ip) {
		iunlock(dir);
		sb_end_write(dir->i_sb);
		iput(dir);
		if (flags & O_EXCL) {
			iput(ip);
			return -EEXIST;
		}
		if (!ip->i_valid) {
			ilock(ip);
			iunlock(ip);
		}
		if (S_ISLNK(ip->i_mode) && !(flags & O_NOFOLLOW)) {
			/* follow it: the target must exist (no creation
			 * through a dangling link: a documented difference) */
			iput(ip);
			return path_lookup_where(dfd, path, LOOKUP_FOLLOW, out, where);
		}
		*out = ip;
		where->dir = idup(dir);
		strlcpy(where->name, name, sizeof(where->name));
		return 0;
	}
	if (err != -ENOENT)
		goto out;
	if (!dir->i_op->mknod)
		err = -EPERM;
	else if (dir->i_nlink == 0)
		err = -ENOENT;		/* directory was removed */
	else if (strlen(name) > NAME_MAX)
		err = -ENAMETOOLONG;
	else if ((err = dir->i_op->mknod(dir, name, S_IFREG | (mode & ~current_umask() & 07777),
					 0, &ip)) == 0) {
		inode_touch(dir, true, true);
		*out = ip;
		where->dir = idup(dir);
		strlcpy(where->name, name, sizeof(where->name));
	}
out:
	iunlock(dir);
	sb_end_write(dir->i_sb);
	iput(dir);
	return err;
}

int do_filp_open(int dfd, const char *path, unsigned int flags, mode_t mode, struct file **out)
{
	struct file_where where = { NULL };
	struct inode *ip;
	struct file *f;
	int err;

	if (flags & O_PATH)
		flags &= O_PATH | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC;
	if (flags & O_CREAT)
		err = open_create(dfd, path, flags, mode, &ip, &where);
	else
		err = path_lookup_where(dfd, path,
					((flags & O_NOFOLLOW) ? 0 : LOOKUP_FOLLOW) |
					((flags & O_DIRECTORY) ? LOOKUP_DIRECTORY : 0), &ip, &where);
	if (err)
		return err;
	if ((err = may_open(ip, flags)) ||
	    ((flags & O_TRUNC) && S_ISREG(ip->i_mode) && (flags & O_ACCMODE) != O_RDONLY &&
	     !(flags & O_PATH) && (err = truncate_on_open(ip))) ||
	    (err = vfs_open(ip, flags, &f))) {
		iput(ip);
		if (where.dir)
			iput(where.dir);
		return err;
	}
	file_set_path(f, &where);
	*out = f;
	return 0;
}

long do_open(int dfd, const char *path, unsigned int flags, mode_t mode)
{
	struct file *f;
	int err = do_filp_open(dfd, path, flags, mode, &f);
	if (err)
		return err;
	int fd = fd_install(f, 0, flags & O_CLOEXEC);
	if (fd < 0)
		fput(f);
	return fd;
}

#define VALID_OPEN_FLAGS (O_ACCMODE | O_CREAT | O_EXCL | O_NOCTTY | O_TRUNC | O_APPEND | \
			  O_NONBLOCK | O_DSYNC | O_ASYNC | O_DIRECT | O_LARGEFILE | O_DIRECTORY | \
			  O_NOFOLLOW | O_NOATIME | O_CLOEXEC | O_SYNC | O_PATH | O_TMPFILE)

SYSCALL_DEFINE4(openat, int, dfd, const char __user *, upath, int, flags, u32, mode)
{
	char *path;
	int err;

	if ((flags & O_ACCMODE) == 3 && !(flags & O_PATH))
		return -EINVAL;
	if ((flags & O_TMPFILE) == O_TMPFILE)
		return -EOPNOTSUPP;
	path = getname(upath, false, &err);
	if (!path)
		return err;
	err = do_open(dfd, path, flags & VALID_OPEN_FLAGS, mode);
	putname(path);
	return err;
}

/* Make a node of type (in mode) at dfd/path: the shared step of mknodat,
 * mkdirat and symlinkat. target is the symlink's contents. */
int create_node(int dfd, const char *path, mode_t mode, dev_t rdev, const char *target)
{
	char name[NAME_MAX + 1];
	struct inode *dir, *ip;
	bool slash;
	int err;

	if ((err = path_parentat(dfd, path, &dir, name, &slash)))
		return err == -EBUSY ? -EEXIST : err;
	if (is_dot_or_dotdot(name)) {
		iput(dir);
		return -EEXIST;
	}
	if (slash && !S_ISDIR(mode)) {
		/* "name/" can only be created as a directory */
		iput(dir);
		return -ENOENT;
	}
	sb_start_write(dir->i_sb);
	ilock(dir);
	ip = dir->i_op->lookup ? dir->i_op->lookup(dir, name, &err) : NULL;
	if (ip) {
		iput(ip);
		err = -EEXIST;
	} else if (err != -ENOENT) {
		;
	} else if (dir->i_nlink == 0) {
		err = -ENOENT;
	} else if (S_ISDIR(mode)) {
		err = dir->i_op->mkdir ? dir->i_op->mkdir(dir, name, mode & ~current_umask() & 07777, &ip)
				       : -EPERM;
	} else if (S_ISLNK(mode)) {
		err = dir->i_op->symlink ? dir->i_op->symlink(dir, name, target) : -EPERM;
		ip = NULL;
	} else {
		err = dir->i_op->mknod ? dir->i_op->mknod(dir, name, (mode & S_IFMT) |
					 (mode & ~current_umask() & 07777), rdev, &ip) : -EPERM;
	}
	if (!err) {
		inode_touch(dir, true, true);
		if (ip)
			iput(ip);
	}
	iunlock(dir);
	sb_end_write(dir->i_sb);
	iput(dir);
	return err;
}

SYSCALL_DEFINE4(mknodat, int, dfd, const char __user *, upath, u32, mode, u32, dev)
{
	char *path;
	int err;

	switch (mode & S_IFMT) {
	case 0:
		mode |= S_IFREG;
		break;
	case S_IFREG:
	case S_IFIFO:
	case S_IFSOCK:
	case S_IFCHR:
	case S_IFBLK:
		break;
	case S_IFDIR:
		return -EPERM;
	default:
		return -EINVAL;
	}
	if (!(path = getname(upath, false, &err)))
		return err;
	err = create_node(dfd, path, mode, decode_dev(dev), NULL);
	putname(path);
	return err;
}
