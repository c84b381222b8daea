/* The page cache of one inode: file page number -> kernel page.
 *
 * A radix tree with three levels of 512 slots, each node one page, like
 * an Sv39 page table: idx bits 26..18 pick the root slot, 17..9 the
 * middle, 8..0 the leaf slot, which holds the page's kernel address. The
 * cache owns one reference of each page it holds (free_page drops it);
 * mappings take their own. The owner serialises all calls (inode lock). */
#include "fs.h"
#include "errno.h"
#include "mm.h"

#define SLOTS 512
#define LEVELS 3
#define MAX_IDX ((u64)SLOTS * SLOTS * SLOTS)

static unsigned slot(u64 idx, int level)	/* level 0 = root */
{
	return (idx >> (9 * (LEVELS - 1 - level))) & (SLOTS - 1);
}

void *pcache_lookup(struct page_cache *pc, u64 idx)
{
	void **node = pc->root;

	if (idx >= MAX_IDX)
		return NULL;
	for (int l = 0; node && l < LEVELS - 1; l++)
		node = node[slot(idx, l)];
	return node ? node[slot(idx, LEVELS - 1)] : NULL;
}

int pcache_insert(struct page_cache *pc, u64 idx, void *kva)
{
	void ***link = &pc->root;

	if (idx >= MAX_IDX)
		return -EFBIG;
	for (int l = 0; l < LEVELS; l++) {
		if (!*link && !(*link = get_free_page()))
			return -ENOMEM;
		if (l == LEVELS - 1)
			break;
		link = (void ***)&(*link)[slot(idx, l)];
	}
	(*link)[slot(idx, LEVELS - 1)] = kva;
	pc->nrpages++;
	return 0;
}

/* Free pages >= from under node (level l, covering indices from base);
 * returns true if the node is empty afterwards. */
static bool trunc_node(struct page_cache *pc, void **node, int l, u64 base, u64 from)
{
	u64 span = (u64)1 << (9 * (LEVELS - 1 - l));
	bool empty = true;

	for (unsigned i = 0; i < SLOTS; i++) {
		u64 lo = base + i * span;
		if (!node[i])
			continue;
		if (lo + span <= from) {	/* wholly below the cut */
			empty = false;
			continue;
		}
		if (l == LEVELS - 1) {
			free_page(node[i]);
			pc->nrpages--;
			node[i] = NULL;
		} else if (trunc_node(pc, node[i], l + 1, lo, from)) {
			free_page(node[i]);
			node[i] = NULL;
		} else {
			empty = false;
		}
	}
	return empty;
}

void pcache_truncate(struct page_cache *pc, u64 from)
{
	if (pc->root && trunc_node(pc, pc->root, 0, 0, from)) {
		free_page(pc->root);
		pc->root = NULL;
	}
}
