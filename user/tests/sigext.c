/* Linux signal semantics beyond the basics: sigaltstack, SA_RESTART and
 * the restart of interrupted calls, SA_RESETHAND/SA_NODEFER, siginfo
 * contents, job control (stop/continue, WUNTRACED/WCONTINUED, SIGCHLD
 * codes), waitid, thread- vs process-directed pending signals,
 * sigtimedwait and rt_sigqueueinfo. Portable: difftest runs it on the
 * host's Linux too.
 *
 * A table of named cases; each runs in its own child, which prints its
 * own "ok NAME" / "FAIL NAME: why" and exits 0 or 1 (anything else is a
 * FAIL reported by the parent). Delays only make a case weaker when the
 * host is slow, never make it fail. */
#include <signal.h>
#include <pthread.h>
#include <time.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static const char *cur;		/* the case running in this child */
static int bad;

/* cond is always evaluated (it may install a handler). */
#undef CHECK	/* this one goes on after a failure (check.h's returns) */
#define CHECK(cond, ...)                                  \
	do {                                              \
		int ok_ = !!(cond);                       \
		if (!bad && !ok_) {                       \
			fail(cur, __VA_ARGS__);           \
			bad = 1;                          \
		}                                         \
	} while (0)

static void msleep(int ms)
{
	struct timespec ts = { ms / 1000, (ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) < 0 && errno == EINTR)
		;
}

static volatile int hits;
static volatile long hit_sp_ok;
static char *alt_base;
static size_t alt_size;

static void count_handler(int sig)
{
	(void)sig;
	hits++;
}

static int install(int sig, void (*h)(int), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = h;
	sa.sa_flags = flags;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static int install_info(int sig, void (*h)(int, siginfo_t *, void *), int flags)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof(sa));
	sa.sa_sigaction = h;
	sa.sa_flags = flags | SA_SIGINFO;
	sigemptyset(&sa.sa_mask);
	return sigaction(sig, &sa, NULL);
}

static void block(int sig)
{
	sigset_t s;

	sigemptyset(&s);
	sigaddset(&s, sig);
	sigprocmask(SIG_BLOCK, &s, NULL);
}

/* fork that cannot fail quietly: a pid of -1 given to kill() would
 * signal every process (natively: the whole host). */
static pid_t xfork(void)
{
	pid_t pid = fork();

	if (pid < 0) {
		fail(cur, "fork: %s", strerror(errno));
		_exit(1);
	}
	return pid;
}

/* A helper child that sends sig to the parent after ms, then writes one
 * byte into fd (if >= 0) after another ms. */
static pid_t poke_later(int sig, int ms, int fd)
{
	pid_t pid = xfork();

	if (pid == 0) {
		msleep(ms);
		kill(getppid(), sig);
		if (fd >= 0) {
			msleep(ms);
			if (write(fd, "x", 1) != 1)
				_exit(1);
		}
		_exit(0);
	}
	return pid;
}

/* A helper child that sends sig to the parent every ms until killed
 * (stop_poker): for a wait that only a signal ends, where one signal sent
 * before the parent got there (a slow, loaded host) would leave it
 * waiting for ever. */
static pid_t poke_repeatedly(int sig, int ms)
{
	pid_t pid = xfork();

	if (pid == 0) {
		for (;;) {
			msleep(ms);
			kill(getppid(), sig);
		}
	}
	return pid;
}

static void stop_poker(pid_t pid)
{
	kill(pid, SIGKILL);
	while (waitpid(pid, NULL, 0) < 0 && errno == EINTR)
		;
}

/* ---- sigaltstack ---- */

static int setup_altstack(void)
{
	stack_t ss;

	alt_size = 64 * 1024;
	alt_base = mmap(NULL, alt_size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (alt_base == MAP_FAILED)
		return -1;
	ss.ss_sp = alt_base;
	ss.ss_size = alt_size;
	ss.ss_flags = 0;
	return sigaltstack(&ss, NULL);
}

static int on_alt(void *p)
{
	return (char *)p >= alt_base && (char *)p < alt_base + alt_size;
}

static void t_altstack_errors(void)
{
	stack_t ss, old;

	memset(&ss, 0, sizeof(ss));
	ss.ss_sp = malloc(65536);
	ss.ss_size = 65536;
	ss.ss_flags = 0x10;
	CHECK(sigaltstack(&ss, NULL) < 0 && errno == EINVAL, "bad flags: errno %d, want EINVAL", errno);
	ss.ss_flags = 0;
	ss.ss_size = 2047;	/* the kernel's MINSIGSTKSZ is 2048 (glibc's macro may be dynamic) */
	CHECK(sigaltstack(&ss, NULL) < 0 && errno == ENOMEM, "small: errno %d, want ENOMEM", errno);
	ss.ss_size = 2048;
	CHECK(sigaltstack(&ss, NULL) == 0, "2048 bytes: %s", strerror(errno));
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_size == 2048 && old.ss_flags == 0 &&
	      old.ss_sp == ss.ss_sp, "query: size %zu flags %d", old.ss_size, old.ss_flags);
	ss.ss_flags = SS_DISABLE;
	ss.ss_size = 1;		/* ignored with SS_DISABLE */
	CHECK(sigaltstack(&ss, NULL) == 0, "disable: %s", strerror(errno));
	CHECK(sigaltstack(NULL, &old) == 0 && old.ss_flags == SS_DISABLE && old.ss_size == 0 &&
	      old.ss_sp == NULL, "after disable: flags %d size %zu", old.ss_flags, old.ss_size);
	CHECK(sigaltstack((stack_t *)8, NULL) < 0 && errno == EFAULT, "bad pointer: errno %d", errno);
}

