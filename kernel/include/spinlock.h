/* Spinlocks. Holding one disables interrupts on this hart (nested through
 * irq_push_off/irq_pop_off), so a lock taken in an interrupt handler can
 * never deadlock against the code it interrupted. Never sleep holding one. */
#ifndef CLEAVE_SPINLOCK_H
#define CLEAVE_SPINLOCK_H
#include "types.h"

struct cpu;
struct spinlock {
	volatile u32 locked;
	const char *name;
	struct cpu *cpu;	/* holder, for debugging and spin_holding() */
};

#define SPINLOCK_INIT(n) { 0, n, NULL }
void spin_init(struct spinlock *l, const char *name);
void spin_lock(struct spinlock *l);
void spin_unlock(struct spinlock *l);
bool spin_holding(struct spinlock *l);
void irq_push_off(void);	/* disable interrupts, counting nesting */
void irq_pop_off(void);		/* re-enable when the outermost push is popped */

/* Sleeping locks: held across disk I/O; the holder may sleep. */
/* locked: 0 free, 1 held, 2 held and someone may be asleep waiting. It is
 * taken and released with atomics alone when nobody waits; lk orders a
 * waiter's going to sleep against the release's wakeup. pid is the
 * holder's (for sleep_holding), written only by the holder. */
struct sleeplock {
	int locked;
	struct spinlock lk;
	pid_t pid;
	const char *name;
};
void sleeplock_init(struct sleeplock *l, const char *name);
void sleep_lock(struct sleeplock *l);
void sleep_unlock(struct sleeplock *l);
bool sleep_holding(struct sleeplock *l);

static inline int atomic_add_return(volatile int *p, int v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
static inline long atomic_add_return_long(volatile long *p, long v)
{
	return __atomic_add_fetch(p, v, __ATOMIC_SEQ_CST);
}
#define atomic_inc(p) ((void)atomic_add_return((p), 1))
#define atomic_dec_and_test(p) (atomic_add_return((p), -1) == 0)
#define atomic_dec(p) ((void)atomic_add_return((p), -1))
#endif
