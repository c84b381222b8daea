/* Process and resource calls: CPU affinity, getrusage, prctl, ids and
 * capabilities, errors as Linux. Portable: also runs on the host's Linux
 * (tests/difftest). */
#include <sys/prctl.h>
#include <sys/resource.h>
#include "clonetest.h"


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

	CHECK_ERR(name, getaff(0, 0, &s), EINVAL);
	CHECK_ERR(name, getaff(0, 4, &s), EINVAL);
	CHECK_ERR(name, getaff(0, 12, &s), EINVAL);
	CHECK_ERR(name, getaff(-1, sizeof(s), &s), ESRCH);
	CHECK_ERR(name, getaff(0, sizeof(s), (void *)8), EFAULT);
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
	CHECK_ERR(name, setaff(0, sizeof(s), &s), EINVAL);
	CHECK_ERR(name, setaff(0, 0, &s), EINVAL);
	CPU_SET(CPU_SETSIZE - 1, &s);	/* no such CPU */
	CHECK_ERR(name, setaff(0, sizeof(s), &s), EINVAL);
	CHECK_ERR(name, setaff(0, sizeof(s), (void *)8), EFAULT);
	CHECK_ERR(name, setaff(-1, sizeof(before), &before), ESRCH);
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
	CHECK_ERR(name, getrusage(2, &ru), EINVAL);
	CHECK_ERR(name, getrusage(-2, &ru), EINVAL);
	CHECK_ERR(name, getrusage(RUSAGE_SELF, (void *)8), EFAULT);
	ok(name);
}

/* Page faults counted three ways: each first touch of an anonymous page
 * is a minor fault of the thread and of the group; a reaped child's
 * faults reach wait4's rusage, RUSAGE_CHILDREN and /proc/self/stat's
 * cminflt (field 11); field 10 is the group's. */
enum { RU_PAGES = 32 };

static long self_minflt(int who)
{
	struct rusage ru;
	return getrusage(who, &ru) ? -1 : ru.ru_minflt;
}

static void touch_fresh(void)
{
	char *m = mmap(NULL, RU_PAGES * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
		       -1, 0);
	for (int i = 0; i < RU_PAGES; i++)
		((volatile char *)m)[i * 4096] = 1;
	munmap(m, RU_PAGES * 4096);
}

/* Fields 10 and 11 (minflt, cminflt) of /proc/self/stat. */
static int stat_minflt(long *min, long *cmin)
{
	char buf[1024];
	int fd = open("/proc/self/stat", O_RDONLY);
	if (fd < 0)
		return -1;
	long n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	char *p = strrchr(buf, ')');	/* the name may hold spaces */
	if (!p)
		return -1;
	/* after ')': field 3 (state) onwards; minflt is the 8th of those */
	for (int f = 3; f <= 10; f++) {
		p = strchr(p + 1, ' ');
		if (!p)
			return -1;
	}
	*min = strtol(p + 1, &p, 10);
	*cmin = strtol(p + 1, NULL, 10);
	return 0;
}

static void ru_minflt(const char *name)
{
	self_minflt(RUSAGE_SELF);	/* its own stack pages are there now */
	self_minflt(RUSAGE_THREAD);
	long s0 = self_minflt(RUSAGE_SELF), t0 = self_minflt(RUSAGE_THREAD);
	touch_fresh();
	long s1 = self_minflt(RUSAGE_SELF), t1 = self_minflt(RUSAGE_THREAD);
	CHECK(name, s1 - s0 >= RU_PAGES && s1 - s0 < 2 * RU_PAGES,
	      "RUSAGE_SELF: %ld faults for %d fresh pages", s1 - s0, RU_PAGES);
	CHECK(name, t1 - t0 >= RU_PAGES && t1 - t0 < 2 * RU_PAGES,
	      "RUSAGE_THREAD: %ld faults for %d fresh pages", t1 - t0, RU_PAGES);

	long c0 = self_minflt(RUSAGE_CHILDREN);
	pid_t c = fork();
	if (c == 0) {
		touch_fresh();
		_exit(0);
	}
	struct rusage ru;
	int st;
	CHECK(name, wait4(c, &st, 0, &ru) == c, "wait4: %s", strerror(errno));
	CHECK(name, ru.ru_minflt >= RU_PAGES, "wait4's rusage: %ld faults", ru.ru_minflt);
	long c1 = self_minflt(RUSAGE_CHILDREN);
	CHECK(name, c1 - c0 == ru.ru_minflt, "RUSAGE_CHILDREN rose by %ld, wait4 said %ld",
	      c1 - c0, ru.ru_minflt);

	long smin, scmin;
	long before = self_minflt(RUSAGE_SELF);
	CHECK(name, stat_minflt(&smin, &scmin) == 0, "/proc/self/stat unreadable");
	long after = self_minflt(RUSAGE_SELF);
	CHECK(name, smin >= before && smin <= after, "stat minflt %ld, getrusage %ld..%ld", smin,
	      before, after);
	CHECK(name, scmin == c1, "stat cminflt %ld, RUSAGE_CHILDREN %ld", scmin, c1);
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
	CHECK_ERR(name, prctl(PR_SET_NAME, 8UL, 0, 0, 0), EFAULT);
	CHECK_ERR(name, prctl(PR_GET_NAME, 8UL, 0, 0, 0), EFAULT);
	ok(name);
}

