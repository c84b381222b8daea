/* Signals: sending, delivery on the way back to user mode (with the
 * restart or EINTR of an interrupted system call), and the signal system
 * calls. Job control is in signal_stop.c, sigaltstack in sigaltstack.c,
 * interval timers in itimer.c, process groups in pgrp.c, the pending
 * queues (real-time queueing, RLIMIT_SIGPENDING) in sigqueue.c.
 *
 * Locking:
 *   sighand->lock  protects the actions, every member thread's blocked and
 *                  pending sets, and the group's shared_pending.
 *   tasklist_lock  protects the task lists (all_tasks, signal->thread_head)
 *                  and signal->pgid/sid.
 * Lock order: timer_lock (itimer.c) -> tasklist_lock -> sighand->lock ->
 * rq_lock (signal_wake_up). Two sighand locks are never held together.
 *
 * signal_pending() reads the pending/blocked words without a lock: each is
 * one aligned 64-bit word, a sender sets the bit before it takes rq_lock to
 * wake the sleeper, and a sleeper that misses the bit re-checks after its
 * wakeup. The arch frame code (arch/riscv/signal.c) is the only part that
 * knows the user register layout. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <clone.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <coredump.h>
#include <asm/ptrace.h>
#include <asm/syscall.h>
#include "signal_internal.h"

#define UNBLOCKABLE (sigmask(SIGKILL) | sigmask(SIGSTOP))

#define SIG_BLOCK 0
#define SIG_UNBLOCK 1
#define SIG_SETMASK 2

static bool valid_signal(int sig)
{
	return sig >= 1 && sig <= _NSIG;
}

/* Signals whose default action is to do nothing. */
static bool default_ignored(int sig)
{
	return sig == SIGCHLD || sig == SIGCONT || sig == SIGURG || sig == SIGWINCH;
}

/* Would sig be thrown away on arrival? sighand->lock held. A blocked signal
 * is kept: the handler may change before it is unblocked. Init (pid 1)
 * only gets signals it has a handler for; the kernel's own SIGKILL (exec
 * killing the other threads) still reaches it. */
