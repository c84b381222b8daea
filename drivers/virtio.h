/* virtio over MMIO, version 2 ("modern"), and split virtqueues
 * (virtio 1.1 spec, sections 2.6 and 4.2.2). All registers are 32 bits. */
#ifndef CLEAVE_DRIVERS_VIRTIO_H
#define CLEAVE_DRIVERS_VIRTIO_H
#include "types.h"

/* MMIO register offsets */
#define VIRTIO_MMIO_MAGIC_VALUE		0x000	/* "virt" */
#define VIRTIO_MMIO_VERSION		0x004	/* 2 = modern, 1 = legacy */
#define VIRTIO_MMIO_DEVICE_ID		0x008	/* 0 = empty slot, 2 = block */
#define VIRTIO_MMIO_VENDOR_ID		0x00c
#define VIRTIO_MMIO_DEVICE_FEATURES	0x010
#define VIRTIO_MMIO_DEVICE_FEATURES_SEL	0x014
#define VIRTIO_MMIO_DRIVER_FEATURES	0x020
#define VIRTIO_MMIO_DRIVER_FEATURES_SEL	0x024
#define VIRTIO_MMIO_QUEUE_SEL		0x030
#define VIRTIO_MMIO_QUEUE_NUM_MAX	0x034
#define VIRTIO_MMIO_QUEUE_NUM		0x038
#define VIRTIO_MMIO_QUEUE_READY		0x044
#define VIRTIO_MMIO_QUEUE_NOTIFY	0x050
#define VIRTIO_MMIO_INTERRUPT_STATUS	0x060
#define VIRTIO_MMIO_INTERRUPT_ACK	0x064
#define VIRTIO_MMIO_STATUS		0x070
#define VIRTIO_MMIO_QUEUE_DESC_LOW	0x080
#define VIRTIO_MMIO_QUEUE_DESC_HIGH	0x084
#define VIRTIO_MMIO_QUEUE_DRIVER_LOW	0x090	/* avail ring */
#define VIRTIO_MMIO_QUEUE_DRIVER_HIGH	0x094
#define VIRTIO_MMIO_QUEUE_DEVICE_LOW	0x0a0	/* used ring */
#define VIRTIO_MMIO_QUEUE_DEVICE_HIGH	0x0a4
#define VIRTIO_MMIO_CONFIG_GENERATION	0x0fc
#define VIRTIO_MMIO_CONFIG		0x100	/* device-specific config */

#define VIRTIO_MMIO_MAGIC		0x74726976
#define VIRTIO_ID_BLOCK			2

/* Device status bits */
#define VIRTIO_STATUS_ACKNOWLEDGE	1
#define VIRTIO_STATUS_DRIVER		2
#define VIRTIO_STATUS_DRIVER_OK		4
#define VIRTIO_STATUS_FEATURES_OK	8
#define VIRTIO_STATUS_NEEDS_RESET	64
#define VIRTIO_STATUS_FAILED		128

/* Feature bits */
#define VIRTIO_F_VERSION_1		32

/* InterruptStatus bits */
#define VIRTIO_INT_USED_RING		1
#define VIRTIO_INT_CONFIG		2

/* Split virtqueue. Alignment: descriptors 16, avail 2, used 4. */
#define VRING_DESC_F_NEXT	1	/* chain continues in 'next' */
#define VRING_DESC_F_WRITE	2	/* device writes this buffer */

struct vring_desc {
	u64 addr;		/* physical address */
	u32 len;
	u16 flags;
	u16 next;
};

struct vring_avail {
	u16 flags;
	u16 idx;		/* where the driver puts the next entry (mod size) */
	u16 ring[];		/* heads of descriptor chains */
};

struct vring_used_elem {
	u32 id;			/* head of the completed chain */
	u32 len;		/* bytes written into the chain */
};

struct vring_used {
	u16 flags;
	u16 idx;		/* where the device puts the next entry (mod size) */
	struct vring_used_elem ring[];
};

/* virtio-blk */
#define VIRTIO_BLK_T_IN		0	/* read */
#define VIRTIO_BLK_T_OUT	1	/* write */
#define VIRTIO_BLK_S_OK		0
#define VIRTIO_BLK_CFG_CAPACITY	0x00	/* u64, in 512-byte sectors */

struct virtio_blk_req_hdr {
	u32 type;
	u32 reserved;
	u64 sector;
};
#endif
