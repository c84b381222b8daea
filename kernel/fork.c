/* Process creation: kernel_clone -> copy_process -> copy_* per resource.
 *
 * copy_process validates the flags first, then allocates in a fixed order
 * (task, files, fs, sighand, signal, mm, thread, pid) and on failure unwinds
 * in reverse through the same put/exit functions a normal exit uses. The
 * child becomes visible (pid table, parent's children list, run queue) only
 * after the last step that can fail. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <clone.h>
#include <cred.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <asm/ptrace.h>

/* the low bits of a spare kernel stack's slot: see take_spare_stack */
#define SPARE_TAG ((u64)KSTACK_SIZE - 1)

struct spinlock tasklist_lock = SPINLOCK_INIT("tasklist");
struct list_head all_tasks = LIST_HEAD_INIT(all_tasks);
struct task_struct *init_task_p;
static int nr_threads;
int max_threads = 4096;


int nr_tasks(void) { return nr_threads; }
void nr_threads_dec(void) { __atomic_sub_fetch(&nr_threads, 1, __ATOMIC_SEQ_CST); }


/* ---- per-resource copy helpers: each is undone by the matching put ---- */

static int copy_files(u64 flags, struct task_struct *p)
{
	if (!current->files)	/* kernel threads of the idle task */
		return 0;
	if (flags & CLONE_FILES) {
		atomic_inc(&p->files->count);
		return 0;
	}
	p->files = files_dup(current->files);
	return p->files ? 0 : -ENOMEM;
}

static int copy_fs(u64 flags, struct task_struct *p)
{
	if (!current->fs)
		return 0;
	if (flags & CLONE_FS) {
		atomic_inc(&p->fs->count);
		return 0;
	}
	p->fs = fs_struct_dup(current->fs);
	return p->fs ? 0 : -ENOMEM;
}

static int copy_sighand(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_SIGHAND) {
		atomic_inc(&p->sighand->count);
		return 0;
	}
	struct sighand_struct *sh = kmalloc(sizeof(*sh));
	if (!sh)
		return -ENOMEM;
	spin_init(&sh->lock, "sighand");
	sh->count = 1;
	spin_lock(&current->sighand->lock);
	memcpy(sh->action, current->sighand->action, sizeof(sh->action));
	spin_unlock(&current->sighand->lock);
	if (flags & CLONE_CLEAR_SIGHAND)	/* handlers back to default; SIG_IGN stays */
		for (int i = 0; i < _NSIG; i++)
			if (sh->action[i].handler != SIG_IGN)
				sh->action[i] = (struct k_sigaction){ 0 };
	p->sighand = sh;
	return 0;
}

void put_sighand(struct sighand_struct *sh)
{
	if (sh && atomic_dec_and_test(&sh->count))
		kfree(sh);
}

static int copy_signal(u64 flags, struct task_struct *p)
{
	if (flags & CLONE_THREAD) {
		atomic_inc(&p->signal->count);
		atomic_inc(&p->signal->live);
		return 0;
	}
	struct signal_struct *sig = kmalloc(sizeof(*sig));
	if (!sig)
		return -ENOMEM;
	sig->count = sig->live = 1;
	INIT_LIST_HEAD(&sig->thread_head);
	INIT_LIST_HEAD(&sig->posix_timers);
	sig->pgid = current->signal->pgid;
	sig->exec_count = current->exec_id;	/* ids only grow along a lineage */
	sig->sid = current->signal->sid;
	memcpy(sig->rlim, current->signal->rlim, sizeof(sig->rlim));
	p->signal = sig;
	return 0;
}

void exit_itimers(struct signal_struct *sig);

void put_signal(struct signal_struct *sig)
{
	if (sig && atomic_dec_and_test(&sig->count)) {
		exit_itimers(sig);	/* no timer may name it any more */
		sigpending_flush_all(&sig->shared_pending);
		if (sig->spare_stack)
			free_pages((void *)(sig->spare_stack & ~SPARE_TAG), KSTACK_ORDER);
		kfree(sig);
	}
}

static int copy_mm(u64 flags, struct task_struct *p)
{
	struct mm_struct *old = current->mm;
	if (!old)		/* kernel thread */
		return 0;
	if (flags & CLONE_VM) {
		mmget(old);
		p->mm = old;
		return 0;
	}
	p->mm = dup_mm(old);
	return p->mm ? 0 : -ENOMEM;
}

