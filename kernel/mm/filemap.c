/* File mappings: VMAs whose pages are the file's page-cache pages
 * (f_op->get_page), shared or private.
 *
 * A file VMA holds a reference on its file (vm_private_data). Its pages
 * come in on demand: the fault drops mm->lock to get the page (reading the
 * file sleeps) and installs it only if the mapping is still the same. A
 * private mapping maps the cache page read-only (copy-on-write when the
 * VMA is writable: the cache's own reference makes do_wp_page copy); a
 * shared one maps it with the VMA's rights, so a write lands in the cache
 * page, which read() sees at once. Shared writable entries start clean
 * (no D bit); the hardware (or handle_mm_fault, where it does not) sets D
 * on the first write, and writeback_range writes back the pages whose
 * entries are dirty: msync, munmap, mmap over it, mremap, exit and exec.
 *
 * A file VMA that goes away under mm->lock cannot drop its file reference
 * there (the last fput may sleep): free_vma parks it on mm->dead_vmas and
 * release_dead_vmas, called once the lock is dropped, finishes it. */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <sched.h>
#include <string.h>
#include <syscalls.h>
#include <uaccess.h>
#include <asm/pgtable.h>

static void file_vma_open(struct vm_area_struct *v) { filedup(v->vm_private_data); }

/* close is done by release_dead_vmas (see free_vma) */
const struct vm_operations_struct file_vm_ops = { .open = file_vma_open };

bool vma_is_file(const struct vm_area_struct *v) { return v->vm_ops == &file_vm_ops; }

int insert_file_vma(struct mm_struct *mm, u64 start, u64 end, u32 flags, struct file *f,
		    u64 pgoff)
{
	int err = insert_vma_ops(mm, start, end, flags, &file_vm_ops, f, pgoff);
	if (!err)
		filedup(f);
	return err;
}

void release_dead_vmas(struct mm_struct *mm)
{
	for (;;) {
		spin_lock(&mm->lock);
		struct vm_area_struct *v = list_empty(&mm->dead_vmas) ? NULL :
			list_first_entry(&mm->dead_vmas, struct vm_area_struct, vm_list);
		if (v)
			list_del(&v->vm_list);
		spin_unlock(&mm->lock);
		if (!v)
			return;
		fput(v->vm_private_data);
		kfree(v);
	}
}

/* The entry for a page of file VMA v just read in: private pages are
 * never writable (a write copies), shared writable ones start clean. */
static pte_t file_pte(struct vm_area_struct *v, struct page *pg)
{
	u64 prot = vm_flags_to_pte(v->vm_flags) & ~PTE_D;
	if (!(v->vm_flags & VM_SHARED) && (prot & PTE_W))
		prot = (prot & ~PTE_W) | PTE_COW;
	return pfn_pte(page_to_pfn(pg), prot);
}

/* Called by handle_mm_fault with mm->lock held for an empty entry of file
 * VMA v; returns with it held again. 0: installed (or someone else did,
 * or the mapping changed: the caller retries the access); -ENOMEM; -EFAULT
 * beyond the end of the file. */
int file_fault(struct mm_struct *mm, struct vm_area_struct *v, u64 va)
{
	struct file *f = filedup(v->vm_private_data);
	u64 idx = v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT);
	spin_unlock(&mm->lock);
	void *kva = NULL;
	int err = idx * PAGE_SIZE >= READ_ONCE(f->f_inode->i_size) ? -EFAULT :
		  f->f_op->get_page(f, idx, &kva);
	spin_lock(&mm->lock);
	v = find_vma(mm, va);
	if (!err && v && vma_is_file(v) && v->vm_private_data == f &&
	    v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT) == idx) {
		u64 next;
		pte_t *pt = own_table(mm, va, pte_table(mm->pgd, va, false, &next));
		if (!pt) {
			err = -ENOMEM;
		} else if (!(pt[VPN(va, 0)] & PTE_V)) {
			pt[VPN(va, 0)] = file_pte(v, virt_to_page(kva));
			mm->rss++;
			kva = NULL;	/* the entry has the reference now */
		}
	}
	spin_unlock(&mm->lock);
	if (kva)
		free_page(kva);
	fput(f);
	spin_lock(&mm->lock);
	return err;
}

/* ---- writeback ---- */

#define WB_BATCH 16

struct wb {
	struct file *f;
	struct page *pg;
	u64 off;
};

/* Collect up to WB_BATCH dirty pages of shared file mappings in
 * [start, end), cleaning their entries (a later write dirties them
 * again, the TLB flush makes sure of that). mm->lock held. */
