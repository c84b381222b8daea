/* CLONE_FS: cwd and umask are shared with the child or copied. */
#include <sys/stat.h>
#include "clonetest.h"

static int child_chdir(void *arg)
{
	return chdir((const char *)arg) == 0 ? 0 : 1;
}

static int child_umask(void *arg)
{
	(void)arg;
	umask(077);
	return 0;
}

static int run(const char *name, int (*fn)(void *), int flags, void *arg)
{
	int st;
	long pid = clone(fn, new_stack(STACK_SIZE), flags | SIGCHLD, arg);

	if (pid < 0) {
		fail(name, "clone(0x%x): %s", flags, strerror(errno));
		return -1;
	}
	if (waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "waitpid: status 0x%x %s", st, strerror(errno));
		return -1;
	}
	return 0;
}

static void cwd_case(const char *name, int flags, const char *want)
{
	char buf[128];

	mkdir("/clonefs-dir", 0755);
	if (chdir("/") != 0 || run(name, child_chdir, flags, "/clonefs-dir") != 0)
		return;
	if (!getcwd(buf, sizeof(buf)))
		fail(name, "getcwd: %s", strerror(errno));
	else if (strcmp(buf, want) != 0)
		fail(name, "parent cwd '%s' after the child's chdir, want '%s'", buf, want);
	else
		ok(name);
}

static void cwd_shared(const char *name) { cwd_case(name, CLONE_FS, "/clonefs-dir"); }
static void cwd_copied(const char *name) { cwd_case(name, 0, "/"); }
static void cwd_shared_vm(const char *name) { cwd_case(name, CLONE_FS | CLONE_VM, "/clonefs-dir"); }

static void umask_case(const char *name, int flags, mode_t want)
{
	mode_t m;

	umask(022);
	if (run(name, child_umask, flags, NULL) != 0)
		return;
	m = umask(022);
	if (m != want)
		fail(name, "parent umask %03o after the child set 077, want %03o", m, want);
	else
		ok(name);
}

static void umask_shared(const char *name) { umask_case(name, CLONE_FS, 077); }
static void umask_copied(const char *name) { umask_case(name, 0, 022); }

/* relative paths resolve against the shared cwd */
static int child_open_rel(void *arg)
{
	int fd;

	(void)arg;
	raw_sleep_ms(30);	/* the parent chdirs meanwhile */
	fd = open("clonefs-marker", O_RDONLY);
	if (fd < 0)
		return 1;
	close(fd);
	return 0;
}

static void parent_chdir_seen(const char *name)
{
	int fd, st;
	long pid;

	mkdir("/clonefs-dir", 0755);
	fd = open("/clonefs-dir/clonefs-marker", O_CREAT | O_WRONLY, 0644);
	if (fd < 0) {
		fail(name, "create marker: %s", strerror(errno));
		return;
	}
	close(fd);
	chdir("/");
	pid = clone(child_open_rel, new_stack(STACK_SIZE), CLONE_FS | SIGCHLD, NULL);
	if (pid < 0) {
		fail(name, "clone: %s", strerror(errno));
		return;
	}
	chdir("/clonefs-dir");
	if (waitpid(pid, &st, 0) != pid || st != 0)
		fail(name, "child could not open a relative path after the parent's chdir (0x%x)",
		     st);
	else
		ok(name);
	unlink("/clonefs-dir/clonefs-marker");
}

static const struct tcase cases[] = {
	{ "clonefs-cwd-shared", cwd_shared },
	{ "clonefs-cwd-copied", cwd_copied },
	{ "clonefs-cwd-shared-vm", cwd_shared_vm },
	{ "clonefs-umask-shared", umask_shared },
	{ "clonefs-umask-copied", umask_copied },
	{ "clonefs-parent-chdir-seen", parent_chdir_seen },
};

int main(void)
{
	return RUN(cases);
}
