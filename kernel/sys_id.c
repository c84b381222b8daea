/* Credentials: get/set of the real, effective, saved and file-system user
 * and group ids (143-152, 174-177), supplementary groups (158, 159) and
 * capabilities (capget 90, capset 91), with Linux's rules.
 *
 * State: current->cred, a shared copy-on-write struct cred (cred.h): each
 * change edits a private copy and swaps it in.
 * "Privileged" is Linux's: CAP_SETUID / CAP_SETGID in the effective set.
 * Every task starts as root with every capability; the capability
 * bookkeeping of uid changes follows Linux (cap_task_fix_setuid): leaving
 * uid 0 in all of r/e/s clears the permitted and effective sets, an
 * effective uid leaving 0 clears the effective set, one returning to 0
 * restores it from the permitted set. (No PR_SET_KEEPCAPS.)
 *
 * What the ids do not do yet: file access checks, new files' owners and
 * kill() permissions still treat every task as root, and /proc/<pid>/status
 * shows 0. Supplementary groups are at most 64 here (Linux: 65536):
 * setgroups with more is EINVAL. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>
#include <cred.h>
#include <mm.h>

#define CAP_SETGID 6
#define CAP_SETUID 7
#define NGROUPS_MAX 65536
#define NOCHANGE ((u32)-1)

static const struct cred root_cred = { .count = 1, .cap_eff = CAP_FULL, .cap_perm = CAP_FULL };

const struct cred *task_cred(struct task_struct *t)
{
	return t->cred ? t->cred : &root_cred;
}

void free_cred(struct cred *c)
{
	kfree(c);
}

/* A private copy of current's credentials to edit, or NULL (ENOMEM). */
static struct cred *prepare_creds(void)
{
	struct cred *n = kmalloc(sizeof(*n));

	if (n) {
		*n = *task_cred(current);
		n->count = 1;
	}
	return n;
}

/* r < 0: drop the copy and return r; else make it current's, return r. */
static long commit_creds(struct cred *n, long r)
{
	if (r < 0) {
		kfree(n);
		return r;
	}
	spin_lock(&tasklist_lock);	/* readers of other tasks' creds hold it */
	struct cred *old = current->cred;
	current->cred = n;
	spin_unlock(&tasklist_lock);
	put_cred(old);
	return r;
}

#define CUR task_cred(current)

static bool capable(const struct cred *c, int cap)
{
	return c->cap_eff & (1UL << cap);
}

/* Linux's capability fix-up after a uid change (old r/e/s -> c). */
static void fix_caps(struct cred *c, u32 or, u32 oe, u32 os)
{
	if ((or == 0 || oe == 0 || os == 0) && c->uid && c->euid && c->suid) {
		c->cap_perm = 0;
		c->cap_eff = 0;
	}
	if (oe == 0 && c->euid)
		c->cap_eff = 0;
	if (oe && c->euid == 0)
		c->cap_eff = c->cap_perm;
}

SYSCALL_DEFINE0(getuid) { return CUR->uid; }
SYSCALL_DEFINE0(geteuid) { return CUR->euid; }
SYSCALL_DEFINE0(getgid) { return CUR->gid; }
SYSCALL_DEFINE0(getegid) { return CUR->egid; }

/* One id family: uid (cap CAP_SETUID) or gid (CAP_SETGID). */
struct ids {
	struct cred *c;
	u32 *r, *e, *s, *fs;
	int cap;
	bool is_uid;
};

static struct ids uids(struct cred *c)
{
	struct ids i = { c, &c->uid, &c->euid, &c->suid, &c->fsuid, CAP_SETUID, true };
	return i;
}

static struct ids gids(struct cred *c)
{
	struct ids i = { c, &c->gid, &c->egid, &c->sgid, &c->fsgid, CAP_SETGID, false };
	return i;
}

static long do_setid(struct ids i, u32 id)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;

	if (id == NOCHANGE)
		return -EINVAL;
	if (capable(i.c, i.cap)) {
		*i.r = *i.s = id;
	} else if (id != or && id != os) {
		return -EPERM;
	}
	*i.e = *i.fs = id;
	if (i.is_uid)
		fix_caps(i.c, or, oe, os);
	return 0;
}

