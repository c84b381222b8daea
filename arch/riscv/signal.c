/* Signal frames for riscv64, laid out exactly as Linux does, so that
 * glibc's ucontext_t view of the third handler argument is correct:
 *
 *   sp ->  struct rt_sigframe {
 *            siginfo_t info;            128 bytes
 *            struct ucontext uc;        mcontext at uc + 176, 16-aligned
 *          }
 *
 * The handler is entered with a0 = signo, a1 = &info, a2 = &uc and
 * ra = the trampoline in the signal page, which calls rt_sigreturn with sp
 * still pointing at the frame. This is the only signal code that knows the
 * pt_regs layout. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <mm.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <asm/ptrace.h>
#include <asm/sigpage.h>
#include <asm/syscall.h>
#include "../../kernel/signal_internal.h"

void fpu_save(struct task_struct *t);
void fpu_restore(struct task_struct *t);

#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

struct user_siginfo {
	s32 si_signo, si_errno, si_code, __pad0;
	union {
		struct { s32 pid; u32 uid; } kill;	/* SI_USER, SI_KERNEL */
		struct { s32 pid; u32 uid; u64 value; } rt;	/* SI_QUEUE, SI_TKILL */
		struct { s32 tid; s32 overrun; u64 value; } timer;	/* SI_TIMER */
		struct { s32 pid; u32 uid; s32 status; s32 __pad; s64 utime, stime; } chld;
		struct { u64 addr; } fault;	/* SIGSEGV, SIGBUS, ... */
		u8 __pad[112];
	} u;
};

struct user_stack {
	u64 ss_sp;
	s32 ss_flags, __pad;
	u64 ss_size;
};

/* union __riscv_fp_state, sized as its largest (q) member: 528 bytes. The
 * D view (what cleave saves) is f[0..31] then fcsr at byte 256. */
union user_fp_state {
	struct {
		u64 f[32];
		u32 fcsr;
	} d;
	struct {
		u64 f[64];
		u32 fcsr, reserved[3];
	} __attribute__((aligned(16))) q;
};

struct user_sigcontext {
	u64 sc_regs[32];	/* pc, ra, sp, gp, tp, t0-t2, s0-s1, a0-a7, s2-s11, t3-t6 */
	union user_fp_state sc_fpregs;
};

struct user_ucontext {
	u64 uc_flags;
	u64 uc_link;
	struct user_stack uc_stack;
	sigset_t uc_sigmask;
	u8 sigmask_pad[120];	/* room for a 1024-bit sigset */
	struct user_sigcontext uc_mcontext;
};

struct rt_sigframe {
	struct user_siginfo info;
	struct user_ucontext uc;
};

_Static_assert(sizeof(struct user_siginfo) == 128, "siginfo_t");
_Static_assert(sizeof(union user_fp_state) == 528, "__riscv_fp_state");
_Static_assert(offsetof(struct user_ucontext, uc_mcontext) == 176, "uc_mcontext offset");
_Static_assert(sizeof(struct user_sigcontext) == 784, "sigcontext");
_Static_assert(sizeof(struct rt_sigframe) % 16 == 0, "frame keeps sp aligned");
/* sc_regs[] is the first 32 words of pt_regs, epc in the place of x0. */
_Static_assert(offsetof(struct pt_regs, t6) == 31 * 8, "pt_regs starts with epc, x1..x31");

/* ---- the trampoline page ---- */

#define INSN_LI_A7_RT_SIGRETURN 0x08b00893u	/* addi a7, zero, 139 */
#define INSN_ECALL 0x00000073u

static void *sigpage;		/* set once, never freed */
static struct spinlock sigpage_lock = SPINLOCK_INIT("sigpage");

void *sigpage_kva(void)
{
	void *p = __atomic_load_n(&sigpage, __ATOMIC_ACQUIRE);
	if (p)
		return p;
	spin_lock(&sigpage_lock);
	if (!sigpage) {
		u32 *code = get_free_page();	/* zero-filled: the rest is c.unimp */
		if (!code)
			panic("sigpage: out of memory");
		code[0] = INSN_LI_A7_RT_SIGRETURN;
		code[1] = INSN_ECALL;
		/* The page was never executed before, but be explicit. */
		__asm__ __volatile__("fence.i" ::: "memory");
		__atomic_store_n(&sigpage, (void *)code, __ATOMIC_RELEASE);
	}
	p = sigpage;
	spin_unlock(&sigpage_lock);
	return p;
}

void sigpage_init(void)
{
	sigpage_kva();
}

/* ---- frames ---- */

static bool is_fault_signal(int sig)
{
	return sig == SIGSEGV || sig == SIGBUS || sig == SIGILL || sig == SIGFPE || sig == SIGTRAP;
}

/* Linux's siginfo layouts: which union member a (signo, code) uses. */
static void fill_siginfo(struct user_siginfo *si, const struct ksiginfo *info)
{
	memset(si, 0, sizeof(*si));
	si->si_signo = info->signo;
	si->si_code = info->code;
	if (info->code > SI_USER && info->code < SI_KERNEL) {
		if (info->signo == SIGCHLD) {
			si->u.chld.pid = info->pid;
			si->u.chld.status = info->status;
		} else if (is_fault_signal(info->signo)) {
			si->u.fault.addr = info->value;
		}
	} else if (info->code == SI_TIMER) {
		si->u.timer.tid = info->tid;
		si->u.timer.overrun = info->status;
		si->u.timer.value = info->value;
	} else if (info->code < 0) {
		si->u.rt.pid = info->pid;
		si->u.rt.value = info->value;
	} else {
		si->u.kill.pid = info->pid;
	}
}

