/* User-memory copy loops. Every instruction that touches user memory has
 * an __ex_table entry: if it faults and the fault cannot be resolved, the
 * trap handler resumes at the fixup label, which returns how many bytes
 * were left, instead of panicking. sstatus.SUM is set only inside. */
#include <asm/csr.h>

.macro EX fixup, insn:vararg
99:	\insn
	.pushsection __ex_table, "a"
	.balign 8
	.dword 99b, \fixup
	.popsection
.endm

	.text
/* size_t __asm_copy_user(void *dst, const void *src, size_t n):
 * returns the number of bytes not copied (0 on success). */
	.globl __asm_copy_user
__asm_copy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	or	t0, a0, a1
	andi	t0, t0, 7
	bnez	t0, 2f
	li	t1, 8
1:	bltu	a2, t1, 2f
	EX .Lfix, ld t2, 0(a1)
	EX .Lfix, sd t2, 0(a0)
	addi	a0, a0, 8
	addi	a1, a1, 8
	addi	a2, a2, -8
	j	1b
2:	beqz	a2, .Lfix
	EX .Lfix, lb t2, 0(a1)
	EX .Lfix, sb t2, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	a2, a2, -1
	j	2b
.Lfix:
	csrc	sstatus, t6
	mv	a0, a2
	ret

/* size_t __asm_clear_user(void *dst, size_t n): bytes not cleared. */
	.globl __asm_clear_user
__asm_clear_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
1:	beqz	a1, .Lfix2
	EX .Lfix2, sb zero, 0(a0)
	addi	a0, a0, 1
	addi	a1, a1, -1
	j	1b
.Lfix2:
	csrc	sstatus, t6
	mv	a0, a1
	ret

/* long __asm_strncpy_user(char *dst, const char *src, size_t n):
 * copies up to n bytes, stopping after a NUL. Returns the string length
 * (excluding NUL) if a NUL was copied, n if none was found in n bytes,
 * or -1 on a fault. */
	.globl __asm_strncpy_user
__asm_strncpy_user:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	li	t0, 0
1:	beq	t0, a2, 2f
	EX .Lfix3, lb t1, 0(a1)
	sb	t1, 0(a0)
	beqz	t1, 2f
	addi	a0, a0, 1
	addi	a1, a1, 1
	addi	t0, t0, 1
	j	1b
2:	csrc	sstatus, t6
	mv	a0, t0
	ret
.Lfix3:
	csrc	sstatus, t6
	li	a0, -1
	ret