static bool sig_discarded(struct task_struct *t, int sig, int code)
{
	void __user *h = t->sighand->action[sig - 1].handler;
	if (t->tgid == 1 && h == SIG_DFL && !(sig == SIGKILL && code == SI_KERNEL))
		return true;
	/* real_blocked: rt_sigtimedwait unblocked it to wait for it. */
	if (sig == SIGKILL || ((t->blocked | t->real_blocked) & sigmask(sig)))
		return false;
	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

/* Can t take sig now? Exiting threads and threads blocking it cannot. */
static bool wants_signal(struct task_struct *t, int sig)
{
	if (t->exit_state || (t->flags & PF_EXITING))
		return false;
	return sig == SIGKILL || !(t->blocked & sigmask(sig));
}

/* Wake the thread(s) that should handle a just-queued signal.
 * tasklist_lock held (the thread list), sighand->lock held. */
static void complete_signal(struct task_struct *t, int sig, bool group)
{
	struct list_head *pos;

	if (sig == SIGKILL && group) {
		/* Fatal to the whole group: every thread gets it privately so
		 * that each one leaves its interruptible sleep and dies. */
		list_for_each(pos, &t->signal->thread_head) {
			struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
			o->pending.signal |= sigmask(SIGKILL);
			signal_wake_up(o);
		}
		return;
	}
	if (wants_signal(t, sig)) {
		signal_wake_up(t);
		return;
	}
	if (!group)
		return;		/* stays pending until t unblocks it */
	list_for_each(pos, &t->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		if (wants_signal(o, sig)) {
			signal_wake_up(o);
			return;
		}
	}
}

/* Queue info->signo for t (group: its thread group): 0, or -EAGAIN when
 * a real-time siginfo would go past RLIMIT_SIGPENDING (sigqueue.c).
 * tasklist_lock held, no sighand lock. Stop and continue signals cancel each other first
 * (signal_stop.c); a SIGCONT that ends a stop tells the parent after
 * t's sighand lock is dropped (two sighand locks are never nested). */
static int __send_signal(struct task_struct *t, const struct ksiginfo *info, bool group)
{
	struct sighand_struct *sh = t->sighand;
	int sig = info->signo;
	int r = 0;
	spin_lock(&sh->lock);
	bool continued = jobctl_prepare_signal(t, sig);
	if (!sig_discarded(t, sig, info->code)) {
		r = sigpending_queue(group ? &t->signal->shared_pending : &t->pending, t, info);
		if (!r)
			complete_signal(t, sig, group);
	}
	spin_unlock(&sh->lock);
	if (continued)
		notify_parent_cld(t->group_leader, CLD_CONTINUED, SIGCONT);
	return r;
}

static int simple_send(struct task_struct *t, int sig, bool group, int code, pid_t from)
{
	struct ksiginfo info = { .signo = sig, .code = code, .pid = from };
	return __send_signal(t, &info, group);
}

/* Take tasklist_lock unless this hart already holds it (exit_notify sends
 * SIGCHLD under it). Returns whether we took it. */
static bool tasklist_lock_maybe(void)
{
	irq_push_off();
	bool held = spin_holding(&tasklist_lock);
	irq_pop_off();
	if (!held)
		spin_lock(&tasklist_lock);
	return !held;
}

/* Callable with or without tasklist_lock held, never with a sighand
 * lock held. */
int send_signal_info(struct task_struct *t, const struct ksiginfo *info, bool group)
{
	if (!valid_signal(info->signo))
		return -EINVAL;
	bool took = tasklist_lock_maybe();
	int r = __send_signal(t, info, group);
	if (took)
		spin_unlock(&tasklist_lock);
	return r;
}

/* Kernel-originated signal (SIGPIPE, SIGKILL of exit_group, ...). */
int send_signal(struct task_struct *t, int sig, bool group)
{
	struct ksiginfo info = { .signo = sig, .code = SI_KERNEL };
	return send_signal_info(t, &info, group);
}

/* SIGKILL is always queued per thread (a group kill reaches each one). */
bool fatal_signal_pending(struct task_struct *t)
{
	return (READ_ONCE(t->pending.signal) & sigmask(SIGKILL)) != 0;
}

/* A thread that must park for a group stop has a private SIGSTOP queued
 * (signal_stop.c), so this needs no look at jobctl. */

/* A synchronous fault: the signal must not be ignored or blocked, or the
 * faulting instruction would just run again. */
void force_sig_fault(int sig, int code, u64 addr)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;
	struct ksiginfo info = { .signo = sig, .code = code, .value = addr };
	if (!valid_signal(sig))
		return;
	spin_lock(&sh->lock);
	struct k_sigaction *ka = &sh->action[sig - 1];
	if (ka->handler == SIG_IGN || (t->blocked & sigmask(sig))) {
		/* A blocked fault signal would loop on the fault: die instead. */
		if (t->blocked & sigmask(sig))
			t->blocked &= ~sigmask(sig);
		ka->handler = SIG_DFL;
	}
	/* A fault replaces whatever else of that number is pending. */
	sigpending_flush(&t->pending, sigmask(sig));
	sigpending_queue(&t->pending, t, &info);
	spin_unlock(&sh->lock);
}

void force_sig(int sig)
{
	force_sig_fault(sig, SI_KERNEL, 0);
}

/* The handler frame for sig could not be written: the process cannot go
 * on. If the failing signal was SIGSEGV itself, its handler must not be
 * tried again. */
