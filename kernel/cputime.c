/* CPU-time accounting and RLIMIT_CPU.
 *
 * Each hart keeps a stamp (cpu->acct_stamp): the running task's CPU time
 * is charged up to it. A context switch charges prev from the stamp to
 * now as system time (it is in the kernel); a timer tick charges current
 * as user or system time by where the tick interrupted it. So the sum is
 * exact to the switch, the split between user and system is sampled at
 * the tick, as in Linux's tick-based accounting. Idle tasks are not
 * charged. A thread's times are its own (written only by the hart that
 * runs it); every charge is also added to its thread group's totals
 * (signal->utime/stime, atomic), which therefore include the dead threads,
 * and which wait adds to the parent's cutime/cstime at reaping.
 *
 * RLIMIT_CPU (seconds of the group's user + system time), checked at each
 * tick as Linux does: at the hard limit SIGKILL; at the soft limit
 * SIGXCPU, and the soft limit goes up by one second so that the next
 * SIGXCPU comes a second of CPU later. */
#include <types.h>
#include <sched.h>
#include <signal.h>
#include <timekeeping.h>

#define SIGXCPU 24

/* Charge t's time since this hart's stamp. Interrupts off. (The switch's
 * charge, always system time, is account_switch in sched.h.) */
static void charge(struct task_struct *t, struct cpu *c, u64 now, bool user)
{
	u64 d = now > c->acct_stamp ? now - c->acct_stamp : 0;
	c->acct_stamp = now;
	if (t->flags & PF_IDLE)
		return;
	if (user) {
		t->utime += d;
		__atomic_add_fetch(&t->signal->utime, d, __ATOMIC_RELAXED);
	} else {
		t->stime += d;
		__atomic_add_fetch(&t->signal->stime, d, __ATOMIC_RELAXED);
	}
}

/* A limit in seconds as ns; RLIM_INFINITY (or too large) is ~0. */
static u64 limit_ns(u64 sec)
{
	return sec >= ~0UL / NSEC_PER_SEC ? ~0UL : sec * NSEC_PER_SEC;
}

/* current's group is at or past its soft limit: decide under
 * tasklist_lock, which guards the limits, and signal the group. */
static void rlimit_cpu_exceeded(struct task_struct *t, u64 used)
{
	spin_lock(&tasklist_lock);
	struct rlimit_s *l = &t->signal->rlim[RLIMIT_CPU];
	if (l->max != RLIM_INFINITY && used >= limit_ns(l->max)) {
		send_signal(t, SIGKILL, true);
	} else if (used >= limit_ns(l->cur)) {
		send_signal(t, SIGXCPU, true);
		if (l->cur < l->max)
			l->cur++;
	}
	spin_unlock(&tasklist_lock);
}

void account_tick(bool user)
{
	struct task_struct *t = current;
	charge(t, this_cpu(), ktime_get_ns(), user);
	if ((t->flags & (PF_IDLE | PF_KTHREAD | PF_EXITING)) || !t->mm)
		return;
	if (READ_ONCE(t->signal->cpu_timers))
		cpu_timers_tick(t);	/* kernel/itimer.c */
	u64 soft = READ_ONCE(t->signal->rlim[RLIMIT_CPU].cur);
	if (soft == RLIM_INFINITY)
		return;
	u64 used = READ_ONCE(t->signal->utime) + READ_ONCE(t->signal->stime);
	if (used >= limit_ns(soft))
		rlimit_cpu_exceeded(t, used);
}

u64 current_cputime_ns(bool thread)
{
	struct task_struct *t = current;
	irq_push_off();		/* stay on this hart while reading its stamp */
	u64 now = ktime_get_ns(), running = now - this_cpu()->acct_stamp;
	u64 sum = thread ? t->utime + t->stime
			 : READ_ONCE(t->signal->utime) + READ_ONCE(t->signal->stime);
	irq_pop_off();
	return sum + running;
}
