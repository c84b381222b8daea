/*
 * Libc-internal thread state.
 *
 * Thread block layout (one mmap per thread, lowest address first):
 *
 *     [guard page, PROT_NONE][stack ... grows down][struct pthread][TLS block]
 *                                                                  ^ tp
 *
 * RISC-V uses TLS variant I with a zero-sized TCB: tp points at the first
 * byte of the executable's TLS block (the PT_TLS image: p_filesz bytes
 * copied, the rest up to p_memsz zero) and the linker resolves a __thread
 * variable to tp + (its address - PT_TLS p_vaddr). So tp must be aligned
 * to p_align, and our thread descriptor lives directly below tp, where
 * pthread_self() finds it with no memory access. The main thread gets the
 * same [struct pthread][TLS] block (no stack) from __libc_start.
 */
#ifndef _LIBC_PTHREAD_IMPL_H
#define _LIBC_PTHREAD_IMPL_H
#include <pthread.h>
#include <stdint.h>
#include <time.h>

/* state: who frees the thread block. Transitions (atomic CAS):
 *   JOINABLE -> DETACHED  (pthread_detach; the thread unmaps itself at exit)
 *   JOINABLE -> EXITING   (pthread_exit; the joiner unmaps after tid == 0) */
#define T_JOINABLE 0
#define T_DETACHED 1
#define T_EXITING 2

struct pthread {
	struct pthread *self;
	/* The kernel writes it (CLONE_PARENT_SETTID) before the thread can
	 * run, and at thread exit stores 0 and futex-wakes it
	 * (CLONE_CHILD_CLEARTID): joiners wait on it. */
	int tid;
	int state;
	void *(*start)(void *);
	void *arg;
	void *result;
	void *map;		/* the whole thread block, for munmap */
	size_t map_size;
	struct {
		void *value;
		unsigned seq;	/* valid iff == the key's current seq */
	} spec[PTHREAD_KEYS_MAX];
} __attribute__((aligned(16)));

static inline struct pthread *__self(void)
{
	uintptr_t tp;

	__asm__("mv %0, tp" : "=r"(tp));
	return (struct pthread *)tp - 1;
}

/* The PT_TLS image, from __init_tls. */
extern const void *__tls_image;
extern size_t __tls_filesz, __tls_memsz, __tls_align;
/* Number of live threads; the last one out of pthread_exit ends the process. */
extern int __threads_live;

/* Bytes needed above a stack for [struct pthread][TLS] with alignment slack. */
size_t __tls_area_size(void);
/* Lays out [struct pthread][TLS] ending at most at `top` (copying the TLS
 * image, zeroing the rest) and returns the thread descriptor; tp for it is
 * (uintptr_t)(result + 1). */
struct pthread *__tls_carve(char *top);
void __init_tls(unsigned long *auxv);
void __run_key_dtors(struct pthread *self);

/* futex wrappers: raw results (0 or -errno). abstime NULL = forever;
 * else an absolute deadline on clock `clk` (REALTIME or MONOTONIC). */
long __futex_wait(volatile void *addr, int val, const struct timespec *abstime, int clk);
long __futex_wake(volatile void *addr, int n);

/* Plain 3-state futex lock for the libc's own use (0 is unlocked). */
void __lock(volatile int *l);
void __unlock(volatile int *l);
/* Takes the lock marking it contended (for relocking after a wait). */
void __lock_contended(volatile int *l);
int __lock_timed(volatile int *l, const struct timespec *abstime, int clk, int contended);

/* fork support: hold every libc lock across the clone. */
void __malloc_lockall(void);
void __malloc_unlockall(void);
void __stdio_fork_prepare(void);
void __stdio_fork_parent(void);
void __stdio_fork_child(void);

#endif
