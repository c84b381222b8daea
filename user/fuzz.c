/* fuzz: random system calls with hostile arguments.
 *
 *   fuzz [-s SEED] [-t SECONDS] [-c CALLS] [-v]
 *
 * Forks one child after another. Each child points stdin/stdout/stderr at
 * /dev/null, sometimes arms /proc/self/fail-nth (fault injection), and
 * makes CALLS random system calls: a number from the whole table (less the
 * few that would reach outside the child: reboot, mount, kill of others
 * ...), arguments drawn from values that break kernels (0, -1, huge
 * lengths, kernel and unmapped addresses, misaligned and unterminated
 * buffers, real descriptors and paths inside a scratch directory). Before
 * each call the child writes what it is about to do into shared memory.
 *
 * The parent is the watchdog: a child that has not finished after its
 * time is sent SIGKILL, and one that does not die after SIGKILL is
 * reported with the call it was in ("FAIL fuzz-unkillable"). At the end,
 * with every child reaped and the scratch tree removed, /proc/meminfo's
 * PagesFree and SlabObjects must be back where they started
 * ("FAIL fuzz-memory"). A kernel panic ends the run for the harness.
 * Prints "ok fuzz-calls", "ok fuzz-killable", "ok fuzz-memory" and a
 * "# ..." summary: children, calls, seed. */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#include <dirent.h>

#define SCRATCH "/tmp/fuzz-scratch"
#define MAX_NR 460

struct shared {
	volatile long nr, args[6];	/* the call in progress */
	volatile long calls;		/* calls made by all children */
	volatile long progress;
};

static struct shared *sh;
static unsigned long long rng;
static int verbose;

static unsigned long long rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static long pick(long n) { return (long)(rnd() % (unsigned long long)n); }

static long meminfo(const char *key)
{
	char buf[4096];
	int fd = open("/proc/meminfo", O_RDONLY);
	ssize_t n = fd >= 0 ? read(fd, buf, sizeof(buf) - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n <= 0)
		return -1;
	buf[n] = 0;
	size_t kl = strlen(key);
	for (char *p = buf; p && *p; p = strchr(p, '\n'), p = p ? p + 1 : NULL)
		if (!strncmp(p, key, kl) && p[kl] == ':')
			return strtol(p + kl + 1, NULL, 10);
	return -1;
}

/* Calls that would reach outside the child or stop the machine. */
static int forbidden(long nr)
{
	switch (nr) {
	case 39:  /* umount2 */
	case 40:  /* mount */
	case 41:  /* pivot_root */
	case 51:  /* chroot: harmless, but hides the scratch dir */
	case 81:  /* sync: slow, not hostile */
	case 129: /* kill */
	case 130: /* tkill */
	case 131: /* tgkill */
	case 142: /* reboot */
	case 161: /* sethostname */
	case 162: /* setdomainname */
	case 164: /* setrlimit: the child could lift its own limits */
	case 261: /* prlimit64: same */
	case 178: /* gettid: boring */
	case 424: /* pidfd_send_signal: kill by another name */
		return 1;
	}
	return 0;
}

/* SysV shared memory segments outlive the children that made them (by
 * design, like the files in SCRATCH): remove them all before memory is
 * compared. */
static void remove_shm(void)
{
	struct shmid_ds ds;
	int max = shmctl(0, SHM_INFO, &ds);

	for (int i = 0; i <= max; i++) {
		int id = shmctl(i, SHM_STAT_ANY, &ds);
		if (id >= 0)
			shmctl(id, IPC_RMID, NULL);
	}
}

static char *page;		/* a valid, writable page */
static char *ropage;		/* read-only */

static long path_arg(void)
{
	static char paths[8][96];
	static int n;
	char *p = paths[n++ % 8];
	switch (pick(8)) {
	case 0: return (long)SCRATCH "/f";
	case 1: return (long)SCRATCH "/d/x";
	case 2: return (long)SCRATCH "/link";
	case 3: return (long)SCRATCH "/fifo";
	case 4: return (long)"/proc/self/fd/0";
	case 5:	/* unterminated at the end of the page */
		memset(page + 4096 - 16, 'a', 16);
		return (long)(page + 4096 - 16);
	case 6:
		snprintf(p, 96, SCRATCH "/%c%c/../%c", 'a' + (int)pick(3), 'a' + (int)pick(3),
			 'a' + (int)pick(3));
		return (long)p;
	default:
		return (long)SCRATCH;
	}
}

