/* The scheduler: one global FIFO run queue shared by all harts.
 *
 * rq_lock protects: the run queue, every task's state/on_cpu/sleep_chan/
 * wake_at, the sleeper buckets and the timed-sleeper list. A sleeper is in
 * the bucket of its channel (run_list), so wakeup(chan) looks only at the
 * tasks that could be waiting for chan, however many others sleep; one
 * with a deadline is also on the timed list (timer_node), which the tick
 * scans. A task is on the run queue iff it is
 * TASK_RUNNING and not executing. The lock is held across __switch_to:
 * the task that takes it in schedule() is not the one that drops it — the
 * task switched to drops it in finish_task_switch(), and a brand-new task
 * drops it in ret_from_fork. Lock order: any other lock before rq_lock. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <mm.h>
#include <mm_types.h>
#include <printk.h>
#include <string.h>
#include <asm/processor.h>
#include <asm/irqflags.h>
#include <asm/sbi.h>

static struct spinlock rq_lock = SPINLOCK_INIT("rq");
static struct list_head runqueue = LIST_HEAD_INIT(runqueue);
#define SLEEP_BUCKETS 256
static struct list_head sleep_bucket[SLEEP_BUCKETS];
static struct list_head timed_sleepers = LIST_HEAD_INIT(timed_sleepers);

static struct list_head *bucket(void *chan)
{
	u64 h = (u64)chan;
	h ^= h >> 8 ^ h >> 16;	/* channels are often aligned addresses */
	return &sleep_bucket[(h >> 3) % SLEEP_BUCKETS];
}

void sched_init_buckets(void)
{
	for (int i = 0; i < SLEEP_BUCKETS; i++)
		INIT_LIST_HEAD(&sleep_bucket[i]);
}
static volatile u64 idle_mask;		/* cpu indices waiting in wfi */

struct task_struct *__switch_to(struct task_struct *prev, struct task_struct *next);
void fpu_save(struct task_struct *t);
void fpu_restore(struct task_struct *t);
void release_dead_task(struct task_struct *t);
void arch_timer_deadline(u64 ns);



/* Kick an idle hart (if any) so it looks at the run queue. rq_lock held. */
static void kick_idle_hart(void)
{
	int me = this_cpu()->id;
	for (int c = 0; c < nr_cpus; c++) {
		if (c != me && (idle_mask & (1UL << c))) {
			sbi_send_ipi(1UL << cpus[c].hartid, 0);
			return;
		}
	}
}

static void enqueue(struct task_struct *p)
{
	list_add_tail(&p->run_list, &runqueue);
	kick_idle_hart();
}

void ipi_interrupt(void) { /* waking from wfi is all an IPI is for */ }

/* Wake p if it sleeps. rq_lock held. */
static void try_to_wake_up(struct task_struct *p)
{
	if (p->state != TASK_INTERRUPTIBLE && p->state != TASK_UNINTERRUPTIBLE &&
	    p->state != TASK_KILLABLE && p->state != TASK_STOPPED)
		return;
	list_del(&p->run_list);		/* every sleeper is in its channel's bucket */
	if (p->wake_at)
		list_del(&p->timer_node);
	p->sleep_chan = NULL;
	p->wake_at = 0;
	p->state = TASK_RUNNING;
	if (!p->on_cpu)
		enqueue(p);
}

void wake_up_process(struct task_struct *p)
{
	spin_lock(&rq_lock);
	try_to_wake_up(p);
	spin_unlock(&rq_lock);
}

/* Wake p if it sleeps interruptibly (signal delivery). */
void signal_wake_up(struct task_struct *p)
{
	spin_lock(&rq_lock);
	if (p->state == TASK_INTERRUPTIBLE ||
	    ((p->state == TASK_KILLABLE || p->state == TASK_STOPPED) && fatal_signal_pending(p)))
		try_to_wake_up(p);
	spin_unlock(&rq_lock);
}

void wake_up_new_task(struct task_struct *p)
{
	spin_lock(&rq_lock);
	p->state = TASK_RUNNING;
	enqueue(p);
	spin_unlock(&rq_lock);
}

/* Called by the new task (ret_from_fork) or after any switch, on the
 * stack of the task that now runs, with rq_lock held. */
void finish_task_switch(struct task_struct *prev)
{
	if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE))
		list_add_tail(&prev->run_list, &runqueue);
	bool dead = prev->state == EXIT_DEAD;
	/* Last touch of prev: once on_cpu is 0 a zombie's reaper may free it
	 * (wait4 and friends spin until then). */
	__atomic_store_n(&prev->on_cpu, 0, __ATOMIC_RELEASE);
	spin_unlock(&rq_lock);
	if (dead)
		release_dead_task(prev);
}

/* Put mm's page table in this hart's satp; NULL (kernel threads, exiting
 * tasks) means init_mm. Interrupts off. */
static void load_mm(struct cpu *c, struct mm_struct *mm)
{
	if (!mm)
		mm = &init_mm;
	switch_mm(c->loaded_mm, mm, c->id);
	c->loaded_mm = mm;
}

/* Pick the next task and switch to it. rq_lock held, interrupts off. */
static void __schedule(void)
{
	struct task_struct *prev = current;
	struct cpu *c = this_cpu();
	struct task_struct *next = c->idle;
	if (!list_empty(&runqueue)) {
		next = list_first_entry(&runqueue, struct task_struct, run_list);
		list_del(&next->run_list);
	} else if (prev->state == TASK_RUNNING && !(prev->flags & PF_IDLE)) {
		next = prev;	/* nothing else to run: keep going */
	}
	c->need_resched = false;
	if (next == prev) {
		spin_unlock(&rq_lock);
		return;
	}
	account_switch(prev, c);
	next->on_cpu = 1;
	next->cpu = c->id;
	next->cpu_ptr = c;
	load_mm(c, next->mm);
	if (prev->mm)
		fpu_save(prev);
	if (next->mm)
		fpu_restore(next);
	prev = __switch_to(prev, next);
	finish_task_switch(prev);
}

