/* getrusage (165), times (153) and the rusage wait4/waitid return.
 *
 * Times come from kernel/cputime.c: a thread's own (RUSAGE_THREAD), its
 * group's, dead threads included (RUSAGE_SELF), the reaped children's
 * (RUSAGE_CHILDREN). ru_maxrss is the current resident set (KiB), a lower
 * bound of Linux's high-water mark; ru_minflt counts page faults the same
 * three ways (kernel/mm/memory.c). The other fields are 0, as most are on
 * Linux. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <mm.h>
#include <mm_types.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

#define RUSAGE_SELF 0
#define RUSAGE_CHILDREN (-1)
#define RUSAGE_THREAD 1

struct k_timeval {
	s64 tv_sec, tv_usec;
};
struct k_rusage {
	struct k_timeval ru_utime, ru_stime;
	s64 ru_maxrss, ru_ixrss, ru_idrss, ru_isrss, ru_minflt, ru_majflt, ru_nswap;
	s64 ru_inblock, ru_oublock, ru_msgsnd, ru_msgrcv, ru_nsignals, ru_nvcsw, ru_nivcsw;
};
_Static_assert(sizeof(struct k_rusage) == 144, "struct rusage");

static struct k_timeval ns_to_tv(u64 ns)
{
	struct k_timeval tv = { (s64)(ns / 1000000000), (s64)(ns % 1000000000 / 1000) };
	return tv;
}

int put_rusage(void __user *uru, const struct rusage_sums *u)
{
	struct k_rusage ru;
	memset(&ru, 0, sizeof(ru));
	ru.ru_utime = ns_to_tv(u->utime);
	ru.ru_stime = ns_to_tv(u->stime);
	ru.ru_maxrss = (s64)u->maxrss_kb;
	ru.ru_minflt = (s64)u->min_flt;
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(getrusage, int, who, void __user *, uru)
{
	struct task_struct *t = current;
	struct signal_struct *sig = t->signal;
	struct rusage_sums u = { 0 };

	switch (who) {
	case RUSAGE_THREAD:
		u.utime = t->utime, u.stime = t->stime, u.min_flt = t->min_flt;
		break;
	case RUSAGE_SELF:
		u.utime = READ_ONCE(sig->utime), u.stime = READ_ONCE(sig->stime);
		u.min_flt = READ_ONCE(sig->min_flt);
		break;
	case RUSAGE_CHILDREN:
		spin_lock(&tasklist_lock);
		u.utime = sig->cutime, u.stime = sig->cstime, u.min_flt = sig->cmin_flt;
		spin_unlock(&tasklist_lock);
		break;
	default:
		return -EINVAL;
	}
	if (who != RUSAGE_CHILDREN && t->mm)
		u.maxrss_kb = READ_ONCE(t->mm->rss) * (PAGE_SIZE / 1024);
	return put_rusage(uru, &u);
}

/* times (153): the group's and the reaped children's times in clock
 * ticks (USER_HZ); returns the ticks since boot. */
#define USER_HZ 100
struct k_tms {
	s64 tms_utime, tms_stime, tms_cutime, tms_cstime;
};

SYSCALL_DEFINE1(times, void __user *, ubuf)
{
	struct signal_struct *sig = current->signal;
	const u64 tick = 1000000000UL / USER_HZ;
	if (ubuf) {
		struct k_tms tms;
		spin_lock(&tasklist_lock);
		tms.tms_cutime = (s64)(sig->cutime / tick);
		tms.tms_cstime = (s64)(sig->cstime / tick);
		spin_unlock(&tasklist_lock);
		tms.tms_utime = (s64)(READ_ONCE(sig->utime) / tick);
		tms.tms_stime = (s64)(READ_ONCE(sig->stime) / tick);
		if (copy_to_user(ubuf, &tms, sizeof(tms)))
			return -EFAULT;
	}
	return (long)(ktime_get_ns() / tick);
}
