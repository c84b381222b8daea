/* Reading and writing inode contents (ip locked). Buffers may be in user
 * or kernel memory (either_copyout/either_copyin). */
#include "cleavefs.h"
#include "errno.h"
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
		u32 bn = bmap(ip, off / BSIZE, false);
		int r;

		if (bn) {
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
