/* mkfs: build a cleave file system image from a host directory tree.
 *
 *   mkfs OUT.img SIZE_MB ROOTDIR
 *
 * The image is assembled in memory and written out at the end. Blocks and
 * inodes are handed out sequentially; the bitmap marks every block below
 * the allocation pointer as used (metadata included). Any error exits 1
 * with a message and leaves no image behind. */
#include <dirent.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>
#include "fs_format.h"
#include "hostcompat.h"

/* Device numbers: must match kernel/include/fs.h (Linux's numbers). */
#define MEM_MAJOR_ID 1		/* null 3, zero 5 */
#define TTYAUX_MAJOR_ID 5	/* console 1 */

static unsigned char *img;	/* the whole image */
static struct superblock sb;
static u32 next_block;		/* first never-allocated block */
static u32 next_inum = ROOTINO;	/* next inode number to hand out */
static const char *out_path;

static void die_errno(const char *what)
{
	fprintf(stderr, "mkfs: ");
	perror(what);
	if (out_path)
		unlink(out_path);
	exit(1);
}

static void die(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fprintf(stderr, "mkfs: ");
	vfprintf(stderr, fmt, ap);
	fprintf(stderr, "\n");
	va_end(ap);
	if (out_path)
		unlink(out_path);
	exit(1);
}

static void *block(u32 b)
{
	if (b >= sb.size)
		die("internal error: block %u out of range", b);
	return img + (size_t)b * BSIZE;
}

static u32 balloc(void)
{
	if (next_block >= sb.size)
		die("image too small: out of data blocks (%u blocks)", sb.size);
	return next_block++;	/* image memory is already zero */
}

