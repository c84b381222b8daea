/* ramfs and tmpfs: file systems that live only in memory. A file's data
 * is its page cache; a directory is a list of entries, each holding a
 * reference on the inode it names (so an inode lives while it has a name
 * or a user). tmpfs is ramfs with a size limit (ENOSPC) and an inode
 * limit; the initramfs root and devtmpfs are ramfs/tmpfs instances.
 *
 * Locking: rs->tree (a sleeplock per super_block) protects every
 * directory's entry list, the parent links and every i_nlink; it nests
 * inside inode locks (the VFS calls directory operations with the
 * directory locked), and rename, which the VFS calls with no lock, takes
 * it alone. File data and sizes are under the file's inode lock.
 * used_pages is atomic. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

struct ram_sb {
	struct sleeplock tree;
	u64 max_pages;		/* 0: no limit (ramfs) */
	long used_pages;	/* atomic */
	u64 max_inodes, nr_inodes;	/* tree */
};

struct ram_dirent {
	struct list_head list;
	struct inode *ip;	/* referenced */
	u64 cookie;		/* getdents position; increasing along the list */
	char name[];
};

struct ram_inode {
	struct inode vfs;
	struct list_head entries;	/* directories: ram_dirents */
	struct inode *parent;		/* directories: not referenced; NULL once removed */
	u64 next_cookie;
	char *link;			/* symlinks: the target */
};

#define RI(ip) container_of(ip, struct ram_inode, vfs)
#define RS(sb) ((struct ram_sb *)(sb)->s_fs_info)

static const struct inode_operations ram_dir_iops, ram_file_iops, ram_link_iops;
static const struct file_operations ram_dir_fops, ram_file_fops;

static struct inode *ram_alloc_inode(struct super_block *sb)
{
	struct ram_inode *ri = kzalloc(sizeof(*ri));

	if (!ri)
		return NULL;
	INIT_LIST_HEAD(&ri->entries);
	ri->next_cookie = 2;	/* 0 is ".", 1 is ".." */
	return &ri->vfs;
}

static void ram_free_inode(struct inode *ip)
{
	kfree(RI(ip)->link);
	kfree(RI(ip));
}

static void ram_evict(struct inode *ip)
{
	struct ram_sb *rs = RS(ip->i_sb);

	atomic_add_return_long(&rs->used_pages, -(long)ip->i_pages.nrpages);
	sleep_lock(&rs->tree);
	rs->nr_inodes--;
	sleep_unlock(&rs->tree);
}

/* A new inode of mode on sb, with its operations. rs->tree held. */
static struct inode *ram_new_inode(struct super_block *sb, mode_t mode, dev_t rdev, int *err)
{
	struct ram_sb *rs = RS(sb);
	struct inode *ip;

	if (rs->max_inodes && rs->nr_inodes >= rs->max_inodes) {
		*err = -ENOSPC;
		return NULL;
	}
	if (!(ip = new_inode(sb, mode))) {
		*err = -ENOMEM;
		return NULL;
	}
	rs->nr_inodes++;
	ip->i_rdev = rdev;
	switch (mode & S_IFMT) {
	case S_IFDIR:
		ip->i_op = &ram_dir_iops;
		ip->i_fop = &ram_dir_fops;
		ip->i_nlink = 2;
		break;
	case S_IFREG:
		ip->i_op = &ram_file_iops;
		ip->i_fop = &ram_file_fops;
		break;
	case S_IFLNK:
		ip->i_op = &ram_link_iops;
		break;
	case S_IFCHR:
		ip->i_op = &ram_file_iops;
		ip->i_fop = &chrdev_fops;
		break;
	case S_IFBLK:
		ip->i_op = &ram_file_iops;
		ip->i_fop = &blkdev_fops;
		break;
	case S_IFIFO:
		ip->i_op = &ram_file_iops;
		ip->i_fop = &fifo_fops;
		break;
	default:
		ip->i_op = &ram_file_iops;
	}
	return ip;
}

/* ---- directories (rs->tree held) ---- */

static struct ram_dirent *find(struct inode *dir, const char *name)
{
	struct list_head *pos;

	list_for_each(pos, &RI(dir)->entries) {
		struct ram_dirent *d = list_entry(pos, struct ram_dirent, list);
		if (strcmp(d->name, name) == 0)
			return d;
	}
	return NULL;
}

