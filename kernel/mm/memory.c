/* Address spaces: VMAs, demand paging, copy-on-write, fork's dup_mm.
 *
 * Page ownership: every user PTE holds one reference on its page's
 * struct page. A private writable page shared after fork is mapped
 * read-only with PTE_COW in every mm that maps it; the first write either
 * copies it (refcount > 1) or takes it over in place (refcount == 1).
 * mm->lock protects VMAs, PTEs and rss (see mm_types.h). */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <asm/pgtable.h>

struct mm_struct *mm_alloc(void)
{
	struct mm_struct *mm = kmalloc(sizeof(*mm));
	if (!mm)
		return NULL;
	mm->pgd = pgd_alloc();
	if (!mm->pgd) {
		kfree(mm);
		return NULL;
	}
	spin_init(&mm->lock, "mm");
	INIT_LIST_HEAD(&mm->mmap);
	mm->users = 1;
	return mm;
}

void mmget(struct mm_struct *mm) { atomic_inc(&mm->users); }

static void free_vma(struct vm_area_struct *v)
{
	list_del(&v->vm_list);
	v->vm_mm->map_count--;
	kfree(v);
}

/* Drop a user. The last one frees every page, table and VMA; no hart can
 * have this mm in satp then (exit and exec load another with exchange_mm first). */
void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->users))
		return;
	spin_lock(&mm->lock);
	unmap_range(mm, 0, TASK_SIZE);
	spin_unlock(&mm->lock);
	pgd_free(mm->pgd);
	if (mm->exe_file)
		fput(mm->exe_file);
	kfree(mm);
}

struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (addr < v->vm_end)
			return addr >= v->vm_start ? v : NULL;
	}
	return NULL;
}

/* NULL (ENOMEM) when out of memory or at MAX_MAP_COUNT VMAs. */
static struct vm_area_struct *new_vma(struct mm_struct *mm, u64 start, u64 end, u32 flags)
{
	if (mm->map_count >= MAX_MAP_COUNT)
		return NULL;
	struct vm_area_struct *v = kmalloc(sizeof(*v));
	if (!v)
		return NULL;
	v->vm_start = start;
	v->vm_end = end;
	v->vm_flags = flags;
	v->vm_mm = mm;
	return v;
}

/* Link v into the sorted list. */
static void link_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *o = list_entry(pos, struct vm_area_struct, vm_list);
		if (o->vm_start >= v->vm_end)
			break;
	}
	list_add_tail(&v->vm_list, pos);	/* before pos */
	mm->map_count++;
}

int insert_vma(struct mm_struct *mm, u64 start, u64 end, u32 flags)
{
	if (start >= end || end > TASK_SIZE)
		return -EINVAL;
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *o = list_entry(pos, struct vm_area_struct, vm_list);
		if (o->vm_start < end && start < o->vm_end)
			return -EINVAL;
		/* merge with an adjacent VMA of the same kind */
		if (o->vm_end == start && o->vm_flags == flags && !(flags & VM_SPECIAL)) {
			struct vm_area_struct *nx = o->vm_list.next != &mm->mmap ?
				list_entry(o->vm_list.next, struct vm_area_struct, vm_list) : NULL;
			if (nx && nx->vm_start < end)
				return -EINVAL;
			o->vm_end = end;
			return 0;
		}
	}
	struct vm_area_struct *v = new_vma(mm, start, end, flags);
	if (!v)
		return -ENOMEM;
	link_vma(mm, v);
	return 0;
}

/* Pages and tables unhooked by a zap, freed only once every hart that may
 * cache the old entries has flushed them: until then another thread can
 * still write through a stale TLB entry, or a page walker follow a stale
 * level-1 entry, into memory that must not be reused yet. */
struct zap_batch {
	struct mm_struct *mm;
	u64 start;		/* of the range unhooked so far */
	int n;
	struct page *pages[64];
};

static void zap_flush(struct zap_batch *zb, u64 end)
{
	if (!zb->n)
		return;
	flush_tlb_range(zb->mm, zb->start, end);
	for (int i = 0; i < zb->n; i++)
		put_page(zb->pages[i]);
	zb->n = 0;
	zb->start = end;
}

