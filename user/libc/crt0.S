# Process entry. The kernel leaves sp pointing at
#   argc, argv[0..argc-1], NULL, envp[...], NULL, auxv pairs, AT_NULL.
	.section .text.entry, "ax"
	.globl _start
_start:
	.option push
	.option norelax
	lla gp, __global_pointer$
	.option pop
	mv a0, sp
	andi sp, sp, -16
	li ra, 0
	call __libc_start
1:	j 1b
