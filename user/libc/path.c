/* Path-name level system calls. */
#include <errno.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int mkdirat(int dirfd, const char *path, mode_t mode) { RET(__syscall3(SYS_mkdirat, dirfd, path, mode)); }
int mkdir(const char *path, mode_t mode) { return mkdirat(AT_FDCWD, path, mode); }
int unlinkat(int dirfd, const char *path, int flags) { RET(__syscall3(SYS_unlinkat, dirfd, path, flags)); }
int unlink(const char *path) { return unlinkat(AT_FDCWD, path, 0); }
int rmdir(const char *path) { return unlinkat(AT_FDCWD, path, AT_REMOVEDIR); }
int chdir(const char *path) { RET(__syscall1(SYS_chdir, path)); }
int symlink(const char *target, const char *path) { RET(__syscall3(SYS_symlinkat, target, AT_FDCWD, path)); }
int access(const char *path, int mode) { RET(__syscall3(SYS_faccessat, AT_FDCWD, path, mode)); }
mode_t umask(mode_t mask) { return (mode_t)__syscall1(SYS_umask, mask); }
int remove(const char *path)
{
	if (unlink(path) == 0)
		return 0;
	return errno == EISDIR ? rmdir(path) : -1;
}

ssize_t readlink(const char *path, char *buf, size_t n)
{
	RET(__syscall4(SYS_readlinkat, AT_FDCWD, path, buf, n));
}

int link(const char *old, const char *new)
{
	RET(__syscall5(SYS_linkat, AT_FDCWD, old, AT_FDCWD, new, 0));
}

char *getcwd(char *buf, size_t size)
{
	long r = __syscall2(SYS_getcwd, buf, size);

	if (__syscall_ret(r) < 0)
		return NULL;
	return buf;
}

/* renameat2 may be missing; then emulate for plain files with link+unlink. */
int rename(const char *old, const char *new)
{
	long r = __syscall5(SYS_renameat2, AT_FDCWD, old, AT_FDCWD, new, 0);

	if (r == -ENOSYS)
		r = __syscall4(SYS_renameat, AT_FDCWD, old, AT_FDCWD, new);
	if (r != -ENOSYS)
		RET(r);
	r = __syscall5(SYS_linkat, AT_FDCWD, old, AT_FDCWD, new, 0);
	if (r == -EEXIST) {
		__syscall3(SYS_unlinkat, AT_FDCWD, new, 0);
		r = __syscall5(SYS_linkat, AT_FDCWD, old, AT_FDCWD, new, 0);
	}
	if (r < 0)
		RET(r);
	RET(__syscall3(SYS_unlinkat, AT_FDCWD, old, 0));
}
