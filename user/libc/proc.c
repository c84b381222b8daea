/* Process system calls. */
#include <errno.h>
#include <signal.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <sys/reboot.h>
#include <sys/utsname.h>
#include <sys/sysinfo.h>
#include <unistd.h>
#include <sched.h>
#include "pthread_impl.h"

#define RET(x) return __syscall_ret(x)

/* riscv64 has no fork(2): clone with only the exit signal set. The child
 * has only the calling thread, so the heap lock and the stdio list lock are
 * held across the clone (the child's copies come out consistent, then
 * released), and the child frees FILE locks held by other threads. */
pid_t fork(void)
{
	struct pthread *self = __self();
	long r;

	__stdio_fork_prepare();
	__malloc_lockall();
	r = __syscall5(SYS_clone, SIGCHLD, 0, 0, 0, 0);
	__malloc_unlockall();
	if (r == 0) {
		self->tid = (int)__syscall0(SYS_gettid);
		__threads_live = 1;
		__stdio_fork_child();
	} else {
		__stdio_fork_parent();
	}
	RET(r);
}

pid_t clone3(struct clone_args *args, size_t size, int (*fn)(void *), void *arg)
{
	RET(__clone3(args, size, fn, arg));
}
int execve(const char *path, char *const argv[], char *const envp[]) { RET(__syscall3(SYS_execve, path, argv, envp)); }
int execv(const char *path, char *const argv[]) { return execve(path, argv, environ); }

_Noreturn void _exit(int status)
{
	for (;;)
		__syscall1(SYS_exit_group, status);
}

pid_t wait4(pid_t pid, int *status, int options, struct rusage *ru) { RET(__syscall4(SYS_wait4, pid, status, options, ru)); }
pid_t waitpid(pid_t pid, int *status, int options) { return wait4(pid, status, options, 0); }
pid_t wait(int *status) { return wait4(-1, status, 0, 0); }
int waitid(idtype_t idtype, id_t id, siginfo_t *info, int options) { RET(__syscall5(SYS_waitid, idtype, id, info, options, 0)); }

pid_t getpid(void) { return __syscall0(SYS_getpid); }
pid_t getppid(void) { return __syscall0(SYS_getppid); }
pid_t gettid(void) { return __syscall0(SYS_gettid); }
uid_t getuid(void) { return __syscall0(SYS_getuid); }
uid_t geteuid(void) { return __syscall0(SYS_geteuid); }
gid_t getgid(void) { return __syscall0(SYS_getgid); }
gid_t getegid(void) { return __syscall0(SYS_getegid); }
int setpgid(pid_t pid, pid_t pgid) { RET(__syscall2(SYS_setpgid, pid, pgid)); }
pid_t getpgid(pid_t pid) { RET(__syscall1(SYS_getpgid, pid)); }
pid_t getpgrp(void) { return getpgid(0); }
pid_t getsid(pid_t pid) { RET(__syscall1(SYS_getsid, pid)); }
pid_t setsid(void) { RET(__syscall0(SYS_setsid)); }
int sched_yield(void) { RET(__syscall0(SYS_sched_yield)); }
int uname(struct utsname *u) { RET(__syscall1(SYS_uname, u)); }
int sysinfo(struct sysinfo *info) { RET(__syscall1(SYS_sysinfo, info)); }
ssize_t getrandom(void *buf, size_t n, unsigned int flags) { RET(__syscall3(SYS_getrandom, buf, n, flags)); }

int reboot(int cmd)
{
	RET(__syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, (unsigned int)cmd, 0));
}