static void force_sigsegv(int sig)
{
	struct sighand_struct *sh = current->sighand;
	static int reported;	/* one console line per boot, not per frame */
	if (!__atomic_exchange_n(&reported, 1, __ATOMIC_RELAXED))
		printk("cleave: pid %d (%s): cannot write the frame for signal %d: SIGSEGV\n",
		       current->pid, current->comm, sig);
	if (sig == SIGSEGV) {
		spin_lock(&sh->lock);
		sh->action[SIGSEGV - 1].handler = SIG_DFL;
		spin_unlock(&sh->lock);
	}
	force_sig(SIGSEGV);
}

/* Send sig to every process (group leader) in process group pgid.
 * sig 0 checks existence only. Never sleeps. */
static int __kill_pgrp(pid_t pgid, int sig, int code, pid_t from)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pgid <= 0)
		return -ESRCH;
	int found = 0;
	spin_lock(&tasklist_lock);
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p != p->group_leader || p->signal->pgid != pgid)
			continue;
		found++;
		if (sig)
			simple_send(p, sig, true, code, from);
	}
	spin_unlock(&tasklist_lock);
	return found ? 0 : -ESRCH;
}

/* From the kernel (the tty's ^C): usable in interrupt context. */
int kill_pgrp(pid_t pgid, int sig)
{
	return __kill_pgrp(pgid, sig, SI_KERNEL, 0);
}

/* ---- delivery ---- */

/* Take the next signal to deliver off t's queues: SIGKILL first, then the
 * lowest-numbered unblocked one, private queue before the shared one.
 * sighand->lock held. Returns 0 if nothing is deliverable. */
static int dequeue_signal(struct task_struct *t, struct ksiginfo *info)
{
	struct sigpending *queues[2] = { &t->pending, &t->signal->shared_pending };
	sigset_t allow = ~(t->blocked & ~UNBLOCKABLE);
	int sig = 0;

	sigset_t any = (queues[0]->signal | queues[1]->signal) & allow;
	if (!any)
		return 0;
	sig = (any & sigmask(SIGKILL)) ? SIGKILL : __builtin_ctzl(any) + 1;
	sigpending_take((queues[0]->signal & sigmask(sig)) ? queues[0] : queues[1], sig, info);
	return sig;
}

/* Take a signal in mask off t's queues (rt_sigtimedwait): private queue
 * first. sighand->lock held. */
int dequeue_signal_in(struct task_struct *t, sigset_t mask, struct ksiginfo *info)
{
	struct sigpending *queues[2] = { &t->pending, &t->signal->shared_pending };
	for (int i = 0; i < 2; i++) {
		sigset_t m = queues[i]->signal & mask;
		if (m) {
			int sig = __builtin_ctzl(m) + 1;
			sigpending_take(queues[i], sig, info);
			return sig;
		}
	}
	return 0;
}

/* Block what a handler's delivery blocks. */
static void block_for_handler(struct task_struct *t, int sig, const struct k_sigaction *ka)
{
	spin_lock(&t->sighand->lock);
	sigset_t add = ka->mask;
	if (!(ka->flags & SA_NODEFER))
		add |= sigmask(sig);
	t->blocked = (t->blocked | add) & ~UNBLOCKABLE;
	spin_unlock(&t->sighand->lock);
}

/* ---- temporary masks (ppoll, pselect6) ----
 * current->saved_sigmask and PF_RESTORE_SIGMASK are only used by current
 * itself; blocked is still changed under sighand->lock for the senders. */

sigset_t sigmask_to_save(void)
{
	struct task_struct *t = current;
	return (t->flags & PF_RESTORE_SIGMASK) ? t->saved_sigmask : t->blocked;
}

void set_temporary_sigmask(sigset_t mask)
{
	struct task_struct *t = current;
	spin_lock(&t->sighand->lock);
	t->saved_sigmask = t->blocked;
	t->blocked = mask & ~UNBLOCKABLE;
	spin_unlock(&t->sighand->lock);
}

static void restore_saved_sigmask(void)
{
	struct task_struct *t = current;
	spin_lock(&t->sighand->lock);
	t->blocked = t->saved_sigmask;
	spin_unlock(&t->sighand->lock);
	t->flags &= ~PF_RESTORE_SIGMASK;
}

