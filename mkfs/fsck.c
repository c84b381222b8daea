/* fsck: check a cleave file system image (read-only).
 *
 *   fsck IMG
 *
 * Prints one line per problem and exits 1 if there is any; otherwise
 * prints "fsck: clean: N inodes, M blocks used" and exits 0.
 * Link counts follow the convention in fs_format.h: nlink == number of
 * directory entries (including "." and "..") that name the inode. */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <stdbool.h>
#include <time.h>
#include "fs_format.h"
#include "hostcompat.h"

static unsigned char *img;
static u64 img_blocks;
static struct superblock sb;
static u32 datastart;
static int problems;
static unsigned char *blkref;	/* per block: times referenced by inodes */
static u32 *linkref;		/* per inode: directory entries naming it */
static unsigned char *visited;	/* per inode: directory already walked */

static void problem(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	printf("fsck: ");
	vprintf(fmt, ap);
	printf("\n");
	va_end(ap);
	problems++;
}

static void *block(u32 b) { return img + (u64)b * BSIZE; }

static struct dinode *dinode(u32 inum)
{
	return (struct dinode *)block(IBLOCK(inum, sb)) + inum % IPB;
}

/* Times more than a day ahead of the checking host's clock cannot have
 * been written by a kernel whose clock was right. */
static void check_time(u32 i, const char *which, s64 sec, u32 ns)
{
	s64 bound = (s64)time(NULL) + 86400;

	if (sec > bound || ns >= 1000000000u)
		problem("inode %u: %s %lld.%09u is in the future or malformed", i, which,
			(long long)sec, ns);
}

/* Fields that must agree with the inode's type. */
static void check_inode_fields(u32 i, struct dinode *d)
{
	bool special = d->type == T_DEVICE || d->type == T_BLKDEV || d->type == T_FIFO ||
		       d->type == T_SOCK;

	if (d->mode & ~07777u)
		problem("inode %u: mode %#o has bits beyond the permissions (type %u)", i, d->mode,
			d->type);
	if (special && d->size != 0)
		problem("inode %u: special file (type %u) with size %llu", i, d->type,
			(unsigned long long)d->size);
	if (!special && (d->major || d->minor))
		problem("inode %u: device number %u:%u on a type %u inode", i, d->major, d->minor,
			d->type);
	if (d->type == T_SYMLINK && (d->size == 0 || d->size > SYMLINK_MAX))
		problem("inode %u: bad symlink length %llu", i, (unsigned long long)d->size);
	if (d->type == T_DIR && d->size % sizeof(struct fs_dirent))
		problem("inode %u: directory size %llu is not a whole number of entries", i,
			(unsigned long long)d->size);
	check_time(i, "atime", d->atime, d->atime_ns);
	check_time(i, "mtime", d->mtime, d->mtime_ns);
	check_time(i, "ctime", d->ctime, d->ctime_ns);
}

static int check_super(void)
{
	u32 ninodeblocks = (sb.ninodes + IPB - 1) / IPB;
	u32 nbitmap = (sb.size + BPB - 1) / BPB;

	if (sb.magic != FS_MAGIC) {
		problem("bad superblock magic %#x", sb.magic);
		return -1;
	}
	if (sb.size > img_blocks || sb.nblocks >= sb.size || sb.logstart != 2 ||
	    sb.nlog < 2 || sb.nlog > LOGSIZE + 1 ||
	    sb.inodestart != sb.logstart + sb.nlog ||
	    sb.bmapstart < sb.inodestart + ninodeblocks ||
	    sb.size - sb.nblocks < sb.bmapstart + nbitmap || sb.ninodes < 2) {
		problem("superblock inconsistent: size %u nblocks %u ninodes %u nlog %u "
			"logstart %u inodestart %u bmapstart %u (image %llu blocks)",
			sb.size, sb.nblocks, sb.ninodes, sb.nlog, sb.logstart,
			sb.inodestart, sb.bmapstart, (unsigned long long)img_blocks);
		return -1;
	}
	datastart = sb.size - sb.nblocks;
	return 0;
}

