/* External interrupts. The PLIC driver routes every source to every hart's
 * S-mode context; the arch trap code calls plic_handle() for each external
 * interrupt, which claims, dispatches and completes. */
#ifndef CLEAVE_IRQ_H
#define CLEAVE_IRQ_H
#include "types.h"

typedef void (*irq_handler_t)(void *arg);
int request_irq(u32 irq, irq_handler_t handler, void *arg);	/* 0 or -errno */
void plic_init(void);		/* boot hart: find the PLIC in the DT */
void plic_init_hart(u64 hartid);	/* every hart: enable its S context */
void plic_handle(u64 hartid);	/* from the trap path */
#endif
