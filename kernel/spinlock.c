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

/* Interrupts stay off from the first push to the last pop on this hart;
 * irq_was_on remembers whether to turn them back on. */
void irq_push_off(void)
{
	bool on = arch_irq_save() != 0;
	struct cpu *c = this_cpu();
	if (c->irq_depth++ == 0)
		c->irq_was_on = on;
}

void irq_pop_off(void)
{
	struct cpu *c = this_cpu();
	if (arch_irqs_enabled())
		panic("irq_pop_off: interrupts on");
	if (c->irq_depth < 1)
		panic("irq_pop_off: unbalanced");
	if (--c->irq_depth == 0 && c->irq_was_on)
		arch_irq_enable();
}

bool spin_holding(struct spinlock *l)
{
	return l->locked && l->cpu == this_cpu();
}

void spin_lock(struct spinlock *l)
{
	irq_push_off();
	struct cpu *c = this_cpu();
	if (l->locked && l->cpu == c)
		panic("spin_lock: %s already held", l->name);
	while (__atomic_exchange_n(&l->locked, 1, __ATOMIC_ACQUIRE))
		while (READ_ONCE(l->locked))
			cpu_relax();
	l->cpu = c;
}

void spin_unlock(struct spinlock *l)
{
	if (unlikely(!l->locked || l->cpu != this_cpu()))
		panic("spin_unlock: %s not held", l->name);
	l->cpu = NULL;
	__atomic_store_n(&l->locked, 0, __ATOMIC_RELEASE);
	irq_pop_off();
}

void sleeplock_init(struct sleeplock *l, const char *name)
{
	spin_init(&l->lk, "sleeplock");
	l->name = name;
	l->locked = false;
	l->pid = 0;
}

void sleep_lock(struct sleeplock *l)
{
	spin_lock(&l->lk);
	while (l->locked)
		sleep_on(l, &l->lk);
	l->locked = true;
	l->pid = current->pid;
	spin_unlock(&l->lk);
}

void sleep_unlock(struct sleeplock *l)
{
	spin_lock(&l->lk);
	l->locked = false;
	l->pid = 0;
	wakeup(l);
	spin_unlock(&l->lk);
}

bool sleep_holding(struct sleeplock *l)
{
	spin_lock(&l->lk);
	bool r = l->locked && l->pid == current->pid;
	spin_unlock(&l->lk);
	return r;
}