static long arg(void)
{
	switch (pick(18)) {
	case 0: return 0;
	case 1: return -1;
	case 2: return 1;
	case 3: return pick(16);			/* small ints, fds */
	case 4: return 0x7fffffff;
	case 5: return (long)0x8000000000000000UL;
	case 6: return (long)page;			/* valid buffer */
	case 7: return (long)page + pick(4096);		/* misaligned */
	case 8: return (long)ropage;			/* read-only */
	case 9: return 0x1000;				/* unmapped */
	case 10: return (long)0xffffffc000000000UL;	/* kernel */
	case 11: return (long)0x3ffffffff0UL;		/* top of user space */
	case 12: return path_arg();
	case 13: return 4096;
	case 14: return (long)1 << pick(63);
	case 15: return -(long)pick(4096);		/* -errno shaped */
	case 16: return AT_FDCWD;
	default: return (long)rnd();
	}
}

static void child(int calls, int armed)
{
	int null = open("/dev/null", O_RDWR);
	dup2(null, 0);
	dup2(null, 1);
	dup2(null, 2);
	if (null > 2)
		close(null);
	if (armed) {
		char n[16];
		int fd = open("/proc/self/fail-nth", O_WRONLY);
		int k = snprintf(n, sizeof(n), "%ld", 1 + pick(200));
		if (fd >= 0) {
			write(fd, n, k);
			close(fd);
		}
	}
	for (int i = 0; i < calls; i++) {
		long nr = pick(MAX_NR), a[6];
		if (forbidden(nr))
			continue;
		for (int j = 0; j < 6; j++)
			a[j] = arg();
		if (nr == 222 /* mmap */ && (a[3] & 0x10 /* MAP_FIXED */))
			a[3] &= ~0x10L;		/* do not map over our own code */
		if (nr == 215 /* munmap */ || nr == 226 /* mprotect */ || nr == 216 /* mremap */ ||
		    nr == 233 /* madvise */ || nr == 214 /* brk */) {
			/* only inside a region of our own */
			a[0] = (long)page + 8192 + pick(4) * 4096;
		}
		if (nr == 93 || nr == 94)	/* exit: only at the end */
			continue;
		if (nr == 220 || nr == 435 || nr == 221 || nr == 281) {
			/* clone/clone3/execve(at): keep them tame: fork-like only,
			 * the new child exits at once; half of them make a pidfd
			 * (fault injection then reaches its unwinding) */
			if (nr == 220) {
				int pidfd = -1;
				long fl = 17 /* SIGCHLD */ | (pick(2) ? 0x1000 /* CLONE_PIDFD */ : 0);
				long r = syscall(220, fl, 0, &pidfd, 0, 0);
				if (r == 0)
					_exit(0);
				if (r > 0 && pidfd >= 0)
					close(pidfd);
			}
			continue;
		}
		sh->nr = nr;
		for (int j = 0; j < 6; j++)
			sh->args[j] = a[j];
		syscall(nr, a[0], a[1], a[2], a[3], a[4], a[5]);
		__atomic_add_fetch(&sh->calls, 1, __ATOMIC_RELAXED);
		__atomic_add_fetch(&sh->progress, 1, __ATOMIC_RELAXED);
	}
	_exit(0);
}

static void rmtree(const char *path)
{
	struct stat st;
	if (lstat(path, &st) < 0)
		return;
	if (S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		while (d && (e = readdir(d))) {
			if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rmtree(sub);
		}
		if (d)
			closedir(d);
		chmod(path, 0755);
		rmdir(path);
	} else {
		unlink(path);
	}
}

static void scratch(void)
{
	rmtree(SCRATCH);
	mkdir(SCRATCH, 0777);
	mkdir(SCRATCH "/d", 0777);
	int fd = open(SCRATCH "/f", O_RDWR | O_CREAT, 0666);
	if (fd >= 0) {
		write(fd, "fuzz", 4);
		close(fd);
	}
	symlink("f", SCRATCH "/link");
	mkfifo(SCRATCH "/fifo", 0666);
}

