/* The system call table. The arch's trap entry calls syscall_table[nr]
 * with the six argument registers as they came from user mode (riscv:
 * a7 the number, a0..a5 the arguments; arch/riscv/entry.S) and puts the
 * result (or -errno) back in the user's a0. Numbers without a handler go
 * to unknown_syscall: -ENOSYS, named on the console once each. */
#include <types.h>
#include <errno.h>
#include <printk.h>
#include <sched.h>
#include <syscalls.h>

const syscall_fn_t syscall_table[NR_SYSCALLS] = {
#define __SYSCALL(nr, name) [nr] = sys_##name,
#include "syscall_table.h"
#undef __SYSCALL
};

static u64 reported[NR_SYSCALLS / 64];

long unknown_syscall(unsigned long nr)
{
	if (nr >= NR_SYSCALLS || !(__atomic_fetch_or(&reported[nr / 64], 1UL << (nr % 64), __ATOMIC_RELAXED) & (1UL << (nr % 64))))
		printk("cleave: pid %d (%s): unknown syscall %lu\n", current->pid, current->comm, nr);
	return -ENOSYS;
}

/* A system call returned a restart code (-ERESTART*): it must reach
 * do_signal on the way out, even if the signal behind it was taken by
 * another thread. Only the task itself writes its flags. */
void syscall_restart_mark(void)
{
	current->flags |= PF_SYSCALL_RESTART;
}
