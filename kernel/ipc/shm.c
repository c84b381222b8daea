/* SysV shared memory: shmget (194), shmctl (195), shmat (196), shmdt (197),
 * with Linux's rules, numbers and errors.
 *
 * A segment is an array of pages, each allocated (zeroed) on its first
 * fault and held by the segment until it is destroyed; every PTE mapping
 * one holds a reference of its own. shmat makes a VMA whose vm_ops (below)
 * hand out the segment's pages; such a VMA is copied by fork, split by
 * mprotect/munmap and moved by mremap through vm_ops->open, and freed
 * (munmap, shmdt, exit, exec) through ->close. As on Linux, shm_nattch
 * counts those VMAs, and a segment marked for removal (IPC_RMID: SHM_DEST,
 * its key becomes IPC_PRIVATE) is destroyed when the last one goes; one
 * without attachments is destroyed at once.
 *
 * Ids: a slot index (lowest free of SHMMNI) plus a sequence number that
 * grows with every segment made, id = seq << 15 | index, so a stale id
 * does not reach a later segment in the same slot.
 *
 * Permissions are Linux's ipcperms(): owner, group, other bits of the
 * segment's mode against the caller's euid and groups; CAP_IPC_OWNER
 * overrides. IPC_SET and IPC_RMID need the owner or creator, or
 * CAP_SYS_ADMIN.
 *
 * Locking: shm_lock protects segs[], shm_seq and every field of every
 * segment. Lock order: mm->lock -> shm_lock (the vm_ops run under the mm
 * lock). User memory is never touched with shm_lock held. A VMA's
 * vm_private_data stays valid while the VMA exists: it is counted in
 * nattch. */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <shm.h>
#include <string.h>
#include <timekeeping.h>
#include <uaccess.h>
#include <syscalls.h>

#define IPC_PRIVATE 0
#define IPC_CREAT 01000
#define IPC_EXCL 02000
#define IPC_RMID 0
#define IPC_SET 1
#define IPC_STAT 2
#define IPC_INFO 3
#define SHM_LOCK 11
#define SHM_UNLOCK 12
#define SHM_STAT 13
#define SHM_INFO 14
#define SHM_STAT_ANY 15
#define SHM_RDONLY 010000
#define SHM_RND 020000
#define SHM_REMAP 040000
#define SHM_EXEC 0100000
#define SHM_DEST 01000		/* in mode: removed, destroyed at the last detach */
#define SHM_LOCKED 02000	/* in mode: SHM_LOCK (no effect here: no swap) */

#define SHMMNI 4096
#define SHMMIN 1UL
#define SHMMAX (~0UL - (1UL << 24))
#define SHMALL (~0UL - (1UL << 24))	/* pages */
#define SHMLBA PAGE_SIZE
#define IPCMNI_SHIFT 15
#define SEQ_MAX (0x7fffffff >> IPCMNI_SHIFT)
#define ID_INDEX(id) ((id) & ((1 << IPCMNI_SHIFT) - 1))
#define RLIMIT_MEMLOCK 8

#define CAP_IPC_LOCK 14
#define CAP_IPC_OWNER 15
#define CAP_SYS_ADMIN 21

struct shm_segment {
	int key;		/* IPC_PRIVATE once removed */
	int id;
	u64 size;		/* shm_segsz: bytes asked for */
	u64 npages;
	struct page **pages;	/* npages; NULL until first faulted */
	u64 rss;		/* pages allocated */
	u64 nattch;		/* VMAs mapping it, plus a shmat in progress */
	u32 mode;		/* 0777 bits | SHM_DEST | SHM_LOCKED */
	u32 uid, gid, cuid, cgid;
	pid_t cpid, lpid;
	s64 atime, dtime, ctime;
};

static struct spinlock shm_lock = SPINLOCK_INIT("shm");
static struct shm_segment *segs[SHMMNI];
static int shm_seq;
static u64 shm_tot;		/* pages of all segments (SHMALL) */

static s64 now_sec(void)
{
	return (s64)(ktime_get_real_ns() / NSEC_PER_SEC);
}

static bool capable(int cap)
{
	return task_cred(current)->cap_eff & (1UL << cap);
}

static bool in_group(const struct cred *c, u32 gid)
{
	if (c->fsgid == gid)
		return true;
	for (int i = 0; i < c->ngroups; i++)
		if (c->groups[i] == gid)
			return true;
	return false;
}