void restore_saved_sigmask_unless(bool interrupted)
{
	if (interrupted)
		current->flags |= PF_RESTORE_SIGMASK;	/* do_signal restores */
	else
		restore_saved_sigmask();
}

/* A system call that came back with a restart code: restart it or turn
 * the code into -EINTR, depending on the handler about to run (ka, NULL
 * when none runs). Decided once per system call. */
static void syscall_restart(struct pt_regs *regs, const struct k_sigaction *ka)
{
	current->flags &= ~PF_SYSCALL_RESTART;
	if (!syscall_returning(regs))
		return;
	long r = syscall_get_return(regs);
	syscall_forget(regs);
	switch (r) {
	case -ERESTART_RESTARTBLOCK:
		if (!ka)
			syscall_rewind_to_restart(regs);
		else
			syscall_set_return(regs, -EINTR);
		break;
	case -ERESTARTNOHAND:
		if (!ka)
			syscall_rewind(regs);
		else
			syscall_set_return(regs, -EINTR);
		break;
	case -ERESTARTSYS:
		if (ka && !(ka->flags & SA_RESTART)) {
			syscall_set_return(regs, -EINTR);
			break;
		}
		syscall_rewind(regs);
		break;
	case -ERESTARTNOINTR:
		syscall_rewind(regs);
		break;
	}
}

/* Called on the return-to-user path, interrupts enabled, no locks held.
 * Delivers at most one handler frame; the caller loops while more is
 * pending. Default actions that terminate do not return; stop signals
 * park the thread until SIGCONT or SIGKILL (signal_stop.c). A pending
 * temporary mask (PF_RESTORE_SIGMASK) is restored either by the handler
 * frame (it saved the old mask; rt_sigreturn reinstalls it) or, when
 * there is nothing to deliver, right here. A system call that returned
 * a restart code is restarted or fails with EINTR here. */
void do_signal(struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;

	for (;;) {
		if (READ_ONCE(t->signal->group_exit))
			do_group_exit(0);	/* the group's code is used */

		struct ksiginfo info;
		struct k_sigaction ka;
		spin_lock(&sh->lock);
		if (t->jobctl & JOBCTL_STOP_PENDING) {
			do_jobctl_park(t);	/* drops and retakes sh->lock */
			spin_unlock(&sh->lock);
			continue;
		}
		int sig = dequeue_signal(t, &info);
		if (!sig) {
			spin_unlock(&sh->lock);
			if (t->flags & PF_RESTORE_SIGMASK) {
				/* The old mask may let through a signal
				 * the temporary one held back: look again. */
				restore_saved_sigmask();
				continue;
			}
			syscall_restart(regs, NULL);
			return;
		}
		ka = sh->action[sig - 1];
		if (sig == SIGKILL)
			ka.handler = SIG_DFL;
		if (ka.handler != SIG_DFL && ka.handler != SIG_IGN && (ka.flags & SA_RESETHAND)) {
			sh->action[sig - 1].handler = SIG_DFL;
			sh->action[sig - 1].flags &= ~SA_SIGINFO;
		}
		if (ka.handler == SIG_DFL && sig_default_stops(sig))
			t->jobctl |= JOBCTL_STOP_DEQUEUED;
		spin_unlock(&sh->lock);
		if (info.code == SI_TIMER)
			itimer_take(&info);

		if (ka.handler == SIG_IGN)
			continue;
		if (ka.handler == SIG_DFL) {
			if (default_ignored(sig))
				continue;
			if (sig_default_stops(sig)) {
				do_signal_stop(t, sig);
				continue;
			}
			/* Terminate. Wait status: the signal number in the low
			 * 7 bits, and 0x80 (WCOREDUMP) when a core was written:
			 * do_coredump started the group exit with that status. */
			if (sig_kernel_coredump(sig))
				do_coredump(&info, regs);
			do_group_exit(sig);
		}
		syscall_restart(regs, &ka);
		if (setup_rt_frame(&info, &ka, regs)) {
			force_sigsegv(sig);
			continue;
		}
		/* The frame saved the caller's own mask (sigmask_to_save), so
		 * rt_sigreturn restores it; the handler itself runs with the
		 * temporary mask plus its sa_mask, as on Linux. */
		t->flags &= ~PF_RESTORE_SIGMASK;
		block_for_handler(t, sig, &ka);
		return;
	}
}

