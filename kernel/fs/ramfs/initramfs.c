/* The initramfs: a newc cpio archive (the boot loader's initrd) unpacked
 * into the ramfs root at boot, as Linux does.
 *
 * newc: each member is a 110-byte ASCII header ("070701" and 13 fields
 * of 8 hex digits), the NUL-terminated name padded to 4 bytes, then the
 * data padded to 4 bytes; "TRAILER!!!" ends the archive. A malformed
 * archive (bad magic, truncated header, a name without its NUL, data past
 * the end) stops the unpacking with one console line; what was unpacked
 * before stays. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"


#define HDR 110

enum { F_INO, F_MODE, F_UID, F_GID, F_NLINK, F_MTIME, F_FILESIZE, F_DEVMAJOR, F_DEVMINOR,
       F_RDEVMAJOR, F_RDEVMINOR, F_NAMESIZE, F_CHECK, NFIELDS };

static bool parse_hex(const char *p, u32 *v)
{
	*v = 0;
	for (int i = 0; i < 8; i++) {
		char c = p[i];
		int d = c >= '0' && c <= '9' ? c - '0' : c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
		if (d < 0)
			return false;
		*v = *v << 4 | d;
	}
	return true;
}

static int write_file(const char *path, const u8 *data, u32 size)
{
	struct inode *ip;
	struct file *f;
	int err;

	if ((err = path_lookupat(AT_FDCWD, path, 0, &ip)))
		return err;
	if ((err = vfs_open(ip, O_WRONLY, &f))) {
		iput(ip);
		return err;
	}
	off_t pos = 0;
	ssize_t r = size ? vfs_write(f, false, (u64)data, size, &pos) : 0;
	fput(f);
	return r < 0 ? (int)r : (r == (ssize_t)size ? 0 : -ENOSPC);
}

/* Give path the archive's mode, owner and mtime. */
static void set_attrs(const char *path, u32 mode, u32 uid, u32 gid, u32 mtime)
{
	struct inode *ip;
	struct iattr a = { .valid = ATTR_UID | ATTR_GID | ATTR_MTIME, .uid = uid, .gid = gid };

	if (path_lookupat(AT_FDCWD, path, 0, &ip))
		return;
	a.mtime = (struct timespec64){ mtime, 0 };
	if (!S_ISLNK(mode)) {
		a.valid |= ATTR_MODE;
		a.mode = mode & 07777;
	}
	vfs_setattr(ip, &a);
	iput(ip);
}

static int unpack_one(const char *name, u32 *f, const u8 *data)
{
	mode_t mode = f[F_MODE];
	char *path = kmalloc(MAXPATH);
	int err = 0;

	if (!path)
		return -ENOMEM;
	snprintf(path, MAXPATH, "/%s", name);
	switch (mode & S_IFMT) {
	case S_IFDIR:
		err = create_node(AT_FDCWD, path, S_IFDIR | (mode & 07777), 0, NULL);
		if (err == -EEXIST)
			err = 0;	/* "." or a directory listed twice */
		break;
	case S_IFREG:
		err = create_node(AT_FDCWD, path, mode, 0, NULL);
		if (!err)
			err = write_file(path, data, f[F_FILESIZE]);
		break;
	case S_IFLNK: {
		char *target = kmalloc(f[F_FILESIZE] + 1);
		if (!target) {
			err = -ENOMEM;
			break;
		}
		memcpy(target, data, f[F_FILESIZE]);
		target[f[F_FILESIZE]] = 0;
		err = create_node(AT_FDCWD, path, S_IFLNK | 0777, 0, target);
		kfree(target);
		break;
	}
	case S_IFCHR:
	case S_IFBLK:
	case S_IFIFO:
	case S_IFSOCK:
		err = create_node(AT_FDCWD, path, mode, MKDEV(f[F_RDEVMAJOR], f[F_RDEVMINOR]), NULL);
		break;
	default:
		printk("initramfs: %s: unknown file type %o, skipped\n", name, mode);
	}
	if (!err && strcmp(name, ".") != 0)
		set_attrs(path, mode, f[F_UID], f[F_GID], f[F_MTIME]);
	if (err)
		printk("initramfs: cannot create %s: error %d\n", name, err);
	kfree(path);
	return err == -ENOSPC || err == -ENOMEM ? err : 0;
}

int unpack_initramfs(const void *start, size_t len)
{
	const u8 *p = start, *end = p + len;
	u32 f[NFIELDS];
	int n = 0;

	for (;;) {
		/* Some archives are padded with zeros after the trailer or
		 * between concatenated parts. */
		while (p + 4 <= end && !p[0] && !p[1] && !p[2] && !p[3])
			p += 4;
		if (p == end)
			break;
		if (end - p < HDR) {
			printk("initramfs: truncated header at offset %ld\n", (long)(p - (const u8 *)start));
			return -EINVAL;
		}
		if (memcmp(p, "070701", 6) != 0 && memcmp(p, "070702", 6) != 0) {
			printk("initramfs: bad magic at offset %ld (not a newc cpio)\n",
			       (long)(p - (const u8 *)start));
			return -EINVAL;
		}
		for (int i = 0; i < NFIELDS; i++)
			if (!parse_hex((const char *)p + 6 + 8 * i, &f[i])) {
				printk("initramfs: bad header field at offset %ld\n",
				       (long)(p - (const u8 *)start));
				return -EINVAL;
			}
		const char *name = (const char *)p + HDR;
		u32 ns = f[F_NAMESIZE];
		if (ns == 0 || ns > MAXPATH - 2 || (u64)(end - (const u8 *)name) < ns ||
		    name[ns - 1] != 0 || strnlen(name, ns) != ns - 1) {
			printk("initramfs: bad name at offset %ld\n", (long)(p - (const u8 *)start));
			return -EINVAL;
		}
		const u8 *data = (const u8 *)start + ALIGN_UP((u64)(name + ns - (const char *)start), 4);
		if (data > end || (u64)(end - data) < f[F_FILESIZE]) {
			printk("initramfs: %s: data past the end of the archive\n", name);
			return -EINVAL;
		}
		if (strcmp(name, "TRAILER!!!") == 0)
			break;
		int err = unpack_one(name, f, data);
		if (err)
			return err;
		n++;
		p = (const u8 *)start + ALIGN_UP((u64)(data + f[F_FILESIZE] - (const u8 *)start), 4);
	}
	printk("initramfs: %d entries unpacked\n", n);
	return 0;
}