/* Name ip (reference taken over by the entry) in dir. */
static int add_entry(struct inode *dir, const char *name, struct inode *ip)
{
	size_t len = strlen(name);
	struct ram_dirent *d = kmalloc(sizeof(*d) + len + 1);

	if (!d)
		return -ENOMEM;
	memcpy(d->name, name, len + 1);
	d->ip = ip;
	d->cookie = RI(dir)->next_cookie++;
	list_add_tail(&d->list, &RI(dir)->entries);
	if (S_ISDIR(ip->i_mode)) {
		RI(ip)->parent = dir;
		dir->i_nlink++;
	}
	dir->i_size += 20;	/* something that grows, like Linux's tmpfs */
	return 0;
}

/* Unlink d from dir; returns its inode's reference to the caller. */
static struct inode *del_entry(struct inode *dir, struct ram_dirent *d)
{
	struct inode *ip = d->ip;

	list_del(&d->list);
	kfree(d);
	dir->i_size -= 20;
	if (S_ISDIR(ip->i_mode)) {
		dir->i_nlink--;
		RI(ip)->parent = NULL;
	}
	return ip;
}

static struct inode *ram_lookup(struct inode *dir, const char *name, int *err)
{
	struct ram_sb *rs = RS(dir->i_sb);
	struct inode *ip = NULL;

	sleep_lock(&rs->tree);
	if (name[0] == '.' && name[1] == '.' && name[2] == 0) {
		ip = RI(dir)->parent ? idup(RI(dir)->parent) :
		     (dir == dir->i_sb->s_root ? idup(dir) : NULL);
	} else {
		struct ram_dirent *d = find(dir, name);
		if (d)
			ip = idup(d->ip);
	}
	sleep_unlock(&rs->tree);
	if (!ip)
		*err = -ENOENT;
	return ip;
}

static int make(struct inode *dir, const char *name, mode_t mode, dev_t rdev,
		const char *target, struct inode **out)
{
	struct ram_sb *rs = RS(dir->i_sb);
	struct inode *ip;
	char *link = NULL;
	int err = 0;

	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	if (target) {
		size_t n = strlen(target);
		if (n >= PAGE_SIZE)
			return -ENAMETOOLONG;
		if (!(link = kmalloc(n + 1)))
			return -ENOMEM;
		memcpy(link, target, n + 1);
	}
	sleep_lock(&rs->tree);
	if (find(dir, name)) {
		err = -EEXIST;
	} else if ((ip = ram_new_inode(dir->i_sb, mode, rdev, &err))) {
		if (link) {
			RI(ip)->link = link;
			ip->i_size = strlen(link);
			link = NULL;
		}
		if ((err = add_entry(dir, name, ip))) {
			ip->i_nlink = 0;
			sleep_unlock(&rs->tree);
			iput(ip);
			kfree(link);
			return err;
		}
		if (out)
			*out = idup(ip);
	}
	sleep_unlock(&rs->tree);
	kfree(link);
	return err;
}

static int ram_mknod(struct inode *dir, const char *name, mode_t mode, dev_t rdev,
		     struct inode **out)
{
	return make(dir, name, mode, rdev, NULL, out);
}

static int ram_mkdir(struct inode *dir, const char *name, mode_t mode, struct inode **out)
{
	return make(dir, name, S_IFDIR | mode, 0, NULL, out);
}

static int ram_symlink(struct inode *dir, const char *name, const char *target)
{
	return make(dir, name, S_IFLNK | 0777, 0, target, NULL);
}

static int ram_link(struct inode *dir, const char *name, struct inode *ip)
{
	struct ram_sb *rs = RS(dir->i_sb);
	int err;

	if (strlen(name) > NAME_MAX)
		return -ENAMETOOLONG;
	sleep_lock(&rs->tree);
	if (ip->i_nlink == 0) {
		err = -ENOENT;
	} else if (find(dir, name)) {
		err = -EEXIST;
	} else if ((err = add_entry(dir, name, idup(ip))) == 0) {
		ip->i_nlink++;
		inode_touch(ip, false, true);
	} else {
		sleep_unlock(&rs->tree);
		iput(ip);
		return err;
	}
	sleep_unlock(&rs->tree);
	return err;
}

