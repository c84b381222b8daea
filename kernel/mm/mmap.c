/* The user address-space system calls: brk, mmap, munmap, mprotect.
 * User layout (below TASK_SIZE): program image from 0x10000, heap after
 * it, mmap area growing down from mm->mmap_base, stack below STACK_TOP,
 * the signal trampoline page at the very top. */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <fs.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

#define PROT_READ 1
#define PROT_WRITE 2
#define PROT_EXEC 4
#define MAP_SHARED 0x01
#define MAP_PRIVATE 0x02
#define MAP_SHARED_VALIDATE 0x03
#define MAP_TYPE 0x0f
#define MAP_FIXED 0x10
#define MAP_ANONYMOUS 0x20
#define MAP_GROWSDOWN 0x100
#define MAP_DENYWRITE 0x800
#define MAP_EXECUTABLE 0x1000
#define MAP_LOCKED 0x2000
#define MAP_NORESERVE 0x4000
#define MAP_POPULATE 0x8000
#define MAP_NONBLOCK 0x10000
#define MAP_STACK 0x20000
#define MAP_FIXED_NOREPLACE 0x100000
#define MAP_KNOWN (MAP_TYPE | MAP_FIXED | MAP_ANONYMOUS | MAP_GROWSDOWN | MAP_DENYWRITE | \
		   MAP_EXECUTABLE | MAP_LOCKED | MAP_NORESERVE | MAP_POPULATE | MAP_NONBLOCK | \
		   MAP_STACK | MAP_FIXED_NOREPLACE)

static u32 prot_to_vm(unsigned long prot)
{
	return ((prot & PROT_READ) ? VM_READ : 0) | ((prot & PROT_WRITE) ? VM_WRITE : 0) |
	       ((prot & PROT_EXEC) ? VM_EXEC : 0);
}

/* Highest free gap of len bytes below mmap_base. mm->lock held. */
u64 get_unmapped_area(struct mm_struct *mm, u64 len)
{
	u64 top = mm->mmap_base;
	struct list_head *pos;
	for (pos = mm->mmap.prev; pos != &mm->mmap; pos = pos->prev) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_start >= top)
			continue;
		if (v->vm_end + len <= top)
			return top - len;
		top = v->vm_start;
	}
	return top >= len + 0x10000 ? top - len : 0;
}

static bool range_free(struct mm_struct *mm, u64 start, u64 end)
{
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_start < end && start < v->vm_end)
			return false;
	}
	return true;
}

/* Read a private file mapping's contents into its pages. Each page is
 * filled while private to us (reading sleeps, so no lock can be held), then
 * installed under mm->lock only if the mapping is still there and the
 * slot still empty: another thread may munmap or remap it meanwhile. */
static int fill_from_file(struct mm_struct *mm, struct file *f, u64 start, u64 len, u64 off)
{
	for (u64 va = start; va < start + len; va += PAGE_SIZE) {
		void *kva = get_free_page();
		if (!kva)
			return -ENOMEM;
		ssize_t n = kernel_read(f, kva, PAGE_SIZE, off + (va - start));
		if (n < 0) {
			free_page(kva);
			return n;
		}
		spin_lock(&mm->lock);
		struct vm_area_struct *v = find_vma(mm, va);
		pte_t *e = v ? walk_pte_mut(mm, va) : NULL;
		bool install = e && !(*e & PTE_V);
		if (install) {
			*e = pfn_pte(__pa(kva) >> PAGE_SHIFT, vm_flags_to_pte(v->vm_flags));
			mm->rss++;
		}
		spin_unlock(&mm->lock);
		if (!install)
			free_page(kva);
	}
	return 0;
}

