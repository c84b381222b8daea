/* The buffer cache: NBUF in-memory copies of disk blocks.
 *
 * bcache.lock protects every buffer's refcnt and lru position and the
 * identity (blockno) of buffers with refcnt 0. A buffer's sleeplock
 * protects its data and valid flag; bread returns it held, so only one
 * task uses a block's contents at a time. A block is cached in at most
 * one buffer. Buffers with refcnt 0 are recycled least-recently-used
 * first (from the lru tail). The log pins buffers it must write back
 * (refcnt > 0) so they cannot be recycled before commit. */
#include "cleavefs.h"
#include "blkdev.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"

#define NBUF 256

static struct {
	struct spinlock lock;
	struct buf buf[NBUF];
	struct list_head lru;
} bcache;

void binit(void)
{
	spin_init(&bcache.lock, "bcache");
	INIT_LIST_HEAD(&bcache.lru);
	for (int i = 0; i < NBUF; i++) {
		struct buf *b = &bcache.buf[i];

		b->data = get_free_page();
		if (!b->data)
			panic("binit: out of memory for the buffer cache");
		sleeplock_init(&b->lock, "buffer");
		list_add_tail(&b->lru, &bcache.lru);
	}
}

/* Find or claim a buffer for blockno; returns it locked. Waits (does not
 * panic) if every buffer is in use. */
static struct buf *bget(u32 blockno)
{
	struct list_head *p;
	struct buf *b;

	spin_lock(&bcache.lock);
	for (;;) {
		list_for_each(p, &bcache.lru) {
			b = list_entry(p, struct buf, lru);
			if (b->blockno == blockno && (b->refcnt > 0 || b->valid)) {
				b->refcnt++;
				goto found;
			}
		}
		for (p = bcache.lru.prev; p != &bcache.lru; p = p->prev) {
			b = list_entry(p, struct buf, lru);
			if (b->refcnt == 0) {
				b->blockno = blockno;
				b->valid = false;
				b->refcnt = 1;
				goto found;
			}
		}
		sleep_on(&bcache, &bcache.lock);
	}
found:
	spin_unlock(&bcache.lock);
	sleep_lock(&b->lock);
	return b;
}

static void bio(struct buf *b, bool write)
{
	if (blkdev_rw((u64)b->blockno * (BSIZE / 512), b->data, BSIZE, write) < 0)
		panic("fs: disk I/O error %s block %u", write ? "writing" : "reading", b->blockno);
}

struct buf *bread(u32 blockno)
{
	struct buf *b = bget(blockno);

	if (!b->valid) {
		bio(b, false);
		b->valid = true;
	}
	return b;
}

void bwrite(struct buf *b)
{
	BUG_ON(!sleep_holding(&b->lock));
	bio(b, true);
}

void brelse(struct buf *b)
{
	BUG_ON(!sleep_holding(&b->lock));
	sleep_unlock(&b->lock);
	spin_lock(&bcache.lock);
	if (--b->refcnt == 0) {
		list_del(&b->lru);
		list_add(&b->lru, &bcache.lru);
		wakeup(&bcache);
	}
	spin_unlock(&bcache.lock);
}

void bpin(struct buf *b)
{
	spin_lock(&bcache.lock);
	b->refcnt++;
	spin_unlock(&bcache.lock);
}

void bunpin(struct buf *b)
{
	spin_lock(&bcache.lock);
	if (--b->refcnt == 0)
		wakeup(&bcache);
	spin_unlock(&bcache.lock);
}