/* ---- system calls ---- */

/* Send to a whole thread group: t may be any of its threads. */
static int group_send(struct task_struct *t, int sig, int code)
{
	if (sig == 0)
		return 0;
	return simple_send(t, sig, true, code, current->tgid);
}

/* kill(-1, sig): everybody but init and our own group. tasklist_lock held. */
static int kill_everyone(int sig)
{
	int found = 0;
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p != p->group_leader || p->tgid == 1 || p->tgid == current->tgid)
			continue;
		if (p->flags & PF_KTHREAD && !p->mm)
			continue;
		found++;
		group_send(p, sig, SI_USER);
	}
	return found ? 0 : -ESRCH;
}

SYSCALL_DEFINE2(kill, pid_t, pid, int, sig)
{
	if (sig < 0 || sig > _NSIG)
		return -EINVAL;
	if (pid == 0)
		return __kill_pgrp(current->signal->pgid, sig, SI_USER, current->tgid);
	if (pid < -1) {
		if (pid == -2147483647 - 1)
			return -ESRCH;
		return __kill_pgrp(-pid, sig, SI_USER, current->tgid);
	}
	spin_lock(&tasklist_lock);
	long r;
	if (pid == -1) {
		r = kill_everyone(sig);
	} else {
		struct task_struct *p = find_task_by_pid(pid);
		r = p ? group_send(p, sig, SI_USER) : -ESRCH;
	}
	spin_unlock(&tasklist_lock);
	return r;
}

