/* Address spaces: VMAs, demand paging, copy-on-write, fork's dup_mm.
 *
 * Page ownership: every present entry of a level-0 table holds one
 * reference on its page's struct page; after fork a table may serve
 * several mms (ptshare.c). A private writable page shared after fork is
 * mapped read-only with PTE_COW; the first write, once the faulting mm
 * holds its table alone, either copies the page (refcount > 1) or takes it
 * over in place (refcount == 1).
 * mm->lock protects VMAs, PTEs and rss (see mm_types.h). */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <sched.h>
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
	INIT_LIST_HEAD(&mm->dead_vmas);
	mm->users = 1;
	return mm;
}

void mmget(struct mm_struct *mm) { atomic_inc(&mm->users); }

static void free_vma(struct vm_area_struct *v)
{
	v->vm_mm->map_count--;
	if (v->vm_mm->mmap_cache == v)
		v->vm_mm->mmap_cache = NULL;
	if (vma_is_file(v)) {	/* its fput may sleep: see release_dead_vmas */
		list_del(&v->vm_list);
		list_add_tail(&v->vm_list, &v->vm_mm->dead_vmas);
		return;
	}
	if (v->vm_ops && v->vm_ops->close)
		v->vm_ops->close(v);
	list_del(&v->vm_list);
	kfree(v);
}

/* Drop a user. The last one frees every VMA, table and page; no hart can
 * have this mm in satp then (exit and exec load another with exchange_mm
 * first). Tables go whole, shared ones by dropping this mm's reference:
 * tearing down never needs to copy (nor to allocate). */
void mmput(struct mm_struct *mm)
{
	if (!atomic_dec_and_test(&mm->users))
		return;
	writeback_range(mm, 0, TASK_SIZE);	/* what shared file mappings wrote */
	/* Every entry lies inside a VMA, so the VMAs say where the level-0
	 * tables are: a small process has a handful, and the level-1 tables
	 * need not be scanned entry by entry. */
	u64 done = 0;
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		for (u64 va = max(v->vm_start, done), next; va < v->vm_end; va = next) {
			pte_t *pt = pte_table(mm->pgd, va, false, &next);
			if (pt) {
				*pmd_entry(mm->pgd, va) = 0;
				put_table(pt);
			}
			done = next;
		}
		free_vma(v);
	}
	pgd_free(mm->pgd);
	release_dead_vmas(mm);
	if (mm->exe_file)
		fput(mm->exe_file);
	kfree(mm);
}

/* Faults come in runs on one VMA: the last hit is tried first. Its
 * bounds are read afresh, so a VMA trimmed or grown in place since is
 * still answered right. */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr)
{
	struct vm_area_struct *c = mm->mmap_cache;
	if (c && addr >= c->vm_start && addr < c->vm_end)
		return c;
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if (addr < v->vm_end) {
			if (addr < v->vm_start)
				return NULL;
			mm->mmap_cache = v;
			return v;
		}
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
	return v;	/* kmalloc zeroed it: no object (vm_ops) */
}