/* Linux's ipcperms: may current have access (0444/0222/0111 bits)? */
static bool ipcperms(const struct shm_segment *s, u32 access)
{
	const struct cred *c = task_cred(current);
	u32 requested = (access >> 6) | (access >> 3) | access, granted = s->mode;
	if (c->euid == s->cuid || c->euid == s->uid)
		granted >>= 6;
	else if (in_group(c, s->cgid) || in_group(c, s->gid))
		granted >>= 3;
	return !(requested & ~granted & 07) || capable(CAP_IPC_OWNER);
}

/* IPC_SET, IPC_RMID: the owner, the creator or CAP_SYS_ADMIN. */
static bool may_change(const struct shm_segment *s)
{
	u32 euid = task_cred(current)->euid;
	return euid == s->uid || euid == s->cuid || capable(CAP_SYS_ADMIN);
}

/* shm_lock held for all below. */

static struct shm_segment *lookup_id(int id)
{
	if (id < 0 || ID_INDEX(id) >= SHMMNI)
		return NULL;
	struct shm_segment *s = segs[ID_INDEX(id)];
	return s && s->id == id ? s : NULL;
}

static struct shm_segment *lookup_key(int key)
{
	for (int i = 0; i < SHMMNI; i++)
		if (segs[i] && segs[i]->key == key)
			return segs[i];
	return NULL;
}

static void destroy(struct shm_segment *s)
{
	segs[ID_INDEX(s->id)] = NULL;
	shm_tot -= s->npages;
	for (u64 i = 0; i < s->npages; i++)
		if (s->pages[i])
			put_page(s->pages[i]);	/* PTEs still mapping it hold their own */
	kfree(s->pages);
	kfree(s);
}

/* One attachment fewer; the last one of a removed segment destroys it. */
static void put_attach(struct shm_segment *s)
{
	if (--s->nattch == 0 && (s->mode & SHM_DEST))
		destroy(s);
}

/* ---- the mapping (vm_ops; mm->lock held) ---- */

static void shm_open(struct vm_area_struct *v)
{
	struct shm_segment *s = v->vm_private_data;
	spin_lock(&shm_lock);
	s->nattch++;
	s->atime = now_sec();
	s->lpid = current->tgid;
	spin_unlock(&shm_lock);
}

static void shm_close(struct vm_area_struct *v)
{
	struct shm_segment *s = v->vm_private_data;
	spin_lock(&shm_lock);
	s->dtime = now_sec();
	s->lpid = current->tgid;
	put_attach(s);
	spin_unlock(&shm_lock);
}

static int shm_fault(struct vm_area_struct *v, u64 va, struct page **out)
{
	struct shm_segment *s = v->vm_private_data;
	u64 i = v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT);
	int err = 0;
	spin_lock(&shm_lock);
	if (i >= s->npages) {
		err = -EFAULT;		/* beyond the segment (grown by mremap) */
	} else {
		if (!s->pages[i] && (s->pages[i] = alloc_pages(0)))
			s->rss++;
		if (s->pages[i])
			get_page(s->pages[i]);
		else
			err = -ENOMEM;
		*out = s->pages[i];
	}
	spin_unlock(&shm_lock);
	return err;
}

static const struct vm_operations_struct shm_vm_ops = {
	.open = shm_open,
	.close = shm_close,
	.fault = shm_fault,
};

/* ---- shmget ---- */

/* A new segment for key; its id or -errno. shm_lock held. */
static long newseg(int key, u64 size, int flg)
{
	if (size < SHMMIN || size > SHMMAX)
		return -EINVAL;
	u64 npages = ALIGN_UP(size, PAGE_SIZE) >> PAGE_SHIFT;
	if (shm_tot + npages < shm_tot || shm_tot + npages > SHMALL)
		return -ENOSPC;
	if (!vm_enough_memory(npages))
		return -ENOMEM;
	int idx = 0;
	while (idx < SHMMNI && segs[idx])
		idx++;
	if (idx == SHMMNI)
		return -ENOSPC;
	struct shm_segment *s = kmalloc(sizeof(*s));
	struct page **pages = npages <= ~0UL / sizeof(*pages) ? kmalloc(npages * sizeof(*pages)) : NULL;
	if (!s || !pages) {
		kfree(s);
		kfree(pages);
		return -ENOMEM;
	}
	const struct cred *c = task_cred(current);
	s->key = key;
	s->id = (shm_seq << IPCMNI_SHIFT) | idx;
	shm_seq = shm_seq == SEQ_MAX ? 0 : shm_seq + 1;
	s->size = size;
	s->npages = npages;
	s->pages = pages;
	s->mode = flg & 0777;
	s->uid = s->cuid = c->euid;
	s->gid = s->cgid = c->egid;
	s->cpid = current->tgid;
	s->ctime = now_sec();
	segs[idx] = s;
	shm_tot += npages;
	return s->id;
}

