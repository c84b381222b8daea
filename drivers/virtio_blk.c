/* virtio-blk over modern (version 2) virtio-mmio, interrupt driven:
 * implements blkdev.h for the first block device found in the device tree.
 *
 * One virtqueue. Each request is a chain of three descriptors: header
 * (device reads), data (device reads for a write, writes for a read) and a
 * status byte (device writes). A request is identified by the index of its
 * head descriptor, which also indexes its header, status byte and done
 * flag. Several tasks may have requests in flight; each sleeps until the
 * interrupt handler marks its request done. */
#include "types.h"
#include "blkdev.h"
#include "fdt.h"
#include "mm.h"
#include "irq.h"
#include "sched.h"
#include "spinlock.h"
#include "printk.h"
#include "errno.h"
#include "virtio.h"
#include "fs.h"

static int reap_used(void);

#define QMAX 64			/* our upper bound on the queue size */

/* DMA memory: one order-1 (8 KiB, physically contiguous) allocation.
 * Page 0 holds the rings, page 1 the request headers and status bytes. */
#define OFF_DESC 0
#define OFF_AVAIL 1024
#define OFF_USED 2048
#define OFF_HDR 4096
#define OFF_STATUS (4096 + 1024)
_Static_assert(QMAX * sizeof(struct vring_desc) <= OFF_AVAIL - OFF_DESC, "desc");
_Static_assert(4 + 2 * QMAX + 2 <= OFF_USED - OFF_AVAIL, "avail");
_Static_assert(4 + 8 * QMAX + 2 <= OFF_HDR - OFF_USED, "used");
_Static_assert(QMAX * sizeof(struct virtio_blk_req_hdr) <= OFF_STATUS - OFF_HDR, "hdr");
_Static_assert(OFF_STATUS + QMAX <= 2 * PAGE_SIZE, "status");

static struct {
	/* Set by virtio_init, read-only afterwards. */
	volatile u8 *regs;	/* NULL: no disk */
	u32 qsize;		/* power of two <= QMAX */
	u64 capacity;		/* sectors */
	volatile struct vring_desc *desc;
	volatile struct vring_avail *avail;
	volatile struct vring_used *used;
	struct virtio_blk_req_hdr *hdr;	/* [qsize], by head descriptor */
	volatile u8 *status;		/* [qsize], by head descriptor */

	/* lock protects everything below and the contents of the rings,
	 * headers and status bytes that belong to the driver. */
	struct spinlock lock;
	bool desc_free[QMAX];
	u32 nfree;		/* count of desc_free[] that are true */
	bool done[QMAX];	/* by head: the device has completed it */
	u16 used_seen;		/* used->idx up to which we have processed */
} vblk = { .lock = SPINLOCK_INIT("virtio_blk") };

static inline u32 vread(u32 off) { return *(volatile u32 *)(vblk.regs + off); }
static inline void vwrite(u32 off, u32 v) { *(volatile u32 *)(vblk.regs + off) = v; }

/* Take a free descriptor. lock held, nfree > 0. */
static u16 desc_alloc(void)
{
	for (u32 i = 0; i < vblk.qsize; i++) {
		if (vblk.desc_free[i]) {
			vblk.desc_free[i] = false;
			vblk.nfree--;
			return i;
		}
	}
	panic("virtio_blk: descriptor accounting");
}

/* Free the chain starting at head. lock held. */
static void chain_free(u16 head)
{
	u16 i = head;
	for (;;) {
		u16 flags = vblk.desc[i].flags, next = vblk.desc[i].next;
		vblk.desc[i].addr = 0;
		vblk.desc[i].len = 0;
		vblk.desc[i].flags = 0;
		vblk.desc[i].next = 0;
		vblk.desc_free[i] = true;
		vblk.nfree++;
		if (!(flags & VRING_DESC_F_NEXT))
			break;
		i = next;
	}
	wakeup(&vblk.nfree);
}

static void set_desc(u16 i, u64 pa, u32 len, u16 flags, u16 next)
{
	vblk.desc[i].addr = pa;
	vblk.desc[i].len = len;
	vblk.desc[i].flags = flags;
	vblk.desc[i].next = next;
}

