/* The physical page allocator: a binary buddy system over every page frame
 * of RAM, with a struct page per frame in mem_map[], and in front of it a
 * short list of single free pages (hot). A page freed and soon allocated
 * again, the common case of COW faults, page tables and exits, then costs
 * a push and a pop instead of merging its block up the orders and
 * splitting it down again. Hot pages count as free (nr_free); to the buddy
 * system they are allocated, so it never merges with them. A block
 * allocation that finds no block gives them back first.
 *
 * zone_lock protects the free lists, the hot list, nr_free and
 * PG_buddy/order of free blocks. refcount is atomic and owned by whoever
 * holds the page. */
#include <types.h>
#include <mm.h>
#include <spinlock.h>
#include <string.h>
#include <printk.h>
#include <sched.h>

struct memrange mem_ranges[MAX_MEMRANGES];
int n_mem_ranges;
struct memrange reserved_ranges[MAX_MEMRANGES];
int n_reserved_ranges;

struct page *mem_map;
u64 base_pfn;
static u64 end_pfn;		/* mem_map covers [base_pfn, end_pfn) */
static struct page *free_area[MAX_ORDER];
static u64 nr_free, nr_managed;
static struct spinlock zone_lock = SPINLOCK_INIT("zone");
static struct page *hot;	/* single pages, linked by next */
static u64 nr_hot, hot_max;	/* hot_max: 1/64 of RAM, 64 to 4096 pages */

u64 nr_free_pages(void) { return READ_ONCE(nr_free); }
u64 nr_total_pages(void) { return nr_managed; }

static void list_push(struct page **head, struct page *pg)
{
	pg->prev = NULL;
	pg->next = *head;
	if (*head)
		(*head)->prev = pg;
	*head = pg;
}

static void list_remove(struct page **head, struct page *pg)
{
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		*head = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
	pg->next = pg->prev = NULL;
}

/* Return a block to the free lists, merging with its buddy while the buddy
 * is free and of the same order. zone_lock held. */
static void __free_block(u64 pfn, int order)
{
	while (order < MAX_ORDER - 1) {
		u64 buddy = pfn ^ (1UL << order);
		if (buddy < base_pfn || buddy + (1UL << order) > end_pfn)
			break;
		struct page *b = pfn_to_page(buddy);
		if (!(b->flags & PG_buddy) || b->order != order)
			break;
		list_remove(&free_area[order], b);
		b->flags &= ~PG_buddy;
		pfn &= ~(1UL << order);
		order++;
	}
	struct page *pg = pfn_to_page(pfn);
	pg->flags |= PG_buddy;
	pg->order = order;
	list_push(&free_area[order], pg);
}

struct page *alloc_pages(int order)
{
	return __alloc_pages(order, true);
}

/* The hot pages back to the buddy lists. zone_lock held. */
static void drain_hot(void)
{
	while (hot) {
		struct page *pg = hot;
		hot = pg->next;
		pg->next = NULL;
		__free_block(page_to_pfn(pg), 0);
	}
	nr_hot = 0;
}

/* zero = false: for a caller that overwrites the whole block at once. */
struct page *__alloc_pages(int order, bool zero)
{
	if (should_fail_alloc())
		return NULL;
	spin_lock(&zone_lock);
	struct page *pg = hot;
	if (order == 0 && pg) {
		hot = pg->next;
		pg->next = pg->prev = NULL;
		nr_hot--;
		nr_free--;
		spin_unlock(&zone_lock);
		goto got;
	}
	int o = order;
	while (o < MAX_ORDER && !free_area[o])
		o++;
	if (o == MAX_ORDER && nr_hot) {
		drain_hot();
		for (o = order; o < MAX_ORDER && !free_area[o]; o++)
			;
	}
	if (o == MAX_ORDER) {
		spin_unlock(&zone_lock);
		return NULL;
	}
	pg = free_area[o];
	list_remove(&free_area[o], pg);
	pg->flags &= ~PG_buddy;
	u64 pfn = page_to_pfn(pg);
	while (o > order) {	/* split, giving back the upper halves */
		o--;
		__free_block(pfn + (1UL << o), o);
	}
	nr_free -= 1UL << order;
	spin_unlock(&zone_lock);
got:
	pg->order = order;
	pg->refcount = 1;
	pg->flags = 0;
	if (zero)
		for (int i = 0; i < 1 << order; i++)
			clear_page(page_address(pg) + i * PAGE_SIZE);
	return pg;
}

/* Give back one block whose refcount has dropped to 0: a single page to
 * the hot list while it has room, anything else to the buddy lists.
 * zone_lock held. */
static inline __attribute__((always_inline)) void free_one(struct page *pg, int order)
{
	pg->flags = 0;
	pg->slab = NULL;
	pg->freelist = NULL;
	if (order == 0 && nr_hot < hot_max) {
		pg->prev = NULL;
		pg->next = hot;
		hot = pg;
		nr_hot++;
	} else {
		__free_block(page_to_pfn(pg), order);
	}
	nr_free += 1UL << order;
}

