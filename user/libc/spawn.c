/*
 * posix_spawn on vfork. The child runs in the parent's memory until it
 * execs, so it uses raw system calls only (no errno, no locks, no heap) and
 * reports a failure by storing the error in the parent's `struct job`
 * before _exit(127); vfork guarantees the parent reads it only after the
 * child has exec'ed or died. The child's work is a separate noinline
 * function so its locals live below the parent's frame, never in it.
 *
 * Signals: the parent blocks all of them around the vfork, so no handler
 * can run in the child on the shared stack; the child resets every caught
 * signal (and the SETSIGDEF set) to SIG_DFL before restoring the mask.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

long __execvpe_raw(const char *file, char *const argv[], char *const envp[], const char *path);

enum { A_OPEN, A_CLOSE, A_DUP2 };

struct __spawn_action {
	int type, fd, newfd, oflag;
	mode_t mode;
	char *path;
};

struct job {
	const char *path;
	const posix_spawn_file_actions_t *fa;
	const posix_spawnattr_t *attr;
	char *const *argv, *const *envp;
	const char *search;	/* $PATH for posix_spawnp, else NULL */
	int use_path;
	sigset_t oldmask;
	volatile int err;	/* written by the child */
};

static long child_actions(struct job *j)
{
	const posix_spawnattr_t *at = j->attr;
	int flags = at ? at->flags : 0;
	sigset_t mask = j->oldmask;
	long r;

	for (int sig = 1; sig <= 64; sig++) {
		struct sigaction sa;

		if (sig == SIGKILL || sig == SIGSTOP)
			continue;
		if (__syscall4(SYS_rt_sigaction, sig, 0, &sa, sizeof(sigset_t)) < 0)
			continue;
		if (((flags & POSIX_SPAWN_SETSIGDEF) && sigismember(&at->sigdefault, sig) == 1) ||
		    (sa.sa_handler != SIG_DFL && sa.sa_handler != SIG_IGN)) {
			sa.sa_handler = SIG_DFL;
			sa.sa_flags = 0;
			sa.sa_mask = 0;
			__syscall4(SYS_rt_sigaction, sig, &sa, 0, sizeof(sigset_t));
		}
	}
	if ((flags & POSIX_SPAWN_SETPGROUP) && (r = __syscall2(SYS_setpgid, 0, at->pgroup)) < 0)
		return r;
	for (int i = 0; j->fa && i < j->fa->n; i++) {
		const struct __spawn_action *a = &j->fa->a[i];

		switch (a->type) {
		case A_OPEN:
			r = __syscall4(SYS_openat, AT_FDCWD, a->path, a->oflag, a->mode);
			if (r < 0)
				return r;
			if (r != a->fd) {
				long d = __syscall3(SYS_dup3, r, a->fd, 0);

				__syscall1(SYS_close, r);
				if (d < 0)
					return d;
			}
			break;
		case A_CLOSE:
			__syscall1(SYS_close, a->fd);	/* closing a closed fd is fine */
			break;
		case A_DUP2:
			if (a->fd == a->newfd) {	/* keep it open across exec */
				r = __syscall2(SYS_fcntl, a->fd, F_GETFD);
				if (r >= 0)
					r = __syscall3(SYS_fcntl, a->fd, F_SETFD, r & ~FD_CLOEXEC);
			} else {
				r = __syscall3(SYS_dup3, a->fd, a->newfd, 0);
			}
			if (r < 0)
				return r;
			break;
		}
	}
	if (flags & POSIX_SPAWN_SETSIGMASK)
		mask = at->sigmask;
	__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, &mask, 0, sizeof(mask));
	if (j->use_path)
		return __execvpe_raw(j->path, j->argv, j->envp, j->search);
	return __syscall3(SYS_execve, j->path, j->argv, j->envp);
}

__attribute__((noinline, noreturn)) static void child(struct job *j)
{
	long r = child_actions(j);

	j->err = r < 0 ? (int)-r : EINVAL;
	for (;;)
		__syscall1(SYS_exit_group, 127);
}

static int spawn(pid_t *pidp, struct job *j)
{
	sigset_t all = ~0UL;
	int err = 0, saved = errno;
	pid_t pid;

	j->err = 0;
	__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, &all, &j->oldmask, sizeof(all));
	pid = vfork();
	if (pid == 0)
		child(j);
	if (pid < 0) {
		err = errno;
	} else if (j->err) {
		err = j->err;
		while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
			;
	} else if (pidp) {
		*pidp = pid;
	}
	__syscall4(SYS_rt_sigprocmask, SIG_SETMASK, &j->oldmask, 0, sizeof(all));
	errno = saved;
	return err;
}