/* Linux's rules, one per line. */
static int check_clone_flags(u64 flags, int exit_signal)
{
	if ((flags & (CLONE_NEWNS | CLONE_FS)) == (CLONE_NEWNS | CLONE_FS))
		return -EINVAL;
	if ((flags & CLONE_THREAD) && !(flags & CLONE_SIGHAND))
		return -EINVAL;	/* threads share signal handlers */
	if ((flags & CLONE_SIGHAND) && !(flags & CLONE_VM))
		return -EINVAL;	/* shared handlers need shared memory */
	if ((flags & CLONE_PARENT) && current == init_task_p)
		return -EINVAL;	/* init's siblings would have nobody to reap them */
	if (exit_signal < 0 || exit_signal >= _NSIG)
		return -EINVAL;
	if ((flags & CLONE_CLEAR_SIGHAND) && (flags & CLONE_SIGHAND))
		return -EINVAL;	/* cannot reset handlers we share */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_DETACHED))
		return -EINVAL;	/* the old bit is kept for a future pidfd use */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_THREAD))
		return -EINVAL;	/* thread pidfds are not implemented */
	/* Namespaces, ptrace and io contexts are not implemented. */
	if (flags & (CLONE_NEWNS | CLONE_NEWCGROUP | CLONE_NEWUTS | CLONE_NEWIPC |
		     CLONE_NEWUSER | CLONE_NEWPID | CLONE_NEWNET | CLONE_IO |
		     CLONE_INTO_CGROUP | CLONE_PTRACE))
		return -EINVAL;
	return 0;
}

/* A task_struct (over 2 KiB with its siginfo table) is a page of its own,
 * not zeroed: copy_process copies the parent's over everything but the
 * private pending set, and of that only the header (bit masks, rt queue)
 * must start empty (a siginfo entry is read only where its bit is set). */
_Static_assert(sizeof(struct task_struct) <= PAGE_SIZE, "task_struct fits a page");

/* Kernel stacks are zeroed, so that nothing another task left in the page
 * can surface through a read of an uninitialised kernel variable. A new
 * thread may take the stack of a dead thread of its own group instead,
 * unzeroed: what that holds was left serving the same process (same
 * memory, files and credentials). Only a thread of the current image's:
 * the slot holds the stack (16 KiB aligned, a buddy block) with the low
 * bits of the dead thread's exec_id. exec empties the slot; a thread the
 * exec killed may still stash its stack just after, tagged with the old
 * image's id, which no thread of the new image matches (ids only grow
 * along a lineage: a new process starts from its parent's), so it is
 * freed when found, or at the next exec. Lock-free: one exchange to take,
 * one compare-and-swap to stash. */
static void *take_spare_stack(struct signal_struct *sig, u32 exec_id)
{
	u64 v = __atomic_exchange_n(&sig->spare_stack, 0, __ATOMIC_ACQ_REL);
	if (!v)
		return NULL;
	if ((v & SPARE_TAG) != (exec_id & SPARE_TAG)) {
		free_pages((void *)(v & ~SPARE_TAG), KSTACK_ORDER);
		return NULL;
	}
	return (void *)(v & ~SPARE_TAG);
}

void drop_spare_stack(struct signal_struct *sig)
{
	u64 v = __atomic_exchange_n(&sig->spare_stack, 0, __ATOMIC_ACQ_REL);
	if (v)
		free_pages((void *)(v & ~SPARE_TAG), KSTACK_ORDER);
}

void stash_spare_stack(struct task_struct *t)
{
	u64 none = 0;
	if (t->stack && READ_ONCE(t->signal->live) > 0 &&	/* the group lives on */
	    __atomic_compare_exchange_n(&t->signal->spare_stack, &none,
						    (u64)t->stack | (t->exec_id & SPARE_TAG), false,
						    __ATOMIC_ACQ_REL, __ATOMIC_RELAXED))
		t->stack = NULL;
}

static struct task_struct *alloc_task(bool thread)
{
	struct page *pg = __alloc_pages(0, false);
	if (!pg)
		return NULL;
	struct task_struct *p = page_address(pg);
	p->pending.signal = p->pending.charged = 0;	/* an empty queue */
	p->pending.rt_head = p->pending.rt_tail = NULL;
	p->stack = thread ? take_spare_stack(current->signal, current->exec_id) : NULL;
	if (!p->stack)
		p->stack = get_free_pages(KSTACK_ORDER);
	if (!p->stack) {
		free_page(p);
		return NULL;
	}
	return p;
}