void schedule(void)
{
	irq_push_off();
	spin_lock(&rq_lock);
	__schedule();
	irq_pop_off();
}


/* Timer interrupt on any hart: time slice over, and expire timed sleeps
 * (a sleeper's hart programmed its timer for the deadline, so this runs
 * on time even between ticks). */
void timers_tick(void);
void scheduler_tick(bool user)
{
	struct cpu *c = this_cpu();
	account_tick(user);
	c->need_resched = true;
	u64 now = ktime_get_ns();
	spin_lock(&rq_lock);
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &timed_sleepers) {
		struct task_struct *t = list_entry(pos, struct task_struct, timer_node);
		if (t->wake_at <= now)
			try_to_wake_up(t);
	}
	spin_unlock(&rq_lock);
	timers_tick();	/* interval timers (kernel/itimer.c), after rq_lock */
}

/* Would a signal end a sleep in this state? */
static bool sleep_broken(struct task_struct *t, long state)
{
	return (state == TASK_INTERRUPTIBLE && signal_pending(t)) ||
	       ((state == TASK_KILLABLE || state == TASK_STOPPED) && fatal_signal_pending(t));
}

/* Sleep on chan. lk is released once rq_lock is held, so a wakeup(chan)
 * issued by someone holding lk cannot slip between the caller's check and
 * our sleep. deadline: ktime_get_ns() value to give up at, 0 for none. */
static int do_sleep(void *chan, struct spinlock *lk, u64 deadline, long state)
{
	struct task_struct *t = current;
	if (sleep_broken(t, state))
		return -EINTR;
	irq_push_off();
	spin_lock(&rq_lock);
	if (lk)
		spin_unlock(lk);
	/* A signal sent after the check above found us still running and
	 * woke nobody: look again now that wakeups are held off. */
	if (sleep_broken(t, state)) {
		spin_unlock(&rq_lock);
		irq_pop_off();
		if (lk)
			spin_lock(lk);
		return -EINTR;
	}
	t->state = state;
	t->sleep_chan = chan;
	t->wake_at = deadline;
	list_add_tail(&t->run_list, bucket(chan));
	if (deadline)
		list_add_tail(&t->timer_node, &timed_sleepers);
	if (deadline)
		arch_timer_deadline(deadline);
	__schedule();
	irq_pop_off();
	if (lk)
		spin_lock(lk);
	if (sleep_broken(t, state))
		return -EINTR;
	if (deadline && ktime_get_ns() >= deadline)
		return -ETIMEDOUT;
	return 0;
}

void sleep_on(void *chan, struct spinlock *lk) { do_sleep(chan, lk, 0, TASK_UNINTERRUPTIBLE); }
int sleep_on_intr(void *chan, struct spinlock *lk) { return do_sleep(chan, lk, 0, TASK_INTERRUPTIBLE); }
int sleep_on_killable(void *chan, struct spinlock *lk) { return do_sleep(chan, lk, 0, TASK_KILLABLE); }
int sleep_stopped(void *chan, struct spinlock *lk) { return do_sleep(chan, lk, 0, TASK_STOPPED); }
int sleep_on_timeout(void *chan, struct spinlock *lk, u64 deadline, bool intr)
{
	return do_sleep(chan, lk, deadline, intr ? TASK_INTERRUPTIBLE : TASK_UNINTERRUPTIBLE);
}

void wakeup(void *chan)
{
	spin_lock(&rq_lock);
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, bucket(chan)) {
		struct task_struct *t = list_entry(pos, struct task_struct, run_list);
		if (t->sleep_chan == chan)
			try_to_wake_up(t);
	}
	spin_unlock(&rq_lock);
}

/* The idle task of each hart: wait for interrupts while the run queue is
 * empty. Interrupts are off between the check and wfi (wfi still wakes on
 * a pending interrupt), so no wakeup is lost. */
void cpu_idle_loop(void)
{
	struct cpu *c = this_cpu();
	for (;;) {
		arch_irq_disable();
		spin_lock(&rq_lock);
		bool empty = list_empty(&runqueue);
		if (empty)
			__atomic_or_fetch(&idle_mask, 1UL << c->id, __ATOMIC_SEQ_CST);
		spin_unlock(&rq_lock);
		if (empty)
			wait_for_interrupt();
		__atomic_and_fetch(&idle_mask, ~(1UL << c->id), __ATOMIC_SEQ_CST);
		arch_irq_enable();
		if (!list_empty(&runqueue))
			schedule();
	}
}

/* Make mm (NULL: none) current's address space, loaded on this hart
 * before the old one is handed back: the caller may then mmput the old mm
 * at once, since no hart runs it on our behalf any more (exit, exec). */
struct mm_struct *exchange_mm(struct mm_struct *mm, struct files_struct **files,
			       struct fs_struct **fs)
{
	struct task_struct *t = current;
	irq_push_off();
	/* tasklist_lock: /proc takes references on another task's mm,
	 * files and fs under it, so none can be dropped in between. */
	spin_lock(&tasklist_lock);
	struct mm_struct *old = t->mm;
	t->mm = mm;
	if (files) {
		*files = t->files;
		*fs = t->fs;
		t->files = NULL;
		t->fs = NULL;
	}
	spin_unlock(&tasklist_lock);
	load_mm(this_cpu(), mm);
	irq_pop_off();
	return old;
}
