/* getrusage, prctl, credentials. */
#include <errno.h>
#include <stdarg.h>
#include <sys/prctl.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int getrusage(int who, struct rusage *ru) { RET(__syscall2(SYS_getrusage, who, ru)); }
int getrlimit(int res, struct rlimit *rl) { RET(__syscall2(SYS_getrlimit, res, rl)); }
int setrlimit(int res, const struct rlimit *rl) { RET(__syscall2(SYS_setrlimit, res, rl)); }

int prlimit(pid_t pid, int res, const struct rlimit *new_rl, struct rlimit *old_rl)
{
	RET(__syscall4(SYS_prlimit64, pid, res, new_rl, old_rl));
}

int prctl(int option, ...)
{
	va_list ap;
	unsigned long a[4];

	va_start(ap, option);
	for (int i = 0; i < 4; i++)
		a[i] = va_arg(ap, unsigned long);
	va_end(ap);
	RET(__syscall5(SYS_prctl, option, a[0], a[1], a[2], a[3]));
}

int setuid(uid_t uid) { RET(__syscall1(SYS_setuid, uid)); }
int setgid(gid_t gid) { RET(__syscall1(SYS_setgid, gid)); }
int seteuid(uid_t uid) { RET(__syscall3(SYS_setresuid, -1, uid, -1)); }
int setegid(gid_t gid) { RET(__syscall3(SYS_setresgid, -1, gid, -1)); }
int setreuid(uid_t r, uid_t e) { RET(__syscall2(SYS_setreuid, r, e)); }
int setregid(gid_t r, gid_t e) { RET(__syscall2(SYS_setregid, r, e)); }
int setresuid(uid_t r, uid_t e, uid_t s) { RET(__syscall3(SYS_setresuid, r, e, s)); }
int setresgid(gid_t r, gid_t e, gid_t s) { RET(__syscall3(SYS_setresgid, r, e, s)); }
int getresuid(uid_t *r, uid_t *e, uid_t *s) { RET(__syscall3(SYS_getresuid, r, e, s)); }
int getresgid(gid_t *r, gid_t *e, gid_t *s) { RET(__syscall3(SYS_getresgid, r, e, s)); }
int getgroups(int size, gid_t *list) { RET(__syscall2(SYS_getgroups, size, list)); }
int setgroups(size_t size, const gid_t *list) { RET(__syscall2(SYS_setgroups, size, list)); }

int madvise(void *addr, size_t len, int advice) { RET(__syscall3(SYS_madvise, addr, len, advice)); }
int mincore(void *addr, size_t len, unsigned char *vec) { RET(__syscall3(SYS_mincore, addr, len, vec)); }
