/* Process exit and wait4.
 *
 * do_exit releases the task's resources through the same exit_* / put_*
 * functions that undo a failed clone, then notifies the parent. What is
 * left — the task_struct and kernel stack — goes either when the parent
 * reaps the zombie (wait4) or, for tasks nobody waits for (threads,
 * SA_NOCLDWAIT), by the hart that switches away from the dead task. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <clone.h>
#include <mm.h>
#include <mm_types.h>
#include <fs.h>
#include <printk.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

void put_sighand(struct sighand_struct *sh);
void put_signal(struct signal_struct *sig);
void free_task(struct task_struct *p);
void futex_wake_addr(u32 __user *uaddr, int n);
void mm_release(struct task_struct *t);
void exit_robust_list(struct task_struct *t);
void nr_threads_dec(void);
void release_dead_task(struct task_struct *t);

#define WNOHANG 1
#define WUNTRACED 2
#define WEXITED 4
#define WCONTINUED 8
#define __WNOTHREAD 0x20000000
#define __WALL 0x40000000
#define __WCLONE 0x80000000

/* First return of a new task (from ret_from_fork). */
void schedule_tail(struct task_struct *prev)
{
	void finish_task_switch(struct task_struct *prev);
	finish_task_switch(prev);
	irq_pop_off();	/* the push schedule() made on behalf of whoever ran here */
	struct task_struct *t = current;
	if (t->set_child_tid)
		put_user_u32(t->pid, t->set_child_tid);
}

/* Robust futexes, CLONE_CHILD_CLEARTID / set_tid_address: tell lock
 * waiters and joiners we are gone (exit and exec; t == current). */
void mm_release(struct task_struct *t)
{
	if (t->robust_list)
		exit_robust_list(t);
	struct completion *vf = t->vfork_done;
	t->vfork_done = NULL;
	if (vf)
		complete_and_put(vf);	/* the vfork parent may go on */
	if (t->clear_child_tid) {
		if (put_user_u32(0, t->clear_child_tid) == 0)
			futex_wake_addr(t->clear_child_tid, 1);
		t->clear_child_tid = NULL;
	}
}


/* Give t's children to a live thread of its group, else to init.
 * tasklist_lock held. Returns true if any
 * zombie was handed over, so init must be woken. */
static bool forget_original_parent(struct task_struct *t)
{
	/* The new parent: a live thread of our own group if there is one
	 * (as on Linux), else init. */
	struct task_struct *reaper = find_child_reaper(t);	/* prctl.c: init or a subreaper */
	struct list_head *pos, *n;
	list_for_each(pos, &t->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		if (o != t && !(o->flags & PF_EXITING)) {
			reaper = o;
			break;
		}
	}
	bool zombies = false;
	list_for_each_safe(pos, n, &t->children) {
		struct task_struct *c = list_entry(pos, struct task_struct, sibling);
		list_del(&c->sibling);
		c->real_parent = reaper;
		WRITE_ONCE(c->parent_tgid, reaper->tgid);
		/* As on Linux: a leader handed outside its parent's group
		 * signals SIGCHLD from now on, whatever clone asked for. A
		 * new parent never agreed to exit signal 0 (a zombie nobody
		 * waits for without __WALL) or 9 (SIGKILL to init). Threads
		 * keep -1. */
		if (c == c->group_leader && reaper->signal != t->signal)
			c->exit_signal = SIGCHLD;
		list_add_tail(&c->sibling, &reaper->children);
		reparent_notify(c, reaper);	/* prctl.c: PDEATHSIG, wake a subreaper */
		if (c->exit_state == EXIT_ZOMBIE)
			zombies = true;
	}
	return zombies && reaper == init_task_p;
}

/* Does the parent want to hear of this child's death? tasklist_lock held. */
static bool parent_ignores(struct task_struct *parent)
{
	struct k_sigaction *ka = &parent->sighand->action[SIGCHLD - 1];
	return ka->handler == SIG_IGN || (ka->flags & SA_NOCLDWAIT);
}