void free_pages_block(struct page *pg, int order)
{
	spin_lock(&zone_lock);
	free_one(pg, order);
	spin_unlock(&zone_lock);
}

void put_page(struct page *pg)
{
	int r = __atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_SEQ_CST);
	if (r == 0)
		free_pages_block(pg, pg->order);
	else if (r < 0)
		panic("put_page: pfn %lx refcount %d", page_to_pfn(pg), r);
}

void put_page_batched(struct page *pg, struct page **batch)
{
	int r = __atomic_sub_fetch(&pg->refcount, 1, __ATOMIC_SEQ_CST);
	if (r == 0) {
		pg->next = *batch;
		*batch = pg;
	} else if (r < 0) {
		panic("put_page: pfn %lx refcount %d", page_to_pfn(pg), r);
	}
}

void free_page_batch(struct page *batch)
{
	if (!batch)
		return;
	spin_lock(&zone_lock);
	while (batch) {
		struct page *pg = batch;
		batch = pg->next;
		free_one(pg, pg->order);
	}
	spin_unlock(&zone_lock);
}

void *get_free_pages(int order)
{
	struct page *pg = alloc_pages(order);
	return pg ? page_address(pg) : NULL;
}
void *get_free_page(void) { return get_free_pages(0); }
void free_page(void *kva) { put_page(virt_to_page(kva)); }
void free_pages(void *kva, int order)
{
	(void)order;	/* recorded in the head page */
	put_page(virt_to_page(kva));
}

/* Fault injection: a task with fail_nth = N sees its Nth allocation from
 * now fail (then the knob disarms), like Linux's /proc/self/fail-nth. */
bool should_fail_alloc(void)
{
	struct task_struct *t = current;
	if (!t || t->fail_nth <= 0)
		return false;
	if (--t->fail_nth == 0)
		return true;
	return false;
}

/* ---- boot ---- */

static bool overlaps_reserved(u64 pa, u64 *skip_to)
{
	for (int i = 0; i < n_reserved_ranges; i++) {
		struct memrange *r = &reserved_ranges[i];
		if (pa >= r->base && pa < r->base + r->size) {
			*skip_to = r->base + r->size;
			return true;
		}
	}
	return false;
}

void mm_init(void)
{
	base_pfn = ~0UL;
	end_pfn = 0;
	for (int i = 0; i < n_mem_ranges; i++) {
		base_pfn = min(base_pfn, mem_ranges[i].base >> PAGE_SHIFT);
		end_pfn = max(end_pfn, (mem_ranges[i].base + mem_ranges[i].size) >> PAGE_SHIFT);
	}
	/* Place mem_map in the first free stretch large enough. */
	u64 need = ALIGN_UP((end_pfn - base_pfn) * sizeof(struct page), PAGE_SIZE);
	u64 at = 0;
	for (int i = 0; i < n_mem_ranges && !at; i++) {
		u64 pa = ALIGN_UP(mem_ranges[i].base, PAGE_SIZE);
		u64 end = mem_ranges[i].base + mem_ranges[i].size;
		while (pa + need <= end) {
			u64 skip, p2;
			bool clash = false;
			for (p2 = pa; p2 < pa + need; p2 += PAGE_SIZE)
				if (overlaps_reserved(p2, &skip)) {
					clash = true;
					break;
				}
			if (!clash) {
				at = pa;
				break;
			}
			pa = ALIGN_UP(skip, PAGE_SIZE);
		}
	}
	if (!at)
		panic("mm_init: no room for mem_map (%lu bytes)", need);
	mem_map = __va(at);
	memset(mem_map, 0, need);
	reserved_ranges[n_reserved_ranges++] = (struct memrange){ at, need };

	for (u64 pfn = base_pfn; pfn < end_pfn; pfn++)
		pfn_to_page(pfn)->flags = PG_reserved;
	for (int i = 0; i < n_mem_ranges; i++) {
		u64 pa = ALIGN_UP(mem_ranges[i].base, PAGE_SIZE);
		u64 end = ALIGN_DOWN(mem_ranges[i].base + mem_ranges[i].size, PAGE_SIZE);
		for (; pa < end; pa += PAGE_SIZE) {
			u64 skip;
			if (overlaps_reserved(pa, &skip))
				continue;
			struct page *pg = pfn_to_page(pa >> PAGE_SHIFT);
			pg->flags = 0;
			pg->refcount = 0;
			spin_lock(&zone_lock);
			__free_block(pa >> PAGE_SHIFT, 0);
			nr_free++;
			nr_managed++;
			spin_unlock(&zone_lock);
		}
	}
	hot_max = min(max(nr_managed / 64, 64UL), 4096UL);
	printk("mm: %lu pages free of %lu MiB RAM (mem_map %lu KiB)\n", nr_free,
	       ((end_pfn - base_pfn) << PAGE_SHIFT) >> 20, need >> 10);
}