/* Count a reference from inode inum to block b; false if b is unusable. */
static int ref_block(u32 inum, u32 b, const char *what)
{
	if (b < datastart || b >= sb.size) {
		problem("inode %u: %s block %u outside the data area [%u,%u)",
			inum, what, b, datastart, sb.size);
		return 0;
	}
	if (blkref[b]++)
		problem("block %u referenced more than once (again by inode %u, %s)",
			b, inum, what);
	return 1;
}

static void check_inode_blocks(u32 inum, struct dinode *d)
{
	for (int i = 0; i < NDIRECT; i++)
		if (d->addrs[i])
			ref_block(inum, d->addrs[i], "direct");
	if (d->addrs[IND_SLOT] && ref_block(inum, d->addrs[IND_SLOT], "indirect")) {
		u32 *ind = block(d->addrs[IND_SLOT]);

		for (u32 i = 0; i < NINDIRECT; i++)
			if (ind[i])
				ref_block(inum, ind[i], "indirect entry");
	}
	if (d->addrs[DIND_SLOT] && ref_block(inum, d->addrs[DIND_SLOT], "double-indirect")) {
		u32 *top = block(d->addrs[DIND_SLOT]);

		for (u32 i = 0; i < NINDIRECT; i++) {
			if (!top[i] || !ref_block(inum, top[i], "double-indirect level 1"))
				continue;
			u32 *ind = block(top[i]);

			for (u32 j = 0; j < NINDIRECT; j++)
				if (ind[j])
					ref_block(inum, ind[j], "double-indirect level 2");
		}
	}
	if (d->size > MAXFILE * BSIZE)
		problem("inode %u: size %llu too large", inum, (unsigned long long)d->size);
}

/* Disk block holding file block bn, or 0 (hole or bad pointer). */
static u32 bmap(struct dinode *d, u64 bn)
{
	u32 b;

	if (bn < NDIRECT)
		return d->addrs[bn];
	bn -= NDIRECT;
	if (bn < NINDIRECT) {
		b = d->addrs[IND_SLOT];
		return (b >= datastart && b < sb.size) ? ((u32 *)block(b))[bn] : 0;
	}
	bn -= NINDIRECT;
	b = d->addrs[DIND_SLOT];
	if (bn >= NDINDIRECT || b < datastart || b >= sb.size)
		return 0;
	b = ((u32 *)block(b))[bn / NINDIRECT];
	if (b < datastart || b >= sb.size)
		return 0;
	return ((u32 *)block(b))[bn % NINDIRECT];
}

static void walk_dir(u32 inum, u32 parent)
{
	struct dinode *d = dinode(inum);

	visited[inum] = 1;
	if (d->size % sizeof(struct fs_dirent))
		problem("directory %u: size %llu not a multiple of %zu", inum,
			(unsigned long long)d->size, sizeof(struct fs_dirent));
	for (u64 off = 0; off + sizeof(struct fs_dirent) <= d->size; off += sizeof(struct fs_dirent)) {
		u32 b = bmap(d, off / BSIZE);
		struct fs_dirent *de;
		int slot = off / sizeof(struct fs_dirent);

		if (b < datastart || b >= sb.size) {
			problem("directory %u: offset %llu has no valid block", inum,
				(unsigned long long)off);
			continue;
		}
		de = (struct fs_dirent *)((char *)block(b) + off % BSIZE);
		if (slot == 0 && (de->inum != inum || strcmp(de->name, ".") != 0))
			problem("directory %u: first entry is not \".\" naming itself", inum);
		if (slot == 1 && (de->inum != parent || strcmp(de->name, "..") != 0))
			problem("directory %u: second entry is not \"..\" naming its parent %u",
				inum, parent);
		if (!de->inum)
			continue;
		if (strnlen(de->name, DIRSIZ) == DIRSIZ)
			problem("directory %u: entry at %llu: name not terminated", inum,
				(unsigned long long)off);
		if (de->inum >= sb.ninodes || dinode(de->inum)->type == 0) {
			problem("directory %u: entry \"%.*s\" names free or invalid inode %u",
				inum, DIRSIZ, de->name, de->inum);
			continue;
		}
		linkref[de->inum]++;
		if (slot < 2)
			continue;
		if (!strcmp(de->name, ".") || !strcmp(de->name, ".."))
			problem("directory %u: extra \"%s\" entry", inum, de->name);
		else if (dinode(de->inum)->type == T_DIR) {
			if (visited[de->inum])
				problem("directory %u linked more than once (in %u as \"%.*s\")",
					de->inum, inum, DIRSIZ, de->name);
			else
				walk_dir(de->inum, inum);
		}
	}
	if (d->size < 2 * sizeof(struct fs_dirent))
		problem("directory %u: missing \".\" or \"..\"", inum);
}

