/* Process groups and sessions: setpgid, getpgid, getsid, setsid.
 * tasklist_lock protects every signal->pgid/sid. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <syscalls.h>

static bool pgrp_exists_in_session(pid_t pgid, pid_t sid)
{
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p->signal->pgid == pgid && p->signal->sid == sid)
			return true;
	}
	return false;
}

SYSCALL_DEFINE2(setpgid, pid_t, pid, pid_t, pgid)
{
	struct task_struct *me = current;
	if (pgid < 0)
		return -EINVAL;
	long r = 0;
	spin_lock(&tasklist_lock);
	struct task_struct *p = pid ? find_task_by_pid(pid) : me->group_leader;
	if (!p || p->tgid != (pid ? pid : me->tgid)) {
		r = -ESRCH;	/* no such process, or a non-leader thread id */
		goto out;
	}
	/* Only ourselves or one of our children. */
	if (p->tgid != me->tgid && p->real_parent->tgid != me->tgid) {
		r = -ESRCH;
		goto out;
	}
	if (!pgid)
		pgid = p->tgid;
	if (p->signal->sid == p->tgid) {
		r = -EPERM;	/* a session leader keeps its group */
		goto out;
	}
	if (p->signal->sid != me->signal->sid) {
		r = -EPERM;
		goto out;
	}
	if (pgid != p->tgid && !pgrp_exists_in_session(pgid, me->signal->sid)) {
		r = -EPERM;
		goto out;
	}
	p->signal->pgid = pgid;
out:
	spin_unlock(&tasklist_lock);
	return r;
}

/* Look up the process for getpgid/getsid: 0 is the caller. */
static struct task_struct *lookup_process(pid_t pid)
{
	return pid ? find_task_by_pid(pid) : current;
}

SYSCALL_DEFINE1(getpgid, pid_t, pid)
{
	if (pid < 0)
		return -ESRCH;
	spin_lock(&tasklist_lock);
	struct task_struct *p = lookup_process(pid);
	long r = p ? p->signal->pgid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE1(getsid, pid_t, pid)
{
	if (pid < 0)
		return -ESRCH;
	spin_lock(&tasklist_lock);
	struct task_struct *p = lookup_process(pid);
	long r = p ? p->signal->sid : -ESRCH;
	spin_unlock(&tasklist_lock);
	return r;
}

SYSCALL_DEFINE0(setsid)
{
	struct task_struct *me = current;
	pid_t id = me->tgid;
	long r = id;
	spin_lock(&tasklist_lock);
	/* A process group leader (or anyone whose id names a group) may not. */
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p->signal->pgid == id) {
			r = -EPERM;
			break;
		}
	}
	if (r > 0)
		me->signal->pgid = me->signal->sid = id;
	spin_unlock(&tasklist_lock);
	return r;
}