static volatile int eperm_ok, nested_ok, depth;
static char *first_frame;

static void alt_handler(int sig)
{
	char here;
	stack_t ss, cur_ss;

	(void)sig;
	hit_sp_ok = on_alt(&here);
	if (sigaltstack(NULL, &cur_ss) == 0 && cur_ss.ss_flags == SS_ONSTACK) {
		memset(&ss, 0, sizeof(ss));
		ss.ss_flags = SS_DISABLE;
		eperm_ok = sigaltstack(&ss, NULL) < 0 && errno == EPERM;
	}
	hits++;
}

static void t_altstack_onstack(void)
{
	char here;

	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	CHECK(install(SIGUSR1, alt_handler, SA_ONSTACK) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(hits == 1, "handler ran %d times", hits);
	CHECK(hit_sp_ok, "handler not on the altstack");
	CHECK(eperm_ok, "changing the altstack while on it did not give EPERM");
	/* No SA_ONSTACK: the normal stack. */
	CHECK(install(SIGUSR2, alt_handler, 0) == 0, "sigaction");
	raise(SIGUSR2);
	CHECK(!hit_sp_ok, "handler without SA_ONSTACK ran on the altstack");
	CHECK(!on_alt(&here), "main on altstack");
}

static void nested_inner(int sig)
{
	char here;

	(void)sig;
	nested_ok = on_alt(&here) && &here < first_frame;
}

static void nested_outer(int sig)
{
	char here;

	(void)sig;
	first_frame = &here;
	if (on_alt(&here))
		raise(SIGUSR2);
	hits++;
}

static void t_altstack_nested(void)
{
	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	CHECK(install(SIGUSR1, nested_outer, SA_ONSTACK) == 0, "sigaction");
	CHECK(install(SIGUSR2, nested_inner, SA_ONSTACK) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(hits == 1, "outer handler ran %d times", hits);
	CHECK(nested_ok, "nested handler not below the first frame on the altstack");
}

/* uc_stack sits at offset 16 of ucontext_t on riscv64 and x86_64. */
static stack_t *uc_stack_of(void *uc)
{
	return (stack_t *)((char *)uc + 16);
}

static volatile int uc_ok;

static void uc_handler(int sig, siginfo_t *si, void *uc)
{
	stack_t *st = uc_stack_of(uc);

	(void)sig, (void)si;
	uc_ok = st->ss_sp == alt_base && st->ss_size == alt_size && st->ss_flags == 0;
}

static void t_altstack_uc_stack(void)
{
	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	CHECK(install_info(SIGUSR1, uc_handler, SA_ONSTACK) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(uc_ok, "uc_stack does not describe the altstack");
}

static char other_stack[16384] __attribute__((aligned(16)));

/* Runs on the normal stack; edits the frame's uc_stack: rt_sigreturn
 * installs it. */
static void uc_edit_handler(int sig, siginfo_t *si, void *uc)
{
	stack_t *st = uc_stack_of(uc);

	(void)sig, (void)si;
	st->ss_sp = other_stack;
	st->ss_size = sizeof(other_stack);
	st->ss_flags = 0;
}

static void t_sigreturn_restores_altstack(void)
{
	stack_t old;

	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	CHECK(install_info(SIGUSR1, uc_edit_handler, 0) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(sigaltstack(NULL, &old) == 0, "query");
	CHECK(old.ss_sp == other_stack && old.ss_size == sizeof(other_stack),
	      "altstack not restored from uc_stack (sp %p size %zu)", old.ss_sp, old.ss_size);
}

static void t_altstack_unmapped(void)
{
	int st;
	pid_t pid = xfork();

	if (pid == 0) {
		if (setup_altstack() < 0)
			_exit(2);
		munmap(alt_base, alt_size);
		install(SIGUSR1, count_handler, SA_ONSTACK);
		raise(SIGUSR1);
		_exit(3);
	}
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "status 0x%x, want SIGSEGV", st);
}

static volatile int thread_flags = -1;

static void *alt_thread(void *arg)
{
	stack_t ss;

	(void)arg;
	if (sigaltstack(NULL, &ss) == 0)
		thread_flags = ss.ss_flags;
	return NULL;
}

static void t_altstack_inherit(void)
{
	stack_t ss;
	pthread_t th;
	int st;

	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	pid_t pid = xfork();
	if (pid == 0) {
		_exit(sigaltstack(NULL, &ss) == 0 && ss.ss_sp == alt_base && ss.ss_size == alt_size ? 0 : 1);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "fork child lost the altstack (status 0x%x)", st);
	CHECK(pthread_create(&th, NULL, alt_thread, NULL) == 0, "pthread_create");
	pthread_join(th, NULL);
	CHECK(thread_flags == SS_DISABLE, "new thread altstack flags %d, want SS_DISABLE", thread_flags);
}

static char *self;	/* argv[0]: cases exec the program again */

/* exec drops the altstack (the old stack is gone with the old image). */
static void t_altstack_exec_clears(void)
{
	int st;

	CHECK(setup_altstack() == 0, "sigaltstack: %s", strerror(errno));
	pid_t pid = xfork();
	if (pid == 0) {
		char *argv[] = { self, "--after-exec-altstack", NULL };
		execv(self, argv);
		_exit(9);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "after exec: status 0x%x (1: altstack kept, 9: exec failed)", st);
}

static int after_exec_altstack(void)
{
	stack_t ss;

	return sigaltstack(NULL, &ss) == 0 && ss.ss_flags == SS_DISABLE && ss.ss_size == 0 ? 0 : 1;
}

/* ---- SA_RESTART and restart codes ---- */

static void t_restart_pipe_read(void)
{
	int fds[2];
	char c;

	CHECK(pipe(fds) == 0, "pipe");
	CHECK(install(SIGUSR1, count_handler, SA_RESTART) == 0, "sigaction");
	pid_t h = poke_later(SIGUSR1, 50, fds[1]);
	ssize_t r = read(fds[0], &c, 1);
	CHECK(r == 1, "read returned %zd errno %d, want 1 (restarted)", r, errno);
	CHECK(hits == 1, "handler ran %d times", hits);
	waitpid(h, NULL, 0);
}

static void t_restart_pipe_write(void)
{
	int fds[2];
	char buf[4096];

	CHECK(pipe(fds) == 0, "pipe");
	CHECK(install(SIGUSR1, count_handler, SA_RESTART) == 0, "sigaction");
	fcntl(fds[1], F_SETFL, O_NONBLOCK);
	memset(buf, 'f', sizeof(buf));
	while (write(fds[1], buf, sizeof(buf)) > 0)
		;
	while (write(fds[1], buf, 1) > 0)
		;
	fcntl(fds[1], F_SETFL, 0);
	pid_t h = xfork();
	if (h == 0) {
		close(fds[1]);	/* EOF once the parent closes its end */
		msleep(50);
		kill(getppid(), SIGUSR1);
		msleep(50);
		while (read(fds[0], buf, sizeof(buf)) > 0)
			;
		_exit(0);
	}
	close(fds[0]);
	ssize_t r = write(fds[1], "x", 1);
	CHECK(r == 1, "write returned %zd errno %d, want 1 (restarted)", r, errno);
	CHECK(hits == 1, "handler ran %d times", hits);
	close(fds[1]);
	waitpid(h, NULL, 0);
}

static void t_norestart_pipe_read(void)
{
	int fds[2];
	char c;

	CHECK(pipe(fds) == 0, "pipe");
	CHECK(install(SIGUSR1, count_handler, 0) == 0, "sigaction");
	pid_t h = poke_repeatedly(SIGUSR1, 50);
	ssize_t r = read(fds[0], &c, 1);
	int e = errno;
	stop_poker(h);
	CHECK(r == -1 && e == EINTR, "read returned %zd errno %d, want EINTR", r, e);
}

static void t_restart_wait4(void)
{
	int st;

	CHECK(install(SIGUSR1, count_handler, SA_RESTART) == 0, "sigaction");
	pid_t h = poke_later(SIGUSR1, 50, -1);
	pid_t r = waitpid(h, &st, 0);
	CHECK(r == h, "waitpid returned %d errno %d, want the child (restarted)", r, errno);
	CHECK(hits == 1, "handler ran %d times", hits);
}

static void t_norestart_wait4(void)
{
	CHECK(install(SIGUSR1, count_handler, 0) == 0, "sigaction");
	pid_t other = xfork();
	if (other == 0) {
		pause();
		_exit(0);
	}
	pid_t h = poke_repeatedly(SIGUSR1, 50);
	pid_t r = waitpid(other, NULL, 0);
	int e = errno;
	stop_poker(h);
	kill(other, SIGKILL);
	while (waitpid(other, NULL, 0) < 0 && errno == EINTR)
		;
	CHECK(r == -1 && e == EINTR, "waitpid returned %d errno %d, want EINTR", r, e);
}

static void t_nanosleep_eintr(void)
{
	struct timespec req = { 5, 0 }, rem = { 0, 0 };

	CHECK(install(SIGUSR1, count_handler, SA_RESTART) == 0, "sigaction");
	pid_t h = poke_later(SIGUSR1, 50, -1);
	int r = nanosleep(&req, &rem);
	CHECK(r == -1 && errno == EINTR, "nanosleep returned %d errno %d, want EINTR even with SA_RESTART", r, errno);
	CHECK(rem.tv_sec > 0 && rem.tv_sec <= 5, "rem %ld.%09ld", (long)rem.tv_sec, rem.tv_nsec);
	waitpid(h, NULL, 0);
}

static void t_sigsuspend_eintr(void)
{
	sigset_t none;

	CHECK(install(SIGUSR1, count_handler, SA_RESTART) == 0, "sigaction");
	block(SIGUSR1);
	pid_t h = poke_later(SIGUSR1, 20, -1);
	sigemptyset(&none);
	int r = sigsuspend(&none);
	CHECK(r == -1 && errno == EINTR, "sigsuspend returned %d errno %d, want EINTR", r, errno);
	CHECK(hits == 1, "handler ran %d times", hits);
	waitpid(h, NULL, 0);
}

/* Stopped and continued while blocked, with no handler: every call
 * resumes as if nothing happened. */
static void t_restart_after_stop(void)
{
	int fds[2], st;

	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = xfork();
	if (pid == 0) {
		struct timespec req = { 0, 300 * 1000000L };
		char c;
		if (nanosleep(&req, NULL) != 0)
			_exit(10);
		if (read(fds[0], &c, 1) != 1)
			_exit(11);
		_exit(0);
	}
	msleep(50);
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "not stopped: 0x%x", st);
	kill(pid, SIGCONT);
	msleep(400);		/* the nanosleep ends, the read blocks */
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "not stopped again: 0x%x", st);
	kill(pid, SIGCONT);
	CHECK(write(fds[1], "x", 1) == 1, "write");
	CHECK(waitpid(pid, &st, 0) == pid, "waitpid");
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "child status 0x%x (10: nanosleep, 11: read failed)", st);
}

