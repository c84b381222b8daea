/* How the portable signal code looks at, and rewinds, an interrupted
 * system call in the user register frame (riscv: ecall, a0/orig_a0/a7). */
#ifndef ASM_SYSCALL_H
#define ASM_SYSCALL_H
#include <asm/ptrace.h>
#include <asm/csr.h>

#define __NR_restart_syscall 128

/* Is regs returning from a system call whose result is still in a0? */
static inline bool syscall_returning(const struct pt_regs *regs)
{
	return regs->cause == EXC_ECALL_U;
}

static inline long syscall_get_return(const struct pt_regs *regs)
{
	return (long)regs->a0;
}

static inline void syscall_set_return(struct pt_regs *regs, long v)
{
	regs->a0 = v;
}

/* Make the return to user mode run the same ecall again, arguments intact. */
static inline void syscall_rewind(struct pt_regs *regs)
{
	regs->a0 = regs->orig_a0;
	regs->epc -= 4;
}

/* Make it call restart_syscall instead (ERESTART_RESTARTBLOCK). */
static inline void syscall_rewind_to_restart(struct pt_regs *regs)
{
	regs->a0 = regs->orig_a0;
	regs->a7 = __NR_restart_syscall;
	regs->epc -= 4;
}

/* The restart decision is made: no later look may redo it. */
static inline void syscall_forget(struct pt_regs *regs)
{
	regs->cause = ~0UL;
}

#endif