static int remove(struct inode *dir, const char *name, struct inode *ip, bool rmdir)
{
	struct ram_sb *rs = RS(dir->i_sb);
	struct ram_dirent *d;
	struct inode *gone = NULL;
	int err = 0;

	sleep_lock(&rs->tree);
	d = find(dir, name);
	if (!d || d->ip != ip) {
		err = -ENOENT;
	} else if (rmdir && !list_empty(&RI(ip)->entries)) {
		err = -ENOTEMPTY;
	} else {
		gone = del_entry(dir, d);
		ip->i_nlink = rmdir ? 0 : ip->i_nlink - 1;
		inode_touch(ip, false, true);
	}
	sleep_unlock(&rs->tree);
	if (gone)
		iput(gone);	/* the entry's reference; the caller still has one */
	return err;
}

static int ram_unlink(struct inode *dir, const char *name, struct inode *ip)
{
	return remove(dir, name, ip, false);
}

static int ram_rmdir(struct inode *dir, const char *name, struct inode *ip)
{
	return remove(dir, name, ip, true);
}

/* Is a the directory d or one of its ancestors? tree held. */
static bool is_ancestor(struct inode *a, struct inode *d)
{
	for (; d; d = RI(d)->parent)
		if (d == a)
			return true;
	return false;
}

static int ram_rename(struct inode *odir, const char *oname, struct inode *ndir,
		      const char *nname, unsigned int flags)
{
	struct ram_sb *rs = RS(odir->i_sb);
	struct ram_dirent *od, *nd;
	struct inode *ip, *victim = NULL;
	int err = 0;

	if (strlen(nname) > NAME_MAX)
		return -ENAMETOOLONG;
	sleep_lock(&rs->tree);
	od = find(odir, oname);
	nd = find(ndir, nname);
	if (!od) {
		err = -ENOENT;
		goto out;
	}
	ip = od->ip;
	bool isdir = S_ISDIR(ip->i_mode);
	if (nd && nd->ip == ip)
		goto out;			/* same file: nothing to do */
	if (nd && (flags & RENAME_NOREPLACE))
		err = -EEXIST;
	else if (ip->i_mounted || (nd && nd->ip->i_mounted))
		err = -EBUSY;
	else if ((flags & RENAME_TRAILING_SLASH) && !isdir)
		err = -ENOTDIR;
	else if (isdir && is_ancestor(ip, ndir))
		err = -EINVAL;
	else if (nd && isdir && !S_ISDIR(nd->ip->i_mode))
		err = -ENOTDIR;
	else if (nd && !isdir && S_ISDIR(nd->ip->i_mode))
		err = -EISDIR;
	else if (nd && isdir && !list_empty(&RI(nd->ip)->entries))
		err = -ENOTEMPTY;
	else if (odir->i_nlink == 0 || ndir->i_nlink == 0)
		err = -ENOENT;
	if (err)
		goto out;
	/* Make room in ndir first (the only step that can fail). */
	if ((err = add_entry(ndir, nname, ip)))
		goto out;
	if (isdir) {		/* add_entry counted it in ndir */
		ndir->i_nlink--;
		odir->i_nlink--;
		ndir->i_nlink++;
	}
	list_del(&od->list);
	kfree(od);
	odir->i_size -= 20;
	if (nd) {
		victim = del_entry(ndir, nd);
		victim->i_nlink = S_ISDIR(victim->i_mode) ? 0 : victim->i_nlink - 1;
		inode_touch(victim, false, true);
	}
	inode_touch(ip, false, true);
	inode_touch(odir, true, true);
	inode_touch(ndir, true, true);
out:
	sleep_unlock(&rs->tree);
	if (victim)
		iput(victim);
	return err;
}

static int ram_get_link(struct inode *ip, char *buf, size_t n)
{
	size_t len = min(strlen(RI(ip)->link), n);

	memcpy(buf, RI(ip)->link, len);
	return len;
}

