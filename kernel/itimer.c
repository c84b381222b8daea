/* Interval timers: setitimer/getitimer (ITIMER_REAL, ITIMER_VIRTUAL,
 * ITIMER_PROF) and the POSIX timers (timer_create and friends) for
 * CLOCK_MONOTONIC/BOOTTIME, CLOCK_REALTIME and the CPU clocks
 * CLOCK_PROCESS_CPUTIME_ID/CLOCK_THREAD_CPUTIME_ID, notifying by
 * SIGEV_SIGNAL, SIGEV_THREAD_ID or SIGEV_NONE.
 *
 * Every armed timer on a wall clock is a struct ktimer on one global
 * list, `armed`, expired from the timer interrupt of any hart
 * (timers_tick, called by scheduler_tick at every tick and at the early
 * deadline a hart programs when a timer is armed). Their deadlines are
 * monotonic ns; a CLOCK_REALTIME target becomes a monotonic one when
 * armed (cleave's wall clock never steps).
 *
 * Locking: timer_lock protects `armed`, every ktimer and k_itimer, and
 * signal->posix_timers / next_timer_id / the ITIMER_REAL ktimer /
 * it_cpu / cpu_timers. Lock order: timer_lock -> tasklist_lock ->
 * sighand->lock -> rq_lock (a firing timer signals its process with
 * timer_lock held). A timer never holds a task pointer: it names its
 * process by tgid (and its signal struct, which is checked), so it
 * cannot outlive what it signals; exit_itimers() disarms and frees a
 * group's timers before the signal struct is freed, exec_itimers()
 * drops the POSIX ones at exec.
 *
 * CPU-time timers run on the time kernel/cputime.c charges: ITIMER_VIRTUAL
 * on the group's user time, ITIMER_PROF and CLOCK_PROCESS_CPUTIME_ID
 * timers on its user + system time, CLOCK_THREAD_CPUTIME_ID timers on
 * the creating thread's. Their deadlines are values of those clocks, so
 * they are not on `armed`: the tick that charges a task (account_tick)
 * checks its group's, as Linux does, and they fire at the first tick at
 * or after the deadline. signal->cpu_timers counts a group's armed ones
 * (timer_lock), so a tick of a group without any reads one word. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>
#include <printk.h>
#include <mm.h>
#include "signal_internal.h"

void arch_timer_deadline(u64 ns);

struct ktimer {
	struct list_head node;		/* on `armed` while expires != 0 */
	bool is_real;			/* in an itimer_real, else in a k_itimer */
	u64 expires;			/* monotonic ns; 0 = disarmed */
	u64 interval;			/* ns; 0 = one-shot */
};

/* A POSIX timer (timer_create). */
struct k_itimer {
	struct ktimer kt;
	struct list_head group_node;	/* in signal->posix_timers */
	struct signal_struct *sig;	/* the owning group */
	pid_t tgid;			/* ... found by this id when firing */
	pid_t target_tid;		/* SIGEV_THREAD_ID: that thread; else 0 */
	pid_t clock_tid;		/* CLOCK_THREAD_CPUTIME_ID: whose time */
	int id, clock;			/* on a CPU clock, kt.expires is a value of it */
	int notify, signo;
	u64 value;			/* sigev_value */
	int overrun;			/* expirations while its signal is queued */
	int overrun_last;		/* timer_getoverrun: of the last one taken */
};

/* The ITIMER_REAL timer of a group, found from its ktimer. */
struct itimer_real {
	struct ktimer kt;
	struct signal_struct *sig;
	pid_t tgid;
};

static struct spinlock timer_lock = SPINLOCK_INIT("timers");
static struct list_head armed = LIST_HEAD_INIT(armed);

/* ---- arming ---- */

static void ktimer_disarm(struct ktimer *kt)
{
	if (kt->expires)
		list_del(&kt->node);
	kt->expires = 0;
}

/* timer_lock held (and so interrupts off). */
static void ktimer_arm(struct ktimer *kt, u64 expires, u64 interval)
{
	ktimer_disarm(kt);
	kt->interval = interval;
	if (!expires)
		return;
	kt->expires = expires;
	list_add_tail(&kt->node, &armed);
	arch_timer_deadline(expires);
}

static u64 remaining(u64 expires, u64 now)
{
	if (!expires)
		return 0;
	return expires > now ? expires - now : 1;	/* due: still armed */
}

