/* The riscv64 parts of an ELF core file (kernel/elfcore.c): the machine,
 * and the register sets as Linux writes them, which gdb reads. */
#include <types.h>
#include <elf.h>
#include <sched.h>
#include <string.h>
#include <asm/ptrace.h>

void fpu_save(struct task_struct *t);

u16 arch_elf_machine(void)
{
	return EM_RISCV;
}

/* NT_PRSTATUS pr_reg (elf_gregset_t, Linux's user_regs_struct): pc, ra,
 * sp, gp, tp, t0-t2, s0-s1, a0-a7, s2-s11, t3-t6, which is how pt_regs
 * starts (epc in x0's place). */
void arch_core_gregs(const struct pt_regs *regs, u64 out[32])
{
	memcpy(out, regs, 32 * sizeof(u64));
}

/* NT_PRFPREG: struct __riscv_d_ext_state, f0-f31 then fcsr (264 bytes
 * with its padding). t is current or a thread switched out (whose FP
 * state was saved when it left its hart). Returns the size. */
size_t arch_core_fpregs(struct task_struct *t, void *out)
{
	struct { u64 f[32]; u32 fcsr, pad; } d;
	if (t == current)
		fpu_save(t);
	memcpy(d.f, t->thread.fregs, sizeof(d.f));
	d.fcsr = (u32)t->thread.fcsr;
	d.pad = 0;
	memcpy(out, &d, sizeof(d));
	return sizeof(d);
}
