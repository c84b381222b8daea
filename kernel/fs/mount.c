/* The mount table: where each mounted file system hangs in the tree, the
 * root file system at boot, and mount(2), umount2(2), statfs(2).
 *
 * A mount holds a reference on its mountpoint inode (so the inode, and its
 * i_mounted link, stay in the cache) and on the mounted root. namei.c
 * crosses mounts through i_mounted (down) and s_root/s_mount (up). Each
 * super_block is mounted at most once (no bind mounts), so an inode's
 * super_block names its mount. A busy file system (open files, cwd or
 * root of a task, or mounts below it: s_pins) cannot be unmounted. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "cmdline.h"
#include "sched.h"
#include "string.h"
#include "syscalls.h"
#include "uaccess.h"
#include "blkdev.h"

struct spinlock mount_spin = SPINLOCK_INIT("mount");
static struct sleeplock mount_sem = { .lk = SPINLOCK_INIT("mount_sem"), .name = "mount_sem" };
LIST_HEAD(mount_list);
static struct mount *root_mount;

struct inode *root_inode(void)
{
	struct inode *ip = NULL;

	spin_lock(&mount_spin);
	if (root_mount)
		ip = idup(root_mount->root);
	spin_unlock(&mount_spin);
	return ip;
}

static char *kstrdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = kmalloc(n);

	if (d)
		memcpy(d, s, n);
	return d;
}

static void free_mount(struct mount *m)
{
	kfree(m->devname);
	kfree(m->path);
	kfree(m);
}

/* Attach sb at mountpoint (referenced; NULL for the root). Takes over the
 * mount's count on sb. mount_sem held. */
static int attach(struct super_block *sb, struct inode *mp, const char *dev,
		  const char *path, unsigned long flags)
{
	struct mount *m = kzalloc(sizeof(*m));

	if (!m || !(m->devname = kstrdup(dev)) || !(m->path = kstrdup(path))) {
		if (m)
			free_mount(m);
		return -ENOMEM;
	}
	m->sb = sb;
	m->root = idup(sb->s_root);
	m->mountpoint = mp;
	m->flags = flags;
	spin_lock(&mount_spin);
	if (mp) {
		m->parent = mp->i_sb->s_mount;
		mp->i_mounted = m;
		sb_pin(mp->i_sb);
	} else {
		root_mount = m;
	}
	sb->s_mount = m;
	list_add_tail(&m->list, &mount_list);
	spin_unlock(&mount_spin);
	return 0;
}

/* Build a super_block of type for dev; mount_sem held. */
static int make_sb(const char *type, const char *dev, const char *data, struct super_block **sb)
{
	struct file_system_type *t = find_filesystem(type);

	if (!t)
		return -ENODEV;
	return t->mount(t, dev, data, sb);
}

int do_mount(const char *dev, const char *dir, const char *type, unsigned long flags,
	     const char *data)
{
	struct super_block *sb;
	struct inode *mp;
	char *buf = NULL, *path;
	int err;

	if ((err = path_lookupat(AT_FDCWD, dir, LOOKUP_FOLLOW | LOOKUP_DIRECTORY, &mp)))
		return err;
	if (flags & MS_REMOUNT) {	/* flags are not enforced: accept */
		err = mp == mp->i_sb->s_root ? 0 : -EINVAL;
		goto out;
	}
	if (flags & (MS_BIND | MS_MOVE)) {
		err = -EINVAL;		/* one mount per file system */
		goto out;
	}
	err = -ENOMEM;
	if (!(buf = kmalloc(MAXPATH)))
		goto out;
	if (!(path = inode_path(mp, buf, MAXPATH, &err)))
		goto out;
	sleep_lock(&mount_sem);
	err = make_sb(type, dev, data, &sb);
	if (!err) {
		err = attach(sb, mp, dev, path, flags);
		if (err) {
			sb->s_op->kill_sb ? sb->s_op->kill_sb(sb) : (void)0;
			put_super(sb);
		} else {
			mp = NULL;	/* the mount holds it now */
		}
	}
	sleep_unlock(&mount_sem);
out:
	kfree(buf);
	if (mp)
		iput(mp);
	return err;
}