static long now_ms(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

int main(int argc, char **argv)
{
	long seed = 1, seconds = 10, calls = 300, children = 0;
	int c, bad = 0;

	while ((c = getopt(argc, argv, "s:t:c:v")) != -1) {
		if (c == 's')
			seed = strtol(optarg, NULL, 0);
		else if (c == 't')
			seconds = strtol(optarg, NULL, 0);
		else if (c == 'c')
			calls = strtol(optarg, NULL, 0);
		else if (c == 'v')
			verbose = 1;
		else {
			fprintf(stderr, "usage: fuzz [-s SEED] [-t SECONDS] [-c CALLS] [-v]\n");
			return 2;
		}
	}
	rng = 0x9e3779b97f4a7c15ULL ^ (unsigned long long)seed * 0x100000001b3ULL;
	sh = mmap(NULL, 4096, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
	/* page: 8 pages and a guard above them, so a fuzzed call that writes
	 * past the buffer faults instead of landing in sh (mapped just above:
	 * it once turned the call count negative) */
	page = mmap(NULL, 9 * 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (page != MAP_FAILED)
		mprotect(page + 8 * 4096, 4096, PROT_NONE);
	ropage = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (sh == MAP_FAILED || page == MAP_FAILED || ropage == MAP_FAILED) {
		printf("FAIL fuzz-setup: mmap: %s\n", strerror(errno));
		return 1;
	}
	scratch();
	/* warm up once, so caches the first calls fill are in the baseline */
	pid_t w = fork();
	if (w == 0)
		child(50, 0);
	waitpid(w, NULL, 0);
	rmtree(SCRATCH);	/* the baseline is taken with no scratch tree, as at the end */
	/* The baseline once other tasks (the shell still starting the rest of
	 * our pipeline) have settled: two equal readings 50 ms apart. */
	long pages0 = meminfo("PagesFree"), slab0 = meminfo("SlabObjects");
	for (int i = 0; i < 40; i++) {
		usleep(50000);
		long p = meminfo("PagesFree"), s = meminfo("SlabObjects");
		if (p == pages0 && s == slab0)
			break;
		pages0 = p;
		slab0 = s;
	}
	scratch();
	long t_end = now_ms() + seconds * 1000;

	while (now_ms() < t_end && !bad) {
		int armed = pick(4) == 0;
		unsigned long long cseed = rnd();
		pid_t pid = fork();
		if (pid < 0) {
			sched_yield();
			continue;
		}
		if (pid == 0) {
			rng = cseed;
			child(calls, armed);
		}
		children++;
		/* watchdog: progress, then SIGKILL, then it must die */
		long seen = sh->progress, seen_at = now_ms();
		int st, killed = 0;
		for (;;) {
			if (waitpid(pid, &st, WNOHANG) == pid)
				break;
			long p = sh->progress;
			if (p != seen) {
				seen = p;
				seen_at = now_ms();
			}
			if (!killed && now_ms() - seen_at > 5000) {
				kill(pid, SIGKILL);	/* stuck in one call: that is allowed... */
				killed = 1;
				seen_at = now_ms();
			} else if (killed && now_ms() - seen_at > 20000) {
				/* ...but not surviving SIGKILL */
				printf("FAIL fuzz-unkillable: child %d in syscall %ld (%#lx, %#lx, %#lx, "
				       "%#lx, %#lx, %#lx) survives SIGKILL\n", pid, sh->nr, sh->args[0],
				       sh->args[1], sh->args[2], sh->args[3], sh->args[4], sh->args[5]);
				bad = 1;
				break;
			}
			usleep(2000);
		}
		if (verbose && killed)
			printf("# child %d killed in syscall %ld\n", pid, sh->nr);
		/* grandchildren (fork-like clones) are ours to reap too */
		while (waitpid(-1, NULL, WNOHANG) > 0)
			;
	}
	while (waitpid(-1, NULL, 0) > 0)
		;
	rmtree(SCRATCH);
	remove_shm();
	printf("# fuzz: seed %ld, %ld children, %ld calls\n", seed, children, sh->calls);
	if (!bad)
		printf("ok fuzz-calls\nok fuzz-killable\n");
	long pages1 = meminfo("PagesFree"), slab1 = meminfo("SlabObjects");
	/* Less in use than at the start is no leak (something else ended). */
	for (int i = 0; i < 50 && (slab1 > slab0 || pages1 < pages0 - 16); i++) {
		usleep(20000);		/* exiting tasks may still be freeing */
		pages1 = meminfo("PagesFree");
		slab1 = meminfo("SlabObjects");
	}
	if (pages0 < 0) {
		printf("ok fuzz-memory # no PagesFree in /proc/meminfo: not checked\n");
	} else if (slab1 > slab0 || pages1 < pages0 - 16) {
		printf("FAIL fuzz-memory: PagesFree %ld -> %ld, SlabObjects %ld -> %ld\n", pages0,
		       pages1, slab0, slab1);
		bad = 1;
	} else {
		printf("ok fuzz-memory\n");
	}
	return bad;
}
