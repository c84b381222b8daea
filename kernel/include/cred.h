/* Credentials (kernel/sys_id.c): ids, supplementary groups, capabilities.
 *
 * A task points at a struct cred that is never modified once published:
 * a change makes a copy (prepare_creds), edits it and swaps it in
 * (commit_creds, under tasklist_lock). clone shares the pointer (+1
 * count); free_task drops it. Only the task itself swaps its cred, so it
 * reads its own without a lock; another task's cred is read under
 * tasklist_lock, which keeps it from being freed. NULL means root with
 * every capability (init and kernel threads). */
#ifndef CLEAVE_CRED_H
#define CLEAVE_CRED_H
#include "types.h"
#include "spinlock.h"

#define NGROUPS_HERE 64
#define CAP_LAST_CAP 40
#define CAP_FULL ((1UL << (CAP_LAST_CAP + 1)) - 1)

struct cred {
	int count;			/* atomic */
	u32 uid, euid, suid, fsuid;
	u32 gid, egid, sgid, fsgid;
	int ngroups;
	u32 groups[NGROUPS_HERE];	/* sorted */
	u64 cap_eff, cap_perm, cap_inh;
};

struct task_struct;
/* t's credentials (root's for NULL): current's, or another task's with
 * tasklist_lock held. */
const struct cred *task_cred(struct task_struct *t);
void free_cred(struct cred *c);

/* Inline: clone and exit take and drop one on every task (NULL ok). */
static inline void get_cred(struct cred *c)
{
	if (c)
		atomic_inc(&c->count);
}

static inline void put_cred(struct cred *c)
{
	if (c && atomic_dec_and_test(&c->count))
		free_cred(c);
}
#endif
