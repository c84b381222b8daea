/* Boot: from head.S to the portable kernel. Reads the device tree for RAM,
 * reserved regions and harts, builds the kernel page table and brings the
 * other harts up through SBI HSM. */
#include <types.h>
#include <mm.h>
#include <mm_types.h>
#include <fdt.h>
#include <printk.h>
#include <string.h>
#include <sched.h>
#include <random.h>
#include <dtscan.h>
#include <asm/csr.h>
#include <asm/sbi.h>
#include <asm/processor.h>

struct cpu cpus[NR_CPUS];
int nr_cpus;
struct memrange nomap_ranges[MAX_MEMRANGES];
int n_nomap_ranges;
u64 timebase_freq = 10000000;
static __noreturn void die(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
char boot_cmdline[256];
u64 initrd_start_pa, initrd_end_pa;	/* 0, 0: no initrd */

extern char _start[], _end[];
extern pte_t early_pgd[];
void setup_vm(u64 pa_base);
void mmu_enable_allocator(void);
void asid_init(void);
u64 kernel_satp(void);
void trap_init(void);
void time_init_hart(void);
void start_kernel_common(void) __noreturn;
void secondary_entry(void);
u64 kernel_image_pa(void);


void early_trap_panic(u64 cause, u64 epc, u64 tval)
{
	printk("cleave: early trap: scause %lx sepc %lx stval %lx\n", cause, epc, tval);
	sbi_shutdown();
}

static void add_range(struct memrange *r, int *n, u64 base, u64 size)
{
	if (*n < MAX_MEMRANGES && size)
		r[(*n)++] = (struct memrange){ base, size };
}

static void scan_memory(void *dtb, u64 pa_base, u64 dtb_pa)
{
	int root = fdt_path_offset("/");
	for (int n = fdt_first_child(root); n >= 0; n = fdt_next_sibling(n)) {
		const char *t = fdt_getprop(n, "device_type", NULL);
		if (!t || strcmp(t, "memory") || !fdt_node_ok(n))
			continue;
		u64 b, s;
		for (int i = 0; fdt_reg(n, i, &b, &s) == 0; i++)
			add_range(mem_ranges, &n_mem_ranges, b, s);
	}
	int rm = fdt_path_offset("/reserved-memory");
	for (int n = rm >= 0 ? fdt_first_child(rm) : -1; n >= 0; n = fdt_next_sibling(n)) {
		u64 b, s;
		for (int i = 0; fdt_reg(n, i, &b, &s) == 0; i++) {
			add_range(reserved_ranges, &n_reserved_ranges, b, s);
			if (fdt_getprop(n, "no-map", NULL))
				add_range(nomap_ranges, &n_nomap_ranges, b, s);
		}
	}
	/* The header's memory reservation block. */
	const u8 *h = dtb;
	for (const u8 *p = h + fdt32(h + 16);; p += 16) {
		u64 b = fdt_cells(p, 2), s = fdt_cells(p + 8, 2);
		if (!b && !s)
			break;
		add_range(reserved_ranges, &n_reserved_ranges, b, s);
	}
	add_range(reserved_ranges, &n_reserved_ranges, pa_base, (u64)_end - (u64)_start);
	add_range(reserved_ranges, &n_reserved_ranges, ALIGN_DOWN(dtb_pa, PAGE_SIZE),
		  ALIGN_UP(fdt_total_size() + (dtb_pa & (PAGE_SIZE - 1)), PAGE_SIZE));
	int ch = fdt_path_offset("/chosen");
	int l1, l2;
	const void *is = fdt_getprop(ch, "linux,initrd-start", &l1);
	const void *ie = fdt_getprop(ch, "linux,initrd-end", &l2);
	if (is && ie) {
		u64 s = fdt_cells(is, l1 / 4), e = fdt_cells(ie, l2 / 4);
		if (e > s) {
			add_range(reserved_ranges, &n_reserved_ranges, s, e - s);
			initrd_start_pa = s;
			initrd_end_pa = e;
		}
	}
	/* Seeds the boot loader left for the random generator. */
	for (int i = 0; i < 2; i++) {
		int l;
		const void *seed = fdt_getprop(ch, i ? "kaslr-seed" : "rng-seed", &l);
		if (seed && l > 0)
			random_add_entropy(seed, l);
	}
	const char *args = fdt_getprop(ch, "bootargs", NULL);
	if (args)
		strlcpy(boot_cmdline, args, sizeof(boot_cmdline));
}

/* Harts: usable if status is okay and the cpu has an MMU (drivers/dtscan.c).
 * The boot hart is cpus[0] whatever the tree says. */
static void scan_cpus(u64 boot_hartid)
{
	u64 ids[2 * NR_CPUS];
	int n = dt_usable_harts(ids, ARRAY_SIZE(ids));
	timebase_freq = dt_timebase(timebase_freq);
	cpus[0].hartid = boot_hartid;
	cpus[0].id = 0;
	cpus[0].online = true;
	nr_cpus = 1;
	bool boot_listed = false;
	for (int i = 0; i < n; i++) {
		if (ids[i] == boot_hartid) {
			boot_listed = true;
			continue;
		}
		if (nr_cpus == NR_CPUS)
			continue;
		cpus[nr_cpus].hartid = ids[i];
		cpus[nr_cpus].id = nr_cpus;
		nr_cpus++;
	}
	if (!boot_listed)
		die("the device tree lists no usable hart for boot hart %lu (status okay, an mmu-type)",
		    boot_hartid);
}

/* A machine cleave cannot run on: one line (on the SBI console, the UART
 * is not up yet) and power off, never a hang or a panic loop. */
static __noreturn void die(const char *fmt, ...)
{
	char buf[160];
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	printk("cleave: cannot boot: %s; powering off\n", buf);
	sbi_shutdown();
	for (;;)
		wait_for_interrupt();
}

void start_kernel(u64 hartid, u64 dtb_pa, u64 pa_base)
{
	sbi_init();
	printk("\ncleave: booting on hart %lu, image at %lx, dtb at %lx\n", hartid, pa_base, dtb_pa);
	/* head.S mapped the device tree's gigabyte into the direct map. */
	void *dtb = __va(dtb_pa);
	if (fdt_init(dtb))
		die("no device tree at %lx", dtb_pa);
	scan_memory(dtb, pa_base, dtb_pa);
	if (n_mem_ranges == 0)
		die("the device tree has no memory node");
	scan_cpus(hartid);
	setup_vm(pa_base);
	mm_init();
	mmu_enable_allocator();
	asid_init();
	trap_init();
	start_kernel_common();
}

/* ---- secondary harts ---- */

struct boot_block { u64 satp, sp, tp; };
static struct boot_block boot_blocks[NR_CPUS];
void secondary_cpu_start(int id) __noreturn;

void smp_boot_secondaries(struct task_struct *(*make_idle)(int))
{
	for (int i = 1; i < nr_cpus; i++) {
		struct task_struct *idle = make_idle(i);
		if (!idle)
			continue;
		boot_blocks[i] = (struct boot_block){ kernel_satp(),
			(u64)idle->stack + KSTACK_SIZE, (u64)idle };
		__sync_synchronize();
		u64 entry = (u64)secondary_entry - KERNEL_VBASE + kernel_image_pa();
		long err = sbi_hart_start(cpus[i].hartid, entry, (u64)&boot_blocks[i]);
		if (err) {
			printk("smp: hart %lu did not start (%ld)\n", cpus[i].hartid, err);
			continue;
		}
		/* Bounded: a hart that never arrives costs a message, not the
		 * boot. If it turns up later it simply joins. */
		u64 t0 = csr_read(time);
		while (!READ_ONCE(cpus[i].online) && csr_read(time) - t0 < 2 * timebase_freq)
			cpu_relax();
		if (!READ_ONCE(cpus[i].online))
			printk("smp: hart %lu has not come online after 2 s\n", cpus[i].hartid);
	}
}

void secondary_start(void)
{
	trap_init();
	secondary_cpu_start(current->cpu);
}

void machine_power_off(void)
{
	sbi_shutdown();
}

void machine_restart(void)
{
	sbi_reboot();
}
