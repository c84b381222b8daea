/* The user register frame saved on the kernel stack at every trap from
 * user mode (and from kernel mode for interrupts). Layout is fixed: entry.S
 * uses the PT_* offsets below, and it matches Linux's riscv pt_regs order. */
#ifndef ASM_PTRACE_H
#define ASM_PTRACE_H

#define PT_EPC 0
#define PT_RA 8
#define PT_SP 16
#define PT_GP 24
#define PT_TP 32
#define PT_T0 40
#define PT_A0 80
#define PT_STATUS 256
#define PT_BADADDR 264
#define PT_CAUSE 272
#define PT_ORIG_A0 280
#define PT_SIZE 288	/* 16-byte multiple */

#ifndef __ASSEMBLY__
#include <types.h>
struct pt_regs {
	unsigned long epc, ra, sp, gp, tp, t0, t1, t2, s0, s1;
	unsigned long a0, a1, a2, a3, a4, a5, a6, a7;
	unsigned long s2, s3, s4, s5, s6, s7, s8, s9, s10, s11;
	unsigned long t3, t4, t5, t6;
	unsigned long status, badaddr, cause, orig_a0;
};
_Static_assert(sizeof(struct pt_regs) == PT_SIZE, "pt_regs layout");

#define user_mode(regs) (((regs)->status & (1UL << 8)) == 0)
#endif
#endif
