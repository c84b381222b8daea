/* Sv39 page tables: the kernel half built at boot, user tables on demand,
 * ioremap, TLB maintenance.
 *
 * The kernel half (root entries 256..511) is created once at boot and
 * copied into every user root table; it never gains root entries later
 * (ioremap's 1 GiB slot has its level-1 table from the start), so no copy
 * ever goes stale. */
#include <types.h>
#include <mm.h>
#include <mm_types.h>
#include <printk.h>
#include <string.h>
#include <spinlock.h>
#include <sched.h>
#include <asm/csr.h>
#include <asm/irqflags.h>
#include <asm/pgtable.h>
#include <asm/sbi.h>
#include <asm/processor.h>

extern char _start[], _end[];
static u64 kernel_pa_base;
static pte_t swapper_pgd[PTRS_PER_PT] __attribute__((aligned(4096)));
static pte_t kernel_pmd[PTRS_PER_PT] __attribute__((aligned(4096)));
static pte_t ioremap_pmd[PTRS_PER_PT] __attribute__((aligned(4096)));
#define BOOT_POOL 64
static u8 boot_pool[BOOT_POOL][PAGE_SIZE] __attribute__((aligned(4096)));
static int boot_pool_used;
static bool mm_up;
struct mm_struct init_mm;

#define PTE_KERNEL (PTE_V | PTE_R | PTE_W | PTE_X | PTE_A | PTE_D | PTE_G)
#define PTE_IO (PTE_V | PTE_R | PTE_W | PTE_A | PTE_D | PTE_G)

static u64 kimage_pa(const void *va) { return (u64)va - KERNEL_VBASE + kernel_pa_base; }
static u64 kimage_pa_end;	/* kimage_pa(_end), set with kernel_pa_base */
static bool in_kimage(u64 pa) { return pa >= kernel_pa_base && pa < kimage_pa_end; }

/* Kernel VA of a page-table page: boot-pool pages live in the image,
 * later ones in the direct map. */
static pte_t *table_va(pte_t pte)
{
	u64 pa = pte_pfn(pte) << PAGE_SHIFT;
	if (in_kimage(pa))
		return (pte_t *)(pa - kernel_pa_base + KERNEL_VBASE);
	return __va(pa);
}

static pte_t *alloc_table(u64 *pa)
{
	void *p;
	if (!mm_up) {
		if (boot_pool_used == BOOT_POOL)
			panic("mmu: boot page-table pool exhausted");
		p = boot_pool[boot_pool_used++];
		*pa = kimage_pa(p);
	} else {
		p = get_free_page();
		if (!p)
			return NULL;
		*pa = __pa(p);
	}
	return p;
}

/* Map [va, va+size) -> pa with the largest pages alignment allows. */
static void map_kernel_range(u64 va, u64 pa, u64 size, u64 prot)
{
	while (size) {
		int level = 0;
		for (int l = 2; l > 0; l--) {
			u64 psz = 1UL << (12 + 9 * l);
			if (((va | pa) & (psz - 1)) == 0 && size >= psz) {
				level = l;
				break;
			}
		}
		pte_t *pt = swapper_pgd;
		for (int l = 2; l > level; l--) {
			pte_t *e = &pt[VPN(va, l)];
			if (!(*e & PTE_V)) {
				u64 tpa;
				alloc_table(&tpa);
				*e = pfn_pte(tpa >> PAGE_SHIFT, PTE_V);
			}
			pt = table_va(*e);
		}
		pt[VPN(va, level)] = pfn_pte(pa >> PAGE_SHIFT, prot);
		u64 psz = 1UL << (12 + 9 * level);
		va += psz;
		pa += psz;
		size -= psz;
	}
}

/* Linear map of RAM less the no-map reserved ranges (firmware). */
extern struct memrange nomap_ranges[];
extern int n_nomap_ranges;

