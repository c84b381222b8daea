/* Re-parenting: a clone child whose exit signal is 0 or SIGKILL and that
 * outlives its parent goes to init with exit signal SIGCHLD (as on
 * Linux), so init reaps it and is never sent SIGKILL ("init exited"). */
#include "clonetest.h"

/* Reads "PID PPID STATE NAME" lines of /proc/tasks: pid's state letter,
 * 0 if it is not listed. */
static char task_state(long pid)
{
	static char buf[16384];
	int fd = open("/proc/tasks", O_RDONLY);
	ssize_t n = 0, r;

	if (fd < 0)
		return '?';
	while (n < (ssize_t)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	for (char *p = strchr(buf, '\n'); p && p[1]; p = strchr(p + 1, '\n')) {
		char *q;
		long tp = strtol(p + 1, &q, 10);
		strtol(q, &q, 10);	/* PPID */
		while (*q == ' ')
			q++;
		if (tp == pid)
			return *q;
	}
	return 0;
}

/* Polls until pid no longer exists (kill gives ESRCH); a few thousand
 * rounds of 10 ms are far more than init needs to reap it. */
static int gone(long pid)
{
	for (int i = 0; i < 3000; i++) {
		if (kill(pid, 0) < 0 && errno == ESRCH)
			return 1;
		raw_sleep_ms(10);
	}
	return 0;
}

/* P clones a child with exit signal sig and exits; the child waits until
 * it has been re-parented (getppid() == 1), reports and exits. With
 * zombie, the child exits first and P waits for it to be a zombie before
 * leaving, so it is handed over dead. */
static void orphan(const char *name, int sig, int zombie)
{
	int p[2];
	if (pipe(p)) {
		fail(name, "pipe: %s", strerror(errno));
		return;
	}
	long P = fork();
	if (P == 0) {
		if (sig)
			signal(sig, SIG_IGN);	/* the zombie's signal does not kill P */
		long c = raw_clone(sig, 0, 0, 0, 0);
		if (c == 0) {
			if (!zombie) {
				while (getppid() != 1)
					raw_sleep_ms(5);
			}
			__syscall1(SYS_exit_group, 3);
		}
		if (c < 0)
			_exit(2);
		if (zombie)
			while (task_state(c) != 'Z')
				raw_sleep_ms(5);
		write(p[1], &c, sizeof(c));
		_exit(0);
	}
	close(p[1]);
	long c = -1;
	int st = -1;
	if (P < 0 || read(p[0], &c, sizeof(c)) != sizeof(c) || waitpid(P, &st, 0) != P || st != 0) {
		fail(name, "parent: pid %ld child %ld status 0x%x", P, c, st);
		return;
	}
	close(p[0]);
	if (!gone(c)) {
		fail(name, "child %ld still exists (state %c) after its parent left", c,
		     task_state(c) ?: '-');
		return;
	}
	/* init is alive and well: a fresh child runs and is reaped */
	long k = fork();
	if (k == 0)
		_exit(5);
	if (k < 0 || waitpid(k, &st, 0) != k || st != 5 << 8)
		fail(name, "fork after the orphan: %ld status 0x%x", k, st);
	else
		ok(name);
}

static void orphan_sig0(const char *name) { orphan(name, 0, 0); }
static void orphan_sig9(const char *name) { orphan(name, SIGKILL, 0); }
static void orphan_zombie_sig0(const char *name) { orphan(name, 0, 1); }
static void orphan_zombie_sigusr2(const char *name) { orphan(name, SIGUSR2, 1); }
static void orphan_sigusr1(const char *name) { orphan(name, SIGUSR1, 0); }

/* Several orphans at once, both kinds, all reaped. */
static void orphan_many(const char *name)
{
	long P, pids[8];
	int p[2];
	if (pipe(p) || (P = fork()) < 0) {
		fail(name, "fork/pipe");
		return;
	}
	if (P == 0) {
		for (int i = 0; i < 8; i++) {
			long c = raw_clone(i & 1 ? SIGKILL : 0, 0, 0, 0, 0);
			if (c == 0) {
				while (getppid() != 1)
					raw_sleep_ms(5);
				raw_sleep_ms(i * 3);
				__syscall1(SYS_exit_group, 0);
			}
			pids[i] = c;
		}
		write(p[1], pids, sizeof(pids));
		_exit(0);
	}
	close(p[1]);
	int st;
	if (read(p[0], pids, sizeof(pids)) != sizeof(pids) || waitpid(P, &st, 0) != P) {
		fail(name, "parent");
		return;
	}
	for (int i = 0; i < 8; i++)
		if (pids[i] <= 0 || !gone(pids[i])) {
			fail(name, "orphan %d (pid %ld) not reaped", i, pids[i]);
			return;
		}
	ok(name);
}

static const struct tcase cases[] = {
	{ "orphan-exit-signal-0", orphan_sig0, 120 },
	{ "orphan-exit-signal-9", orphan_sig9, 120 },
	{ "orphan-exit-signal-usr1", orphan_sigusr1, 120 },
	{ "orphan-zombie-exit-signal-0", orphan_zombie_sig0, 120 },
	{ "orphan-zombie-exit-signal-usr2", orphan_zombie_sigusr2, 120 },
	{ "orphan-many", orphan_many, 120 },
};

int main(void)
{
	return RUN(cases);
}