/* The user siginfo_t (128 bytes) in kernel memory: NT_SIGINFO of a core. */
void siginfo_to_layout(void *dst, const struct ksiginfo *info)
{
	fill_siginfo(dst, info);
}

int copy_siginfo_to_user(void __user *dst, const struct ksiginfo *info)
{
	struct user_siginfo si;
	fill_siginfo(&si, info);
	return copy_to_user(dst, &si, sizeof(si)) ? -EFAULT : 0;
}

/* rt_sigqueueinfo: keep what the rt layout carries (si_pid, si_value). */
int copy_siginfo_from_user(struct ksiginfo *info, const void __user *src)
{
	struct user_siginfo si;
	if (copy_from_user(&si, src, sizeof(si)))
		return -EFAULT;
	memset(info, 0, sizeof(*info));
	info->signo = si.si_signo;
	info->code = si.si_code;
	info->pid = si.u.rt.pid;
	info->value = si.u.rt.value;
	return 0;
}

/* Save the interrupted user context into a kernel copy of the frame. */
static void fill_ucontext(struct user_ucontext *uc, struct pt_regs *regs)
{
	struct task_struct *t = current;
	uc->uc_flags = 0;
	uc->uc_link = 0;
	/* The altstack as it was at the interrupted sp: rt_sigreturn puts
	 * it back from here. */
	uc->uc_stack.ss_sp = t->sas.sp;
	uc->uc_stack.ss_size = t->sas.size;
	uc->uc_stack.ss_flags = sas_ss_flags(regs->sp) | (t->sas.flags & SS_AUTODISARM);
	uc->uc_sigmask = sigmask_to_save();	/* only t itself changes it */
	memcpy(uc->uc_mcontext.sc_regs, regs, sizeof(uc->uc_mcontext.sc_regs));
	/* The user's FP registers are live in this hart: capture them. */
	fpu_save(t);
	memcpy(uc->uc_mcontext.sc_fpregs.d.f, t->thread.fregs, sizeof(t->thread.fregs));
	uc->uc_mcontext.sc_fpregs.d.fcsr = (u32)t->thread.fcsr;
}

int setup_rt_frame(const struct ksiginfo *info, struct k_sigaction *ka, struct pt_regs *regs)
{
	/* Built on the kernel stack (1 KiB; this path is shallow) so that
	 * delivery has no allocation that could fail. */
	struct task_struct *t = current;
	struct rt_sigframe frame;
	memset(&frame, 0, sizeof(frame));
	/* SA_ONSTACK: the top of the altstack, unless it is disabled or we
	 * are on it already (nested delivery stays where it is). */
	u64 sp = regs->sp;
	if ((ka->flags & SA_ONSTACK) && sas_ss_flags(sp) == 0)
		sp = t->sas.sp + t->sas.size;
	sp = ALIGN_DOWN(sp - sizeof(frame), 16);
	fill_siginfo(&frame.info, info);
	fill_ucontext(&frame.uc, regs);
	int err = copy_to_user((void __user *)sp, &frame, sizeof(frame));
	if (err)
		return err;
	if (t->sas.flags & SS_AUTODISARM)
		t->sas.sp = t->sas.size = 0;	/* saved in uc_stack */

	struct rt_sigframe __user *uf = (struct rt_sigframe __user *)sp;
	regs->a0 = info->signo;
	regs->a1 = (u64)&uf->info;
	regs->a2 = (u64)&uf->uc;
	regs->ra = SIGPAGE_VA;
	regs->sp = sp;
	regs->epc = (u64)ka->handler;
	return 0;
}

/* rt_sigreturn: sp points at the frame the handler was given. Returns the
 * restored a0, which the syscall path writes back into regs->a0. */
long arch_rt_sigreturn(struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct rt_sigframe __user *uf = (struct rt_sigframe __user *)regs->sp;
	struct user_sigcontext scbuf, *sc = &scbuf;
	struct user_stack ss;
	sigset_t mask;

	/* Whatever happens, this is no system call to restart, and an
	 * interrupted nanosleep's restart block is stale. */
	syscall_forget(regs);
	t->restart_block.fn = NULL;
	if (copy_from_user(sc, &uf->uc.uc_mcontext, sizeof(*sc)) ||
	    copy_from_user(&mask, &uf->uc.uc_sigmask, sizeof(mask)) ||
	    copy_from_user(&ss, &uf->uc.uc_stack, sizeof(ss))) {
		static int reported;
		if (!__atomic_exchange_n(&reported, 1, __ATOMIC_RELAXED))
			printk("cleave: pid %d (%s): bad frame in rt_sigreturn at %lx\n",
			       t->pid, t->comm, regs->sp);
		force_sig(SIGSEGV);
		return regs->a0;
	}

	/* Integer registers and pc; status (privilege, interrupt bits) is
	 * never taken from user memory: regs->status keeps SPP = user. */
	memcpy(regs, sc->sc_regs, sizeof(sc->sc_regs));
	restore_altstack(ss.ss_sp, ss.ss_flags, ss.ss_size, regs->sp);

	spin_lock(&t->sighand->lock);
	t->blocked = mask & ~UNBLOCKABLE;
	spin_unlock(&t->sighand->lock);

	/* FP state: into the task, then into the hart. Interrupts off so
	 * nothing runs between the two steps. */
	irq_push_off();
	memcpy(t->thread.fregs, sc->sc_fpregs.d.f, sizeof(t->thread.fregs));
	t->thread.fcsr = sc->sc_fpregs.d.fcsr;
	fpu_restore(t);
	irq_pop_off();
	return regs->a0;
}