SYSCALL_DEFINE3(shmget, int, key, size_t, size, int, flg)
{
	long r;
	spin_lock(&shm_lock);
	struct shm_segment *s = key == IPC_PRIVATE ? NULL : lookup_key(key);
	if (!s) {
		/* Not there (or IPC_PRIVATE, always new). */
		r = (flg & IPC_CREAT) || key == IPC_PRIVATE ? newseg(key, size, flg) : -ENOENT;
	} else if ((flg & IPC_CREAT) && (flg & IPC_EXCL)) {
		r = -EEXIST;
	} else if (s->size < size) {
		r = -EINVAL;
	} else if (!ipcperms(s, flg & 0777)) {
		r = -EACCES;
	} else {
		r = s->id;
	}
	spin_unlock(&shm_lock);
	return r;
}

/* ---- shmat, shmdt ---- */

static bool range_mapped(struct mm_struct *mm, u64 start, u64 end)
{
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_start < end && start < v->vm_end)
			return true;
	}
	return false;
}

/* Map s (pinned by the caller's nattch) at addr (0: anywhere); the
 * address or -errno. */
static long attach(struct mm_struct *mm, struct shm_segment *s, u64 addr, int flg, u32 vmf)
{
	u64 size = s->npages << PAGE_SHIFT;
	long err = 0;
	spin_lock(&mm->lock);
	if (addr) {
		if (addr + size < addr || (!(flg & SHM_REMAP) && range_mapped(mm, addr, addr + size)))
			err = -EINVAL;
		else if (addr + size > TASK_SIZE)
			err = -ENOMEM;
		else
			err = unmap_range(mm, addr, addr + size);	/* SHM_REMAP */
	} else if (!(addr = get_unmapped_area(mm, size))) {
		err = -ENOMEM;
	}
	if (!err)
		err = insert_vma_ops(mm, addr, addr + size, vmf, &shm_vm_ops, s, 0);
	if (!err) {
		mm->has_shared = true;		/* futexes here may be shared */
		spin_lock(&shm_lock);
		s->atime = now_sec();
		s->lpid = current->tgid;
		spin_unlock(&shm_lock);
	}
	spin_unlock(&mm->lock);
	return err ? err : (long)addr;
}

SYSCALL_DEFINE3(shmat, int, shmid, unsigned long, addr, int, flg)
{
	struct mm_struct *mm = current->mm;
	if (shmid < 0)
		return -EINVAL;
	if (addr & (SHMLBA - 1)) {
		if (!(flg & SHM_RND))
			return -EINVAL;
		addr &= ~(SHMLBA - 1);
		if (!addr && (flg & SHM_REMAP))
			return -EINVAL;
	} else if (!addr && (flg & SHM_REMAP)) {
		return -EINVAL;
	}
	u32 vmf = VM_SHARED | VM_READ | ((flg & SHM_RDONLY) ? 0 : VM_WRITE) |
		  ((flg & SHM_EXEC) ? VM_EXEC : 0);
	u32 access = 0444 | ((flg & SHM_RDONLY) ? 0 : 0222) | ((flg & SHM_EXEC) ? 0111 : 0);

	spin_lock(&shm_lock);
	struct shm_segment *s = lookup_id(shmid);
	long r = !s ? -EINVAL : !ipcperms(s, access) ? -EACCES : 0;
	if (!r)
		s->nattch++;	/* pinned while we map it */
	spin_unlock(&shm_lock);
	if (r)
		return r;
	r = mm ? attach(mm, s, addr, flg, vmf) : -EINVAL;
	if (r < 0) {
		spin_lock(&shm_lock);
		put_attach(s);
		spin_unlock(&shm_lock);
	}
	/* On success the pin is the new VMA's attachment. */
	return r;
}

