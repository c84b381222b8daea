/* System call dispatch: a7 selects the handler, a0..a5 are its arguments,
 * the result (or -errno) goes back in a0. Unknown numbers give -ENOSYS and
 * are named on the console once each. */
#include <types.h>
#include <errno.h>
#include <printk.h>
#include <sched.h>
#include <syscalls.h>
#include <asm/ptrace.h>

#define NR_SYSCALLS 512

static const syscall_fn_t syscall_table[NR_SYSCALLS] = {
#define __SYSCALL(nr, name) [nr] = sys_##name,
#include "syscall_table.h"
#undef __SYSCALL
};

static u64 reported[NR_SYSCALLS / 64];

long do_syscall(struct pt_regs *regs)
{
	unsigned long nr = regs->a7;
	if (nr < NR_SYSCALLS && syscall_table[nr]) {
		return syscall_table[nr](regs->a0, regs->a1, regs->a2, regs->a3, regs->a4, regs->a5);
	}
	if (nr >= NR_SYSCALLS || !(__atomic_fetch_or(&reported[nr / 64], 1UL << (nr % 64), __ATOMIC_RELAXED) & (1UL << (nr % 64))))
		printk("cleave: pid %d (%s): unknown syscall %lu\n", current->pid, current->comm, nr);
	return -ENOSYS;
}