void setup_vm(u64 pa_base)
{
	kernel_pa_base = pa_base;
	kimage_pa_end = kimage_pa(_end);
	swapper_pgd[VPN(KERNEL_VBASE, 2)] = pfn_pte(kimage_pa(kernel_pmd) >> PAGE_SHIFT, PTE_V);
	swapper_pgd[VPN(IOREMAP_BASE, 2)] = pfn_pte(kimage_pa(ioremap_pmd) >> PAGE_SHIFT, PTE_V);
	map_kernel_range(KERNEL_VBASE, pa_base, ALIGN_UP((u64)_end - KERNEL_VBASE, 0x200000), PTE_KERNEL);
	for (int i = 0; i < n_mem_ranges; i++) {
		u64 s = mem_ranges[i].base, e = s + mem_ranges[i].size;
		while (s < e) {
			u64 cut = e, resume = e;
			for (int j = 0; j < n_nomap_ranges; j++) {
				u64 rs = nomap_ranges[j].base, re = rs + nomap_ranges[j].size;
				if (re > s && rs < cut) {
					cut = max(rs, s);
					resume = re;
				}
			}
			if (cut > s)
				map_kernel_range(PAGE_OFFSET + s, s, cut - s, PTE_KERNEL);
			s = resume;
		}
	}
	u64 satp = SATP_MODE_SV39 | (kimage_pa(swapper_pgd) >> PAGE_SHIFT);
	csr_write(satp, satp);
	local_flush_tlb_all();
	init_mm.pgd = swapper_pgd;
	spin_init(&init_mm.lock, "init_mm");
	INIT_LIST_HEAD(&init_mm.mmap);
	init_mm.users = 1;
}

void mmu_enable_allocator(void) { mm_up = true; }

u64 kernel_satp(void) { return SATP_MODE_SV39 | (kimage_pa(swapper_pgd) >> PAGE_SHIFT); }

u64 kernel_image_pa(void) { return kernel_pa_base; }

/* ioremap: a bump allocator over the 1 GiB slot; mappings are never torn
 * down (devices stay for the life of the system). */
static struct spinlock ioremap_lock = SPINLOCK_INIT("ioremap");
static u64 ioremap_next = IOREMAP_BASE;

void *ioremap(u64 pa, u64 size)
{
	u64 off = pa & (PAGE_SIZE - 1);
	size = ALIGN_UP(size + off, PAGE_SIZE);
	pa -= off;
	spin_lock(&ioremap_lock);
	u64 va = ioremap_next;
	if (va + size > IOREMAP_BASE + (1UL << 30)) {
		spin_unlock(&ioremap_lock);
		return NULL;
	}
	ioremap_next += size;
	for (u64 o = 0; o < size; o += PAGE_SIZE) {
		pte_t *e = walk_pte(swapper_pgd, va + o, true);
		if (!e) {
			spin_unlock(&ioremap_lock);
			return NULL;
		}
		*e = pfn_pte((pa + o) >> PAGE_SHIFT, PTE_IO);
	}
	spin_unlock(&ioremap_lock);
	local_flush_tlb_all();
	return (void *)(va + off);
}

/* ---- user page tables ---- */

pte_t *pgd_alloc(void)
{
	pte_t *pgd = get_free_page();
	if (!pgd)
		return NULL;
	memcpy(&pgd[PTRS_PER_PT / 2], &swapper_pgd[PTRS_PER_PT / 2], PAGE_SIZE / 2);
	return pgd;
}

static pte_t *__attribute__((noinline)) pte_table_slow(pte_t *pgd, u64 va, bool alloc, u64 *next)
{
	pte_t *pt = pgd;
	for (int l = 2; l > 0; l--) {
		pte_t *e = &pt[VPN(va, l)];
		if (!(*e & PTE_V)) {
			u64 pa;
			if (!alloc || !alloc_table(&pa)) {
				*next = ALIGN_DOWN(va, 1UL << (12 + 9 * l)) + (1UL << (12 + 9 * l));
				return NULL;
			}
			*e = pfn_pte(pa >> PAGE_SHIFT, PTE_V);
		} else if (pte_leaf(*e)) {
			*next = ALIGN_DOWN(va, 1UL << (12 + 9 * l)) + (1UL << (12 + 9 * l));
			return NULL;
		}
		pt = table_va(*e);
	}
	*next = ALIGN_DOWN(va, 1UL << 21) + (1UL << 21);
	return pt;
}

/* The common case inline: both upper levels present, pointing to tables
 * (every fault on a mapped page, every walk of a populated range). */
pte_t *pte_table(pte_t *pgd, u64 va, bool alloc, u64 *next)
{
	pte_t e = pgd[VPN(va, 2)];
	if (likely((e & (PTE_V | PTE_LEAF)) == PTE_V)) {
		e = table_va(e)[VPN(va, 1)];
		if (likely((e & (PTE_V | PTE_LEAF)) == PTE_V)) {
			*next = ALIGN_DOWN(va, 1UL << 21) + (1UL << 21);
			return table_va(e);
		}
		if (!e && !alloc) {	/* nothing in this 2 MiB */
			*next = ALIGN_DOWN(va, 1UL << 21) + (1UL << 21);
			return NULL;
		}
	}
	return pte_table_slow(pgd, va, alloc, next);
}

