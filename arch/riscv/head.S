/* Boot entry. OpenSBI (or U-Boot's booti) enters here in S-mode with the
 * MMU off, a0 = hartid, a1 = physical address of the device tree. The image
 * may sit at any 2 MiB-aligned physical address, so until the MMU is on
 * only PC-relative addressing is used. */
#include <asm/csr.h>

#define KERNEL_VBASE 0xffffffff80000000
#define PTE_KERNEL_LEAF 0xcf	/* V R W X A D */
#define PTE_TABLE 0x1

	.section .head.text, "ax"
	.globl _start
_start:
	/* The 64-byte RISC-V Linux Image header that booti understands.
	 * norvc: code0 must be a full 4-byte jump or every field moves. */
	.option push
	.option norvc
	j	_start_kernel		/* code0 */
	.word	0			/* code1 */
	.dword	0x200000		/* text_offset */
	.dword	_end - _start		/* image_size, bss included */
	.dword	0			/* flags: little endian */
	.word	2			/* version 0.2 */
	.word	0
	.dword	0
	.ascii	"RISCV\0\0\0"		/* magic (deprecated) */
	.ascii	"RSC\x05"		/* magic2 */
	.word	0
	.option pop

_start_kernel:
	csrw	sie, zero
	csrw	sip, zero
	mv	s0, a0			/* hartid */
	mv	s1, a1			/* dtb pa */

	/* Only the first hart through claims the boot; any others OpenSBI
	 * started (old firmware without HSM) park until started properly. */
	la	t0, boot_lottery
	li	t1, 1
	amoadd.w t1, t1, (t0)
	bnez	t1, .Lpark

	/* zero .bss (physical addresses, PC-relative) */
	la	t0, __bss_start
	la	t1, __bss_end
1:	bgeu	t0, t1, 2f
	sd	zero, 0(t0)
	addi	t0, t0, 8
	j	1b
2:
	/* early_pgd[510] -> early_pmd, whose 2 MiB leaves map KERNEL_VBASE..+32M
	 * to our load address. The device tree is reached through the direct
	 * map: a 1 GiB leaf at slot 256 + dtb_pa/1G. */
	la	s2, _start		/* load physical address */
	la	t0, early_pgd
	la	t1, early_pmd
	srli	t2, t1, 12
	slli	t2, t2, 10
	ori	t2, t2, PTE_TABLE
	li	t3, 510 * 8
	add	t3, t3, t0
	sd	t2, 0(t3)

	li	t3, 16			/* 16 x 2 MiB = 32 MiB of kernel image */
	mv	t4, s2
	mv	t5, t1
3:	srli	t2, t4, 12
	slli	t2, t2, 10
	ori	t2, t2, PTE_KERNEL_LEAF
	sd	t2, 0(t5)
	li	t6, 0x200000
	add	t4, t4, t6
	addi	t5, t5, 8
	addi	t3, t3, -1
	bnez	t3, 3b

	srli	t3, s1, 30		/* dtb gigapage */
	slli	t2, t3, 28		/* (pa >> 30) << 18 << 10 = pa >> 30 << 28 */
	ori	t2, t2, PTE_KERNEL_LEAF
	addi	t3, t3, 256
	slli	t3, t3, 3
	add	t3, t3, t0
	sd	t2, 0(t3)

	/* Turn the MMU on. The next fetch, at a physical address that is not
	 * mapped, faults to stvec = the virtual address of .Lhigh. */
	ld	t2, .Lhigh_va
	csrw	stvec, t2
	srli	t0, t0, 12
	li	t1, SATP_MODE_SV39
	or	t0, t0, t1
	sfence.vma
	csrw	satp, t0
	j	.Lpark			/* not reached */

	.align 3
.Lhigh_va:
	.dword	.Lhigh

	.align 2
.Lhigh:
	la	sp, boot_stack_top
	li	tp, 0
	la	t0, trap_bad_early
	csrw	stvec, t0
	mv	a0, s0
	mv	a1, s1
	mv	a2, s2
	call	start_kernel
.Lpark:
	wfi
	j	.Lpark

/* Secondary harts, started by SBI HSM: a0 = hartid, a1 = opaque = the
 * kernel VA of {satp, sp, tp} prepared by the boot hart. The MMU is off,
 * so read the block through its physical address first. */
	.globl secondary_entry
secondary_entry:
	csrw	sie, zero
	la	t0, _start		/* physical load address */
	li	t1, KERNEL_VBASE
	sub	t1, a1, t1
	add	t1, t1, t0		/* pa of the block */
	ld	t2, 0(t1)		/* satp */
	ld	t3, .Lsec_high_va
	csrw	stvec, t3
	sfence.vma
	csrw	satp, t2
	j	.Lpark
	.align 3
.Lsec_high_va:
	.dword	.Lsec_high
	.align 2
.Lsec_high:
	sfence.vma
	ld	sp, 8(a1)
	ld	tp, 16(a1)
	la	t0, trap_bad_early
	csrw	stvec, t0
	call	secondary_start
	j	.Lpark

	.section .data
	.align 2
boot_lottery:
	.word	0

	.section .bss.page_aligned, "aw", @nobits
	.align 12
	.globl early_pgd
early_pgd:
	.space 4096
early_pmd:
	.space 4096
	.globl boot_stack
boot_stack:
	.space 16384
	.globl boot_stack_top
boot_stack_top:
