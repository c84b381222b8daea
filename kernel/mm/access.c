/* Reading another address space: /proc/<pid>/cmdline and environ. */
#include <types.h>
#include <mm.h>
#include <mm_types.h>
#include <string.h>
#include <uaccess.h>
#include <asm/pgtable.h>

/* Under mm->lock, a page at a time; stops at the first page that is not
 * resident and readable (nothing here faults pages in). */
size_t access_process_vm(struct mm_struct *mm, u64 addr, void *buf, size_t n)
{
	size_t done = 0;

	spin_lock(&mm->lock);
	while (done < n && addr < TASK_SIZE) {
		pte_t *e = walk_pte(mm->pgd, addr, false);
		if (!e || !(*e & PTE_V) || !(*e & PTE_U) || !(*e & PTE_R))
			break;
		size_t k = min(n - done, PAGE_SIZE - (addr % PAGE_SIZE));
		memcpy((u8 *)buf + done, (u8 *)__va(pte_pfn(*e) << PAGE_SHIFT) + addr % PAGE_SIZE, k);
		done += k;
		addr += k;
	}
	spin_unlock(&mm->lock);
	return done;
}
