/* Per-task arch state and per-hart data. */
#ifndef ASM_PROCESSOR_H
#define ASM_PROCESSOR_H
#ifndef __ASSEMBLY__
#include <types.h>

/* Callee-saved registers kept by __switch_to, and the user FP state.
 * Offsets are used by switch.S: keep in order. */
struct thread_struct {
	unsigned long ra, sp, s[12];	/* switch frame (__switch_to) */
	unsigned long kernel_sp;	/* top of kernel stack: trap entry from user */
	unsigned long scratch_sp;	/* trap entry parks the interrupted sp here */
	u64 fregs[32];			/* user FP state while switched out */
	u64 fcsr;
};
#endif
/* struct thread_struct is the first member of task_struct, so these are
 * also offsets into the task (tp) for entry.S and switch.S. */
#define THREAD_RA 0
#define THREAD_SP 8
#define THREAD_S0 16
#define THREAD_KERNEL_SP 112
#define THREAD_SCRATCH_SP 120
#define THREAD_F0 128
#define THREAD_FCSR (128 + 256)

#ifndef __ASSEMBLY__

struct task_struct;
struct mm_struct;
/* Per-hart data. tp in kernel mode always points at the current task; the
 * hart's struct cpu is reached through cpus[] by hart index. */
struct cpu {
	u64 hartid;
	int id;				/* index into cpus[] */
	struct task_struct *idle;
	int irq_depth;			/* irq_push_off nesting */
	bool irq_was_on;		/* state before the outermost push */
	bool online;
	u64 next_tick;
	bool need_resched;		/* set by the tick, cleared by schedule */
	struct mm_struct *loaded_mm;	/* whose page table is in satp */
	u64 acct_stamp;			/* ns: the running task's CPU time is charged up to here */
};
#define NR_CPUS 8
extern struct cpu cpus[NR_CPUS];
extern int nr_cpus;
static inline void cpu_relax(void) { __asm__ __volatile__("nop"); }
static inline void wait_for_interrupt(void) { __asm__ __volatile__("wfi" ::: "memory"); }
#endif
#endif