static void pr_flags(const char *name)
{
	int v = -1;

	CHECK_ERR(name, prctl(12345, 0, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 1, "dumpable by default");
	CHECK_ERR(name, prctl(PR_SET_DUMPABLE, 2UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_DUMPABLE, 0UL, 0, 0, 0) == 0, "SET_DUMPABLE 0");
	CHECK(name, prctl(PR_GET_DUMPABLE, 0, 0, 0, 0) == 0, "not dumpable after SET 0");
	prctl(PR_SET_DUMPABLE, 1UL, 0, 0, 0);
	CHECK(name, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 0, "no_new_privs by default");
	CHECK_ERR(name, prctl(PR_SET_NO_NEW_PRIVS, 2UL, 0, 0, 0), EINVAL);
	CHECK_ERR(name, prctl(PR_SET_NO_NEW_PRIVS, 1UL, 1UL, 0, 0), EINVAL);
	CHECK_ERR(name, prctl(PR_GET_NO_NEW_PRIVS, 1UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_NO_NEW_PRIVS, 1UL, 0, 0, 0) == 0, "SET_NO_NEW_PRIVS");
	CHECK(name, prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1, "no_new_privs after SET");
	pid_t pid = fork();
	if (pid == 0)
		_exit(prctl(PR_GET_NO_NEW_PRIVS, 0, 0, 0, 0) == 1 ? 0 : 1);
	int st = 0;
	raw_wait4(pid, &st, 0);
	CHECK(name, st == 0, "no_new_privs not inherited");
	CHECK_ERR(name, prctl(PR_SET_PDEATHSIG, 65UL, 0, 0, 0), EINVAL);
	CHECK(name, prctl(PR_SET_PDEATHSIG, (unsigned long)SIGUSR1, 0, 0, 0) == 0, "SET_PDEATHSIG");
	CHECK(name, prctl(PR_GET_PDEATHSIG, (unsigned long)&v, 0, 0, 0) == 0 && v == SIGUSR1,
	      "GET_PDEATHSIG %d", v);
	CHECK_ERR(name, prctl(PR_GET_PDEATHSIG, 8UL, 0, 0, 0), EFAULT);
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
	CHECK_ERR(name, prctl(PR_GET_CHILD_SUBREAPER, 8UL, 0, 0, 0), EFAULT);
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

/* ---- credentials ---- */

static long res(int nr, unsigned *a, unsigned *b, unsigned *c)
{
	return syscall(nr, a, b, c);
}

/* r/e/s uids are (r, e, s)? */
static int uids_are(unsigned r, unsigned e, unsigned s)
{
	unsigned a = 9, b = 9, c = 9;
	return res(SYS_getresuid, &a, &b, &c) == 0 && a == r && b == e && c == s;
}

struct caphdr {
	unsigned version;
	int pid;
};
struct capdata {
	unsigned eff, perm, inh;
};
#define CAP_V1 0x19980330
#define CAP_V3 0x20080522

static int caps(unsigned long long *eff, unsigned long long *perm)
{
	struct caphdr h = { CAP_V3, 0 };
	struct capdata d[2];
	if (syscall(SYS_capget, &h, d))
		return -1;
	*eff = d[0].eff | (unsigned long long)d[1].eff << 32;
	*perm = d[0].perm | (unsigned long long)d[1].perm << 32;
	return 0;
}

static void id_get(const char *name)
{
	unsigned r = 9, e = 9, s = 9;

	CHECK(name, res(SYS_getresuid, &r, &e, &s) == 0, "getresuid: %s", strerror(errno));
	CHECK(name, r == getuid() && e == geteuid() && s == 0, "uids %u %u %u", r, e, s);
	CHECK(name, res(SYS_getresgid, &r, &e, &s) == 0, "getresgid: %s", strerror(errno));
	CHECK(name, r == getgid() && e == getegid(), "gids %u %u %u", r, e, s);
	CHECK_ERR(name, res(SYS_getresuid, &r, &e, (unsigned *)8), EFAULT);
	CHECK_ERR(name, res(SYS_getresgid, (unsigned *)8, &e, &s), EFAULT);
	ok(name);
}

static void id_setuid(const char *name)
{
	unsigned long long eff = 0, perm = 0;

	CHECK(name, syscall(SYS_setuid, 0) == 0, "setuid(0) as root: %s", strerror(errno));
	CHECK(name, syscall(SYS_setresuid, -1, -1, -1) == 0, "setresuid(-1,-1,-1)");
	CHECK_ERR(name, syscall(SYS_setuid, -1), EINVAL);
	/* Only the effective uid leaves 0: the effective caps go, and come
	 * back with it. */
	CHECK(name, syscall(SYS_setresuid, -1, 1000, -1) == 0, "seteuid(1000)");
	CHECK(name, uids_are(0, 1000, 0), "after seteuid(1000)");
	CHECK(name, caps(&eff, &perm) == 0 && eff == 0 && perm != 0, "caps eff %llx perm %llx",
	      eff, perm);
	CHECK(name, syscall(SYS_setuid, 0) == 0, "setuid(0) back: %s", strerror(errno));
	CHECK(name, uids_are(0, 0, 0), "after setuid(0)");
	CHECK(name, caps(&eff, &perm) == 0 && eff == perm, "caps eff %llx perm %llx", eff, perm);
	/* setreuid: a new effective id other than the real one sets saved. */
	CHECK(name, syscall(SYS_setreuid, -1, 1000) == 0, "setreuid(-1, 1000)");
	CHECK(name, uids_are(0, 1000, 1000), "after setreuid(-1, 1000)");
	CHECK_ERR(name, syscall(SYS_setreuid, 2000, -1), EPERM);
	CHECK_ERR(name, syscall(SYS_setresuid, -1, 2000, -1), EPERM);
	CHECK(name, syscall(SYS_setreuid, -1, 0) == 0, "setreuid(-1, 0) (real is 0)");
	/* Everything leaves 0: no way back. */
	CHECK(name, syscall(SYS_setuid, 1000) == 0, "setuid(1000)");
	CHECK(name, uids_are(1000, 1000, 1000), "after setuid(1000)");
	CHECK(name, caps(&eff, &perm) == 0 && eff == 0 && perm == 0, "caps eff %llx perm %llx",
	      eff, perm);
	/* /proc/self/status shows them */
	char st[4096];
	int fd = open("/proc/self/status", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, st, sizeof(st) - 1) : -1;
	CHECK(name, n > 0, "/proc/self/status: %s", strerror(errno));
	st[n] = 0;
	CHECK(name, strstr(st, "\nUid:\t1000\t1000\t1000\t1000\n") &&
	      strstr(st, "\nCapEff:\t0000000000000000\n"), "status: %.300s", strstr(st, "Uid:"));
	close(fd);
	CHECK_ERR(name, syscall(SYS_setuid, 0), EPERM);
	CHECK_ERR(name, syscall(SYS_setresuid, 0, -1, -1), EPERM);
	CHECK(name, syscall(SYS_setuid, 1000) == 0, "setuid to the same id");
	CHECK(name, syscall(SYS_setfsuid, 0) == 1000, "setfsuid returns the old id");
	CHECK(name, syscall(SYS_setfsuid, -1) == 1000, "setfsuid(0) was refused");
	ok(name);
}

static void id_setgid(const char *name)
{
	unsigned r = 9, e = 9, s = 9;

	CHECK(name, syscall(SYS_setgid, 100) == 0, "setgid(100): %s", strerror(errno));
	res(SYS_getresgid, &r, &e, &s);
	CHECK(name, r == 100 && e == 100 && s == 100, "gids %u %u %u", r, e, s);
	CHECK(name, syscall(SYS_setresgid, 1, 2, 3) == 0, "setresgid(1,2,3)");
	res(SYS_getresgid, &r, &e, &s);
	CHECK(name, r == 1 && e == 2 && s == 3, "gids %u %u %u", r, e, s);
	CHECK(name, syscall(SYS_setregid, 5, -1) == 0, "setregid(5, -1)");
	res(SYS_getresgid, &r, &e, &s);
	CHECK(name, r == 5 && e == 2 && s == 2, "gids %u %u %u after setregid", r, e, s);
	CHECK_ERR(name, syscall(SYS_setgid, -1), EINVAL);
	CHECK(name, syscall(SYS_setfsgid, 7) == 2, "setfsgid returns the old id");
	/* Without CAP_SETGID: only r/e/s values. */
	syscall(SYS_setuid, 1000);
	CHECK_ERR(name, syscall(SYS_setgid, 9), EPERM);
	CHECK(name, syscall(SYS_setgid, 5) == 0, "setgid to the real gid");
	ok(name);
}

static void id_groups(const char *name)
{
	unsigned g[4] = { 30, 10, 20, 0 }, out[4];

	CHECK(name, syscall(SYS_setgroups, 3, g) == 0, "setgroups: %s", strerror(errno));
	CHECK(name, syscall(SYS_getgroups, 0, NULL) == 3, "getgroups(0) count");
	CHECK_ERR(name, syscall(SYS_getgroups, 2, out), EINVAL);
	CHECK_ERR(name, syscall(SYS_getgroups, -1, out), EINVAL);
	CHECK(name, syscall(SYS_getgroups, 4, out) == 3, "getgroups(4)");
	CHECK(name, out[0] == 10 && out[1] == 20 && out[2] == 30, "groups %u %u %u (sorted?)",
	      out[0], out[1], out[2]);
	CHECK_ERR(name, syscall(SYS_getgroups, 3, (void *)8), EFAULT);
	CHECK_ERR(name, syscall(SYS_setgroups, -1, g), EINVAL);
	CHECK_ERR(name, syscall(SYS_setgroups, 65537, g), EINVAL);
	CHECK_ERR(name, syscall(SYS_setgroups, 1, (void *)8), EFAULT);
	CHECK(name, syscall(SYS_setgroups, 0, NULL) == 0, "setgroups(0)");
	CHECK(name, syscall(SYS_getgroups, 0, NULL) == 0, "no groups left");
	syscall(SYS_setuid, 1000);
	CHECK_ERR(name, syscall(SYS_setgroups, 1, g), EPERM);
	ok(name);
}

static void cap_calls(const char *name)
{
	struct caphdr h = { 0x1234, 0 };
	struct capdata d[2];
	unsigned long long eff = 0, perm = 0;

	CHECK(name, syscall(SYS_capget, &h, NULL) == 0 && h.version == CAP_V3,
	      "version probe: version 0x%x", h.version);
	h.version = 0x1234;
	CHECK_ERR(name, syscall(SYS_capget, &h, d), EINVAL);
	CHECK(name, h.version == CAP_V3, "preferred version not written back");
	CHECK_ERR(name, syscall(SYS_capget, (void *)8, d), EFAULT);
	h.pid = -1;
	CHECK_ERR(name, syscall(SYS_capget, &h, d), EINVAL);
	h.pid = 0x3ffffff0;
	CHECK_ERR(name, syscall(SYS_capget, &h, d), ESRCH);
	h.pid = 0;
	CHECK_ERR(name, syscall(SYS_capget, &h, (void *)8), EFAULT);
	h.pid = getpid();
	CHECK(name, syscall(SYS_capget, &h, d) == 0, "capget by pid: %s", strerror(errno));
	CHECK(name, caps(&eff, &perm) == 0 && eff == perm && (eff & (1 << 7)),
	      "root: eff %llx perm %llx", eff, perm);
	struct caphdr v1 = { CAP_V1, 0 };
	memset(d, 0, sizeof(d));
	CHECK(name, syscall(SYS_capget, &v1, d) == 0 && d[0].eff == (unsigned)eff && d[1].eff == 0,
	      "v1 copies one word");
	/* Drop CAP_SETUID from the effective set, then setuid(1000) is EPERM. */
	h.pid = 0;
	syscall(SYS_capget, &h, d);
	d[0].eff &= ~(1u << 7);
	CHECK(name, syscall(SYS_capset, &h, d) == 0, "capset: %s", strerror(errno));
	CHECK_ERR(name, syscall(SYS_setuid, 1000), EPERM);
	d[0].eff |= 1u << 7;
	CHECK(name, syscall(SYS_capset, &h, d) == 0, "raise it again: %s", strerror(errno));
	h.pid = getppid();
	CHECK_ERR(name, syscall(SYS_capset, &h, d), EPERM);
	h.pid = 0;
	d[0].perm &= ~(1u << 7);	/* effective outside permitted */
	CHECK_ERR(name, syscall(SYS_capset, &h, d), EPERM);
	d[0].eff &= ~(1u << 7);
	CHECK(name, syscall(SYS_capset, &h, d) == 0, "drop from permitted: %s", strerror(errno));
	d[0].perm |= 1u << 7;
	CHECK_ERR(name, syscall(SYS_capset, &h, d), EPERM);
	CHECK_ERR(name, syscall(SYS_capset, &h, (void *)8), EFAULT);
	ok(name);
}

/* Credentials are shared copy-on-write objects: changing them in many
 * short-lived children and threads of children leaves nothing behind. */
static void id_leak(const char *name)
{
	long pages0 = -1, slab0 = -1, pages, slab;

	for (int round = 0; round < 2; round++) {
		for (int i = 0; i < 50; i++) {
			pid_t pid = fork();
			if (pid == 0) {
				unsigned g[2] = { 5, 6 };
				syscall(SYS_setgroups, 2, g);
				syscall(SYS_setresgid, 1, 2, 3);
				if (fork() == 0) {
					syscall(SYS_setuid, 1000);
					_exit(0);
				}
				raw_wait4(-1, NULL, 0);
				_exit(0);
			}
			raw_wait4(pid, NULL, 0);
		}
		if (round == 0) {
			pages0 = meminfo("PagesFree");
			slab0 = meminfo("SlabObjects");
		}
	}
	if (pages0 < 0) {	/* not cleave */
		ok(name);
		return;
	}
	for (int tries = 0;; tries++) {
		pages = meminfo("PagesFree");
		slab = meminfo("SlabObjects");
		if (pages >= pages0 && slab <= slab0)
			break;
		CHECK(name, tries < 20, "leak: PagesFree %ld -> %ld, SlabObjects %ld -> %ld", pages0,
		      pages, slab0, slab);
		raw_sleep_ms(50);
	}
	ok(name);
}

/* ---- the wall clock ---- */

/* cleave without an RTC starts the wall clock at 2026-01-01 00:00 UTC at
 * boot; with QEMU's goldfish RTC it is the host's time. So the clock's
 * time at boot (REALTIME - MONOTONIC) must not be that epoch. (Run on a
 * host whose clock is within a minute of 2026-01-01 + uptime, this check
 * cannot tell them apart.) */
static void rtc_wallclock(const char *name)
{
	struct timespec r, m;

	clock_gettime(CLOCK_REALTIME, &r);
	clock_gettime(CLOCK_MONOTONIC, &m);
	long boot = (long)r.tv_sec - (long)m.tv_sec;
	CHECK(name, r.tv_sec > 1700000000L, "REALTIME %ld is before 2023", (long)r.tv_sec);
	CHECK(name, boot < 1767225600L - 60 || boot > 1767225600L + 60,
	      "the wall clock started at the fixed epoch (%ld): no RTC read", boot);
	ok(name);
}

/* ---- close_range ---- */

#ifndef CLOSE_RANGE_UNSHARE
#define CLOSE_RANGE_UNSHARE (1U << 1)
#define CLOSE_RANGE_CLOEXEC (1U << 2)
#endif

static long crange(unsigned first, unsigned last, unsigned flags)
{
	return syscall(SYS_close_range, first, last, flags);
}

/* Descriptors 10..19 open on /dev/null; a bit mask of which still are. */
static void open_ten(void)
{
	int fd = open("/dev/null", O_RDONLY);
	for (int i = 10; i < 20; i++)
		dup2(fd, i);
	close(fd);
}

static int open_mask(void)
{
	int m = 0;
	for (int i = 10; i < 20; i++)
		if (fcntl(i, F_GETFD) >= 0)
			m |= 1 << (i - 10);
	return m;
}

static void cr_basic(const char *name)
{
	open_ten();
	CHECK(name, crange(12, 15, 0) == 0, "close_range(12, 15): %s", strerror(errno));
	CHECK(name, open_mask() == 0x3c3, "open after closing 12..15: mask 0x%x, want 0x3c3", open_mask());
	CHECK(name, crange(18, ~0U, 0) == 0, "close_range(18, ~0): %s", strerror(errno));
	CHECK(name, open_mask() == 0x0c3, "open after closing 18..: mask 0x%x, want 0x0c3", open_mask());
	CHECK(name, crange(5000, ~0U, 0) == 0, "a range past the table: %s", strerror(errno));
	CHECK(name, crange(3, 2, 0) < 0 && errno == EINVAL, "first > last: errno %d, want EINVAL", errno);
	CHECK(name, crange(3, 4, 8) < 0 && errno == EINVAL, "flags 8: errno %d, want EINVAL", errno);
	CHECK(name, fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0, "descriptors outside the range closed");
	ok(name);
}

static void cr_cloexec(const char *name)
{
	open_ten();
	CHECK(name, crange(11, 13, CLOSE_RANGE_CLOEXEC) == 0, "CLOSE_RANGE_CLOEXEC: %s", strerror(errno));
	CHECK(name, open_mask() == 0x3ff, "CLOSE_RANGE_CLOEXEC closed something: mask 0x%x", open_mask());
	for (int i = 10; i < 20; i++)
		CHECK(name, fcntl(i, F_GETFD) == (i >= 11 && i <= 13 ? FD_CLOEXEC : 0), "fd %d: FD_CLOEXEC %d", i,
		      fcntl(i, F_GETFD));
	ok(name);
}

/* A CLONE_FILES child shares our table: its close_range closes ours,
 * unless it asks for CLOSE_RANGE_UNSHARE first. */
static void cr_unshare(const char *name)
{
	int st;

	open_ten();
	long pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(crange(10, 14, CLOSE_RANGE_UNSHARE) == 0 && fcntl(10, F_GETFD) < 0 ? 0 : 1);
	CHECK(name, pid > 0, "clone(CLONE_FILES): %s", strerror(errno));
	CHECK(name, waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "unsharing child: status 0x%x", st);
	CHECK(name, open_mask() == 0x3ff, "CLOSE_RANGE_UNSHARE in a child closed ours: mask 0x%x", open_mask());
	pid = syscall(SYS_clone, CLONE_FILES | SIGCHLD, 0, 0, 0, 0);
	if (pid == 0)
		_exit(crange(10, 14, 0) == 0 ? 0 : 1);
	CHECK(name, pid > 0 && waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "sharing child: status 0x%x", st);
	CHECK(name, open_mask() == 0x3e0, "a sharing child's close_range: mask 0x%x, want 0x3e0", open_mask());
	ok(name);
}

static const struct tcase cases[] = {
	{ "aff-get", aff_get, 0 },
	{ "aff-get-errors", aff_get_errors, 0 },
	{ "aff-set", aff_set, 0 },
	{ "aff-set-errors", aff_set_errors, 0 },
	{ "rusage", ru_basic, 0 },
	{ "rusage-minflt", ru_minflt, 0 },
	{ "prctl-name", pr_name, 0 },
	{ "prctl-flags", pr_flags, 0 },
	{ "prctl-pdeath-subreaper", pr_pdeath_subreaper, 0 },
	{ "id-get", id_get, 0 },
	{ "id-setuid", id_setuid, 0 },
	{ "id-setgid", id_setgid, 0 },
	{ "id-groups", id_groups, 0 },
	{ "cap-get-set", cap_calls, 0 },
	{ "id-leak", id_leak, 60 },
	{ "rtc-wallclock", rtc_wallclock, 0 },
	{ "close-range", cr_basic, 0 },
	{ "close-range-cloexec", cr_cloexec, 0 },
	{ "close-range-unshare", cr_unshare, 0 },
};

int main(void)
{
	return RUN(cases);
}
