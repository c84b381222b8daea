/* kmalloc: power-of-two size classes from 16 bytes to 2 KiB, each served
 * from whole pages carved into equal objects. A page's free objects form a
 * list threaded through the objects themselves (page->freelist); a page is
 * returned to the buddy allocator as soon as its last object is freed, so
 * an idle system holds no cached slab pages and leak tests see every page.
 * Larger requests take 2^order whole pages.
 *
 * Each cache's lock protects its partial list and its pages' freelists. */
#include <types.h>
#include <mm.h>
#include <spinlock.h>
#include <string.h>
#include <printk.h>

struct kcache {
	struct spinlock lock;
	u32 size;
	struct page *partial;	/* pages with at least one free object */
};

#define NCLASSES 8
#define KCACHE(sz) { SPINLOCK_INIT("kmalloc-" #sz), sz, NULL }
static struct kcache caches[NCLASSES] = {
	KCACHE(16), KCACHE(32), KCACHE(64), KCACHE(128),
	KCACHE(256), KCACHE(512), KCACHE(1024), KCACHE(2048),
};
static long live_objects;

long kmalloc_live_objects(void) { return READ_ONCE(live_objects); }

static struct kcache *cache_for(size_t size)
{
	for (int i = 0; i < NCLASSES; i++)
		if (size <= caches[i].size)
			return &caches[i];
	return NULL;
}

static void partial_add(struct kcache *c, struct page *pg)
{
	pg->prev = NULL;
	pg->next = c->partial;
	if (c->partial)
		c->partial->prev = pg;
	c->partial = pg;
}

static void partial_del(struct kcache *c, struct page *pg)
{
	if (pg->prev)
		pg->prev->next = pg->next;
	else
		c->partial = pg->next;
	if (pg->next)
		pg->next->prev = pg->prev;
	pg->next = pg->prev = NULL;
}

static struct page *new_slab(struct kcache *c)
{
	/* Not zeroed here: kmalloc zeroes each object it hands out. */
	struct page *pg = __alloc_pages(0, false);
	if (!pg)
		return NULL;
	pg->flags |= PG_slab;
	pg->slab = c;
	pg->inuse = 0;
	char *base = page_address(pg);
	pg->freelist = NULL;
	for (int off = PAGE_SIZE - c->size; off >= 0; off -= c->size) {
		*(void **)(base + off) = pg->freelist;
		pg->freelist = base + off;
	}
	return pg;
}

void *kmalloc(size_t size)
{
	if (size == 0)
		size = 1;
	struct kcache *c = cache_for(size);
	void *obj;
	if (!c) {
		int order = 0;
		while ((PAGE_SIZE << order) < size)
			order++;
		if (order >= MAX_ORDER)
			return NULL;
		struct page *pg = alloc_pages(order);
		if (!pg)
			return NULL;
		obj = page_address(pg);
	} else {
		if (should_fail_alloc())
			return NULL;
		spin_lock(&c->lock);
		struct page *pg = c->partial;
		if (!pg) {
			spin_unlock(&c->lock);
			pg = new_slab(c);	/* may sleep-free: no lock held */
			if (!pg)
				return NULL;
			spin_lock(&c->lock);
			partial_add(c, pg);
		}
		obj = pg->freelist;
		pg->freelist = *(void **)obj;
		pg->inuse++;
		if (!pg->freelist)
			partial_del(c, pg);
		spin_unlock(&c->lock);
		memset(obj, 0, c->size);
	}
	__atomic_add_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	return obj;
}

void *kzalloc(size_t size) { return kmalloc(size); }

void kfree(const void *p)
{
	if (!p)
		return;
	struct page *pg = virt_to_page(p);
	__atomic_sub_fetch(&live_objects, 1, __ATOMIC_RELAXED);
	if (!(pg->flags & PG_slab)) {
		put_page(pg);
		return;
	}
	struct kcache *c = pg->slab;
	spin_lock(&c->lock);
	bool was_full = pg->freelist == NULL;
	*(void **)p = pg->freelist;
	pg->freelist = (void *)p;
	if (--pg->inuse == 0) {
		if (!was_full)
			partial_del(c, pg);
		spin_unlock(&c->lock);
		put_page(pg);
		return;
	}
	if (was_full)
		partial_add(c, pg);
	spin_unlock(&c->lock);
}