/* ---- SA_RESETHAND, SA_NODEFER ---- */

static volatile int nodefer_unblocked = -1;

static void nodefer_handler(int sig)
{
	sigset_t cur;

	sigprocmask(SIG_BLOCK, NULL, &cur);
	nodefer_unblocked = !sigismember(&cur, sig);
	hits++;
}

static void t_resethand(void)
{
	struct sigaction old;

	CHECK(install(SIGUSR1, count_handler, SA_RESETHAND) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(hits == 1, "handler ran %d times", hits);
	CHECK(sigaction(SIGUSR1, NULL, &old) == 0 && old.sa_handler == SIG_DFL,
	      "action not reset to SIG_DFL");
}

static void t_nodefer(void)
{
	CHECK(install(SIGUSR1, nodefer_handler, SA_NODEFER) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(nodefer_unblocked == 1, "SA_NODEFER: signal blocked in its handler");
	CHECK(install(SIGUSR1, nodefer_handler, 0) == 0, "sigaction");
	raise(SIGUSR1);
	CHECK(nodefer_unblocked == 0, "without SA_NODEFER: signal not blocked in its handler");
}

/* ---- siginfo ---- */

static siginfo_t got_si;

static void info_handler(int sig, siginfo_t *si, void *uc)
{
	(void)sig, (void)uc;
	got_si = *si;
	hits++;
}

static void t_siginfo_kill(void)
{
	CHECK(install_info(SIGUSR1, info_handler, 0) == 0, "sigaction");
	kill(getpid(), SIGUSR1);
	CHECK(hits == 1, "handler ran %d times", hits);
	CHECK(got_si.si_signo == SIGUSR1 && got_si.si_code == SI_USER && got_si.si_pid == getpid() &&
	      got_si.si_uid == getuid(), "signo %d code %d pid %d uid %u", got_si.si_signo,
	      got_si.si_code, got_si.si_pid, got_si.si_uid);
}

static void t_siginfo_tkill(void)
{
	CHECK(install_info(SIGUSR1, info_handler, 0) == 0, "sigaction");
	__syscall3(SYS_tgkill, getpid(), getpid(), SIGUSR1);
	CHECK(got_si.si_code == SI_TKILL && got_si.si_pid == getpid(), "code %d pid %d",
	      got_si.si_code, got_si.si_pid);
}

static void t_siginfo_queue(void)
{
	union sigval v;

	CHECK(install_info(SIGUSR1, info_handler, 0) == 0, "sigaction");
	v.sival_int = 4242;
	CHECK(sigqueue(getpid(), SIGUSR1, v) == 0, "sigqueue: %s", strerror(errno));
	CHECK(got_si.si_code == SI_QUEUE && got_si.si_pid == getpid() &&
	      got_si.si_value.sival_int == 4242, "code %d pid %d value %d", got_si.si_code,
	      got_si.si_pid, got_si.si_value.sival_int);
}

static void t_sigqueueinfo_eperm(void)
{
	siginfo_t si;
	pid_t other = xfork();

	if (other == 0) {
		pause();
		_exit(0);
	}
	memset(&si, 0, sizeof(si));
	si.si_signo = SIGUSR1;
	si.si_code = SI_USER;
	long r = __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, other, SIGUSR1, &si));
	CHECK(r == -1 && errno == EPERM, "SI_USER to another process: %ld errno %d, want EPERM", r, errno);
	si.si_code = SI_TKILL;
	r = __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, other, SIGUSR1, &si));
	CHECK(r == -1 && errno == EPERM, "SI_TKILL to another process: %ld errno %d, want EPERM", r, errno);
	si.si_code = SI_QUEUE;
	r = __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, other, 0, &si));
	CHECK(r == 0, "SI_QUEUE, signal 0: %ld errno %d", r, errno);
	r = __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, 999999, SIGUSR1, &si));
	CHECK(r == -1 && errno == ESRCH, "no such pid: %ld errno %d, want ESRCH", r, errno);
	r = __syscall_ret(__syscall3(SYS_rt_sigqueueinfo, other, 1000, &si));
	CHECK(r == -1 && errno == EINVAL, "bad signal: %ld errno %d, want EINVAL", r, errno);
	r = __syscall_ret(__syscall4(SYS_rt_tgsigqueueinfo, other, other, SIGUSR1, &si));
	CHECK(r == 0, "rt_tgsigqueueinfo SI_QUEUE: %ld errno %d", r, errno);
	r = __syscall_ret(__syscall4(SYS_rt_tgsigqueueinfo, 0, other, SIGUSR1, &si));
	CHECK(r == -1 && errno == EINVAL, "rt_tgsigqueueinfo tgid 0: %ld errno %d, want EINVAL", r, errno);
	si.si_code = SI_USER;
	r = __syscall_ret(__syscall4(SYS_rt_tgsigqueueinfo, other, other, SIGUSR1, &si));
	CHECK(r == -1 && errno == EPERM, "rt_tgsigqueueinfo SI_USER: %ld errno %d, want EPERM", r, errno);
	kill(other, SIGKILL);
	waitpid(other, NULL, 0);
}

