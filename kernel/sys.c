/* Small system calls: identity, limits, system information, randomness,
 * reboot, and a few memory hints.
 *
 * Credentials (sys_id.c): ids are kept per task, but there are no
 * permission checks: every task is treated as root. Resource limits live in signal->rlim[] (shared by the thread
 * group, copied by fork); writes happen under tasklist_lock, readers take
 * one limit's two words under it too. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <random.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

void machine_power_off(void);	/* arch: does not return */
void machine_restart(void);	/* arch: does not return */

/* ---- identity ---- */

SYSCALL_DEFINE0(getpid) { return current->tgid; }
SYSCALL_DEFINE0(gettid) { return current->pid; }
/* getuid and the other credentials: sys_id.c */

/* parent_tgid is rewritten under tasklist_lock whenever real_parent
 * changes; one word, so reading it needs no lock. A thread's leader stays
 * (at least as a zombie) until the whole group is gone. */
SYSCALL_DEFINE0(getppid)
{
	return READ_ONCE(current->group_leader->parent_tgid);
}

/* The file-creation mask lives in fs_struct, so CLONE_FS shares it as on
 * Linux. current_umask() is for the file system's create paths. */
mode_t current_umask(void)
{
	struct fs_struct *fs = current->fs;
	return fs ? __atomic_load_n(&fs->umask, __ATOMIC_RELAXED) : 022;
}

SYSCALL_DEFINE1(umask, int, mask)
{
	return __atomic_exchange_n(&current->fs->umask, mask & 0777, __ATOMIC_SEQ_CST);
}

SYSCALL_DEFINE1(set_tid_address, u32 __user *, tidptr)
{
	current->clear_child_tid = tidptr;
	return current->pid;
}

/* Restartable sequences are not supported; glibc carries on without. */
SYSCALL_DEFINE4(rseq, void __user *, rseq, u32, len, int, flags, u32, sig)
{
	return -ENOSYS;
}

SYSCALL_DEFINE0(sched_yield)
{
	schedule();
	return 0;
}

/* ---- uname, sysinfo ---- */

struct new_utsname {
	char sysname[65], nodename[65], release[65], version[65], machine[65], domainname[65];
};

extern char uts_hostname[65];	/* /proc/sys/kernel/hostname */

