/* The block device the file system lives on (virtio-blk). */
#ifndef CLEAVE_BLKDEV_H
#define CLEAVE_BLKDEV_H
#include "types.h"

/* Read or write 'len' bytes (a multiple of 512) at byte offset sector*512.
 * 'buf' is a kernel virtual address in the direct map (physically
 * contiguous for len <= PAGE_SIZE, or from get_free_pages). Sleeps until
 * the device has finished. Returns 0 or -EIO. Safe to call from several
 * tasks at once. */
int blkdev_rw(u64 sector, void *buf, u32 len, bool write);
u64 blkdev_capacity(void);	/* in 512-byte sectors; 0 if no disk */
void virtio_init(void);		/* probe virtio-mmio slots from the DT */
#endif
