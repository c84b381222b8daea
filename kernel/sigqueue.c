/* Pending-signal queues (struct sigpending) and RLIMIT_SIGPENDING.
 *
 * A standard signal (below SIGRTMIN) is pending at most once: its siginfo
 * sits in the queue's fixed table. A real-time signal is queued once per
 * send, each instance with its own siginfo in a kmalloc'd struct sigqueue,
 * and taken oldest first. Every siginfo held is counted against the real
 * uid of the receiving task; a send that would take a user past its
 * RLIMIT_SIGPENDING (Linux's rules, sigpending_queue below) either loses
 * the siginfo (the signal is still pending, it reads SI_USER with pid 0)
 * or fails with EAGAIN.
 *
 * Locking: a queue belongs to a thread (pending) or a thread group
 * (shared_pending) and is protected by that task's sighand->lock, which
 * every function here expects held (or the queue to be unreachable:
 * sigpending_flush_all at free). The per-user counts are under
 * sigq_lock, taken inside sighand->lock and never around anything else. */
#include <types.h>
#include <errno.h>
#include <sched.h>
#include <signal.h>
#include <mm.h>
#include <string.h>
#include "signal_internal.h"

/* The per-user counts. A user keeps its slot while the table has room
 * (so the usual few users are found in a step or two); a slot whose
 * count is 0 may be handed to another user. More users with signals
 * queued at once than slots is treated as the limit reached. */
#define SIGQ_USERS 64
static struct sigq_user {
	u32 uid;
	u32 count;
	bool used;
} sigq_users[SIGQ_USERS];
static struct spinlock sigq_lock = SPINLOCK_INIT("sigqueue");

/* uid's slot; with make, a new one if it has none. sigq_lock held. */
static struct sigq_user *sigq_find(u32 uid, bool make)
{
	struct sigq_user *spare = NULL;
	for (int i = 0; i < SIGQ_USERS; i++) {
		struct sigq_user *u = &sigq_users[i];
		if (u->used && u->uid == uid)
			return u;
		if (!spare && (!u->used || !u->count))
			spare = u;
	}
	if (!make || !spare)
		return NULL;
	*spare = (struct sigq_user){ .uid = uid, .count = 0, .used = true };
	return spare;
}

/* Count one more siginfo for uid. Past limit only with override (as on
 * Linux, the count still goes up then). */
static bool sigq_charge(u32 uid, u64 limit, bool override)
{
	spin_lock(&sigq_lock);
	struct sigq_user *u = sigq_find(uid, true);
	bool ok = u && (override || (u64)u->count + 1 <= limit);
	if (ok)
		u->count++;
	spin_unlock(&sigq_lock);
	return ok;
}

static void sigq_uncharge(u32 uid)
{
	spin_lock(&sigq_lock);
	struct sigq_user *u = sigq_find(uid, false);
	if (u)
		u->count--;
	spin_unlock(&sigq_lock);
}

/* /proc/<pid>/status SigQ: siginfos queued for uid. */
long sigqueue_user_count(u32 uid)
{
	spin_lock(&sigq_lock);
	struct sigq_user *u = sigq_find(uid, false);
	long n = u ? u->count : 0;
	spin_unlock(&sigq_lock);
	return n;
}

static bool is_rt(int sig)
{
	return sig >= SIGRTMIN;
}

/* Queue info on p, a queue of t (t's real uid and RLIMIT_SIGPENDING
 * count it). Linux's rules: a standard signal already pending is not
 * queued again. Its siginfo from the kernel or kill() (si_code >= 0) is
 * kept even past the limit; from sigqueue/tkill/timers it is lost there.
 * A real-time siginfo never goes past the limit: the send fails with
 * EAGAIN, except from kill() (SI_USER), which still makes the signal
 * pending with its siginfo lost. Kernel-made siginfo (SI_KERNEL, a POSIX
 * timer's SI_TIMER, which Linux preallocates) is never refused. SIGKILL
 * carries no siginfo at all (exit_group sends one on every exit). */