int blkdev_rw(u64 sector, void *buf, u32 len, bool write)
{
	u64 va = (u64)buf;

	if (!vblk.regs || len == 0 || len % 512 || sector >= vblk.capacity ||
	    len / 512 > vblk.capacity - sector)
		return -EIO;
	/* The device needs a physical address: only the direct map has one. */
	if (va < PAGE_OFFSET || va + len > IOREMAP_BASE)
		panic("blkdev_rw: buffer %p is not in the direct map", buf);

	spin_lock(&vblk.lock);
	while (vblk.nfree < 3)
		sleep_on(&vblk.nfree, &vblk.lock);
	u16 d0 = desc_alloc(), d1 = desc_alloc(), d2 = desc_alloc();

	vblk.hdr[d0].type = write ? VIRTIO_BLK_T_OUT : VIRTIO_BLK_T_IN;
	vblk.hdr[d0].reserved = 0;
	vblk.hdr[d0].sector = sector;
	vblk.status[d0] = 0xff;		/* the device overwrites it */
	vblk.done[d0] = false;
	set_desc(d0, __pa(&vblk.hdr[d0]), sizeof(vblk.hdr[d0]), VRING_DESC_F_NEXT, d1);
	set_desc(d1, __pa(buf), len, VRING_DESC_F_NEXT | (write ? 0 : VRING_DESC_F_WRITE), d2);
	set_desc(d2, __pa(&vblk.status[d0]), 1, VRING_DESC_F_WRITE, 0);

	/* Publish: ring entry, then (after a fence) the index, then notify. */
	u16 aidx = vblk.avail->idx;
	vblk.avail->ring[aidx % vblk.qsize] = d0;
	__sync_synchronize();
	vblk.avail->idx = aidx + 1;
	__sync_synchronize();
	vwrite(VIRTIO_MMIO_QUEUE_NOTIFY, 0);

	while (!vblk.done[d0]) {
		/* The interrupt normally ends the wait. Should one ever go
		 * missing, look at the used ring ourselves after a second
		 * rather than hang the file system. */
		if (sleep_on_timeout(&vblk.done[d0], &vblk.lock, ktime_get_ns() + 1000000000UL,
				     false) == -ETIMEDOUT && !vblk.done[d0] && reap_used())
			printk("virtio_blk: completion found without an interrupt\n");
	}
	u8 st = vblk.status[d0];
	chain_free(d0);
	spin_unlock(&vblk.lock);

	if (st != VIRTIO_BLK_S_OK) {
		printk("virtio_blk: %s of sector %lu failed, status %u\n",
		       write ? "write" : "read", sector, st);
		return -EIO;
	}
	return 0;
}

/* Mark every completion the device has posted. vblk.lock held. Returns
 * how many it found. Invariant: entries [used_seen, used->idx) are
 * completions not yet seen; the fence orders reading idx before reading
 * the entries. */
static int reap_used(void)
{
	int n = 0;
	__sync_synchronize();
	while (vblk.used_seen != vblk.used->idx) {
		__sync_synchronize();
		u32 id = vblk.used->ring[vblk.used_seen % vblk.qsize].id;
		if (id < vblk.qsize) {
			vblk.done[id] = true;
			wakeup(&vblk.done[id]);
			n++;
		} else {
			printk("virtio_blk: bad used id %u\n", id);
		}
		vblk.used_seen++;
	}
	return n;
}

static void virtio_blk_irq(void *arg)
{
	(void)arg;
	spin_lock(&vblk.lock);
	vwrite(VIRTIO_MMIO_INTERRUPT_ACK, vread(VIRTIO_MMIO_INTERRUPT_STATUS) & 3);
	reap_used();
	spin_unlock(&vblk.lock);
}

u64 blkdev_capacity(void)
{
	return vblk.regs ? vblk.capacity : 0;
}

/* Feature negotiation and queue setup for the block device at vblk.regs.
 * Returns 0, or -errno after setting FAILED. */
