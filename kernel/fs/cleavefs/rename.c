/* rename for cleavefs (renameat2 flags 0 and RENAME_NOREPLACE): files and
 * directories, within or across directories, replacing an existing target
 * of a compatible type.
 *
 * rename_lock serialises renames, so the shape of the directory tree (who
 * is an ancestor of whom) cannot change under a rename; it is taken inside
 * the transaction (begin_op first), like inode locks. With it held the two
 * parent directories are locked ancestor first (unrelated ones by
 * address), which agrees with the parent-before-child order that every
 * other operation uses, so no lock cycle can form. */
#include "cleavefs.h"
#include "errno.h"
#include "sched.h"
#include "string.h"

static struct sleeplock rename_lock = {
	.lk = SPINLOCK_INIT("rename_lock"), .name = "rename",
};

/* Is a equal to d or one of its ancestors? No locks held on entry. */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	struct inode *cur = idup(d), *up;

	for (;;) {
		if (cur->i_ino == a->i_ino) {
			iput(cur);
			return true;
		}
		if (cur->i_ino == ROOTINO)
			break;
		ilock(cur);
		up = cur->i_nlink ? dirlookup(cur, "..", NULL) : NULL;
		iunlock(cur);
		iput(cur);
		if (!(cur = up))
			return false;
	}
	iput(cur);
	return false;
}

static u16 type_of(struct inode *ip)
{
	u16 t;

	ilock(ip);
	t = CFS(ip)->type;
	iunlock(ip);
	return t;
}

static void lock_pair(struct inode *a, struct inode *b)
{
	if (a == b) {
		ilock(a);
		return;
	}
	if (is_ancestor(b, a) || (!is_ancestor(a, b) && b < a)) {
		struct inode *t = a;

		a = b;
		b = t;
	}
	ilock(a);
	ilock(b);
}

static void unlock_pair(struct inode *a, struct inode *b)
{
	iunlock(a);
	if (a != b)
		iunlock(b);
}

/* Does dp (locked) still map name to want (NULL: to nothing)? */
static bool still(struct inode *dp, const char *name, struct inode *want, u64 *off)
{
	struct inode *ip = dirlookup(dp, name, off);

	if (ip)
		iput(ip);
	return ip == want;
}

/* The entry moves; all four inodes are locked. */
static int move_entry(struct inode *odp, u64 ooff, struct inode *ndp, u64 noff,
		      const char *nname, struct inode *ip, struct inode *tp)
{
	int err;

	if (tp) {
		if ((err = dir_set_entry(ndp, noff, ip->i_ino, nname)) < 0)
			return err;
		if (CFS(tp)->type == T_DIR) {
			tp->i_nlink = 0;
			ndp->i_nlink--;	/* tp's ".." */
		} else {
			tp->i_nlink--;
		}
		iupdate(tp);
	} else if ((err = dirlink(ndp, nname, ip->i_ino)) < 0) {
		return err;
	}
	if ((err = dir_set_entry(odp, ooff, 0, NULL)) < 0)
		return err;	/* cannot happen: the slot exists */
	if (CFS(ip)->type == T_DIR && odp != ndp) {
		dir_set_entry(ip, DIRENT_SZ, ndp->i_ino, "..");
		odp->i_nlink--;
		ndp->i_nlink++;
	}
	inode_touch(odp, true, true);
	inode_touch(ndp, true, true);
	inode_touch(ip, false, true);
	iupdate(ip);
	iupdate(odp);
	if (ndp != odp)
		iupdate(ndp);
	if (tp)
		inode_touch(tp, false, true);
	return 0;
}

static int rename_locked(struct inode *odp, const char *oname, struct inode *ndp,
			 const char *nname, unsigned int flags)
{
	bool slash = flags & RENAME_TRAILING_SLASH;
	struct inode *ip, *tp, *first, *second;
	u64 ooff, noff = 0;
	bool isdir;
	int err;

retry:
	ilock(odp);
	ip = dirlookup(odp, oname, &ooff);
	iunlock(odp);
	if (!ip)
		return -ENOENT;
	ilock(ndp);
	tp = dirlookup(ndp, nname, &noff);
	iunlock(ndp);
	isdir = type_of(ip) == T_DIR;
	err = 0;
	if (tp == ip)
		goto out;			/* same file: nothing to do */
	if (tp && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (ip->i_mounted || (tp && tp->i_mounted))
		err = -EBUSY;
	else if (slash && !isdir)
		err = -ENOTDIR;
	else if (isdir && is_ancestor(ip, ndp))
		err = -EINVAL;			/* into itself */
	else if (tp && isdir && type_of(tp) != T_DIR)
		err = -ENOTDIR;
	else if (tp && !isdir && type_of(tp) == T_DIR)
		err = -EISDIR;
	else if (tp && isdir && is_ancestor(tp, odp))
		err = -ENOTEMPTY;		/* tp contains ip */
	if (err)
		goto out;

	lock_pair(odp, ndp);
	first = (!tp || ip < tp) ? ip : tp;
	second = first == ip ? tp : ip;
	ilock(first);
	if (second)
		ilock(second);
	if (!still(odp, oname, ip, &ooff) || !still(ndp, nname, tp, &noff)) {
		err = -EAGAIN;
	} else if (ndp->i_nlink == 0) {
		err = -ENOENT;
	} else if (tp && isdir && !dir_is_empty(tp)) {
		err = -ENOTEMPTY;
	} else {
		err = move_entry(odp, ooff, ndp, noff, nname, ip, tp);
	}
	if (second)
		iunlock(second);
	iunlock(first);
	unlock_pair(odp, ndp);
out:
	iput(ip);
	if (tp)
		iput(tp);	/* may free a replaced target */
	if (err == -EAGAIN)
		goto retry;	/* raced with unlink/create: look again */
	return err;
}

int cfs_rename(struct inode *odir, const char *oname, struct inode *ndir,
	       const char *nname, unsigned int flags)
{
	int err;

	if (strlen(nname) > FS_NAME_MAX)
		return -ENAMETOOLONG;
	sleep_lock(&rename_lock);
	err = rename_locked(odir, oname, ndir, nname, flags);
	sleep_unlock(&rename_lock);
	return err;
}