/* Is v a piece of a segment attached at addr (its offset in the segment
 * matching its distance from addr)? */
static bool attached_at(const struct vm_area_struct *v, u64 addr)
{
	return v->vm_ops == &shm_vm_ops && (v->vm_start - addr) / PAGE_SIZE == v->vm_pgoff;
}

/* Linux's rule: the first segment piece at or after addr that starts at
 * its own offset from addr names the segment; it and every later piece
 * of the same segment within the segment's size from addr are unmapped. */
SYSCALL_DEFINE1(shmdt, unsigned long, addr)
{
	struct mm_struct *mm = current->mm;
	if (addr & (PAGE_SIZE - 1) || !mm)
		return -EINVAL;
	long r = -EINVAL;
	struct shm_segment *seg = NULL;
	u64 size = 0;
	spin_lock(&mm->lock);
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_end <= addr)
			continue;
		if (!seg) {
			if (!attached_at(v, addr))
				continue;
			seg = v->vm_private_data;
			size = seg->npages << PAGE_SHIFT;	/* fixed for its life */
			r = 0;
		} else if (v->vm_end - addr > size) {
			break;
		} else if (!attached_at(v, addr) || v->vm_private_data != seg) {
			continue;
		}
		unmap_range(mm, v->vm_start, v->vm_end);	/* whole VMAs: no split */
	}
	spin_unlock(&mm->lock);
	return r;
}

/* ---- shmctl ---- */

/* The riscv64 (asm-generic 64-bit) layouts. */
struct k_ipc64_perm {
	s32 key;
	u32 uid, gid, cuid, cgid, mode;
	u16 seq, __pad2;
	u32 __pad3;
	u64 __unused1, __unused2;
};
struct k_shmid64_ds {
	struct k_ipc64_perm shm_perm;
	u64 shm_segsz;
	s64 shm_atime, shm_dtime, shm_ctime;
	s32 shm_cpid, shm_lpid;
	u64 shm_nattch, __unused4, __unused5;
};
struct k_shminfo64 {
	u64 shmmax, shmmin, shmmni, shmseg, shmall, reserved[4];
};
struct k_shm_info {
	s32 used_ids, __pad;
	u64 shm_tot, shm_rss, shm_swp, swap_attempts, swap_successes;
};
_Static_assert(sizeof(struct k_ipc64_perm) == 48, "ipc64_perm");
_Static_assert(sizeof(struct k_shmid64_ds) == 112, "shmid64_ds");
_Static_assert(sizeof(struct k_shm_info) == 48, "shm_info");

static void fill_row(const struct shm_segment *s, struct shm_row *r)
{
	*r = (struct shm_row){
		.key = s->key, .id = s->id, .mode = s->mode, .size = s->size,
		.cpid = s->cpid, .lpid = s->lpid, .nattch = s->nattch,
		.uid = s->uid, .gid = s->gid, .cuid = s->cuid, .cgid = s->cgid,
		.atime = s->atime, .dtime = s->dtime, .ctime = s->ctime, .rss_pages = s->rss,
	};
}

void shm_for_each(void (*fn)(void *arg, const struct shm_row *r), void *arg)
{
	spin_lock(&shm_lock);
	for (int i = 0; i < SHMMNI; i++) {
		if (segs[i]) {
			struct shm_row r;
			fill_row(segs[i], &r);
			fn(arg, &r);
		}
	}
	spin_unlock(&shm_lock);
}

/* The highest slot in use (IPC_INFO, SHM_INFO return it), 0 if none. */
static int max_index(void)
{
	int m = 0;
	for (int i = 0; i < SHMMNI; i++)
		if (segs[i])
			m = i;
	return m;
}

