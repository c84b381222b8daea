/* sched_getaffinity (123) and sched_setaffinity (122).
 *
 * The kernel's CPU mask is one u64 of cpus[] indices (NR_CPUS <= 64), so
 * its size, Linux's cpumask_size(), is 8 bytes. A task's mask lives in
 * task->cpus_allowed (0: every hart), written and read under
 * tasklist_lock, and inherited by clone. The scheduler does not honour it
 * yet (one shared run queue; any task runs on any hart): programs see
 * the mask they set, which is what the Go runtime and nproc look at. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

#define KMASK_SIZE sizeof(u64)

/* The harts that have come up, as a mask of cpus[] indices. */
static u64 online_mask(void)
{
	u64 m = 0;

	for (int i = 0; i < NR_CPUS; i++)
		if (__atomic_load_n(&cpus[i].online, __ATOMIC_ACQUIRE))
			m |= 1UL << i;
	return m;
}

/* The task named by pid (0: the caller) with tasklist_lock held, or NULL
 * (lock released). */
static struct task_struct *lock_task(pid_t pid)
{
	spin_lock(&tasklist_lock);
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;
	if (!t || pid < 0)
		spin_unlock(&tasklist_lock);
	return pid < 0 ? NULL : t;
}

SYSCALL_DEFINE3(sched_getaffinity, pid_t, pid, unsigned int, len, void __user *, umask)
{
	struct task_struct *t;
	u64 m;

	/* Linux: at least nr_cpu_ids bits, in whole longs. */
	if (len * 8 < NR_CPUS || (len & (sizeof(long) - 1)))
		return -EINVAL;
	if (!(t = lock_task(pid)))
		return -ESRCH;
	m = t->cpus_allowed ? t->cpus_allowed : ~0UL;
	spin_unlock(&tasklist_lock);
	m &= online_mask();
	if (copy_to_user(umask, &m, KMASK_SIZE))
		return -EFAULT;
	return KMASK_SIZE;
}

SYSCALL_DEFINE3(sched_setaffinity, pid_t, pid, unsigned int, len, const void __user *, umask)
{
	struct task_struct *t;
	u64 m = 0;

	/* A shorter mask is zero-extended, a longer one truncated. */
	if (copy_from_user(&m, umask, min((size_t)len, KMASK_SIZE)))
		return -EFAULT;
	if (!(t = lock_task(pid)))
		return -ESRCH;
	m &= online_mask();
	if (m)
		t->cpus_allowed = m;
	spin_unlock(&tasklist_lock);
	return m ? 0 : -EINVAL;
}