static int wait_sigchld(siginfo_t *si)
{
	sigset_t s;
	struct timespec ts = { 10, 0 };

	sigemptyset(&s);
	sigaddset(&s, SIGCHLD);
	return sigtimedwait(&s, si, &ts);
}

static void t_siginfo_chld(void)
{
	siginfo_t si;
	int st;

	block(SIGCHLD);
	pid_t pid = xfork();
	if (pid == 0)
		_exit(7);
	CHECK(wait_sigchld(&si) == SIGCHLD, "sigtimedwait: %s", strerror(errno));
	CHECK(si.si_code == CLD_EXITED && si.si_pid == pid && si.si_status == 7,
	      "exit: code %d pid %d status %d", si.si_code, si.si_pid, si.si_status);
	waitpid(pid, &st, 0);
	pid = xfork();
	if (pid == 0) {
		for (;;)
			pause();
	}
	kill(pid, SIGKILL);
	CHECK(wait_sigchld(&si) == SIGCHLD, "sigtimedwait: %s", strerror(errno));
	CHECK(si.si_code == CLD_KILLED && si.si_pid == pid && si.si_status == SIGKILL,
	      "kill: code %d pid %d status %d", si.si_code, si.si_pid, si.si_status);
	waitpid(pid, &st, 0);
}

