# pid_t vfork(void)
# clone(CLONE_VM | CLONE_VFORK | SIGCHLD) with no new stack: the child runs
# on the parent's stack until it execs or exits, and the parent then
# resumes inside this very function. So nothing here may use the stack:
# the return address stays in ra (a register, restored for the parent from
# its own trap frame), and the child's later calls can overwrite the
# memory below the caller's frame without harm. Errors (parent only) go
# through __syscall_ret, after the ecall.
	.text
	.globl vfork
	.type vfork, @function
vfork:
	li a0, 0x4111		# CLONE_VM | CLONE_VFORK | SIGCHLD
	li a1, 0		# same stack
	li a2, 0
	li a3, 0
	li a4, 0
	li a7, 220		# SYS_clone
	ecall
	bltz a0, 1f
	ret			# child: 0, parent: pid
1:	tail __syscall_ret
	.size vfork, .-vfork
	.section .note.GNU-stack,"",@progbits