/* IPC_STAT (by id), SHM_STAT / SHM_STAT_ANY (by slot index). */
static long shm_stat(int shmid, int cmd, void __user *buf)
{
	struct shm_row r;
	spin_lock(&shm_lock);
	struct shm_segment *s = cmd == IPC_STAT ? lookup_id(shmid) :
				shmid < SHMMNI ? segs[shmid] : NULL;
	long ret = !s ? -EINVAL : (cmd != SHM_STAT_ANY && !ipcperms(s, 0444)) ? -EACCES : 0;
	if (!ret) {
		fill_row(s, &r);
		if (cmd != IPC_STAT)
			ret = s->id;
	}
	spin_unlock(&shm_lock);
	if (ret < 0)
		return ret;
	struct k_shmid64_ds ds;
	memset(&ds, 0, sizeof(ds));
	ds.shm_perm = (struct k_ipc64_perm){ .key = r.key, .uid = r.uid, .gid = r.gid,
		.cuid = r.cuid, .cgid = r.cgid, .mode = r.mode, .seq = (u16)(r.id >> IPCMNI_SHIFT) };
	ds.shm_segsz = r.size;
	ds.shm_atime = r.atime;
	ds.shm_dtime = r.dtime;
	ds.shm_ctime = r.ctime;
	ds.shm_cpid = r.cpid;
	ds.shm_lpid = r.lpid;
	ds.shm_nattch = r.nattch;
	return copy_to_user(buf, &ds, sizeof(ds)) ? -EFAULT : ret;
}

static long shm_info(int cmd, void __user *buf)
{
	union {
		struct k_shminfo64 info;
		struct k_shm_info used;
	} u;
	memset(&u, 0, sizeof(u));
	spin_lock(&shm_lock);
	long ret = max_index();
	if (cmd == IPC_INFO) {
		u.info = (struct k_shminfo64){ .shmmax = SHMMAX, .shmmin = SHMMIN, .shmmni = SHMMNI,
					       .shmseg = SHMMNI, .shmall = SHMALL };
	} else {
		for (int i = 0; i < SHMMNI; i++) {
			if (segs[i]) {
				u.used.used_ids++;
				u.used.shm_rss += segs[i]->rss;
			}
		}
		u.used.shm_tot = shm_tot;
	}
	spin_unlock(&shm_lock);
	size_t n = cmd == IPC_INFO ? sizeof(u.info) : sizeof(u.used);
	return copy_to_user(buf, &u, n) ? -EFAULT : ret;
}

/* IPC_SET, IPC_RMID, SHM_LOCK, SHM_UNLOCK. */
static long shm_change(int shmid, int cmd, const struct k_shmid64_ds *in)
{
	long r = 0;
	spin_lock(&shm_lock);
	struct shm_segment *s = lookup_id(shmid);
	if (!s) {
		r = -EINVAL;
	} else if (cmd == SHM_LOCK || cmd == SHM_UNLOCK) {
		u32 euid = task_cred(current)->euid;
		if (!capable(CAP_IPC_LOCK) && euid != s->uid && euid != s->cuid)
			r = -EPERM;
		else if (cmd == SHM_LOCK && !capable(CAP_IPC_LOCK) &&
			 !current->signal->rlim[RLIMIT_MEMLOCK].cur)
			r = -EPERM;
		else if (cmd == SHM_LOCK)
			s->mode |= SHM_LOCKED;
		else
			s->mode &= ~SHM_LOCKED;
	} else if (!may_change(s)) {
		r = -EPERM;
	} else if (cmd == IPC_SET) {
		if (in->shm_perm.uid == (u32)-1 || in->shm_perm.gid == (u32)-1) {
			r = -EINVAL;
		} else {
			s->uid = in->shm_perm.uid;
			s->gid = in->shm_perm.gid;
			s->mode = (s->mode & ~0777) | (in->shm_perm.mode & 0777);
			s->ctime = now_sec();
		}
	} else if (s->nattch) {	/* IPC_RMID */
		s->mode |= SHM_DEST;
		s->key = IPC_PRIVATE;
	} else {
		destroy(s);
	}
	spin_unlock(&shm_lock);
	return r;
}

SYSCALL_DEFINE3(shmctl, int, shmid, int, cmd, void __user *, buf)
{
	struct k_shmid64_ds in;
	if (cmd < 0 || shmid < 0)
		return -EINVAL;
	switch (cmd) {
	case IPC_INFO:
	case SHM_INFO:
		return shm_info(cmd, buf);
	case IPC_STAT:
	case SHM_STAT:
	case SHM_STAT_ANY:
		return shm_stat(shmid, cmd, buf);
	case IPC_SET:
		if (copy_from_user(&in, buf, sizeof(in)))
			return -EFAULT;
		return shm_change(shmid, cmd, &in);
	case IPC_RMID:
	case SHM_LOCK:
	case SHM_UNLOCK:
		return shm_change(shmid, cmd, NULL);
	}
	return -EINVAL;
}