void vma_copy_object(struct vm_area_struct *nv, const struct vm_area_struct *v, u64 from)
{
	if (!v->vm_ops)
		return;
	nv->vm_ops = v->vm_ops;
	nv->vm_private_data = v->vm_private_data;
	nv->vm_pgoff = v->vm_pgoff + ((from - v->vm_start) >> PAGE_SHIFT);
	if (nv->vm_ops->open)
		nv->vm_ops->open(nv);
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
		if (o->vm_end == start && o->vm_flags == flags && !(flags & VM_SPECIAL) && !o->vm_ops) {
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

int insert_vma_ops(struct mm_struct *mm, u64 start, u64 end, u32 flags,
		   const struct vm_operations_struct *ops, void *data, u64 pgoff)
{
	if (start >= end || end > TASK_SIZE)
		return -EINVAL;
	struct list_head *pos;
	list_for_each(pos, &mm->mmap) {
		struct vm_area_struct *o = list_entry(pos, struct vm_area_struct, vm_list);
		if (o->vm_start < end && start < o->vm_end)
			return -EINVAL;
	}
	struct vm_area_struct *v = new_vma(mm, start, end, flags);
	if (!v)
		return -ENOMEM;
	v->vm_ops = ops;
	v->vm_private_data = data;
	v->vm_pgoff = pgoff;
	link_vma(mm, v);
	return 0;
}

/* Pages and tables unhooked by a zap, released only once every hart that
 * may cache the old entries has flushed them: until then another thread
 * can still write through a stale TLB entry, or a page walker follow a
 * stale level-1 entry, into memory that must not be reused yet. A level-0
 * table is kept with bit 0 set: it is put with put_table (it may be shared,
 * and its last put releases its pages). */
struct zap_batch {
	struct mm_struct *mm;
	u64 start;		/* of the range unhooked so far */
	int n;
	uintptr_t items[64];	/* struct page *, or level-0 table | 1 */
};

static void release(uintptr_t item)
{
	if (item & 1)
		put_table((pte_t *)(item & ~1UL));
	else
		put_page((struct page *)item);
}

static void zap_flush(struct zap_batch *zb, u64 end)
{
	if (!zb->n)
		return;
	flush_tlb_range(zb->mm, zb->start, end);
	for (int i = 0; i < zb->n; i++)
		release(zb->items[i]);
	zb->n = 0;
	zb->start = end;
}

static void zap_defer(struct zap_batch *zb, uintptr_t item, u64 va_done)
{
	/* An mm with no users is in no hart's satp (see mmput), and its
	 * TLB entries are gone (a flush at every switch) or tagged with an
	 * ASID nobody gets again before a rollover flushes every hart:
	 * nothing can reach these pages. */
	if (zb->mm->users == 0) {
		release(item);
		return;
	}
	if (zb->n == ARRAY_SIZE(zb->items))
		zap_flush(zb, va_done);
	zb->items[zb->n++] = item;
}

/* A level-0 table that [start, end) covers whole is unhooked whole (if it
 * is shared, that is just this mm's reference gone); otherwise empty
 * tables would pile up under big munmaps and every later fork and exit
 * would visit them. A shared table covered in part is copied first, which
 * can fail: -ENOMEM, with the part before it zapped. */
int zap_page_range(struct mm_struct *mm, u64 start, u64 end)
{
	struct zap_batch zb = { .mm = mm, .start = start, .n = 0 };
	int err = 0;
	for (u64 va = start, next; va < end; va = next) {
		pte_t *pt = pte_table(mm->pgd, va, false, &next);
		bool whole = va == next - (1UL << 21) && next <= end;
		next = min(next, end);
		if (!pt)
			continue;
		if (whole && table_shared(pt)) {
			*pmd_entry(mm->pgd, va) = 0;
			for (pte_t *e = pt; e < pt + PTRS_PER_PT; e++)
				if (*e & PTE_V)
					mm->rss--;
			zap_defer(&zb, (uintptr_t)pt | 1, next);
			continue;
		}
		u64 tnext;
		if (!whole && table_shared(pt) && !(pt = pte_table_mut(mm, va, false, &tnext, &err)))
			break;
		pte_t *first = &pt[VPN(va, 0)], *stop = first + ((next - va) >> PAGE_SHIFT);
		for (pte_t *e = first; e < stop; e++) {
			/* mostly empty (a thread stack's unused part): skip
			 * runs of sixteen, then eight, empty entries */
			while (stop - e >= 16 && !((e[0] | e[1] | e[2] | e[3] | e[4] | e[5] | e[6] |
						     e[7] | e[8] | e[9] | e[10] | e[11] | e[12] |
						     e[13] | e[14] | e[15]) & PTE_V))
				e += 16;
			while (stop - e >= 8 && !((e[0] | e[1] | e[2] | e[3] | e[4] | e[5] | e[6] |
						    e[7]) & PTE_V))
				e += 8;
			if (e == stop)
				break;
			pte_t x = *e;
			if (likely(!(x & PTE_V)))
				continue;
			*e = 0;
			mm->rss--;
			zap_defer(&zb, (uintptr_t)pfn_to_page(pte_pfn(x)),
				  va + ((u64)(e - first) << PAGE_SHIFT));
		}
		if (whole) {	/* ours alone, and now empty: an ordinary page */
			*pmd_entry(mm->pgd, next - 1) = 0;
			zap_defer(&zb, (uintptr_t)virt_to_page(pt), next);
		}
	}
	zap_flush(&zb, end);
	return err;
}

/* Everything that can fail comes first (a shared page table the range
 * covers in part must be copied; punching a hole needs a VMA), so a failed
 * unmap changes nothing. The zap then goes over [start, end) in one pass:
 * no entry lies outside a VMA, and tables covered whole drop whole. */
int unmap_range(struct mm_struct *mm, u64 start, u64 end)
{
	u64 edges[2] = { start, end - 1 };
	for (int i = 0; i < 2; i++) {
		u64 tstart = ALIGN_DOWN(edges[i], 1UL << 21), next;
		int err;
		pte_t *pt = pte_table(mm->pgd, edges[i], false, &next);
		if (pt && (tstart < start || next > end) && table_shared(pt) &&
		    !pte_table_mut(mm, edges[i], false, &next, &err))
			return err;
	}
	struct vm_area_struct *tail = NULL, *v = find_vma(mm, start);
	if (v && v->vm_start < start && v->vm_end > end) {
		/* punch a hole: the tail becomes a VMA of its own */
		if (!(tail = new_vma(mm, end, v->vm_end, v->vm_flags)))
			return -ENOMEM;
		vma_copy_object(tail, v, end);
		v->vm_end = start;
		list_add(&tail->vm_list, &v->vm_list);
		mm->map_count++;
	}
	struct list_head *pos, *n;
	list_for_each_safe(pos, n, &mm->mmap) {
		v = list_entry(pos, struct vm_area_struct, vm_list);
		if (v->vm_end <= start || v->vm_start >= end)
			continue;
		if (v->vm_start < start) {
			v->vm_end = start;
		} else if (v->vm_end > end) {
			v->vm_pgoff += (end - v->vm_start) >> PAGE_SHIFT;
			v->vm_start = end;
		} else
			free_vma(v);
	}
	return zap_page_range(mm, start, end);
}

/* A zeroed page for the empty entry e of a table mm holds alone. */
static int install_new_page(struct mm_struct *mm, pte_t *e, u32 vm_flags, void **kva_out)
{
	void *kva = get_free_page();
	if (!kva)
		return -ENOMEM;
	*e = pfn_pte(__pa(kva) >> PAGE_SHIFT, vm_flags_to_pte(vm_flags));
	mm->rss++;
	if (kva_out)
		*kva_out = kva;
	return 0;
}

int map_new_page(struct mm_struct *mm, u64 va, u32 vm_flags, void **kva_out)
{
	u64 next;
	pte_t *pt = pte_table(mm->pgd, va, false, &next);
	pte_t *e = pt ? &pt[VPN(va, 0)] : NULL;
	if (!e || !(*e & PTE_V)) {
		if (!(pt = own_table(mm, va, pt)))
			return -ENOMEM;
		e = &pt[VPN(va, 0)];
		return install_new_page(mm, e, vm_flags, kva_out);
	}
	if (kva_out)
		*kva_out = __va(pte_pfn(*e) << PAGE_SHIFT);
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
	copy_page(page_address(np), page_address(old));
	*e = pfn_pte(page_to_pfn(np), vm_flags_to_pte(v->vm_flags));
	flush_tlb_range(mm, va, va + PAGE_SIZE);
	put_page(old);
	return 0;
}

u64 nr_page_faults;

/* A missing page of an object's mapping: the object's own. mm->lock held. */
static int map_object_page(struct mm_struct *mm, struct vm_area_struct *v, u64 va, pte_t *e)
{
	struct page *pg;
	int err = v->vm_ops->fault(v, va, &pg);
	if (err)
		return err;
	*e = pfn_pte(page_to_pfn(pg), vm_flags_to_pte(v->vm_flags));
	mm->rss++;
	return 0;
}

/* A fault of current's at addr (mm is current's). Each one counts as a
 * minor fault of current's (getrusage, /proc/PID/stat): cleave does not
 * tell the faults that waited for the disk apart, so none is major. */
int handle_mm_fault(struct mm_struct *mm, u64 addr, bool write, bool exec)
{
	__atomic_add_fetch(&nr_page_faults, 1, __ATOMIC_RELAXED);
	current->min_flt++;
	__atomic_add_fetch(&current->signal->min_flt, 1, __ATOMIC_RELAXED);
	u64 va = ALIGN_DOWN(addr, PAGE_SIZE);
	int err = -EFAULT;
	spin_lock(&mm->lock);
again:;
	struct vm_area_struct *v = find_vma(mm, addr);
	if (!v)
		goto out;
	if ((write && !(v->vm_flags & VM_WRITE)) || (exec && !(v->vm_flags & VM_EXEC)) ||
	    (!write && !exec && !(v->vm_flags & (VM_READ | VM_WRITE | VM_EXEC)))) {
		err = -EACCES;	/* mapped, but not for this access: SEGV_ACCERR */
		goto out;
	}
	/* Look first, and take the table for writing (copying it if it is
	 * shared) only when the entry must change. */
	u64 next;
	pte_t *pt = pte_table(mm->pgd, va, false, &next);
	pte_t *e = pt ? &pt[VPN(va, 0)] : NULL;
	bool change = !e || !(*e & PTE_V) || (write && !(*e & PTE_W)) ||
		      (write && !(*e & PTE_D)) ||
		      (exec && !(*e & PTE_X)) || (!write && !exec && !(*e & PTE_R));
	if ((!e || !(*e & PTE_V)) && vma_is_file(v)) {
		/* the page comes from the file: that sleeps, then look again */
		if ((err = file_fault(mm, v, va)))
			goto out;
		goto again;
	}
	if (change) {
		if (!(pt = own_table(mm, va, pt))) {
			err = -ENOMEM;
			goto out;
		}
		e = &pt[VPN(va, 0)];
	}
	if (!(*e & PTE_V) && v->vm_ops)
		err = map_object_page(mm, v, va, e);
	else if (!(*e & PTE_V))
		err = install_new_page(mm, e, v->vm_flags, NULL);	/* demand zero */
	else if (write && !(*e & PTE_W))
		err = do_wp_page(mm, v, va, e);
	else if (write && !(*e & PTE_D))
		*e |= PTE_D, err = 0;	/* a hart that leaves dirty bits to software */
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
	mm->has_file_shared = old->has_file_shared;
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
		vma_copy_object(nv, v, v->vm_start);
	}
	/* The child takes the parent's level-0 tables as they are (see
	 * ptshare.c); the parent's private writable entries lose their write
	 * bit first, and no hart may keep a writable TLB entry for them once
	 * we return. */
	if (!err)
		err = share_page_tables(mm, old);
	flush_tlb_mm(old);
	spin_unlock(&mm->lock);
	spin_unlock(&old->lock);
	if (err) {
		mmput(mm);
		return NULL;
	}
	return mm;
}