/* Signal one thread; tgid < 0 means "any group". */
static long do_tkill(pid_t tgid, pid_t tid, int sig)
{
	if (tid <= 0 || sig < 0 || sig > _NSIG)
		return -EINVAL;
	long r = -ESRCH;
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(tid);
	if (p && (tgid < 0 || p->tgid == tgid) && !(p->exit_state)) {
		r = 0;
		if (sig)
			r = simple_send(p, sig, false, SI_TKILL, current->tgid);
	}
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE2(tkill, pid_t, tid, int, sig)
{
	return do_tkill(-1, tid, sig);
}

SYSCALL_DEFINE3(tgkill, pid_t, tgid, pid_t, tid, int, sig)
{
	if (tgid <= 0)
		return -EINVAL;
	return do_tkill(tgid, tid, sig);
}

/* Drop sig from every queue of t's group: its action became "ignore".
 * tasklist_lock and sighand->lock held. */
static void flush_pending(struct task_struct *t, int sig)
{
	sigpending_flush(&t->signal->shared_pending, sigmask(sig));
	struct list_head *pos;
	list_for_each(pos, &t->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		sigpending_flush(&o->pending, sigmask(sig));
	}
}

/* The riscv64 (asm-generic) struct sigaction: no sa_restorer. It has the
 * same layout as struct k_sigaction. */
_Static_assert(sizeof(struct k_sigaction) == 24, "struct sigaction is 24 bytes");

SYSCALL_DEFINE4(rt_sigaction, int, sig, const struct k_sigaction __user *, act,
		struct k_sigaction __user *, oact, size_t, sigsetsize)
{
	struct task_struct *t = current;
	struct k_sigaction new, old;

	if (sigsetsize != sizeof(sigset_t) || !valid_signal(sig))
		return -EINVAL;
	if (act && (sig == SIGKILL || sig == SIGSTOP))
		return -EINVAL;
	if (act && copy_from_user(&new, act, sizeof(new)))
		return -EFAULT;

	spin_lock(&tasklist_lock);
	spin_lock(&t->sighand->lock);
	old = t->sighand->action[sig - 1];
	if (act) {
		new.mask &= ~UNBLOCKABLE;
		t->sighand->action[sig - 1] = new;
		if (new.handler == SIG_IGN || (new.handler == SIG_DFL && default_ignored(sig)))
			flush_pending(t, sig);
	}
	spin_unlock(&t->sighand->lock);
	spin_unlock(&tasklist_lock);

	if (oact && copy_to_user(oact, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE4(rt_sigprocmask, int, how, const sigset_t __user *, set,
		sigset_t __user *, oset, size_t, sigsetsize)
{
	struct task_struct *t = current;
	sigset_t new = 0, old;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (set) {
		if (copy_from_user(&new, set, sizeof(new)))
			return -EFAULT;
		if (how != SIG_BLOCK && how != SIG_UNBLOCK && how != SIG_SETMASK)
			return -EINVAL;
	}
	spin_lock(&t->sighand->lock);
	old = t->blocked;
	if (set) {
		sigset_t b = how == SIG_BLOCK ? (old | new) :
			     how == SIG_UNBLOCK ? (old & ~new) : new;
		t->blocked = b & ~UNBLOCKABLE;
	}
	spin_unlock(&t->sighand->lock);
	if (oset && copy_to_user(oset, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE0(rt_sigreturn)
{
	return arch_rt_sigreturn(task_pt_regs(current));
}

/* Wait for a signal with mask installed; the old mask comes back after the
 * handler has run (PF_RESTORE_SIGMASK), so the signal the temporary mask
 * let through is the one delivered. Always -EINTR. */
SYSCALL_DEFINE2(rt_sigsuspend, const sigset_t __user *, umask, size_t, sigsetsize)
{
	sigset_t mask;
	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&mask, umask, sizeof(mask)))
		return -EFAULT;
	set_temporary_sigmask(mask);
	static int suspend_chan;	/* nobody wakes it: only signals end the wait */
	while (sleep_on_intr(&suspend_chan, NULL) != -EINTR)
		;
	restore_saved_sigmask_unless(true);
	/* A handler makes it -EINTR; a signal with no handler (a stop and
	 * continue) waits again, as on Linux. */
	return -ERESTARTNOHAND;
}

/* ---- pending sets, waiting for signals, queueing with siginfo ---- */

/* Linux: the pending signals (the thread's and the group's) that are
 * blocked; a smaller sigsetsize copies that much. */
SYSCALL_DEFINE2(rt_sigpending, sigset_t __user *, uset, size_t, sigsetsize)
{
	struct task_struct *t = current;
	if (sigsetsize > sizeof(sigset_t))
		return -EINVAL;
	spin_lock(&t->sighand->lock);
	sigset_t set = (t->pending.signal | t->signal->shared_pending.signal) & t->blocked;
	spin_unlock(&t->sighand->lock);
	return copy_to_user(uset, &set, sigsetsize) ? -EFAULT : 0;
}

struct user_timespec { s64 sec, nsec; };

SYSCALL_DEFINE4(rt_sigtimedwait, const sigset_t __user *, uthese, void __user *, uinfo,
		const struct user_timespec __user *, uts, size_t, sigsetsize)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;
	sigset_t these;
	u64 deadline = 0;	/* 0: wait for ever */
	bool poll = false;

	if (sigsetsize != sizeof(sigset_t))
		return -EINVAL;
	if (copy_from_user(&these, uthese, sizeof(these)))
		return -EFAULT;
	if (uts) {
		struct user_timespec ts;
		if (copy_from_user(&ts, uts, sizeof(ts)))
			return -EFAULT;
		if (ts.sec < 0 || ts.nsec < 0 || ts.nsec >= 1000000000)
			return -EINVAL;
		u64 ns = (u64)ts.sec > ~0UL / 1000000000 ? ~0UL : (u64)ts.sec * 1000000000 + ts.nsec;
		u64 now = ktime_get_ns();
		if (ns == 0)
			poll = true;
		else
			deadline = ns > ~0UL - now ? ~0UL : now + ns;
	}
	these &= ~UNBLOCKABLE;

	struct ksiginfo info;
	int r = 0;
	spin_lock(&sh->lock);
	int sig = dequeue_signal_in(t, these, &info);
	if (!sig && !poll) {
		/* Let the awaited signals through while we sleep, so that
		 * senders pick and wake this thread; any other unblocked
		 * signal ends the wait with EINTR. */
		sigset_t saved = t->blocked;
		t->real_blocked = saved;
		t->blocked &= ~these;
		static int nobody_wakes;
		while (!(sig = dequeue_signal_in(t, these, &info))) {
			r = deadline ? sleep_on_timeout(&nobody_wakes, &sh->lock, deadline, true)
				     : sleep_on_intr(&nobody_wakes, &sh->lock);
			if (r)
				break;
		}
		t->blocked = saved;
		t->real_blocked = 0;
		if (!sig)
			sig = dequeue_signal_in(t, these, &info);
	}
	spin_unlock(&sh->lock);
	if (sig) {
		if (info.code == SI_TIMER)
			itimer_take(&info);
		if (uinfo && copy_siginfo_to_user(uinfo, &info))
			return -EFAULT;
		return sig;
	}
	return r == -EINTR ? -EINTR : -EAGAIN;
}

/* rt_sigqueueinfo / rt_tgsigqueueinfo: user space may not pretend to be
 * the kernel or kill()/tkill() (si_code >= 0 or SI_TKILL) unless it
 * signals itself. */
static bool queueinfo_forbidden(const struct ksiginfo *info, pid_t target)
{
	return (info->code >= 0 || info->code == SI_TKILL) && current->pid != target;
}

SYSCALL_DEFINE3(rt_sigqueueinfo, pid_t, pid, int, sig, const void __user *, uinfo)
{
	struct ksiginfo info;
	if (copy_siginfo_from_user(&info, uinfo))
		return -EFAULT;
	info.signo = sig;
	if (queueinfo_forbidden(&info, pid))
		return -EPERM;
	spin_lock(&tasklist_lock);
	struct task_struct *p = pid > 0 ? find_task_by_pid(pid) : NULL;
	long r = -ESRCH;
	if (p) {
		r = !valid_signal(sig) && sig != 0 ? -EINVAL : 0;
		if (!r && sig)
			r = __send_signal(p, &info, true);
	}
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE4(rt_tgsigqueueinfo, pid_t, tgid, pid_t, tid, int, sig, const void __user *, uinfo)
{
	struct ksiginfo info;
	if (tgid <= 0 || tid <= 0)
		return -EINVAL;
	if (copy_siginfo_from_user(&info, uinfo))
		return -EFAULT;
	info.signo = sig;
	if (queueinfo_forbidden(&info, tid))
		return -EPERM;
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(tid);
	long r = -ESRCH;
	if (p && p->tgid == tgid && !p->exit_state) {
		r = !valid_signal(sig) && sig != 0 ? -EINVAL : 0;
		if (!r && sig)
			r = __send_signal(p, &info, false);
	}
	spin_unlock(&tasklist_lock);
	return r;
}

/* restart_syscall (128): resume what current->restart_block describes
 * (set by an interrupted nanosleep); anything else gets EINTR. */
SYSCALL_DEFINE0(restart_syscall)
{
	struct restart_block *rb = &current->restart_block;
	long (*fn)(struct restart_block *) = rb->fn;
	rb->fn = NULL;
	return fn ? fn(rb) : -EINTR;
}