/* Move a periodic deadline that is due (*expires <= now) past now;
 * returns how many periods were skipped besides the one that fires. */
static u64 forward(u64 *expires, u64 interval, u64 now)
{
	u64 n = (now - *expires) / interval + 1;
	if (n > (~0UL - *expires) / interval)
		*expires = ~0UL;	/* never again, in practice */
	else
		*expires += n * interval;
	return n - 1;
}

static void add_overrun(struct k_itimer *tm, u64 missed)
{
	u64 o = (u64)tm->overrun + missed;
	tm->overrun = o > 0x7fffffff ? 0x7fffffff : (int)o;	/* DELAYTIMER_MAX */
}

/* ---- firing (interrupt context, timer_lock held) ---- */

/* May a timer signal p (found by id, tasklist_lock held)? A process
 * signal goes to the group while any thread of it lives, even when the
 * leader that bears its id has exited (pthread_exit from main); a
 * thread's signal needs that thread. */
static bool timer_can_signal(struct task_struct *p, struct signal_struct *sig, bool group)
{
	if (!p || p->signal != sig)
		return false;
	return group ? READ_ONCE(sig->live) > 0 : !p->exit_state;
}

static void fire_posix(struct k_itimer *tm)
{
	if (tm->notify == 1 /* SIGEV_NONE */)
		return;
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(tm->target_tid ? tm->target_tid : tm->tgid);
	if (timer_can_signal(p, tm->sig, !tm->target_tid)) {
		struct sigpending *q = tm->target_tid ? &p->pending : &tm->sig->shared_pending;
		bool pending;
		spin_lock(&p->sighand->lock);
		pending = sigpending_has_timer(q, tm->signo, tm->id);
		spin_unlock(&p->sighand->lock);
		if (pending) {
			tm->overrun++;	/* the earlier one is still queued */
		} else {
			/* si_overrun is filled when it is taken (itimer_take). */
			struct ksiginfo info = { .signo = tm->signo, .code = SI_TIMER, .tid = tm->id,
						 .value = tm->value };
			send_signal_info(p, &info, !tm->target_tid);
		}
	}
	spin_unlock(&tasklist_lock);
}

static void fire_real(struct itimer_real *it)
{
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(it->tgid);
	if (timer_can_signal(p, it->sig, true)) {
		struct ksiginfo info = { .signo = SIGALRM, .code = SI_KERNEL };
		send_signal_info(p, &info, true);
	}
	spin_unlock(&tasklist_lock);
}

/* Expire due timers; periodic ones are reloaded (missed periods count as
 * overruns), one-shots disarmed. Any hart's timer interrupt. */
void timers_tick(void)
{
	u64 now = ktime_get_ns();
	spin_lock(&timer_lock);
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &armed) {
		struct ktimer *kt = list_entry(pos, struct ktimer, node);
		if (kt->expires > now)
			continue;
		u64 missed = 0;
		if (kt->interval) {
			missed = forward(&kt->expires, kt->interval, now);
			arch_timer_deadline(kt->expires);
		} else {
			ktimer_disarm(kt);
		}
		if (kt->is_real) {
			fire_real(container_of(kt, struct itimer_real, kt));
		} else {
			struct k_itimer *tm = container_of(kt, struct k_itimer, kt);
			add_overrun(tm, missed);
			fire_posix(tm);
		}
	}
	spin_unlock(&timer_lock);
}

/* ---- CPU clocks ---- */

static bool on_cpu_clock(const struct k_itimer *tm)
{
	return tm->clock == CLOCK_PROCESS_CPUTIME_ID || tm->clock == CLOCK_THREAD_CPUTIME_ID;
}

/* A group's CPU time as the tick compares it: what has been charged (a
 * running stint counts from its next tick or switch). */
static u64 group_cputime(struct signal_struct *sig, bool prof)
{
	u64 u = READ_ONCE(sig->utime);
	return prof ? u + READ_ONCE(sig->stime) : u;
}

/* The value of tm's clock now; false when it is a thread's clock and the
 * thread is gone. timer_lock held. */
