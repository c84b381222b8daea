/* ns16550a-compatible UART (QEMU virt "ns16550a", JH7110 "snps,dw-apb-uart").
 *
 * Output is polled (printk must work anywhere, interrupts on or off, on any
 * hart); input is interrupt driven: the RX interrupt hands every received
 * byte to the tty line discipline (console_intr).
 *
 * Everything comes from the device tree: the node (/chosen stdout-path, else
 * the first compatible node), reg, reg-shift, reg-io-width, interrupts and,
 * if present, clock-frequency (only then is the baud rate reprogrammed;
 * otherwise the firmware's setup is kept). */
#include "types.h"
#include "fdt.h"
#include "mm.h"
#include "irq.h"
#include "printk.h"
#include "string.h"
#include "console.h"
#include <asm/sbi.h>

/* Register indices; the byte offset is index << reg_shift. */
#define UART_RBR 0	/* receive buffer (read, DLAB=0) */
#define UART_THR 0	/* transmit holding (write, DLAB=0) */
#define UART_DLL 0	/* divisor latch low (DLAB=1) */
#define UART_IER 1	/* interrupt enable (DLAB=0) */
#define UART_DLM 1	/* divisor latch high (DLAB=1) */
#define UART_IIR 2	/* interrupt identification (read) */
#define UART_FCR 2	/* FIFO control (write) */
#define UART_LCR 3	/* line control */
#define UART_MCR 4	/* modem control */
#define UART_LSR 5	/* line status */
#define UART_USR 31	/* DesignWare only: UART status (clears busy-detect) */

#define IER_RDI 0x01		/* received data available */
#define IIR_NO_INT 0x01
#define IIR_ID_MASK 0x0f
#define IIR_BUSY 0x07		/* DesignWare busy-detect indication */
#define FCR_ENABLE 0x01
#define FCR_CLEAR_RX 0x02
#define LCR_8N1 0x03
#define LCR_DLAB 0x80
#define MCR_DTR 0x01
#define MCR_RTS 0x02
#define MCR_OUT2 0x08		/* gates the interrupt line on PC-style UARTs */
#define LSR_DR 0x01		/* data ready */
#define LSR_THRE 0x20		/* transmit holding register empty */
#define LSR_TEMT 0x40		/* transmitter completely idle */

/* Written once by uart_init on the boot hart before any other hart uses
 * the UART; read-only afterwards, so no lock. */
static struct {
	volatile u8 *base;	/* NULL until uart_init has mapped the UART */
	u32 shift;		/* reg-shift */
	bool io32;		/* reg-io-width == 4: 32-bit accesses */
	bool dw;		/* DesignWare APB UART */
	u32 irq;
} uart;

static u32 uart_read(int reg)
{
	volatile u8 *a = uart.base + ((u64)reg << uart.shift);
	return uart.io32 ? *(volatile u32 *)a : *a;
}

static void uart_write(int reg, u32 v)
{
	volatile u8 *a = uart.base + ((u64)reg << uart.shift);
	if (uart.io32)
		*(volatile u32 *)a = v;
	else
		*a = (u8)v;
}

void uart_putc_raw(int c)
{
	if (!uart.base) {
		sbi_console_putchar(c);
		return;
	}
	while (!(uart_read(UART_LSR) & LSR_THRE))
		;
	uart_write(UART_THR, (u8)c);
}

void uart_putc_sync(int c)
{
	if (c == '\n')
		uart_putc_raw('\r');
	uart_putc_raw(c);
}

/* RX interrupt: drain the receive FIFO into the line discipline. */
static void uart_irq(void *arg)
{
	(void)arg;
	u32 iir = uart_read(UART_IIR);
	if (uart.dw && (iir & IIR_ID_MASK) == IIR_BUSY)
		(void)uart_read(UART_USR);	/* acknowledge busy-detect */
	while (uart_read(UART_LSR) & LSR_DR)
		console_intr(uart_read(UART_RBR) & 0xff);
}

static bool uart_compatible(int node)
{
	return fdt_is_compatible(node, "ns16550a") || fdt_is_compatible(node, "ns16550") ||
	       fdt_is_compatible(node, "snps,dw-apb-uart");
}

/* The console node from /chosen stdout-path ("serial0:115200n8", or a full
 * path), with the baud rate from its options (0 if none). -1 if unusable. */
