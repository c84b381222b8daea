/* Terminal job control: who may read the terminal, change its settings
 * and pick its foreground process group (Linux's tty_check_change,
 * tiocspgrp and tiocsctty rules, drivers/tty/tty_jobctrl.c).
 *
 * A terminal controls at most one session (its sid, 0: none) and has a
 * foreground process group (its pgrp, 0: none yet). Only members of that
 * session are checked: a member outside the foreground group that reads
 * (SIGTTIN), or changes settings or writes under TOSTOP (SIGTTOU), has
 * the signal sent to its whole group and the call restarted once the group
 * is continued; if it ignores or blocks the signal it gets EIO for a read
 * and goes ahead otherwise; an orphaned group (nobody left in the session
 * to continue it) gets EIO.
 *
 * The caller passes a snapshot of sid and pgrp and holds no lock: these
 * functions take tasklist_lock and may send signals. */
#include "types.h"
#include "errno.h"
#include "sched.h"
#include "signal.h"
#include "tty.h"

/* Does current ignore or block sig? */
static bool ignores(int sig)
{
	struct sighand_struct *sh = current->sighand;
	spin_lock(&sh->lock);
	bool r = (current->blocked & sigmask(sig)) || sh->action[sig - 1].handler == SIG_IGN;
	spin_unlock(&sh->lock);
	return r;
}

int tty_check_change(pid_t sid, pid_t pgrp, int sig)
{
	struct signal_struct *me = current->signal;
	pid_t my_pgrp = READ_ONCE(me->pgid);

	if (!sid || READ_ONCE(me->sid) != sid || !pgrp || my_pgrp == pgrp)
		return 0;		/* not ours to check, or in the foreground */
	if (ignores(sig))
		return sig == SIGTTIN ? -EIO : 0;
	spin_lock(&tasklist_lock);
	bool orphaned = pgrp_orphaned(my_pgrp, sid);
	spin_unlock(&tasklist_lock);
	if (orphaned)
		return -EIO;
	kill_pgrp(my_pgrp, sig);
	return -ERESTARTSYS;	/* again once the stop is over */
}

int tty_check_pgrp(pid_t pgid)
{
	long r = -ESRCH;
	if (pgid <= 0)
		return r;
	spin_lock(&tasklist_lock);
	struct list_head *pos;
	list_for_each(pos, &all_tasks) {
		struct task_struct *p = list_entry(pos, struct task_struct, tasks);
		if (p->exit_state || (p->signal->pgid != pgid && p->tgid != pgid))
			continue;
		/* The group must be in the caller's own session. */
		r = p->signal->sid == current->signal->sid ? 0 : -EPERM;
		break;
	}
	spin_unlock(&tasklist_lock);
	return r;
}

bool tty_session_gone(pid_t sid)
{
	if (!sid)
		return true;
	spin_lock(&tasklist_lock);
	struct task_struct *leader = find_task_by_pid(sid);
	bool gone = !leader || leader->exit_state || leader->signal->sid != sid;
	spin_unlock(&tasklist_lock);
	return gone;
}
