/* sigaltstack: the per-thread alternate signal stack (current->sas; only
 * current reads or changes it, so no lock). The frame code
 * (arch/riscv/signal.c) switches to it for SA_ONSTACK handlers and records
 * it in uc_stack; rt_sigreturn puts it back from there. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <clone.h>
#include <asm/ptrace.h>

struct user_stack_t {
	u64 ss_sp;
	s32 ss_flags, __pad;
	u64 ss_size;
};

/* Linux: with SS_AUTODISARM the stack is dropped on delivery, so a
 * handler never counts as "on" it. */
bool on_sig_stack(u64 sp)
{
	struct ksigaltstack *s = &current->sas;
	if (s->flags & SS_AUTODISARM)
		return false;
	return sp > s->sp && sp - s->sp <= s->size;
}

int sas_ss_flags(u64 sp)
{
	if (!current->sas.size)
		return SS_DISABLE;
	return on_sig_stack(sp) ? SS_ONSTACK : 0;
}

/* Install ss (NULL: just report) for a thread whose user sp is sp. */
static int do_sigaltstack(const struct user_stack_t *ss, struct user_stack_t *oss, u64 sp)
{
	struct ksigaltstack *cur = &current->sas;
	if (oss) {
		memset(oss, 0, sizeof(*oss));
		oss->ss_sp = cur->sp;
		oss->ss_size = cur->size;
		oss->ss_flags = sas_ss_flags(sp) | (cur->flags & SS_AUTODISARM);
	}
	if (!ss)
		return 0;
	if (on_sig_stack(sp))
		return -EPERM;
	int mode = ss->ss_flags & ~SS_AUTODISARM;
	if (mode != SS_DISABLE && mode != SS_ONSTACK && mode != 0)
		return -EINVAL;
	if (mode == SS_DISABLE) {
		cur->sp = cur->size = 0;
		cur->flags = ss->ss_flags;
		return 0;
	}
	if (ss->ss_size < MINSIGSTKSZ)
		return -ENOMEM;
	cur->sp = ss->ss_sp;
	cur->size = ss->ss_size;
	cur->flags = ss->ss_flags;
	return 0;
}

SYSCALL_DEFINE2(sigaltstack, const struct user_stack_t __user *, uss, struct user_stack_t __user *, uoss)
{
	struct user_stack_t ss, oss;
	if (uss && copy_from_user(&ss, uss, sizeof(ss)))
		return -EFAULT;
	int r = do_sigaltstack(uss ? &ss : NULL, uoss ? &oss : NULL, task_pt_regs(current)->sp);
	if (!r && uoss && copy_to_user(uoss, &oss, sizeof(oss)))
		return -EFAULT;
	return r;
}

/* rt_sigreturn: put back the altstack the frame recorded. Errors (we are
 * still on the stack, bad values) are ignored, as on Linux. */
void restore_altstack(u64 ss_sp, int ss_flags, u64 ss_size, u64 sp)
{
	struct user_stack_t ss = { .ss_sp = ss_sp, .ss_flags = ss_flags, .ss_size = ss_size };
	(void)do_sigaltstack(&ss, NULL, sp);
}

