/* pid -> task lookup and pid allocation without walking every task.
 *
 * A task is in the hash while it is in all_tasks: from copy_process
 * publishing it until it is reaped (or released by itself, or replaced by
 * the exec-ing thread that takes over its group leader's pid). Both the
 * hash and last_pid are protected by tasklist_lock. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <spinlock.h>

#define PIDHASH_SIZE 1024	/* a power of two; chains stay short below ~4k tasks */

static struct task_struct *pid_hash[PIDHASH_SIZE];
static pid_t last_pid;

static struct task_struct **chain(pid_t pid) { return &pid_hash[pid & (PIDHASH_SIZE - 1)]; }

struct task_struct *find_task_by_pid(pid_t pid)
{
	for (struct task_struct *t = *chain(pid); t; t = t->pid_chain)
		if (t->pid == pid)
			return t;
	return NULL;
}

void attach_pid(struct task_struct *p)
{
	struct task_struct **c = chain(p->pid);
	p->pid_chain = *c;
	*c = p;
}

void detach_pid(struct task_struct *p)
{
	for (struct task_struct **pp = chain(p->pid); *pp; pp = &(*pp)->pid_chain) {
		if (*pp == p) {
			*pp = p->pid_chain;
			return;
		}
	}
}

/* Next free pid after the last one handed out, wrapping at PID_MAX to 2
 * (1 is init's for good). Each try is one hash lookup; -EAGAIN when every
 * pid is taken. */
pid_t alloc_pid(void)
{
	for (int tries = 0; tries < PID_MAX; tries++) {
		pid_t p = last_pid + 1;
		if (p >= PID_MAX)
			p = 2;
		last_pid = p;
		if (!find_task_by_pid(p))
			return p;
	}
	return -EAGAIN;
}