static void zap_defer(struct zap_batch *zb, struct page *pg, u64 va_done)
{
	/* An mm with no users is in no hart's satp (see mmput), and every
	 * switch flushes the whole TLB: nothing can reach these pages. */
	if (zb->mm->users == 0) {
		put_page(pg);
		return;
	}
	if (zb->n == ARRAY_SIZE(zb->pages))
		zap_flush(zb, va_done);
	zb->pages[zb->n++] = pg;
}

/* A level-0 table that [start, end) covers whole is emptied by the zap, so
 * it is unhooked too; otherwise empty tables would pile up under big
 * munmaps and every later fork, exit and madvise would scan them. */
void zap_page_range(struct mm_struct *mm, u64 start, u64 end)
{
	struct zap_batch zb = { .mm = mm, .start = start, .n = 0 };
	for (u64 va = start, next; va < end; va = next) {
		pte_t *pt = pte_table(mm->pgd, va, false, &next);
		bool whole = va == next - (1UL << 21) && next <= end;
		next = min(next, end);
		if (!pt)
			continue;
		for (pte_t *e = &pt[VPN(va, 0)]; va < next; va += PAGE_SIZE, e++) {
			if (!(*e & PTE_V))
				continue;
			struct page *pg = pfn_to_page(pte_pfn(*e));
			*e = 0;
			mm->rss--;
			zap_defer(&zb, pg, va);
		}
		if (whole) {
			*pmd_entry(mm->pgd, next - 1) = 0;
			zap_defer(&zb, virt_to_page(pt), next);
		}
	}
	zap_flush(&zb, end);
}

int unmap_range(struct mm_struct *mm, u64 start, u64 end)
{
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_end <= start || v->vm_start >= end)
			continue;
		u64 s = max(v->vm_start, start), e = min(v->vm_end, end);
		if (v->vm_start < s && v->vm_end > e) {
			/* punch a hole: split off the tail */
			struct vm_area_struct *tail = new_vma(mm, e, v->vm_end, v->vm_flags);
			if (!tail)
				return -ENOMEM;
			v->vm_end = s;
			list_add(&tail->vm_list, &v->vm_list);
			mm->map_count++;
		} else if (v->vm_start < s) {
			v->vm_end = s;
		} else if (v->vm_end > e) {
			v->vm_start = e;
		} else {
			free_vma(v);
		}
		zap_page_range(mm, s, e);
	}
	return 0;
}

int map_new_page(struct mm_struct *mm, u64 va, u32 vm_flags, void **kva_out)
{
	pte_t *e = walk_pte(mm->pgd, va, true);
	if (!e)
		return -ENOMEM;
	if (*e & PTE_V) {
		if (kva_out)
			*kva_out = __va(pte_pfn(*e) << PAGE_SHIFT);
		return 0;
	}
	void *kva = get_free_page();
	if (!kva)
		return -ENOMEM;
	*e = pfn_pte(__pa(kva) >> PAGE_SHIFT, vm_flags_to_pte(vm_flags));
	mm->rss++;
	if (kva_out)
		*kva_out = kva;
	return 0;
}

/* Write to a present page without write permission in a writable VMA:
 * a COW page (or a private page still shared) is taken over in place when
 * we hold the only reference, else copied; a shared mapping just becomes
 * writable. mm->lock held. The old page is released only after the flush,
 * so no hart keeps reading it through a stale entry once it is reused. */
static int do_wp_page(struct mm_struct *mm, struct vm_area_struct *v, u64 va, pte_t *e)
{
	struct page *old = pfn_to_page(pte_pfn(*e));
	bool copy = !(v->vm_flags & VM_SHARED) && page_count(old) > 1;
	if (!copy) {
		*e = (*e & ~PTE_COW) | vm_flags_to_pte(v->vm_flags);
		flush_tlb_range(mm, va, va + PAGE_SIZE);
		return 0;
	}
	struct page *np = __alloc_pages(0, false);	/* fully overwritten */
	if (!np)
		return -ENOMEM;
	memcpy(page_address(np), page_address(old), PAGE_SIZE);
	*e = pfn_pte(page_to_pfn(np), vm_flags_to_pte(v->vm_flags));
	flush_tlb_range(mm, va, va + PAGE_SIZE);
	put_page(old);
	return 0;
}

u64 nr_page_faults;

