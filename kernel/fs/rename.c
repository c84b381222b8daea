/* renameat2 (flags 0): files and directories, within or across
 * directories, replacing an existing target of a compatible type.
 *
 * rename_lock serialises renames, so the shape of the directory tree (who
 * is an ancestor of whom) cannot change under a rename; it is taken inside
 * the transaction (begin_op first), like inode locks. With it held the two
 * parent directories are locked ancestor first (unrelated ones by
 * address), which agrees with the parent-before-child order that every
 * other operation uses, so no lock cycle can form. */
#include "fs_internal.h"
#include "errno.h"
#include "sched.h"
#include "syscalls.h"

static struct sleeplock rename_lock = {
	.lk = SPINLOCK_INIT("rename_lock"), .name = "rename",
};

/* Is a equal to d or one of its ancestors? No locks held on entry. */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	struct inode *cur = idup(d), *up;

	for (;;) {
		if (cur->inum == a->inum) {
			iput(cur);
			return true;
		}
		if (cur->inum == ROOTINO)
			break;
		ilock(cur);
		up = cur->nlink ? dirlookup(cur, "..", NULL) : NULL;
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
	t = ip->type;
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
		if ((err = dir_set_entry(ndp, noff, ip->inum, nname)) < 0)
			return err;
		if (tp->type == T_DIR) {
			tp->nlink = 0;
			ndp->nlink--;	/* tp's ".." */
		} else {
			tp->nlink--;
		}
		iupdate(tp);
	} else if ((err = dirlink(ndp, nname, ip->inum)) < 0) {
		return err;
	}
	if ((err = dir_set_entry(odp, ooff, 0, NULL)) < 0)
		return err;	/* cannot happen: the slot exists */
	if (ip->type == T_DIR && odp != ndp) {
		dir_set_entry(ip, DIRENT_SZ, ndp->inum, "..");
		odp->nlink--;
		ndp->nlink++;
	}
	iupdate(odp);
	if (ndp != odp)
		iupdate(ndp);
	return 0;
}

static int rename_locked(struct inode *odp, const char *oname, struct inode *ndp,
			 const char *nname, bool slash)
{
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
	if (slash && !isdir)
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
	} else if (ndp->nlink == 0) {
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

static int do_rename(int odfd, const char *opath, int ndfd, const char *npath)
{
	char oname[DIRSIZ], nname[DIRSIZ];
	struct inode *odp, *ndp;
	bool oslash, nslash;
	int err;

	odp = lookup_parent_at(odfd, opath, oname, &oslash, &err);
	if (!odp)
		return err;
	ndp = lookup_parent_at(ndfd, npath, nname, &nslash, &err);
	if (!ndp) {
		iput(odp);
		return err;
	}
	if (is_dot_or_dotdot(oname) || is_dot_or_dotdot(nname)) {
		err = -EBUSY;
	} else {
		sleep_lock(&rename_lock);
		err = rename_locked(odp, oname, ndp, nname, oslash || nslash);
		sleep_unlock(&rename_lock);
	}
	iput(ndp);
	iput(odp);
	return err;
}

SYSCALL_DEFINE5(renameat2, int, odfd, const char __user *, uold, int, ndfd,
		const char __user *, unew, unsigned int, flags)
{
	char *opath, *npath;
	int err;

	if (flags)
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
	err = do_rename(odfd, opath, ndfd, npath);
	end_op();
	putname(npath);
	putname(opath);
	return err;
}
