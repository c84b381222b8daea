/* clone scenarios: cloneflags (sharing semantics of every combination of
 * CLONE_VM/FS/FILES/SIGHAND/THREAD/VFORK/PARENT) and badclone. */
#include "torture.h"
#include <sys/stat.h>

static const struct {
	int flag;
	const char *name;
} cf_bits[] = {
	{ CLONE_VM, "VM" },	    { CLONE_FS, "FS" },		{ CLONE_FILES, "FILES" },
	{ CLONE_SIGHAND, "SIGHAND" }, { CLONE_THREAD, "THREAD" }, { CLONE_VFORK, "VFORK" },
	{ CLONE_PARENT, "PARENT" },
};
#define NBITS 7

static void flag_names(int flags, char *buf, size_t n)
{
	buf[0] = 0;
	for (int i = 0; i < NBITS; i++)
		if (flags & cf_bits[i].flag) {
			if (buf[0])
				strncat(buf, "|", n - strlen(buf) - 1);
			strncat(buf, cf_bits[i].name, n - strlen(buf) - 1);
		}
	if (!buf[0])
		strncat(buf, "0", n - 1);
}

static int legal(int f)
{
	if ((f & CLONE_THREAD) && !(f & CLONE_SIGHAND))
		return 0;
	if ((f & CLONE_SIGHAND) && !(f & CLONE_VM))
		return 0;
	return 1;
}

/* What the child saw and did (in shared memory). */
struct cfres {
	volatile int go;		/* set by the parent once clone returned */
	volatile int saw_go;		/* the child saw go before it finished */
	volatile int done;
	volatile int pid, tid, ppid, newfd;
};

static volatile int cf_mem;	/* private memory: written by the child */
static void cf_handler(int s) { (void)s; }

static int cf_child(void *a)
{
	struct cfres *r = a;
	struct sigaction sa;

	r->pid = (int)r_getpid();
	r->tid = (int)r_gettid();
	r->ppid = (int)r_getppid();
	cf_mem = 2;
	if (chdir("/") != 0)
		r->done = -1;
	r->newfd = open("/", O_RDONLY);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = cf_handler;
	sigemptyset(&sa.sa_mask);
	sigaction(SIGUSR2, &sa, NULL);
	/* without CLONE_VFORK the parent sets go as soon as clone returns */
	for (long t0 = now_ms(); !r->go && now_ms() - t0 < 30;)
		r_sleep_ms(1);
	r->saw_go = r->go;
	__atomic_store_n(&r->done, 1, __ATOMIC_SEQ_CST);
	return 0;
}

/* Runs one combination inside a fresh process P; returns nothing, fails
 * through failf. */
