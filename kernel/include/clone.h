/* kernel_clone and its argument block (Linux's struct kernel_clone_args). */
#ifndef CLEAVE_CLONE_H
#define CLEAVE_CLONE_H
#include "types.h"
#include "spinlock.h"

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
#define CLONE_IO 0x80000000UL
#define CLONE_CLEAR_SIGHAND 0x100000000ULL	/* clone3 only */
#define CLONE_INTO_CGROUP 0x200000000ULL	/* clone3 only */

struct kernel_clone_args {
	u64 flags;
	int exit_signal;
	u64 stack;		/* new user sp, 0 = inherit */
	u64 stack_size;
	u64 tls;
	int __user *parent_tid;
	int __user *child_tid;
	int __user *pidfd;
	int (*fn)(void *);	/* kernel thread body */
	void *fn_arg;
	const char *name;	/* kernel thread: its comm */
};

/* A one-shot event a task can sleep on. vfork's parent and child each hold
 * a reference, so neither has to know when the other is gone. */
struct completion {
	bool done;
	int refs;		/* atomic */
	struct spinlock lock;	/* protects done */
};
void complete_and_put(struct completion *c);
void completion_put(struct completion *c);

struct task_struct;
pid_t kernel_clone(struct kernel_clone_args *args);

/* kernel/pidfd.c: CLONE_PIDFD's file, installed in the caller's table
 * before copy_process (so a full table fails the clone early), pointed
 * at the child after it; the clone holds a reference of its own on it. */
struct file;
struct pidfd_clone {
	struct file *file;
	int fd;
};
int pidfd_clone_prepare(struct pidfd_clone *pc);
void pidfd_clone_abort(struct pidfd_clone *pc);
void pidfd_clone_commit(struct pidfd_clone *pc, struct task_struct *p);
void pidfd_clone_done(struct pidfd_clone *pc);
/* waitid(P_PIDFD, fd): the process fd names, as pid and signal struct;
 * *held keeps the file (fput it after the wait). */
struct signal_struct;
int pidfd_wait_target(int fd, pid_t *pid, struct signal_struct **sig, bool *nonblock,
		      struct file **held);
/* arch hook: build the child's registers and first switch frame. */
int copy_thread(struct task_struct *p, const struct kernel_clone_args *args);
struct pt_regs *task_pt_regs(struct task_struct *t);
#endif
