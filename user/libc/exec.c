#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

/*
 * Tries execve on each $PATH (default "/bin") entry when file has no '/'.
 * Raw system calls and no heap: posix_spawnp runs this in a vfork child.
 * Returns -errno: ENOENT unless some entry failed otherwise (e.g. EACCES).
 */
long __execvpe_raw(const char *file, char *const argv[], char *const envp[], const char *path)
{
	const char *p, *end;
	char buf[512];
	long saved = -ENOENT, r;
	size_t fl = strlen(file);

	if (!*file)
		return -ENOENT;
	if (strchr(file, '/'))
		return __syscall3(SYS_execve, file, argv, envp);
	if (!path)
		path = "/bin";
	for (p = path;; p = end + 1) {
		size_t dl;

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		dl = end - p;
		if (dl + fl + 2 <= sizeof(buf)) {
			memcpy(buf, p, dl);
			if (dl == 0)
				buf[dl++] = '.';
			buf[dl] = '/';
			memcpy(buf + dl + 1, file, fl + 1);
			r = __syscall3(SYS_execve, buf, argv, envp);
			if (r != -ENOENT && r != -ENOTDIR)
				saved = r;
		}
		if (!*end)
			break;
	}
	return saved;
}

int execvpe(const char *file, char *const argv[], char *const envp[])
{
	return (int)__syscall_ret(__execvpe_raw(file, argv, envp, getenv("PATH")));
}

int execvp(const char *file, char *const argv[]) { return execvpe(file, argv, environ); }

#define MAXARGS 256

/* Collects the NULL-terminated variadic list after arg into argv. */
#define COLLECT(argv, arg) do {                                          \
	va_list ap;                                                     \
	int n = 0;                                                      \
	argv[n++] = (char *)arg;                                        \
	va_start(ap, arg);                                              \
	while (argv[n - 1] && n < MAXARGS)                              \
		argv[n++] = va_arg(ap, char *);                         \
	va_end(ap);                                                     \
	if (argv[n - 1]) {                                              \
		errno = E2BIG;                                          \
		return -1;                                              \
	}                                                               \
} while (0)

int execl(const char *path, const char *arg, ...)
{
	char *argv[MAXARGS];

	COLLECT(argv, arg);
	return execve(path, argv, environ);
}

int execlp(const char *file, const char *arg, ...)
{
	char *argv[MAXARGS];

	COLLECT(argv, arg);
	return execvp(file, argv);
}