/* Positions: 0 ".", 1 "..", then entry cookies. */
static int ram_iterate(struct file *f, struct dir_context *ctx)
{
	struct inode *dir = f->f_inode;
	struct ram_sb *rs = RS(dir->i_sb);
	struct list_head *pos;

	if (ctx->pos == 0) {
		if (!ctx->emit(ctx, ".", 1, dir->i_ino, DT_DIR))
			return 0;
		ctx->pos = 1;
	}
	if (ctx->pos == 1) {
		sleep_lock(&rs->tree);
		struct inode *p = RI(dir)->parent ? RI(dir)->parent : dir;
		u64 ino = p->i_ino;
		sleep_unlock(&rs->tree);
		if (!ctx->emit(ctx, "..", 2, ino, DT_DIR))
			return 0;
		ctx->pos = 2;
	}
	sleep_lock(&rs->tree);
	list_for_each(pos, &RI(dir)->entries) {
		struct ram_dirent *d = list_entry(pos, struct ram_dirent, list);
		if (d->cookie < (u64)ctx->pos)
			continue;
		ctx->pos = d->cookie;
		if (!ctx->emit(ctx, d->name, strlen(d->name), d->ip->i_ino,
			       (d->ip->i_mode >> 12) & 017))
			goto out;
		ctx->pos = d->cookie + 1;
	}
	ctx->pos = RI(dir)->next_cookie;
out:
	sleep_unlock(&rs->tree);
	return 0;
}

/* ---- files ---- */

static int charge(struct ram_sb *rs, long pages)
{
	long now = atomic_add_return_long(&rs->used_pages, pages);

	if (pages > 0 && rs->max_pages && (u64)now > rs->max_pages) {
		atomic_add_return_long(&rs->used_pages, -pages);
		return -ENOSPC;
	}
	return 0;
}

static ssize_t ram_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	struct inode *ip = f->f_inode;
	struct ram_sb *rs = RS(ip->i_sb);
	size_t done = 0;
	int err = 0;

	if (*pos < 0)
		return -EINVAL;
	ilock(ip);
	off_t off = (f->f_flags & O_APPEND) ? (off_t)ip->i_size : *pos;
	while (done < n) {
		size_t k = min(n - done, PAGE_SIZE - off % PAGE_SIZE);
		u64 idx = off / PAGE_SIZE;
		u8 *page = pcache_lookup(&ip->i_pages, idx);

		if (done && fatal_signal_pending(current))
			break;		/* a huge write: stop once killed */

		if (!page) {
			if ((err = charge(rs, 1)))
				break;
			if (!(page = get_free_page())) {
				charge(rs, -1);
				err = -ENOMEM;
				break;
			}
			if ((err = pcache_insert(&ip->i_pages, idx, page))) {
				free_page(page);
				charge(rs, -1);
				break;
			}
		}
		if (either_copyin(page + off % PAGE_SIZE, user, src + done, k) < 0) {
			err = -EFAULT;
			break;
		}
		done += k;
		off += k;
		if ((u64)off > ip->i_size)
			ip->i_size = off;
	}
	if (done) {
		inode_touch(ip, true, true);
		*pos = off;
	}
	iunlock(ip);
	return done ? (ssize_t)done : err;
}

/* ip locked. */
static int ram_setattr(struct inode *ip, struct iattr *a)
{
	if (a->valid & ATTR_SIZE) {
		u64 size = a->size;
		u64 before = ip->i_pages.nrpages;

		if (size < ip->i_size) {
			pcache_truncate(&ip->i_pages, (size + PAGE_SIZE - 1) / PAGE_SIZE);
			u8 *last = size % PAGE_SIZE ? pcache_lookup(&ip->i_pages, size / PAGE_SIZE) : NULL;
			if (last)
				memset(last + size % PAGE_SIZE, 0, PAGE_SIZE - size % PAGE_SIZE);
			charge(RS(ip->i_sb), -(long)(before - ip->i_pages.nrpages));
		}
		ip->i_size = size;
	}
	return simple_setattr(ip, a);
}

static int ram_get_page(struct file *f, u64 idx, void **kva)
{
	struct inode *ip = f->f_inode;
	int err;

	ilock(ip);
	bool missing = !pcache_lookup(&ip->i_pages, idx);
	iunlock(ip);
	if (missing && (err = charge(RS(ip->i_sb), 1)))
		return err;
	err = pcache_get_page(f, idx, kva);
	if (missing)
		charge(RS(ip->i_sb), err ? -1 : 0);
	return err;
}

