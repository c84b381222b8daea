/* Pieces that several file systems share: attribute changes kept in
 * memory, and files whose data lives only in the page cache (ramfs,
 * tmpfs, the initramfs). */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

/* Apply a to ip (locked); size changes are the caller's business. */
int simple_setattr(struct inode *ip, struct iattr *a)
{
	if (a->valid & ATTR_MODE)
		ip->i_mode = (ip->i_mode & S_IFMT) | (a->mode & 07777);
	if (a->valid & ATTR_UID)
		ip->i_uid = a->uid;
	if (a->valid & ATTR_GID)
		ip->i_gid = a->gid;
	if (a->valid & ATTR_ATIME)
		ip->i_atime = a->atime;
	if (a->valid & ATTR_MTIME)
		ip->i_mtime = a->mtime;
	if (a->valid & ATTR_CTIME)
		ip->i_ctime = a->ctime;
	return 0;
}

static const u8 zeros[512];

/* Read from the page cache; a missing page is a hole and reads as zeros. */
ssize_t pcache_file_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	struct inode *ip = f->f_inode;
	size_t done = 0;
	off_t off = *pos;

	if (off < 0)
		return -EINVAL;
	ilock(ip);
	if ((u64)off < ip->i_size)
		n = min(n, ip->i_size - off);
	else
		n = 0;
	while (done < n) {
		size_t k = min(n - done, PAGE_SIZE - (off % PAGE_SIZE));
		u8 *page = pcache_lookup(&ip->i_pages, off / PAGE_SIZE);
		int r;

		if (done && fatal_signal_pending(current))
			break;		/* a huge read: stop once killed */
		if (!page)
			k = min(k, sizeof(zeros));
		r = either_copyout(user, dst + done, page ? page + off % PAGE_SIZE : zeros, k);
		if (r < 0) {
			if (!done)
				done = -EFAULT;
			break;
		}
		done += k;
		off += k;
	}
	if ((ssize_t)done > 0) {
		ip->i_atime = current_time();
		*pos = off;
	}
	iunlock(ip);
	return done;
}

/* The cached page at idx for a mapping, allocated (zeroed) if missing. */
int pcache_get_page(struct file *f, u64 idx, void **kva)
{
	struct inode *ip = f->f_inode;
	void *p;
	int err = 0;

	ilock(ip);
	p = pcache_lookup(&ip->i_pages, idx);
	if (!p) {
		if (!(p = get_free_page()))
			err = -ENOMEM;
		else if ((err = pcache_insert(&ip->i_pages, idx, p)) < 0)
			free_page(p);
	}
	if (!err) {
		get_page(virt_to_page(p));
		*kva = p;
	}
	iunlock(ip);
	return err;
}
