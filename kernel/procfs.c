/* /proc: a character device (PROC_MAJOR) whose minors are text files
 * generated on every read:
 *   0 meminfo    memory counters ("Key:  N [kB]")
 *   1 uptime     "UPTIME IDLE" in seconds with hundredths
 *   2 tasks      one line per task
 *   3 cmdline    the kernel command line
 *   4 fail-nth   fault injection for the reading/writing task: writing N
 *                makes its Nth allocation from now fail; reading gives the
 *                value still pending.
 * A read regenerates the whole text and copies the part at off, so a
 * reader that reads in pieces sees a consistent file only if nothing
 * changed in between (as with Linux's seq files, good enough). */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <asm/processor.h>

extern char boot_cmdline[];

#define PROC_MEMINFO 0
#define PROC_UPTIME 1
#define PROC_TASKS 2
#define PROC_CMDLINE 3
#define PROC_FAIL_NTH 4

/* Text being generated: appends are truncated at the end of buf. */
struct pbuf {
	char *buf;
	size_t size, len;
};

static void __attribute__((format(printf, 2, 3))) pprintf(struct pbuf *b, const char *fmt, ...)
{
	va_list ap;
	if (b->len + 1 >= b->size)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(b->buf + b->len, b->size - b->len, fmt, ap);
	va_end(ap);
	if (n > 0)
		b->len = min(b->len + n, b->size - 1);
}

/* Copy the slice [off, off + n) of the generated text out. */
static ssize_t copy_slice(const struct pbuf *b, bool user_dst, u64 dst, size_t n, off_t off)
{
	if (off < 0)
		return -EINVAL;
	if ((size_t)off >= b->len)
		return 0;
	size_t k = min(n, b->len - (size_t)off);
	if (either_copyout(user_dst, dst, b->buf + off, k))
		return -EFAULT;
	return k;
}

static void gen_meminfo(struct pbuf *b)
{
	u64 total = nr_total_pages(), free = nr_free_pages();
	pprintf(b, "MemTotal:  %lu kB\n", total * (PAGE_SIZE / 1024));
	pprintf(b, "MemFree:  %lu kB\n", free * (PAGE_SIZE / 1024));
	pprintf(b, "PagesTotal: %lu\n", total);
	pprintf(b, "PagesFree: %lu\n", free);
	pprintf(b, "SlabObjects: %ld\n", kmalloc_live_objects());
	pprintf(b, "PageFaults: %lu\n", READ_ONCE(nr_page_faults));
	pprintf(b, "Tasks: %d\n", nr_tasks());
}

/* cleave does not account idle time: the second field reports the
 * uptime, as if one hart had been idle throughout. */
static void gen_uptime(struct pbuf *b)
{
	u64 cs = ktime_get_ns() / 10000000UL;	/* hundredths of a second */
	pprintf(b, "%lu.%02lu %lu.%02lu\n", cs / 100, cs % 100, cs / 100, cs % 100);
}

static char state_letter(struct task_struct *t)
{
	if (t->exit_state == EXIT_ZOMBIE)
		return 'Z';
	if (t->exit_state)
		return 'X';
	switch (t->state) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_UNINTERRUPTIBLE:
	case TASK_KILLABLE: return 'D';	/* as Linux shows a killable sleep */
	case TASK_STOPPED: return 'T';
	}
	return '?';
}

/* Walks all_tasks under tasklist_lock; formatting does not sleep. */
static void gen_tasks(struct pbuf *b)
{
	pprintf(b, "  PID  PPID STATE NAME\n");
	spin_lock(&tasklist_lock);
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *t = list_entry(pos, struct task_struct, tasks);
		pid_t ppid = t->real_parent ? t->real_parent->tgid : 0;
		pprintf(b, "%5d %5d     %c %s\n", t->pid, ppid, state_letter(t), t->comm);
	}
	spin_unlock(&tasklist_lock);
}

static ssize_t proc_read(int minor, bool user_dst, u64 dst, size_t n, off_t off)
{
	char small[512];
	struct pbuf b = { small, sizeof(small), 0 };
	ssize_t r;

	switch (minor) {
	case PROC_MEMINFO:
		gen_meminfo(&b);
		break;
	case PROC_UPTIME:
		gen_uptime(&b);
		break;
	case PROC_CMDLINE:
		pprintf(&b, "%s\n", boot_cmdline);
		break;
	case PROC_FAIL_NTH:
		pprintf(&b, "%d\n", current->fail_nth);
		break;
	case PROC_TASKS:
		/* 64 bytes a line is ample: the fields are bounded. */
		b.size = 64 * (size_t)(nr_tasks() + 8);
		b.buf = kmalloc(b.size);
		if (!b.buf)
			return -ENOMEM;
		gen_tasks(&b);
		r = copy_slice(&b, user_dst, dst, n, off);
		kfree(b.buf);
		return r;
	default:
		return -ENXIO;
	}
	return copy_slice(&b, user_dst, dst, n, off);
}

/* fail-nth: a decimal number, optionally followed by white space. */
static ssize_t write_fail_nth(bool user_src, u64 src, size_t n)
{
	char buf[24];
	if (n == 0 || n >= sizeof(buf))
		return -EINVAL;
	if (either_copyin(buf, user_src, src, n))
		return -EFAULT;
	buf[n] = 0;
	long v = 0;
	size_t i = 0;
	for (; i < n && buf[i] >= '0' && buf[i] <= '9'; i++) {
		v = v * 10 + (buf[i] - '0');
		if (v > 0x7fffffff)
			return -EINVAL;
	}
	if (i == 0)
		return -EINVAL;
	for (; i < n; i++)
		if (buf[i] != '\n' && buf[i] != ' ' && buf[i] != '\t')
			return -EINVAL;
	current->fail_nth = (int)v;
	return n;
}

static ssize_t proc_write(int minor, bool user_src, u64 src, size_t n, off_t off)
{
	(void)off;
	if (minor == PROC_FAIL_NTH)
		return write_fail_nth(user_src, src, n);
	return -EINVAL;		/* the other files are read-only */
}

/* Called once at boot, before any file can be opened. */
void procfs_init(void)
{
	devsw[PROC_MAJOR].read = proc_read;
	devsw[PROC_MAJOR].write = proc_write;
}