static int do_umount(struct inode *ip, int flags)
{
	struct super_block *sb = ip->i_sb;
	struct mount *m;
	int err = 0;

	sleep_lock(&mount_sem);
	spin_lock(&mount_spin);
	m = sb->s_mount;
	if (!m || ip != sb->s_root || !m->mountpoint)
		err = -EINVAL;		/* not a mount point, or the root */
	else if (ip->i_mounted)
		err = -EBUSY;		/* something is mounted on top */
	else if (READ_ONCE(sb->s_pins) > 0 && !(flags & MNT_DETACH))
		err = -EBUSY;
	if (!err) {
		m->mountpoint->i_mounted = NULL;
		sb->s_mount = NULL;
		list_del(&m->list);
	}
	spin_unlock(&mount_spin);
	if (!err) {
		sb_unpin(m->mountpoint->i_sb);
		iput(m->mountpoint);
		iput(m->root);
		if (sb->s_op->kill_sb)
			sb->s_op->kill_sb(sb);
		put_super(sb);	/* the mount's count: freed with its last inode */
		free_mount(m);
	}
	sleep_unlock(&mount_sem);
	return err;
}

/* /proc/mounts: "device mountpoint type options 0 0". */
void mounts_show(char *buf, size_t n, size_t *lenp)
{
	struct list_head *pos;
	size_t len = 0;
	char opts[64];

	sleep_lock(&mount_sem);
	list_for_each(pos, &mount_list) {
		struct mount *m = list_entry(pos, struct mount, list);
		struct super_block *sb = m->sb;

		opts[0] = 0;
		if (sb->s_op->show_options)
			sb->s_op->show_options(sb, opts, sizeof(opts));
		int k = snprintf(buf + len, n - len, "%s %s %s %s%s%s 0 0\n", m->devname, m->path,
				 sb->s_type->name, (m->flags & MS_RDONLY) ? "ro" : "rw",
				 opts[0] ? "," : "", opts);
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += k;
	}
	sleep_unlock(&mount_sem);
	*lenp = len;
}

/* ---- boot: the root file system ---- */

extern u64 initrd_start_pa, initrd_end_pa;
void machine_power_off(void);


static void ensure_dir(const char *path)
{
	struct inode *dir, *ip;
	char name[NAME_MAX + 1];

	if (path_parentat(AT_FDCWD, path, &dir, name, NULL))
		return;
	if (!dir->i_op->mkdir) {
		iput(dir);
		return;
	}
	sb_start_write(dir->i_sb);
	ilock(dir);
	int err;
	ip = dir->i_op->lookup(dir, name, &err);
	if (ip)
		iput(ip);
	else if (dir->i_op->mkdir(dir, name, 0755, &ip) == 0)
		iput(ip);
	iunlock(dir);
	sb_end_write(dir->i_sb);
	iput(dir);
}

int unpack_initramfs(const void *start, size_t len);

static __noreturn void no_root(const char *why)
{
	printk("cleave: cannot mount a root file system: %s; powering off\n", why);
	machine_power_off();
	for (;;)
		;
}

void mount_root(void)
{
	char root[64] = "";
	struct super_block *sb;
	bool have_initrd = initrd_end_pa > initrd_start_pa;
	int err;

	cmdline_arg("root", root, sizeof(root));
	if (!root[0])
		strlcpy(root, blkdev_capacity() ? "/dev/vda" : "initramfs", sizeof(root));
	sleep_lock(&mount_sem);
	if (strcmp(root, "initramfs") == 0) {
		if (!have_initrd)
			no_root(blkdev_capacity() ? "root=initramfs but no initrd" :
				"no disk and no initramfs");
		err = make_sb("ramfs", "rootfs", NULL, &sb);
	} else {
		err = make_sb("cleavefs", root, NULL, &sb);
	}
	if (err || attach(sb, NULL, strcmp(root, "initramfs") ? root : "rootfs", "/", 0))
		no_root(err == -ENXIO || err == -ENODEV ? "no such device" : "mount failed");
	sleep_unlock(&mount_sem);
	/* A damaged archive leaves a root with unknown parts missing: the
	 * unpacker has named the damage; stop here rather than run on it. */
	if (strcmp(root, "initramfs") == 0 &&
	    unpack_initramfs(__va(initrd_start_pa), initrd_end_pa - initrd_start_pa))
		no_root("the initramfs is damaged");
	printk("vfs: root is %s (%s)\n", root, sb->s_type->name);
}

