/* Physical memory: a struct page for every page frame, a buddy allocator
 * for runs of 2^order pages, and kmalloc for small objects.
 *
 * Address spaces (Sv39): user space is the lower half; the upper half of
 * every page table is the kernel's, identical everywhere:
 *   PAGE_OFFSET + pa      direct map of all RAM (so a trap switches no satp)
 *   IOREMAP_BASE ...      device registers mapped by ioremap()
 *   KERNEL_VBASE ...      the kernel image, wherever it was loaded.        */
#ifndef CLEAVE_MM_H
#define CLEAVE_MM_H
#include "types.h"

#define PAGE_SHIFT 12
#define PAGE_SIZE (1UL << PAGE_SHIFT)
#define PAGE_MASK (~(PAGE_SIZE - 1))
#define PAGE_OFFSET 0xffffffc000000000UL
#define IOREMAP_BASE 0xffffffff40000000UL	/* one 1 GiB slot */
#define KERNEL_VBASE 0xffffffff80000000UL
#define KSTACK_ORDER 2				/* 16 KiB kernel stacks */
#define KSTACK_SIZE (PAGE_SIZE << KSTACK_ORDER)

#define __va(pa) ((void *)((u64)(pa) + PAGE_OFFSET))
#define __pa(va) ((u64)(va) - PAGE_OFFSET)

/* Page flags */
#define PG_reserved 0x1		/* not RAM we manage (kernel image, firmware) */
#define PG_buddy 0x2		/* head of a free block in the buddy lists */
#define PG_slab 0x4		/* belongs to a kmalloc cache */
#define PG_ptwp 0x8		/* level-0 table: private writable entries all
				 * write-protected (kernel/mm/ptshare.c) */

struct page {
	int refcount;		/* users of this frame; freed at 0 (atomic) */
	u16 flags;
	u8 order;		/* buddy order of a free block / allocation */
	u16 inuse;		/* PG_slab: objects handed out from this page */
	struct page *next, *prev; /* buddy free list / slab partial list */
	void *slab;		/* PG_slab: the cache this page belongs to */
	void *freelist;		/* PG_slab: first free object */
};
#define MAX_ORDER 11		/* blocks of up to 2^10 pages (4 MiB) */

extern struct page *mem_map;	/* one per frame from base_pfn */
extern u64 base_pfn;
static inline struct page *pfn_to_page(u64 pfn) { return &mem_map[pfn - base_pfn]; }
static inline u64 page_to_pfn(struct page *pg) { return base_pfn + (pg - mem_map); }
static inline void *page_address(struct page *pg) { return __va(page_to_pfn(pg) << PAGE_SHIFT); }
static inline struct page *virt_to_page(const void *kva) { return pfn_to_page(__pa(kva) >> PAGE_SHIFT); }

/* The page allocator. Allocation functions return NULL on exhaustion
 * (or when fault injection says so); memory is zeroed. */
struct page *alloc_pages(int order);
struct page *__alloc_pages(int order, bool zero);
void free_pages_block(struct page *pg, int order);
void *get_free_page(void);		/* one zeroed page, kernel VA */
void *get_free_pages(int order);
void free_page(void *kva);		/* drop one reference; frees at 0 */
void free_pages(void *kva, int order);
/* refcount++: the caller already holds a reference (or a table entry
 * does), so no ordering is needed. */
static inline void get_page(struct page *pg) { __atomic_add_fetch(&pg->refcount, 1, __ATOMIC_RELAXED); }
void put_page(struct page *pg);		/* refcount--, free at 0 */
/* Many puts in a row (a page table's pages): the pages that reach 0 are
 * collected on *batch (linked by next; start it NULL) and freed under one
 * lock by free_page_batch. */
void put_page_batched(struct page *pg, struct page **batch);
void free_page_batch(struct page *batch);
static inline int page_count(struct page *pg) { return __atomic_load_n(&pg->refcount, __ATOMIC_SEQ_CST); }

/* Counters for /proc/meminfo and the leak tests. */
u64 nr_free_pages(void);
u64 nr_total_pages(void);
long kmalloc_live_objects(void);

/* kmalloc: objects up to 2 KiB from size-class caches, larger from whole
 * pages. Returns zeroed memory or NULL. kfree(NULL) is a no-op. */
void *kmalloc(size_t size);
void kfree(const void *p);
void *kzalloc(size_t size);	/* same as kmalloc: always zeroed */

/* Map device registers; returns a kernel VA or NULL. */
void *ioremap(u64 pa, u64 size);

void mm_init(void);	/* after memblock has the RAM ranges */
bool should_fail_alloc(void);	/* fault injection (current->fail_nth) */

/* Boot-time physical memory map, filled from the device tree. */
struct memrange { u64 base, size; };
#define MAX_MEMRANGES 16
extern struct memrange mem_ranges[MAX_MEMRANGES];
extern int n_mem_ranges;
extern struct memrange reserved_ranges[MAX_MEMRANGES];
extern int n_reserved_ranges;
#endif
