/* Core dumps: kernel/coredump.c decides and gathers the threads,
 * kernel/elfcore.c writes the ELF core file. */
#ifndef CLEAVE_COREDUMP_H
#define CLEAVE_COREDUMP_H
#include "types.h"

struct task_struct;
struct pt_regs;
struct ksiginfo;
struct file;

/* Signals whose default action is to dump core (and terminate). */
bool sig_kernel_coredump(int sig);

/* do_signal: sig (a core signal, default action) kills current's group.
 * Writes the core file if the limits allow: the group's other threads
 * are killed and wait until it is written. Returns true when a whole
 * core was written (the wait status then has WCOREDUMP). */
bool do_coredump(const struct ksiginfo *info, struct pt_regs *regs);

/* do_exit: current's group is dumping core; give it our registers (left
 * on our kernel stack) by waiting here until the dump is over. */
void coredump_task_exit(struct task_struct *t);

/* A thread of the dump other than the dumping one, in a list on the
 * threads' own kernel stacks (see coredump.c). */
struct core_thread {
	struct core_thread *next;
	struct task_struct *task;
};

/* Write current's ELF core to f: notes for current (registers regs) and
 * each of others, then its memory. At most limit bytes are written.
 * Returns true when all of it was. */
bool elf_core_dump(struct file *f, u64 limit, const struct ksiginfo *info,
		   struct pt_regs *regs, struct core_thread *others);

/* arch */
u16 arch_elf_machine(void);
void arch_core_gregs(const struct pt_regs *regs, u64 out[32]);
size_t arch_core_fpregs(struct task_struct *t, void *out);
void siginfo_to_layout(void *dst, const struct ksiginfo *info);
#endif