static void *fault_want;
static int fault_code_want;

static void segv_handler(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	if (sig != SIGSEGV || si->si_signo != SIGSEGV)
		_exit(2);
	if (si->si_code != fault_code_want)
		_exit(10 + si->si_code);
	_exit(si->si_addr == fault_want ? 0 : 3);
}

static void fault_case(const char *what, void *addr, int write, int code)
{
	int st;
	pid_t pid = xfork();

	if (pid == 0) {
		fault_want = addr;
		fault_code_want = code;
		install_info(SIGSEGV, segv_handler, 0);
		if (write)
			*(volatile char *)addr = 1;
		else
			(void)*(volatile char *)addr;
		_exit(4);
	}
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 0,
	      "%s: status 0x%x (2 signo, 3 si_addr, 4 no fault, 10+code wrong si_code)", what, st);
}

static void t_siginfo_segv(void)
{
	char *ro = mmap(NULL, 4096, PROT_READ, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	fault_case("unmapped read", (void *)0x10, 0, SEGV_MAPERR);
	fault_case("read-only write", ro + 8, 1, SEGV_ACCERR);
}

/* ---- job control ---- */

static pid_t spinner(void)
{
	pid_t pid = xfork();

	if (pid == 0) {
		for (;;)
			pause();
	}
	return pid;
}

static void t_stop_cont_wait(void)
{
	int st;
	pid_t pid = spinner();

	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid WUNTRACED: %s", strerror(errno));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGSTOP && st == 0x137f, "status 0x%x, want 0x137f", st);
	CHECK(waitpid(pid, &st, WUNTRACED | WNOHANG) == 0, "stop reported twice");
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid, "waitpid WCONTINUED: %s", strerror(errno));
	CHECK(WIFCONTINUED(st) && st == 0xffff, "status 0x%x, want 0xffff", st);
	CHECK(waitpid(pid, &st, WCONTINUED | WNOHANG) == 0, "continue reported twice");
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "status 0x%x, want SIGKILL", st);
}

static void t_sigkill_stopped(void)
{
	int st;
	pid_t pid = spinner();

	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "not stopped: 0x%x", st);
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL,
	      "status 0x%x, want SIGKILL", st);
}

static int spin_fd;

/* Writes a byte every millisecond or so: it must fall silent while the
 * group is stopped. */
static void *spin_thread(void *arg)
{
	struct timespec ts = { 0, 1000000 };

	(void)arg;
	for (;;) {
		if (write(spin_fd, "s", 1) < 0 && errno != EAGAIN)
			break;
		nanosleep(&ts, NULL);
	}
	return NULL;
}