int sigpending_queue(struct sigpending *p, struct task_struct *t, const struct ksiginfo *info)
{
	int sig = info->signo;
	bool special = info->code == SI_KERNEL || info->code == SI_TIMER;
	bool override = special || (!is_rt(sig) && info->code >= 0);

	if (!is_rt(sig) && (p->signal & sigmask(sig)))
		return 0;
	if (sig == SIGKILL) {
		/* As Linux: no siginfo (nobody can see it), nothing counted. */
		p->signal |= sigmask(sig);
		return 0;
	}
	u32 uid = task_cred(t)->uid;
	bool charged = sigq_charge(uid, t->signal->rlim[RLIMIT_SIGPENDING].cur, override);
	if (!is_rt(sig)) {
		p->info[sig - 1] = charged ? *info : (struct ksiginfo){ .signo = sig, .code = SI_USER };
		p->uid[sig - 1] = uid;
		if (charged)
			p->charged |= sigmask(sig);
		p->signal |= sigmask(sig);
		return 0;
	}
	struct sigqueue *q = charged ? kmalloc(sizeof(*q)) : NULL;
	if (!q) {
		if (charged)
			sigq_uncharge(uid);
		if (!special && info->code != SI_USER)
			return -EAGAIN;
		p->signal |= sigmask(sig);	/* pending, siginfo lost */
		return 0;
	}
	q->info = *info;
	q->uid = uid;
	q->next = NULL;
	if (p->rt_head)
		p->rt_tail->next = q;
	else
		p->rt_head = q;
	p->rt_tail = q;
	p->signal |= sigmask(sig);
	return 0;
}

/* Unlink the entry after prev (NULL: the head) and return it. */
static struct sigqueue *rt_unlink(struct sigpending *p, struct sigqueue *prev)
{
	struct sigqueue *q = prev ? prev->next : p->rt_head;
	if (prev)
		prev->next = q->next;
	else
		p->rt_head = q->next;
	if (p->rt_tail == q)
		p->rt_tail = prev;
	return q;
}

/* Take one instance of pending signal sig off p into *info: a standard
 * one whole, a real-time one's oldest instance (the bit stays while more
 * are queued). */
void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info)
{
	if (!is_rt(sig)) {
		*info = p->info[sig - 1];
		if (p->charged & sigmask(sig))
			sigq_uncharge(p->uid[sig - 1]);
		p->charged &= ~sigmask(sig);
		p->signal &= ~sigmask(sig);
		return;
	}
	struct sigqueue *prev = NULL, *q;
	for (q = p->rt_head; q && q->info.signo != sig; q = q->next)
		prev = q;
	bool more = false;
	for (struct sigqueue *r = q ? q->next : NULL; r && !more; r = r->next)
		more = r->info.signo == sig;
	if (!more)
		p->signal &= ~sigmask(sig);
	if (!q) {
		*info = (struct ksiginfo){ .signo = sig, .code = SI_USER };	/* lost at the limit */
		return;
	}
	rt_unlink(p, prev);
	*info = q->info;
	sigq_uncharge(q->uid);
	kfree(q);
}

/* Drop every signal in mask from p, with its siginfos. */
void sigpending_flush(struct sigpending *p, sigset_t mask)
{
	for (sigset_t m = p->charged & mask; m; m &= m - 1)
		sigq_uncharge(p->uid[__builtin_ctzl(m)]);
	p->charged &= ~mask;
	p->signal &= ~mask;
	struct sigqueue *prev = NULL, *q = p->rt_head;
	while (q) {
		struct sigqueue *next = q->next;
		if (mask & sigmask(q->info.signo)) {
			rt_unlink(p, prev);
			sigq_uncharge(q->uid);
			kfree(q);
		} else {
			prev = q;
		}
		q = next;
	}
}

/* A dying task's or thread group's queue. */
void __sigpending_flush_all(struct sigpending *p)
{
	sigpending_flush(p, ~0UL);
}

/* Is POSIX timer id's signal sig still queued on p (itimer.c counts an
 * overrun instead of queueing it twice, as Linux does)? */
bool sigpending_has_timer(struct sigpending *p, int sig, int id)
{
	if (!(p->signal & sigmask(sig)))
		return false;
	if (!is_rt(sig))
		return p->info[sig - 1].code == SI_TIMER && p->info[sig - 1].tid == id;
	for (struct sigqueue *q = p->rt_head; q; q = q->next)
		if (q->info.signo == sig && q->info.code == SI_TIMER && q->info.tid == id)
			return true;
	return false;
}
