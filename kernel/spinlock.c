/* Spinlocks and sleeplocks. */
#include <types.h>
#include <spinlock.h>
#include <printk.h>
#include <sched.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

void spin_init(struct spinlock *l, const char *name)
{
	l->locked = 0;
	l->name = name;
	l->cpu = NULL;
}

/* A lock or interrupt-nesting bug: out of line, so that the fast paths
 * below need no stack frame. */
static void __attribute__((noinline, cold, noreturn)) lock_bug(const char *what,
							      struct spinlock *l)
{
	panic(what, l ? l->name : "");
}

/* Interrupts stay off from the first push to the last pop on this hart;
 * irq_was_on remembers whether to turn them back on. c is this hart's,
 * read after interrupts went off (the task cannot move before the pop). */
static inline void push_off(struct cpu *c, bool was_on)
{
	if (c->irq_depth++ == 0)
		c->irq_was_on = was_on;
}

static inline void pop_off(struct cpu *c)
{
	if (unlikely(arch_irqs_enabled() || c->irq_depth < 1))
		lock_bug(arch_irqs_enabled() ? "irq_pop_off: interrupts on%s"
					     : "irq_pop_off: unbalanced%s", NULL);
	if (--c->irq_depth == 0 && c->irq_was_on)
		arch_irq_enable();
}

void irq_push_off(void)
{
	bool on = arch_irq_save() != 0;
	push_off(this_cpu(), on);
}

void irq_pop_off(void)
{
	pop_off(this_cpu());
}

bool spin_holding(struct spinlock *l)
{
	return l->locked && l->cpu == this_cpu();
}

void spin_lock(struct spinlock *l)
{
	bool on = arch_irq_save() != 0;
	struct cpu *c = this_cpu();
	push_off(c, on);
	if (unlikely(l->locked && l->cpu == c))
		lock_bug("spin_lock: %s already held", l);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(l->locked))
			cpu_relax();
	l->cpu = c;
}

/* One call site for every check: so the fast path needs no stack frame. */
void spin_unlock(struct spinlock *l)
{
	struct cpu *c = this_cpu();
	bool released = false;
	if (unlikely(!l->locked || l->cpu != c))
		goto bug;
	l->cpu = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	released = true;
	if (unlikely(arch_irqs_enabled() || c->irq_depth < 1))
		goto bug;
	if (--c->irq_depth == 0 && c->irq_was_on)
		arch_irq_enable();
	return;
bug:
	lock_bug(!released ? "spin_unlock: %s not held"
		 : arch_irqs_enabled() ? "spin_unlock: %s: interrupts on"
				       : "spin_unlock: %s: unbalanced irq_pop_off", l);
}

void sleeplock_init(struct sleeplock *l, const char *name)
{
	spin_init(&l->lk, "sleeplock");
	l->name = name;
	l->locked = 0;
	l->pid = 0;
}

void sleep_lock(struct sleeplock *l)
{
	int free = 0;

	if (!__atomic_compare_exchange_n(&l->locked, &free, 1, false, __ATOMIC_ACQUIRE,
					 __ATOMIC_RELAXED)) {
		/* Contended: mark "waiters" and sleep until a release finds
		 * the lock free for us. A release between our xchg and the
		 * sleep cannot be missed: its wakeup takes lk, which we hold
		 * until sleep_on has put us to sleep. */
		spin_lock(&l->lk);
		while (__atomic_exchange_n(&l->locked, 2, __ATOMIC_ACQUIRE) != 0)
			sleep_on(l, &l->lk);
		spin_unlock(&l->lk);
	}
	l->pid = current->pid;
}

void sleep_unlock(struct sleeplock *l)
{
	l->pid = 0;
	if (__atomic_exchange_n(&l->locked, 0, __ATOMIC_RELEASE) == 2) {
		spin_lock(&l->lk);
		wakeup(l);
		spin_unlock(&l->lk);
	}
}

/* Lock-free: only the holder itself can see its own pid there. */
bool sleep_holding(struct sleeplock *l)
{
	return __atomic_load_n(&l->locked, __ATOMIC_RELAXED) && READ_ONCE(l->pid) == current->pid;
}
