/* Process and resource calls: CPU affinity, getrusage, prctl, ids and
 * capabilities, errors as Linux. Portable: also runs on the host's Linux
 * (tests/difftest). */
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

static const struct tcase cases[] = {
	{ "aff-get", aff_get, 0 },
	{ "aff-get-errors", aff_get_errors, 0 },
	{ "aff-set", aff_set, 0 },
	{ "aff-set-errors", aff_set_errors, 0 },
};

int main(void)
{
	return RUN(cases);
}
