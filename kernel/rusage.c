/* getrusage (165): RUSAGE_SELF, RUSAGE_CHILDREN, RUSAGE_THREAD.
 *
 * cleave keeps no per-task CPU accounting, so the figures are the same
 * approximations as CLOCK_PROCESS/THREAD_CPUTIME_ID (kernel/time.c): user
 * time is the time since the process (thread) started, system time 0.
 * ru_maxrss is the current resident set (KiB), a lower bound of Linux's
 * high-water mark. RUSAGE_CHILDREN is all zero: reaped children's usage is
 * not collected. The other fields are 0, as most are on Linux. */
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

SYSCALL_DEFINE2(getrusage, int, who, void __user *, uru)
{
	struct task_struct *t = current;
	struct k_rusage ru;
	u64 now = ktime_get_ns();

	if (who != RUSAGE_SELF && who != RUSAGE_CHILDREN && who != RUSAGE_THREAD)
		return -EINVAL;
	memset(&ru, 0, sizeof(ru));
	if (who != RUSAGE_CHILDREN) {
		u64 start = who == RUSAGE_SELF ? t->group_leader->start_time : t->start_time;
		ru.ru_utime = ns_to_tv(now - start);
		if (t->mm)
			ru.ru_maxrss = (s64)(READ_ONCE(t->mm->rss) * (PAGE_SIZE / 1024));
	}
	return copy_to_user(uru, &ru, sizeof(ru)) ? -EFAULT : 0;
}
