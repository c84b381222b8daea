/* pthreads and process-spawning functions of the cleave libc. */
#include <atomic.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include "check.h"

/* ---- create/join: 64 threads x 20 rounds, results returned -------------- */

static void *square(void *arg)
{
	long v = (long)arg;

	return (void *)(v * v);
}

static void create_join(const char *name)
{
	enum { N = 64, ROUNDS = 20 };
	pthread_t t[N];

	for (int r = 0; r < ROUNDS; r++) {
		for (long i = 0; i < N; i++) {
			int e = pthread_create(&t[i], NULL, square, (void *)(i + r));

			if (e) {
				fail(name, "round %d: create %ld: %s", r, i, strerror(e));
				while (--i >= 0)
					pthread_join(t[i], NULL);
				return;
			}
		}
		for (long i = 0; i < N; i++) {
			void *res;
			int e = pthread_join(t[i], &res);

			if (e || (long)res != (i + r) * (i + r)) {
				fail(name, "round %d: join %ld: %d, result %ld", r, i, e, (long)res);
				return;
			}
		}
	}
	ok(name);
}

/* ---- mutex: 16 threads increment a counter -------------------------------- */

static pthread_mutex_t counter_lock = PTHREAD_MUTEX_INITIALIZER;
static long counter;
#define INCS 20000

static void *incrementer(void *arg)
{
	(void)arg;
	for (int i = 0; i < INCS; i++) {
		pthread_mutex_lock(&counter_lock);
		counter++;
		pthread_mutex_unlock(&counter_lock);
	}
	return NULL;
}

static void mutex_counter(const char *name)
{
	enum { N = 16 };
	pthread_t t[N];

	counter = 0;
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, incrementer, NULL);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (counter != (long)N * INCS)
		fail(name, "counter %ld, want %ld", counter, (long)N * INCS);
	else
		ok(name);
}

static void mutex_types(const char *name)
{
	pthread_mutexattr_t a;
	pthread_mutex_t rm, em;

	pthread_mutexattr_init(&a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_RECURSIVE);
	pthread_mutex_init(&rm, &a);
	pthread_mutexattr_settype(&a, PTHREAD_MUTEX_ERRORCHECK);
	pthread_mutex_init(&em, &a);
	if (pthread_mutex_lock(&rm) || pthread_mutex_lock(&rm) || pthread_mutex_trylock(&rm) ||
	    pthread_mutex_unlock(&rm) || pthread_mutex_unlock(&rm) || pthread_mutex_unlock(&rm))
		fail(name, "recursive lock 3x / unlock 3x");
	else if (pthread_mutex_unlock(&rm) != EPERM)
		fail(name, "unlocking an unowned recursive mutex did not give EPERM");
	else if (pthread_mutex_lock(&em) || pthread_mutex_lock(&em) != EDEADLK ||
		 pthread_mutex_trylock(&em) != EBUSY || pthread_mutex_unlock(&em) ||
		 pthread_mutex_unlock(&em) != EPERM)
		fail(name, "errorcheck: relock must be EDEADLK, double unlock EPERM");
	else
		ok(name);
}

/* ---- condition variable ping-pong ----------------------------------------- */

static pthread_mutex_t pp_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t pp_cond = PTHREAD_COND_INITIALIZER;
static int pp_turn, pp_count;
#define PINGS 2000

static void *ponger(void *arg)
{
	int me = (int)(long)arg;

	pthread_mutex_lock(&pp_lock);
	while (pp_count < PINGS) {
		while (pp_turn != me && pp_count < PINGS)
			pthread_cond_wait(&pp_cond, &pp_lock);
		if (pp_count >= PINGS)
			break;
		pp_count++;
		pp_turn = !me;
		pthread_cond_broadcast(&pp_cond);
	}
	pthread_mutex_unlock(&pp_lock);
	return NULL;
}

static void cond_pingpong(const char *name)
{
	pthread_t a, b;

	pp_turn = pp_count = 0;
	pthread_create(&a, NULL, ponger, (void *)0L);
	pthread_create(&b, NULL, ponger, (void *)1L);
	pthread_join(a, NULL);
	pthread_join(b, NULL);
	if (pp_count != PINGS)
		fail(name, "count %d, want %d", pp_count, PINGS);
	else
		ok(name);
}

/* signal wakes one sleeper per call; nothing is lost */
static pthread_cond_t q_cond = PTHREAD_COND_INITIALIZER;
static int q_items, q_taken;

