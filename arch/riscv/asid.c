/* Address-space identifiers: switching between processes keeps the TLB.
 *
 * Each user mm gets an ASID for the current generation; satp carries it,
 * so a switch flushes nothing and each hart's TLB keeps entries for
 * several address spaces side by side (kernel entries are global). When
 * the ASIDs of a generation run out, a new generation starts: the bitmap
 * is cleared, every hart must flush its whole TLB before its next satp
 * write, and the ASID each hart is running right now stays reserved, so
 * a process still running on some hart keeps its number when it next
 * switches in (its threads on other harts still use it). ASID 0 is
 * init_mm's (only global kernel entries). A hart without ASIDs (probed
 * at boot: the satp ASID field is WARL) gets today's flush at every switch.
 *
 * asid_lock (interrupts off) protects everything below and mm->asid_ctx,
 * mm->cpumask's reset when an mm gets a new number. An mm's cpumask stays
 * sticky while its number lives: a hart that ran it may keep its entries
 * after switching away, and flushes for the mm must reach it. */
#include <types.h>
#include <mm.h>
#include <mm_types.h>
#include <spinlock.h>
#include <string.h>
#include <printk.h>
#include <cmdline.h>
#include <asm/csr.h>
#include <asm/processor.h>
#include <asm/pgtable.h>

#define SATP_ASID_SHIFT 44
#define SATP_ASID_MAX 0xffffUL

unsigned int asid_bits;			/* 0: no ASIDs */
static u64 asid_mask, generation, next_asid = 1;
static u64 *asid_map;			/* bit per ASID taken in this generation */
static u64 active[NR_CPUS], reserved[NR_CPUS];
static unsigned long flush_pending;	/* cpu indices that must flush before loading */
static struct spinlock asid_lock = SPINLOCK_INIT("asid");

static bool test_and_set(u64 a)
{
	bool was = asid_map[a / 64] & (1UL << (a % 64));
	asid_map[a / 64] |= 1UL << (a % 64);
	return was;
}

/* Boot, with the allocator up: how many ASID bits does this hart keep? */
void asid_init(void)
{
	u64 old = csr_read(satp);
	csr_write(satp, old | (SATP_ASID_MAX << SATP_ASID_SHIFT));
	u64 got = (csr_read(satp) >> SATP_ASID_SHIFT) & SATP_ASID_MAX;
	csr_write(satp, old);
	local_flush_tlb_all();
	unsigned int bits = 0;
	while (got & (1UL << bits))
		bits++;
	/* asid_bits=N on the command line uses fewer (tests: rollovers) */
	char v[8];
	if (cmdline_arg("asid_bits", v, sizeof(v)) && v[0] >= '0' && v[0] <= '9') {
		unsigned int want = (unsigned int)(v[0] - '0') * (v[1] ? 10 : 1) +
				    (v[1] ? (unsigned int)(v[1] - '0') : 0);
		bits = min(bits, want);
	}
	/* A rollover reserves one ASID per hart: with fewer than twice as
	 * many as harts, rollovers would come too often to pay. */
	if ((1UL << bits) <= 2UL * (u64)nr_cpus)
		bits = 0;
	if (bits && !(asid_map = kzalloc(((1UL << bits) + 63) / 64 * 8)))
		bits = 0;
	asid_bits = bits;
	asid_mask = (1UL << bits) - 1;
	generation = 1UL << bits;
	if (bits)
		asid_map[0] = 1;	/* init_mm */
	printk("mmu: %u ASID bits%s\n", bits, bits ? "" : " (flush at every switch)");
}

static void new_generation(void)
{
	__atomic_store_n(&generation, generation + (1UL << asid_bits), __ATOMIC_RELAXED);
	__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* then read active[]: see asid_switch */
	memset(asid_map, 0, ((1UL << asid_bits) + 63) / 64 * 8);
	asid_map[0] = 1;
	/* A hart's active context is taken (and cleared) once: a hart that
	 * has not switched since the last rollover still runs what reserved
	 * says, updated to the generation it was kept in. Reading a stale
	 * active[] again would reserve the old generation's value, which no
	 * longer matches the mm's context, and the mm would get a new number
	 * (and a cleared cpumask) while that hart still runs it. */
	for (int c = 0; c < nr_cpus; c++) {
		u64 a = __atomic_exchange_n(&active[c], 0, __ATOMIC_RELAXED);
		if (a)
			reserved[c] = a;
		if (reserved[c])
			test_and_set(reserved[c] & asid_mask);
	}
	flush_pending = (1UL << nr_cpus) - 1;
	next_asid = 1;
}