static long do_setreid(struct ids i, u32 r, u32 e)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;
	bool priv = capable(i.c, i.cap);

	if (r != NOCHANGE && r != or && r != oe && !priv)
		return -EPERM;
	if (e != NOCHANGE && e != or && e != oe && e != os && !priv)
		return -EPERM;
	if (r != NOCHANGE)
		*i.r = r;
	if (e != NOCHANGE)
		*i.e = e;
	if (r != NOCHANGE || (e != NOCHANGE && e != or))
		*i.s = *i.e;
	*i.fs = *i.e;
	if (i.is_uid)
		fix_caps(i.c, or, oe, os);
	return 0;
}

static bool one_of(u32 v, u32 a, u32 b, u32 c)
{
	return v == NOCHANGE || v == a || v == b || v == c;
}

static long do_setresid(struct ids i, u32 r, u32 e, u32 s)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;

	if (!capable(i.c, i.cap) &&
	    !(one_of(r, or, oe, os) && one_of(e, or, oe, os) && one_of(s, or, oe, os)))
		return -EPERM;
	if (r != NOCHANGE)
		*i.r = r;
	if (e != NOCHANGE)
		*i.e = e;
	if (s != NOCHANGE)
		*i.s = s;
	*i.fs = *i.e;
	if (i.is_uid)
		fix_caps(i.c, or, oe, os);
	return 0;
}

static long do_getresid(u32 vr, u32 ve, u32 vs, u32 __user *r, u32 __user *e, u32 __user *s)
{
	if (put_user_u32(vr, r) || put_user_u32(ve, e) || put_user_u32(vs, s))
		return -EFAULT;
	return 0;
}

/* Returns the old fsid whatever happens, as Linux. */
static long do_setfsid(struct ids i, u32 id)
{
	u32 old = *i.fs;

	if (id != NOCHANGE && (id == *i.r || id == *i.e || id == *i.s || id == old || capable(i.c, i.cap)))
		*i.fs = id;
	return old;
}

/* Each setter edits a copy: n, committed unless the result is an error. */
#define NEWCRED(expr)                                  \
	do {                                           \
		struct cred *n = prepare_creds();      \
		if (!n)                                \
			return -ENOMEM;                \
		return commit_creds(n, (expr));        \
	} while (0)

SYSCALL_DEFINE1(setuid, u32, uid) { NEWCRED(do_setid(uids(n), uid)); }
SYSCALL_DEFINE1(setgid, u32, gid) { NEWCRED(do_setid(gids(n), gid)); }
SYSCALL_DEFINE2(setreuid, u32, r, u32, e) { NEWCRED(do_setreid(uids(n), r, e)); }
SYSCALL_DEFINE2(setregid, u32, r, u32, e) { NEWCRED(do_setreid(gids(n), r, e)); }
SYSCALL_DEFINE3(setresuid, u32, r, u32, e, u32, s) { NEWCRED(do_setresid(uids(n), r, e, s)); }
SYSCALL_DEFINE3(setresgid, u32, r, u32, e, u32, s) { NEWCRED(do_setresid(gids(n), r, e, s)); }
SYSCALL_DEFINE3(getresuid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	const struct cred *c = CUR;
	return do_getresid(c->uid, c->euid, c->suid, r, e, s);
}
SYSCALL_DEFINE3(getresgid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	const struct cred *c = CUR;
	return do_getresid(c->gid, c->egid, c->sgid, r, e, s);
}
SYSCALL_DEFINE1(setfsuid, u32, uid) { NEWCRED(do_setfsid(uids(n), uid)); }
SYSCALL_DEFINE1(setfsgid, u32, gid) { NEWCRED(do_setfsid(gids(n), gid)); }

/* ---- supplementary groups ---- */

SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	const struct cred *c = CUR;
	int n = c->ngroups;

	if (size < 0)
		return -EINVAL;
	if (size) {
		if (n > size)
			return -EINVAL;
		if (copy_to_user(list, c->groups, n * sizeof(u32)))
			return -EFAULT;
	}
	return n;
}

SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	u32 g[NGROUPS_HERE];

	if (!capable(CUR, CAP_SETGID))
		return -EPERM;
	if ((unsigned int)size > NGROUPS_MAX || size > NGROUPS_HERE)
		return -EINVAL;
	if (copy_from_user(g, list, size * sizeof(u32)))
		return -EFAULT;
	/* Sorted, as Linux keeps them (getgroups shows the order). */
	for (int i = 1; i < size; i++)
		for (int j = i; j > 0 && g[j - 1] > g[j]; j--) {
			u32 t = g[j];
			g[j] = g[j - 1];
			g[j - 1] = t;
		}
	struct cred *n = prepare_creds();
	if (!n)
		return -ENOMEM;
	memcpy(n->groups, g, size * sizeof(u32));
	n->ngroups = size;
	return commit_creds(n, 0);
}

/* ---- capabilities ---- */

#define CAP_V1 0x19980330
#define CAP_V2 0x20071026
#define CAP_V3 0x20080522

struct cap_header {
	u32 version;
	int pid;
};
struct cap_data {
	u32 effective, permitted, inheritable;
};

/* The number of cap_data words the header's version carries, or an
 * error (for an unknown version, the preferred one is written back). */
static int cap_words(struct cap_header __user *h)
{
	u32 v;

	if (get_user_u32(&v, &h->version))
		return -EFAULT;
	if (v == CAP_V1)
		return 1;
	if (v == CAP_V2 || v == CAP_V3)
		return 2;
	if (put_user_u32(CAP_V3, &h->version))
		return -EFAULT;
	return -EINVAL;
}

SYSCALL_DEFINE2(capget, struct cap_header __user *, h, struct cap_data __user *, d)
{
	struct cap_data k[2];
	u64 eff, perm, inh;
	u32 pid;
	int n = cap_words(h);

	if (!d || n < 0)
		return (!d && n == -EINVAL) ? 0 : (n < 0 ? n : 0);
	if (get_user_u32(&pid, (u32 __user *)&h->pid))
		return -EFAULT;
	if ((int)pid < 0)
		return -EINVAL;
	spin_lock(&tasklist_lock);
	struct task_struct *t = pid ? find_task_by_pid(pid) : current;
	if (!t) {
		spin_unlock(&tasklist_lock);
		return -ESRCH;
	}
	eff = task_cred(t)->cap_eff;
	perm = task_cred(t)->cap_perm;
	inh = task_cred(t)->cap_inh;
	spin_unlock(&tasklist_lock);
	for (int i = 0; i < 2; i++) {
		k[i].effective = (u32)(eff >> (32 * i));
		k[i].permitted = (u32)(perm >> (32 * i));
		k[i].inheritable = (u32)(inh >> (32 * i));
	}
	return copy_to_user(d, k, n * sizeof(k[0])) ? -EFAULT : 0;
}

SYSCALL_DEFINE2(capset, struct cap_header __user *, h, const struct cap_data __user *, d)
{
	struct cap_data k[2];
	u32 pid;
	int words = cap_words(h);

	if (words < 0)
		return words;
	if (get_user_u32(&pid, (u32 __user *)&h->pid))
		return -EFAULT;
	if (pid != 0 && (int)pid != current->pid)
		return -EPERM;
	memset(k, 0, sizeof(k));
	if (copy_from_user(k, d, words * sizeof(k[0])))
		return -EFAULT;
	u64 eff = k[0].effective | (u64)k[1].effective << 32;
	u64 perm = k[0].permitted | (u64)k[1].permitted << 32;
	u64 inh = k[0].inheritable | (u64)k[1].inheritable << 32;
	const struct cred *c = CUR;
	u64 old_perm = c->cap_perm;

	eff &= CAP_FULL, perm &= CAP_FULL, inh &= CAP_FULL;
	/* Linux: no new permitted bits, effective within permitted, and
	 * inheritable within old inheritable | permitted (CAP_SETPCAP lifts
	 * that to the bounding set, which is full here). */
	if ((perm & ~old_perm) || (eff & ~perm))
		return -EPERM;
	if ((inh & ~(c->cap_inh | old_perm)) && !capable(c, 8 /* CAP_SETPCAP */))
		return -EPERM;
	struct cred *n = prepare_creds();
	if (!n)
		return -ENOMEM;
	n->cap_perm = perm;
	n->cap_eff = eff;
	n->cap_inh = inh;
	return commit_creds(n, 0);
}
