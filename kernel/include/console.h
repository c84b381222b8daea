/* The console: the UART driver (drivers/uart.c) and the tty line discipline
 * on top of it (drivers/console.c, devsw[CONSOLE_MAJOR]).
 *
 * Boot order: fdt_init -> mm_init -> plic_init -> uart_init -> console_init.
 * uart_init switches printk from SBI to the UART. */
#ifndef CLEAVE_CONSOLE_H
#define CLEAVE_CONSOLE_H
#include "types.h"

void uart_init(void);		/* find the console UART in the DT, enable RX irq */
/* Polled, lock-free output of one character; works with interrupts off on
 * any hart. uart_putc_sync turns '\n' into "\r\n" (like the SBI console, so
 * printk output looks the same before and after uart_init); uart_putc_raw
 * sends the byte unchanged. Both fall back to SBI before uart_init. */
void uart_putc_sync(int c);
void uart_putc_raw(int c);

void console_init(void);	/* register devsw[CONSOLE_MAJOR] */
void console_intr(int c);	/* a received byte, from the UART interrupt */
#endif