static const struct inode_operations ram_dir_iops = {
	.lookup = ram_lookup,
	.mknod = ram_mknod,
	.mkdir = ram_mkdir,
	.symlink = ram_symlink,
	.link = ram_link,
	.unlink = ram_unlink,
	.rmdir = ram_rmdir,
	.rename = ram_rename,
};
static const struct inode_operations ram_file_iops = { .setattr = ram_setattr };
static const struct inode_operations ram_link_iops = { .get_link = ram_get_link };
static const struct file_operations ram_dir_fops = { .iterate = ram_iterate };
static const struct file_operations ram_file_fops = {
	.read = pcache_file_read,
	.write = ram_write,
	.get_page = ram_get_page,
};

/* ---- super blocks ---- */

static int ram_statfs(struct super_block *sb, struct kstatfs *st)
{
	struct ram_sb *rs = RS(sb);
	u64 used = READ_ONCE(rs->used_pages);

	st->f_bsize = PAGE_SIZE;
	st->f_blocks = rs->max_pages;
	st->f_bfree = st->f_bavail = rs->max_pages > used ? rs->max_pages - used : 0;
	st->f_files = rs->max_inodes;
	st->f_ffree = rs->max_inodes > rs->nr_inodes ? rs->max_inodes - rs->nr_inodes : 0;
	st->f_namelen = NAME_MAX;
	return 0;
}

/* Move every entry below dir onto dead (umount); tree held. The entries
 * keep their references, dropped by the caller outside the lock (evict
 * takes it). */
static void drop_tree(struct inode *dir, struct list_head *dead)
{
	while (!list_empty(&RI(dir)->entries)) {
		struct ram_dirent *d = list_first_entry(&RI(dir)->entries, struct ram_dirent, list);
		struct inode *ip = d->ip;

		if (S_ISDIR(ip->i_mode)) {
			drop_tree(ip, dead);
			RI(ip)->parent = NULL;
		}
		list_del(&d->list);
		list_add(&d->list, dead);
		ip->i_nlink = 0;
	}
	dir->i_size = 0;
}

static void ram_kill_sb(struct super_block *sb)
{
	struct ram_sb *rs = RS(sb);
	LIST_HEAD(dead);

	sleep_lock(&rs->tree);
	drop_tree(sb->s_root, &dead);
	sleep_unlock(&rs->tree);
	while (!list_empty(&dead)) {
		struct ram_dirent *d = list_first_entry(&dead, struct ram_dirent, list);
		list_del(&d->list);
		iput(d->ip);
		kfree(d);
	}
	sb->s_root->i_nlink = 0;
	iput(sb->s_root);
}

static void ram_put_super(struct super_block *sb)
{
	kfree(sb->s_fs_info);
}

static void tmpfs_show(struct super_block *sb, char *buf, size_t n)
{
	snprintf(buf, n, "size=%lluk", (unsigned long long)RS(sb)->max_pages * (PAGE_SIZE / 1024));
}

static const struct super_operations ram_sops = {
	.alloc_inode = ram_alloc_inode,
	.free_inode = ram_free_inode,
	.evict_inode = ram_evict,
	.statfs = ram_statfs,
	.kill_sb = ram_kill_sb,
	.put_super = ram_put_super,
};
static const struct super_operations tmpfs_sops = {
	.alloc_inode = ram_alloc_inode,
	.free_inode = ram_free_inode,
	.evict_inode = ram_evict,
	.statfs = ram_statfs,
	.kill_sb = ram_kill_sb,
	.put_super = ram_put_super,
	.show_options = tmpfs_show,
};

/* "size=N[kmg%]" and "nr_inodes=N" from data. */
static int parse_options(struct ram_sb *rs, const char *data)
{
	while (data && *data) {
		const char *e = data;
		while (*e && *e != ',')
			e++;
		u64 v = 0;
		const char *p;
		if (strncmp(data, "size=", 5) == 0 || strncmp(data, "nr_inodes=", 10) == 0) {
			bool size = data[0] == 's';
			for (p = data + (size ? 5 : 10); p < e && *p >= '0' && *p <= '9'; p++)
				v = v * 10 + (*p - '0');
			if (p == data + (size ? 5 : 10))
				return -EINVAL;
			if (p < e) {
				switch (*p) {
				case 'k': case 'K': v <<= 10; break;
				case 'm': case 'M': v <<= 20; break;
				case 'g': case 'G': v <<= 30; break;
				case '%': v = nr_total_pages() * PAGE_SIZE / 100 * v; break;
				default: return -EINVAL;
				}
				p++;
			}
			if (p != e)
				return -EINVAL;
			if (size)
				rs->max_pages = (v + PAGE_SIZE - 1) / PAGE_SIZE;
			else
				rs->max_inodes = v;
		}
		/* other options (mode=, uid=, ...) are accepted and ignored */
		data = *e ? e + 1 : e;
	}
	return 0;
}