static struct dinode *dinode(u32 inum)
{
	return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

/* A new inode; its three times are mtime (seconds, nanoseconds). */
static u32 ialloc(u16 type, u32 mode, s64 mtime, u32 mtime_ns)
{
	struct dinode *d;

	if (next_inum >= sb.ninodes)
		die("out of inodes (%u)", sb.ninodes);
	d = dinode(next_inum);
	memset(d, 0, sizeof(*d));
	d->type = type;
	d->mode = mode & 07777;
	d->atime = d->mtime = d->ctime = mtime;
	d->atime_ns = d->mtime_ns = d->ctime_ns = mtime_ns;
	return next_inum++;
}

/* The disk block holding file block bn of inode d, allocated if absent. */
static u32 bmap(struct dinode *d, u64 bn)
{
	u32 *slot, *ind;

	if (bn < NDIRECT) {
		slot = &d->addrs[bn];
	} else if ((bn -= NDIRECT) < NINDIRECT) {
		if (!d->addrs[IND_SLOT])
			d->addrs[IND_SLOT] = balloc();
		slot = (u32 *)block(d->addrs[IND_SLOT]) + bn;
	} else if ((bn -= NINDIRECT) < NDINDIRECT) {
		if (!d->addrs[DIND_SLOT])
			d->addrs[DIND_SLOT] = balloc();
		ind = (u32 *)block(d->addrs[DIND_SLOT]) + bn / NINDIRECT;
		if (!*ind)
			*ind = balloc();
		slot = (u32 *)block(*ind) + bn % NINDIRECT;
	} else {
		die("file too large");
	}
	if (!*slot)
		*slot = balloc();
	return *slot;
}

static void iappend(u32 inum, const void *data, size_t n)
{
	struct dinode *d = dinode(inum);
	const char *p = data;

	while (n > 0) {
		u64 off = d->size;
		size_t k = BSIZE - off % BSIZE;

		if (k > n)
			k = n;
		memcpy((char *)block(bmap(d, off / BSIZE)) + off % BSIZE, p, k);
		d->size += k;
		p += k;
		n -= k;
	}
}

/* Inode number of name in directory dinum, or 0. */
static u32 dir_lookup(u32 dinum, const char *name)
{
	struct dinode *d = dinode(dinum);

	for (u64 off = 0; off < d->size; off += sizeof(struct fs_dirent)) {
		struct fs_dirent *de = (struct fs_dirent *)
			((char *)block(bmap(d, off / BSIZE)) + off % BSIZE);
		if (de->inum && strncmp(de->name, name, DIRSIZ) == 0)
			return de->inum;
	}
	return 0;
}

static void dir_add(u32 dinum, const char *name, u32 inum)
{
	struct fs_dirent de;

	memset(&de, 0, sizeof(de));
	de.inum = inum;
	strncpy(de.name, name, DIRSIZ - 1);
	iappend(dinum, &de, sizeof(de));
	dinode(inum)->nlink++;
}

/* New directory 'name' in parent (parent == 0: the root). */
static u32 make_dir(u32 parent, const char *name, u32 mode, s64 mtime, u32 mtime_ns)
{
	u32 inum = ialloc(T_DIR, mode, mtime, mtime_ns);

	if (!parent)
		parent = inum;
	dir_add(inum, ".", inum);
	dir_add(inum, "..", parent);
	if (parent != inum)
		dir_add(parent, name, inum);
	return inum;
}

static u32 ensure_dir(u32 parent, const char *name)
{
	u32 inum = dir_lookup(parent, name);

	if (!inum)
		return make_dir(parent, name, 0755, time(NULL), 0);
	if (dinode(inum)->type != T_DIR)
		die("/%s exists in ROOTDIR but is not a directory", name);
	return inum;
}

static void add_file(u32 parent, const char *name, const char *path, struct stat *st)
{
	static char buf[1 << 16];
	u32 inum = ialloc(T_FILE, st->st_mode, st->st_mtim.tv_sec, st->st_mtim.tv_nsec);
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		die_errno(path);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		iappend(inum, buf, n);
	if (ferror(f))
		die("%s: read error", path);
	fclose(f);
	dir_add(parent, name, inum);
}

static void add_tree(u32 dinum, const char *hostdir)
{
	struct dirent **ents;
	int n = scandir(hostdir, &ents, NULL, alphasort);

	if (n < 0)
		die_errno(hostdir);
	for (int i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;
		char path[4096];
		struct stat st;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			goto next;
		if (strlen(name) > FS_NAME_MAX) {
			fprintf(stderr, "mkfs: warning: skipping %s/%s: name longer than %d\n",
				hostdir, name, FS_NAME_MAX);
			goto next;
		}
		if (snprintf(path, sizeof(path), "%s/%s", hostdir, name) >= (int)sizeof(path))
			die("%s/%s: path too long", hostdir, name);
		if (lstat(path, &st) < 0)
			die_errno(path);
		if (S_ISLNK(st.st_mode)) {
			char target[SYMLINK_MAX + 1];
			ssize_t n = readlink(path, target, sizeof(target));

			if (n <= 0 || n > SYMLINK_MAX)
				die("%s: unreadable or too long symlink", path);
			if (dir_lookup(dinum, name))
				die("%s: name clash", path);
			u32 inum = ialloc(T_SYMLINK, 0777, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
			iappend(inum, target, n);
			dir_add(dinum, name, inum);
		} else if (S_ISDIR(st.st_mode)) {
			u32 sub = dir_lookup(dinum, name);

			if (!sub)
				sub = make_dir(dinum, name, st.st_mode, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
			else if (dinode(sub)->type != T_DIR)
				die("%s: name clash", path);
			add_tree(sub, path);
		} else if (S_ISREG(st.st_mode)) {
			if (dir_lookup(dinum, name))
				die("%s: name clash", path);
			add_file(dinum, name, path, &st);
		} else {
			fprintf(stderr, "mkfs: warning: skipping %s: not a file or directory\n", path);
		}
next:
		free(ents[i]);
	}
	free(ents);
}

static void add_device(u32 dir, const char *name, int major, int minor, u32 mode)
{
	u32 inum;
	struct dinode *d;

	if (dir_lookup(dir, name)) {
		fprintf(stderr, "mkfs: warning: %s exists in ROOTDIR, not replaced by a device\n", name);
		return;
	}
	inum = ialloc(T_DEVICE, mode, time(NULL), 0);
	d = dinode(inum);
	d->major = major;
	d->minor = minor;
	dir_add(dir, name, inum);
}

static void layout(u64 size_mb)
{
	u64 nblk = size_mb * (1024 * 1024 / BSIZE);
	u32 ninodes = FS_DEFAULT_NINODES, ninodeblocks, nbitmap, meta;

	if (size_mb < 1 || nblk > 0xffffffffULL)
		die("bad size %llu MiB", (unsigned long long)size_mb);
	if (nblk < 4096)		/* small images: fewer inodes */
		ninodes = 1024;
	ninodeblocks = ninodes / IPB;
	nbitmap = (u32)(nblk / BPB + 1);
	meta = 2 + (LOGSIZE + 1) + ninodeblocks + nbitmap;
	if (meta + 16 > nblk)
		die("image too small: %llu MiB", (unsigned long long)size_mb);
	sb.magic = FS_MAGIC;
	sb.size = (u32)nblk;
	sb.nblocks = (u32)nblk - meta;
	sb.ninodes = ninodes;
	sb.nlog = LOGSIZE + 1;
	sb.logstart = 2;
	sb.inodestart = 2 + sb.nlog;
	sb.bmapstart = sb.inodestart + ninodeblocks;
	next_block = meta;
}

static void write_bitmap(void)
{
	for (u32 b = 0; b < next_block; b++)
		((unsigned char *)block(BBLOCK(b, sb)))[(b % BPB) / 8] |= 1 << (b % 8);
}

int main(int argc, char **argv)
{
	u32 root, dev;
	FILE *f;

	if (argc != 4) {
		fprintf(stderr, "usage: mkfs OUT.img SIZE_MB ROOTDIR\n");
		return 1;
	}
	layout(strtoull(argv[2], NULL, 0));
	img = calloc(sb.size, BSIZE);
	if (!img)
		die("out of memory for a %u-block image", sb.size);
	memcpy(block(1), &sb, sizeof(sb));

	root = make_dir(0, "/", 0755, time(NULL), 0);
	add_tree(root, argv[3]);
	/* The kernel mounts devtmpfs, proc and tmpfs here; the nodes below
	 * serve only if devtmpfs is not mounted. */
	dev = ensure_dir(root, "dev");
	add_device(dev, "console", TTYAUX_MAJOR_ID, 1, 0600);
	add_device(dev, "null", MEM_MAJOR_ID, 3, 0666);
	add_device(dev, "zero", MEM_MAJOR_ID, 5, 0666);
	ensure_dir(root, "proc");
	ensure_dir(root, "tmp");
	ensure_dir(root, "etc");
	write_bitmap();

	out_path = argv[1];
	f = fopen(out_path, "wb");
	if (!f)
		die_errno(out_path);
	if (fwrite(img, BSIZE, sb.size, f) != sb.size || fclose(f) != 0)
		die("%s: write error", out_path);
	printf("mkfs: %s: %u blocks (%u used), %u/%u inodes\n", out_path, sb.size,
	       next_block, next_inum - 1, sb.ninodes);
	return 0;
}
