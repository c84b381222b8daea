/* mincore (232): which pages of a range are resident.
 *
 * One byte per page, bit 0 set when the page is in memory: for cleave, when
 * its level-0 PTE is valid (anonymous pages never touched, or dropped by
 * MADV_DONTNEED, read 0). The range must be mapped throughout (ENOMEM for
 * a hole, as Linux). The walk holds mm->lock for at most PAGE_SIZE pages at
 * a time and copies each batch out after dropping it. */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <uaccess.h>
#include <syscalls.h>

SYSCALL_DEFINE3(mincore, unsigned long, start, size_t, len, unsigned char __user *, vec)
{
	struct mm_struct *mm = current->mm;
	u8 *buf;
	u64 pages, done = 0;
	long r = 0;

	if (start & ~PAGE_MASK)
		return -EINVAL;
	if (!access_ok((void __user *)start, len))
		return -ENOMEM;
	pages = (len + PAGE_SIZE - 1) / PAGE_SIZE;
	if (!access_ok(vec, pages))
		return -EFAULT;
	if (!pages)
		return 0;
	if (!(buf = kmalloc(PAGE_SIZE)))
		return -ENOMEM;
	while (done < pages) {
		u64 n = min(pages - done, (u64)PAGE_SIZE);
		spin_lock(&mm->lock);
		for (u64 i = 0; i < n; i++) {
			u64 va = start + (done + i) * PAGE_SIZE;
			if (!find_vma(mm, va)) {
				r = -ENOMEM;
				break;
			}
			pte_t *pte = walk_pte(mm->pgd, va, false);
			buf[i] = pte && (*pte & PTE_V) ? 1 : 0;
		}
		spin_unlock(&mm->lock);
		if (r)
			break;
		if (copy_to_user(vec + done, buf, n)) {
			r = -EFAULT;
			break;
		}
		done += n;
	}
	kfree(buf);
	return r;
}
