/* The files at the top of /proc and under /proc/sys: the system as a whole. */
#include "procfs.h"
#include <shm.h>
#include "timekeeping.h"
#include <asm/processor.h>

extern char boot_cmdline[];
size_t filesystems_show(char *buf, size_t n);
long parse_decimal(const char *buf, size_t n, long max);

/* Text that /proc/sys/kernel/{hostname,domainname} keep (uname reads it). */
char uts_hostname[65] = "cleave";
extern char core_pattern[128];	/* kernel/coredump.c */

static int link_self(struct inode *ip, char *buf, size_t n)
{
	return min((size_t)snprintf(buf, n, "%d", current->tgid), n);
}

static int link_thread_self(struct inode *ip, char *buf, size_t n)
{
	return min((size_t)snprintf(buf, n, "%d/task/%d", current->tgid, current->pid), n);
}

static int show_meminfo(struct inode *ip, struct pbuf *b)
{
	u64 total = nr_total_pages(), free = nr_free_pages(), k = PAGE_SIZE / 1024;

	pprintf(b, "MemTotal:       %8lu kB\nMemFree:        %8lu kB\nMemAvailable:   %8lu kB\n"
		"Buffers:               0 kB\nCached:                0 kB\nSwapCached:            0 kB\n"
		"Active:                0 kB\nInactive:              0 kB\n"
		"SwapTotal:             0 kB\nSwapFree:              0 kB\n"
		"Dirty:                 0 kB\nWriteback:             0 kB\n"
		"AnonPages:             0 kB\nMapped:                0 kB\nShmem:                 0 kB\n"
		"Slab:                  0 kB\nSReclaimable:          0 kB\nSUnreclaim:            0 kB\n"
		"CommitLimit:    %8lu kB\nCommitted_AS:          0 kB\n",
		total * k, free * k, free * k, total * k);
	/* cleave's own counters, which the leak tests read */
	pprintf(b, "PagesTotal: %lu\nPagesFree: %lu\nSlabObjects: %ld\nPageFaults: %lu\nTasks: %d\n",
		total, free, kmalloc_live_objects(), READ_ONCE(nr_page_faults), nr_tasks());
	return 0;
}

/* cleave does not account idle time: the second field reports the
 * uptime times the harts, as if they had been idle throughout. */
static int show_uptime(struct inode *ip, struct pbuf *b)
{
	u64 cs = ktime_get_ns() / 10000000UL;	/* hundredths of a second */
	u64 idle = cs * nr_cpus;

	pprintf(b, "%lu.%02lu %lu.%02lu\n", cs / 100, cs % 100, idle / 100, idle % 100);
	return 0;
}

static void count_tasks(int *running, int *total, pid_t *last)
{
	struct list_head *pos;

	*running = *total = 0;
	*last = 0;
	spin_lock(&tasklist_lock);
	list_for_each(pos, &all_tasks) {
		struct task_struct *t = list_entry(pos, struct task_struct, tasks);
		if (t->exit_state)
			continue;
		++*total;
		if (t->state == TASK_RUNNING)
			++*running;
		if (t->pid > *last)
			*last = t->pid;
	}
	spin_unlock(&tasklist_lock);
}

static int show_loadavg(struct inode *ip, struct pbuf *b)
{
	int running, total;
	pid_t last;

	count_tasks(&running, &total, &last);
	pprintf(b, "0.00 0.00 0.00 %d/%d %d\n", running, total, last);
	return 0;
}

static int show_stat(struct inode *ip, struct pbuf *b)
{
	u64 ticks = ktime_get_ns() / (NSEC_PER_SEC / 100);
	int running, total;
	pid_t last;

	count_tasks(&running, &total, &last);
	pprintf(b, "cpu  0 0 0 %lu 0 0 0 0 0 0\n", ticks * nr_cpus);
	for (int i = 0; i < nr_cpus; i++)
		pprintf(b, "cpu%d 0 0 0 %lu 0 0 0 0 0 0\n", i, ticks);
	pprintf(b, "intr 0\nctxt 0\nbtime %lu\nprocesses %d\nprocs_running %d\nprocs_blocked 0\n"
		"softirq 0 0 0 0 0 0 0 0 0 0 0\n",
		boot_time_ns() / NSEC_PER_SEC, last, running);
	return 0;
}