SYSCALL_DEFINE6(mmap, unsigned long, addr, unsigned long, len, unsigned long, prot,
		unsigned long, flags, int, fd, unsigned long, off)
{
	struct mm_struct *mm = current->mm;
	unsigned long type = flags & MAP_TYPE;
	if (!len || (off & (PAGE_SIZE - 1)) || (flags & ~MAP_KNOWN) ||
	    (type != MAP_SHARED && type != MAP_PRIVATE && type != MAP_SHARED_VALIDATE) ||
	    (prot & ~7UL))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	if (len == 0 || len > TASK_SIZE)
		return -ENOMEM;
	bool fixed = flags & (MAP_FIXED | MAP_FIXED_NOREPLACE);
	if (fixed && ((addr & (PAGE_SIZE - 1)) || addr + len > TASK_SIZE || addr < PAGE_SIZE))
		return -EINVAL;
	struct file *f = NULL;
	if (!(flags & MAP_ANONYMOUS)) {
		f = fget(fd);
		if (!f)
			return -EBADF;
		/* A file with a page cache (get_page) is mapped page by page
		 * from it, shared or private; others only privately, copied. */
		if (!S_ISREG(f->f_inode->i_mode) ||
		    (type != MAP_PRIVATE && !f->f_op->get_page)) {
			fput(f);
			return -ENODEV;
		}
		if (!f->f_readable ||	/* O_WRONLY */
		    (type != MAP_PRIVATE && (prot & PROT_WRITE) && !f->f_writable)) {
			fput(f);
			return -EACCES;
		}
	}
	u32 vmf = prot_to_vm(prot) | (type != MAP_PRIVATE ? VM_SHARED : 0);
	/* Overcommit: what may need pages of its own (private writable,
	 * unless MAP_NORESERVE; shared anonymous, populated below) must fit. */
	bool accounted = (vmf & VM_SHARED) ? !f :
			 ((vmf & VM_WRITE) && !(flags & MAP_NORESERVE));
	if (accounted && !vm_enough_memory(len >> PAGE_SHIFT)) {
		if (f)
			fput(f);
		return -ENOMEM;
	}
	bool paged = f && f->f_op->get_page;
	if (fixed && !(flags & MAP_FIXED_NOREPLACE))
		writeback_range(mm, addr, addr + len);	/* what a shared mapping there wrote */
	spin_lock(&mm->lock);
	if (fixed) {
		if ((flags & MAP_FIXED_NOREPLACE) && !range_free(mm, addr, addr + len)) {
			spin_unlock(&mm->lock);
			if (f)
				fput(f);
			return -EEXIST;
		}
		unmap_range(mm, addr, addr + len);
	} else {
		addr = get_unmapped_area(mm, len);
	}
	int err = !addr ? -ENOMEM : paged ? insert_file_vma(mm, addr, addr + len, vmf, f, off >> PAGE_SHIFT)
				       : insert_vma(mm, addr, addr + len, vmf);
	if (!err && (vmf & VM_SHARED)) {
		mm->has_shared = true;
		if (f && (vmf & VM_WRITE))
			mm->has_file_shared = true;
	}
	/* Shared anonymous memory has no backing object: populate it now so
	 * fork shares the very pages. */
	for (u64 va = addr; !err && !f && (vmf & VM_SHARED) && va < addr + len; va += PAGE_SIZE)
		err = map_new_page(mm, va, vmf, NULL);
	if (err && addr)
		unmap_range(mm, addr, addr + len);
	spin_unlock(&mm->lock);
	release_dead_vmas(mm);
	if (!err && f && !paged)
		err = fill_from_file(mm, f, addr, len, off);
	if (f)
		fput(f);
	if (err) {
		if (f) {
			spin_lock(&mm->lock);
			unmap_range(mm, addr, addr + len);
			spin_unlock(&mm->lock);
		}
		return err == -EINVAL ? -ENOMEM : err;
	}
	return addr;
}

#define UNMAP_STEP (1UL << 30)

SYSCALL_DEFINE2(munmap, unsigned long, addr, unsigned long, len)
{
	if ((addr & (PAGE_SIZE - 1)) || !len || addr >= TASK_SIZE || len > TASK_SIZE - addr)
		return -EINVAL;
	struct mm_struct *mm = current->mm;
	u64 end = addr + ALIGN_UP(len, PAGE_SIZE);
	writeback_range(mm, addr, end);	/* what shared file mappings wrote */
	/* A huge range goes in 1 GiB steps, each leaving VMAs and page
	 * tables consistent, so a task killed meanwhile stops between steps
	 * (the rest of the range is left to the dying mm's teardown). */
	for (u64 a = addr; a < end;) {
		u64 step = min(end, ALIGN_DOWN(a, UNMAP_STEP) + UNMAP_STEP);
		spin_lock(&mm->lock);
		int err = unmap_range(mm, a, step);
		spin_unlock(&mm->lock);
		release_dead_vmas(mm);
		if (err)
			return err;
		a = step;
		if (a < end && fatal_signal_pending(current))
			return -EINTR;
	}
	return 0;
}