static bool timer_clock_now(struct k_itimer *tm, u64 *now)
{
	if (tm->clock == CLOCK_PROCESS_CPUTIME_ID) {
		*now = group_cputime(tm->sig, true);
		return true;
	}
	if (tm->clock != CLOCK_THREAD_CPUTIME_ID) {
		*now = ktime_get_ns();
		return true;
	}
	spin_lock(&tasklist_lock);
	struct task_struct *p = find_task_by_pid(tm->clock_tid);
	bool live = p && p->signal == tm->sig && !p->exit_state;
	if (live)
		*now = READ_ONCE(p->utime) + READ_ONCE(p->stime);
	spin_unlock(&tasklist_lock);
	return live;
}

/* (Dis)arm a POSIX timer of either kind. timer_lock held. */
static void timer_disarm(struct k_itimer *tm)
{
	if (!on_cpu_clock(tm)) {
		ktimer_disarm(&tm->kt);
		return;
	}
	if (tm->kt.expires)
		tm->sig->cpu_timers--;
	tm->kt.expires = 0;
}

static void timer_arm(struct k_itimer *tm, u64 expires, u64 interval)
{
	if (!on_cpu_clock(tm)) {
		ktimer_arm(&tm->kt, expires, interval);
		return;
	}
	timer_disarm(tm);
	tm->kt.interval = interval;
	if (expires) {
		tm->kt.expires = expires;
		tm->sig->cpu_timers++;
	}
}

/* The tick has just charged t (current, a user task whose group has
 * armed CPU-time timers); interrupts off. Fire what is due. */
void cpu_timers_tick(struct task_struct *t)
{
	static const int itimer_sig[2] = { SIGVTALRM, SIGPROF };
	struct signal_struct *sig = t->signal;
	u64 virt = group_cputime(sig, false), prof = group_cputime(sig, true);
	u64 mine = t->utime + t->stime;

	spin_lock(&timer_lock);
	for (int i = 0; i < 2; i++) {
		struct cpu_itimer *it = &sig->it_cpu[i];
		u64 now = i ? prof : virt;
		if (!it->expires || it->expires > now)
			continue;
		if (it->interval) {
			forward(&it->expires, it->interval, now);
		} else {
			it->expires = 0;
			sig->cpu_timers--;
		}
		struct ksiginfo info = { .signo = itimer_sig[i], .code = SI_KERNEL };
		spin_lock(&tasklist_lock);
		send_signal_info(t, &info, true);
		spin_unlock(&tasklist_lock);
	}
	struct list_head *pos;
	list_for_each(pos, &sig->posix_timers) {
		struct k_itimer *tm = list_entry(pos, struct k_itimer, group_node);
		if (!on_cpu_clock(tm) || !tm->kt.expires)
			continue;
		u64 now = prof;
		if (tm->clock == CLOCK_THREAD_CPUTIME_ID) {
			if (tm->clock_tid != t->pid)
				continue;	/* another thread's clock: its own ticks */
			now = mine;
		}
		if (tm->kt.expires > now)
			continue;
		if (tm->kt.interval)
			add_overrun(tm, forward(&tm->kt.expires, tm->kt.interval, now));
		else
			timer_disarm(tm);
		fire_posix(tm);
	}
	spin_unlock(&timer_lock);
}

/* ---- setitimer/getitimer ---- */

/* The group's ITIMER_REAL lives in a small allocation hung off the
 * signal struct (it_real). timer_lock. */
static struct itimer_real *real_of(struct signal_struct *sig)
{
	return (struct itimer_real *)sig->it_real;
}

#define ITIMER_REAL 0
#define ITIMER_VIRTUAL 1
#define ITIMER_PROF 2

struct user_timeval { s64 sec, usec; };
struct user_itimerval { struct user_timeval interval, value; };

static u64 tv_to_ns(const struct user_timeval *tv)
{
	if ((u64)tv->sec >= 0x7fffffffffffffffUL / NSEC_PER_SEC - 1)
		return 0x7fffffffffffffffUL;
	return (u64)tv->sec * NSEC_PER_SEC + (u64)tv->usec * 1000;
}

static struct user_timeval ns_to_tv(u64 ns)
{
	/* Round up, as Linux does, so an armed timer never reads as 0. */
	u64 us = (ns + 999) / 1000;
	struct user_timeval tv = { (s64)(us / 1000000), (s64)(us % 1000000) };
	return tv;
}

static bool tv_valid(const struct user_timeval *tv)
{
	return tv->sec >= 0 && tv->usec >= 0 && tv->usec < 1000000;
}

