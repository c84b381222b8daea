/* Job control: group stop and continue.
 *
 * A stop signal taken with the default action stops the whole thread
 * group: the thread that took it marks every live thread
 * JOBCTL_STOP_PENDING and queues the others a private SIGSTOP, so that
 * signal_pending() is true for them and each leaves its interruptible
 * sleep or user code and reaches do_signal, which parks it in
 * TASK_STOPPED (do_jobctl_park) before it would take that SIGSTOP. The
 * last one to park completes the stop: the group is SIGNAL_STOP_STOPPED, wait4
 * (WUNTRACED) has a stop to report and the parent gets SIGCHLD
 * (CLD_STOPPED) unless it set SA_NOCLDSTOP. SIGCONT (at send time) ends
 * the stop, wakes every parked thread and, if the group had stopped,
 * leaves a continue for wait4 (WCONTINUED) and a CLD_CONTINUED SIGCHLD.
 * SIGKILL wakes parked threads (signal_wake_up wakes TASK_STOPPED for a
 * fatal signal) and they die on their way out of do_signal.
 *
 * Locking: signal->stop_sig/stop_count/stop_flags and every thread's
 * jobctl are protected by sighand->lock. Parked threads sleep on
 * &signal->stop_count. The parent is told with only tasklist_lock held
 * (real_parent), never under a sighand lock. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include "signal_internal.h"

static const sigset_t STOP_SIGS = sigmask(SIGSTOP) | sigmask(SIGTSTP) | sigmask(SIGTTIN) |
				  sigmask(SIGTTOU);

/* Drop the signals in mask from every queue of t's group.
 * tasklist_lock (thread list) and sighand->lock held. */
static void flush_group(struct task_struct *t, sigset_t mask)
{
	sigpending_flush(&t->signal->shared_pending, mask);
	struct list_head *pos;
	list_for_each(pos, &t->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		sigpending_flush(&o->pending, mask);
	}
}

bool jobctl_prepare_signal(struct task_struct *t, int sig)
{
	struct signal_struct *s = t->signal;
	if (sig_default_stops(sig)) {
		flush_group(t, sigmask(SIGCONT));
		return false;
	}
	if (sig != SIGCONT)
		return false;
	flush_group(t, STOP_SIGS);
	bool was_stopped = s->stop_flags & SIGNAL_STOP_STOPPED;
	struct list_head *pos;
	list_for_each(pos, &s->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		o->jobctl &= ~(JOBCTL_STOP_PENDING | JOBCTL_STOP_DEQUEUED);
	}
	s->stop_sig = 0;
	s->stop_count = 0;
	s->stop_flags &= ~(SIGNAL_STOP_STOPPED | SIGNAL_REPORT_STOPPED);
	if (was_stopped)
		s->stop_flags |= SIGNAL_REPORT_CONTINUED;
	wakeup(&s->stop_count);
	return was_stopped;
}

/* Does the parent want CLD_STOPPED/CLD_CONTINUED? tasklist_lock held. */
void notify_parent_cld(struct task_struct *leader, int code, int status)
{
	struct task_struct *parent = leader->real_parent;
	if (!parent)
		return;
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	bool quiet = (code == CLD_STOPPED || code == CLD_CONTINUED) && (ka->flags & SA_NOCLDSTOP);
	if (!quiet) {
		struct ksiginfo info = { .signo = SIGCHLD, .code = code, .pid = leader->tgid,
					 .status = status };
		send_signal_info(parent, &info, true);
	}
	wakeup(parent->signal);	/* wait4 sleeps there */
}

/* Linux's orphaned process group: no member has a parent in another
 * group of the same session (init does not count). tasklist_lock held. */
bool pgrp_orphaned(pid_t pgid, pid_t sid)
{
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p != p->group_leader || p->signal->pgid != pgid || p->exit_state)
			continue;
		struct task_struct *pp = p->real_parent;
		if (!pp || pp->tgid == 1)
			continue;
		if (pp->signal->pgid != pgid && pp->signal->sid == sid)
			return false;
	}
	return true;
}

