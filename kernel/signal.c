/* Signals: sending, delivery on the way back to user mode, and the
 * signal-related system calls.
 *
 * Locking:
 *   sighand->lock  protects the actions, every member thread's blocked and
 *                  pending sets, and the group's shared_pending.
 *   tasklist_lock  protects the task lists (all_tasks, signal->thread_head)
 *                  and signal->pgid/sid.
 * Lock order: tasklist_lock -> sighand->lock -> rq_lock (signal_wake_up).
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
#include <asm/ptrace.h>

#define SIGURG 23
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

/* Default action "stop". Job control is not implemented: stopping
 * signals are dequeued and ignored (SIGSTOP cannot be caught anyway). */
static bool default_stops(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* Would sig be thrown away on arrival? sighand->lock held. A blocked signal
 * is kept: the handler may change before it is unblocked. */
static bool sig_discarded(struct task_struct *t, int sig)
{
	if (sig == SIGKILL || (t->blocked & sigmask(sig)))
		return false;
	void __user *h = t->sighand->action[sig - 1].handler;
	return h == SIG_IGN || (h == SIG_DFL && default_ignored(sig));
}

/* Can t take sig now? Exiting threads and threads blocking it cannot. */
static bool wants_signal(struct task_struct *t, int sig)
{
	if (t->exit_state || (t->flags & PF_EXITING))
		return false;
	return sig == SIGKILL || !(t->blocked & sigmask(sig));
}

static void queue_on(struct sigpending *p, int sig, int code, pid_t pid)
{
	p->signal |= sigmask(sig);
	p->code[sig - 1] = code;
	p->pid[sig - 1] = pid;
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

/* Queue sig for t (group: its thread group). tasklist_lock held. */
static int __send_signal(struct task_struct *t, int sig, bool group, int code, pid_t from)
{
	struct sighand_struct *sh = t->sighand;
	spin_lock(&sh->lock);
	if (!sig_discarded(t, sig)) {
		queue_on(group ? &t->signal->shared_pending : &t->pending, sig, code, from);
		complete_signal(t, sig, group);
	}
	spin_unlock(&sh->lock);
	return 0;
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

static int send_signal_code(struct task_struct *t, int sig, bool group, int code, pid_t from)
{
	if (!valid_signal(sig))
		return -EINVAL;
	bool took = tasklist_lock_maybe();
	int r = __send_signal(t, sig, group, code, from);
	if (took)
		spin_unlock(&tasklist_lock);
	return r;
}

/* Kernel-originated signal (SIGCHLD, SIGPIPE, ...). Callable with or
 * without tasklist_lock held, never with a sighand lock held. */
int send_signal(struct task_struct *t, int sig, bool group)
{
	return send_signal_code(t, sig, group, SI_KERNEL, 0);
}

/* SIGKILL is always queued per thread (a group kill reaches each one). */
bool fatal_signal_pending(struct task_struct *t)
{
	return (READ_ONCE(t->pending.signal) & sigmask(SIGKILL)) != 0;
}

bool signal_pending(struct task_struct *t)
{
	sigset_t pend = READ_ONCE(t->pending.signal) | READ_ONCE(t->signal->shared_pending.signal);
	if (pend & sigmask(SIGKILL))
		return true;
	return (pend & ~READ_ONCE(t->blocked)) != 0;
}

/* A synchronous fault: the signal must not be ignored or blocked, or the
 * faulting instruction would just run again. */
void force_sig(int sig)
{
	struct task_struct *t = current;
	struct sighand_struct *sh = t->sighand;
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
	queue_on(&t->pending, sig, SI_KERNEL, 0);
	spin_unlock(&sh->lock);
}

/* The handler frame for sig could not be written: the process cannot go
 * on. If the failing signal was SIGSEGV itself, its handler must not be
 * tried again. */
static void force_sigsegv(int sig)
{
	struct sighand_struct *sh = current->sighand;
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
			__send_signal(p, sig, true, code, from);
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
	for (int i = 0; i < 2; i++) {
		struct sigpending *q = queues[i];
		if (q->signal & sigmask(sig)) {
			q->signal &= ~sigmask(sig);
			info->signo = sig;
			info->code = q->code[sig - 1];
			info->pid = q->pid[sig - 1];
			break;
		}
	}
	return sig;
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

/* Called on the return-to-user path, interrupts enabled, no locks held.
 * Delivers at most one handler frame; the caller loops while more is
 * pending. Default actions that terminate do not return. A pending
 * temporary mask (PF_RESTORE_SIGMASK) is restored either by the handler
 * frame (it saved the old mask; rt_sigreturn reinstalls it) or, when
 * there is nothing to deliver, right here. */
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
		int sig = dequeue_signal(t, &info);
		if (!sig) {
			spin_unlock(&sh->lock);
			if (t->flags & PF_RESTORE_SIGMASK) {
				/* The old mask may let through a signal
				 * the temporary one held back: look again. */
				restore_saved_sigmask();
				continue;
			}
			return;
		}
		ka = sh->action[sig - 1];
		if (sig == SIGKILL)
			ka.handler = SIG_DFL;
		if (ka.handler != SIG_DFL && ka.handler != SIG_IGN && (ka.flags & SA_RESETHAND)) {
			sh->action[sig - 1].handler = SIG_DFL;
			sh->action[sig - 1].flags &= ~SA_SIGINFO;
		}
		spin_unlock(&sh->lock);

		if (ka.handler == SIG_IGN)
			continue;
		if (ka.handler == SIG_DFL) {
			if (default_ignored(sig) || default_stops(sig))
				continue;
			/* Terminate. Wait status: the signal number in the low
			 * 7 bits; no 0x80, since cleave never dumps core. */
			do_group_exit(sig);
		}
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
	return __send_signal(t, sig, true, code, current->tgid);
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
			r = __send_signal(p, sig, false, SI_TKILL, current->tgid);
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
	t->signal->shared_pending.signal &= ~sigmask(sig);
	struct list_head *pos;
	list_for_each(pos, &t->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		o->pending.signal &= ~sigmask(sig);
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

/* ---- process groups and sessions (tasklist_lock protects pgid/sid) ---- */

static bool pgrp_exists_in_session(pid_t pgid, pid_t sid)
{
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p->signal->pgid == pgid && p->signal->sid == sid)
			return true;
	}
	return false;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *me = current;
	if (pgid < 0)
		return -EINVAL;
	long r = 0;
	spin_lock(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_pid(pid) : me->group_leader;
	if (!p || p->tgid != (pid ? pid : me->tgid)) {
		r = -ESRCH;	/* no such process, or a non-leader thread id */
		goto out;
	}
	/* Only ourselves or one of our children. */
	if (p->tgid != me->tgid && p->real_parent->tgid != me->tgid) {
		r = -ESRCH;
		goto out;
	}
	if (!pgid)
		pgid = p->tgid;
	if (p->signal->sid == p->tgid) {
		r = -EPERM;	/* a session leader keeps its group */
		goto out;
	}
	if (p->signal->sid != me->signal->sid) {
		r = -EPERM;
		goto out;
	}
	if (pgid != p->tgid && !pgrp_exists_in_session(pgid, me->signal->sid)) {
		r = -EPERM;
		goto out;
	}
	p->signal->pgid = pgid;
out:
	spin_unlock(&tasklist_lock);
	return r;
}

/* Look up the process for getpgid/getsid: 0 is the caller. */
static struct task_struct *lookup_process(pid_t pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	if (pid < 0)
		return -ESRCH;
	spin_lock(&tasklist_lock);
	struct task_struct *p = lookup_process(pid);
	long r = p ? p->signal->pgid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	if (pid < 0)
		return -ESRCH;
	spin_lock(&tasklist_lock);
	struct task_struct *p = lookup_process(pid);
	long r = p ? p->signal->sid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *me = current;
	pid_t id = me->tgid;
	long r = id;
	spin_lock(&tasklist_lock);
	/* A process group leader (or anyone whose id names a group) may not. */
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p->signal->pgid == id) {
			r = -EPERM;
			break;
		}
	}
	if (r > 0)
		me->signal->pgid = me->signal->sid = id;
	spin_unlock(&tasklist_lock);
	return r;
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
	return -EINTR;
}