/* The timer `which` of sig as setitimer reports it. timer_lock held. */
static void get_itimer(struct signal_struct *sig, int which, struct user_itimerval *out)
{
	u64 rem = 0, interval = 0;
	if (which == ITIMER_REAL) {
		struct itimer_real *it = real_of(sig);
		if (it) {
			rem = remaining(it->kt.expires, ktime_get_ns());
			interval = it->kt.interval;
		}
	} else {
		struct cpu_itimer *it = &sig->it_cpu[which - 1];
		rem = remaining(it->expires, group_cputime(sig, which == ITIMER_PROF));
		interval = it->interval;
	}
	memset(out, 0, sizeof(*out));
	if (rem)
		out->value = ns_to_tv(rem);
	if (interval)
		out->interval = ns_to_tv(interval);
}

SYSCALL_DEFINE2(getitimer, int, which, struct user_itimerval __user *, uval)
{
	struct user_itimerval v;
	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	spin_lock(&timer_lock);
	get_itimer(current->signal, which, &v);
	spin_unlock(&timer_lock);
	return copy_to_user(uval, &v, sizeof(v)) ? -EFAULT : 0;
}

/* ITIMER_VIRTUAL/ITIMER_PROF. As on Linux, a value gets one tick more
 * (the tick decides whether time was user or system, so the timer
 * cannot fire early on a stint misfiled as user time), and the interval
 * is kept even when the value disarms the timer (getitimer shows it). */
static void set_cpu_itimer(struct signal_struct *sig, int which, u64 value, u64 interval,
			   struct user_itimerval *old)
{
	struct cpu_itimer *it = &sig->it_cpu[which - 1];
	spin_lock(&timer_lock);
	get_itimer(sig, which, old);
	if (it->expires)
		sig->cpu_timers--;
	it->expires = 0;
	it->interval = interval;
	if (value) {
		u64 now = group_cputime(sig, which == ITIMER_PROF);
		value = value > ~0UL - TICK_NSEC ? ~0UL : value + TICK_NSEC;
		it->expires = value > ~0UL - now ? ~0UL : now + value;
		sig->cpu_timers++;
	}
	spin_unlock(&timer_lock);
}