/* sysname is "Linux": programs pick their Linux code paths by it. */
SYSCALL_DEFINE1(uname, struct new_utsname __user *, name)
{
	struct new_utsname u = {
		.sysname = "Linux",
		.release = "6.12.0-cleave",	/* glibc compares against its minimum */
		.version = "#1 SMP cleave",
		.machine = "riscv64",
		.domainname = "(none)",
	};
	strlcpy(u.nodename, uts_hostname, sizeof(u.nodename));
	return copy_to_user(name, &u, sizeof(u)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(sethostname, const char __user *, uname, int, len)
{
	char buf[65];

	if (len < 0 || len > 64)
		return -EINVAL;
	if (copy_from_user(buf, uname, len))
		return -EFAULT;
	buf[len] = 0;
	strlcpy(uts_hostname, buf, sizeof(buf));
	return 0;
}

struct sysinfo {
	long uptime;
	unsigned long loads[3];
	unsigned long totalram, freeram, sharedram, bufferram, totalswap, freeswap;
	u16 procs, pad;
	unsigned long totalhigh, freehigh;
	u32 mem_unit;
};
_Static_assert(sizeof(struct sysinfo) == 112, "struct sysinfo (64-bit)");

SYSCALL_DEFINE1(sysinfo, struct sysinfo __user *, info)
{
	struct sysinfo s;
	memset(&s, 0, sizeof(s));
	s.uptime = (long)(ktime_get_ns() / 1000000000UL);
	s.totalram = nr_total_pages();
	s.freeram = nr_free_pages();
	s.procs = (u16)min(nr_tasks(), 0xffff);
	s.mem_unit = PAGE_SIZE;
	return copy_to_user(info, &s, sizeof(s)) ? -EFAULT : 0;
}

/* ---- resource limits ---- */

/* Defaults for the first process; everyone else inherits through fork.
 * Call at boot on the signal_struct init will be forked from. */
void rlimit_init(struct signal_struct *sig)
{
	for (int i = 0; i < RLIM_NLIMITS; i++)
		sig->rlim[i].cur = sig->rlim[i].max = RLIM_INFINITY;
	sig->rlim[RLIMIT_STACK].cur = 8UL << 20;
	sig->rlim[RLIMIT_NOFILE].cur = NOFILE;
	sig->rlim[RLIMIT_NOFILE].max = NOFILE_MAX;
	/* Linux's defaults: no core files unless asked for (soft 0, hard
	 * unlimited); queued siginfos per user up to half the task limit. */
	sig->rlim[RLIMIT_CORE].cur = 0;
	extern int max_threads;
	sig->rlim[RLIMIT_SIGPENDING].cur = sig->rlim[RLIMIT_SIGPENDING].max = max_threads / 2;
}

struct rlimit64 {
	u64 cur, max;
};

/* Read and/or replace limit res of process pid (0: the caller).
 * tasklist_lock protects the lookup and the limit words. */
static long do_prlimit(pid_t pid, unsigned int res, const struct rlimit64 *new,
		       struct rlimit64 *old)
{
	if (res >= RLIM_NLIMITS)
		return -EINVAL;
	if (new) {
		if (new->cur > new->max)
			return -EINVAL;
		if (res == RLIMIT_NOFILE && new->max > NOFILE_MAX)
			return -EPERM;	/* beyond the table's hard size (nr_open) */
	}
	long r = 0;
	spin_lock(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_pid(pid) : current;
	if (!p || p->exit_state) {
		r = -ESRCH;
	} else {
		struct rlimit_s *l = &p->signal->rlim[res];
		if (old) {
			old->cur = l->cur;
			old->max = l->max;
		}
		if (new) {
			l->cur = new->cur;
			l->max = new->max;
		}
	}
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE2(getrlimit, unsigned int, res, struct rlimit64 __user *, rl)
{
	struct rlimit64 old;
	long r = do_prlimit(0, res, NULL, &old);
	if (r)
		return r;
	return copy_to_user(rl, &old, sizeof(old)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(setrlimit, unsigned int, res, const struct rlimit64 __user *, rl)
{
	struct rlimit64 new;
	if (copy_from_user(&new, rl, sizeof(new)))
		return -EFAULT;
	return do_prlimit(0, res, &new, NULL);
}

SYSCALL_DEFINE4(prlimit64, pid_t, pid, unsigned int, res, const struct rlimit64 __user *, nrl,
		struct rlimit64 __user *, orl)
{
	struct rlimit64 new, old;
	if (pid < 0)
		return -EINVAL;
	if (nrl && copy_from_user(&new, nrl, sizeof(new)))
		return -EFAULT;
	long r = do_prlimit(pid, res, nrl ? &new : NULL, orl ? &old : NULL);
	if (r)
		return r;
	if (orl && copy_to_user(orl, &old, sizeof(old)))
		return -EFAULT;
	return 0;
}

/* ---- randomness ----
 * A ChaCha20 keystream generator. The key is seeded from the boot clock on
 * first use, stirred with the clock on every request, and replaced after
 * each request with fresh keystream (so earlier output cannot be
 * reconstructed from a later state). Not a vetted CSPRNG: cleave has no
 * hardware entropy source; the clock is the only seed. rng_lock protects
 * the state. */

static struct spinlock rng_lock = SPINLOCK_INIT("rng");
static u32 rng_key[8];
static u64 rng_counter;
static bool rng_seeded;

static inline u32 rotl32(u32 v, int n) { return (v << n) | (v >> (32 - n)); }

#define QR(a, b, c, d) do { \
	a += b; d ^= a; d = rotl32(d, 16); \
	c += d; b ^= c; b = rotl32(b, 12); \
	a += b; d ^= a; d = rotl32(d, 8); \
	c += d; b ^= c; b = rotl32(b, 7); } while (0)

/* One 64-byte block of keystream for (key, counter, nonce). */
static void chacha20_block(const u32 key[8], u64 counter, u64 nonce, u32 out[16])
{
	u32 x[16] = {
		0x61707865, 0x3320646e, 0x79622d32, 0x6b206574,
		key[0], key[1], key[2], key[3], key[4], key[5], key[6], key[7],
		(u32)counter, (u32)(counter >> 32), (u32)nonce, (u32)(nonce >> 32),
	};
	u32 in[16];
	memcpy(in, x, sizeof(in));
	for (int i = 0; i < 10; i++) {
		QR(x[0], x[4], x[8], x[12]);
		QR(x[1], x[5], x[9], x[13]);
		QR(x[2], x[6], x[10], x[14]);
		QR(x[3], x[7], x[11], x[15]);
		QR(x[0], x[5], x[10], x[15]);
		QR(x[1], x[6], x[11], x[12]);
		QR(x[2], x[7], x[8], x[13]);
		QR(x[3], x[4], x[9], x[14]);
	}
	for (int i = 0; i < 16; i++)
		out[i] = x[i] + in[i];
}

/* Mix the current time into the key. rng_lock held. */
static void rng_stir(void)
{
	u64 t = ktime_get_ns();
	if (!rng_seeded) {
		for (int i = 0; i < 8; i++)
			rng_key[i] ^= (u32)(t * 0x9e3779b97f4a7c15UL >> (i * 4)) ^ (0x5bd1e995u * (i + 1));
		rng_seeded = true;
	}
	rng_key[0] ^= (u32)t;
	rng_key[1] ^= (u32)(t >> 32);
}

/* Fill buf with up to 256 bytes of keystream, then rekey. */
static void rng_chunk(u8 *buf, size_t n)
{
	u32 block[16];
	spin_lock(&rng_lock);
	rng_stir();
	for (size_t done = 0; done < n; done += 64) {
		chacha20_block(rng_key, rng_counter++, 0, block);
		memcpy(buf + done, block, min(n - done, 64UL));
	}
	chacha20_block(rng_key, rng_counter++, 1, block);
	memcpy(rng_key, block, sizeof(rng_key));
	spin_unlock(&rng_lock);
	memset(block, 0, sizeof(block));
}

#define RNG_CHUNK 256

void get_random_bytes(void *buf, size_t n)
{
	u8 *p = buf;
	while (n) {
		size_t k = min(n, (size_t)RNG_CHUNK);
		rng_chunk(p, k);
		p += k;
		n -= k;
	}
}

/* Fold seed material (the device tree's rng-seed, timer jitter) into the
 * key; any context that may take a spinlock. */
void random_add_entropy(const void *p, size_t n)
{
	const u8 *b = p;
	u32 block[16];

	spin_lock(&rng_lock);
	for (size_t i = 0; i < n; i++)
		((u8 *)rng_key)[i % sizeof(rng_key)] ^= b[i];
	chacha20_block(rng_key, rng_counter++, 2, block);
	memcpy(rng_key, block, sizeof(rng_key));
	spin_unlock(&rng_lock);
	memset(block, 0, sizeof(block));
}

#define GRND_NONBLOCK 1
#define GRND_RANDOM 2
#define GRND_INSECURE 4
#define GETRANDOM_MAX 0x1ffffffUL	/* Linux returns at most this per call */

SYSCALL_DEFINE3(getrandom, u8 __user *, ubuf, size_t, len, unsigned int, flags)
{
	if (flags & ~(GRND_NONBLOCK | GRND_RANDOM | GRND_INSECURE))
		return -EINVAL;
	if ((flags & GRND_INSECURE) && (flags & GRND_RANDOM))
		return -EINVAL;
	len = min(len, GETRANDOM_MAX);
	u8 chunk[RNG_CHUNK];
	size_t done = 0;
	while (done < len) {
		size_t k = min(len - done, sizeof(chunk));
		rng_chunk(chunk, k);
		if (copy_to_user(ubuf + done, chunk, k))
			return done ? (long)done : -EFAULT;
		done += k;
		if (done < len && signal_pending(current))
			break;	/* a partial read, as Linux does for large requests */
	}
	memset(chunk, 0, sizeof(chunk));
	return done;
}

/* ---- reboot ---- */

#define REBOOT_MAGIC1 0xfee1deadu
#define REBOOT_MAGIC2 672274793u
#define REBOOT_MAGIC2A 85072278u
#define REBOOT_MAGIC2B 369367448u
#define REBOOT_MAGIC2C 537993216u
#define REBOOT_CMD_RESTART 0x01234567u
#define REBOOT_CMD_HALT 0xcdef0123u
#define REBOOT_CMD_POWER_OFF 0x4321fedcu
#define REBOOT_CMD_CAD_ON 0x89abcdefu
#define REBOOT_CMD_CAD_OFF 0x00000000u

SYSCALL_DEFINE4(reboot, u32, magic1, u32, magic2, u32, cmd, void __user *, arg)
{
	if (magic1 != REBOOT_MAGIC1 ||
	    (magic2 != REBOOT_MAGIC2 && magic2 != REBOOT_MAGIC2A &&
	     magic2 != REBOOT_MAGIC2B && magic2 != REBOOT_MAGIC2C))
		return -EINVAL;
	switch (cmd) {
	case REBOOT_CMD_POWER_OFF:
	case REBOOT_CMD_HALT:
		printk("cleave: power off\n");
		machine_power_off();
		for (;;)
			;
	case REBOOT_CMD_RESTART:
		printk("cleave: restart\n");
		machine_restart();
		for (;;)
			;
	case REBOOT_CMD_CAD_ON:
	case REBOOT_CMD_CAD_OFF:
		return 0;
	}
	return -EINVAL;
}

/* ---- madvise ---- */

#define MADV_DONTNEED 4
#define MADV_FREE 8

static bool madvice_valid(int advice)
{
	return (advice >= 0 && advice <= 4) || (advice >= 8 && advice <= 23) ||
	       advice == 25 || advice == 100 || advice == 101;
}

/* MADV_DONTNEED (and MADV_FREE, which may free at once): drop the pages of
 * private mappings in [start, end), so the next touch sees zero-filled
 * memory (glibc's malloc relies on that). Shared and kernel-provided
 * mappings are left alone (MADV_FREE on a shared one is EINVAL, as Linux).
 * Private *file* mappings would also read back as zeroes, not as the
 * file: cleave's VMAs do not record their file. Other advice is accepted
 * and ignored (MADV_WILLNEED, ...). Returns -ENOMEM if part of the range
 * is not mapped (after advising the rest), as Linux. mm->lock held. */
static int advise_range(struct mm_struct *mm, u64 start, u64 end, int advice)
{
	struct list_head *pos;
	u64 covered = start;
	int r = 0;

	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_end <= start || v->vm_start >= end)
			continue;
		if (v->vm_start > covered)
			r = -ENOMEM;	/* a hole before this VMA */
		covered = v->vm_end;
		if (advice != MADV_DONTNEED && advice != MADV_FREE)
			continue;
		if (advice == MADV_FREE && (v->vm_flags & (VM_SHARED | VM_SPECIAL))) {
			r = r ? r : -EINVAL;
			continue;
		}
		if (v->vm_flags & (VM_SHARED | VM_SPECIAL))
			continue;
		if (zap_page_range(mm, max(v->vm_start, start), min(v->vm_end, end)))
			return -ENOMEM;
	}
	if (covered < end)
		r = -ENOMEM;
	return r;
}

SYSCALL_DEFINE3(madvise, unsigned long, addr, size_t, len, int, advice)
{
	if ((addr & ~PAGE_MASK) || !madvice_valid(advice))
		return -EINVAL;
	u64 end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end < addr || end > TASK_SIZE)
		return -EINVAL;
	struct mm_struct *mm = current->mm;
	int r = 0;
	if (end > addr && mm) {
		spin_lock(&mm->lock);
		r = advise_range(mm, addr, end, advice);
		spin_unlock(&mm->lock);
	}
	return r;
}