/* The whole group of leader is dead: tell its parent, once. Returns true
 * if nobody will wait for it (the caller must release it). tasklist_lock
 * held. */
static bool notify_parent(struct task_struct *leader)
{
	struct signal_struct *sig = leader->signal;
	if (sig->notified)
		return false;
	sig->notified = 1;
	struct task_struct *parent = leader->real_parent;
	bool autoreap = leader->exit_signal == SIGCHLD && parent_ignores(parent);
	if (leader->exit_signal > 0 && !autoreap)
		send_signal(parent, leader->exit_signal, true);
	if (autoreap) {
		leader->exit_state = EXIT_DEAD;
		list_del(&leader->sibling);
		list_del(&leader->tasks);
		list_del(&leader->thread_node);
	}
	return autoreap;
}

/* Linux's rule: a thread group leader stays a zombie until its whole
 * group is gone, and only then is its parent told (and wait4 may reap
 * it). Other threads release themselves. */
/* Returns true if t releases itself (nobody will wait for it). */
static bool exit_notify(struct task_struct *t)
{
	struct task_struct *leader = t->group_leader, *release = NULL;
	spin_lock(&tasklist_lock);
	bool wake_init = forget_original_parent(t);
	/* live drops under tasklist_lock: wait4 decides "whole group dead"
	 * under the same lock, so it cannot reap the leader while we still
	 * look at it. */
	bool group_empty = atomic_add_return(&t->signal->live, -1) == 0;
	/* As on current Linux, the last thread out sets the status wait4
	 * reports when no exit_group decided it. */
	if (group_empty)
		t->signal->last_exit_code = t->exit_code;
	if (t == leader) {
		t->exit_state = EXIT_ZOMBIE;
		if (group_empty && notify_parent(t))
			t->exit_state = EXIT_DEAD;
	} else {
		t->exit_state = EXIT_DEAD;
		list_del(&t->sibling);
		list_del(&t->tasks);
		list_del(&t->thread_node);
		if (group_empty && leader->exit_state == EXIT_ZOMBIE && notify_parent(leader))
			release = leader;
	}
	struct signal_struct *parent_sig = leader->real_parent->signal;
	struct signal_struct *group = t->signal;
	/* Decided under the lock: once it drops, a parent may claim a zombie
	 * t (exit_state = EXIT_DEAD) and free it as soon as it is off its hart. */
	bool self_reap = t->exit_state == EXIT_DEAD;
	spin_unlock(&tasklist_lock);
	wakeup(parent_sig);
	if (group->group_exec_task)
		wakeup(group);		/* de_thread waits for us */
	if (wake_init)
		wakeup(init_task_p->signal);
	if (release) {
		while (__atomic_load_n(&release->on_cpu, __ATOMIC_ACQUIRE))
			;	/* still switching away on another hart */
		release_dead_task(release);
	}
	return self_reap;
}

void do_exit(int code)
{
	struct task_struct *t = current;
	if (t->pid == 1)
		panic("init exited with status %x", code);
	t->flags |= PF_EXITING;
	t->exit_code = code;
	/* The mm, files and fs go in one step under tasklist_lock (/proc
	 * takes references on them under it). */
	struct files_struct *files;
	struct fs_struct *fs;
	if (t->mm)
		mm_release(t);
	struct mm_struct *mm = exchange_mm(NULL, &files, &fs);
	if (mm)
		mmput(mm);
	files_put(files);
	fs_struct_put(fs);
	bool self_reap = exit_notify(t);
	/* Never runs again: the state keeps it off the run queue. EXIT_DEAD
	 * tells finish_task_switch to free us once we are off this hart. */
	t->state = self_reap ? EXIT_DEAD : EXIT_ZOMBIE;
	schedule();
	panic("do_exit: zombie %d ran again", t->pid);
}

