/* Time: the `time` CSR counts at timebase-frequency (from the DT); the
 * per-hart tick is programmed through SBI set_timer. */
#include <types.h>
#include <sched.h>
#include <asm/csr.h>
#include <asm/sbi.h>
#include <asm/processor.h>
#include <timekeeping.h>

extern u64 timebase_freq;

static inline u64 read_time(void) { return csr_read(time); }

u64 ktime_get_ns(void)
{
	u64 t = read_time();
	/* split to avoid overflow: t * 1e9 overflows after ~30 min at 10 MHz */
	return (t / timebase_freq) * 1000000000UL + (t % timebase_freq) * 1000000000UL / timebase_freq;
}

static void program_next_tick(void)
{
	struct cpu *c = this_cpu();
	u64 now = read_time(), period = timebase_freq / HZ;
	c->next_tick = now + period;
	sbi_set_timer(c->next_tick);
}

void time_init_hart(void)
{
	program_next_tick();
	csr_set(sie, SIE_STIE | SIE_SSIE | SIE_SEIE);
}

void timer_interrupt(bool user)
{
	program_next_tick();
	scheduler_tick(user);
}

/* A sleeper's deadline comes before this hart's next tick: fire early so
 * short sleeps are not rounded up to the tick. Interrupts off. */
void arch_timer_deadline(u64 ns)
{
	struct cpu *c = this_cpu();
	u64 t = ns / 1000000000UL * timebase_freq + ns % 1000000000UL * timebase_freq / 1000000000UL;
	if (t < c->next_tick) {
		c->next_tick = t;
		sbi_set_timer(t);
	}
}
