/* Credentials: get/set of the real, effective, saved and file-system user
 * and group ids (143-152, 174-177), supplementary groups (158, 159) and
 * capabilities (capget 90, capset 91), with Linux's rules.
 *
 * State: current->cred (sched.h), per thread, written only by the task
 * itself, so no lock; capget of another task reads it under tasklist_lock.
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

#define CAP_SETGID 6
#define CAP_SETUID 7
#define CAP_LAST_CAP 40
#define CAP_FULL ((1UL << (CAP_LAST_CAP + 1)) - 1)
#define NGROUPS_MAX 65536
#define NGROUPS_HERE 64
#define NOCHANGE ((u32)-1)

#define CRED (current->cred)

static bool capable(int cap)
{
	return !(CRED.cap_eff_off & (1UL << cap));
}

/* Linux's capability fix-up after a uid change (old r/e/s -> cred). */
static void fix_caps(u32 or, u32 oe, u32 os)
{
	if ((or == 0 || oe == 0 || os == 0) && CRED.uid && CRED.euid && CRED.suid) {
		CRED.cap_perm_off = CAP_FULL;
		CRED.cap_eff_off = CAP_FULL;
	}
	if (oe == 0 && CRED.euid)
		CRED.cap_eff_off = CAP_FULL;
	if (oe && CRED.euid == 0)
		CRED.cap_eff_off = CRED.cap_perm_off;
}

SYSCALL_DEFINE0(getuid) { return CRED.uid; }
SYSCALL_DEFINE0(geteuid) { return CRED.euid; }
SYSCALL_DEFINE0(getgid) { return CRED.gid; }
SYSCALL_DEFINE0(getegid) { return CRED.egid; }

/* One id family: uid (cap CAP_SETUID) or gid (CAP_SETGID). */
struct ids {
	u32 *r, *e, *s, *fs;
	int cap;
	bool is_uid;
};

static struct ids uids(void)
{
	struct ids i = { &CRED.uid, &CRED.euid, &CRED.suid, &CRED.fsuid, CAP_SETUID, true };
	return i;
}

static struct ids gids(void)
{
	struct ids i = { &CRED.gid, &CRED.egid, &CRED.sgid, &CRED.fsgid, CAP_SETGID, false };
	return i;
}

static long do_setid(struct ids i, u32 id)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;

	if (id == NOCHANGE)
		return -EINVAL;
	if (capable(i.cap)) {
		*i.r = *i.s = id;
	} else if (id != or && id != os) {
		return -EPERM;
	}
	*i.e = *i.fs = id;
	if (i.is_uid)
		fix_caps(or, oe, os);
	return 0;
}

static long do_setreid(struct ids i, u32 r, u32 e)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;
	bool priv = capable(i.cap);

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
		fix_caps(or, oe, os);
	return 0;
}

static bool one_of(u32 v, u32 a, u32 b, u32 c)
{
	return v == NOCHANGE || v == a || v == b || v == c;
}

static long do_setresid(struct ids i, u32 r, u32 e, u32 s)
{
	u32 or = *i.r, oe = *i.e, os = *i.s;

	if (!capable(i.cap) &&
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
		fix_caps(or, oe, os);
	return 0;
}

static long do_getresid(struct ids i, u32 __user *r, u32 __user *e, u32 __user *s)
{
	if (put_user_u32(*i.r, r) || put_user_u32(*i.e, e) || put_user_u32(*i.s, s))
		return -EFAULT;
	return 0;
}

/* Returns the old fsid whatever happens, as Linux. */
static long do_setfsid(struct ids i, u32 id)
{
	u32 old = *i.fs;

	if (id != NOCHANGE && (id == *i.r || id == *i.e || id == *i.s || id == old || capable(i.cap)))
		*i.fs = id;
	return old;
}

SYSCALL_DEFINE1(setuid, u32, uid) { return do_setid(uids(), uid); }
SYSCALL_DEFINE1(setgid, u32, gid) { return do_setid(gids(), gid); }
SYSCALL_DEFINE2(setreuid, u32, r, u32, e) { return do_setreid(uids(), r, e); }
SYSCALL_DEFINE2(setregid, u32, r, u32, e) { return do_setreid(gids(), r, e); }
SYSCALL_DEFINE3(setresuid, u32, r, u32, e, u32, s) { return do_setresid(uids(), r, e, s); }
SYSCALL_DEFINE3(setresgid, u32, r, u32, e, u32, s) { return do_setresid(gids(), r, e, s); }
SYSCALL_DEFINE3(getresuid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	return do_getresid(uids(), r, e, s);
}
SYSCALL_DEFINE3(getresgid, u32 __user *, r, u32 __user *, e, u32 __user *, s)
{
	return do_getresid(gids(), r, e, s);
}
SYSCALL_DEFINE1(setfsuid, u32, uid) { return do_setfsid(uids(), uid); }
SYSCALL_DEFINE1(setfsgid, u32, gid) { return do_setfsid(gids(), gid); }

/* ---- supplementary groups ---- */

SYSCALL_DEFINE2(getgroups, int, size, u32 __user *, list)
{
	int n = CRED.ngroups;

	if (size < 0)
		return -EINVAL;
	if (size) {
		if (n > size)
			return -EINVAL;
		if (copy_to_user(list, CRED.groups, n * sizeof(u32)))
			return -EFAULT;
	}
	return n;
}

SYSCALL_DEFINE2(setgroups, int, size, const u32 __user *, list)
{
	u32 g[NGROUPS_HERE];

	if (!capable(CAP_SETGID))
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
	memcpy(CRED.groups, g, size * sizeof(u32));
	CRED.ngroups = size;
	return 0;
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
	eff = CAP_FULL & ~t->cred.cap_eff_off;
	perm = CAP_FULL & ~t->cred.cap_perm_off;
	inh = t->cred.cap_inh;
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
	int n = cap_words(h);

	if (n < 0)
		return n;
	if (get_user_u32(&pid, (u32 __user *)&h->pid))
		return -EFAULT;
	if (pid != 0 && (int)pid != current->pid)
		return -EPERM;
	memset(k, 0, sizeof(k));
	if (copy_from_user(k, d, n * sizeof(k[0])))
		return -EFAULT;
	u64 eff = k[0].effective | (u64)k[1].effective << 32;
	u64 perm = k[0].permitted | (u64)k[1].permitted << 32;
	u64 inh = k[0].inheritable | (u64)k[1].inheritable << 32;
	u64 old_perm = CAP_FULL & ~CRED.cap_perm_off;

	eff &= CAP_FULL, perm &= CAP_FULL, inh &= CAP_FULL;
	/* Linux: no new permitted bits, effective within permitted, and
	 * inheritable within old inheritable | permitted (CAP_SETPCAP lifts
	 * that to the bounding set, which is full here). */
	if ((perm & ~old_perm) || (eff & ~perm))
		return -EPERM;
	if ((inh & ~(CRED.cap_inh | old_perm)) && !capable(8 /* CAP_SETPCAP */))
		return -EPERM;
	CRED.cap_perm_off = CAP_FULL & ~perm;
	CRED.cap_eff_off = CAP_FULL & ~eff;
	CRED.cap_inh = inh;
	return 0;
}
