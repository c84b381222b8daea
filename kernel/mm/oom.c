/* Memory policy: Linux's heuristic overcommit check and the OOM killer.
 *
 * Overcommit (as vm.overcommit_memory = 0): a single private writable or
 * shared anonymous request larger than all of RAM (cleave has no swap)
 * fails at once with ENOMEM; anything smaller is granted and backed on
 * demand.
 *
 * OOM: when a user page fault (or a COW copy) finds no free page, the
 * process with the most resident pages is sent SIGKILL (never init,
 * never a kernel thread) and the faulting task retries the access; it
 * is not the one punished unless it is the largest. While a victim is
 * still dying nobody else is killed: its pages are about to come back. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <mm.h>
#include <mm_types.h>
#include <printk.h>

/* Linux's OVERCOMMIT_GUESS for one request of `pages` pages. */
bool vm_enough_memory(u64 pages)
{
	return pages <= nr_total_pages();
}

/* A process killed by the OOM killer that has not released its memory
 * yet: at most one at a time. Protected by tasklist_lock; cleared when
 * it is seen gone (no task with that pid and mm any more). */
static pid_t oom_victim;
static struct mm_struct *oom_victim_mm;

/* Is the last victim still around with its memory? tasklist_lock held. */
static bool victim_alive(void)
{
	if (!oom_victim)
		return false;
	struct task_struct *t = find_task_by_pid(oom_victim);
	if (t && t->mm == oom_victim_mm && !t->exit_state)
		return true;
	oom_victim = 0;
	oom_victim_mm = NULL;
	return false;
}

/* Called, with no locks held, by a task whose fault could not get a
 * page. Kills the largest process unless a victim is still dying, then
 * yields so the victim can run; the caller retries the access. Returns
 * false when there is nobody to kill (only init holds memory): then
 * retrying cannot help and the caller fails the access instead. */
bool out_of_memory(void)
{
	struct task_struct *victim = NULL;
	u64 best = 0;
	bool waiting;
	spin_lock(&tasklist_lock);
	waiting = victim_alive();
	if (!waiting) {
		struct list_head *pos;
		list_for_each(pos, &all_tasks) {
			struct task_struct *t = list_entry(pos, struct task_struct, tasks);
			struct mm_struct *mm = t->mm;
			/* kernel threads have no user mm (PF_KTHREAD is not a
			 * test: user tasks inherit it from the boot thread) */
			if (t->tgid == 1 || !mm || mm == &init_mm || t->exit_state ||
			    mm == init_task_p->mm)
				continue;
			u64 rss = READ_ONCE(mm->rss);
			/* ties go to the newest (all_tasks is in creation order) */
			if (rss >= best) {
				best = rss;
				victim = t;
			}
		}
		if (victim) {
			oom_victim = victim->pid;
			oom_victim_mm = victim->mm;
			send_signal(victim, SIGKILL, true);
			printk("oom: killed pid %d (%s) rss %lu kB\n", victim->tgid, victim->comm,
			       best * (PAGE_SIZE / 1024));
		}
	}
	spin_unlock(&tasklist_lock);
	if (!waiting && !victim)
		return false;
	schedule();	/* still TASK_RUNNING: a yield */
	return true;
}
