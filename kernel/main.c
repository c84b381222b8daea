/* The portable half of boot: bring up devices and the other harts, then
 * start pid 1, which mounts the file system and executes /bin/init. */
#include <types.h>
#include <sched.h>
#include <timekeeping.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <irq.h>
#include <blkdev.h>
#include <console.h>
#include <printk.h>
#include <string.h>
#include <asm/processor.h>
#include <asm/irqflags.h>

extern char boot_stack[];
void time_init_hart(void);
void mount_kernel_fs(void);
void machine_power_off(void);
void rlimit_init(struct signal_struct *sig);
void sched_init_buckets(void);
void smp_boot_secondaries(struct task_struct *(*make_idle)(int));
long do_execve(const char *path, const char *const *argv, const char *const *envp, bool user);

static struct task_struct boot_idle;
static struct sighand_struct init_sighand = { .count = 1, .lock = SPINLOCK_INIT("sighand") };
static struct signal_struct init_signal = { .count = 1, .live = 1,
	.posix_timers = LIST_HEAD_INIT(init_signal.posix_timers) };

/* An idle task runs only cpu_idle_loop; it has no mm, files or fs. */
static void init_idle(struct task_struct *t, int cpu, void *stack)
{
	memset(t, 0, sizeof(*t));
	t->stack = stack;
	t->cpu = cpu;
	t->cpu_ptr = &cpus[cpu];
	t->on_cpu = 1;
	t->state = TASK_RUNNING;
	t->flags = PF_KTHREAD | PF_IDLE;
	t->sighand = &init_sighand;
	t->signal = &init_signal;
	t->thread.kernel_sp = (u64)stack + KSTACK_SIZE;
	INIT_LIST_HEAD(&t->children);
	INIT_LIST_HEAD(&t->sibling);
	INIT_LIST_HEAD(&t->run_list);
	snprintf(t->comm, sizeof(t->comm), "idle/%d", cpu);
	cpus[cpu].idle = t;
	cpus[cpu].loaded_mm = &init_mm;
}

static struct task_struct *make_idle(int cpu)
{
	struct task_struct *t = kmalloc(sizeof(*t));
	void *stack = get_free_pages(KSTACK_ORDER);
	if (!t || !stack) {
		kfree(t);
		return NULL;
	}
	init_idle(t, cpu, stack);
	return t;
}

void secondary_cpu_start(int id)
{
	plic_init_hart(cpus[id].hartid);
	time_init_hart();
	__atomic_store_n(&cpus[id].online, true, __ATOMIC_RELEASE);
	arch_irq_enable();
	cpu_idle_loop();
}

static int kernel_init(void *unused)
{
	struct task_struct *t = current;
	(void)unused;
	init_task_p = t;
	t->signal->pgid = t->signal->sid = t->pid;
	vfs_init();
	mount_root();		/* or one console line and power-off */
	t->fs = fs_struct_alloc();
	t->files = files_alloc();
	if (!t->fs || !t->files)
		panic("init: out of memory");
	mount_kernel_fs();	/* /dev, /proc, /tmp */
	static const char *const argv[] = { "/bin/init", NULL };
	static const char *const envp[] = { "HOME=/", "PATH=/bin", "TERM=vt100", NULL };
	long err = do_execve("/bin/init", argv, envp, false);
	if (err) {
		/* A root without an init (a damaged initramfs, the wrong disk)
		 * is the user's to fix: say so once and power off. */
		printk("cleave: cannot execute /bin/init (error %ld); powering off\n", -err);
		machine_power_off();
	}
	return 0;	/* ret_from_fork continues into user mode */
}

void start_kernel_common(void)
{
	sched_init_buckets();
	init_idle(&boot_idle, 0, boot_stack);
	__asm__ __volatile__("mv tp, %0" :: "r"(&boot_idle));
	plic_init();
	uart_init();
	console_init();
	virtio_init();
	goldfish_rtc_init();	/* the wall clock, if the board has one */
	plic_init_hart(cpus[0].hartid);
	time_init_hart();
	printk("cleave: %d hart(s), %lu MiB free\n", nr_cpus, nr_free_pages() >> 8);
	rlimit_init(&init_signal);
	smp_boot_secondaries(make_idle);
	if (kernel_thread(kernel_init, NULL, "init", 0) != 1)
		panic("could not start init");
	arch_irq_enable();
	cpu_idle_loop();
}
