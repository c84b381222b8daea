/*
 * malloc on brk with an address-ordered free list; neighbours are merged
 * on free. Requests of BIG bytes or more get their own mmap region.
 * Every block starts with a 16-byte header; payloads are 16-byte aligned.
 * Thread safety: one global futex lock (heap_lock) around every entry
 * point; the lower-case helpers below run with it held.
 */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include "pthread_impl.h"

#define ALIGN 16
#define GROW (64 * 1024)
#define BIG (256 * 1024)
#define MAPPED 1UL /* low bit of size: block came from mmap */

struct blk {
	size_t size;       /* whole block, header included */
	struct blk *next;  /* next free block (higher address); free blocks only */
};

static struct blk *freelist;
static int heap_lock;

static void insert(struct blk *b)
{
	struct blk **pp = &freelist, *prev = NULL;

	while (*pp && *pp < b) {
		prev = *pp;
		pp = &(*pp)->next;
	}
	b->next = *pp;
	*pp = b;
	if (b->next && (char *)b + b->size == (char *)b->next) {
		b->size += b->next->size;
		b->next = b->next->next;
	}
	if (prev && (char *)prev + prev->size == (char *)b) {
		prev->size += b->size;
		prev->next = b->next;
	}
}

static int grow(size_t need)
{
	size_t n = need < GROW ? GROW : (need + GROW - 1) & ~(size_t)(GROW - 1);
	char *p = sbrk(0);
	size_t pad = (ALIGN - ((uintptr_t)p & (ALIGN - 1))) & (ALIGN - 1);
	struct blk *b;

	p = sbrk(n + pad);
	if (p == (char *)-1)
		return -1;
	b = (struct blk *)(p + pad);
	b->size = n;
	insert(b);
	return 0;
}

static void *bigalloc(size_t need)
{
	size_t n = (need + 4095) & ~(size_t)4095;
	struct blk *b = mmap(NULL, n, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (b == MAP_FAILED)
		return NULL;
	b->size = n | MAPPED;
	return b + 1;
}

static void *alloc(size_t n)
{
	size_t need;

	if (n > ((size_t)1 << 40))
		return NULL;
	need = (n + sizeof(struct blk) + ALIGN - 1) & ~(size_t)(ALIGN - 1);
	if (need >= BIG) {
		void *p = bigalloc(need);

		if (p)
			return p;
	}
	for (int tries = 0; tries < 2; tries++) {
		for (struct blk **pp = &freelist; *pp; pp = &(*pp)->next) {
			struct blk *b = *pp;

			if (b->size < need)
				continue;
			if (b->size - need >= 2 * sizeof(struct blk)) {
				struct blk *rest = (struct blk *)((char *)b + need);

				rest->size = b->size - need;
				rest->next = b->next;
				b->size = need;
				*pp = rest;
			} else {
				*pp = b->next;
			}
			return b + 1;
		}
		if (grow(need) < 0)
			return NULL;
	}
	return NULL;
}

static void release(void *p)
{
	struct blk *b;

	if (!p)
		return;
	b = (struct blk *)p - 1;
	if (b->size & MAPPED)
		munmap(b, b->size & ~MAPPED);
	else
		insert(b);
}

void *calloc(size_t n, size_t size)
{
	void *p;

	if (size && n > (size_t)-1 / size)
		return NULL;
	p = malloc(n * size);
	if (p)
		memset(p, 0, n * size);
	return p;
}

static void *resize(void *p, size_t n)
{
	struct blk *b;
	size_t have;
	void *q;

	if (!p)
		return alloc(n);
	if (n == 0) {
		release(p);
		return NULL;
	}
	b = (struct blk *)p - 1;
	have = (b->size & ~MAPPED) - sizeof(struct blk);
	if (n <= have)
		return p;
	q = alloc(n);
	if (!q)
		return NULL;
	memcpy(q, p, have);
	release(p);
	return q;
}

void *malloc(size_t n)
{
	void *p;

	__lock(&heap_lock);
	p = alloc(n);
	__unlock(&heap_lock);
	return p;
}

void free(void *p)
{
	if (!p)
		return;
	__lock(&heap_lock);
	release(p);
	__unlock(&heap_lock);
}

void *realloc(void *p, size_t n)
{
	__lock(&heap_lock);
	p = resize(p, n);
	__unlock(&heap_lock);
	return p;
}

void __malloc_lockall(void) { __lock(&heap_lock); }
void __malloc_unlockall(void) { __unlock(&heap_lock); }