static int virtio_blk_setup(int node)
{
	u32 status = 0;

	vwrite(VIRTIO_MMIO_STATUS, 0);		/* reset */
	while (vread(VIRTIO_MMIO_STATUS) != 0)
		;
	status |= VIRTIO_STATUS_ACKNOWLEDGE;
	vwrite(VIRTIO_MMIO_STATUS, status);
	status |= VIRTIO_STATUS_DRIVER;
	vwrite(VIRTIO_MMIO_STATUS, status);

	/* We handle no optional feature: accept only VERSION_1. */
	vwrite(VIRTIO_MMIO_DEVICE_FEATURES_SEL, 1);
	u32 hi = vread(VIRTIO_MMIO_DEVICE_FEATURES);
	if (!(hi & (1U << (VIRTIO_F_VERSION_1 - 32)))) {
		printk("virtio_blk: device lacks VIRTIO_F_VERSION_1\n");
		goto fail;
	}
	vwrite(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 0);
	vwrite(VIRTIO_MMIO_DRIVER_FEATURES, 0);
	vwrite(VIRTIO_MMIO_DRIVER_FEATURES_SEL, 1);
	vwrite(VIRTIO_MMIO_DRIVER_FEATURES, 1U << (VIRTIO_F_VERSION_1 - 32));
	status |= VIRTIO_STATUS_FEATURES_OK;
	vwrite(VIRTIO_MMIO_STATUS, status);
	if (!(vread(VIRTIO_MMIO_STATUS) & VIRTIO_STATUS_FEATURES_OK)) {
		printk("virtio_blk: device rejected our features\n");
		goto fail;
	}

	/* Queue 0. */
	vwrite(VIRTIO_MMIO_QUEUE_SEL, 0);
	if (vread(VIRTIO_MMIO_QUEUE_READY)) {
		printk("virtio_blk: queue 0 already in use\n");
		goto fail;
	}
	u32 qmax = vread(VIRTIO_MMIO_QUEUE_NUM_MAX);
	if (qmax < 3) {
		printk("virtio_blk: queue 0 too small (%u)\n", qmax);
		goto fail;
	}
	u32 qsize = QMAX;
	while (qsize > qmax)
		qsize /= 2;
	if (qsize < 4) {
		printk("virtio_blk: queue 0 too small (%u)\n", qmax);
		goto fail;
	}
	u8 *mem = get_free_pages(1);	/* zeroed */
	if (!mem) {
		printk("virtio_blk: out of memory\n");
		goto fail;
	}
	vblk.qsize = qsize;
	vblk.desc = (void *)(mem + OFF_DESC);
	vblk.avail = (void *)(mem + OFF_AVAIL);
	vblk.used = (void *)(mem + OFF_USED);
	vblk.hdr = (void *)(mem + OFF_HDR);
	vblk.status = mem + OFF_STATUS;
	for (u32 i = 0; i < qsize; i++)
		vblk.desc_free[i] = true;
	vblk.nfree = qsize;
	vblk.used_seen = 0;

	vwrite(VIRTIO_MMIO_QUEUE_NUM, qsize);
	vwrite(VIRTIO_MMIO_QUEUE_DESC_LOW, (u32)__pa(vblk.desc));
	vwrite(VIRTIO_MMIO_QUEUE_DESC_HIGH, (u32)(__pa(vblk.desc) >> 32));
	vwrite(VIRTIO_MMIO_QUEUE_DRIVER_LOW, (u32)__pa(vblk.avail));
	vwrite(VIRTIO_MMIO_QUEUE_DRIVER_HIGH, (u32)(__pa(vblk.avail) >> 32));
	vwrite(VIRTIO_MMIO_QUEUE_DEVICE_LOW, (u32)__pa(vblk.used));
	vwrite(VIRTIO_MMIO_QUEUE_DEVICE_HIGH, (u32)(__pa(vblk.used) >> 32));
	vwrite(VIRTIO_MMIO_QUEUE_READY, 1);

	/* Capacity: re-read if the config changed under us. */
	u32 gen, lo, chi;
	do {
		gen = vread(VIRTIO_MMIO_CONFIG_GENERATION);
		lo = vread(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY);
		chi = vread(VIRTIO_MMIO_CONFIG + VIRTIO_BLK_CFG_CAPACITY + 4);
	} while (gen != vread(VIRTIO_MMIO_CONFIG_GENERATION));
	vblk.capacity = ((u64)chi << 32) | lo;

	int len = 0;
	const void *ip = fdt_getprop(node, "interrupts", &len);
	u32 irq = ip && len >= 4 ? fdt32(ip) : 0;
	if (!irq || request_irq(irq, virtio_blk_irq, NULL) < 0) {
		printk("virtio_blk: cannot get interrupt %u\n", irq);
		free_pages(mem, 1);
		goto fail;
	}

	status |= VIRTIO_STATUS_DRIVER_OK;
	vwrite(VIRTIO_MMIO_STATUS, status);
	printk("virtio_blk: %s: %lu sectors (%lu MiB), queue %u, irq %u\n",
	       fdt_node_name(node), vblk.capacity, vblk.capacity >> 11, qsize, irq);
	devtmpfs_register("vda", S_IFBLK | 0660, MKDEV(BLOCK_MAJOR, 0));
	return 0;

fail:
	vwrite(VIRTIO_MMIO_STATUS, status | VIRTIO_STATUS_FAILED);
	return -EIO;
}

void virtio_init(void)
{
	for (int node = fdt_next_compatible(-1, "virtio,mmio"); node >= 0;
	     node = fdt_next_compatible(node, "virtio,mmio")) {
		u64 pa, size;
		if (!fdt_node_ok(node) || fdt_reg(node, 0, &pa, &size) < 0)
			continue;
		volatile u8 *regs = ioremap(pa, size ? size : PAGE_SIZE);
		if (!regs)
			continue;
		u32 magic = *(volatile u32 *)(regs + VIRTIO_MMIO_MAGIC_VALUE);
		u32 version = *(volatile u32 *)(regs + VIRTIO_MMIO_VERSION);
		u32 id = *(volatile u32 *)(regs + VIRTIO_MMIO_DEVICE_ID);
		if (magic != VIRTIO_MMIO_MAGIC || id == 0)
			continue;	/* not virtio, or an empty slot */
		if (id != VIRTIO_ID_BLOCK)
			continue;
		if (version != 2) {
			printk("virtio: %s: legacy (version %u) virtio-mmio is unsupported\n",
			       fdt_node_name(node), version);
			continue;
		}
		vblk.regs = regs;
		if (virtio_blk_setup(node) == 0)
			return;		/* only the first disk is used */
		vblk.regs = NULL;
	}
	printk("virtio_blk: no disk\n");
}
