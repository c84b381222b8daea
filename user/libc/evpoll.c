/* eventfd, epoll, poll and CPU affinity wrappers. */
#include <errno.h>
#include <poll.h>
#include <sched.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int eventfd(unsigned int initval, int flags) { RET(__syscall2(SYS_eventfd2, initval, flags)); }

int eventfd_read(int fd, eventfd_t *value)
{
	return read(fd, value, sizeof(*value)) == sizeof(*value) ? 0 : -1;
}

int eventfd_write(int fd, eventfd_t value)
{
	return write(fd, &value, sizeof(value)) == sizeof(value) ? 0 : -1;
}

int epoll_create1(int flags) { RET(__syscall1(SYS_epoll_create1, flags)); }

int epoll_ctl(int epfd, int op, int fd, struct epoll_event *ev)
{
	RET(__syscall4(SYS_epoll_ctl, epfd, op, fd, ev));
}

int epoll_pwait(int epfd, struct epoll_event *evs, int maxevents, int timeout,
		const sigset_t *mask)
{
	RET(__syscall6(SYS_epoll_pwait, epfd, (long)evs, maxevents, timeout, (long)mask, sizeof(sigset_t)));
}

int epoll_wait(int epfd, struct epoll_event *evs, int maxevents, int timeout)
{
	return epoll_pwait(epfd, evs, maxevents, timeout, NULL);
}

int poll(struct pollfd *fds, nfds_t n, int timeout)
{
	struct timespec ts, *tp = NULL;

	if (timeout >= 0) {
		ts.tv_sec = timeout / 1000;
		ts.tv_nsec = (long)(timeout % 1000) * 1000000;
		tp = &ts;
	}
	RET(__syscall5(SYS_ppoll, fds, n, tp, NULL, sizeof(sigset_t)));
}

int __sched_cpucount(size_t size, const cpu_set_t *s)
{
	int n = 0;

	for (size_t i = 0; i < size / sizeof(unsigned long); i++)
		n += __builtin_popcountl(s->__bits[i]);
	return n;
}

int sched_getaffinity(pid_t pid, size_t size, cpu_set_t *set)
{
	long r = __syscall3(SYS_sched_getaffinity, pid, size, set);

	if (r < 0)
		return __syscall_ret(r);
	if ((size_t)r < size)	/* glibc clears what the kernel did not write */
		memset((char *)set + r, 0, size - r);
	return 0;
}

int sched_setaffinity(pid_t pid, size_t size, const cpu_set_t *set)
{
	RET(__syscall3(SYS_sched_setaffinity, pid, size, set));
}