void free_task(struct task_struct *p)
{
	sigpending_flush_all(&p->pending);	/* nobody can send to it now */
	put_cred(p->cred);	/* taken in prctl_fork */
	if (p->stack)
		free_pages(p->stack, KSTACK_ORDER);
	free_page(p);
}

/* Make sure a tid pointer can be written before anything is created, so a
 * bad one fails the clone with EFAULT and leaves nothing behind. The value
 * is read and written back unchanged. Deviation: Linux creates the child
 * and silently drops a failed tid write; cleave refuses up front. */
static int probe_tid_ptr(int __user *p)
{
	u32 v;
	if (get_user_u32(&v, (u32 __user *)p) || put_user_u32(v, (u32 __user *)p))
		return -EFAULT;
	return 0;
}

static struct task_struct *copy_process(struct kernel_clone_args *args)
{
	u64 flags = args->flags;
	int err = check_clone_flags(flags, args->exit_signal);
	if (err)
		return (void *)(long)err;
	/* Limits. Every task runs as uid 0 in cleave and RLIMIT_NPROC counts
	 * all of them; unlike Linux, root is not exempt. */
	if (READ_ONCE(nr_threads) >= max_threads ||
	    (u64)READ_ONCE(nr_threads) >= current->signal->rlim[RLIMIT_NPROC].cur)
		return (void *)(long)-EAGAIN;

	/* CLONE_PIDFD: the pidfd and its descriptor come first, so a full
	 * table fails the clone before anything is made (kernel/pidfd.c);
	 * after the flag checks, as on Linux (EINVAL before EFAULT). */
	struct pidfd_clone pidfd;
	if (flags & CLONE_PIDFD) {
		if (probe_tid_ptr(args->pidfd))
			return (void *)(long)-EFAULT;
		if ((err = pidfd_clone_prepare(&pidfd)))
			return (void *)(long)err;
	}

	struct task_struct *cur = current;
	struct task_struct *p = alloc_task(flags & CLONE_THREAD);
	if (!p) {
		err = -ENOMEM;
		goto bad_pidfd;
	}
	void *stack = p->stack;
	/* Everything but the (large) private pending set, which starts
	 * empty (alloc_task); it is the last member. */
	memcpy(p, cur, offsetof(struct task_struct, pending));
	p->stack = stack;
	p->state = TASK_RUNNING;
	p->on_cpu = 0;
	p->sleep_chan = NULL;
	p->wake_at = 0;
	p->flags &= ~(PF_IDLE | PF_EXITING | PF_SYSCALL_RESTART);
	p->exit_state = 0;
	p->exit_code = 0;
	p->fail_nth = 0;
	p->jobctl = 0;
	p->restart_block.fn = NULL;
	/* A thread or other CLONE_VM child cannot share the altstack; fork
	 * and vfork (the parent waits) keep it, as on Linux. */
	if ((flags & (CLONE_VM | CLONE_VFORK)) == CLONE_VM)
		memset(&p->sas, 0, sizeof(p->sas));
	INIT_LIST_HEAD(&p->children);
	INIT_LIST_HEAD(&p->sibling);
	INIT_LIST_HEAD(&p->run_list);
	p->set_child_tid = (flags & CLONE_CHILD_SETTID) ? (u32 __user *)args->child_tid : NULL;
	p->clear_child_tid = (flags & CLONE_CHILD_CLEARTID) ? (u32 __user *)args->child_tid : NULL;
	p->robust_list = NULL;	/* the child registers its own (glibc does after fork) */
	p->start_time = ktime_get_ns();
	p->utime = p->stime = 0;
	p->min_flt = 0;
	p->vfork_done = NULL;
	p->mm = NULL;	/* copy_mm decides */
	if (args->fn) {
		p->flags |= PF_KTHREAD;
		if (args->name)
			strlcpy(p->comm, args->name, sizeof(p->comm));
	}

