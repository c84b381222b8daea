/* Small atomics helpers on the GCC __atomic builtins (all sequentially
 * consistent unless the name says otherwise). Work on any integer or
 * pointer object; p is a pointer to it. */
#ifndef _ATOMIC_H
#define _ATOMIC_H

#define a_load(p) __atomic_load_n((p), __ATOMIC_SEQ_CST)
#define a_load_relaxed(p) __atomic_load_n((p), __ATOMIC_RELAXED)
#define a_load_acquire(p) __atomic_load_n((p), __ATOMIC_ACQUIRE)
#define a_store(p, v) __atomic_store_n((p), (v), __ATOMIC_SEQ_CST)
#define a_store_relaxed(p, v) __atomic_store_n((p), (v), __ATOMIC_RELAXED)
#define a_store_release(p, v) __atomic_store_n((p), (v), __ATOMIC_RELEASE)
#define a_xchg(p, v) __atomic_exchange_n((p), (v), __ATOMIC_SEQ_CST)
/* Returns the new value. */
#define a_add(p, v) __atomic_add_fetch((p), (v), __ATOMIC_SEQ_CST)
#define a_sub(p, v) __atomic_sub_fetch((p), (v), __ATOMIC_SEQ_CST)
#define a_inc(p) a_add((p), 1)
#define a_dec(p) a_sub((p), 1)
/* Return the old value. */
#define a_fetch_add(p, v) __atomic_fetch_add((p), (v), __ATOMIC_SEQ_CST)
#define a_fetch_or(p, v) __atomic_fetch_or((p), (v), __ATOMIC_SEQ_CST)
#define a_fetch_and(p, v) __atomic_fetch_and((p), (v), __ATOMIC_SEQ_CST)
/* Compare-and-swap: if *p == *expected store v and return 1; else load
 * *p into *expected and return 0. */
#define a_cas(p, expected, v) \
	__atomic_compare_exchange_n((p), (expected), (v), 0, __ATOMIC_SEQ_CST, __ATOMIC_SEQ_CST)
/* Returns the value *p held before (== old means it succeeded). */
#define a_cas_val(p, old, v) ({ __typeof__(*(p)) __o = (old); a_cas((p), &__o, (v)); __o; })
#define a_barrier() __atomic_thread_fence(__ATOMIC_SEQ_CST)
/* Spin-wait hint (the Zihintpause encoding; a no-op elsewhere). */
#define a_pause() __asm__ volatile(".insn i 0x0f, 0, x0, x0, 0x010")

#endif