static void t_stop_threads(void)
{
	int st, fds[2];
	char buf[256];

	CHECK(pipe(fds) == 0, "pipe");
	pid_t pid = xfork();
	if (pid == 0) {
		pthread_t th;
		setpgid(0, 0);	/* not an orphaned group: SIGTSTP stops */
		spin_fd = fds[1];
		fcntl(fds[1], F_SETFL, O_NONBLOCK);
		pthread_create(&th, NULL, spin_thread, NULL);
		for (;;)
			pause();
	}
	setpgid(pid, pid);
	close(fds[1]);
	CHECK(read(fds[0], buf, 1) == 1, "the thread never wrote");
	kill(pid, SIGTSTP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "status 0x%x, want stopped by SIGTSTP", st);
	/* Every thread is parked once the stop is reported: after draining
	 * what was written before, nothing more comes. */
	fcntl(fds[0], F_SETFL, O_NONBLOCK);
	while (read(fds[0], buf, sizeof(buf)) > 0)
		;
	msleep(50);
	ssize_t n = read(fds[0], buf, sizeof(buf));
	CHECK(n == -1 && errno == EAGAIN, "a thread of the stopped group kept running (read %zd)", n);
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &st, WCONTINUED) == pid && WIFCONTINUED(st), "not continued: 0x%x", st);
	fcntl(fds[0], F_SETFL, 0);
	CHECK(read(fds[0], buf, 1) == 1, "the thread did not resume");
	kill(pid, SIGKILL);
	CHECK(waitpid(pid, &st, 0) == pid && WIFSIGNALED(st) && WTERMSIG(st) == SIGKILL, "status 0x%x", st);
}

static void t_sigchld_stop_codes(void)
{
	siginfo_t si;
	int st;

	block(SIGCHLD);
	pid_t pid = spinner();
	kill(pid, SIGSTOP);
	CHECK(wait_sigchld(&si) == SIGCHLD, "sigtimedwait: %s", strerror(errno));
	CHECK(si.si_code == CLD_STOPPED && si.si_pid == pid && si.si_status == SIGSTOP,
	      "stop: code %d pid %d status %d", si.si_code, si.si_pid, si.si_status);
	waitpid(pid, &st, WUNTRACED);
	kill(pid, SIGCONT);
	CHECK(wait_sigchld(&si) == SIGCHLD, "sigtimedwait: %s", strerror(errno));
	CHECK(si.si_code == CLD_CONTINUED && si.si_pid == pid && si.si_status == SIGCONT,
	      "continue: code %d pid %d status %d", si.si_code, si.si_pid, si.si_status);
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
}

static void t_nocldstop(void)
{
	sigset_t pend;
	int st;

	CHECK(install(SIGCHLD, count_handler, SA_NOCLDSTOP) == 0, "sigaction");
	block(SIGCHLD);
	pid_t pid = spinner();
	kill(pid, SIGSTOP);
	CHECK(waitpid(pid, &st, WUNTRACED) == pid && WIFSTOPPED(st), "not stopped: 0x%x", st);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGCHLD), "SIGCHLD sent for a stop despite SA_NOCLDSTOP");
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGCHLD), "no SIGCHLD for the death");
}

static void t_tstp_orphaned(void)
{
	int st;
	pid_t pid = xfork();

	if (pid == 0) {
		setsid();	/* parent in another session: an orphaned group */
		raise(SIGTSTP);
		raise(SIGTTIN);
		raise(SIGTTOU);
		_exit(4);
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 4, "status 0x%x, want exit 4 (stops discarded)", st);
}

static void t_stop_own_pgrp(void)
{
	int st;
	pid_t pid = xfork();

	if (pid == 0) {
		setpgid(0, 0);	/* parent in another group of the session */
		raise(SIGTSTP);
		_exit(5);
	}
	CHECK(waitpid(pid, &st, WUNTRACED) == pid, "waitpid: %s", strerror(errno));
	CHECK(WIFSTOPPED(st) && WSTOPSIG(st) == SIGTSTP, "status 0x%x, want stopped by SIGTSTP", st);
	kill(pid, SIGCONT);
	CHECK(waitpid(pid, &st, 0) == pid && WIFEXITED(st) && WEXITSTATUS(st) == 5,
	      "status 0x%x, want exit 5", st);
}

static void t_cont_discards_stop(void)
{
	sigset_t pend;

	block(SIGTSTP);
	block(SIGCONT);
	raise(SIGTSTP);
	sigpending(&pend);
	CHECK(sigismember(&pend, SIGTSTP), "blocked SIGTSTP not pending");
	raise(SIGCONT);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGTSTP), "SIGCONT did not discard the pending SIGTSTP");
	CHECK(sigismember(&pend, SIGCONT), "blocked SIGCONT not pending");
	raise(SIGTSTP);
	sigpending(&pend);
	CHECK(!sigismember(&pend, SIGCONT), "SIGTSTP did not discard the pending SIGCONT");
}

/* ---- pending sets ---- */

static volatile int thr_ready, thr_pending_usr1 = -1, thr_go;
static volatile pid_t thr_tid;

