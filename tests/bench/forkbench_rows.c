/*
 * forkbench_rows.c - run chosen rows of ../shared/bench/forkbench.c.
 *
 * Used only by tests/run-bench when a full forkbench run did not finish
 * (guest hang, timeout, panic): the rows it did not reach are run again in
 * a fresh guest, without the one that was in progress. forkbench.c is
 * compiled in verbatim; this main() does for each named row exactly what
 * forkbench's main() does for it (same iteration counts, same buffers).
 *
 * It also has a row of cleave's own, fork_exit_wait_1000procs: the
 * fork_exit_wait loop run while 1,000 other processes are alive (each
 * blocked in read on a pipe), to show pid allocation and lookup do not
 * grow with the number of tasks. run-bench runs it after forkbench.
 *
 * Usage: forkbench_rows scale row...   (row = a forkbench output name)
 */
#define main forkbench_main
#include "forkbench.c"
#undef main

static const struct { const char *name; size_t mib; long n; } fork_sz[] = {
	{ "fork_exit_wait_1M", 1, 1000 },
	{ "fork_exit_wait_8M", 8, 300 },
	{ "fork_exit_wait_32M", 32, 100 },
};

#define CROWD 1000

/* fork_exit_wait with CROWD other processes alive meanwhile. They are the
 * children of a keeper process, not ours: waitpid walks the caller's
 * children (on Linux too), and the row is about pids and the task list. */
static void bench_crowd(const char *row)
{
	int p[2], ready[2], st;
	char c;

	if (pipe(p) < 0 || pipe(ready) < 0) { die("pipe"); return; }
	pid_t keeper = fork();
	if (keeper == 0) {
		int n;
		close(p[1]);
		close(ready[0]);
		for (n = 0; n < CROWD; n++) {
			pid_t k = fork();
			if (k == 0) {
				while (read(p[0], &c, 1) > 0)
					;
				_exit(0);
			}
			if (k < 0) { die("fork (crowd)"); break; }
		}
		c = n == CROWD;
		write(ready[1], &c, 1);
		while (wait(&st) > 0)
			;
		_exit(0);
	}
	close(p[0]);
	close(ready[1]);
	if (keeper > 0 && read(ready[0], &c, 1) == 1 && c) {
		printf("# %d other processes alive\n", CROWD);
		bench_fork(row, iters(2000));
	}
	close(p[1]);
	close(ready[0]);
	if (keeper > 0)
		waitpid(keeper, &st, 0);
}

static void run_row(const char *row)
{
	idle_begin();
	if (!strcmp(row, "getppid_syscall"))
		bench_getppid(iters(100000));
	else if (!strcmp(row, "fork_exit_wait") || !strcmp(row, "fork_exit_wait_again"))
		bench_fork(row, iters(2000));
	else if (!strcmp(row, "vfork_exit_wait"))
		bench_vfork(iters(2000));
	else if (!strcmp(row, "pthread_create_join"))
		bench_pthread(iters(2000));
	else if (!strcmp(row, "clone_thread_raw"))
		bench_raw_clone(iters(2000));
	else if (!strcmp(row, "fork_cow_touch_8M")) {
		char *b = alloc_touched(8u << 20);
		if (b) {
			bench_fork_touch(row, b, 8u << 20, iters(100));
			free(b);
		}
	} else if (!strcmp(row, "fork_exec_nolibc_wait"))
		bench_exec(row, path_nolibc, 0, iters(500));
	else if (!strcmp(row, "fork_exec_glibc_wait"))
		bench_exec(row, path_glibc, 0, iters(300));
	else if (!strcmp(row, "vfork_exec_nolibc_wait"))
		bench_exec(row, path_nolibc, 1, iters(500));
	else if (!strcmp(row, "fork_exit_wait_1000procs"))
		bench_crowd(row);
	else {
		unsigned i;
		for (i = 0; i < sizeof fork_sz / sizeof fork_sz[0]; i++)
			if (!strcmp(row, fork_sz[i].name))
				break;
		if (i == sizeof fork_sz / sizeof fork_sz[0]) {
			printf("# unknown row %s\n", row);
			return;
		}
		char *b = alloc_touched(fork_sz[i].mib << 20);
		if (!b)
			return;
		bench_fork(row, iters(fork_sz[i].n));
		free(b);
	}
	idle_end(row);
}

int main(int argc, char **argv)
{
	setvbuf(stdout, NULL, _IOLBF, 0);
	mallopt(M_MMAP_THRESHOLD, 64 * 1024);
	if (argc > 1)
		scale = atof(argv[1]);
	if (scale <= 0)
		scale = 1.0;
	pagesz = sysconf(_SC_PAGESIZE);
	const char *bindir = getenv("FORKBENCH_BINDIR");
	if (!bindir)
		bindir = "/bin";
	snprintf(path_nolibc, sizeof path_nolibc, "%s/exit0_nolibc", bindir);
	snprintf(path_glibc, sizeof path_glibc, "%s/exit0_glibc", bindir);
	printf("# forkbench_rows: scale=%g\n", scale);
	for (int i = 2; i < argc; i++)
		run_row(argv[i]);
	printf("# forkbench_rows done\n");
	return 0;
}
