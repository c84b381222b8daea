/* Native (host gcc + glibc) build of cleave's portable guest tests.
 *
 * tests/difftest/run compiles user/tests/NAME.c with
 *   cc -D_GNU_SOURCE -include tests/difftest/compat/cleave_compat.h
 * so the cleave-libc-only helpers the tests use exist on glibc too:
 *   __syscall0..6   raw system calls returning -errno (errno untouched),
 *                   inline so they are safe in vfork / CLONE_VM children;
 *                   __syscall5(SYS_clone, flags, sp, ptid, tls, ctid) takes
 *                   the riscv64 argument order and is reordered per arch
 *                   (x86_64: flags, sp, ptid, ctid, tls)
 *   __syscall_ret   -errno -> -1/errno
 *   __clone3        raw clone3 with an optional fn (cleave's user/libc/clone.S)
 *   getcwd          the bare system call, like cleave libc's (glibc's
 *                   getcwd(NULL, n) would allocate a buffer instead)
 *   struct clone_args, CLONE_ARGS_SIZE_VER*, SYS_clone3
 * Works for x86_64 (the reference) and riscv64 (glibc builds for
 * qemu-riscv64 user mode). */
#ifndef CLEAVE_COMPAT_H
#define CLEAVE_COMPAT_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <errno.h>
#include <sched.h>
#include <stddef.h>
#include <unistd.h>
#include <sys/syscall.h>

#if defined(__x86_64__)
static inline __attribute__((always_inline, unused)) long
__cleave_sc6(long n, long a, long b, long c, long d, long e, long f)
{
	register long r10 __asm__("r10") = d;
	register long r8 __asm__("r8") = e;
	register long r9 __asm__("r9") = f;
	long ret;

	__asm__ volatile("syscall"
			 : "=a"(ret)
			 : "a"(n), "D"(a), "S"(b), "d"(c), "r"(r10), "r"(r8), "r"(r9)
			 : "rcx", "r11", "memory");
	return ret;
}
/* x86_64 clone: (flags, newsp, parent_tid, child_tid, tls) */
#define __CLEAVE_CLONE(n, a, b, c, d, e) __syscall6(n, a, b, c, e, d, 0)
#elif defined(__riscv) && __riscv_xlen == 64
static inline __attribute__((always_inline, unused)) long
__cleave_sc6(long n, long a, long b, long c, long d, long e, long f)
{
	register long a0 __asm__("a0") = a;
	register long a1 __asm__("a1") = b;
	register long a2 __asm__("a2") = c;
	register long a3 __asm__("a3") = d;
	register long a4 __asm__("a4") = e;
	register long a5 __asm__("a5") = f;
	register long a7 __asm__("a7") = n;

	__asm__ volatile("ecall"
			 : "+r"(a0)
			 : "r"(a1), "r"(a2), "r"(a3), "r"(a4), "r"(a5), "r"(a7)
			 : "memory");
	return a0;
}
/* riscv64 clone: (flags, newsp, parent_tid, tls, child_tid) */
#define __CLEAVE_CLONE(n, a, b, c, d, e) __syscall6(n, a, b, c, d, e, 0)
#else
#error "cleave_compat.h: no raw syscall for this architecture"
#endif

#define __syscall6(n, a, b, c, d, e, f) \
	__cleave_sc6((n), (long)(a), (long)(b), (long)(c), (long)(d), (long)(e), (long)(f))
#define __syscall0(n) __syscall6(n, 0, 0, 0, 0, 0, 0)
#define __syscall1(n, a) __syscall6(n, a, 0, 0, 0, 0, 0)
#define __syscall2(n, a, b) __syscall6(n, a, b, 0, 0, 0, 0)
#define __syscall3(n, a, b, c) __syscall6(n, a, b, c, 0, 0, 0)
#define __syscall4(n, a, b, c, d) __syscall6(n, a, b, c, d, 0, 0)
/* Only SYS_clone takes five arguments in the tests; argument order per arch. */
#define __syscall5(n, a, b, c, d, e)                                                  \
	((n) == SYS_clone ? __CLEAVE_CLONE(n, a, b, c, d, e)                              \
			  : __syscall6(n, a, b, c, d, e, 0))

static inline __attribute__((unused)) long __syscall_ret(long r)
{
	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return -1;
	}
	return r;
}

/* cleave libc's getcwd is the bare system call; glibc's getcwd(NULL, n)
 * allocates the buffer instead (a glibc extension) -- compare the kernel. */
static inline __attribute__((unused)) char *__cleave_getcwd(char *buf, size_t size)
{
	long r = __syscall2(SYS_getcwd, buf, size);

	return __syscall_ret(r) < 0 ? NULL : buf;
}
#define getcwd(buf, size) __cleave_getcwd(buf, size)

#ifndef SYS_clone3
#define SYS_clone3 435
#endif
#ifndef CLONE_CLEAR_SIGHAND
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#endif
#ifndef CLONE_INTO_CGROUP
#define CLONE_INTO_CGROUP 0x200000000ULL
#endif
struct clone_args {
	unsigned long long flags;
	unsigned long long pidfd;
	unsigned long long child_tid;
	unsigned long long parent_tid;
	unsigned long long exit_signal;
	unsigned long long stack;
	unsigned long long stack_size;
	unsigned long long tls;
	unsigned long long set_tid;
	unsigned long long set_tid_size;
	unsigned long long cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64
#define CLONE_ARGS_SIZE_VER1 80
#define CLONE_ARGS_SIZE_VER2 88

/* Raw clone3 (cleave's user/libc/clone.S): -errno on failure; with fn the
 * child runs fn(arg) on the stack the kernel set up and leaves with
 * SYS_exit(result); with fn NULL the child returns 0 (fork-like). */
long __clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
#if defined(__x86_64__)
__asm__(".text\n"
	".globl __clone3\n"
	".type __clone3, @function\n"
	"__clone3:\n"
	"	mov %rdx, %r8\n"	/* fn: r8/r9 survive syscall, the child inherits them */
	"	mov %rcx, %r9\n"	/* arg */
	"	mov $435, %eax\n"
	"	syscall\n"
	"	test %rax, %rax\n"
	"	jnz 1f\n"
	"	test %r8, %r8\n"
	"	jz 1f\n"
	"	xor %ebp, %ebp\n"
	"	and $-16, %rsp\n"
	"	mov %r9, %rdi\n"
	"	call *%r8\n"
	"	mov %eax, %edi\n"
	"	mov $60, %eax\n"	/* SYS_exit */
	"	syscall\n"
	"	hlt\n"
	"1:	ret\n"
	".size __clone3, .-__clone3\n");
#else
__asm__(".text\n"
	".globl __clone3\n"
	".type __clone3, @function\n"
	"__clone3:\n"
	"	mv t1, a2\n"
	"	mv t2, a3\n"
	"	li a7, 435\n"
	"	ecall\n"
	"	bnez a0, 1f\n"
	"	beqz t1, 1f\n"
	"	mv a0, t2\n"
	"	li ra, 0\n"
	"	jalr t1\n"
	"	li a7, 93\n"
	"	ecall\n"
	"2:	j 2b\n"
	"1:	ret\n"
	".size __clone3, .-__clone3\n");
#endif
#endif
