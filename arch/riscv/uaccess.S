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

/* Atomic read-modify-write of a user futex word (a0: user address,
 * 4-byte aligned and below TASK_SIZE: checked by the caller). A fault the
 * trap handler cannot resolve lands on the fixup, which returns -1. */

/* long __asm_futex_cmpxchg(u32 *uaddr, u32 old, u32 new, u32 *cur):
 * if *uaddr == old, store new; either way *cur (kernel) gets the value
 * found. Returns 0, or -1 on a fault. */
	.globl __asm_futex_cmpxchg
__asm_futex_cmpxchg:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	sext.w	a1, a1
1:	EX .Lfix4, lr.w.aqrl t0, (a0)
	bne	t0, a1, 2f
	EX .Lfix4, sc.w.aqrl t1, a2, (a0)
	bnez	t1, 1b
2:	csrc	sstatus, t6
	sw	t0, 0(a3)
	li	a0, 0
	ret
.Lfix4:
	csrc	sstatus, t6
	li	a0, -1
	ret

/* long __asm_futex_atomic_op(u32 *uaddr, int op, u32 arg, u32 *old):
 * FUTEX_OP_SET 0, ADD 1, OR 2, ANDN 3 (arg already inverted by the
 * caller, so an AND), XOR 4. *old (kernel) gets the previous value.
 * Returns 0, -1 on a fault, -2 for an unknown op. */
	.globl __asm_futex_atomic_op
__asm_futex_atomic_op:
	li	t6, SSTATUS_SUM
	csrs	sstatus, t6
	li	t1, 0
	beq	a1, t1, 10f
	li	t1, 1
	beq	a1, t1, 11f
	li	t1, 2
	beq	a1, t1, 12f
	li	t1, 3
	beq	a1, t1, 13f
	li	t1, 4
	beq	a1, t1, 14f
	csrc	sstatus, t6
	li	a0, -2
	ret
10:	EX .Lfix5, amoswap.w.aqrl t0, a2, (a0)
	j	20f
11:	EX .Lfix5, amoadd.w.aqrl t0, a2, (a0)
	j	20f
12:	EX .Lfix5, amoor.w.aqrl t0, a2, (a0)
	j	20f
13:	EX .Lfix5, amoand.w.aqrl t0, a2, (a0)
	j	20f
14:	EX .Lfix5, amoxor.w.aqrl t0, a2, (a0)
20:	csrc	sstatus, t6
	sw	t0, 0(a3)
	li	a0, 0
	ret
.Lfix5:
	csrc	sstatus, t6
	li	a0, -1
	ret
