/* What cleave takes from the device tree, decided in one place that also
 * builds for the host: tests/host/board-dtb runs these functions on the
 * VisionFive 2's own DTB and checks them against dtc's reading of it. */
#ifndef CLEAVE_DTSCAN_H
#define CLEAVE_DTSCAN_H
#include "types.h"

/* Harts cleave can run on: device_type "cpu", status okay, an MMU
 * (mmu-type sv39/48/57). Returns how many ids went to ids[] (max). */
int dt_usable_harts(u64 *ids, int max);
u32 dt_timebase(u32 dflt);		/* /cpus timebase-frequency */
/* The idx-th RAM range of the memory nodes; 0 or -ENOENT. */
int dt_memory(int idx, u64 *base, u64 *size);

enum dt_uart_kind { UART_NS16550, UART_DW_APB, UART_SIFIVE };
struct dt_uart {
	int node;
	enum dt_uart_kind kind;
	u64 base, size;
	u32 reg_shift, io_width;	/* ns16550 family: byte offset = reg << shift */
	u32 clock;			/* clock-frequency; 0: keep the firmware's divisor */
	u32 baud;			/* from stdout-path options; 0 if none */
	u32 irq;
};
/* The console: /chosen stdout-path (an alias or a path), else the first
 * UART of a known kind. 0, or -ENOENT (none), -ENODEV (the stdout-path
 * node is a UART of a kind cleave has no driver for: u->node set). */
int dt_console_uart(struct dt_uart *u);

/* The PLIC and, for each hart, its S-mode context (cause 9 in
 * interrupts-extended). Returns the number of contexts found, or -ENOENT. */
struct dt_plic_ctx { u64 hartid; u32 ctx; };
struct dt_plic {
	u64 base, size;
	u32 ndev;
	u32 nctx;			/* entries in interrupts-extended */
	int nharts;
	struct dt_plic_ctx harts[8];
};
int dt_plic(struct dt_plic *p);
#endif
