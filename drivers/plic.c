/* RISC-V Platform-Level Interrupt Controller ("riscv,plic0",
 * "sifive,plic-1.0.0"): implements irq.h.
 *
 * Every requested source gets priority 1 and is enabled in the S-mode
 * context of every hart, whose threshold is 0; whichever hart claims an
 * interrupt first handles it. Context numbers come from the PLIC node's
 * interrupts-extended (one (intc phandle, cause) pair per context, in
 * context order), never from a formula: on the JH7110 hart 0 has only an
 * M-mode context. */
#include "types.h"
#include "fdt.h"
#include "dtscan.h"
#include "mm.h"
#include "irq.h"
#include "errno.h"
#include "printk.h"
#include "spinlock.h"

#define PLIC_PRIORITY(irq) (4 * (u64)(irq))
#define PLIC_ENABLE(ctx, irq) (0x2000 + 0x80 * (u64)(ctx) + 4 * ((irq) / 32))
#define PLIC_THRESHOLD(ctx) (0x200000 + 0x1000 * (u64)(ctx))
#define PLIC_CLAIM(ctx) (PLIC_THRESHOLD(ctx) + 4)

#define CAUSE_S_EXT 9		/* interrupts-extended cause of an S-mode context */
#define MAX_HARTS 32
#define MAX_SOURCES 1024	/* the PLIC architectural limit */

struct irq_action {
	irq_handler_t handler;
	void *arg;
};

/* base, ndev, the context map and actions are set by plic_init on the boot
 * hart before any interrupt is enabled. actions[irq] is then written once
 * by request_irq before the source is enabled (and never cleared), so
 * plic_handle reads it without a lock. plic_lock serialises the
 * read-modify-write of enable words and hart_ready. */
static volatile u8 *plic_base;
static u32 plic_ndev;			/* sources are 1..plic_ndev */
static struct irq_action *actions;	/* [plic_ndev + 1] */
static struct {
	u64 hartid;
	u32 ctx;			/* its S-mode context */
	bool ready;			/* plic_init_hart has run */
} harts[MAX_HARTS];
static int nharts;
static struct spinlock plic_lock = SPINLOCK_INIT("plic");

static inline u32 plic_read(u64 off) { return *(volatile u32 *)(plic_base + off); }
static inline void plic_write(u64 off, u32 v) { *(volatile u32 *)(plic_base + off) = v; }

static int hart_index(u64 hartid)
{
	for (int i = 0; i < nharts; i++)
		if (harts[i].hartid == hartid)
			return i;
	return -1;
}

static void plic_enable(u32 ctx, u32 irq)
{
	u64 off = PLIC_ENABLE(ctx, irq);
	plic_write(off, plic_read(off) | (1U << (irq % 32)));
}

void plic_init(void)
{
	/* Which context is whose: drivers/dtscan.c, from interrupts-extended. */
	static struct dt_plic d;
	if (dt_plic(&d) < 0)
		panic("plic: no PLIC in the device tree");
	u64 pa = d.base, size = d.size;
	plic_ndev = d.ndev;
	if (plic_ndev == 0 || plic_ndev >= MAX_SOURCES)
		panic("plic: bad riscv,ndev %u", plic_ndev);
	u32 nctx = d.nctx;
	for (int i = 0; i < d.nharts && nharts < MAX_HARTS; i++, nharts++) {
		harts[nharts].hartid = d.harts[i].hartid;
		harts[nharts].ctx = d.harts[i].ctx;
	}
	if (nharts == 0)
		panic("plic: no S-mode contexts in interrupts-extended");

	/* Map only what we touch: up to the last context's claim register. */
	u64 need = PLIC_THRESHOLD(nctx);
	plic_base = ioremap(pa, size && size < need ? size : need);
	actions = kzalloc(sizeof(*actions) * (plic_ndev + 1));
	if (!plic_base || !actions)
		panic("plic: out of memory");

	for (u32 irq = 1; irq <= plic_ndev; irq++)
		plic_write(PLIC_PRIORITY(irq), 0);
	/* Start with every source disabled in our contexts (the firmware may
	 * have left bits set). */
	for (int h = 0; h < nharts; h++)
		for (u32 w = 0; w <= plic_ndev / 32; w++)
			plic_write(PLIC_ENABLE(harts[h].ctx, 32 * w), 0);
	printk("plic: 0x%lx, %u sources, %d S-mode contexts\n", pa, plic_ndev, nharts);
}

void plic_init_hart(u64 hartid)
{
	spin_lock(&plic_lock);
	int h = hart_index(hartid);
	if (h < 0) {
		spin_unlock(&plic_lock);
		printk("plic: hart %lu has no S-mode context: it gets no device interrupts\n", hartid);
		return;
	}
	u32 ctx = harts[h].ctx;
	for (u32 irq = 1; irq <= plic_ndev; irq++)
		if (actions[irq].handler)
			plic_enable(ctx, irq);
	plic_write(PLIC_THRESHOLD(ctx), 0);
	harts[h].ready = true;
	spin_unlock(&plic_lock);
}

int request_irq(u32 irq, irq_handler_t handler, void *arg)
{
	if (!plic_base || irq == 0 || irq > plic_ndev || !handler)
		return -EINVAL;
	spin_lock(&plic_lock);
	if (actions[irq].handler) {
		spin_unlock(&plic_lock);
		return -EBUSY;
	}
	actions[irq].arg = arg;
	actions[irq].handler = handler;
	__sync_synchronize();	/* the action is visible before the source can fire */
	plic_write(PLIC_PRIORITY(irq), 1);
	/* Harts that have not run plic_init_hart yet enable it there. */
	for (int h = 0; h < nharts; h++)
		if (harts[h].ready)
			plic_enable(harts[h].ctx, irq);
	spin_unlock(&plic_lock);
	return 0;
}

void plic_handle(u64 hartid)
{
	int h = hart_index(hartid);
	if (h < 0)
		return;
	u32 ctx = harts[h].ctx;
	for (;;) {
		u32 irq = plic_read(PLIC_CLAIM(ctx));
		if (irq == 0)
			break;
		if (irq <= plic_ndev && actions[irq].handler)
			actions[irq].handler(actions[irq].arg);
		else
			printk("plic: spurious interrupt %u\n", irq);
		plic_write(PLIC_CLAIM(ctx), irq);	/* complete */
	}
}
