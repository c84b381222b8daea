/* Sv39 page tables: three levels of 512 entries, 4 KiB pages. */
#ifndef ASM_PGTABLE_H
#define ASM_PGTABLE_H
#include <types.h>

typedef u64 pte_t;
#define PTE_V (1UL << 0)
#define PTE_R (1UL << 1)
#define PTE_W (1UL << 2)
#define PTE_X (1UL << 3)
#define PTE_U (1UL << 4)
#define PTE_G (1UL << 5)
#define PTE_A (1UL << 6)
#define PTE_D (1UL << 7)
#define PTE_COW (1UL << 8)	/* RSW bit: write-protected for copy-on-write */
#define PTE_LEAF (PTE_R | PTE_W | PTE_X)

#define PTE_PPN_SHIFT 10
#define pte_pfn(p) (((p) >> PTE_PPN_SHIFT) & ((1UL << 44) - 1))
#define pfn_pte(pfn, prot) (((u64)(pfn) << PTE_PPN_SHIFT) | (prot))
#define pte_leaf(p) (((p) & PTE_LEAF) != 0)
#define VPN(va, level) (((va) >> (12 + 9 * (level))) & 0x1ff)
#define PTRS_PER_PT 512

static inline void local_flush_tlb_all(void) { __asm__ __volatile__("sfence.vma" ::: "memory"); }
static inline void local_flush_tlb_page(unsigned long va)
{
	__asm__ __volatile__("sfence.vma %0" :: "r"(va) : "memory");
}
#endif
