/* fork copy-on-write isolation: stack, heap, data and a big mmap buffer,
 * child-writes and parent-writes, and untouched (zero) pages. */
#include "clonetest.h"

#define BIG (1024 * 1024)
static volatile int data_var = 11;

struct areas {
	volatile int *stack, *heap, *data;
	volatile char *big;
};

static void fill(struct areas *a, int v)
{
	*a->stack = v;
	*a->heap = v;
	*a->data = v;
	for (int i = 0; i < BIG; i += 4096)
		a->big[i] = (char)(v + i / 4096);
}

static int check(struct areas *a, int v)
{
	if (*a->stack != v)
		return 1;
	if (*a->heap != v)
		return 2;
	if (*a->data != v)
		return 3;
	for (int i = 0; i < BIG; i += 4096)
		if (a->big[i] != (char)(v + i / 4096))
			return 4;
	return 0;
}

static const char *what[] = { "", "stack", "heap", "data", "mmap buffer" };

static void setup(struct areas *a, volatile int *stackvar)
{
	a->stack = stackvar;
	a->heap = malloc(64);
	a->data = &data_var;
	a->big = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (!a->heap || a->big == MAP_FAILED) {
		printf("# allocation failed\n");
		_exit(2);
	}
	fill(a, 1);
}

static void child_writes(const char *name)
{
	volatile int sv;
	struct areas a;
	int st, r;
	pid_t pid;

	setup(&a, &sv);
	pid = fork();
	if (pid == 0) {
		fill(&a, 2);
		_exit(check(&a, 2) ? 10 + check(&a, 2) : 0);
	}
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child status 0x%x", st);
	else if ((r = check(&a, 1)))
		fail(name, "the child's write to the %s reached the parent", what[r]);
	else
		ok(name);
}

static void parent_writes(const char *name)
{
	volatile int sv;
	struct areas a;
	int p[2], st;
	char c;
	pid_t pid;

	setup(&a, &sv);
	pipe(p);
	pid = fork();
	if (pid == 0) {
		read(p[0], &c, 1);
		_exit(check(&a, 1));
	}
	fill(&a, 3);
	write(p[1], "g", 1);
	waitpid(pid, &st, 0);
	if (!WIFEXITED(st) || WEXITSTATUS(st) > 4)
		fail(name, "child status 0x%x", st);
	else if (WEXITSTATUS(st))
		fail(name, "the parent's write to the %s reached the child", what[WEXITSTATUS(st)]);
	else if (check(&a, 3))
		fail(name, "the parent lost its own writes");
	else
		ok(name);
}

static void both_write(const char *name)
{
	volatile int sv;
	struct areas a;
	int p[2], q[2], st, r;
	char c;
	pid_t pid;

	setup(&a, &sv);
	pipe(p);
	pipe(q);
	pid = fork();
	if (pid == 0) {
		fill(&a, 5);
		write(q[1], "c", 1);
		read(p[0], &c, 1);
		_exit(check(&a, 5));
	}
	read(q[0], &c, 1);
	fill(&a, 6);
	write(p[1], "p", 1);
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child saw the parent's %s write (0x%x)", WEXITSTATUS(st) <= 4 ?
		     what[WEXITSTATUS(st)] : "?", st);
	else if ((r = check(&a, 6)))
		fail(name, "parent saw the child's %s write", what[r]);
	else
		ok(name);
}

/* pages never touched before fork (zero pages) */
static void untouched(const char *name)
{
	volatile char *b = mmap(NULL, BIG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	pid = fork();
	if (pid == 0) {
		for (int i = 0; i < BIG; i += 4096)
			b[i] = 1;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	for (int i = 0; i < BIG; i += 4096)
		if (b[i] != 0) {
			fail(name, "child's write to a fresh page visible at offset %d", i);
			return;
		}
	ok(name);
}

/* a grandchild forked after the child's writes sees the child's values */
static void nested(const char *name)
{
	volatile int sv;
	struct areas a;
	int st;
	pid_t pid;

	setup(&a, &sv);
	pid = fork();
	if (pid == 0) {
		pid_t g;

		fill(&a, 7);
		g = fork();
		if (g == 0) {
			int r = check(&a, 7);

			fill(&a, 8);
			_exit(r);
		}
		waitpid(g, &st, 0);
		_exit(st ? 20 : check(&a, 7));
	}
	waitpid(pid, &st, 0);
	if (st != 0)
		fail(name, "child/grandchild status 0x%x", st);
	else if (check(&a, 1))
		fail(name, "parent changed");
	else
		ok(name);
}

/* MAP_SHARED anonymous memory is not COW: writes are seen across fork */
static void shared_map(const char *name)
{
	volatile int *s = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	int st;
	pid_t pid;

	if ((void *)s == MAP_FAILED) {
		fail(name, "mmap(MAP_SHARED|MAP_ANONYMOUS): %s", strerror(errno));
		return;
	}
	*s = 1;
	pid = fork();
	if (pid == 0) {
		*s = 2;
		_exit(0);
	}
	waitpid(pid, &st, 0);
	if (*s != 2)
		fail(name, "child's write to a MAP_SHARED page not seen (%d)", *s);
	else
		ok(name);
}

static const struct tcase cases[] = {
	{ "cow-child-writes", child_writes },
	{ "cow-parent-writes", parent_writes },
	{ "cow-both-write", both_write },
	{ "cow-untouched-pages", untouched },
	{ "cow-nested-fork", nested },
	{ "cow-map-shared", shared_map },
};

int main(void)
{
	return RUN(cases);
}