void do_signal_stop(struct task_struct *t, int sig)
{
	struct signal_struct *s = t->signal;
	struct sighand_struct *sh = t->sighand;
	spin_lock(&tasklist_lock);
	if (sig != SIGSTOP && pgrp_orphaned(s->pgid, s->sid)) {
		spin_unlock(&tasklist_lock);
		return;		/* discarded, as on Linux */
	}
	spin_lock(&sh->lock);
	/* A SIGCONT since we took the signal cancels this stop. */
	if (!(t->jobctl & JOBCTL_STOP_DEQUEUED) || s->group_exit) {
		spin_unlock(&sh->lock);
		spin_unlock(&tasklist_lock);
		return;
	}
	t->jobctl &= ~JOBCTL_STOP_DEQUEUED;
	if (!s->stop_sig) {
		/* Start the group stop: every live thread must park. */
		s->stop_sig = sig;
		s->stop_count = 0;
		struct list_head *pos;
		list_for_each(pos, &s->thread_head) {
			struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
			if (o->exit_state || (o->flags & PF_EXITING))
				continue;
			o->jobctl |= JOBCTL_STOP_PENDING;
			s->stop_count++;
			if (o != t) {
				/* A private SIGSTOP makes signal_pending() true for
				 * o (keeping jobctl off the syscall return path);
				 * do_signal parks o before it would dequeue it, and
				 * SIGCONT flushes it with the other stop signals. */
				struct ksiginfo stop = { .signo = SIGSTOP, .code = SI_KERNEL };
				sigpending_queue(&o->pending, o, &stop);
				signal_wake_up(o);
			}
		}
	}
	spin_unlock(&sh->lock);
	spin_unlock(&tasklist_lock);
	/* do_signal's loop sees JOBCTL_STOP_PENDING and parks us. */
}

/* One thread of the group is done with the stop (parked, or exiting):
 * count it; the last one completes the stop. sighand->lock held.
 * Returns true if the parent must be told. */
static bool stop_count_down(struct task_struct *t)
{
	struct signal_struct *s = t->signal;
	t->jobctl &= ~JOBCTL_STOP_PENDING;
	if (--s->stop_count > 0)
		return false;
	s->stop_flags |= SIGNAL_STOP_STOPPED | SIGNAL_REPORT_STOPPED;
	s->stop_flags &= ~SIGNAL_REPORT_CONTINUED;
	return true;
}

static void tell_parent_stopped(struct task_struct *t, int sig)
{
	spin_lock(&tasklist_lock);
	notify_parent_cld(t->group_leader, CLD_STOPPED, sig);
	spin_unlock(&tasklist_lock);
}

void do_jobctl_park(struct task_struct *t)
{
	struct signal_struct *s = t->signal;
	struct sighand_struct *sh = t->sighand;
	int sig = s->stop_sig;
	if (stop_count_down(t)) {
		spin_unlock(&sh->lock);
		tell_parent_stopped(t, sig);
		spin_lock(&sh->lock);
	}
	/* Parked until SIGCONT ends this stop (stop_sig 0), a new stop
	 * wants us to count again, or SIGKILL. */
	while (s->stop_sig && !(t->jobctl & JOBCTL_STOP_PENDING) && !fatal_signal_pending(t) &&
	       !s->group_exit)
		sleep_stopped(&s->stop_count, &sh->lock);
}

/* An exiting thread that still owes the group stop its count. */
void jobctl_exit(struct task_struct *t)
{
	struct sighand_struct *sh = t->sighand;
	spin_lock(&sh->lock);
	int sig = t->signal->stop_sig;
	bool tell = (t->jobctl & JOBCTL_STOP_PENDING) && stop_count_down(t) &&
		    !t->signal->group_exit;
	t->jobctl = 0;
	spin_unlock(&sh->lock);
	if (tell)
		tell_parent_stopped(t, sig);
}
