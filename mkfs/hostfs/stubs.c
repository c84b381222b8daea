/* Host stand-ins for the kernel services kernel/fs uses (single task). */
#include "types.h"
#include "errno.h"
#include "spinlock.h"
#include "sched.h"
#include "fs.h"
#include "mm.h"
#include "uaccess.h"
#include "printk.h"
#include "string.h"
#include "blkdev.h"

void *malloc(unsigned long); void *calloc(unsigned long, unsigned long); void free(void *);
int vprintf(const char *, va_list); void abort(void); void exit(int);
long pread(int, void *, unsigned long, long); long pwrite(int, const void *, unsigned long, long);
int aligned_alloc_dummy;
void *aligned_alloc(unsigned long, unsigned long);

char *getenv(const char *); long atol(const char *); void _exit(int);
int disk_fd = -1;
long n_io, n_writes, n_kmalloc;
int sig_sent;

void spin_init(struct spinlock *l, const char *n) { l->locked = 0; l->name = n; }
void spin_lock(struct spinlock *l) { if (l->locked) panic("spin deadlock %s", l->name); l->locked = 1; }
void spin_unlock(struct spinlock *l) { if (!l->locked) panic("unlock unlocked %s", l->name); l->locked = 0; }
bool spin_holding(struct spinlock *l) { return l->locked; }
void sleeplock_init(struct sleeplock *l, const char *n) { l->locked = 0; l->name = n; }
void sleep_lock(struct sleeplock *l) { if (l->locked) panic("sleeplock deadlock %s", l->name); l->locked = 1; }
void sleep_unlock(struct sleeplock *l) { if (!l->locked) panic("sleep_unlock unlocked"); l->locked = 0; }
bool sleep_holding(struct sleeplock *l) { return l->locked; }
void sleep_on(void *chan, struct spinlock *lk) { panic("sleep_on would block forever (single task)"); }
int sleep_on_intr(void *chan, struct spinlock *lk) { panic("sleep_on_intr would block (single task)"); }
void wakeup(void *chan) {}
int send_signal(struct task_struct *t, int sig, bool group) { sig_sent = sig; return 0; }

static struct task_struct task;
static struct signal_struct signal;
struct task_struct *get_current(void) { return &task; }
struct spinlock tasklist_lock;
struct cpu cpus[1];
int nr_cpus = 1;
char boot_cmdline[256] = "root=/dev/vda";
u64 initrd_start_pa, initrd_end_pa;
void mount_root(void);
void vfs_init(void);

/* The kernel_init steps that matter to the file layer. */
void stub_setup(void)
{
	task.signal = &signal;
	signal.rlim[RLIMIT_NOFILE].cur = NOFILE;
	signal.rlim[RLIMIT_NOFILE].max = NOFILE_MAX;
	vfs_init();
	mount_root();
	task.files = files_alloc();
	task.fs = fs_struct_alloc();
}
u64 blkdev_capacity(void) { return 1; }
void machine_power_off(void) { exit(4); }
bool fatal_signal_pending(struct task_struct *t) { return false; }
void poll_wakeup(void) {}
void eventpoll_release(struct file *f) {}
u64 ktime_get_ns(void) { return 0; }
u64 ktime_get_real_ns(void) { return 1700000000UL * 1000000000UL; }
u64 nr_total_pages(void) { return 65536; }
mode_t current_umask(void) { return 022; }
void procfs_init(void) {}
void random_add_entropy(const void *p, size_t n) {}
void get_random_bytes(void *p, size_t n) { memset(p, 0x5a, n); }

void *kmalloc(size_t n) { void *p = calloc(1, n); n_kmalloc++; return p; }
void *kzalloc(size_t n) { return kmalloc(n); }
void kfree(const void *p) { if (p) { n_kmalloc--; free((void *)p); } }
void *get_free_page(void) { void *p = aligned_alloc(4096, 4096); memset(p, 0, 4096); n_kmalloc++; return p; }
void free_page(void *p) { kfree(p); }

int printk(const char *fmt, ...) { va_list ap; va_start(ap, fmt); int r = vprintf(fmt, ap); va_end(ap); return r; }
void panic(const char *fmt, ...) { va_list ap; va_start(ap, fmt); vprintf(fmt, ap); va_end(ap); printk("\nPANIC\n"); abort(); for (;;); }

int blkdev_rw(u64 sector, void *buf, u32 len, bool write)
{
	static long crash_after = -1;
	if (crash_after < 0) { char *e = getenv("CRASH_AFTER"); crash_after = e ? atol(e) : 0; }
	if (write && crash_after > 0 && --crash_after == 0) _exit(3);
	long r = write ? pwrite(disk_fd, buf, len, sector * 512) : pread(disk_fd, buf, len, sector * 512);
	n_io++;
	n_writes += write;
	return r == len ? 0 : -EIO;
}

/* "user" memory: any address below TASK_SIZE that the test mapped */
int copy_to_user(void __user *d, const void *s, size_t n) { if (!access_ok(d, n) || (u64)d < 0x10000) return -EFAULT; memcpy(d, s, n); return 0; }
int copy_from_user(void *d, const void __user *s, size_t n) { if (!access_ok(s, n) || (u64)s < 0x10000) return -EFAULT; memcpy(d, s, n); return 0; }
long strncpy_from_user(char *d, const char __user *s, size_t n)
{
	if ((u64)s < 0x10000 || !access_ok(s, 1)) return -EFAULT;
	for (size_t i = 0; i < n; i++) { d[i] = s[i]; if (!d[i]) return i; }
	return -ENAMETOOLONG;
}
int either_copyout(bool u, u64 dst, const void *src, size_t n) { if (u) return copy_to_user((void *)dst, src, n); memcpy((void *)dst, src, n); return 0; }
int either_copyin(void *dst, bool u, u64 src, size_t n) { if (u) return copy_from_user(dst, (void *)src, n); memcpy(dst, (void *)src, n); return 0; }
size_t strlcpy(char *d, const char *s, size_t n) { size_t l = strlen(s); if (n) { size_t k = l < n - 1 ? l : n - 1; memcpy(d, s, k); d[k] = 0; } return l; }
/* mm.h's inline virt_to_page/get_page need these; nothing here calls them. */
struct page *mem_map;
u64 base_pfn;
bool cmdline_arg(const char *key, char *val, size_t n) { return false; }
int writeback_inode(struct inode *ip) { (void)ip; return 0; }	/* no mappings on the host */
