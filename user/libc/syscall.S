# long __syscall6(long n, long a, long b, long c, long d, long e, long f)
# Returns the raw kernel result (-errno on failure).
	.text
	.globl __syscall6
__syscall6:
	mv t0, a0
	mv a0, a1
	mv a1, a2
	mv a2, a3
	mv a3, a4
	mv a4, a5
	mv a5, a6
	mv a7, t0
	ecall
	ret