static void check_bitmap(u64 *used)
{
	*used = 0;
	for (u32 b = 0; b < sb.size; b++) {
		unsigned char *bm = block(BBLOCK(b, sb));
		int marked = (bm[(b % BPB) / 8] >> (b % 8)) & 1;
		int inuse = b < datastart || blkref[b];

		if (marked && !inuse)
			problem("block %u marked in use in the bitmap but not referenced", b);
		if (!marked && inuse)
			problem("block %u in use but marked free in the bitmap", b);
		*used += inuse;
	}
}

static void load(const char *path)
{
	FILE *f = fopen(path, "rb");
	long n;

	if (!f || fseek(f, 0, SEEK_END) < 0 || (n = ftell(f)) < 0) {
		perror(path);
		exit(1);
	}
	img_blocks = (u64)n / BSIZE;
	if (img_blocks < 2) {
		printf("fsck: %s: image too small\n", path);
		exit(1);
	}
	img = malloc(img_blocks * BSIZE);
	rewind(f);
	if (!img || fread(img, BSIZE, img_blocks, f) != img_blocks) {
		printf("fsck: %s: read error\n", path);
		exit(1);
	}
	fclose(f);
	memcpy(&sb, block(1), sizeof(sb));
}

int main(int argc, char **argv)
{
	u32 ninuse = 0;
	u64 used;
	struct logheader *lh;

	if (argc != 2) {
		fprintf(stderr, "usage: fsck IMG\n");
		return 2;
	}
	load(argv[1]);
	if (check_super() < 0)
		return 1;
	lh = block(sb.logstart);
	if (lh->n != 0)
		problem("log header not clean: n = %u (uncommitted/unrecovered transaction)", lh->n);
	blkref = calloc(sb.size, 1);
	linkref = calloc(sb.ninodes, sizeof(u32));
	visited = calloc(sb.ninodes, 1);
	if (!blkref || !linkref || !visited) {
		printf("fsck: out of memory\n");
		return 1;
	}

	for (u32 i = 1; i < sb.ninodes; i++) {
		struct dinode *d = dinode(i);

		if (d->type == 0)
			continue;
		ninuse++;
		if (d->type > T_MAX) {
			problem("inode %u: invalid type %u", i, d->type);
			continue;
		}
		check_inode_fields(i, d);
		check_inode_blocks(i, d);
	}
	if (dinode(ROOTINO)->type != T_DIR)
		problem("root inode %u is not a directory", ROOTINO);
	else
		walk_dir(ROOTINO, ROOTINO);

	for (u32 i = 1; i < sb.ninodes; i++) {
		struct dinode *d = dinode(i);

		if (d->type == 0)
			continue;
		if (linkref[i] == 0)
			problem("inode %u (type %u) allocated but unreachable (orphan)", i, d->type);
		else if (d->nlink != linkref[i])
			problem("inode %u: nlink %u but %u directory entries name it",
				i, d->nlink, linkref[i]);
	}
	check_bitmap(&used);

	if (problems) {
		printf("fsck: %d problem(s) found\n", problems);
		return 1;
	}
	printf("fsck: clean: %u inodes, %llu blocks used\n", ninuse, (unsigned long long)used);
	return 0;
}
