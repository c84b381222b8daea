/* Process and resource calls: CPU affinity, getrusage, prctl, ids and
 * capabilities, errors as Linux. Portable: also runs on the host's Linux
 * (tests/difftest). */
#include <sys/prctl.h>
#include <sys/resource.h>
#include "clonetest.h"

#define CHECK(name, cond, ...)                     \
	do {                                       \
		if (!(cond)) {                     \
			fail(name, __VA_ARGS__);   \
			return;                    \
		}                                  \
	} while (0)
#define ERR(name, call, e)                         \
	do {                                       \
		if (!expect_err(name, (call), (e))) \
			return;                    \
	} while (0)

/* ---- affinity ---- */

static long getaff(pid_t pid, size_t len, void *p)
{
	return syscall(SYS_sched_getaffinity, pid, len, p);
}

static long setaff(pid_t pid, size_t len, const void *p)
{
	return syscall(SYS_sched_setaffinity, pid, len, p);
}

static void aff_get(const char *name)
{
	cpu_set_t s;
	long r;

	memset(&s, 0xff, sizeof(s));
	r = getaff(0, sizeof(s), &s);
	CHECK(name, r > 0 && r % 8 == 0 && r <= (long)sizeof(s), "returned %ld", r);
	int n = 0;
	for (long i = 0; i < r * 8; i++)
		n += CPU_ISSET(i, &s);
	CHECK(name, n >= 1, "no CPU in the mask");
	CHECK(name, getaff(getpid(), sizeof(s), &s) == r, "by pid");
	cpu_set_t g;
	CHECK(name, sched_getaffinity(0, sizeof(g), &g) == 0, "libc wrapper: %s", strerror(errno));
	CHECK(name, CPU_COUNT(&g) == n, "libc count %d, want %d", CPU_COUNT(&g), n);
	ok(name);
}

static void aff_get_errors(const char *name)
{
	cpu_set_t s;

	ERR(name, getaff(0, 0, &s), EINVAL);
	ERR(name, getaff(0, 4, &s), EINVAL);
	ERR(name, getaff(0, 12, &s), EINVAL);
	ERR(name, getaff(-1, sizeof(s), &s), ESRCH);
	ERR(name, getaff(0, sizeof(s), (void *)8), EFAULT);
	ok(name);
}

static void aff_set(const char *name)
{
	cpu_set_t all, one, got;
	long r = getaff(0, sizeof(all), &all);
	int first = -1;

	CHECK(name, r > 0, "get: %s", strerror(errno));
	for (int i = 0; i < r * 8 && first < 0; i++)
		if (CPU_ISSET(i, &all))
			first = i;
	CPU_ZERO(&one);
	CPU_SET(first, &one);
	CHECK(name, setaff(0, sizeof(one), &one) == 0, "set one CPU: %s", strerror(errno));
	CPU_ZERO(&got);
	CHECK(name, getaff(0, sizeof(got), &got) == r && CPU_COUNT(&got) == 1 &&
	      CPU_ISSET(first, &got), "mask after setting CPU %d: %d CPUs", first, CPU_COUNT(&got));
	pid_t pid = fork();
	if (pid == 0) {
		cpu_set_t c;
		CPU_ZERO(&c);
		getaff(0, sizeof(c), &c);
		_exit(CPU_COUNT(&c) == 1 && CPU_ISSET(first, &c) ? 0 : 1);
	}
	int st = 0;
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "the child did not inherit the mask");
	/* A short mask is zero-extended: 8 bytes name CPUs 0-63. */
	CHECK(name, setaff(0, 8, &all) == 0, "set 8 bytes: %s", strerror(errno));
	CPU_ZERO(&got);
	getaff(0, sizeof(got), &got);
	CHECK(name, CPU_COUNT(&got) == CPU_COUNT(&all), "restored %d CPUs, want %d",
	      CPU_COUNT(&got), CPU_COUNT(&all));
	ok(name);
}