/* Make [addr, end) a VMA boundary. mm->lock held. */
static int split_at(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *v = find_vma(mm, addr);
	if (!v || v->vm_start == addr)
		return 0;
	if (mm->map_count >= MAX_MAP_COUNT)
		return -ENOMEM;
	struct vm_area_struct *tail = kmalloc(sizeof(*tail));
	if (!tail)
		return -ENOMEM;
	*tail = *v;
	tail->vm_start = addr;
	vma_copy_object(tail, v, addr);
	v->vm_end = addr;
	list_add(&tail->vm_list, &v->vm_list);
	mm->map_count++;
	return 0;
}

/* Rewrite the permissions of v's present PTEs from its flags. A private
 * page still shared with another mm stays read-only + COW. -ENOMEM if a
 * shared table could not be copied. */
static int reprotect_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	bool priv = !(v->vm_flags & VM_SHARED);
	u64 prot = vm_flags_to_pte(v->vm_flags);
	for (u64 va = v->vm_start, next; va < v->vm_end; va = next) {
		int err;
		pte_t *pt = pte_table_mut(mm, va, false, &next, &err);
		if (err)
			return err;
		next = min(next, v->vm_end);
		for (; pt && va < next; va += PAGE_SIZE) {
			pte_t *e = &pt[VPN(va, 0)];
			if (!(*e & PTE_V))
				continue;
			bool cow = (*e & PTE_COW) || page_count(pfn_to_page(pte_pfn(*e))) > 1;
			pte_t n = pfn_pte(pte_pfn(*e), prot);
			if ((n & PTE_W) && priv && cow)
				n = (n & ~(PTE_W | PTE_D)) | PTE_COW;
			else if (!(n & PTE_W) && (*e & PTE_COW))
				n |= PTE_COW;
			*e = n;
		}
	}
	return 0;
}

SYSCALL_DEFINE3(mprotect, unsigned long, addr, unsigned long, len, unsigned long, prot)
{
	if ((addr & (PAGE_SIZE - 1)) || (prot & ~7UL))
		return -EINVAL;
	len = ALIGN_UP(len, PAGE_SIZE);
	u64 end = addr + len;
	if (end < addr || end > TASK_SIZE)
		return -ENOMEM;
	if (!len)
		return 0;
	struct mm_struct *mm = current->mm;
	spin_lock(&mm->lock);
	/* every page in the range must be mapped */
	for (u64 a = addr; a < end;) {
		struct vm_area_struct *v = find_vma(mm, a);
		if (!v || (v->vm_flags & VM_SPECIAL)) {
			spin_unlock(&mm->lock);
			return -ENOMEM;
		}
		a = v->vm_end;
	}
	int err = split_at(mm, addr);
	if (!err)
		err = split_at(mm, end);
	if (err) {
		spin_unlock(&mm->lock);
		return err;
	}
	u32 nf = prot_to_vm(prot);
	u64 a;
	for (a = addr; a < end;) {
		struct vm_area_struct *v = find_vma(mm, a);
		v->vm_flags = (v->vm_flags & ~(VM_READ | VM_WRITE | VM_EXEC)) | nf;
		if ((err = reprotect_vma(mm, v)))
			break;	/* out of memory: as far as it got, like Linux */
		a = v->vm_end;
		/* Each VMA is done whole (flags and PTEs agree): a killed
		 * caller stops between VMAs, as a partial mprotect may. */
		if (a < end && fatal_signal_pending(current))
			break;
	}
	flush_tlb_range(mm, addr, a);
	spin_unlock(&mm->lock);
	return err;
}

SYSCALL_DEFINE1(brk, unsigned long, brk)
{
	struct mm_struct *mm = current->mm;
	spin_lock(&mm->lock);
	u64 cur = mm->brk;
	if (brk < mm->start_brk || brk > mm->mmap_base) {
		spin_unlock(&mm->lock);
		return cur;
	}
	u64 old_end = ALIGN_UP(cur, PAGE_SIZE), new_end = ALIGN_UP(brk, PAGE_SIZE);
	int err = 0;
	if (new_end > old_end) {
		/* fails on overlap, or (overcommit) a growth beyond all of RAM */
		err = vm_enough_memory((new_end - old_end) >> PAGE_SHIFT) ?
			insert_vma(mm, old_end, new_end, VM_READ | VM_WRITE) : -ENOMEM;
	} else if (new_end < old_end) {
		err = unmap_range(mm, new_end, old_end);
	}
	if (!err)
		mm->brk = brk;
	u64 r = mm->brk;
	spin_unlock(&mm->lock);
	release_dead_vmas(mm);
	return r;
}