static void *consumer(void *arg)
{
	(void)arg;
	pthread_mutex_lock(&pp_lock);
	for (;;) {
		while (q_items == 0 && q_taken >= 0)
			pthread_cond_wait(&q_cond, &pp_lock);
		if (q_items == 0)
			break;		/* q_taken < 0: done */
		q_items--;
		q_taken++;
	}
	pthread_mutex_unlock(&pp_lock);
	return NULL;
}

static void cond_signal(const char *name)
{
	enum { N = 6, ITEMS = 3000 };
	pthread_t t[N];
	int taken;

	q_items = q_taken = 0;
	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, consumer, NULL);
	for (int i = 0; i < ITEMS; i++) {
		pthread_mutex_lock(&pp_lock);
		q_items++;
		pthread_cond_signal(&q_cond);
		pthread_mutex_unlock(&pp_lock);
	}
	for (;;) {
		pthread_mutex_lock(&pp_lock);
		taken = q_taken;
		if (taken == ITEMS) {
			q_taken = -1000000;
			pthread_cond_broadcast(&q_cond);
		}
		pthread_mutex_unlock(&pp_lock);
		if (taken == ITEMS)
			break;
		sched_yield();
	}
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	ok(name);
}

static void cond_timeout(const char *name)
{
	pthread_cond_t c = PTHREAD_COND_INITIALIZER;
	pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
	struct timespec t0, t1, dl;
	long ms;
	int r;

	clock_gettime(CLOCK_REALTIME, &t0);
	dl = t0;
	dl.tv_nsec += 100 * 1000000L;
	if (dl.tv_nsec >= 1000000000L) {
		dl.tv_sec++;
		dl.tv_nsec -= 1000000000L;
	}
	pthread_mutex_lock(&m);
	do
		r = pthread_cond_timedwait(&c, &m, &dl);
	while (r == 0);
	pthread_mutex_unlock(&m);
	clock_gettime(CLOCK_REALTIME, &t1);
	ms = (t1.tv_sec - t0.tv_sec) * 1000 + (t1.tv_nsec - t0.tv_nsec) / 1000000;
	if (r != ETIMEDOUT)
		fail(name, "timedwait returned %d, want ETIMEDOUT", r);
	else if (ms < 90)
		fail(name, "timed out after %ld ms, want >= 100", ms);
	else
		ok(name);
}

/* ---- once ------------------------------------------------------------------ */

static pthread_once_t once = PTHREAD_ONCE_INIT;
static int once_runs, once_seen_done;

static void once_fn(void)
{
	a_inc(&once_runs);
	usleep(20000);	/* let the others pile up behind us */
}

static void *once_thread(void *arg)
{
	(void)arg;
	pthread_once(&once, once_fn);
	if (a_load(&once_runs) == 1)
		a_inc(&once_seen_done);
	return NULL;
}

static void once_test(const char *name)
{
	enum { N = 16 };
	pthread_t t[N];

	for (int i = 0; i < N; i++)
		pthread_create(&t[i], NULL, once_thread, NULL);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (once_runs != 1 || once_seen_done != N)
		fail(name, "init ran %d times, %d of %d threads saw it done", once_runs, once_seen_done, N);
	else
		ok(name);
}

/* ---- thread-specific data -------------------------------------------------- */

static pthread_key_t key1, key2;
static int dtor_calls, dtor_bad, dtor2_calls;

static void dtor1(void *v)
{
	if (*(long *)v < 0 || *(long *)v >= 1000)
		a_inc(&dtor_bad);
	a_inc(&dtor_calls);
	free(v);
}

/* Re-sets its value twice: runs 3 times per thread (< PTHREAD_DESTRUCTOR_ITERATIONS). */
static void dtor2(void *v)
{
	long n = (long)v;

	a_inc(&dtor2_calls);
	if (n < 3)
		pthread_setspecific(key2, (void *)(n + 1));
}

static void *key_thread(void *arg)
{
	long *p = malloc(sizeof(long));

	*p = (long)arg;
	if (pthread_getspecific(key1) != NULL)
		a_inc(&dtor_bad);
	pthread_setspecific(key1, p);
	pthread_setspecific(key2, (void *)1L);
	sched_yield();
	if (pthread_getspecific(key1) != p)
		a_inc(&dtor_bad);
	return NULL;
}

