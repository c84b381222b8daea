/* clone/clone3 argument validation: every case errno-exact, and a
 * rejected call must not leave a child behind. */
#include "clonetest.h"

/* raw fork-like clone: a child that should not exist leaves at once */
static long try_clone(unsigned long flags, int *ptid, int *ctid)
{
	long r = raw_clone(flags, 0, ptid, 0, ctid);

	if (r == 0)
		_exit(99);
	return r;
}

static long try_clone3(void *args, size_t size)
{
	long r = __clone3(args, size, NULL, NULL);

	if (r == 0)
		_exit(99);
	return r;
}

/* r must be -err and no child may exist */
static void expect(const char *name, long r, int err)
{
	long w = raw_wait4(-1, NULL, WNOHANG | __WALL);

	if (r > 0) {
		raw_wait4(r, NULL, __WALL);
		fail(name, "succeeded (child %ld), want -%d", r, err);
	} else if (r != -err)
		fail(name, "got %ld, want %d", r, -err);
	else if (w != -ECHILD)
		fail(name, "a child exists after the failed call (wait4: %ld)", w);
	else
		ok(name);
}

static void thread_no_sighand(const char *n) { expect(n, try_clone(CLONE_VM | CLONE_THREAD, 0, 0), EINVAL); }
static void sighand_no_vm(const char *n) { expect(n, try_clone(CLONE_SIGHAND | SIGCHLD, 0, 0), EINVAL); }
static void newns_fs(const char *n) { expect(n, try_clone(CLONE_NEWNS | CLONE_FS | SIGCHLD, 0, 0), EINVAL); }
static void thread_vm_only(const char *n)
{
	expect(n, try_clone(CLONE_THREAD | CLONE_SIGHAND | SIGCHLD, 0, 0), EINVAL);
}

static void ptid_kernel(const char *n)
{
	expect(n, try_clone(CLONE_PARENT_SETTID | SIGCHLD, (int *)0xffffffc000000000UL, 0), EFAULT);
}

static void ptid_unmapped(const char *n)
{
	expect(n, try_clone(CLONE_PARENT_SETTID | SIGCHLD, (int *)8, 0), EFAULT);
}

static void ptid_readonly(const char *n)
{
	/* main's code is mapped read-only */
	expect(n, try_clone(CLONE_PARENT_SETTID | SIGCHLD, (int *)(void *)try_clone, 0), EFAULT);
}

/* cleave deviation: namespaces, pidfds and io contexts are not
 * implemented, so cleave answers EINVAL where Linux (as root) succeeds. */
static void unsupported(const char *name)
{
	static const struct { unsigned long flag; const char *what; } f[] = {
		{ CLONE_NEWNS, "NEWNS" }, { CLONE_NEWUTS, "NEWUTS" }, { CLONE_NEWIPC, "NEWIPC" },
		{ CLONE_NEWUSER, "NEWUSER" }, { CLONE_NEWPID, "NEWPID" }, { CLONE_NEWNET, "NEWNET" },
		{ CLONE_NEWCGROUP, "NEWCGROUP" }, { CLONE_IO, "IO" },
	};
	int pidfd = -1;

	for (unsigned i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		long r = try_clone(f[i].flag | SIGCHLD, &pidfd, 0);

		if (r > 0)
			raw_wait4(r, NULL, __WALL);
		if (r != -EINVAL) {
			fail(name, "CLONE_%s: got %ld, want -EINVAL (cleave)", f[i].what, r);
			return;
		}
	}
	expect(name, -EINVAL, EINVAL);
}

/* accepted flags that have no effect in cleave */
static void accepted(const char *name)
{
	static const unsigned long f[] = { CLONE_SYSVSEM, CLONE_UNTRACED, CLONE_SYSVSEM | CLONE_UNTRACED };

	for (unsigned i = 0; i < sizeof(f) / sizeof(f[0]); i++) {
		int st;
		long r = try_clone(f[i] | SIGCHLD, 0, 0);

		if (r < 0) {
			fail(name, "flags %#lx: %ld, want success", f[i], r);
			return;
		}
		if (raw_wait4(r, &st, 0) != r || st != 99 << 8) {
			fail(name, "flags %#lx: child status 0x%x", f[i], st);
			return;
		}
	}
	ok(name);
}

/* legacy clone ignores the upper 32 bits of flags (lower_32_bits in Linux) */
static void upper32(const char *name)
{
	int st;
	long r = try_clone((1UL << 40) | SIGCHLD, 0, 0);

	if (r < 0) {
		fail(name, "got %ld, Linux ignores the upper 32 bits", r);
		return;
	}
	raw_wait4(r, &st, __WALL);
	ok(name);
}

/* ---- clone3 ---- */
static unsigned long long big[1024];	/* 8 KiB: room for size > PAGE_SIZE */

static struct clone_args *c3(unsigned long long flags, unsigned long long sig)
{
	memset(big, 0, sizeof(big));
	big[0] = flags;
	big[4] = sig;
	return (struct clone_args *)big;
}

static void c3_size0(const char *n) { expect(n, try_clone3(c3(0, SIGCHLD), 0), EINVAL); }
static void c3_size63(const char *n) { expect(n, try_clone3(c3(0, SIGCHLD), 63), EINVAL); }
static void c3_size_big(const char *n) { expect(n, try_clone3(c3(0, SIGCHLD), 4097), E2BIG); }