static void *pend_thread(void *arg)
{
	sigset_t s;

	(void)arg;
	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	pthread_sigmask(SIG_BLOCK, &s, NULL);
	thr_tid = __syscall0(SYS_gettid);
	thr_ready = 1;
	while (!thr_go)
		msleep(1);
	sigpending(&s);
	thr_pending_usr1 = sigismember(&s, SIGUSR1);
	return NULL;
}

static void t_thread_directed_pending(void)
{
	pthread_t th;
	sigset_t s;

	CHECK(pthread_create(&th, NULL, pend_thread, NULL) == 0, "pthread_create");
	while (!thr_ready)
		msleep(1);
	block(SIGUSR1);
	CHECK(__syscall3(SYS_tgkill, getpid(), thr_tid, SIGUSR1) == 0, "tgkill");
	sigpending(&s);
	CHECK(!sigismember(&s, SIGUSR1), "a signal for another thread is pending here");
	thr_go = 1;
	pthread_join(th, NULL);
	CHECK(thr_pending_usr1 == 1, "tgkill'd blocked signal not pending on the thread");
}

static volatile pid_t handled_by;

static void who_handler(int sig)
{
	(void)sig;
	handled_by = __syscall0(SYS_gettid);
}

static void *unblocked_thread(void *arg)
{
	(void)arg;
	thr_tid = __syscall0(SYS_gettid);
	thr_ready = 1;
	while (!handled_by)
		msleep(1);
	return NULL;
}

static void t_process_directed_wakes_thread(void)
{
	pthread_t th;

	CHECK(install(SIGUSR2, who_handler, 0) == 0, "sigaction");
	/* The new thread inherits an unblocked mask; then main blocks it. */
	CHECK(pthread_create(&th, NULL, unblocked_thread, NULL) == 0, "pthread_create");
	block(SIGUSR2);
	while (!thr_ready)
		msleep(1);
	kill(getpid(), SIGUSR2);
	pthread_join(th, NULL);
	CHECK(handled_by == thr_tid, "handled by %d, want the unblocking thread %d", handled_by, thr_tid);
}

static void t_sigpending_masked(void)
{
	sigset_t s;

	block(SIGUSR1);
	raise(SIGUSR1);
	CHECK(sigpending(&s) == 0 && sigismember(&s, SIGUSR1), "blocked pending SIGUSR1 not reported");
	CHECK(!sigismember(&s, SIGUSR2), "SIGUSR2 reported");
	long r = __syscall_ret(__syscall2(SYS_rt_sigpending, &s, 4096));
	CHECK(r == -1 && errno == EINVAL, "sigsetsize 4096: %ld errno %d, want EINVAL", r, errno);
}

/* ---- sigtimedwait ---- */

static void t_sigtimedwait(void)
{
	sigset_t s;
	siginfo_t si;
	struct timespec zero = { 0, 0 }, badts = { 0, 1000000000L }, shortt = { 0, 10000000L };

	sigemptyset(&s);
	sigaddset(&s, SIGUSR1);
	sigprocmask(SIG_BLOCK, &s, NULL);
	CHECK(sigtimedwait(&s, &si, &zero) == -1 && errno == EAGAIN, "poll: errno %d, want EAGAIN", errno);
	CHECK(sigtimedwait(&s, &si, &shortt) == -1 && errno == EAGAIN, "10ms: errno %d, want EAGAIN", errno);
	CHECK(sigtimedwait(&s, &si, &badts) == -1 && errno == EINVAL, "bad nsec: errno %d, want EINVAL", errno);
	raise(SIGUSR1);
	/* The raw call: glibc's sigtimedwait turns SI_TKILL into SI_USER. */
	CHECK(__syscall4(SYS_rt_sigtimedwait, &s, &si, &zero, 8) == SIGUSR1, "pending one: %s", strerror(errno));
	CHECK(si.si_signo == SIGUSR1 && si.si_code == SI_TKILL && si.si_pid == getpid(),
	      "signo %d code %d pid %d", si.si_signo, si.si_code, si.si_pid);
	/* Waits for one sent later. */
	pid_t h = poke_later(SIGUSR1, 30, -1);
	struct timespec ten = { 10, 0 };
	CHECK(sigtimedwait(&s, &si, &ten) == SIGUSR1 && si.si_code == SI_USER && si.si_pid == h,
	      "later one: code %d pid %d (helper %d)", si.si_code, si.si_pid, h);
	waitpid(h, NULL, 0);
	/* An unblocked signal with a handler interrupts it. */
	CHECK(install(SIGUSR2, count_handler, SA_RESTART) == 0, "sigaction");
	h = poke_later(SIGUSR2, 30, -1);
	CHECK(sigtimedwait(&s, &si, &ten) == -1 && errno == EINTR, "interrupted: errno %d, want EINTR", errno);
	waitpid(h, NULL, 0);
}

/* ---- waitid ---- */