static void keys(const char *name)
{
	enum { N = 20 };
	pthread_t t[N];
	pthread_key_t k3;

	if (pthread_key_create(&key1, dtor1) || pthread_key_create(&key2, dtor2)) {
		fail(name, "key_create");
		return;
	}
	pthread_setspecific(key1, (void *)0x1234);
	for (long i = 0; i < N; i++)
		pthread_create(&t[i], NULL, key_thread, (void *)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (pthread_getspecific(key1) != (void *)0x1234) {
		fail(name, "main thread's value changed");
		return;
	}
	/* delete + create: the new key reads NULL even if the slot is reused */
	pthread_key_delete(key1);
	pthread_key_create(&k3, NULL);
	if (pthread_getspecific(k3) != NULL)
		fail(name, "recreated key is not NULL");
	else if (dtor_calls != N || dtor_bad)
		fail(name, "%d destructor calls (want %d), %d bad values", dtor_calls, N, dtor_bad);
	else if (dtor2_calls != 3 * N)
		fail(name, "re-arming destructor ran %d times, want %d", dtor2_calls, 3 * N);
	else
		ok(name);
	pthread_key_delete(k3);
	pthread_key_delete(key2);
}

/* ---- __thread and errno ---------------------------------------------------- */

static __thread int tls_init = 1234;		/* .tdata */
static __thread long tls_zero[100];		/* .tbss */
static __thread char tls_aligned[64] __attribute__((aligned(64))) = "x";
static int tls_bad;

static void *tls_thread(void *arg)
{
	long id = (long)arg;

	if (tls_init != 1234 || tls_zero[0] || tls_zero[99] || tls_aligned[0] != 'x' ||
	    ((unsigned long)tls_aligned & 63))
		a_inc(&tls_bad);
	for (int round = 0; round < 50; round++) {
		tls_init = (int)id;
		for (int i = 0; i < 100; i++)
			tls_zero[i] = id * 1000 + i;
		sched_yield();
		if (tls_init != id)
			a_inc(&tls_bad);
		for (int i = 0; i < 100; i++)
			if (tls_zero[i] != id * 1000 + i)
				a_inc(&tls_bad);
	}
	return NULL;
}

static void tls(const char *name)
{
	enum { N = 8 };
	pthread_t t[N];

	tls_init = -1;
	for (long i = 0; i < N; i++)
		pthread_create(&t[i], NULL, tls_thread, (void *)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (tls_bad)
		fail(name, "%d mismatches", tls_bad);
	else if (tls_init != -1)
		fail(name, "main thread's copy changed to %d", tls_init);
	else
		ok(name);
}

static int errno_bad;

static void *errno_thread(void *arg)
{
	long id = (long)arg;

	for (int round = 0; round < 200; round++) {
		int want = id & 1 ? EBADF : ENOENT;

		if (id & 1)
			close(-1);
		else
			open("/nonexistent/x", 0);
		sched_yield();
		if (errno != want)
			a_inc(&errno_bad);
	}
	return NULL;
}

static void errno_test(const char *name)
{
	enum { N = 8 };
	pthread_t t[N];

	errno = 0;
	for (long i = 0; i < N; i++)
		pthread_create(&t[i], NULL, errno_thread, (void *)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (errno_bad)
		fail(name, "%d mismatches", errno_bad);
	else if (errno != 0)
		fail(name, "main thread's errno became %d", errno);
	else
		ok(name);
}

/* ---- detach and pthread_exit ----------------------------------------------- */

static int detached_done;

static volatile int exit_depth = 5;

/* pthread_exit from a few frames down */
static __attribute__((noinline)) void deep_exit(int depth)
{
	if (depth > 1000)
		return;
	if (depth >= exit_depth)
		pthread_exit((void *)7);
	deep_exit(depth + 1);
	a_inc(&tls_bad);	/* not reached */
}

static void *detached(void *arg)
{
	if ((long)arg & 1)
		sched_yield();
	a_inc(&detached_done);
	deep_exit(0);
	return NULL;
}

static void detach(const char *name)
{
	enum { N = 300 };
	pthread_attr_t a;
	pthread_t t;
	void *res = NULL;
	long ms = 0;

	detached_done = 0;
	pthread_attr_init(&a);
	pthread_attr_setdetachstate(&a, PTHREAD_CREATE_DETACHED);
	for (long i = 0; i < N; i++) {
		int e;

		if (i & 1) {	/* detach after the fact, racing with the exit */
			e = pthread_create(&t, NULL, detached, (void *)i);
			if (!e)
				e = pthread_detach(t);
		} else {
			e = pthread_create(&t, &a, detached, (void *)i);
		}
		if (e) {
			fail(name, "thread %ld: %s", i, strerror(e));
			return;
		}
	}
	while (a_load(&detached_done) < N && ms < 20000) {
		usleep(10000);
		ms += 10;
	}
	if (detached_done != N) {
		fail(name, "%d of %d detached threads ran", detached_done, N);
		return;
	}
	pthread_create(&t, NULL, detached, (void *)0L);
	pthread_join(t, &res);
	if (res != (void *)7)
		fail(name, "pthread_exit value %p, want 7", res);
	else
		ok(name);
}

/* ---- stack size and guard page -------------------------------------------- */

static void *use_stack(void *arg)
{
	volatile char buf[48 * 1024];

	for (size_t i = 0; i < sizeof(buf); i += 512)
		buf[i] = (char)i;
	return (void *)(long)buf[512];
}

static volatile int recurse_limit = 1 << 30;

static __attribute__((noinline)) int recurse(int n)
{
	volatile char pad[512];

	pad[0] = (char)n;
	if (n >= recurse_limit)
		return 0;
	return recurse(n + 1) + pad[0];
}

static void *overflow(void *arg)
{
	(void)arg;
	return (void *)(long)recurse(0);
}

static void stack_guard(const char *name)
{
	pthread_attr_t a;
	pthread_t t;
	size_t sz = 0;
	void *res;
	int st, e;
	pid_t pid;

	pthread_attr_init(&a);
	if (pthread_attr_setstacksize(&a, 1) != EINVAL ||
	    pthread_attr_setstacksize(&a, 64 * 1024) || pthread_attr_getstacksize(&a, &sz) ||
	    sz != 64 * 1024) {
		fail(name, "set/getstacksize: %zu", sz);
		return;
	}
	if ((e = pthread_create(&t, &a, use_stack, NULL)) || pthread_join(t, &res) ||
	    (long)res != 0) {
		fail(name, "thread using 48K of a 64K stack: %d", e);
		return;
	}
	pid = fork();
	if (pid == 0) {
		pthread_create(&t, &a, overflow, NULL);
		pthread_join(t, NULL);
		_exit(0);	/* not reached: the overflow kills the process */
	}
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (!WIFSIGNALED(st) || WTERMSIG(st) != SIGSEGV)
		fail(name, "overflowing child: status 0x%x, want SIGSEGV", st);
	else
		ok(name);
}

/* ---- printf from many threads: lines stay whole ----------------------------- */

#define PR_THREADS 8
#define PR_LINES 300

static void *printer(void *arg)
{
	long id = (long)arg;

	for (int i = 0; i < PR_LINES; i++) {
		if (i % 3 == 0)
			printf("line %ld %d %s\n", id, i, "abcdefghijklmnopqrstuvwxyz0123456789");
		else if (i % 3 == 1)
			fprintf(stdout, "line %ld %d %s\n", id, i, "abcdefghijklmnopqrstuvwxyz0123456789");
		else {
			char buf[100];

			snprintf(buf, sizeof(buf), "line %ld %d %s", id, i, "abcdefghijklmnopqrstuvwxyz0123456789");
			puts(buf);
		}
	}
	return NULL;
}

static void printf_lines(const char *name)
{
	static char out[PR_THREADS * PR_LINES * 64];
	int fds[2], st, seen[PR_THREADS] = { 0 }, bad = 0, lines = 0;
	size_t len = 0;
	ssize_t n;
	pid_t pid;

	if (pipe(fds) < 0) {
		fail(name, "pipe");
		return;
	}
	fflush(stdout);
	pid = fork();
	if (pid == 0) {
		pthread_t t[PR_THREADS];

		dup2(fds[1], 1);
		close(fds[0]);
		close(fds[1]);
		setvbuf(stdout, NULL, _IOFBF, 0);
		for (long i = 0; i < PR_THREADS; i++)
			pthread_create(&t[i], NULL, printer, (void *)i);
		for (int i = 0; i < PR_THREADS; i++)
			pthread_join(t[i], NULL);
		exit(0);
	}
	close(fds[1]);
	while (len < sizeof(out) - 1 && (n = read(fds[0], out + len, sizeof(out) - 1 - len)) > 0)
		len += n;
	close(fds[0]);
	out[len] = 0;
	waitpid(pid, &st, 0);
	for (char *line = out, *nl; (nl = strchr(line, '\n')); line = nl + 1) {
		long id;
		int i, k;
		char word[64];

		*nl = 0;
		lines++;
		k = 0;
		id = strtol(line + 5, NULL, 10);
		if (strncmp(line, "line ", 5) || id < 0 || id >= PR_THREADS) {
			bad++;
			continue;
		}
		i = (int)strtol(strchr(line + 5, ' ') + 1, NULL, 10);
		snprintf(word, sizeof(word), "line %ld %d %s", id, i, "abcdefghijklmnopqrstuvwxyz0123456789");
		if (strcmp(word, line) || i != seen[id]) {
			bad++;
			continue;
		}
		seen[id]++;
		(void)k;
	}
	if (st != 0 || bad || lines != PR_THREADS * PR_LINES)
		fail(name, "status 0x%x, %d lines (want %d), %d garbled/out of order", st, lines,
		     PR_THREADS * PR_LINES, bad);
	else
		ok(name);
}

/* ---- malloc from many threads ---------------------------------------------- */

static int heap_bad;

static void *heap_thread(void *arg)
{
	unsigned seed = (unsigned)(long)arg;
	unsigned char *p[32] = { 0 };
	size_t sz[32];

	for (int round = 0; round < 3000; round++) {
		int k = rand_r(&seed) % 32;

		if (p[k]) {
			for (size_t i = 0; i < sz[k]; i++)
				if (p[k][i] != (unsigned char)(k + (long)arg))
					a_inc(&heap_bad);
			free(p[k]);
		}
		sz[k] = rand_r(&seed) % 2000 + 1;
		p[k] = malloc(sz[k]);
		if (!p[k]) {
			a_inc(&heap_bad);
			continue;
		}
		memset(p[k], k + (long)arg, sz[k]);
	}
	for (int k = 0; k < 32; k++)
		free(p[k]);
	return NULL;
}

static void heap(const char *name)
{
	enum { N = 8 };
	pthread_t t[N];

	for (long i = 0; i < N; i++)
		pthread_create(&t[i], NULL, heap_thread, (void *)i);
	for (int i = 0; i < N; i++)
		pthread_join(t[i], NULL);
	if (heap_bad)
		fail(name, "%d corruptions", heap_bad);
	else
		ok(name);
}

/* ---- posix_spawn and vfork -------------------------------------------------- */

static char *const true_argv[] = { "true", NULL };
static char *const echo_argv[] = { "echo", "hello", "spawn", NULL };

static void spawn_true(const char *name)
{
	pid_t pid = 0;
	int st = -1, e;

	if ((e = posix_spawn(&pid, "/bin/true", NULL, NULL, true_argv, environ)))
		fail(name, "posix_spawn: %s", strerror(e));
	else if (waitpid(pid, &st, 0) != pid || st != 0)
		fail(name, "pid %d status 0x%x", pid, st);
	else if ((e = posix_spawnp(&pid, "true", NULL, NULL, true_argv, environ)))
		fail(name, "posix_spawnp: %s", strerror(e));
	else if (waitpid(pid, &st, 0) != pid || st != 0)
		fail(name, "spawnp: pid %d status 0x%x", pid, st);
	else
		ok(name);
}

static void spawn_missing(const char *name)
{
	pid_t pid = -5;
	int e = posix_spawn(&pid, "/nonexistent/prog", NULL, NULL, true_argv, environ);
	int e2 = posix_spawnp(&pid, "no-such-program-xyz", NULL, NULL, true_argv, environ);

	if (e != ENOENT || e2 != ENOENT)
		fail(name, "got %d/%d, want ENOENT (%d)", e, e2, ENOENT);
	else if (pid != -5)
		fail(name, "pid was set to %d", pid);
	else if (waitpid(-1, NULL, WNOHANG) != -1 || errno != ECHILD)
		fail(name, "failed child left unreaped");
	else
		ok(name);
}

static void spawn_actions(const char *name)
{
	posix_spawn_file_actions_t fa;
	posix_spawnattr_t at;
	sigset_t mask;
	char buf[64] = { 0 };
	int fds[2], st = -1, e;
	ssize_t n = 0, r;
	pid_t pid;

	pipe(fds);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	posix_spawn_file_actions_addopen(&fa, 0, "/nonexistent-in", 0, 0);
	posix_spawnattr_init(&at);
	sigemptyset(&mask);
	posix_spawnattr_setsigmask(&at, &mask);
	posix_spawnattr_setflags(&at, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETPGROUP);
	/* the failing open must make the spawn fail with its errno */
	e = posix_spawn(&pid, "/bin/echo", &fa, &at, echo_argv, environ);
	if (e != ENOENT) {
		fail(name, "failing addopen: %d, want ENOENT", e);
		goto out;
	}
	posix_spawn_file_actions_destroy(&fa);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, fds[1], 1);
	posix_spawn_file_actions_addclose(&fa, fds[0]);
	posix_spawn_file_actions_addclose(&fa, fds[1]);
	e = posix_spawn(&pid, "/bin/echo", &fa, &at, echo_argv, environ);
	close(fds[1]);
	fds[1] = -1;
	if (e) {
		fail(name, "posix_spawn: %s", strerror(e));
		goto out;
	}
	while ((r = read(fds[0], buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	waitpid(pid, &st, 0);
	if (strcmp(buf, "hello spawn\n") || st != 0)
		fail(name, "read \"%s\", status 0x%x", buf, st);
	else
		ok(name);
out:
	posix_spawn_file_actions_destroy(&fa);
	close(fds[0]);
	if (fds[1] >= 0)
		close(fds[1]);
}

static volatile int vf_shared;

static void vfork_exec(const char *name)
{
	int st = -1;
	pid_t pid;

	vf_shared = 0;
	pid = vfork();
	if (pid == 0) {
		vf_shared = 1;	/* shared memory: the parent sees it */
		_exit(5);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 5 << 8 || vf_shared != 1) {
		fail(name, "vfork+_exit: pid %d status 0x%x shared %d", pid, st, vf_shared);
		return;
	}
	pid = vfork();
	if (pid == 0) {
		execve("/bin/true", true_argv, environ);
		_exit(127);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 0) {
		fail(name, "vfork+exec: pid %d status 0x%x", pid, st);
		return;
	}
	pid = vfork();
	if (pid == 0) {
		execve("/nonexistent", true_argv, environ);
		_exit(errno == ENOENT ? 42 : 43);
	}
	if (pid < 0 || waitpid(pid, &st, 0) != pid || st != 42 << 8)
		fail(name, "vfork+failed exec: status 0x%x", st);
	else
		ok(name);
}

/* ---- fork while another thread holds the stdout lock ----------------------- */

static volatile int holder_state;

static void *stdout_holder(void *arg)
{
	(void)arg;
	flockfile(stdout);
	holder_state = 1;
	while (holder_state == 1)
		usleep(1000);
	funlockfile(stdout);
	return NULL;
}

static void fork_stdio(const char *name)
{
	pthread_t t;
	pid_t pid, w = 0;
	int st = -1;

	holder_state = 0;
	pthread_create(&t, NULL, stdout_holder, NULL);
	while (holder_state != 1)
		usleep(1000);
	pid = fork();
	if (pid == 0) {
		/* only this thread exists here: the lock must be free */
		flockfile(stdout);
		funlockfile(stdout);
		_exit(0);
	}
	for (int i = 0; i < 500 && (w = waitpid(pid, &st, WNOHANG)) == 0; i++)
		usleep(10000);
	if (w == 0) {
		kill(pid, SIGKILL);
		waitpid(pid, &st, 0);
	}
	holder_state = 2;
	pthread_join(t, NULL);
	if (w != pid || st != 0)
		fail(name, "child %s (status 0x%x)", w == 0 ? "hung on the stdout lock" : "failed", st);
	else
		ok(name);
}

int main(void)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	create_join("create-join");
	mutex_counter("mutex-counter");
	mutex_types("mutex-types");
	cond_pingpong("cond-pingpong");
	cond_signal("cond-signal");
	cond_timeout("cond-timeout");
	once_test("once");
	keys("keys");
	tls("tls");
	errno_test("errno");
	detach("detach-exit");
	stack_guard("stack-guard");
	printf_lines("printf-lines");
	heap("malloc-threads");
	spawn_true("spawn-true");
	spawn_missing("spawn-enoent");
	spawn_actions("spawn-actions");
	vfork_exec("vfork-exec");
	fork_stdio("fork-stdio");
	return failures ? 1 : 0;
}