static int show_cpuinfo(struct inode *ip, struct pbuf *b)
{
	for (int i = 0; i < nr_cpus; i++)
		pprintf(b, "processor\t: %d\nhart\t\t: %lu\nisa\t\t: rv64imafdc_zicsr_zifencei\n"
			"mmu\t\t: sv39\nuarch\t\t: cleave\n\n", i, cpus[i].hartid);
	return 0;
}

static int show_version(struct inode *ip, struct pbuf *b)
{
	pprintf(b, "Linux version 6.12.0-cleave (cleave@cleave) (gcc) #1 SMP\n");
	return 0;
}

static int show_cmdline(struct inode *ip, struct pbuf *b)
{
	pprintf(b, "%s\n", boot_cmdline);
	return 0;
}

static int show_filesystems(struct inode *ip, struct pbuf *b)
{
	size_t n = filesystems_show(b->buf + b->len, b->size - b->len);
	b->len += n;
	if (b->len + 64 >= b->size)
		b->overflow = true;
	return 0;
}

static int show_mounts(struct inode *ip, struct pbuf *b)
{
	size_t len;

	mounts_show(b->buf + b->len, b->size - b->len, &len);
	if (b->len + len + 1 >= b->size)
		b->overflow = true;
	b->len += len;
	return 0;
}

static char state_letter(struct task_struct *t)
{
	if (t->exit_state)
		return t->exit_state == EXIT_ZOMBIE ? 'Z' : 'X';
	switch (t->state) {
	case TASK_RUNNING: return 'R';
	case TASK_INTERRUPTIBLE: return 'S';
	case TASK_STOPPED: return 'T';
	}
	return 'D';
}

/* cleave's own one-line-per-task list (its ps reads it). */
static int show_tasks(struct inode *ip, struct pbuf *b)
{
	struct list_head *pos;

	pprintf(b, "  PID  PPID STATE NAME\n");
	spin_lock(&tasklist_lock);
	list_for_each(pos, &all_tasks) {
		struct task_struct *t = list_entry(pos, struct task_struct, tasks);
		pid_t ppid = t->real_parent ? t->real_parent->tgid : 0;
		pprintf(b, "%5d %5d     %c %s\n", t->pid, ppid, state_letter(t), t->comm);
	}
	spin_unlock(&tasklist_lock);
	return 0;
}

/* /proc/fail-nth: the same as /proc/self/fail-nth (the reader's). */
static int show_fail_nth(struct inode *ip, struct pbuf *b)
{
	pprintf(b, "%d\n", current->fail_nth);
	return 0;
}

static ssize_t write_fail_nth(struct inode *ip, const char *buf, size_t n)
{
	long v = parse_decimal(buf, n, 0x7fffffff);

	if (v < 0)
		return v;
	current->fail_nth = (int)v;
	return n;
}

/* ---- /proc/sys ---- */

static int show_pid_max(struct inode *ip, struct pbuf *b) { pprintf(b, "%d\n", PID_MAX); return 0; }
static int show_threads_max(struct inode *ip, struct pbuf *b)
{
	pprintf(b, "%lu\n", nr_total_pages() / 8);
	return 0;
}
static int show_ostype(struct inode *ip, struct pbuf *b) { pprintf(b, "Linux\n"); return 0; }
static int show_osrelease(struct inode *ip, struct pbuf *b) { pprintf(b, "6.12.0-cleave\n"); return 0; }
static int show_zero(struct inode *ip, struct pbuf *b) { pprintf(b, "0\n"); return 0; }
static int show_max_map_count(struct inode *ip, struct pbuf *b) { pprintf(b, "65530\n"); return 0; }
static int show_pipe_max(struct inode *ip, struct pbuf *b) { pprintf(b, "1048576\n"); return 0; }

static int show_string(struct pbuf *b, const char *s)
{
	pprintf(b, "%s\n", s);
	return 0;
}

static ssize_t set_string(char *dst, size_t size, const char *buf, size_t n)
{
	size_t k = n;

	if (k && buf[k - 1] == '\n')
		k--;
	if (k >= size)
		return -EINVAL;
	memcpy(dst, buf, k);
	dst[k] = 0;
	return n;
}

static int show_hostname(struct inode *ip, struct pbuf *b) { return show_string(b, uts_hostname); }
static ssize_t write_hostname(struct inode *ip, const char *buf, size_t n)
{
	return set_string(uts_hostname, sizeof(uts_hostname), buf, n);
}
static int show_core_pattern(struct inode *ip, struct pbuf *b) { return show_string(b, core_pattern); }
static ssize_t write_core_pattern(struct inode *ip, const char *buf, size_t n)
{
	return set_string(core_pattern, sizeof(core_pattern), buf, n);
}