/* Mount the kernel's own file systems (init's fs_struct exists). */
void mount_kernel_fs(void)
{
	static const struct { const char *dir, *type, *dev; } m[] = {
		{ "/dev", "devtmpfs", "devtmpfs" },
		{ "/proc", "proc", "proc" },
		{ "/tmp", "tmpfs", "tmpfs" },
	};
	for (size_t i = 0; i < ARRAY_SIZE(m); i++) {
		ensure_dir(m[i].dir);
		int err = do_mount(m[i].dev, m[i].dir, m[i].type, 0, NULL);
		if (err)
			printk("vfs: cannot mount %s on %s: %d\n", m[i].type, m[i].dir, err);
	}
}

/* ---- system calls ---- */

static char *copy_opt_string(const char __user *u, int *err)
{
	return u ? getname(u, true, err) : NULL;
}

SYSCALL_DEFINE5(mount, const char __user *, udev, const char __user *, udir,
		const char __user *, utype, unsigned long, flags, const void __user *, udata)
{
	char *dev = NULL, *dir, *type = NULL, *data = NULL;
	int err = 0;

	if (!(dir = getname(udir, false, &err)))
		return err;
	if (udev && !(dev = copy_opt_string(udev, &err)))
		goto out;
	if (!(flags & (MS_REMOUNT | MS_BIND | MS_MOVE))) {
		if (!utype) {
			err = -EINVAL;
			goto out;
		}
		if (!(type = copy_opt_string(utype, &err)))
			goto out;
	}
	if (udata && !(data = copy_opt_string(udata, &err)))
		goto out;
	err = do_mount(dev ? dev : "none", dir, type ? type : "", flags, data);
out:
	putname(data);
	putname(type);
	putname(dev);
	putname(dir);
	return err;
}

SYSCALL_DEFINE2(umount2, const char __user *, utarget, int, flags)
{
	struct inode *ip;
	char *path;
	int err;

	if (flags & ~(MNT_FORCE | MNT_DETACH | MNT_EXPIRE | UMOUNT_NOFOLLOW))
		return -EINVAL;
	if ((flags & MNT_EXPIRE) && (flags & (MNT_FORCE | MNT_DETACH)))
		return -EINVAL;
	if (!(path = getname(utarget, false, &err)))
		return err;
	err = path_lookupat(AT_FDCWD, path, (flags & UMOUNT_NOFOLLOW) ? 0 : LOOKUP_FOLLOW, &ip);
	putname(path);
	if (err)
		return err;
	err = do_umount(ip, flags);
	iput(ip);
	return err;
}

static int statfs_inode(struct inode *ip, struct statfs __user *ubuf)
{
	struct super_block *sb = ip->i_sb;
	struct kstatfs k = { .f_bsize = sb->s_blocksize, .f_namelen = NAME_MAX };
	struct statfs st;
	int err = 0;

	k.f_type = sb->s_magic;
	if (sb->s_op->statfs)
		err = sb->s_op->statfs(sb, &k);
	if (err)
		return err;
	memset(&st, 0, sizeof(st));
	st.f_type = k.f_type;
	st.f_bsize = k.f_bsize;
	st.f_blocks = k.f_blocks;
	st.f_bfree = k.f_bfree;
	st.f_bavail = k.f_bavail;
	st.f_files = k.f_files;
	st.f_ffree = k.f_ffree;
	st.f_fsid.val[0] = sb->s_dev;
	st.f_namelen = k.f_namelen;
	st.f_frsize = k.f_frsize ? k.f_frsize : k.f_bsize;
	st.f_flags = k.f_flags | 0x20;	/* ST_VALID */
	return copy_to_user(ubuf, &st, sizeof(st)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(statfs, const char __user *, upath, struct statfs __user *, ubuf)
{
	struct inode *ip;
	char *path;
	int err;

	if (!(path = getname(upath, false, &err)))
		return err;
	err = path_lookupat(AT_FDCWD, path, LOOKUP_FOLLOW, &ip);
	putname(path);
	if (err)
		return err;
	err = statfs_inode(ip, ubuf);
	iput(ip);
	return err;
}

SYSCALL_DEFINE2(fstatfs, int, fd, struct statfs __user *, ubuf)
{
	struct file *f = fget(fd);
	int err;

	if (!f)
		return -EBADF;
	err = statfs_inode(f->f_inode, ubuf);
	fput(f);
	return err;
}