static void cf_one(int flags, struct cfres *r, char *stk)
{
	char fn[128];
	struct stat before, after, root;
	struct sigaction cur;
	int sig = (flags & CLONE_THREAD) ? 0 : SIGCHLD, c, st, fd_ok, chdir_seen, sa_seen;
	pid_t me = getpid(), myppid = getppid();

	flag_names(flags, fn, sizeof(fn));
	cf_mem = 1;
	if (chdir("/proc") != 0 && chdir("/bin") != 0 && chdir("/dev") != 0) {
		failf("%s: no directory to chdir to", fn);
		return;
	}
	stat(".", &before);
	stat("/", &root);
	if (before.st_ino == root.st_ino && before.st_dev == root.st_dev) {
		failf("%s: cwd is already /", fn);
		return;
	}
	signal(SIGUSR2, SIG_DFL);
	memset((void *)r, 0, sizeof(*r));
	r->newfd = -2;
	c = clone(cf_child, stk, flags | sig, r);
	if (c < 0) {
		failf("clone(%s): %s, want success", fn, strerror(errno));
		return;
	}
	r->go = 1;
	/* wait for the child: reapable children by pid, the others by flag */
	for (long t0 = now_ms(); r->done == 0 && now_ms() - t0 < 5000;)
		r_sleep_ms(1);
	if (r->done != 1) {
		failf("clone(%s): the child did not finish (%d)", fn, r->done);
		return;
	}
	if (!(flags & (CLONE_THREAD | CLONE_PARENT))) {
		long w = r_wait4(c, &st, T_WALL);

		if (w != c || st != 0) {
			failf("clone(%s): wait4 %ld status 0x%x", fn, w, st);
			return;
		}
	} else {
		/* not our child: wait4 must not see it */
		long w = r_wait4(c, &st, WNOHANG | T_WALL);

		if (w != -ECHILD) {
			failf("clone(%s): wait4(%d) = %ld, want -ECHILD (not our child)", fn, c, w);
			return;
		}
		if (flags & CLONE_THREAD)	/* let it finish exiting */
			for (long t0 = now_ms(); r_kill(c, 0) == 0 && now_ms() - t0 < 2000;)
				r_sleep_ms(1);
	}
	/* memory */
	if ((cf_mem == 2) != !!(flags & CLONE_VM)) {
		failf("clone(%s): the child's write %s visible", fn, cf_mem == 2 ? "is" : "is not");
		return;
	}
	/* cwd */
	stat(".", &after);
	chdir_seen = after.st_ino == root.st_ino && after.st_dev == root.st_dev;
	if (chdir_seen != !!(flags & CLONE_FS)) {
		failf("clone(%s): the child's chdir %s visible", fn, chdir_seen ? "is" : "is not");
		return;
	}
	/* fd table: the child's new descriptor exists here iff FILES */
	if (r->newfd < 0) {
		failf("clone(%s): open in the child failed", fn);
		return;
	}
	fd_ok = fcntl(r->newfd, F_GETFD) >= 0;
	if (fd_ok != !!(flags & CLONE_FILES)) {
		failf("clone(%s): the child's fd %d %s open here", fn, r->newfd,
		      fd_ok ? "is" : "is not");
		return;
	}
	if (fd_ok)
		close(r->newfd);
	/* sigaction */
	sigaction(SIGUSR2, NULL, &cur);
	sa_seen = cur.sa_handler == cf_handler;
	if (sa_seen != !!(flags & CLONE_SIGHAND)) {
		failf("clone(%s): the child's sigaction %s visible", fn, sa_seen ? "is" : "is not");
		return;
	}
	/* thread group */
	if ((r->pid == me) != !!(flags & CLONE_THREAD)) {
		failf("clone(%s): the child's getpid() = %d, mine %d", fn, r->pid, me);
		return;
	}
	if (r->tid != c || r->tid == me) {
		failf("clone(%s): the child's gettid() = %d, clone returned %d", fn, r->tid, c);
		return;
	}
	/* vfork suspension: the parent could not set go before the child finished */
	if ((!r->saw_go) != !!(flags & CLONE_VFORK)) {
		failf("clone(%s): the parent %s suspended until the child finished", fn,
		      r->saw_go ? "was not" : "was");
		return;
	}
	/* parent identity */
	if (r->ppid != ((flags & (CLONE_PARENT | CLONE_THREAD)) ? myppid : me)) {
		failf("clone(%s): the child's getppid() = %d (me %d, my parent %d)", fn, r->ppid, me,
		      myppid);
		return;
	}
}

static int cf_nop(void *a)
{
	(void)a;
	return 0;
}