static int collect_dirty(struct mm_struct *mm, u64 start, u64 end, struct inode *only,
			 struct wb *out)
{
	int n = 0;
	u64 flushed_from = ~0UL, flushed_to = 0;
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_end <= start || v->vm_start >= end || !vma_is_file(v) ||
		    (v->vm_flags & (VM_SHARED | VM_WRITE)) != (VM_SHARED | VM_WRITE) ||
		    (only && ((struct file *)v->vm_private_data)->f_inode != only))
			continue;
		u64 s = max(v->vm_start, start), e = min(v->vm_end, end);
		for (u64 va = s, next; va < e && n < WB_BATCH; va = next) {
			pte_t *pt = pte_table(mm->pgd, va, false, &next);
			next = min(next, e);
			if (!pt)
				continue;
			for (; va < next && n < WB_BATCH; va += PAGE_SIZE) {
				pte_t x = pt[VPN(va, 0)];
				if ((x & (PTE_V | PTE_D)) != (PTE_V | PTE_D))
					continue;
				int err;
				u64 tn;
				pte_t *own = pte_table_mut(mm, va, false, &tn, &err);
				if (!own)
					goto out;	/* no memory to unshare: write it next time */
				pt = own;
				pt[VPN(va, 0)] &= ~PTE_D;
				struct page *pg = pfn_to_page(pte_pfn(x));
				get_page(pg);
				out[n].f = filedup(v->vm_private_data);
				out[n].pg = pg;
				out[n].off = (v->vm_pgoff + ((va - v->vm_start) >> PAGE_SHIFT)) * PAGE_SIZE;
				n++;
				flushed_from = min(flushed_from, va);
				flushed_to = max(flushed_to, va + PAGE_SIZE);
			}
		}
		if (n == WB_BATCH)
			break;
	}
out:
	if (n)
		flush_tlb_range(mm, flushed_from, flushed_to);
	return n;
}

/* Write back what mm's shared file mappings in [start, end) wrote (of
 * the file whose inode is only, if not NULL). Sleeps; takes and drops
 * mm->lock. Returns 0 or the first write error. */
static int writeback(struct mm_struct *mm, u64 start, u64 end, struct inode *only)
{
	struct wb wb[WB_BATCH];
	int first_err = 0;
	if (!mm->has_file_shared)
		return 0;
	for (;;) {
		spin_lock(&mm->lock);
		int n = collect_dirty(mm, start, end, only, wb);
		spin_unlock(&mm->lock);
		if (!n)
			return first_err;
		for (int i = 0; i < n; i++) {
			u64 size = READ_ONCE(wb[i].f->f_inode->i_size);
			if (wb[i].off < size) {
				size_t len = min((u64)PAGE_SIZE, size - wb[i].off);
				ssize_t r = kernel_write(wb[i].f, page_address(wb[i].pg), len, wb[i].off);
				if (r != (ssize_t)len && !first_err)
					first_err = r < 0 ? (int)r : -EIO;
			}
			put_page(wb[i].pg);
			fput(wb[i].f);
		}
		if (fatal_signal_pending(current) && mm == current->mm)
			return first_err ? first_err : -EINTR;
	}
}

int writeback_range(struct mm_struct *mm, u64 start, u64 end)
{
	return writeback(mm, start, end, NULL);
}

/* fsync: what the caller's own shared mappings of ip wrote goes first
 * (other processes' mappings are not tracked: theirs at their msync,
 * munmap or exit). */
int writeback_inode(struct inode *ip)
{
	struct mm_struct *mm = current->mm;
	return mm ? writeback(mm, 0, TASK_SIZE, ip) : 0;
}

#define MS_ASYNC 1
#define MS_INVALIDATE 2
#define MS_SYNC 4

SYSCALL_DEFINE3(msync, unsigned long, addr, size_t, len, int, flags)
{
	if ((addr & (PAGE_SIZE - 1)) || (flags & ~(MS_ASYNC | MS_INVALIDATE | MS_SYNC)) ||
	    ((flags & MS_ASYNC) && (flags & MS_SYNC)))
		return -EINVAL;
	u64 end = addr + ALIGN_UP(len, PAGE_SIZE);
	if (end < addr || end > TASK_SIZE)
		return -ENOMEM;
	struct mm_struct *mm = current->mm;
	/* every page of the range must be mapped */
	spin_lock(&mm->lock);
	for (u64 a = addr; a < end;) {
		struct vm_area_struct *v = find_vma(mm, a);
		if (!v) {
			spin_unlock(&mm->lock);
			return -ENOMEM;
		}
		a = v->vm_end;
	}
	spin_unlock(&mm->lock);
	int err = writeback_range(mm, addr, end);
	return err == -EINTR ? -EINTR : err ? -EIO : 0;
}