SYSCALL_DEFINE3(setitimer, int, which, const struct user_itimerval __user *, unew,
		struct user_itimerval __user *, uold)
{
	struct user_itimerval nv, ov;
	struct signal_struct *sig = current->signal;
	memset(&nv, 0, sizeof(nv));	/* NULL: disarm, as Linux allows */
	if (unew && copy_from_user(&nv, unew, sizeof(nv)))
		return -EFAULT;
	if (which != ITIMER_REAL && which != ITIMER_VIRTUAL && which != ITIMER_PROF)
		return -EINVAL;
	if (!tv_valid(&nv.value) || !tv_valid(&nv.interval))
		return -EINVAL;
	if (which != ITIMER_REAL) {
		set_cpu_itimer(sig, which, tv_to_ns(&nv.value), tv_to_ns(&nv.interval), &ov);
		goto out;
	}
	/* Allocated outside the lock (kmalloc may sleep); freed if unused. */
	struct itimer_real *fresh = NULL;
	if (!sig->it_real && (nv.value.sec || nv.value.usec)) {
		fresh = kmalloc(sizeof(*fresh));
		if (!fresh)
			return -ENOMEM;
	}
	spin_lock(&timer_lock);
	get_itimer(sig, ITIMER_REAL, &ov);
	if (!sig->it_real && fresh) {
		fresh->sig = sig;
		fresh->tgid = current->tgid;
		fresh->kt.is_real = true;
		INIT_LIST_HEAD(&fresh->kt.node);
		sig->it_real = fresh;
		fresh = NULL;
	}
	struct itimer_real *it = real_of(sig);
	if (it) {
		/* Disarming clears the interval too (Linux). */
		u64 v = tv_to_ns(&nv.value), now = ktime_get_ns();
		ktimer_arm(&it->kt, v ? (v > ~0UL - now ? ~0UL : now + v) : 0,
			   v ? tv_to_ns(&nv.interval) : 0);
	}
	spin_unlock(&timer_lock);
	kfree(fresh);
out:
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

/* ---- POSIX timers ---- */

#define SIGEV_SIGNAL 0
#define SIGEV_NONE 1
#define SIGEV_THREAD 2
#define SIGEV_THREAD_ID 4
#define TIMER_ABSTIME 1
#define MAX_TIMERS 256		/* per process, so a loop cannot eat the heap */

struct user_sigevent {
	u64 value;
	s32 signo, notify;
	union {
		s32 tid;
		u8 __pad[48];
	} u;
};
_Static_assert(sizeof(struct user_sigevent) == 64, "struct sigevent");

struct user_itimerspec { struct timespec64 interval, value; };

static struct k_itimer *find_timer(struct signal_struct *sig, int id)
{
	struct list_head *pos;
	list_for_each(pos, &sig->posix_timers) {
		struct k_itimer *tm = list_entry(pos, struct k_itimer, group_node);
		if (tm->id == id)
			return tm;
	}
	return NULL;
}

static int count_timers(struct signal_struct *sig)
{
	int n = 0;
	struct list_head *pos;
	list_for_each(pos, &sig->posix_timers)
		n++;
	return n;
}

SYSCALL_DEFINE3(timer_create, int, clock, const struct user_sigevent __user *, uev,
		int __user *, uid)
{
	struct task_struct *t = current;
	struct user_sigevent ev;
	if (clock != CLOCK_REALTIME && clock != CLOCK_MONOTONIC && clock != CLOCK_BOOTTIME &&
	    clock != CLOCK_PROCESS_CPUTIME_ID && clock != CLOCK_THREAD_CPUTIME_ID)
		return -EINVAL;
	if (uev) {
		if (copy_from_user(&ev, uev, sizeof(ev)))
			return -EFAULT;
	} else {
		memset(&ev, 0, sizeof(ev));
		ev.signo = SIGALRM;
		ev.notify = SIGEV_SIGNAL;
	}
	pid_t target = 0;
	switch (ev.notify) {
	case SIGEV_NONE:
		break;
	case SIGEV_THREAD_ID:
	case SIGEV_SIGNAL:
		if (ev.signo < 1 || ev.signo > _NSIG)
			return -EINVAL;
		if (ev.notify == SIGEV_THREAD_ID) {
			spin_lock(&tasklist_lock);
			struct task_struct *p = find_task_by_pid(ev.u.tid);
			bool same = p && p->signal == t->signal;
			spin_unlock(&tasklist_lock);
			if (!same)
				return -EINVAL;
			target = ev.u.tid;
		}
		break;
	default:
		return -EINVAL;
	}
	struct k_itimer *tm = kmalloc(sizeof(*tm));
	if (!tm)
		return -ENOMEM;
	INIT_LIST_HEAD(&tm->kt.node);
	tm->sig = t->signal;
	tm->tgid = t->tgid;
	tm->target_tid = target;
	tm->clock_tid = t->pid;
	tm->clock = clock;
	tm->notify = ev.notify;
	tm->signo = ev.signo;
	spin_lock(&timer_lock);
	if (count_timers(t->signal) >= MAX_TIMERS) {
		spin_unlock(&timer_lock);
		kfree(tm);
		return -EAGAIN;
	}
	int id = t->signal->next_timer_id;
	while (find_timer(t->signal, id))
		id = (id + 1) & 0x7fffffff;
	t->signal->next_timer_id = (id + 1) & 0x7fffffff;
	tm->id = id;
	/* Without a sigevent, si_value is the timer id (Linux). */
	tm->value = uev ? ev.value : (u64)id;
	list_add_tail(&tm->group_node, &t->signal->posix_timers);
	spin_unlock(&timer_lock);
	if (put_user_u32(id, (u32 __user *)uid)) {
		spin_lock(&timer_lock);
		list_del(&tm->group_node);
		spin_unlock(&timer_lock);
		kfree(tm);
		return -EFAULT;
	}
	return 0;
}

/* A timer on a dead thread's clock reads as disarmed (Linux). */
static void get_timer(struct k_itimer *tm, struct user_itimerspec *out)
{
	u64 now;
	memset(out, 0, sizeof(*out));
	if (!timer_clock_now(tm, &now))
		return;
	out->value = ns_to_timespec(remaining(tm->kt.expires, now));
	out->interval = ns_to_timespec(tm->kt.interval);
}

SYSCALL_DEFINE2(timer_gettime, int, id, struct user_itimerspec __user *, uval)
{
	struct user_itimerspec v;
	spin_lock(&timer_lock);
	struct k_itimer *tm = find_timer(current->signal, id);
	if (tm)
		get_timer(tm, &v);
	spin_unlock(&timer_lock);
	if (!tm)
		return -EINVAL;
	return copy_to_user(uval, &v, sizeof(v)) ? -EFAULT : 0;
}

SYSCALL_DEFINE4(timer_settime, int, id, int, flags, const struct user_itimerspec __user *, unew,
		struct user_itimerspec __user *, uold)
{
	struct user_itimerspec nv, ov;
	if (!unew)
		return -EINVAL;
	if (copy_from_user(&nv, unew, sizeof(nv)))
		return -EFAULT;
	if (!timespec_valid(&nv.value) || !timespec_valid(&nv.interval))
		return -EINVAL;
	spin_lock(&timer_lock);
	struct k_itimer *tm = find_timer(current->signal, id);
	if (!tm) {
		spin_unlock(&timer_lock);
		return -EINVAL;
	}
	get_timer(tm, &ov);
	u64 v = timespec_to_ns(&nv.value), now, expires = 0;
	if (!timer_clock_now(tm, &now)) {
		spin_unlock(&timer_lock);
		return -ESRCH;	/* its thread has exited (Linux) */
	}
	if (v) {
		if ((flags & TIMER_ABSTIME) && on_cpu_clock(tm)) {
			expires = v;	/* already a value of its clock */
		} else if (flags & TIMER_ABSTIME) {
			/* A target on the timer's clock, as a monotonic deadline. */
			u64 clk = tm->clock == CLOCK_REALTIME ? ktime_get_real_ns() : now;
			expires = v <= clk ? now : (v - clk > ~0UL - now ? ~0UL : now + (v - clk));
			if (!expires)
				expires = 1;
		} else {
			expires = v > ~0UL - now ? ~0UL : now + v;
		}
	}
	tm->overrun = 0;
	timer_arm(tm, expires, timespec_to_ns(&nv.interval));
	/* An absolute time already past fires at the next tick. */
	spin_unlock(&timer_lock);
	if (uold && copy_to_user(uold, &ov, sizeof(ov)))
		return -EFAULT;
	return 0;
}

SYSCALL_DEFINE1(timer_getoverrun, int, id)
{
	spin_lock(&timer_lock);
	struct k_itimer *tm = find_timer(current->signal, id);
	long r = tm ? tm->overrun_last : -EINVAL;
	spin_unlock(&timer_lock);
	return r;
}

SYSCALL_DEFINE1(timer_delete, int, id)
{
	spin_lock(&timer_lock);
	struct k_itimer *tm = find_timer(current->signal, id);
	if (tm) {
		timer_disarm(tm);
		list_del(&tm->group_node);
	}
	spin_unlock(&timer_lock);
	if (!tm)
		return -EINVAL;
	kfree(tm);
	return 0;
}

/* A timer's signal was just dequeued (no locks held): as on Linux, its
 * si_overrun is the count of expirations while it was queued, and that
 * is what timer_getoverrun reports until the next one is taken. */
void itimer_take(struct ksiginfo *info)
{
	spin_lock(&timer_lock);
	struct k_itimer *tm = find_timer(current->signal, info->tid);
	if (tm && tm->signo == info->signo) {
		tm->overrun_last = tm->overrun;
		tm->overrun = 0;
		info->status = tm->overrun_last;
	}
	spin_unlock(&timer_lock);
}

/* ---- lifetime ---- */

static void drop_posix_timers(struct signal_struct *sig)
{
	for (;;) {
		spin_lock(&timer_lock);
		struct k_itimer *tm = NULL;
		if (!list_empty(&sig->posix_timers)) {
			tm = list_entry(sig->posix_timers.next, struct k_itimer, group_node);
			timer_disarm(tm);
			list_del(&tm->group_node);
		}
		spin_unlock(&timer_lock);
		if (!tm)
			return;
		kfree(tm);
	}
}

/* exec: POSIX timers go, ITIMER_REAL stays (Linux). */
void exec_itimers(struct signal_struct *sig)
{
	drop_posix_timers(sig);
}

/* The signal struct is about to be freed: no timer may point at it. */
void exit_itimers(struct signal_struct *sig)
{
	drop_posix_timers(sig);
	spin_lock(&timer_lock);
	struct itimer_real *it = real_of(sig);
	if (it)
		ktimer_disarm(&it->kt);
	sig->it_real = NULL;
	spin_unlock(&timer_lock);
	kfree(it);
}
