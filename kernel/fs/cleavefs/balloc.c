/* Allocating data blocks.
 *
 * sb is written once at mount (ops.c) and read-only afterwards. Block allocation
 * needs no lock of its own: the bitmap block's buffer lock serialises
 * allocators that look at the same bitmap block. */
#include "cleavefs.h"
#include "printk.h"
#include "string.h"

struct superblock sb;

static void bzero(u32 blockno)
{
	struct buf *b = bread(blockno);

	memset(b->data, 0, BSIZE);
	log_write(b);
	brelse(b);
}

/* Allocate a zeroed data block inside the current operation; 0 if full. */
u32 balloc(void)
{
	u32 datastart = sb.size - sb.nblocks;

	for (u32 base = 0; base < sb.size; base += BPB) {
		struct buf *bp = bread(BBLOCK(base, sb));
		u32 lo = base < datastart ? datastart - base : 0;

		for (u32 bi = lo; bi < BPB && base + bi < sb.size; bi++) {
			u8 m = 1 << (bi % 8);

			if (bi % 8 == 0 && bp->data[bi / 8] == 0xff && bi + 8 <= BPB) {
				bi += 7;	/* whole byte in use */
				continue;
			}
			if (!(bp->data[bi / 8] & m)) {
				bp->data[bi / 8] |= m;
				log_write(bp);
				brelse(bp);
				bzero(base + bi);
				return base + bi;
			}
		}
		brelse(bp);
	}
	return 0;
}

void bfree(u32 b)
{
	struct buf *bp;
	u32 bi = b % BPB;

	if (b < sb.size - sb.nblocks || b >= sb.size)
		panic("bfree: block %u is not a data block", b);
	bp = bread(BBLOCK(b, sb));
	if (!(bp->data[bi / 8] & (1 << (bi % 8))))
		panic("bfree: block %u already free", b);
	bp->data[bi / 8] &= ~(1 << (bi % 8));
	log_write(bp);
	brelse(bp);
}

/* For statfs: counts set bits, a bitmap block at a time. */
u64 nr_free_blocks(void)
{
	u32 datastart = sb.size - sb.nblocks;
	u64 used = 0;

	for (u32 base = 0; base < sb.size; base += BPB) {
		struct buf *bp = bread(BBLOCK(base, sb));
		for (u32 bi = 0; bi < BPB && base + bi < sb.size; bi++)
			if (base + bi >= datastart && (bp->data[bi / 8] & (1 << (bi % 8))))
				used++;
		brelse(bp);
	}
	return sb.nblocks - used;
}