int posix_spawn(pid_t *pid, const char *path, const posix_spawn_file_actions_t *fa,
		const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct job j = { .path = path, .fa = fa, .attr = attr, .argv = argv, .envp = envp };

	return spawn(pid, &j);
}

int posix_spawnp(pid_t *pid, const char *file, const posix_spawn_file_actions_t *fa,
		 const posix_spawnattr_t *attr, char *const argv[], char *const envp[])
{
	struct job j = { .path = file, .fa = fa, .attr = attr, .argv = argv, .envp = envp,
			 .search = getenv("PATH"), .use_path = 1 };

	return spawn(pid, &j);
}

int posix_spawnattr_init(posix_spawnattr_t *a) { memset(a, 0, sizeof(*a)); return 0; }
int posix_spawnattr_destroy(posix_spawnattr_t *a) { (void)a; return 0; }

int posix_spawnattr_setflags(posix_spawnattr_t *a, short flags)
{
	if (flags & ~(POSIX_SPAWN_RESETIDS | POSIX_SPAWN_SETPGROUP | POSIX_SPAWN_SETSIGDEF |
		      POSIX_SPAWN_SETSIGMASK))
		return EINVAL;
	a->flags = flags;
	return 0;
}

int posix_spawnattr_getflags(const posix_spawnattr_t *a, short *flags) { *flags = (short)a->flags; return 0; }
int posix_spawnattr_setpgroup(posix_spawnattr_t *a, pid_t pg) { a->pgroup = pg; return 0; }
int posix_spawnattr_getpgroup(const posix_spawnattr_t *a, pid_t *pg) { *pg = a->pgroup; return 0; }
int posix_spawnattr_setsigmask(posix_spawnattr_t *a, const sigset_t *m) { a->sigmask = *m; return 0; }
int posix_spawnattr_getsigmask(const posix_spawnattr_t *a, sigset_t *m) { *m = a->sigmask; return 0; }
int posix_spawnattr_setsigdefault(posix_spawnattr_t *a, const sigset_t *s) { a->sigdefault = *s; return 0; }
int posix_spawnattr_getsigdefault(const posix_spawnattr_t *a, sigset_t *s) { *s = a->sigdefault; return 0; }

int posix_spawn_file_actions_init(posix_spawn_file_actions_t *fa)
{
	fa->n = fa->cap = 0;
	fa->a = NULL;
	return 0;
}

int posix_spawn_file_actions_destroy(posix_spawn_file_actions_t *fa)
{
	for (int i = 0; i < fa->n; i++)
		free(fa->a[i].path);
	free(fa->a);
	return posix_spawn_file_actions_init(fa);
}

static int add(posix_spawn_file_actions_t *fa, struct __spawn_action a)
{
	if (a.fd < 0 || a.newfd < 0)
		return EBADF;
	if (fa->n == fa->cap) {
		int cap = fa->cap ? fa->cap * 2 : 4;
		struct __spawn_action *p = realloc(fa->a, cap * sizeof(*p));

		if (!p)
			return ENOMEM;
		fa->a = p;
		fa->cap = cap;
	}
	fa->a[fa->n++] = a;
	return 0;
}

int posix_spawn_file_actions_addopen(posix_spawn_file_actions_t *fa, int fd, const char *path,
				     int oflag, mode_t mode)
{
	struct __spawn_action a = { A_OPEN, fd, 0, oflag, mode, NULL };
	int r;

	if (fd < 0)
		return EBADF;
	if (!(a.path = strdup(path)))
		return ENOMEM;
	if ((r = add(fa, a)))
		free(a.path);
	return r;
}

int posix_spawn_file_actions_addclose(posix_spawn_file_actions_t *fa, int fd)
{
	return add(fa, (struct __spawn_action){ A_CLOSE, fd, 0, 0, 0, NULL });
}

int posix_spawn_file_actions_adddup2(posix_spawn_file_actions_t *fa, int fd, int newfd)
{
	return add(fa, (struct __spawn_action){ A_DUP2, fd, newfd, 0, 0, NULL });
}
