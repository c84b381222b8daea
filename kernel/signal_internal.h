/* Shared between kernel/signal.c, kernel/signal_stop.c and
 * kernel/itimer.c; not for the rest of the kernel. */
#ifndef CLEAVE_SIGNAL_INTERNAL_H
#define CLEAVE_SIGNAL_INTERNAL_H
#include <types.h>
#include <signal.h>

struct task_struct;

/* Default action "stop": SIGSTOP, SIGTSTP, SIGTTIN, SIGTTOU. */
static inline bool sig_default_stops(int sig)
{
	return sig == SIGSTOP || sig == SIGTSTP || sig == SIGTTIN || sig == SIGTTOU;
}

/* signal_stop.c. Called by the sender with t's sighand->lock held (and
 * tasklist_lock): a stop signal discards pending SIGCONT, a SIGCONT
 * discards pending stop signals and ends a group stop. Returns true
 * when the parent must be told CLD_CONTINUED (after the lock drops). */
bool jobctl_prepare_signal(struct task_struct *t, int sig);
/* do_signal took a stop signal with the default action: stop the group
 * (unless its process group is orphaned and sig is not SIGSTOP). No
 * locks held. */
void do_signal_stop(struct task_struct *t, int sig);
/* Park current for the group stop; sighand->lock held on entry and on
 * return (dropped meanwhile). */
void do_jobctl_park(struct task_struct *t);

/* sigqueue.c: the pending queues (sighand->lock held). sigpending_queue
 * returns 0 or -EAGAIN (RLIMIT_SIGPENDING). */
int sigpending_queue(struct sigpending *p, struct task_struct *t, const struct ksiginfo *info);
void sigpending_take(struct sigpending *p, int sig, struct ksiginfo *info);
void sigpending_flush(struct sigpending *p, sigset_t mask);
bool sigpending_has_timer(struct sigpending *p, int sig, int id);

/* signal.c: take a signal in mask off t's queues (sighand->lock held). */
int dequeue_signal_in(struct task_struct *t, sigset_t mask, struct ksiginfo *info);

/* itimer.c: fill si_overrun of a just dequeued SI_TIMER signal (no locks). */
void itimer_take(struct ksiginfo *info);

/* arch/riscv/signal.c: the user siginfo_t layout. */
int copy_siginfo_to_user(void __user *dst, const struct ksiginfo *info);
int copy_siginfo_from_user(struct ksiginfo *info, const void __user *src);
#endif
