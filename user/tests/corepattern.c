/* /proc/sys/kernel/core_pattern: the core file's name with Linux's
 * %-specifiers (%p %e %s %u %g %c %t %%, '/' in an expansion becoming
 * '!'), absolute patterns, and patterns that cannot be followed (a
 * missing directory, a helper pipe, which cleave does not run, an empty
 * one): no core, no WCOREDUMP, no harm. cleave only: it rewrites the
 * system-wide pattern (difftest leaves it out; coredump.c is the portable
 * part). Restores "core" at the end. */
#include <signal.h>
#include <time.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

#define PATTERN "/proc/sys/kernel/core_pattern"

static int set_pattern(const char *p)
{
	int fd = open(PATTERN, O_WRONLY);
	ssize_t n = fd >= 0 ? write(fd, p, strlen(p)) : -1;

	if (fd >= 0)
		close(fd);
	return n == (ssize_t)strlen(p) ? 0 : -1;
}

static void get_pattern(char *buf, size_t n)
{
	int fd = open(PATTERN, O_RDONLY);
	ssize_t r = fd >= 0 ? read(fd, buf, n - 1) : -1;

	if (fd >= 0)
		close(fd);
	buf[r > 0 ? r : 0] = 0;
}

static int exists(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* Crash a child (SIGSEGV, RLIMIT_CORE unlimited) named comm; its pid,
 * and the wait status in *st. */
static pid_t crash_child(const char *comm, int *st)
{
	pid_t pid = fork();

	if (pid == 0) {
		struct rlimit rl = { RLIM_INFINITY, RLIM_INFINITY };
		setrlimit(RLIMIT_CORE, &rl);
		if (comm)
			prctl(PR_SET_NAME, comm, 0, 0, 0);
		*(volatile int *)0 = 1;
		_exit(0);
	}
	waitpid(pid, st, 0);
	return pid;
}

static void t_default(void)
{
	char buf[160];

	get_pattern(buf, sizeof(buf));
	CHECK("pattern-default", strcmp(buf, "core\n") == 0, "core_pattern is \"%s\"", buf);
	ok("pattern-default");
}

static void t_expand(void)
{
	char want[256];
	int st;

	CHECK("pattern-expand", set_pattern("core.%p.%e.%s.%u.%g.%%.%c.%z%") == 0, "write: %s",
	      strerror(errno));
	pid_t pid = crash_child(NULL, &st);
	/* %z is no specifier and the trailing % is dropped: both add nothing */
	snprintf(want, sizeof(want), "core.%d.corepattern.11.0.0.%%.18446744073709551615.", pid);
	CHECK("pattern-expand", WIFSIGNALED(st) && WCOREDUMP(st), "status 0x%x", st);
	CHECK("pattern-expand", exists(want), "no %s", want);
	unlink(want);
	ok("pattern-expand");
}

static void t_time(void)
{
	char want[64];
	int st;

	CHECK("pattern-time", set_pattern("core.%t") == 0, "write: %s", strerror(errno));
	time_t t0 = time(NULL);
	crash_child(NULL, &st);
	time_t t1 = time(NULL);
	int found = 0;
	for (time_t t = t0; t <= t1 && !found; t++) {
		snprintf(want, sizeof(want), "core.%ld", (long)t);
		found = exists(want);
	}
	CHECK("pattern-time", found, "no core.T for T in %ld..%ld", (long)t0, (long)t1);
	unlink(want);
	ok("pattern-time");
}

static void t_slash(void)
{
	int st;

	CHECK("pattern-comm-slash", set_pattern("core.%e") == 0, "write: %s", strerror(errno));
	crash_child("a/b", &st);
	CHECK("pattern-comm-slash", WCOREDUMP(st) && exists("core.a!b"),
	      "status 0x%x, no core.a!b", st);
	unlink("core.a!b");
	ok("pattern-comm-slash");
}

static void t_absolute(void)
{
	char pat[64], want[64];
	int st;

	snprintf(pat, sizeof(pat), "/tmp/cores.%d/c.%%p", getpid());
	snprintf(want, sizeof(want), "/tmp/cores.%d", getpid());
	CHECK("pattern-absolute", mkdir(want, 0755) == 0, "mkdir %s: %s", want, strerror(errno));
	CHECK("pattern-absolute", set_pattern(pat) == 0, "write: %s", strerror(errno));
	pid_t pid = crash_child(NULL, &st);
	snprintf(want, sizeof(want), "/tmp/cores.%d/c.%d", getpid(), pid);
	CHECK("pattern-absolute", WCOREDUMP(st) && exists(want), "status 0x%x, no %s", st, want);
	unlink(want);
	snprintf(want, sizeof(want), "/tmp/cores.%d", getpid());
	rmdir(want);
	ok("pattern-absolute");
}

/* Patterns that name nothing writable: the process dies as it would,
 * without WCOREDUMP. */
static void t_unusable(void)
{
	static const char *pats[] = { "/nonexistent/dir/core", "|/bin/true", "" };
	int st;

	for (size_t i = 0; i < sizeof(pats) / sizeof(pats[0]); i++) {
		CHECK("pattern-unusable", set_pattern(pats[i]) == 0, "write \"%s\": %s", pats[i],
		      strerror(errno));
		crash_child(NULL, &st);
		CHECK("pattern-unusable",
		      WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV && !WCOREDUMP(st),
		      "pattern \"%s\": status 0x%x", pats[i], st);
	}
	CHECK("pattern-unusable", !exists("core"), "a core file appeared");
	ok("pattern-unusable");
}

int main(void)
{
	char dir[64];

	setvbuf(stdout, NULL, _IONBF, 0);
	snprintf(dir, sizeof(dir), "/tmp/corepattern.%d", getpid());
	if (mkdir(dir, 0755) != 0 || chdir(dir) != 0) {
		fail("corepattern", "%s: %s", dir, strerror(errno));
		return 1;
	}
	t_default();
	t_expand();
	t_time();
	t_slash();
	t_absolute();
	t_unusable();
	set_pattern("core");
	chdir("/");
	rmdir(dir);
	return failures != 0;
}