/* Kill the other threads of the group, then exit. */
void do_group_exit(int code)
{
	struct task_struct *t = current;
	struct signal_struct *sig = t->signal;
	/* tasklist_lock keeps thread_head still while SIGKILL is spread (clone
	 * refuses new threads once group_exit is set); sighand->lock guards
	 * group_exit itself. */
	spin_lock(&tasklist_lock);
	spin_lock(&t->sighand->lock);
	bool by_exec = sig->group_exec_task && sig->group_exec_task != t;
	bool first = !by_exec && !sig->group_exit;
	if (first) {
		sig->group_exit = 1;
		sig->group_exit_code = code;
	} else if (!by_exec) {
		code = sig->group_exit_code;
	}
	spin_unlock(&t->sighand->lock);
	/* A group SIGKILL reaches and wakes every thread (us too: harmless,
	 * we are leaving). Killed by another thread's execve: leave alone. */
	if (first)
		send_signal(t, SIGKILL, true);
	spin_unlock(&tasklist_lock);
	do_exit(code);
}

/* Free what is left of a dead task. Called with no locks held, once the
 * task has certainly left its hart. */
void release_dead_task(struct task_struct *t)
{
	put_sighand(t->sighand);
	put_signal(t->signal);
	nr_threads_dec();
	free_task(t);
}

SYSCALL_DEFINE1(exit, int, code)
{
	do_exit((code & 0xff) << 8);
}

SYSCALL_DEFINE1(exit_group, int, code)
{
	do_group_exit((code & 0xff) << 8);
}

/* Is child c one that wait4(pid, ..., options) by t may collect?
 * tasklist_lock held. */
static bool eligible(struct task_struct *t, struct task_struct *c, pid_t pid, int options)
{
	if (pid > 0 && c->pid != pid)
		return false;
	if (pid == 0 && c->signal->pgid != t->signal->pgid)
		return false;
	if (pid < -1 && c->signal->pgid != -pid)
		return false;
	if (c != c->group_leader)
		return false;	/* threads are reaped with their group */
	if (options & __WALL)
		return true;
	/* __WCLONE selects children that do not signal SIGCHLD at exit. */
	return ((c->exit_signal != SIGCHLD) ^ !(options & __WCLONE));
}

static bool group_dead(struct task_struct *c)
{
	return c->signal->live == 0;
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, status, int, options, void __user *, rusage)
{
	struct task_struct *t = current;
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	spin_lock(&tasklist_lock);
	for (;;) {
		bool any = false;
		struct task_struct *zombie = NULL;
		/* Children of every thread of the group count, unless
		 * __WNOTHREAD asks for our own only. */
		struct list_head *tpos;
		list_for_each(tpos, &t->signal->thread_head) {
			struct task_struct *th = list_entry(tpos, struct task_struct, thread_node);
			if (th != t && (options & __WNOTHREAD))
				continue;
			struct list_head *pos;
			list_for_each(pos, &th->children) {
				struct task_struct *c = list_entry(pos, struct task_struct, sibling);
				if (!eligible(t, c, pid, options))
					continue;
				any = true;
				if (c->exit_state == EXIT_ZOMBIE && group_dead(c)) {
					zombie = c;
					break;
				}
			}
			if (zombie)
				break;
		}
		if (zombie) {
			/* Claim it, then copy out and free without the lock. */
			zombie->exit_state = EXIT_DEAD;
			list_del(&zombie->sibling);
			list_del(&zombie->tasks);
			list_del(&zombie->thread_node);
			spin_unlock(&tasklist_lock);
			pid_t zpid = zombie->pid;
			int code = zombie->signal->group_exit ? zombie->signal->group_exit_code
							      : zombie->signal->last_exit_code;
			while (__atomic_load_n(&zombie->on_cpu, __ATOMIC_ACQUIRE))
				;	/* it is switching away on another hart */
			release_dead_task(zombie);
			if (status && put_user_u32(code, (u32 __user *)status))
				return -EFAULT;
			if (rusage && clear_user(rusage, 144))
				return -EFAULT;
			return zpid;
		}
		if (!any) {
			spin_unlock(&tasklist_lock);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock(&tasklist_lock);
			return 0;
		}
		if (sleep_on_intr(t->signal, &tasklist_lock)) {
			spin_unlock(&tasklist_lock);
			return -EINTR;
		}
	}
}
