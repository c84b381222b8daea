/* Leaf page tables shared copy-on-write between address spaces.
 *
 * fork does not copy the parent's level-0 tables: the child's level-1
 * entries point at the very same tables, and a table page's refcount
 * counts the address spaces using it. Forking costs one step per table
 * (2 MiB of address space in use), not one per resident page. The first
 * change either side makes to a shared table copies that one table.
 *
 * Invariants (mm->lock of each user is all the locking a table needs):
 *  - A shared table (refcount > 1) is never written (the hardware may
 *    still set A/D bits, which cleave sets itself anyway). Whoever means to
 *    change an entry gets the table from pte_table_mut(), which first
 *    copies a shared one ("unshares" it). A table its mm holds alone stays
 *    alone: only a fork of that mm, under the same lock, shares it again.
 *  - In a shared table every entry of a private writable mapping is
 *    read-only (PTE_COW), so a write to it faults and unshares. Entries of
 *    shared mappings keep their rights: every sharer maps those pages.
 *  - Page references belong to entries, not to address spaces: a page in
 *    one shared table has one reference whatever the number of its users.
 *    Copying a table takes a reference per present page; the last put of
 *    a table drops them. So once the faulting mm holds its table alone,
 *    do_wp_page's rule "more than one reference: someone else maps it"
 *    holds as before.
 *  - PG_ptwp on a table page: every private writable entry in it is
 *    write-protected. fork's protect pass sets it; handing the table out
 *    for writing clears it. fork skips the pass over tables that kept it,
 *    so forking again and again without writing pays nothing per page.
 *    A shared table always has it (only fork shares, only after the pass).
 */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <string.h>
#include <asm/pgtable.h>

#define PMD_SIZE (1UL << 21)

static inline pte_t *entry_table(pte_t e) { return __va(pte_pfn(e) << PAGE_SHIFT); }

/* Drop one user of a level-0 table; the last frees it with its pages.
 * The caller has made sure no hart can still walk it for that user. */
void put_table(pte_t *pt)
{
	struct page *tp = virt_to_page(pt);
	if (__atomic_sub_fetch(&tp->refcount, 1, __ATOMIC_ACQ_REL) != 0)
		return;
	struct page *batch = NULL;
	for (int i = 0; i < PTRS_PER_PT; i++) {
		if (pt[i] & PTE_V) {
			put_page_batched(pfn_to_page(pte_pfn(pt[i])), &batch);
			continue;
		}
		/* an empty entry at a multiple of 8: skip the eight if all
		 * are (a small program's tables are mostly empty) */
		if (!(i & 7) && !((pt[i + 1] | pt[i + 2] | pt[i + 3] | pt[i + 4] | pt[i + 5] |
				   pt[i + 6] | pt[i + 7]) & PTE_V))
			i += 7;
	}
	tp->order = 0;
	tp->next = batch;
	free_page_batch(tp);
}

/* Give mm a private copy of the shared table *pmde points at. */
static pte_t *unshare_table(struct mm_struct *mm, pte_t *pmde)
{
	pte_t *old = entry_table(*pmde);
	struct page *np = __alloc_pages(0, false);	/* every entry is written */
	if (!np)
		return NULL;
	pte_t *pt = page_address(np);
	for (int i = 0; i < PTRS_PER_PT; i++) {
		pte_t e = old[i];
		if (e & PTE_V)
			get_page(pfn_to_page(pte_pfn(e)));
		pt[i] = e;
	}
	*pmde = pfn_pte(page_to_pfn(np), PTE_V);
	/* A level-1 entry changed: an address-specific fence does not reach
	 * the walk caches, so every hart of mm drops everything, and only then
	 * may the old table go (its last user frees it and its pages). */
	flush_tlb_mm(mm);
	put_table(old);
	return pt;
}

pte_t *pte_table_mut(struct mm_struct *mm, u64 va, bool alloc, u64 *next, int *err)
{
	*err = 0;
	pte_t *pt = pte_table(mm->pgd, va, alloc, next);
	if (!pt) {
		if (alloc)
			*err = -ENOMEM;
		return NULL;
	}
	struct page *tp = virt_to_page(pt);
	if (page_count(tp) > 1) {
		pt = unshare_table(mm, pmd_entry(mm->pgd, va));
		if (!pt) {
			*err = -ENOMEM;
			return NULL;
		}
		tp = virt_to_page(pt);
	}
	tp->flags &= ~PG_ptwp;
	return pt;
}

pte_t *walk_pte_mut(struct mm_struct *mm, u64 va)
{
	u64 next;
	int err;
	pte_t *pt = pte_table_mut(mm, va, true, &next, &err);
	return pt ? &pt[VPN(va, 0)] : NULL;
}

/* fork, first pass: write-protect the private writable entries of v in
 * the parent's tables that are not known to be protected already. */
static void protect_vma(struct mm_struct *mm, struct vm_area_struct *v)
{
	for (u64 va = v->vm_start, next; va < v->vm_end; va = next) {
		pte_t *pt = pte_table(mm->pgd, va, false, &next);
		next = min(next, v->vm_end);
		if (!pt || (virt_to_page(pt)->flags & PG_ptwp))
			continue;
		for (pte_t *e = &pt[VPN(va, 0)]; va < next; va += PAGE_SIZE, e++)
			if ((*e & (PTE_V | PTE_W)) == (PTE_V | PTE_W))
				*e = (*e & ~(PTE_W | PTE_D)) | PTE_COW;
	}
}

/* fork, second pass: the child's level-1 entries take the parent's tables
 * for every 2 MiB that v touches; *done is the end of the last one taken
 * (VMAs come in address order, and a table may span several). */
static int share_vma(struct mm_struct *dst, struct mm_struct *src, struct vm_area_struct *v,
		     u64 *done)
{
	for (u64 va = max(v->vm_start, *done), next; va < v->vm_end; va = next) {
		pte_t *pt = pte_table(src->pgd, va, false, &next);
		if (!pt)
			continue;
		pte_t *pmde = pmd_entry_alloc(dst->pgd, va);
		if (!pmde)
			return -ENOMEM;
		struct page *tp = virt_to_page(pt);
		tp->flags |= PG_ptwp;
		get_page(tp);
		*pmde = pfn_pte(page_to_pfn(tp), PTE_V);
		*done = next;
	}
	return 0;
}

/* Both mm locks held. The caller flushes src's TLBs (the protect pass
 * took write rights away) and drops dst on failure. */
int share_page_tables(struct mm_struct *dst, struct mm_struct *src)
{
	struct list_head *pos;
	list_for_each(pos, &src->mmap) {
		struct vm_area_struct *v = list_entry(pos, struct vm_area_struct, vm_list);
		if ((v->vm_flags & (VM_WRITE | VM_SHARED)) == VM_WRITE)
			protect_vma(src, v);
	}
	u64 done = 0;
	list_for_each(pos, &src->mmap) {
		int err = share_vma(dst, src, list_entry(pos, struct vm_area_struct, vm_list), &done);
		if (err)
			return err;
	}
	dst->rss = src->rss;	/* every VMA and every table came along */
	return 0;
}
