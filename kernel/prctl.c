/* prctl (167) and the two exit-time hooks it needs.
 *
 * Options: PR_SET/GET_NAME (task->comm, 15 characters and a NUL),
 * PR_SET/GET_PDEATHSIG (a signal for us when the thread that forked us
 * exits), PR_SET/GET_CHILD_SUBREAPER (orphaned descendants are re-parented
 * to the nearest live subreaper ancestor instead of init),
 * PR_SET/GET_NO_NEW_PRIVS (a one-way flag; cleave has no set-id exec to
 * restrict) and PR_SET/GET_DUMPABLE (0 or 1; cleave writes no core dumps).
 * Anything else is EINVAL, as are bad arguments, as on Linux.
 *
 * Differences: the dumpable flag is per thread, not per mm, and exec does
 * not reset it to 1. The state lives in task_struct (sched.h); clone copies
 * it, copy_process clears pdeath_signal and, for a new process, the
 * subreaper flag, and takes a reference to the shared cred (prctl_fork,
 * inline in sched.h).
 *
 * Exit (kernel/exit.c, forget_original_parent, tasklist_lock held) calls
 * find_child_reaper() for the default new parent and reparent_notify()
 * for each child it hands over. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <clone.h>
#include <cred.h>

#include <uapi/prctl.h>


/* A thread of g's group that is not exiting, or NULL. tasklist_lock held. */
static struct task_struct *live_thread(struct task_struct *g)
{
	struct list_head *pos;

	list_for_each(pos, &g->signal->thread_head) {
		struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
		if (!(o->flags & PF_EXITING))
			return o;
	}
	return NULL;
}

struct task_struct *find_child_reaper(struct task_struct *t)
{
	if (list_empty(&t->children))
		return init_task_p;	/* nobody to re-parent: skip the walk */
	struct task_struct *a = t->group_leader->real_parent;

	/* Up the ancestry, never past init (at most one step per task) nor
	 * into an idle task (pid 0: init's own parent, no group leader). */
	for (int i = 0; a && a != init_task_p && a->pid && i < 1 << 20;
	     i++, a = a->group_leader->real_parent) {
		if (!READ_ONCE(a->group_leader->child_subreaper))
			continue;
		struct task_struct *live = live_thread(a);
		if (live)
			return live;
	}
	return init_task_p;
}

void reparent_notify(struct task_struct *c, struct task_struct *reaper)
{
	int sig = READ_ONCE(c->pdeath_signal);

	if (sig && !c->exit_state)
		send_signal(c, sig, true);
	/* init is woken by exit_notify; a subreaper in wait4 needs it too. */
	if (c->exit_state == EXIT_ZOMBIE && reaper != init_task_p)
		wakeup(reaper->signal);
}

static int put_int(int v, unsigned long uaddr)
{
	return put_user_u32((u32)v, (u32 __user *)uaddr) ? -EFAULT : 0;
}

SYSCALL_DEFINE5(prctl, int, option, unsigned long, arg2, unsigned long, arg3, unsigned long, arg4,
		unsigned long, arg5)
{
	struct task_struct *t = current;
	char name[TASK_COMM_LEN];

	switch (option) {
	case PR_SET_PDEATHSIG:
		if (arg2 > _NSIG)
			return -EINVAL;
		WRITE_ONCE(t->pdeath_signal, (int)arg2);
		return 0;
	case PR_GET_PDEATHSIG:
		return put_int(t->pdeath_signal, arg2);
	case PR_GET_DUMPABLE:
		return t->not_dumpable ? 0 : 1;
	case PR_SET_DUMPABLE:
		if (arg2 > 1)
			return -EINVAL;
		t->not_dumpable = arg2 == 0;
		return 0;
	case PR_SET_NAME:
		/* Up to 15 characters; a longer name is cut. */
		memset(name, 0, sizeof(name));
		for (int i = 0; i < TASK_COMM_LEN - 1; i++) {
			if (copy_from_user(&name[i], (const char __user *)arg2 + i, 1))
				return -EFAULT;
			if (!name[i])
				break;
		}
		memcpy(t->comm, name, sizeof(name));
		return 0;
	case PR_GET_NAME:
		memcpy(name, t->comm, sizeof(name));
		name[TASK_COMM_LEN - 1] = 0;
		return copy_to_user((void __user *)arg2, name, sizeof(name)) ? -EFAULT : 0;
	case PR_SET_CHILD_SUBREAPER:
		WRITE_ONCE(t->group_leader->child_subreaper, arg2 != 0);
		return 0;
	case PR_GET_CHILD_SUBREAPER:
		return put_int(READ_ONCE(t->group_leader->child_subreaper), arg2);
	case PR_SET_NO_NEW_PRIVS:
		if (arg2 != 1 || arg3 || arg4 || arg5)
			return -EINVAL;
		t->no_new_privs = true;
		return 0;
	case PR_GET_NO_NEW_PRIVS:
		if (arg2 || arg3 || arg4 || arg5)
			return -EINVAL;
		return t->no_new_privs;
	}
	return -EINVAL;
}
