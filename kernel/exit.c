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
#include <coredump.h>

void put_sighand(struct sighand_struct *sh);
void free_task(struct task_struct *p);
void stash_spare_stack(struct task_struct *t);
void futex_wake_addr(u32 __user *uaddr, int n);
void mm_release(struct task_struct *t);
void exit_robust_list(struct task_struct *t);
void nr_threads_dec(void);
void release_dead_task(struct task_struct *t);
void jobctl_exit(struct task_struct *t);

#define WNOHANG 1
#define WUNTRACED 2	/* wait4; the same bit is waitid's WSTOPPED */
#define WSTOPPED 2
#define WEXITED 4
#define WCONTINUED 8
#define WNOWAIT 0x01000000
#define P_ALL 0
#define P_PID 1
#define P_PGID 2
#define P_PIDFD 3
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
	if (leader->exit_signal > 0 && !autoreap) {
		int code = sig->group_exit ? sig->group_exit_code : sig->last_exit_code;
		struct ksiginfo info = { .signo = leader->exit_signal, .pid = leader->tgid };
		if (code & 0x7f) {
			info.code = (code & 0x80) ? CLD_DUMPED : CLD_KILLED;
			info.status = code & 0x7f;
		} else {
			info.code = CLD_EXITED;
			info.status = (code >> 8) & 0xff;
		}
		send_signal_info(parent, &info, true);
	}
	if (autoreap) {
		leader->exit_state = EXIT_DEAD;
		list_del(&leader->sibling);
		list_del(&leader->tasks);
		detach_pid(leader);
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
	/* Queued siginfos go now, not when the task and the signal struct
	 * are freed (a self-reaping thread's is, after its parent may have
	 * reaped the group): they count against the user's RLIMIT_SIGPENDING,
	 * which must be back once wait4 has seen the group die. */
	if (READ_ONCE(t->pending.signal) ||
	    (group_empty && READ_ONCE(t->signal->shared_pending.signal))) {
		/* (a signal sent after this look is freed with the task) */
		spin_lock(&t->sighand->lock);
		sigpending_flush_all(&t->pending);
		if (group_empty)
			sigpending_flush_all(&t->signal->shared_pending);
		spin_unlock(&t->sighand->lock);
	}
	if (t == leader) {
		t->exit_state = EXIT_ZOMBIE;
		if (group_empty && notify_parent(t))
			t->exit_state = EXIT_DEAD;
	} else {
		t->exit_state = EXIT_DEAD;
		list_del(&t->sibling);
		list_del(&t->tasks);
		detach_pid(t);
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
	if (group_empty)
		poll_wakeup();	/* pidfds of the group poll readable now */
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
	/* A core dump of our group counts on us: see kernel/coredump.c. */
	__atomic_thread_fence(__ATOMIC_SEQ_CST);
	if (READ_ONCE(t->signal->core_state))
		coredump_task_exit(t);
	t->exit_code = code;
	jobctl_exit(t);		/* a group stop must not wait for us */
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
	stash_spare_stack(t);	/* if the group has none spare (freed with it) */
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

/* Is child c one that a wait by t for (which, id) may collect?
 * tasklist_lock held. */
static bool eligible(struct task_struct *t, struct task_struct *c, int which, pid_t id,
		     const struct signal_struct *pidfd_sig, int options)
{
	if (which == P_PID && c->pid != id)
		return false;
	if (which == P_PIDFD && (c->pid != id || c->signal != pidfd_sig))
		return false;	/* the pidfd's process, not a later one with its pid */
	if (which == P_PGID && c->signal->pgid != id)
		return false;
	if (c != c->group_leader)
		return false;	/* threads are reaped with their group */
	(void)t;
	if (options & __WALL)
		return true;
	/* __WCLONE selects children that do not signal SIGCHLD at exit. */
	return ((c->exit_signal != SIGCHLD) ^ !(options & __WCLONE));
}

static bool group_dead(struct task_struct *c)
{
	return c->signal->live == 0;
}

/* What a wait found: the pid, the wait4 status word and waitid's
 * si_code/si_status. */
struct wait_result {
	pid_t pid;
	int status;
	int code, si_status;
	struct rusage_sums ru;	/* the child's and its reaped children's (no maxrss) */
};

/* The CPU time and faults a wait reports for c: its group's and its
 * reaped children's. tasklist_lock held. */
static void child_times(struct task_struct *c, struct wait_result *res)
{
	struct signal_struct *s = c->signal;
	res->ru.utime = READ_ONCE(s->utime) + s->cutime;
	res->ru.stime = READ_ONCE(s->stime) + s->cstime;
	res->ru.min_flt = READ_ONCE(s->min_flt) + s->cmin_flt;
}

/* A stop or continue of c to report (WUNTRACED/WSTOPPED, WCONTINUED):
 * reported once, unless WNOWAIT. tasklist_lock held. */
static bool take_jobctl_report(struct task_struct *c, int options, struct wait_result *res)
{
	struct signal_struct *s = c->signal;
	bool found = false;
	spin_lock(&c->sighand->lock);
	if ((options & WSTOPPED) && (s->stop_flags & SIGNAL_REPORT_STOPPED) &&
	    (s->stop_flags & SIGNAL_STOP_STOPPED)) {
		res->status = 0x7f | (s->stop_sig << 8);
		res->code = CLD_STOPPED;
		res->si_status = s->stop_sig;
		if (!(options & WNOWAIT))
			s->stop_flags &= ~SIGNAL_REPORT_STOPPED;
		found = true;
	} else if ((options & WCONTINUED) && (s->stop_flags & SIGNAL_REPORT_CONTINUED)) {
		res->status = 0xffff;
		res->code = CLD_CONTINUED;
		res->si_status = SIGCONT;
		if (!(options & WNOWAIT))
			s->stop_flags &= ~SIGNAL_REPORT_CONTINUED;
		found = true;
	}
	spin_unlock(&c->sighand->lock);
	if (found) {
		res->pid = c->pid;
		child_times(c, res);
	}
	return found;
}

/* wait4 and waitid. Returns the pid found (res filled), 0 for WNOHANG
 * with nothing ready, or -errno. */
static long do_wait(int which, pid_t id, const struct signal_struct *pidfd_sig, int options,
		    struct wait_result *res)
{
	struct task_struct *t = current;
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
				if (!eligible(t, c, which, id, pidfd_sig, options))
					continue;
				any = true;
				if (c->exit_state == EXIT_ZOMBIE && group_dead(c)) {
					if (options & WEXITED) {
						zombie = c;
						break;
					}
					continue;
				}
				if (c->exit_state)
					continue;
				if (take_jobctl_report(c, options, res)) {
					spin_unlock(&tasklist_lock);
					return res->pid;
				}
			}
			if (zombie)
				break;
		}
		if (zombie) {
			int code = zombie->signal->group_exit ? zombie->signal->group_exit_code
							      : zombie->signal->last_exit_code;
			res->pid = zombie->pid;
			res->status = code;
			child_times(zombie, res);
			if (code & 0x7f) {
				res->code = (code & 0x80) ? CLD_DUMPED : CLD_KILLED;
				res->si_status = code & 0x7f;
			} else {
				res->code = CLD_EXITED;
				res->si_status = (code >> 8) & 0xff;
			}
			if (options & WNOWAIT) {
				spin_unlock(&tasklist_lock);
				return res->pid;
			}
			/* Claim it (its times become ours: RUSAGE_CHILDREN),
			 * then free it without the lock. */
			t->signal->cutime += res->ru.utime;
			t->signal->cstime += res->ru.stime;
			t->signal->cmin_flt += res->ru.min_flt;
			zombie->exit_state = EXIT_DEAD;
			list_del(&zombie->sibling);
			list_del(&zombie->tasks);
			detach_pid(zombie);
			list_del(&zombie->thread_node);
			spin_unlock(&tasklist_lock);
			while (__atomic_load_n(&zombie->on_cpu, __ATOMIC_ACQUIRE))
				;	/* it is switching away on another hart */
			release_dead_task(zombie);
			return res->pid;
		}
		if (!any) {
			spin_unlock(&tasklist_lock);
			return -ECHILD;
		}
		if (options & WNOHANG) {
			spin_unlock(&tasklist_lock);
			return 0;
		}
		/* SA_RESTART restarts the wait (Linux's -ERESTARTSYS). */
		if (sleep_on_intr(t->signal, &tasklist_lock)) {
			spin_unlock(&tasklist_lock);
			return -ERESTARTSYS;
		}
	}
}

