# _Noreturn void __unmap_self_and_exit(void *base, size_t len)
# The last steps of a detached thread: unmap its own block (stack, thread
# descriptor and TLS) and SYS_exit, touching no memory in between -- after
# the munmap the stack is gone. The caller has blocked every signal (a
# handler would need the stack) and cleared its clear_child_tid (the
# kernel would otherwise write 0 into the freed range at exit, which by then
# may belong to a new mapping).
	.text
	.globl __unmap_self_and_exit
	.type __unmap_self_and_exit, @function
__unmap_self_and_exit:
	li a7, 215		# SYS_munmap(a0, a1)
	ecall
	li a0, 0
	li a7, 93		# SYS_exit(0): this thread only
	ecall
1:	j 1b
	.size __unmap_self_and_exit, .-__unmap_self_and_exit
	.section .note.GNU-stack,"",@progbits
