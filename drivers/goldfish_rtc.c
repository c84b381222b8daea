/* The Goldfish RTC of QEMU's virt board ("google,goldfish-rtc"): read
 * once at boot to set the wall clock.
 *
 * TIME_LOW (0x00) and TIME_HIGH (0x04) hold the time in ns since the Unix
 * epoch; reading TIME_LOW latches TIME_HIGH, so low is read first. The
 * result becomes rtc_realtime_offset_ns, the wall-clock time at monotonic
 * 0, which ktime_get_real_ns() (kernel/time.c) adds to the monotonic
 * clock. Written once here, before any other hart or task runs; 0 means
 * "no RTC" (boards without one keep time.c's fixed boot epoch). */
#include <types.h>
#include <fdt.h>
#include <mm.h>
#include <printk.h>
#include <sched.h>
#include <timekeeping.h>

#define RTC_TIME_LOW 0x00
#define RTC_TIME_HIGH 0x04

u64 rtc_realtime_offset_ns;

void goldfish_rtc_init(void)
{
	int node = fdt_next_compatible(-1, "google,goldfish-rtc");
	u64 pa, size;

	if (node < 0 || !fdt_node_ok(node) || fdt_reg(node, 0, &pa, &size) < 0)
		return;
	volatile u8 *regs = ioremap(pa, size ? size : PAGE_SIZE);
	if (!regs)
		return;
	u32 lo = *(volatile u32 *)(regs + RTC_TIME_LOW);
	u32 hi = *(volatile u32 *)(regs + RTC_TIME_HIGH);
	u64 ns = (u64)hi << 32 | lo, mono = ktime_get_ns();
	if (ns <= mono)
		return;		/* a clock before 1970 + uptime: ignore it */
	rtc_realtime_offset_ns = ns - mono;
	printk("rtc: goldfish at %lx, %lu s since the epoch\n", pa, ns / NSEC_PER_SEC);
}
