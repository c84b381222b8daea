/* Trap dispatch: interrupts, system calls, page faults and fatal user
 * exceptions. Called from entry.S with interrupts off and the trap frame
 * on the kernel stack. */
#include <types.h>
#include <errno.h>
#include <printk.h>
#include <sched.h>
#include <signal.h>
#include <mm_types.h>
#include <irq.h>
#include <uaccess.h>
#include <mm.h>
#include <asm/csr.h>
#include <asm/ptrace.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include <asm/syscall.h>

void handle_exception(void);
void timer_interrupt(bool user);
void time_init_hart(void);
void do_signal(struct pt_regs *regs);
void ipi_interrupt(void);

void trap_init(void)
{
	csr_write(stvec, (u64)handle_exception);
	csr_write(sscratch, 0);
}

struct ex_entry { u64 insn, fixup; };
extern struct ex_entry __ex_table_start[], __ex_table_end[];

static bool fixup_exception(struct pt_regs *regs)
{
	for (struct ex_entry *e = __ex_table_start; e < __ex_table_end; e++)
		if (e->insn == regs->epc) {
			regs->epc = e->fixup;
			return true;
		}
	return false;
}

static const char *cause_name(u64 c)
{
	static const char *names[] = {
		"instruction misaligned", "instruction access fault", "illegal instruction",
		"breakpoint", "load misaligned", "load access fault", "store misaligned",
		"store access fault", "user ecall", "supervisor ecall", "?", "?",
		"instruction page fault", "load page fault", "?", "store page fault",
	};
	return c < ARRAY_SIZE(names) ? names[c] : "?";
}

/* A user fault the kernel cannot resolve: one console line, then the
 * signal Linux would send, with its si_code and si_addr. */
static void user_fault_code(struct pt_regs *regs, int sig, int code, u64 addr)
{
	struct task_struct *t = current;
	printk("cleave: pid %d (%s) killed: %s, signal %d, sepc %lx stval %lx\n",
	       t->pid, t->comm, cause_name(regs->cause), sig, regs->epc, regs->badaddr);
	force_sig_fault(sig, code, addr);
}

#define ILL_ILLOPC 1
#define TRAP_BRKPT 1
#define BUS_ADRALN 1

static void user_fault(struct pt_regs *regs, int sig)
{
	switch (sig) {
	case SIGILL:
		user_fault_code(regs, sig, ILL_ILLOPC, regs->epc);
		break;
	case SIGTRAP:
		user_fault_code(regs, sig, TRAP_BRKPT, regs->epc);
		break;
	case SIGBUS:
		user_fault_code(regs, sig, BUS_ADRALN, regs->badaddr);
		break;
	default:
		user_fault_code(regs, sig, SEGV_ACCERR, regs->badaddr);	/* access faults */
	}
}

static void kernel_fault(struct pt_regs *regs)
{
	panic("kernel trap on hart %lu: %s (scause %lx) sepc %lx stval %lx ra %lx",
	      this_cpu()->hartid, cause_name(regs->cause), regs->cause, regs->epc,
	      regs->badaddr, regs->ra);
}

/* A user fault handle_mm_fault could not resolve (out of line: rare).
 * Out of memory: the OOM killer runs and the access is retried (the
 * faulting task dies only if it was the one chosen). Otherwise SIGSEGV,
 * SEGV_ACCERR for a mapped address the access is not allowed on,
 * SEGV_MAPERR for an unmapped one (or nobody to kill for memory). */
static __attribute__((noinline)) void user_fault_failed(struct pt_regs *regs, int err, u64 addr)
{
	if (err == -ENOMEM && out_of_memory())
		return;
	user_fault_code(regs, SIGSEGV, err == -EACCES ? SEGV_ACCERR : SEGV_MAPERR, addr);
}

/* The same for a uaccess fault: retry after the OOM killer unless
 * interrupts were off (a spinlock is held: cannot yield) or we are dying
 * ourselves; then the access fails and the syscall ends. */
static __attribute__((noinline)) bool kernel_fault_retry(struct pt_regs *regs, int err)
{
	if (err != -ENOMEM || !(regs->status & SSTATUS_SPIE) || fatal_signal_pending(current))
		return false;
	return out_of_memory();
}

static void do_page_fault(struct pt_regs *regs)
{
	u64 cause = regs->cause, addr = regs->badaddr;
	struct mm_struct *mm = current->mm;
	bool write = cause == EXC_STORE_PAGE_FAULT;
	bool exec = cause == EXC_INST_PAGE_FAULT;

	if (user_mode(regs)) {
		arch_irq_enable();
		int err = mm ? handle_mm_fault(mm, addr, write, exec) : -EFAULT;
		if (err)
			user_fault_failed(regs, err, addr);
		return;
	}
	/* Kernel mode: only uaccess may fault, and only on user addresses. */
	if (addr < TASK_SIZE && mm && !exec) {
		if (regs->status & SSTATUS_SPIE)
			arch_irq_enable();
		int err = handle_mm_fault(mm, addr, write, exec);
		if (err == 0 || kernel_fault_retry(regs, err))
			return;
	}
	arch_irq_disable();
	if (!fixup_exception(regs))
		kernel_fault(regs);
}

