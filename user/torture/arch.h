/* The only place with raw system calls: numbers and calling conventions for
 * riscv64 (cleave, and Linux riscv64) and x86_64 (the difftest host).
 * Include this first (it defines _GNU_SOURCE for glibc's clone()). */
#ifndef TORTURE_ARCH_H
#define TORTURE_ARCH_H
#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdint.h>

#if defined(__riscv) && __riscv_xlen == 64
#define NR_read 63
#define NR_write 64
#define NR_close 57
#define NR_exit 93
#define NR_exit_group 94
#define NR_futex 98
#define NR_nanosleep 101
#define NR_sched_yield 124
#define NR_kill 129
#define NR_tgkill 131
#define NR_setuid 146
#define NR_getpid 172
#define NR_getppid 173
#define NR_gettid 178
#define NR_munmap 215
#define NR_clone 220
#define NR_execve 221
#define NR_mmap 222
#define NR_wait4 260
#define NR_prlimit64 261
#define NR_clone3 435

static inline __attribute__((always_inline)) long
t_syscall6(long n, long a, long b, long c, long d, long e, long f)
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

/* raw clone: riscv64 order is (flags, newsp, parent_tid, tls, child_tid) */
#define T_RAW_CLONE(flags, sp, ptid, ctid, tls)                                   \
	t_syscall6(NR_clone, (long)(flags), (long)(sp), (long)(ptid), (long)(tls), \
		   (long)(ctid), 0)

#elif defined(__x86_64__)
#define NR_read 0
#define NR_write 1
#define NR_close 3
#define NR_mmap 9
#define NR_munmap 11
#define NR_sched_yield 24
#define NR_nanosleep 35
#define NR_getpid 39
#define NR_clone 56
#define NR_execve 59
#define NR_exit 60
#define NR_wait4 61
#define NR_kill 62
#define NR_setuid 105
#define NR_getppid 110
#define NR_gettid 186
#define NR_futex 202
#define NR_exit_group 231
#define NR_tgkill 234
#define NR_prlimit64 302
#define NR_clone3 435

static inline __attribute__((always_inline)) long
t_syscall6(long n, long a, long b, long c, long d, long e, long f)
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

/* raw clone: x86_64 order is (flags, newsp, parent_tid, child_tid, tls) */
#define T_RAW_CLONE(flags, sp, ptid, ctid, tls)                                    \
	t_syscall6(NR_clone, (long)(flags), (long)(sp), (long)(ptid), (long)(ctid), \
		   (long)(tls), 0)

#else
#error "torture: unsupported architecture (riscv64 and x86_64 only)"
#endif

#define t_syscall0(n) t_syscall6(n, 0, 0, 0, 0, 0, 0)
#define t_syscall1(n, a) t_syscall6(n, (long)(a), 0, 0, 0, 0, 0)
#define t_syscall2(n, a, b) t_syscall6(n, (long)(a), (long)(b), 0, 0, 0, 0)
#define t_syscall3(n, a, b, c) t_syscall6(n, (long)(a), (long)(b), (long)(c), 0, 0, 0)
#define t_syscall4(n, a, b, c, d) t_syscall6(n, (long)(a), (long)(b), (long)(c), (long)(d), 0, 0)

/* Raw vfork in the caller's frame (clone CLONE_VM|CLONE_VFORK|SIGCHLD, no new
 * stack). The child may only use raw syscalls and volatile memory, and must
 * leave with execve or exit_group; never return from the enclosing function. */
#define T_RAW_VFORK() T_RAW_CLONE(CLONE_VM | CLONE_VFORK | SIGCHLD, 0, 0, 0, 0)

/* Flags and structures that one of the two libcs may lack. */
#ifndef CLONE_PIDFD
#define CLONE_PIDFD 0x00001000
#endif
#ifndef CLONE_NEWCGROUP
#define CLONE_NEWCGROUP 0x02000000
#endif
#define T_CLONE_CLEAR_SIGHAND 0x100000000ULL
#define T_CLONE_INTO_CGROUP 0x200000000ULL
#define T_WNOTHREAD 0x20000000
#define T_WALL 0x40000000
#define T_WCLONE 0x80000000
#define T_FUTEX_WAIT 0
#define T_FUTEX_WAKE 1
#define T_RLIMIT_NPROC 6

struct t_clone_args {
	uint64_t flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls,
		set_tid, set_tid_size, cgroup;
};

struct t_rlimit64 {
	uint64_t cur, max;
};
#endif