pte_t *walk_pte(pte_t *pgd, u64 va, bool alloc)
{
	u64 next;
	pte_t *pt = pte_table(pgd, va, alloc, &next);
	return pt ? &pt[VPN(va, 0)] : NULL;
}

pte_t *pmd_entry(pte_t *pgd, u64 va)
{
	pte_t e = pgd[VPN(va, 2)];
	if (!(e & PTE_V) || pte_leaf(e))
		return NULL;
	return &table_va(e)[VPN(va, 1)];
}

/* The level-1 entry for va, making the level-1 table if need be; NULL
 * when out of memory. */
pte_t *pmd_entry_alloc(pte_t *pgd, u64 va)
{
	pte_t *e = &pgd[VPN(va, 2)];
	if (!(*e & PTE_V)) {
		u64 pa;
		if (!alloc_table(&pa))
			return NULL;
		*e = pfn_pte(pa >> PAGE_SHIFT, PTE_V);
	}
	return &table_va(*e)[VPN(va, 1)];
}

/* Free the user half's level-1 tables and the root. The level-0 tables
 * must be gone already (mmput puts them, finding them through the VMAs).
 * No hart may be using pgd. */
void pgd_free(pte_t *pgd)
{
	for (int i = 0; i < PTRS_PER_PT / 2; i++)
		if (pgd[i] & PTE_V)
			free_page(table_va(pgd[i]));
	free_page(pgd);
}

/* W without R is a reserved encoding in Sv39, and the kernel's uaccess
 * (SUM without MXR) cannot read execute-only pages: so writable and
 * executable user pages are readable too, as on most architectures. */
/* Install next's page table on this hart (arch/riscv/asid.c keeps the
 * TLB across switches where the hart has ASIDs). Without ASIDs the whole
 * TLB goes at every switch, so a hart drops out of prev's cpumask as it
 * leaves; with them the mask is sticky (see asid.c). */
void asid_switch(struct mm_struct *next, u64 pgd_pa, int cpu);
long mm_asid(struct mm_struct *mm);
extern unsigned int asid_bits;

void switch_mm(struct mm_struct *prev, struct mm_struct *next, int cpu)
{
	if (prev == next)
		return;
	if (prev && !asid_bits)
		__atomic_and_fetch(&prev->cpumask, ~(1UL << cpu), __ATOMIC_SEQ_CST);
	asid_switch(next, next->pgd == swapper_pgd ? kimage_pa(swapper_pgd) : __pa(next->pgd), cpu);
}

static void flush_others(struct mm_struct *mm, u64 start, u64 size)
{
	/* Order our PTE stores before reading who may cache them: a hart
	 * joining the mm after this read walks the new tables. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	/* "me" must stay this hart until the mask is made: interrupts off
	 * (callers hold mm->lock, which has them off already) */
	bool on = arch_irqs_enabled();
	if (on)
		irq_push_off();
	int me = this_cpu()->id;
	u64 others = mm->cpumask & ~(1UL << me);
	unsigned long mask = 0;
	for (int c = 0; others; c++, others >>= 1)	/* usually none */
		if (others & 1)
			mask |= 1UL << cpus[c].hartid;
	if (on)
		irq_pop_off();
	if (!mask)
		return;
	long asid = mm_asid(mm);
	if (asid >= 0)
		sbi_remote_sfence_vma_asid(mask, 0, start, size, asid);
	else
		sbi_remote_sfence_vma(mask, 0, start, size);
}

void flush_tlb_range(struct mm_struct *mm, u64 start, u64 end)
{
	if (end - start > 64 * PAGE_SIZE) {
		flush_tlb_mm(mm);
		return;
	}
	for (u64 va = start; va < end; va += PAGE_SIZE)
		local_flush_tlb_page(va);
	flush_others(mm, start, end - start);
}

void flush_tlb_mm(struct mm_struct *mm)
{
	long asid = mm_asid(mm);
	if (asid >= 0)
		__asm__ __volatile__("sfence.vma zero, %0" :: "r"(asid) : "memory");
	else
		local_flush_tlb_all();
	flush_others(mm, 0, ~0UL);
}
