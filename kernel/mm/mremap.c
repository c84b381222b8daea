/* mremap (216): shrink, grow in place, or move a mapping.
 *
 * The old range must lie in one VMA (EFAULT otherwise, as Linux). Shrinking
 * unmaps the tail. Growing extends the VMA when the space after it is free;
 * otherwise, with MREMAP_MAYMOVE, a new VMA with the same flags is made
 * (at new_addr with MREMAP_FIXED, after unmapping what is there) and the
 * present PTEs are moved over unchanged (COW state and page references go
 * with them; nothing is copied), then the old range is unmapped, which
 * finds no pages left and only drops the VMA and flushes the TLB.
 * Destination page tables are allocated before anything moves, so an
 * ENOMEM leaves the old mapping whole.
 *
 * Not supported: old_len 0 (duplicating a shared mapping: EINVAL for every
 * mapping here) and MREMAP_DONTUNMAP (EINVAL). All under mm->lock. */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <uaccess.h>
#include <syscalls.h>

#define MREMAP_MAYMOVE 1
#define MREMAP_FIXED 2
#define MREMAP_DONTUNMAP 4

static bool range_is_free(struct mm_struct *mm, u64 start, u64 end)
{
	struct list_head *pos;

	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_start < end && start < v->vm_end)
			return false;
	}
	return true;
}

/* Move the present PTEs of [from, from + len) to [to, to + len). The
 * destination VMA exists and has no pages. -ENOMEM (nothing moved) if a
 * page table cannot be allocated. */
static int move_ptes(struct mm_struct *mm, u64 from, u64 to, u64 len)
{
	/* First make every table involved this mm's own (copying shared
	 * ones) and present at the destination, so the moves cannot fail. */
	for (u64 off = 0; off < len; off += PAGE_SIZE) {
		pte_t *s = walk_pte(mm->pgd, from + off, false);
		if (s && (*s & PTE_V) && (!walk_pte_mut(mm, from + off) || !walk_pte_mut(mm, to + off)))
			return -ENOMEM;
	}
	for (u64 off = 0; off < len; off += PAGE_SIZE) {
		pte_t *s = walk_pte(mm->pgd, from + off, false);
		if (!s || !(*s & PTE_V))
			continue;
		pte_t *d = walk_pte(mm->pgd, to + off, false);
		*d = *s;
		*s = 0;
	}
	flush_tlb_range(mm, from, from + len);
	return 0;
}

/* Make [to, to + new_len) a copy of v's flags holding the first
 * min(old_len, new_len) bytes of [addr, ...), and unmap the old range. */
static long move_vma(struct mm_struct *mm, struct vm_area_struct *v, u64 addr, u64 old_len,
		     u64 to, u64 new_len)
{
	u32 flags = v->vm_flags;
	u64 moved = min(old_len, new_len);
	/* A mapping of an object moves with it (a new VMA of it opened). */
	int err = v->vm_ops ? insert_vma_ops(mm, to, to + new_len, flags, NULL, NULL, 0)
			    : insert_vma(mm, to, to + new_len, flags);
	if (!err)
		vma_copy_object(find_vma(mm, to), v, addr);

	if (err)
		return err;
	if ((err = move_ptes(mm, addr, to, moved))) {
		unmap_range(mm, to, to + new_len);
		return err;
	}
	unmap_range(mm, addr, addr + old_len);
	return to;
}

SYSCALL_DEFINE5(mremap, unsigned long, addr, unsigned long, old_len, unsigned long, new_len,
		unsigned long, flags, unsigned long, new_addr)
{
	struct mm_struct *mm = current->mm;
	struct vm_area_struct *v;
	long r;

	if (flags & ~(MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP))
		return -EINVAL;
	if ((flags & MREMAP_FIXED) && !(flags & MREMAP_MAYMOVE))
		return -EINVAL;
	if (flags & MREMAP_DONTUNMAP)
		return -EINVAL;		/* not supported */
	if (addr & ~PAGE_MASK)
		return -EINVAL;
	old_len = ALIGN_UP(old_len, PAGE_SIZE);
	new_len = ALIGN_UP(new_len, PAGE_SIZE);
	if (!new_len)
		return -EINVAL;
	if (flags & MREMAP_FIXED) {
		if ((new_addr & ~PAGE_MASK) || new_len > TASK_SIZE || new_addr > TASK_SIZE - new_len)
			return -EINVAL;
		if (new_addr < addr + old_len && addr < new_addr + new_len)
			return -EINVAL;		/* overlapping ranges */
	}
	if (!mm)
		return -EFAULT;
	/* what shared file mappings wrote, in what may be unmapped or moved */
	writeback_range(mm, addr, addr + old_len);
	if (flags & MREMAP_FIXED)
		writeback_range(mm, new_addr, new_addr + new_len);
	spin_lock(&mm->lock);
	r = -EFAULT;
	v = find_vma(mm, addr);
	if (!v || (v->vm_flags & VM_SPECIAL))
		goto out;
	r = -EINVAL;
	if (old_len == 0)
		goto out;
	r = -EFAULT;
	if (old_len > v->vm_end - addr)
		goto out;
	if (flags & MREMAP_FIXED) {
		r = -ENOMEM;
		if (new_len > old_len && !vm_enough_memory((new_len - old_len) >> PAGE_SHIFT))
			goto out;
		if ((r = unmap_range(mm, new_addr, new_addr + new_len)))
			goto out;
		v = find_vma(mm, addr);		/* unchanged: the ranges do not overlap */
		r = move_vma(mm, v, addr, old_len, new_addr, new_len);
		goto out;
	}
	if (new_len <= old_len) {
		r = unmap_range(mm, addr + new_len, addr + old_len);
		if (!r)
			r = addr;
		goto out;
	}
	r = -ENOMEM;
	if (!vm_enough_memory((new_len - old_len) >> PAGE_SHIFT))
		goto out;
	if (addr + old_len == v->vm_end && addr + new_len <= TASK_SIZE &&
	    addr + new_len > addr && range_is_free(mm, v->vm_end, addr + new_len)) {
		v->vm_end = addr + new_len;	/* grow in place */
		r = addr;
		goto out;
	}
	if (!(flags & MREMAP_MAYMOVE))
		goto out;
	u64 to = get_unmapped_area(mm, new_len);
	if (!to)
		goto out;
	r = move_vma(mm, v, addr, old_len, to, new_len);
out:
	spin_unlock(&mm->lock);
	release_dead_vmas(mm);
	return r;
}
