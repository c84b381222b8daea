/* Interrupt enable for this hart (sstatus.SIE). */
#ifndef ASM_IRQFLAGS_H
#define ASM_IRQFLAGS_H
#include "csr.h"
static inline void arch_irq_enable(void) { csr_set(sstatus, SSTATUS_SIE); }
static inline void arch_irq_disable(void) { csr_clear(sstatus, SSTATUS_SIE); }
static inline bool arch_irqs_enabled(void) { return (csr_read(sstatus) & SSTATUS_SIE) != 0; }
static inline unsigned long arch_irq_save(void) { return csr_read_clear(sstatus, SSTATUS_SIE) & SSTATUS_SIE; }
static inline void arch_irq_restore(unsigned long f) { csr_set(sstatus, f & SSTATUS_SIE); }
#endif