SYSCALL_DEFINE4(wait4, pid_t, pid, int __user *, status, int, options, void __user *, rusage)
{
	if (options & ~(WNOHANG | WUNTRACED | WCONTINUED | __WNOTHREAD | __WALL | __WCLONE))
		return -EINVAL;
	if (pid == -2147483647 - 1)
		return -ESRCH;
	int which = pid == -1 ? P_ALL : pid > 0 ? P_PID : P_PGID;
	pid_t id = pid > 0 ? pid : pid < -1 ? -pid : 0;
	if (pid == 0) {
		spin_lock(&tasklist_lock);
		id = current->signal->pgid;
		spin_unlock(&tasklist_lock);
	}
	struct wait_result res;
	long r = do_wait(which, id, NULL, options | WEXITED, &res);
	if (r <= 0)
		return r;
	if (status && put_user_u32(res.status, (u32 __user *)status))
		return -EFAULT;
	if (rusage && put_rusage(rusage, &res.ru))
		return -EFAULT;
	return r;
}

/* The part of siginfo_t waitid writes (Linux writes just these). */
struct waitid_info {
	s32 si_signo, si_errno, si_code, __pad;
	s32 si_pid;
	u32 si_uid;
	s32 si_status;
};

SYSCALL_DEFINE5(waitid, int, which, pid_t, id, void __user *, infop, int, options,
		void __user *, rusage)
{
	if (options & ~(WNOHANG | WNOWAIT | WEXITED | WSTOPPED | WCONTINUED | __WNOTHREAD |
			__WALL | __WCLONE))
		return -EINVAL;
	if (!(options & (WEXITED | WSTOPPED | WCONTINUED)))
		return -EINVAL;
	switch (which) {
	case P_ALL:
		id = 0;
		break;
	case P_PID:
		if (id <= 0)
			return -EINVAL;
		break;
	case P_PGID:
		if (id < 0)
			return -EINVAL;
		if (id == 0) {
			spin_lock(&tasklist_lock);
			id = current->signal->pgid;
			spin_unlock(&tasklist_lock);
		}
		break;
	case P_PIDFD:
		break;
	default:
		return -EINVAL;
	}
	struct wait_result res = { 0 };
	long r;
	if (which == P_PIDFD) {
		/* The process the pidfd names; one opened O_NONBLOCK waits as
		 * with WNOHANG and says EAGAIN when nothing is ready (Linux). */
		struct signal_struct *sig;
		struct file *held;
		bool nonblock;
		pid_t pid;
		r = pidfd_wait_target(id, &pid, &sig, &nonblock, &held);
		if (r < 0)
			return r;
		r = pid ? do_wait(P_PIDFD, pid, sig, options | (nonblock ? WNOHANG : 0), &res) : -ECHILD;
		fput(held);
		if (r == 0 && nonblock && !(options & WNOHANG))
			return -EAGAIN;
	} else {
		r = do_wait(which, id, NULL, options, &res);
	}
	if (r < 0)
		return r;
	/* As Linux: the rusage is written only when a child was found. */
	if (r > 0 && rusage && put_rusage(rusage, &res.ru))
		return -EFAULT;
	if (!infop)
		return 0;
	/* WNOHANG with nothing ready writes zeros (si_pid 0), as Linux. */
	struct waitid_info wi = { 0 };
	if (r > 0) {
		wi.si_signo = SIGCHLD;
		wi.si_code = res.code;
		wi.si_pid = res.pid;
		wi.si_status = res.si_status;
	}
	if (copy_to_user(infop, &wi, sizeof(wi)))
		return -EFAULT;
	return 0;
}