static int ram_mount_common(struct file_system_type *t, const char *data, bool tmpfs,
			    struct super_block **out)
{
	struct ram_sb *rs = kzalloc(sizeof(*rs));
	struct super_block *sb;
	int err;

	if (!rs)
		return -ENOMEM;
	sleeplock_init(&rs->tree, "ramfs_tree");
	if (tmpfs) {
		rs->max_pages = nr_total_pages() / 2;	/* Linux's default */
		rs->max_inodes = nr_total_pages() / 2;
		if ((err = parse_options(rs, data))) {
			kfree(rs);
			return err;
		}
	}
	if (!(sb = alloc_super(t, tmpfs ? &tmpfs_sops : &ram_sops))) {
		kfree(rs);
		return -ENOMEM;
	}
	sb->s_fs_info = rs;
	sb->s_dev = alloc_anon_dev();
	sb->s_magic = tmpfs ? TMPFS_MAGIC : RAMFS_MAGIC;
	sleep_lock(&rs->tree);
	sb->s_root = ram_new_inode(sb, S_IFDIR | (tmpfs ? 01777 : 0755), 0, &err);
	sleep_unlock(&rs->tree);
	if (!sb->s_root) {
		put_super(sb);
		return err;
	}
	*out = sb;
	return 0;
}

static int ramfs_mount(struct file_system_type *t, const char *dev, const char *data,
		       struct super_block **out)
{
	return ram_mount_common(t, data, false, out);
}

static int tmpfs_mount(struct file_system_type *t, const char *dev, const char *data,
		       struct super_block **out)
{
	return ram_mount_common(t, data, true, out);
}

/* ---- devtmpfs: a tmpfs with a node for every device a driver registered ---- */

#define MAX_DEVNODES 32
static struct { const char *name; mode_t mode; dev_t dev; } devnodes[MAX_DEVNODES];
static int nr_devnodes;	/* written at boot, before /dev is mounted */

void devtmpfs_register(const char *name, mode_t mode, dev_t dev)
{
	if (nr_devnodes < MAX_DEVNODES)
		devnodes[nr_devnodes++] = (typeof(devnodes[0])){ name, mode, dev };
	else
		printk("devtmpfs: no room for /dev/%s\n", name);
}

static int devtmpfs_mount(struct file_system_type *t, const char *dev, const char *data,
			  struct super_block **out)
{
	static const char *const links[][2] = {
		{ "fd", "/proc/self/fd" }, { "stdin", "/proc/self/fd/0" },
		{ "stdout", "/proc/self/fd/1" }, { "stderr", "/proc/self/fd/2" },
	};
	struct super_block *sb;
	struct inode *ip;
	int err = ram_mount_common(t, "size=64k", true, &sb);

	if (err)
		return err;
	for (int i = 0; i < nr_devnodes; i++)
		if (make(sb->s_root, devnodes[i].name, devnodes[i].mode, devnodes[i].dev, NULL,
			 &ip) == 0)
			iput(ip);
	for (size_t i = 0; i < ARRAY_SIZE(links); i++)
		make(sb->s_root, links[i][0], S_IFLNK | 0777, 0, links[i][1], NULL);
	if (make(sb->s_root, "shm", S_IFDIR | 01777, 0, NULL, &ip) == 0)
		iput(ip);
	if (make(sb->s_root, "pts", S_IFDIR | 0755, 0, NULL, &ip) == 0)
		iput(ip);
	*out = sb;
	return 0;
}

static struct file_system_type ramfs_type = { .name = "ramfs", .mount = ramfs_mount };
static struct file_system_type tmpfs_type = { .name = "tmpfs", .mount = tmpfs_mount };
static struct file_system_type devtmpfs_type = { .name = "devtmpfs", .mount = devtmpfs_mount };

void ramfs_init(void)
{
	register_filesystem(&ramfs_type);
	register_filesystem(&tmpfs_type);
	register_filesystem(&devtmpfs_type);
}
