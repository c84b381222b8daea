# int clone(int (*fn)(void *), void *stack, int flags, void *arg,
#           pid_t *ptid, void *tls, pid_t *ctid)
# glibc/musl convention: the child starts on `stack` (highest address of
# its stack), calls fn(arg) and leaves with SYS_exit(fn's result) -- only
# the calling thread exits. Returns the child's tid in the parent, or -1
# with errno set. The raw riscv64 clone argument order is
# (flags, newsp, parent_tid, tls, child_tid).
#
# long __clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
# Raw clone3 (435): returns the raw kernel result (-errno on failure).
# In the child, if fn is non-NULL it is called with arg on the stack the
# kernel set up (args->stack + args->stack_size) and the child leaves with
# SYS_exit; if fn is NULL the child returns 0 to the caller (fork-like,
# only safe without a new stack).
	.text
	.globl clone
	.type clone, @function
clone:
	beqz a0, 2f
	beqz a1, 2f
	andi a1, a1, -16
	addi a1, a1, -16
	sd a0, 0(a1)
	sd a3, 8(a1)
	slli a0, a2, 32		# flags: an int, zero-extended (the kernel uses 32 bits)
	srli a0, a0, 32
	mv a2, a4
	mv a3, a5
	mv a4, a6
	li a7, 220
	ecall
	beqz a0, 1f
	tail __syscall_ret	# parent: tid or -1/errno
1:	ld a1, 0(sp)		# child: on its own stack
	ld a0, 8(sp)
	li ra, 0
	jalr a1
	li a7, 93		# SYS_exit(result)
	ecall
3:	j 3b
2:	li a0, -22		# EINVAL: no fn or no stack
	tail __syscall_ret
	.size clone, .-clone

	.globl __clone3
	.type __clone3, @function
__clone3:
	mv t1, a2
	mv t2, a3
	li a7, 435
	ecall
	bnez a0, 1f
	beqz t1, 1f
	mv a0, t2		# child with fn: call it on the new stack
	li ra, 0
	jalr t1
	li a7, 93
	ecall
2:	j 2b
1:	ret
	.size __clone3, .-__clone3
	.section .note.GNU-stack,"",@progbits
