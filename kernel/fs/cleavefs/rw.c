/* Reading and writing inode contents (ip locked). Buffers may be in user
 * or kernel memory (either_copyout/either_copyin).
 *
 * File data lives in the buffer cache (and goes to disk through the log).
 * Pages of a file that is mapped are also in its page cache (i_pages,
 * filled by cfs_get_page): a write copies its bytes into a cached page as
 * well, so mappings see writes at once; a truncate drops whole pages
 * beyond the end and zeroes the tail of the last. */
#include "cleavefs.h"
#include "errno.h"
#include "mm.h"
#include "string.h"
#include "uaccess.h"

ssize_t readi(struct inode *ip, bool user_dst, u64 dst, u64 off, size_t n)
{
	size_t done = 0;

	if (off >= ip->i_size)
		return 0;
	if (n > ip->i_size - off)
		n = ip->i_size - off;
	while (done < n) {
		size_t k = min(n - done, BSIZE - off % BSIZE);
		u8 *cached = pcache_lookup(&ip->i_pages, off / PAGE_SIZE);
		u32 bn = cached ? 0 : bmap(ip, off / BSIZE, false);
		int r;

		if (cached) {	/* newer than the block if a mapping wrote it */
			r = either_copyout(user_dst, dst, cached + off % PAGE_SIZE, k);
		} else if (bn) {
			struct buf *b = bread(bn);

			r = either_copyout(user_dst, dst, b->data + off % BSIZE, k);
			brelse(b);
		} else {	/* hole: reads as zeros */
			static const u8 zeros[512];

			k = min(k, sizeof(zeros));
			r = either_copyout(user_dst, dst, zeros, k);
		}
		if (r < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
		off += k;
		dst += k;
	}
	return done;
}

/* Write inside an operation; the caller keeps n small enough for one
 * transaction (MAXWRITE). Grows the file; returns bytes written or
 * -errno if nothing was written. */
ssize_t writei(struct inode *ip, bool user_src, u64 src, u64 off, size_t n)
{
	size_t done = 0;
	int err = 0;

	if (off > MAXFILE * BSIZE || n > MAXFILE * BSIZE - off)
		return -EFBIG;
	while (done < n) {
		size_t k = min(n - done, BSIZE - off % BSIZE);
		u32 bn = bmap(ip, off / BSIZE, true);
		struct buf *b;

		if (!bn) {
			err = -ENOSPC;
			break;
		}
		b = bread(bn);
		if (either_copyin(b->data + off % BSIZE, user_src, src, k) < 0) {
			brelse(b);
			err = -EFAULT;
			break;
		}
		u8 *cached = pcache_lookup(&ip->i_pages, off / PAGE_SIZE);
		if (cached)
			memcpy(cached + off % PAGE_SIZE, b->data + off % BSIZE, k);
		log_write(b);
		brelse(b);
		done += k;
		off += k;
		src += k;
	}
	if (off > ip->i_size)
		ip->i_size = off;
	iupdate(ip);	/* size, and addrs changed by bmap */
	return done ? (ssize_t)done : err;
}

/* The page cache page for file page idx, filled from the file on first
 * use (zeros past the end), with a reference for the caller (a mapping). */
int cfs_get_page(struct file *f, u64 idx, void **kva)
{
	struct inode *ip = f->f_inode;
	int err = 0;

	ilock(ip);
	u8 *p = pcache_lookup(&ip->i_pages, idx);
	if (!p) {
		if (!(p = get_free_page())) {
			err = -ENOMEM;
		} else if (readi(ip, false, (u64)p, idx * PAGE_SIZE, PAGE_SIZE) < 0) {
			free_page(p);
			err = -EIO;
		} else if ((err = pcache_insert(&ip->i_pages, idx, p)) < 0) {
			free_page(p);
		}
	}
	if (!err) {
		get_page(virt_to_page(p));
		*kva = p;
	}
	iunlock(ip);
	return err;
}