static void aff_set_errors(const char *name)
{
	cpu_set_t s, before, after;

	CPU_ZERO(&before);
	CPU_ZERO(&after);
	getaff(0, sizeof(before), &before);
	CPU_ZERO(&s);
	ERR(name, setaff(0, sizeof(s), &s), EINVAL);
	ERR(name, setaff(0, 0, &s), EINVAL);
	CPU_SET(CPU_SETSIZE - 1, &s);	/* no such CPU */
	ERR(name, setaff(0, sizeof(s), &s), EINVAL);
	ERR(name, setaff(0, sizeof(s), (void *)8), EFAULT);
	ERR(name, setaff(-1, sizeof(before), &before), ESRCH);
	getaff(0, sizeof(after), &after);
	CHECK(name, memcmp(&before, &after, sizeof(s)) == 0, "a failed call changed the mask");
	ok(name);
}

/* ---- getrusage ---- */

static void ru_basic(const char *name)
{
	struct rusage ru;

	memset(&ru, 0xff, sizeof(ru));
	CHECK(name, getrusage(RUSAGE_SELF, &ru) == 0, "SELF: %s", strerror(errno));
	CHECK(name, ru.ru_maxrss > 0, "SELF maxrss %ld", ru.ru_maxrss);
	CHECK(name, ru.ru_utime.tv_usec >= 0 && ru.ru_utime.tv_usec < 1000000 &&
	      ru.ru_stime.tv_usec >= 0 && ru.ru_stime.tv_usec < 1000000, "bad timeval");
	memset(&ru, 0xff, sizeof(ru));
	CHECK(name, getrusage(RUSAGE_THREAD, &ru) == 0, "THREAD: %s", strerror(errno));
	CHECK(name, ru.ru_maxrss > 0, "THREAD maxrss %ld", ru.ru_maxrss);
	memset(&ru, 0xff, sizeof(ru));
	CHECK(name, getrusage(RUSAGE_CHILDREN, &ru) == 0, "CHILDREN: %s", strerror(errno));
	CHECK(name, ru.ru_maxrss >= 0 && ru.ru_utime.tv_sec >= 0, "CHILDREN not filled");
	ERR(name, getrusage(2, &ru), EINVAL);
	ERR(name, getrusage(-2, &ru), EINVAL);
	ERR(name, getrusage(RUSAGE_SELF, (void *)8), EFAULT);
	ok(name);
}

/* ---- prctl ---- */

static void pr_name(const char *name)
{
	char buf[32];

	CHECK(name, prctl(PR_SET_NAME, (unsigned long)"worker-1", 0, 0, 0) == 0, "SET_NAME: %s",
	      strerror(errno));
	memset(buf, 'x', sizeof(buf));
	CHECK(name, prctl(PR_GET_NAME, (unsigned long)buf, 0, 0, 0) == 0, "GET_NAME");
	CHECK(name, strcmp(buf, "worker-1") == 0, "name '%s'", buf);
	int fd = open("/proc/self/comm", O_RDONLY);
	char c[32] = "";
	CHECK(name, fd >= 0 && read(fd, c, sizeof(c) - 1) > 0, "/proc/self/comm");
	CHECK(name, strcmp(c, "worker-1\n") == 0, "/proc/self/comm '%s'", c);
	prctl(PR_SET_NAME, (unsigned long)"a-name-longer-than-fifteen", 0, 0, 0);
	prctl(PR_GET_NAME, (unsigned long)buf, 0, 0, 0);
	CHECK(name, strcmp(buf, "a-name-longer-t") == 0, "long name cut to '%s'", buf);
	ERR(name, prctl(PR_SET_NAME, 8UL, 0, 0, 0), EFAULT);
	ERR(name, prctl(PR_GET_NAME, 8UL, 0, 0, 0), EFAULT);
	ok(name);
}

