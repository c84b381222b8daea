#ifndef _SCHED_H
#define _SCHED_H
#include <sys/types.h>

int sched_yield(void);

/* CPU sets: 1024 harts, as glibc. */
#define CPU_SETSIZE 1024
typedef struct {
	unsigned long __bits[CPU_SETSIZE / (8 * sizeof(unsigned long))];
} cpu_set_t;
#define __CPU_W(c) ((c) / (8 * sizeof(unsigned long)))
#define __CPU_B(c) (1UL << ((c) % (8 * sizeof(unsigned long))))
#define CPU_ZERO(s) __builtin_memset((s), 0, sizeof(cpu_set_t))
#define CPU_SET(c, s) ((s)->__bits[__CPU_W(c)] |= __CPU_B(c))
#define CPU_CLR(c, s) ((s)->__bits[__CPU_W(c)] &= ~__CPU_B(c))
#define CPU_ISSET(c, s) (((s)->__bits[__CPU_W(c)] & __CPU_B(c)) != 0)
int __sched_cpucount(size_t size, const cpu_set_t *s);
#define CPU_COUNT(s) __sched_cpucount(sizeof(cpu_set_t), (s))
/* As glibc: 0 on success (the kernel's byte count is not returned). */
int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set);
int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set);

/* clone flags (Linux values). */
#define CSIGNAL 0x000000ff
#define CLONE_VM 0x00000100
#define CLONE_FS 0x00000200
#define CLONE_FILES 0x00000400
#define CLONE_SIGHAND 0x00000800
#define CLONE_PIDFD 0x00001000
#define CLONE_PTRACE 0x00002000
#define CLONE_VFORK 0x00004000
#define CLONE_PARENT 0x00008000
#define CLONE_THREAD 0x00010000
#define CLONE_NEWNS 0x00020000
#define CLONE_SYSVSEM 0x00040000
#define CLONE_SETTLS 0x00080000
#define CLONE_PARENT_SETTID 0x00100000
#define CLONE_CHILD_CLEARTID 0x00200000
#define CLONE_DETACHED 0x00400000
#define CLONE_UNTRACED 0x00800000
#define CLONE_CHILD_SETTID 0x01000000
#define CLONE_NEWCGROUP 0x02000000
#define CLONE_NEWUTS 0x04000000
#define CLONE_NEWIPC 0x08000000
#define CLONE_NEWUSER 0x10000000
#define CLONE_NEWPID 0x20000000
#define CLONE_NEWNET 0x40000000
#define CLONE_IO 0x80000000
/* clone3 only */
#define CLONE_CLEAR_SIGHAND 0x100000000ULL
#define CLONE_INTO_CGROUP 0x200000000ULL

/* Start fn(arg) in a new task on `stack` (its highest address); the child
 * leaves with SYS_exit(fn's result). Optional arguments, by flag:
 * pid_t *ptid (CLONE_PARENT_SETTID), void *tls (CLONE_SETTLS),
 * pid_t *ctid (CLONE_CHILD_SETTID / CLONE_CHILD_CLEARTID).
 * Returns the child's tid, or -1 with errno set. */
int clone(int (*fn)(void *), void *stack, int flags, void *arg, ...);

#define SYS_clone3 435
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

/* Raw clone3: returns the kernel's result (-errno on failure). With fn,
 * the child runs fn(arg) on the new stack and leaves with SYS_exit; with
 * fn NULL the child returns 0 to the caller (no new stack then). */
long __clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
/* The same, returning the child's pid or -1 with errno set. */
pid_t clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg);
#endif
