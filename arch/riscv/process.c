/* copy_thread: the arch half of clone. Builds the child's user registers
 * from the parent's trap frame and its first switch frame, which resumes
 * in ret_from_fork (entry.S). Decides nothing about sharing. */
#include <types.h>
#include <string.h>
#include <sched.h>
#include <clone.h>
#include <mm.h>
#include <asm/ptrace.h>
#include <asm/csr.h>

void ret_from_fork(void);
void fpu_save(struct task_struct *t);

struct pt_regs *task_pt_regs(struct task_struct *t)
{
	return (struct pt_regs *)((char *)t->stack + KSTACK_SIZE) - 1;
}

/* A user task's FP registers live in the hart while it runs (in user or
 * kernel mode) and in t->thread while it does not. The FS field of its
 * user trap frame's status, which sret hands back to user mode, says
 * which copy is newer: the hardware sets it Dirty when user code writes
 * an FP register, and only then must a save copy the registers out. A
 * save or restore leaves the two copies equal: Clean. Callers run t's
 * own code on this hart (or t is switched out), interrupts off or t
 * current. */
void __fpu_save(struct task_struct *t);
void __fpu_restore(struct task_struct *t);

static void fs_clean(struct pt_regs *regs)
{
	regs->status = (regs->status & ~SSTATUS_FS) | SSTATUS_FS_CLEAN;
}

void fpu_save(struct task_struct *t)
{
	struct pt_regs *regs = task_pt_regs(t);
	if ((regs->status & SSTATUS_FS) != SSTATUS_FS_DIRTY)
		return;		/* t->thread is up to date */
	__fpu_save(t);
	fs_clean(regs);
}

void fpu_restore(struct task_struct *t)
{
	__fpu_restore(t);
	fs_clean(task_pt_regs(t));
}

int copy_thread(struct task_struct *p, const struct kernel_clone_args *args)
{
	struct pt_regs *child = task_pt_regs(p);
	memset(&p->thread, 0, offsetof(struct thread_struct, fregs));
	if (args->fn) {
		/* Kernel thread: s0/s1 carry fn/arg to ret_from_fork. Its frame
		 * starts as a user frame so that a successful execve in fn can
		 * return to user mode through it. */
		memset(child, 0, sizeof(*child));
		child->status = SSTATUS_SPIE;
		p->thread.s[0] = (u64)args->fn;
		p->thread.s[1] = (u64)args->fn_arg;
	} else {
		/* The parent's FP registers are live in the hart: the child
		 * starts with a copy of them (saved first, so that the copied
		 * status does not call them dirty). */
		fpu_save(current);
		memcpy(p->thread.fregs, current->thread.fregs, sizeof(p->thread.fregs));
		p->thread.fcsr = current->thread.fcsr;
		*child = *task_pt_regs(current);
		child->a0 = 0;			/* clone returns 0 in the child */
		if (args->stack)
			child->sp = args->stack;
		if (args->flags & CLONE_SETTLS)
			child->tp = args->tls;
	}
	p->thread.ra = (u64)ret_from_fork;
	p->thread.sp = (u64)child;
	p->thread.kernel_sp = (u64)p->stack + KSTACK_SIZE;
	return 0;
}

/* Reset the user registers for a freshly exec'd image. */
void start_thread(struct pt_regs *regs, u64 pc, u64 sp)
{
	memset(regs, 0, sizeof(*regs));
	regs->epc = pc;
	regs->sp = sp;
	regs->status = SSTATUS_SPIE | SSTATUS_FS_INITIAL;
	struct task_struct *t = current;
	memset(t->thread.fregs, 0, sizeof(t->thread.fregs));
	t->thread.fcsr = 0;
}