static void t_waitid(void)
{
	siginfo_t si;
	int st;

	CHECK(waitid(P_ALL, 0, &si, WNOHANG) == -1 && errno == EINVAL, "no WEXITED etc.: errno %d", errno);
	CHECK(waitid(P_PID, 0, &si, WEXITED) == -1 && errno == EINVAL, "P_PID 0: errno %d", errno);
	CHECK(waitid(5, 0, &si, WEXITED) == -1 && errno == EINVAL, "bad idtype: errno %d", errno);
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == -1 && errno == ECHILD, "no child: errno %d", errno);

	pid_t pid = xfork();
	if (pid == 0)
		_exit(3);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOWAIT) == 0, "WNOWAIT: %s", strerror(errno));
	CHECK(si.si_signo == SIGCHLD && si.si_code == CLD_EXITED && si.si_pid == pid && si.si_status == 3,
	      "WNOWAIT: signo %d code %d pid %d status %d", si.si_signo, si.si_code, si.si_pid, si.si_status);
	memset(&si, 0, sizeof(si));
	CHECK(waitid(P_ALL, 0, &si, WEXITED) == 0 && si.si_pid == pid && si.si_status == 3,
	      "after WNOWAIT: pid %d status %d", si.si_pid, si.si_status);
	CHECK(waitpid(pid, &st, WNOHANG) == -1 && errno == ECHILD, "reaped twice");

	pid = spinner();
	memset(&si, 0xff, sizeof(si));
	CHECK(waitid(P_PID, pid, &si, WEXITED | WNOHANG) == 0 && si.si_pid == 0 && si.si_signo == 0,
	      "WNOHANG nothing ready: pid %d signo %d", si.si_pid, si.si_signo);
	kill(pid, SIGSTOP);
	CHECK(waitid(P_PGID, 0, &si, WSTOPPED) == 0 && si.si_code == CLD_STOPPED &&
	      si.si_status == SIGSTOP && si.si_pid == pid, "stopped: code %d status %d", si.si_code, si.si_status);
	kill(pid, SIGCONT);
	CHECK(waitid(P_PID, pid, &si, WCONTINUED) == 0 && si.si_code == CLD_CONTINUED &&
	      si.si_status == SIGCONT, "continued: code %d status %d", si.si_code, si.si_status);
	kill(pid, SIGTERM);
	CHECK(waitid(P_PID, pid, &si, WEXITED) == 0 && si.si_code == CLD_KILLED && si.si_status == SIGTERM,
	      "killed: code %d status %d", si.si_code, si.si_status);
}

/* ---- the table ---- */

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "altstack-errors", t_altstack_errors },
	{ "altstack-onstack", t_altstack_onstack },
	{ "altstack-nested", t_altstack_nested },
	{ "altstack-uc-stack", t_altstack_uc_stack },
	{ "altstack-sigreturn-restores", t_sigreturn_restores_altstack },
	{ "altstack-unmapped-segv", t_altstack_unmapped },
	{ "altstack-fork-keeps-thread-clears", t_altstack_inherit },
	{ "altstack-exec-clears", t_altstack_exec_clears },
	{ "restart-pipe-read", t_restart_pipe_read },
	{ "norestart-pipe-read-eintr", t_norestart_pipe_read },
	{ "restart-pipe-write", t_restart_pipe_write },
	{ "restart-wait4", t_restart_wait4 },
	{ "norestart-wait4-eintr", t_norestart_wait4 },
	{ "nanosleep-eintr-rem", t_nanosleep_eintr },
	{ "sigsuspend-eintr", t_sigsuspend_eintr },
	{ "restart-after-stop", t_restart_after_stop },
	{ "resethand", t_resethand },
	{ "nodefer", t_nodefer },
	{ "siginfo-kill", t_siginfo_kill },
	{ "siginfo-tkill", t_siginfo_tkill },
	{ "siginfo-queue", t_siginfo_queue },
	{ "sigqueueinfo-errors", t_sigqueueinfo_eperm },
	{ "siginfo-chld", t_siginfo_chld },
	{ "siginfo-segv", t_siginfo_segv },
	{ "stop-cont-wait", t_stop_cont_wait },
	{ "sigkill-stopped", t_sigkill_stopped },
	{ "stop-threads", t_stop_threads },
	{ "sigchld-stop-codes", t_sigchld_stop_codes },
	{ "nocldstop", t_nocldstop },
	{ "tstp-orphaned-discarded", t_tstp_orphaned },
	{ "stop-own-pgrp", t_stop_own_pgrp },
	{ "cont-stop-discard", t_cont_discards_stop },
	{ "thread-directed-pending", t_thread_directed_pending },
	{ "process-directed-wakes-thread", t_process_directed_wakes_thread },
	{ "sigpending-masked", t_sigpending_masked },
	{ "sigtimedwait", t_sigtimedwait },
	{ "waitid", t_waitid },
};

int main(int argc, char **argv)
{
	self = argv[0];
	if (argc > 1 && strcmp(argv[1], "--after-exec-altstack") == 0)
		return after_exec_altstack();
	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cur = cases[i].name;
			cases[i].fn();
			if (!bad)
				ok(cur);
			fflush(stdout);
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid) {
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fail(cases[i].name, "case child ended with status 0x%x", st);
		} else if (WEXITSTATUS(st)) {
			failures++;
		}
	}
	return failures != 0;
}