	prctl_fork(p, flags);
	if ((err = copy_files(flags, p)))
		goto bad_free_task;
	if ((err = copy_fs(flags, p)))
		goto bad_files;
	if ((err = copy_sighand(flags, p)))
		goto bad_fs;
	if ((err = copy_signal(flags, p)))
		goto bad_sighand;
	if ((err = copy_mm(flags, p)))
		goto bad_signal;
	if ((err = copy_thread(p, args)))
		goto bad_mm;

	/* No more failure paths after this point, except pid exhaustion,
	 * which is checked under the same lock that publishes the child. */
	spin_lock(&tasklist_lock);
	/* A caller being killed makes nothing, and no thread may join a group
	 * that exit_group or exec is already emptying: their SIGKILL sweep
	 * (under this lock) would miss it. */
	if (fatal_signal_pending(cur) ||
	    ((flags & CLONE_THREAD) && (cur->signal->group_exit || cur->signal->group_exec_task))) {
		spin_unlock(&tasklist_lock);
		err = -EINTR;
		goto bad_mm;
	}
	pid_t pid = alloc_pid();
	if (pid < 0) {
		spin_unlock(&tasklist_lock);
		err = pid;
		goto bad_mm;
	}
	p->pid = pid;
	if (flags & CLONE_THREAD) {
		p->tgid = cur->tgid;
		p->group_leader = cur->group_leader;
		p->exit_signal = -1;
	} else {
		p->tgid = pid;
		p->group_leader = p;
		p->exit_signal = args->exit_signal;
	}
	if (flags & (CLONE_PARENT | CLONE_THREAD)) {
		/* a sibling of the caller: a thread keeps -1, a CLONE_PARENT
		 * process signals the parent the way the caller does */
		p->real_parent = cur->real_parent;
		if (!(flags & CLONE_THREAD))
			p->exit_signal = cur->group_leader->exit_signal;
	} else {
		p->real_parent = cur;
	}
	p->parent_tgid = p->real_parent->tgid;
	list_add_tail(&p->sibling, &p->real_parent->children);
	list_add_tail(&p->thread_node, &p->signal->thread_head);
	list_add_tail(&p->tasks, &all_tasks);
	attach_pid(p);
	__atomic_add_fetch(&nr_threads, 1, __ATOMIC_SEQ_CST);	/* dropped without the lock */
	spin_unlock(&tasklist_lock);
	if (flags & CLONE_PIDFD) {	/* p has not run yet */
		pidfd_clone_commit(&pidfd, p);
		pidfd_clone_done(&pidfd);
		put_user_u32(pidfd.fd, (u32 __user *)args->pidfd);	/* probed writable */
	}
	return p;

bad_mm:
	if (p->mm)
		mmput(p->mm);
bad_signal:
	if (flags & CLONE_THREAD)
		atomic_add_return(&p->signal->live, -1);
	put_signal(p->signal);
bad_sighand:
	put_sighand(p->sighand);
bad_fs:
	if (p->fs)
		fs_struct_put(p->fs);
bad_files:
	if (p->files)
		files_put(p->files);
bad_free_task:
	free_task(p);
bad_pidfd:
	if (flags & CLONE_PIDFD) {
		pidfd_clone_abort(&pidfd);
		pidfd_clone_done(&pidfd);
	}
	return (void *)(long)err;
}

void completion_put(struct completion *c)
{
	if (atomic_dec_and_test(&c->refs))
		kfree(c);
}

void complete_and_put(struct completion *c)
{
	spin_lock(&c->lock);
	c->done = true;
	wakeup(c);
	spin_unlock(&c->lock);
	completion_put(c);
}

/* The vfork parent sleeps until the child has exec'd or exited. Only a
 * fatal signal cuts the wait short (other signals wait until after). The
 * child may be gone by now: only the completion, which we hold a
 * reference on, is touched. */
static void wait_for_vfork_done(struct completion *vf)
{
	spin_lock(&vf->lock);
	while (!vf->done && sleep_on_killable(vf, &vf->lock) == 0)
		;
	spin_unlock(&vf->lock);
	completion_put(vf);
}