static void do_interrupt(struct pt_regs *regs)
{
	switch (regs->cause & ~CAUSE_INTR) {
	case IRQ_S_TIMER:
		timer_interrupt(user_mode(regs));
		break;
	case IRQ_S_SOFT:
		csr_clear(sip, SIE_SSIE);
		ipi_interrupt();
		break;
	case IRQ_S_EXT:
		plic_handle(this_cpu()->hartid);
		break;
	default:
		printk("cleave: unexpected interrupt %lx\n", regs->cause);
	}
}

void do_trap(struct pt_regs *regs)
{
	u64 cause = regs->cause;
	if (cause & CAUSE_INTR) {
		do_interrupt(regs);
		return;
	}
	/* EXC_ECALL_U never comes here: entry.S calls the syscall_table entry */
	switch (cause) {
	case EXC_INST_PAGE_FAULT:
	case EXC_LOAD_PAGE_FAULT:
	case EXC_STORE_PAGE_FAULT:
		do_page_fault(regs);
		return;
	}
	if (!user_mode(regs)) {
		if ((cause == EXC_LOAD_ACCESS || cause == EXC_STORE_ACCESS) && fixup_exception(regs))
			return;
		kernel_fault(regs);
	}
	arch_irq_enable();
	switch (cause) {
	case EXC_ILLEGAL_INST:
		user_fault(regs, SIGILL);
		break;
	case EXC_BREAKPOINT:
		user_fault(regs, SIGTRAP);
		break;
	case EXC_INST_MISALIGNED:
	case EXC_LOAD_MISALIGNED:
	case EXC_STORE_MISALIGNED:
		user_fault(regs, SIGBUS);
		break;
	default:
		user_fault(regs, SIGSEGV);
	}
}

/* Work before sret to user mode: reschedule and deliver signals until
 * neither is pending. Interrupts are enabled while doing so. A restart
 * code in a0 (PF_SYSCALL_RESTART) always goes through do_signal. */
static bool exit_work(struct task_struct *t)
{
	return t->cpu_ptr->need_resched || signal_pending(t) ||
	       (t->flags & (PF_RESTORE_SIGMASK | PF_SYSCALL_RESTART));
}

static void __attribute__((noinline)) exit_to_user_work(struct pt_regs *regs)
{
	do {
		arch_irq_enable();
		if (this_cpu()->need_resched)
			schedule();
		else
			do_signal(regs);
		arch_irq_disable();
	} while (exit_work(current));
}

/* Last stop before sret to user mode. Entered with interrupts off, so the
 * checks need no locking; the common case (nothing to do) returns at once
 * (no stack frame: the work is out of line). */
void prepare_return_to_user(struct pt_regs *regs)
{
	if (unlikely(exit_work(current)))
		exit_to_user_work(regs);
}

/* Frame-pointer backtrace with symbol names. Each frame record (saved ra
 * at fp - 8, the caller's fp at fp - 16) must lie in this task's kernel
 * stack and its ra in kernel text; the first that does not is the end of
 * the stack (the trap frame from user mode, or the first frame of a
 * task), so no garbage frame is printed. ra is the instruction after the
 * call: the name and offset come from ra - 1, inside the call itself (a
 * function ending in a call would otherwise be named as the next one). */
const char *ksym_lookup(u64 addr, u64 *off);
extern char _stext[], _etext[];
void arch_dump_stack(void)
{
	struct task_struct *t = current;
	u64 fp, lo = PAGE_OFFSET, hi = ~0UL;
	if (t && t->stack) {
		lo = (u64)t->stack;
		hi = lo + KSTACK_SIZE;
	}
	__asm__ __volatile__("mv %0, s0" : "=r"(fp));
	printk("backtrace:\n");
	for (int depth = 0; depth < 32; depth++) {
		if ((fp & 7) || fp < lo + 16 || fp > hi)
			break;
		u64 ra = ((u64 *)fp)[-1];
		u64 next = ((u64 *)fp)[-2];
		if (ra <= (u64)_stext || ra > (u64)_etext)
			break;
		u64 off;
		const char *name = ksym_lookup(ra - 1, &off);
		printk("  [<%lx>] %s+0x%lx\n", ra, name ? name : "?", off + 1);
		if (next <= fp)
			break;
		fp = next;
	}
}