void sc_cloneflags(void)
{
	struct cfres *r = shared_alloc(sizeof(*r));
	char *stk = private_alloc(T_STACK);
	int nlegal = 0, nillegal = 0, passes = 0;

	do {
		for (int m = 0; m < (1 << NBITS) && !failed(); m++) {
			int flags = 0, st;
			pid_t p;

			for (int i = 0; i < NBITS; i++)
				if (m & (1 << i))
					flags |= cf_bits[i].flag;
			p = fork();
			if (p == 0) {
				if (legal(flags))
					cf_one(flags, r, stk + T_STACK);
				else {
					/* the kernel must refuse; a stack and fn keep a wrong success harmless */
					int c = clone(cf_nop, stk + T_STACK,
						      flags | ((flags & CLONE_THREAD) ? 0 : SIGCHLD), NULL);
					char fn[128];

					flag_names(flags, fn, sizeof(fn));
					if (c >= 0)
						failf("clone(%s) = %d, want EINVAL", fn, c);
					else if (errno != EINVAL)
						failf("clone(%s): %s, want EINVAL", fn, strerror(errno));
				}
				_exit(0);
			}
			if (p < 0) {
				failf("fork: %s", strerror(errno));
				return;
			}
			/* P's CLONE_PARENT children are ours: reap everything */
			while (r_wait4(p, &st, T_WALL) == -EINTR)
				;
			if (st != 0 && !failed())
				failf("combination %#x: tester status 0x%x", flags, st);
			for (long t0 = now_ms(); r_wait4(-1, &st, WNOHANG | T_WALL) != -ECHILD &&
						 now_ms() - t0 < 3000;)
				r_sleep_ms(1);
			if (r_wait4(-1, &st, WNOHANG | T_WALL) != -ECHILD)
				failf("combination %#x: children left over", flags);
			if (legal(flags))
				nlegal++;
			else
				nillegal++;
		}
		passes++;
	} while (!failed() && !time_up() && passes < 20);
	note("%d passes: %d legal combinations checked, %d illegal refused", passes, nlegal / passes,
	     nillegal / passes);
}

/* ---- badclone ---- */
static long clone3_raw(void *args, size_t size)
{
	/* a refused clone3 returns before a child exists; should one be created
	 * by mistake (no CLONE_VM here), it leaves at once */
	long r = t_syscall2(NR_clone3, args, size);

	if (r == 0)
		r_exit_group(0);
	return r;
}

/* raw fork-like clone (no CLONE_VM): a child created by mistake leaves at once */
static long raw_fork_like(unsigned long flags, void *ptid)
{
	long r = T_RAW_CLONE(flags, 0, ptid, 0, 0);

	if (r == 0)
		r_exit_group(0);
	return r;
}