pid_t kernel_clone(struct kernel_clone_args *args)
{
	u64 flags = args->flags;
	/* clone() returns the pidfd through parent_tid: not both there. */
	if ((flags & CLONE_PIDFD) && (flags & CLONE_PARENT_SETTID) && args->pidfd == args->parent_tid)
		return -EINVAL;
	if ((flags & CLONE_PARENT_SETTID) && probe_tid_ptr(args->parent_tid))
		return -EFAULT;
	if ((flags & (CLONE_CHILD_SETTID | CLONE_CHILD_CLEARTID)) && probe_tid_ptr(args->child_tid))
		return -EFAULT;
	struct completion *vfork = NULL;
	if (flags & CLONE_VFORK) {
		vfork = kmalloc(sizeof(*vfork));
		if (!vfork)
			return -ENOMEM;
		spin_init(&vfork->lock, "vfork");
		vfork->refs = 2;	/* parent and child */
	}
	struct task_struct *p = copy_process(args);
	if ((long)p < 0 && (long)p > -4096) {
		kfree(vfork);
		return (long)p;
	}
	pid_t pid = p->pid;
	if (flags & CLONE_PARENT_SETTID)
		put_user_u32(pid, (u32 __user *)args->parent_tid);
	/* CLONE_CHILD_SETTID is written by the child itself (schedule_tail). */
	p->vfork_done = vfork;
	wake_up_new_task(p);	/* p may run, exit and be reaped from here on */
	if (vfork)
		wait_for_vfork_done(vfork);
	return pid;
}

pid_t kernel_thread(int (*fn)(void *), void *arg, const char *name, unsigned long flags)
{
	struct kernel_clone_args args = {
		.flags = flags,
		.exit_signal = 0,
		.fn = fn,
		.fn_arg = arg,
		.name = name,
	};
	return kernel_clone(&args);
}

/* riscv64 clone: (flags, newsp, parent_tid, tls, child_tid). */
SYSCALL_DEFINE5(clone, unsigned long, flags, unsigned long, newsp, int __user *, parent_tid,
		unsigned long, tls, int __user *, child_tid)
{
	struct kernel_clone_args args = {
		.flags = flags & ~CSIGNAL,
		.exit_signal = flags & CSIGNAL,
		.stack = newsp,
		.tls = tls,
		.parent_tid = parent_tid,
		.child_tid = child_tid,
		.pidfd = parent_tid,	/* CLONE_PIDFD's fd goes there too */
	};
	return kernel_clone(&args);
}

/* struct clone_args, as of Linux 5.7 (88 bytes). */
struct clone_args {
	u64 flags, pidfd, child_tid, parent_tid, exit_signal, stack, stack_size, tls;
	u64 set_tid, set_tid_size, cgroup;
};
#define CLONE_ARGS_SIZE_VER0 64

SYSCALL_DEFINE2(clone3, struct clone_args __user *, uargs, size_t, size)
{
	struct clone_args ca = { 0 };
	if (size < CLONE_ARGS_SIZE_VER0)
		return -EINVAL;
	if (size > PAGE_SIZE)
		return -E2BIG;
	if (copy_from_user(&ca, uargs, min(size, sizeof(ca))))
		return -EFAULT;
	/* A newer user's extra fields must be zero: we do not know them. */
	for (size_t off = sizeof(ca); off < size; off++) {
		u8 b;
		if (copy_from_user(&b, (const u8 __user *)uargs + off, 1))
			return -EFAULT;
		if (b)
			return -E2BIG;
	}
	if (ca.flags & ~(u64)(0x3ffffff00ULL) || (ca.exit_signal & ~(u64)CSIGNAL))
		return -EINVAL;	/* unknown bits, or a signal where flags go */
	if (ca.flags & CLONE_DETACHED)
		return -EINVAL;	/* the bit is reserved for reuse in clone3 */
	if ((ca.flags & (CLONE_THREAD | CLONE_PARENT)) && ca.exit_signal)
		return -EINVAL;	/* their exit signal is not the caller's to choose */
	if (ca.set_tid || ca.set_tid_size)
		return -EINVAL;	/* choosing pids: not supported */
	if ((ca.stack == 0) != (ca.stack_size == 0))
		return -EINVAL;
	struct kernel_clone_args args = {
		.flags = ca.flags,
		.exit_signal = ca.exit_signal,
		.stack = ca.stack + ca.stack_size,	/* stacks grow down */
		.stack_size = ca.stack_size,
		.tls = ca.tls,
		.parent_tid = (int __user *)ca.parent_tid,
		.child_tid = (int __user *)ca.child_tid,
		.pidfd = (int __user *)ca.pidfd,
	};
	return kernel_clone(&args);
}