int handle_mm_fault(struct mm_struct *mm, u64 addr, bool write, bool exec)
{
	__atomic_add_fetch(&nr_page_faults, 1, __ATOMIC_RELAXED);
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
	int err = -EFAULT;
	spin_lock(&mm->lock);
	struct vm_area_struct *v = find_vma(mm, addr);
	if (!v)
		goto out;
	if ((write && !(v->vm_flags & VM_WRITE)) || (exec && !(v->vm_flags & VM_EXEC)) ||
	    (!write && !exec && !(v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))) {
		err = -EACCES;	/* mapped, but not for this access: SEGV_ACCERR */
		goto out;
	}
	pte_t *e = walk_pte(mm->pgd, va, true);
	if (!e) {
		err = -ENOMEM;
		goto out;
	}
	if (!(*e & PTE_V))
		err = map_new_page(mm, va, v->vm_flags, NULL);	/* demand zero */
	else if (write && !(*e & PTE_W))
		err = do_wp_page(mm, v, va, e);
	else if ((exec && !(*e & PTE_X)) || (!write && !exec && !(*e & PTE_R))) {
		/* the VMA allows it but the PTE predates that (exec merged a
		 * boundary page): bring the entry up to the VMA's rights */
		*e = (*e & ~PTE_LEAF) | (vm_flags_to_pte(v->vm_flags) & PTE_LEAF & ~PTE_W) |
		     (*e & PTE_W);
		err = 0;
	} else {
		err = 0;	/* raced with another thread, or a stale TLB entry */
	}
	if (err == 0)
		local_flush_tlb_page(va);
out:
	spin_unlock(&mm->lock);
	return err == -ENOMEM ? -ENOMEM : err == -EACCES ? -EACCES : err ? -EFAULT : 0;
}

/* Copy one VMA's page table entries into the child. Private writable
 * pages become read-only + COW in both; everything else is shared as is.
 * Both mm locks held; no page contents are copied. */
static int copy_vma_ptes(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *v)
{
	bool cow = (v->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE;
	for (u64 va = v->vm_start, next; va < v->vm_end; va = next) {
		pte_t *spt = pte_table(src->pgd, va, false, &next), *dpt = NULL;
		next = min(next, v->vm_end);
		if (!spt)
			continue;
		for (; va < next; va += PAGE_SIZE) {
			pte_t *se = &spt[VPN(va, 0)];
			if (!(*se & PTE_V))
				continue;
			if (!dpt) {	/* the child's table, made on first use */
				u64 dnext;
				dpt = pte_table(dst->pgd, va, true, &dnext);
				if (!dpt)
					return -ENOMEM;
			}
			if (cow && (*se & PTE_W))
				*se = (*se & ~(PTE_W | PTE_D)) | PTE_COW;
			dpt[VPN(va, 0)] = *se;
			get_page(pfn_to_page(pte_pfn(*se)));
			dst->rss++;
		}
	}
	return 0;
}

struct mm_struct *dup_mm(struct mm_struct *old)
{
	struct mm_struct *mm = mm_alloc();
	if (!mm)
		return NULL;
	spin_lock(&old->lock);
	spin_lock(&mm->lock);
	mm->start_brk = old->start_brk;
	mm->brk = old->brk;
	mm->start_stack = old->start_stack;
	mm->mmap_base = old->mmap_base;
	mm->arg_start = old->arg_start;
	mm->arg_end = old->arg_end;
	mm->env_start = old->env_start;
	mm->env_end = old->env_end;
	mm->exe_file = old->exe_file ? filedup(old->exe_file) : NULL;
	mm->has_shared = old->has_shared;
	int err = 0;
	struct list_head *pos;
	list_for_each(pos, &old->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		struct vm_area_struct *nv = new_vma(mm, v->vm_start, v->vm_end, v->vm_flags);
		if (!nv) {
			err = -ENOMEM;
			break;
		}
		list_add_tail(&nv->vm_list, &mm->mmap);
		mm->map_count++;
		if ((err = copy_vma_ptes(mm, old, v)))
			break;
	}
	/* The parent's PTEs lost their write bit: no hart may keep a
	 * writable TLB entry for them once we return. */
	flush_tlb_mm(old);
	spin_unlock(&mm->lock);
	spin_unlock(&old->lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
