/* Address spaces: mm_struct and its VMAs.
 *
 * mm->lock (a spinlock) protects the VMA list and its lookup cache
 * (mmap_cache), the dead_vmas list, the page tables this mm holds alone
 * (shared ones are never written: see kernel/mm/ptshare.c) and rss.
 * Nothing that can sleep runs under it; in particular user memory is never
 * copied while holding it, so a fault taken by copy_to_user can take it. */
#ifndef CLEAVE_MM_TYPES_H
#define CLEAVE_MM_TYPES_H
#include "types.h"
#include "list.h"
#include "spinlock.h"
#include "mm.h"
#include <asm/pgtable.h>

#define VM_READ 0x1
#define VM_WRITE 0x2
#define VM_EXEC 0x4
#define VM_SHARED 0x8
#define VM_GROWSDOWN 0x100	/* the main stack */
#define VM_SPECIAL 0x200	/* kernel-provided page (signal trampoline) */

struct vm_area_struct;
struct page;
/* What backs a mapping of an object (a SysV shared memory segment) rather
 * than plain anonymous or private memory. Each runs under the mm's lock:
 * open when a VMA of the object is made by copying or splitting one
 * (fork, mprotect, munmap of a middle part, mremap), close when one goes
 * away; fault gives the page for va, with a reference for the PTE (0,
 * -ENOMEM, or -EFAULT beyond the object). */
struct vm_operations_struct {
	void (*open)(struct vm_area_struct *v);
	void (*close)(struct vm_area_struct *v);
	int (*fault)(struct vm_area_struct *v, u64 va, struct page **pg);
};

struct vm_area_struct {
	u64 vm_start, vm_end;		/* [start, end), page aligned */
	u32 vm_flags;
	struct list_head vm_list;	/* in mm->mmap, sorted by address */
	struct mm_struct *vm_mm;
	/* The object mapped (NULL ops: none). Such a VMA is never merged
	 * with a neighbour; vm_pgoff is vm_start's page in the object. */
	const struct vm_operations_struct *vm_ops;
	void *vm_private_data;
	u64 vm_pgoff;
};

struct mm_struct {
	pte_t *pgd;			/* root page table (kernel VA) */
	struct spinlock lock;
	struct list_head mmap;		/* VMAs sorted by vm_start */
	struct vm_area_struct *mmap_cache; /* find_vma's last hit, or NULL: always
					 * a VMA on mmap (free_vma clears it) */
	int users;			/* tasks with ->mm == this (CLONE_VM), atomic.
					 * A hart only has it in satp while running
					 * one of them, so at 0 it can go at once. */
	u64 start_brk, brk;		/* heap: [start_brk, brk) */
	u64 start_stack;
	u64 mmap_base;			/* top of the mmap area; grows down */
	u64 rss;			/* resident user pages */
	volatile u64 cpumask;		/* harts (by cpu index) that may cache its TLB entries */
	u64 asid_ctx;			/* arch: ASID and its generation (arch/riscv/asid.c) */
	int map_count;			/* VMAs; at most MAX_MAP_COUNT (lock) */
	/* Set by exec, read by /proc: the program and where its argument
	 * and environment strings are on the stack. */
	struct file *exe_file;		/* referenced; NULL for none */
	u64 arg_start, arg_end, env_start, env_end;
	bool has_shared;		/* ever had a VM_SHARED mapping (sticky; copied by
					 * fork): else every futex here is private */
	bool has_file_shared;		/* ever had a shared writable file mapping (sticky,
					 * copied by fork): writeback_range has work */
	struct list_head dead_vmas;	/* file VMAs gone, file still referenced
					 * (see release_dead_vmas, kernel/mm/filemap.c) */
};

/* Linux's default vm.max_map_count: creating or splitting a VMA beyond it
 * fails with ENOMEM (mmap, mprotect, munmap, mremap, brk). */
#define MAX_MAP_COUNT 65530

struct file;
struct mm_struct *mm_alloc(void);	/* empty user mm with kernel half */
void mmput(struct mm_struct *mm);	/* drop a user; tear down at 0 */
void mmget(struct mm_struct *mm);
struct mm_struct *dup_mm(struct mm_struct *old);	/* COW copy, NULL on ENOMEM */
struct vm_area_struct *find_vma(struct mm_struct *mm, u64 addr); /* lock held */
/* Add [start, end) with flags; fails with -ENOMEM or -EINVAL (overlap). lock held. */
int insert_vma(struct mm_struct *mm, u64 start, u64 end, u32 flags);
/* The same for a mapping of an object, never merged; the caller's
 * reference on the object becomes the new VMA's (no open). lock held. */
int insert_vma_ops(struct mm_struct *mm, u64 start, u64 end, u32 flags,
		   const struct vm_operations_struct *ops, void *data, u64 pgoff);
/* nv has just been made from v (a copy, a split, a move) and maps what v
 * maps at address from onwards: give it v's object from there, and open
 * it. No-op for a VMA without one. lock held. */