static void c3_trailing(const char *n)
{
	struct clone_args *a = c3(0, SIGCHLD);

	((char *)a)[100] = 1;
	expect(n, try_clone3(a, 128), E2BIG);
}

static void c3_ok_sizes(const char *name)
{
	static const size_t sz[] = { 64, 80, 88, 128, 4096 };

	for (unsigned i = 0; i < sizeof(sz) / sizeof(sz[0]); i++) {
		int st;
		long r = try_clone3(c3(0, SIGCHLD), sz[i]);

		if (r < 0) {
			fail(name, "size %lu: %ld, want success", (unsigned long)sz[i], r);
			return;
		}
		if (raw_wait4(r, &st, 0) != r || st != 99 << 8) {
			fail(name, "size %lu: child status 0x%x", (unsigned long)sz[i], st);
			return;
		}
	}
	ok(name);
}

static void c3_efault(const char *n) { expect(n, try_clone3((void *)8, 64), EFAULT); }
static void c3_sig_big(const char *n) { expect(n, try_clone3(c3(0, 256), 64), EINVAL); }
static void c3_sig_65(const char *n) { expect(n, try_clone3(c3(0, 65), 64), EINVAL); }
static void c3_unknown_flag(const char *n) { expect(n, try_clone3(c3(1ULL << 40, SIGCHLD), 64), EINVAL); }
static void c3_csignal_in_flags(const char *n) { expect(n, try_clone3(c3(SIGCHLD, 0), 64), EINVAL); }
static void c3_detached(const char *n) { expect(n, try_clone3(c3(CLONE_DETACHED, SIGCHLD), 64), EINVAL); }
static void c3_thread_no_sighand(const char *n)
{
	expect(n, try_clone3(c3(CLONE_VM | CLONE_THREAD, 0), 64), EINVAL);
}

static void c3_clear_sighand_sighand(const char *n)
{
	expect(n, try_clone3(c3(CLONE_CLEAR_SIGHAND | CLONE_SIGHAND | CLONE_VM, SIGCHLD), 64),
	       EINVAL);
}

static void c3_stack_no_size(const char *n)
{
	struct clone_args *a = c3(0, SIGCHLD);

	a->stack = (unsigned long)new_stack(4096) - 4096;
	expect(n, try_clone3(a, 64), EINVAL);
}

static void c3_size_no_stack(const char *n)
{
	struct clone_args *a = c3(0, SIGCHLD);

	a->stack_size = 4096;
	expect(n, try_clone3(a, 64), EINVAL);
}

static void c3_set_tid_no_size(const char *n)
{
	static int tid = 1000;
	struct clone_args *a = c3(0, SIGCHLD);

	a->set_tid = (unsigned long)&tid;
	expect(n, try_clone3(a, 88), EINVAL);
}

static void c3_set_tid_size_no_ptr(const char *n)
{
	struct clone_args *a = c3(0, SIGCHLD);

	a->set_tid_size = 1;
	expect(n, try_clone3(a, 88), EINVAL);
}

static void c3_ptid_bad(const char *n)
{
	struct clone_args *a = c3(CLONE_PARENT_SETTID, SIGCHLD);

	a->parent_tid = 0xffffffc000000000UL;
	expect(n, try_clone3(a, 64), EFAULT);
}

static const struct tcase cases[] = {
	{ "clonebad-thread-without-sighand", thread_no_sighand },
	{ "clonebad-sighand-without-vm", sighand_no_vm },
	{ "clonebad-thread-sighand-without-vm", thread_vm_only },
	{ "clonebad-newns-with-fs", newns_fs },
	{ "clonebad-parent-settid-kernel-ptr", ptid_kernel },
	{ "clonebad-parent-settid-unmapped", ptid_unmapped },
	{ "clonebad-parent-settid-readonly", ptid_readonly },
	{ "clone-unsupported-einval", unsupported },
	{ "clonebad-sysvsem-untraced-accepted", accepted },
	{ "clonebad-upper32-ignored", upper32 },
	{ "clonebad-clone3-size0", c3_size0 },
	{ "clonebad-clone3-size63", c3_size63 },
	{ "clonebad-clone3-size-over-page", c3_size_big },
	{ "clonebad-clone3-trailing-nonzero", c3_trailing },
	{ "clonebad-clone3-sizes-ok", c3_ok_sizes },
	{ "clonebad-clone3-efault", c3_efault },
	{ "clonebad-clone3-exit-signal-256", c3_sig_big },
	{ "clonebad-clone3-exit-signal-65", c3_sig_65 },
	{ "clonebad-clone3-unknown-flag", c3_unknown_flag },
	{ "clonebad-clone3-csignal-in-flags", c3_csignal_in_flags },
	{ "clonebad-clone3-detached", c3_detached },
	{ "clonebad-clone3-thread-without-sighand", c3_thread_no_sighand },
	{ "clonebad-clone3-clear-sighand-with-sighand", c3_clear_sighand_sighand },
	{ "clonebad-clone3-stack-without-size", c3_stack_no_size },
	{ "clonebad-clone3-size-without-stack", c3_size_no_stack },
	{ "clonebad-clone3-set-tid-without-size", c3_set_tid_no_size },
	{ "clonebad-clone3-set-tid-size-without-ptr", c3_set_tid_size_no_ptr },
	{ "clonebad-clone3-parent-tid-efault", c3_ptid_bad },
};

int main(void)
{
	return RUN(cases);
}