extern const struct proc_entry proc_sys_entry, proc_sys_kernel_entry, proc_sys_vm_entry,
	proc_sys_fs_entry;

/* /proc/sysvipc/shm: Linux's columns. */
static void shm_line(void *arg, const struct shm_row *r)
{
	pprintf(arg, "%10d %10d  %4o %21lu %5d %5d  %5lu %5u %5u %5u %5u %10ld %10ld %10ld %21lu %21lu\n",
		r->key, r->id, r->mode, r->size, r->cpid, r->lpid, r->nattch, r->uid, r->gid,
		r->cuid, r->cgid, r->atime, r->dtime, r->ctime, r->rss_pages * PAGE_SIZE, 0UL);
}

static int show_sysvipc_shm(struct inode *ip, struct pbuf *b)
{
	pprintf(b, "       key      shmid perms                  size  cpid  lpid nattch   uid   gid"
		"  cuid  cgid      atime      dtime      ctime                   rss                  swap\n");
	shm_for_each(shm_line, b);
	return 0;
}

static const struct proc_entry sysvipc_children[] = {
	{ "shm", S_IFREG | 0444, 1, .show = show_sysvipc_shm },
	{ 0 }
};

static const struct proc_entry sys_kernel_children[] = {
	{ "pid_max", S_IFREG | 0644, 1, .show = show_pid_max },
	{ "threads-max", S_IFREG | 0644, 2, .show = show_threads_max },
	{ "hostname", S_IFREG | 0644, 3, .show = show_hostname, .write = write_hostname },
	{ "ostype", S_IFREG | 0444, 4, .show = show_ostype },
	{ "osrelease", S_IFREG | 0444, 5, .show = show_osrelease },
	{ "tainted", S_IFREG | 0644, 6, .show = show_zero },
	{ "core_pattern", S_IFREG | 0644, 7, .show = show_core_pattern, .write = write_core_pattern },
	{ 0 }
};
static const struct proc_entry sys_vm_children[] = {
	{ "max_map_count", S_IFREG | 0644, 1, .show = show_max_map_count },
	{ "overcommit_memory", S_IFREG | 0644, 2, .show = show_zero },
	{ 0 }
};
static const struct proc_entry sys_fs_children[] = {
	{ "pipe-max-size", S_IFREG | 0644, 1, .show = show_pipe_max },
	{ 0 }
};
static const struct proc_entry sys_children[] = {
	{ "kernel", S_IFDIR | 0555, 1, .children = sys_kernel_children, .parent = &proc_sys_entry },
	{ "vm", S_IFDIR | 0555, 2, .children = sys_vm_children, .parent = &proc_sys_entry },
	{ "fs", S_IFDIR | 0555, 3, .children = sys_fs_children, .parent = &proc_sys_entry },
	{ 0 }
};

const struct proc_entry proc_root_children[] = {
	{ "self", S_IFLNK | 0777, 1, .link = link_self },
	{ "thread-self", S_IFLNK | 0777, 2, .link = link_thread_self },
	{ "meminfo", S_IFREG | 0444, 3, .show = show_meminfo },
	{ "uptime", S_IFREG | 0444, 4, .show = show_uptime },
	{ "loadavg", S_IFREG | 0444, 5, .show = show_loadavg },
	{ "stat", S_IFREG | 0444, 6, .show = show_stat },
	{ "cpuinfo", S_IFREG | 0444, 7, .show = show_cpuinfo },
	{ "version", S_IFREG | 0444, 8, .show = show_version },
	{ "cmdline", S_IFREG | 0444, 9, .show = show_cmdline },
	{ "filesystems", S_IFREG | 0444, 10, .show = show_filesystems },
	{ "mounts", S_IFREG | 0444, 11, .show = show_mounts },
	{ "tasks", S_IFREG | 0444, 12, .show = show_tasks },
	{ "fail-nth", S_IFREG | 0666, 13, .show = show_fail_nth, .write = write_fail_nth, .small = true },
	{ "sys", S_IFDIR | 0555, 14, .children = sys_children },
	{ "sysvipc", S_IFDIR | 0555, 15, .children = sysvipc_children },
	{ 0 }
};
const struct proc_entry proc_sys_entry = { "sys", S_IFDIR | 0555, 14, .children = sys_children };