void vma_copy_object(struct vm_area_struct *nv, const struct vm_area_struct *v, u64 from);
/* kernel/mm/filemap.c: mappings of files' page-cache pages */
extern const struct vm_operations_struct file_vm_ops;
bool vma_is_file(const struct vm_area_struct *v);
int insert_file_vma(struct mm_struct *mm, u64 start, u64 end, u32 flags, struct file *f,
		    u64 pgoff);	/* lock held; takes its own reference on f */
int file_fault(struct mm_struct *mm, struct vm_area_struct *v, u64 va);	/* drops the lock */
int writeback_range(struct mm_struct *mm, u64 start, u64 end);	/* lock not held; sleeps */
void release_dead_vmas(struct mm_struct *mm);	/* lock not held */
/* Remove mappings in [start, end), splitting VMAs. lock held. */
int unmap_range(struct mm_struct *mm, u64 start, u64 end);
/* Allocate and map a zeroed page at va (for exec, populate). lock held. */
int map_new_page(struct mm_struct *mm, u64 va, u32 vm_flags, void **kva_out);
/* Handle a fault at addr; write/exec say which access. 0, -EFAULT (no
 * such access allowed) or -ENOMEM (no page: see out_of_memory). */
int handle_mm_fault(struct mm_struct *mm, u64 addr, bool write, bool exec);
/* kernel/mm/oom.c */
bool out_of_memory(void);		/* kill the largest process, yield; no locks held */
bool vm_enough_memory(u64 pages);	/* heuristic overcommit for one request */
u64 get_unmapped_area(struct mm_struct *mm, u64 len);
extern u64 nr_page_faults;	/* handled user-address faults, for /proc/meminfo */
/* Copy n bytes at addr of mm (not necessarily current's) into buf, as far
 * as they are resident; returns the bytes copied (kernel/mm/access.c). */
size_t access_process_vm(struct mm_struct *mm, u64 addr, void *buf, size_t n);

/* arch/riscv/mmu.c */
pte_t *pgd_alloc(void);
void pgd_free(pte_t *pgd);		/* frees the level-1 tables and the root */
pte_t *walk_pte(pte_t *pgd, u64 va, bool alloc);	/* level-0 entry or NULL */
/* The level-0 table covering va (index it with VPN(va, 0)), or NULL for a
 * hole. *next: the first address beyond that table or hole, so loops over
 * a range visit each table once and skip holes whole. */
pte_t *pte_table(pte_t *pgd, u64 va, bool alloc, u64 *next);
/* The level-1 entry that points at va's level-0 table, or NULL. */
pte_t *pmd_entry(pte_t *pgd, u64 va);
pte_t *pmd_entry_alloc(pte_t *pgd, u64 va);	/* makes the level-1 table; NULL: ENOMEM */
/* kernel/mm/ptshare.c: level-0 tables shared between mms after fork.
 * Readers use pte_table/walk_pte; anyone changing entries must get the
 * table from these, which copy a shared table first. mm->lock held.
 * pte_table_mut: NULL with *err 0 for a hole (alloc false), -ENOMEM. */
pte_t *pte_table_mut(struct mm_struct *mm, u64 va, bool alloc, u64 *next, int *err);
pte_t *walk_pte_mut(struct mm_struct *mm, u64 va);	/* allocates; NULL: ENOMEM */
static inline bool table_shared(pte_t *pt) { return page_count(virt_to_page(pt)) > 1; }
/* pt as pte_table found it for va (NULL: none yet), made writable: the
 * common case, a table mm holds alone, without a second walk. */
static inline pte_t *own_table(struct mm_struct *mm, u64 va, pte_t *pt)
{
	if (pt && !table_shared(pt)) {
		virt_to_page(pt)->flags &= ~PG_ptwp;
		return pt;
	}
	u64 next;
	int err;
	return pte_table_mut(mm, va, true, &next, &err);
}
void put_table(pte_t *pt);		/* drop a user; the last frees it and its pages */
int share_page_tables(struct mm_struct *dst, struct mm_struct *src);	/* fork */
/* Drop the pages mapped in [start, end) and the level-0 tables the range
 * covers whole, then flush the TLBs (VMAs untouched). mm->lock held.
 * -ENOMEM if a shared table covered in part could not be copied. */
int zap_page_range(struct mm_struct *mm, u64 start, u64 end);
void switch_mm(struct mm_struct *prev, struct mm_struct *next, int cpu);
void flush_tlb_mm(struct mm_struct *mm);	/* every hart in cpumask */
void flush_tlb_range(struct mm_struct *mm, u64 start, u64 end);
/* The leaf permission bits for a VMA's flags (Sv39 entry bits; inline:
 * every fault that installs an entry asks). */
static inline u64 vm_flags_to_pte(u32 f)
{
	u64 p = PTE_V | PTE_U | PTE_A;
	if (f & (VM_READ | VM_WRITE | VM_EXEC))
		p |= PTE_R;
	if (f & VM_WRITE)
		p |= PTE_W | PTE_D;
	if (f & VM_EXEC)
		p |= PTE_X;
	return p;
}
extern struct mm_struct init_mm;	/* kernel threads run on it */
#endif
