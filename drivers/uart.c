/* The console UART: ns16550a-compatible (QEMU virt "ns16550a", JH7110
 * "snps,dw-apb-uart") or SiFive's ("sifive,uart0": HiFive Unleashed, QEMU
 * sifive_u).
 *
 * Output is polled (printk must work anywhere, interrupts on or off, on any
 * hart); input is interrupt driven: the RX interrupt hands every received
 * byte to the tty line discipline (console_intr).
 *
 * Everything comes from the device tree (drivers/dtscan.c picks the node:
 * /chosen stdout-path, else the first UART of a known kind): reg,
 * reg-shift, reg-io-width, interrupts and, if present, clock-frequency
 * (only then is an ns16550's baud rate reprogrammed; otherwise the
 * firmware's setup is kept). The SiFive UART keeps the firmware's divisor. */
#include "types.h"
#include "fdt.h"
#include "dtscan.h"
#include "errno.h"
#include "mm.h"
#include "irq.h"
#include "printk.h"
#include "string.h"
#include "console.h"
#include <asm/sbi.h>

void machine_power_off(void);

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
	bool sifive;		/* SiFive UART: its own register layout */
	u32 irq;
} uart;

/* SiFive UART registers (32-bit, byte offsets). */
#define SF_TXDATA 0x00		/* bit 31: FIFO full */
#define SF_RXDATA 0x04		/* bit 31: FIFO empty */
#define SF_TXCTRL 0x08		/* bit 0: enable */
#define SF_RXCTRL 0x0c		/* bit 0: enable */
#define SF_IE 0x10		/* bit 1: RX watermark */
#define SF_FULL_EMPTY (1U << 31)

static u32 sf_read(u32 off) { return *(volatile u32 *)(uart.base + off); }
static void sf_write(u32 off, u32 v) { *(volatile u32 *)(uart.base + off) = v; }

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
	if (uart.sifive) {
		while (sf_read(SF_TXDATA) & SF_FULL_EMPTY)
			;
		sf_write(SF_TXDATA, (u8)c);
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
	if (uart.sifive) {
		for (u32 v; !((v = sf_read(SF_RXDATA)) & SF_FULL_EMPTY);)
			console_intr(v & 0xff);
		return;
	}
	u32 iir = uart_read(UART_IIR);
	if (uart.dw && (iir & IIR_ID_MASK) == IIR_BUSY)
		(void)uart_read(UART_USR);	/* acknowledge busy-detect */
	while (uart_read(UART_LSR) & LSR_DR)
		console_intr(uart_read(UART_RBR) & 0xff);
}

void uart_init(void)
{
	struct dt_uart d;
	int err = dt_console_uart(&d);
	if (err == -ENODEV) {
		/* The console the board names is one we cannot drive: say so on
		 * the SBI console and stop, rather than run where nobody can
		 * type to it. */
		printk("cleave: cannot boot: the console %s is a UART cleave has no driver for; "
		       "powering off\n", fdt_node_name(d.node));
		machine_power_off();
	}
	if (err) {
		printk("uart: no UART in the device tree; console stays on SBI\n");
		return;
	}
	int node = d.node;
	u64 pa = d.base;
	volatile u8 *base = ioremap(pa, d.size ? d.size : PAGE_SIZE);
	if (!base) {
		printk("uart: cannot map 0x%lx\n", pa);
		return;
	}
	uart.shift = d.reg_shift;
	uart.io32 = d.io_width == 4;
	uart.dw = d.kind == UART_DW_APB;
	uart.sifive = d.kind == UART_SIFIVE;
	uart.irq = d.irq;
	u32 baud = d.baud, clk = d.clock;
	uart.base = base;	/* from here on, uart_read/uart_write work */

	if (uart.sifive) {
		clk = 0;		/* the firmware set the divisor */
		sf_write(SF_TXCTRL, sf_read(SF_TXCTRL) | 1);
		sf_write(SF_RXCTRL, sf_read(SF_RXCTRL) | 1);
		sf_write(SF_IE, 0);
		goto ready;
	}
	uart_write(UART_IER, 0);
	/* Let the firmware's last output drain before touching LCR/FCR (the
	 * DesignWare UART ignores LCR writes while busy). */
	for (int i = 0; i < 1000000 && !(uart_read(UART_LSR) & LSR_TEMT); i++)
		;
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
ready:
	console_set_output(uart_putc_sync);

	if (!uart.irq) {
		printk("uart: %s has no interrupt: no console input\n", fdt_node_name(node));
	} else if (request_irq(uart.irq, uart_irq, NULL) < 0) {
		printk("uart: request_irq(%u) failed: no console input\n", uart.irq);
	} else if (uart.sifive) {
		sf_write(SF_IE, 2);	/* RX watermark (0: any byte) */
	} else {
		uart_write(UART_IER, IER_RDI);
	}
	printk("uart: %s at 0x%lx irq %u%s\n", fdt_node_name(node), pa, uart.irq,
	       clk ? "" : " (baud rate left as set by firmware)");
}