static int uart_find_stdout(u32 *baud)
{
	char path[128];
	int chosen = fdt_path_offset("/chosen");
	const char *sp = chosen >= 0 ? fdt_getprop(chosen, "stdout-path", NULL) : NULL;
	if (!sp)
		sp = chosen >= 0 ? fdt_getprop(chosen, "linux,stdout-path", NULL) : NULL;
	if (!sp)
		return -1;

	size_t n = 0;
	while (sp[n] && sp[n] != ':' && n < sizeof(path) - 1)
		n++;
	memcpy(path, sp, n);
	path[n] = 0;
	for (const char *o = sp[n] == ':' ? sp + n + 1 : ""; *o >= '0' && *o <= '9'; o++)
		*baud = *baud * 10 + (*o - '0');

	if (path[0] != '/') {		/* an alias */
		int aliases = fdt_path_offset("/aliases");
		const char *p = aliases >= 0 ? fdt_getprop(aliases, path, NULL) : NULL;
		if (!p)
			return -1;
		strlcpy(path, p, sizeof(path));
	}
	int node = fdt_path_offset(path);
	return node >= 0 && uart_compatible(node) && fdt_node_ok(node) ? node : -1;
}

static int uart_find_first(void)
{
	static const char *const compat[] = { "ns16550a", "ns16550", "snps,dw-apb-uart" };
	for (size_t i = 0; i < ARRAY_SIZE(compat); i++)
		for (int n = fdt_next_compatible(-1, compat[i]); n >= 0; n = fdt_next_compatible(n, compat[i]))
			if (fdt_node_ok(n))
				return n;
	return -1;
}

void uart_init(void)
{
	u32 baud = 0;
	u64 pa, size;
	int node = uart_find_stdout(&baud);
	if (node < 0)
		node = uart_find_first();
	if (node < 0 || fdt_reg(node, 0, &pa, &size) < 0) {
		printk("uart: no ns16550 UART in the device tree; console stays on SBI\n");
		return;
	}
	volatile u8 *base = ioremap(pa, size ? size : PAGE_SIZE);
	if (!base) {
		printk("uart: cannot map 0x%lx\n", pa);
		return;
	}
	uart.shift = fdt_prop_u32(node, "reg-shift", 0);
	uart.io32 = fdt_prop_u32(node, "reg-io-width", 1) == 4;
	uart.dw = fdt_is_compatible(node, "snps,dw-apb-uart");
	int len = 0;
	const void *ip = fdt_getprop(node, "interrupts", &len);
	uart.irq = ip && len >= 4 ? fdt32(ip) : 0;
	uart.base = base;	/* from here on, uart_read/uart_write work */

	uart_write(UART_IER, 0);
	/* Let the firmware's last output drain before touching LCR/FCR (the
	 * DesignWare UART ignores LCR writes while busy). */
	for (int i = 0; i < 1000000 && !(uart_read(UART_LSR) & LSR_TEMT); i++)
		;
	u32 clk = fdt_prop_u32(node, "clock-frequency", 0);
	if (clk) {
		if (!baud)
			baud = 115200;
		u32 div = (clk + 8 * baud) / (16 * baud);
		uart_write(UART_LCR, LCR_DLAB);
		uart_write(UART_DLL, div & 0xff);
		uart_write(UART_DLM, (div >> 8) & 0xff);
	}
	uart_write(UART_LCR, LCR_8N1);
	uart_write(UART_FCR, FCR_ENABLE | FCR_CLEAR_RX);
	uart_write(UART_MCR, uart_read(UART_MCR) | MCR_DTR | MCR_RTS | MCR_OUT2);
	/* Clear stale state: pending input, line status, interrupt id. */
	while (uart_read(UART_LSR) & LSR_DR)
		(void)uart_read(UART_RBR);
	(void)uart_read(UART_IIR);
	if (uart.dw)
		(void)uart_read(UART_USR);

	console_set_output(uart_putc_sync);

	if (!uart.irq) {
		printk("uart: %s has no interrupt: no console input\n", fdt_node_name(node));
	} else if (request_irq(uart.irq, uart_irq, NULL) < 0) {
		printk("uart: request_irq(%u) failed: no console input\n", uart.irq);
	} else {
		uart_write(UART_IER, IER_RDI);
	}
	printk("uart: %s at 0x%lx irq %u%s\n", fdt_node_name(node), pa, uart.irq,
	       clk ? "" : " (baud rate left as set by firmware)");
}