/* A context of the current generation for mm. */
static u64 new_context(struct mm_struct *mm)
{
	u64 old = mm->asid_ctx;
	if (old) {
		/* running on some hart at the rollover: keep the number */
		bool kept = false;
		for (int c = 0; c < nr_cpus; c++)
			if (reserved[c] == old) {
				reserved[c] = generation | (old & asid_mask);
				kept = true;
			}
		if (kept)
			return generation | (old & asid_mask);
	}
	for (int pass = 0; pass < 2; pass++) {
		for (u64 a = next_asid; a <= asid_mask; a++) {
			if (!test_and_set(a)) {
				next_asid = a + 1;
				mm->cpumask = 0;	/* nobody has entries under this number */
				return generation | a;
			}
		}
		new_generation();
	}
	panic("asid: no free ASID after a rollover");
}

/* asid_switch's slow path: a context of an older generation, a flush
 * owed, or a rollover seen while publishing. Returns the context to run
 * with; *flush: this hart must flush its TLB. Out of line, so that the
 * common case needs no large stack frame. */
static u64 __attribute__((noinline)) asid_switch_slow(struct mm_struct *next, int cpu, bool *flush)
{
	spin_lock(&asid_lock);
	if ((next->asid_ctx & ~asid_mask) != generation)
		next->asid_ctx = new_context(next);
	u64 ctx = next->asid_ctx;
	active[cpu] = ctx;
	*flush = flush_pending & (1UL << cpu);
	flush_pending &= ~(1UL << cpu);
	spin_unlock(&asid_lock);
	return ctx;
}

/* Load next's page table on this hart (interrupts off).
 *
 * The common case takes no lock: next's context is of this generation
 * and this hart owes no flush. Publishing active[cpu] and then reading
 * the generation again pairs with new_generation bumping the generation
 * and then reading active[] (a full fence on each side): either the
 * rollover sees our context and reserves its number, or we see the new
 * generation and take the slow path. */
void asid_switch(struct mm_struct *next, u64 pgd_pa, int cpu)
{
	if (next == &init_mm) {
		/* ASID 0 holds only global kernel entries: no flush owed now
		 * (one pending is done at the next user switch), and active[]
		 * may keep the last user context, which only keeps its number
		 * reserved a little longer. */
		csr_write(satp, SATP_MODE_SV39 | (pgd_pa >> PAGE_SHIFT));
		if (!asid_bits)
			local_flush_tlb_all();
		return;
	}
	u64 asid = 0, ctx = READ_ONCE(next->asid_ctx);
	bool flush = true;
	if (asid_bits) {
		u64 g = __atomic_load_n(&generation, __ATOMIC_ACQUIRE);
		flush = false;
		if ((ctx & ~asid_mask) == g && !(READ_ONCE(flush_pending) & (1UL << cpu))) {
			__atomic_store_n(&active[cpu], ctx, __ATOMIC_RELAXED);
			__atomic_thread_fence(__ATOMIC_SEQ_CST);
			if (__atomic_load_n(&generation, __ATOMIC_RELAXED) != g)
				ctx = asid_switch_slow(next, cpu, &flush);
		} else {
			ctx = asid_switch_slow(next, cpu, &flush);
		}
		asid = ctx & asid_mask;
	}
	if (!(next->cpumask & (1UL << cpu)))
		__atomic_or_fetch(&next->cpumask, 1UL << cpu, __ATOMIC_SEQ_CST);
	csr_write(satp, SATP_MODE_SV39 | (asid << SATP_ASID_SHIFT) | (pgd_pa >> PAGE_SHIFT));
	if (flush)
		local_flush_tlb_all();
}

/* The ASID to name mm by in fences; -1: none (flush every ASID). */
long mm_asid(struct mm_struct *mm)
{
	if (!asid_bits)
		return -1;
	u64 ctx = READ_ONCE(mm->asid_ctx);
	/* a context of an older generation may be in use under its old
	 * number on a hart that has not switched since: flush all then */
	return (ctx & ~asid_mask) == READ_ONCE(generation) ? (long)(ctx & asid_mask) : -1;
}