static void pr_flags(const char *name)
{
	int v = -1;

	ERR(name, prctl(12345, 0, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1, "dumpable by default");
	ERR(name, prctl(PR_SET_DUMPABLE, 2UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_DUMPABLE, 0UL, 0, 0, 0) == 0, "SET_DUMPABLE 0");
	CHECK(name, prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "not dumpable after SET 0");
	prctl(PR_SET_DUMPABLE, 1UL, 0, 0, 0);
	CHECK(name, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0, "no_new_privs by default");
	ERR(name, prctl(PR_SET_NO_NEW_PRIVS, 2UL, 0, 0, 0), EINVAL);
	ERR(name, prctl(PR_SET_NO_NEW_PRIVS, 1UL, 1UL, 0, 0), EINVAL);
	ERR(name, prctl(PR_GET_NO_NEW_PRIVS, 1UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0, 0, 0) == 0, "SET_NO_NEW_PRIVS");
	CHECK(name, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "no_new_privs after SET");
	pid_t pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	int st = 0;
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "no_new_privs not inherited");
	ERR(name, prctl(PR_SET_PDEATHSIG, 65UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_PDEATHSIG, (unsigned long)SIGUSR1, 0, 0, 0) == 0, "SET_PDEATHSIG");
	CHECK(name, prctl(PR_GET_PDEATHSIG, (unsigned long)&v, 0, 0, 0) == 0 && v == SIGUSR1,
	      "GET_PDEATHSIG %d", v);
	ERR(name, prctl(PR_GET_PDEATHSIG, 8UL, 0, 0, 0), EFAULT);
	pid = fork();
	if (pid == 0) {
		int w = -1;
		prctl(PR_GET_PDEATHSIG, (unsigned long)&w, 0, 0, 0);
		_exit(w == 0 ? 0 : 1);
	}
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "pdeath_signal not cleared in the child");
	v = -1;
	CHECK(name, prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&v, 0, 0, 0) == 0 && v == 0,
	      "GET_CHILD_SUBREAPER %d", v);
	prctl(PR_SET_CHILD_SUBREAPER, 5UL, 0, 0, 0);
	prctl(PR_GET_CHILD_SUBREAPER, (unsigned long)&v, 0, 0, 0);
	CHECK(name, v == 1, "subreaper after SET %d", v);
	ERR(name, prctl(PR_GET_CHILD_SUBREAPER, 8UL, 0, 0, 0), EFAULT);
	ok(name);
}

static volatile int got_sig;
static void on_sig(int s) { got_sig = s; }

/* The parent of a child with PDEATHSIG exits: the child gets the signal
 * and, with a subreaper above, is re-parented to it (not to init). */
static void pr_pdeath_subreaper(const char *name)
{
	int p[2];

	CHECK(name, prctl(PR_SET_CHILD_SUBREAPER, 1UL, 0, 0, 0) == 0, "SET_CHILD_SUBREAPER");
	CHECK(name, pipe(p) == 0, "pipe");
	pid_t me = getpid();
	pid_t mid = fork();
	if (mid == 0) {
		pid_t gc = fork();
		if (gc == 0) {
			signal(SIGUSR2, on_sig);
			prctl(PR_SET_PDEATHSIG, (unsigned long)SIGUSR2, 0, 0, 0);
			write(p[1], "r", 1);	/* armed */
			for (int i = 0; i < 200 && !got_sig; i++)
				raw_sleep_ms(10);
			char r[2] = { got_sig == SIGUSR2 ? 's' : 'n', getppid() == me ? 'p' : 'o' };
			write(p[1], r, 2);
			_exit(0);
		}
		char c;
		read(p[0], &c, 1);
		_exit(0);	/* the grandchild is orphaned now */
	}
	int st;
	raw_wait4(mid, &st, 0);
	char r[2] = { 0, 0 };
	CHECK(name, read(p[0], r, 2) == 2, "no report from the grandchild");
	CHECK(name, r[0] == 's', "the grandchild got no PDEATHSIG");
	CHECK(name, r[1] == 'p', "the grandchild was not re-parented to the subreaper");
	/* ... which can wait for it. */
	long w = raw_wait4(-1, &st, 0);
	CHECK(name, w > 0 && WIFEXITED(st), "wait4 for the re-parented grandchild: %ld", w);
	ok(name);
}

static const struct tcase cases[] = {
	{ "aff-get", aff_get, 0 },
	{ "aff-get-errors", aff_get_errors, 0 },
	{ "aff-set", aff_set, 0 },
	{ "aff-set-errors", aff_set_errors, 0 },
	{ "rusage", ru_basic, 0 },
	{ "prctl-name", pr_name, 0 },
	{ "prctl-flags", pr_flags, 0 },
	{ "prctl-pdeath-subreaper", pr_pdeath_subreaper, 0 },
};

int main(void)
{
	return RUN(cases);
}