void sc_badclone(void)
{
	char *page = private_alloc(2 * 4096);
	char *stk = private_alloc(T_STACK);
	struct t_clone_args a;
	int n = 0, st, ptid = 0;
	long r;
	char *bad_ptr = (char *)16;	/* unmapped */

#define EXPECT(what, got, want)                                                            \
	do {                                                                               \
		long g_ = (got);                                                           \
		n++;                                                                       \
		if (g_ != (want)) {                                                        \
			failf("%s: %ld, want %ld", what, g_, (long)(want));                \
			if (g_ > 0)                                                        \
				r_wait4(g_, &st, T_WALL);                                  \
		}                                                                          \
	} while (0)
#define CLONE_ERR(flags) (clone(cf_nop, stk + T_STACK, (flags), NULL) < 0 ? -errno : 0)

	for (int pass = 0; pass < 3 && !failed(); pass++) {
		/* clone: illegal flag combinations */
		EXPECT("clone(THREAD) without SIGHAND", CLONE_ERR(CLONE_VM | CLONE_THREAD), -EINVAL);
		EXPECT("clone(SIGHAND) without VM", CLONE_ERR(CLONE_SIGHAND | SIGCHLD), -EINVAL);
		EXPECT("clone(FS|NEWNS)", CLONE_ERR(CLONE_FS | CLONE_NEWNS | SIGCHLD), -EINVAL);
		EXPECT("clone(FS|NEWUSER)", CLONE_ERR(CLONE_FS | CLONE_NEWUSER | SIGCHLD), -EINVAL);
		EXPECT("clone(PIDFD|DETACHED)", CLONE_ERR(CLONE_PIDFD | CLONE_DETACHED | SIGCHLD),
		       -EINVAL);
		/* clone: bad pointers (the child never runs user code with them) */
		/* kernels without pidfds refuse CLONE_PIDFD itself (EINVAL): accepted, noted */
		r = raw_fork_like(CLONE_PIDFD | SIGCHLD, bad_ptr);
		n++;
		if (r == -EINVAL) {
			if (pass == 0)
				note("CLONE_PIDFD is not supported here (EINVAL)");
		} else if (r != -EFAULT) {
			failf("clone(PIDFD, bad pidfd ptr): %ld, want -EFAULT (or -EINVAL)", r);
			if (r > 0)
				r_wait4(r, &st, T_WALL);
		}
		EXPECT("clone(PIDFD|PARENT_SETTID, same pointer)",
		       raw_fork_like(CLONE_PIDFD | CLONE_PARENT_SETTID | SIGCHLD, &ptid), -EINVAL);
		if (r_wait4(-1, &st, WNOHANG | T_WALL) != -ECHILD) {
			failf("a refused clone left a child");
			reap_all();
		}

		/* clone3: sizes */
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		EXPECT("clone3(size 0)", clone3_raw(&a, 0), -EINVAL);
		EXPECT("clone3(size 63)", clone3_raw(&a, 63), -EINVAL);
		EXPECT("clone3(size 8)", clone3_raw(&a, 8), -EINVAL);
		EXPECT("clone3(size PAGE_SIZE+1)", clone3_raw(page, 4097), -E2BIG);
		memset(page, 0, 2 * 4096);
		memcpy(page, &a, sizeof(a));
		page[200] = 1;	/* non-zero beyond the known struct */
		EXPECT("clone3(size 256, non-zero tail)", clone3_raw(page, 256), -E2BIG);
		EXPECT("clone3(NULL args)", clone3_raw(NULL, sizeof(a)), -EFAULT);
		EXPECT("clone3(bad args)", clone3_raw(bad_ptr, sizeof(a)), -EFAULT);
		/* clone3: bad fields */
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_THREAD;
		EXPECT("clone3(THREAD without SIGHAND)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.flags = SIGCHLD;	/* CSIGNAL bits in flags are refused by clone3 */
		EXPECT("clone3(CSIGNAL in flags)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.exit_signal = 65;
		EXPECT("clone3(exit_signal 65)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		a.stack = (uint64_t)(uintptr_t)stk;
		a.stack_size = 0;
		EXPECT("clone3(stack without stack_size)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		a.stack_size = 4096;
		EXPECT("clone3(stack_size without stack)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		a.set_tid_size = 64;
		EXPECT("clone3(set_tid_size 64)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		a.set_tid_size = 1;
		EXPECT("clone3(set_tid_size without set_tid)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_SIGHAND | T_CLONE_CLEAR_SIGHAND;
		EXPECT("clone3(CLEAR_SIGHAND|SIGHAND)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_DETACHED;
		a.exit_signal = SIGCHLD;
		EXPECT("clone3(DETACHED)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.flags = 1ULL << 40;
		a.exit_signal = SIGCHLD;
		EXPECT("clone3(unknown flag bit 40)", clone3_raw(&a, sizeof(a)), -EINVAL);
		memset(&a, 0, sizeof(a));
		a.flags = CLONE_PARENT;
		a.exit_signal = SIGCHLD;
		EXPECT("clone3(PARENT with exit_signal)", clone3_raw(&a, sizeof(a)), -EINVAL);
		if (r_wait4(-1, &st, WNOHANG | T_WALL) != -ECHILD) {
			failf("a refused clone3 left a child");
			reap_all();
		}
		/* and a good clone3 still works: VER0 size, fork-like */
		memset(&a, 0, sizeof(a));
		a.exit_signal = SIGCHLD;
		r = t_syscall2(NR_clone3, &a, 64);
		if (r == 0)
			r_exit_group(42);
		if (r < 0)
			failf("clone3(size 64, fork-like): %ld", r);
		else if (r_wait4(r, &st, 0) != r || st != 42 << 8)
			failf("clone3 child: status 0x%x", st);
	}
	note("%d checks", n);
}
