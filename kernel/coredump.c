/* Core dumps: when a core signal's default action kills a process, and
 * what happens to its threads meanwhile. The file format is elfcore.c's.
 *
 * A core is written when RLIMIT_CORE is at least a page (Linux's minimum
 * for ELF cores), the process is dumpable (PR_SET_DUMPABLE) and
 * core_pattern names a file; otherwise the process just dies. The name is
 * core_pattern (/proc/sys/kernel/core_pattern, "core" by default) with
 * Linux's %-specifiers expanded, relative to the dumping process's working
 * directory. As on Linux an existing file of that name is replaced, the
 * new one is made with O_EXCL and mode 0600, and anything that fails
 * (no such directory, no permission, a pipe "|..." pattern, which cleave
 * does not run, the limit reached mid-way) leaves the wait status without
 * WCOREDUMP.
 *
 * Threads: the dumping thread starts the group exit itself (zap_threads:
 * group_exit with the signal as status, SIGKILL to every other thread)
 * and hangs a struct core_state on the signal struct. Each other thread,
 * on its way into do_exit, reports in (coredump_task_exit): it links a
 * struct core_thread on its own kernel stack into the state and sleeps
 * there until the dump is over, so its user registers (saved on that
 * stack at its last kernel entry) and the address space stay as they
 * were. The dumper waits for every thread it counted, writes the core,
 * then clears signal->core_state and wakes them; they go on exiting.
 *
 * Counting without missing anyone: the dumper sets core_state and then
 * reads each thread's PF_EXITING; an exiting thread sets PF_EXITING and
 * then reads core_state; a full fence between each pair, so at least one
 * sees the other. A thread already exiting is not waited for; one that
 * reports without having been counted is harmless (it is dumped if it
 * comes in time, and released with the rest).
 *
 * Locking: signal->core_state and core_state's fields are under the
 * group's sighand->lock; the thread list is read by the dumper only once
 * all counted threads are in, and the threads on it cannot leave before
 * core_state is cleared. */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <mm_types.h>
#include <sched.h>
#include <signal.h>
#include <string.h>
#include <printk.h>
#include <timekeeping.h>
#include <coredump.h>

#define SIGXCPU 24
#define SIGXFSZ 25
#define CORENAME_MAX 128
#define SIG_COREDUMP_MASK (sigmask(SIGQUIT) | sigmask(SIGILL) | sigmask(SIGTRAP) | \
			   sigmask(SIGABRT) | sigmask(SIGBUS) | sigmask(SIGFPE) |  \
			   sigmask(SIGSEGV) | sigmask(SIGXCPU) | sigmask(SIGXFSZ) | \
			   sigmask(SIGSYS))

/* /proc/sys/kernel/core_pattern (written by procfs). */
char core_pattern[CORENAME_MAX] = "core";
extern char uts_hostname[65];

struct core_state {
	int expected, reported;		/* threads counted, threads in */
	struct core_thread *threads;	/* those in (on their stacks) */
};

bool sig_kernel_coredump(int sig)
{
	return sig >= 1 && sig <= _NSIG && (SIG_COREDUMP_MASK & sigmask(sig));
}

/* ---- threads ---- */

void coredump_task_exit(struct task_struct *t)
{
	struct sighand_struct *sh = t->sighand;
	struct signal_struct *sig = t->signal;
	struct core_thread self = { .task = t };
	spin_lock(&sh->lock);
	struct core_state *cs = sig->core_state;
	if (cs) {
		self.next = cs->threads;
		cs->threads = &self;
		cs->reported++;
		wakeup(cs);
		while (sig->core_state == cs)
			sleep_on(&sig->core_state, &sh->lock);
	}
	spin_unlock(&sh->lock);
}

/* Start the group's exit with sig as its status and kill the other
 * threads; false if the group is exiting already (someone else decides). */
static bool zap_threads(struct task_struct *t, int sig, struct core_state *cs)
{
	struct signal_struct *s = t->signal;
	bool ok = false;
	spin_lock(&tasklist_lock);
	spin_lock(&t->sighand->lock);
	if (!s->group_exit && !s->group_exec_task) {
		ok = true;
		s->group_exit = 1;
		s->group_exit_code = sig;
		s->core_state = cs;
		__atomic_thread_fence(__ATOMIC_SEQ_CST);	/* see the header */
		struct list_head *pos;
		list_for_each(pos, &s->thread_head) {
			struct task_struct *o = list_entry(pos, struct task_struct, thread_node);
			if (o == t || o->exit_state || (READ_ONCE(o->flags) & PF_EXITING))
				continue;
			cs->expected++;
			o->pending.signal |= sigmask(SIGKILL);
			signal_wake_up(o);
		}
	}
	spin_unlock(&t->sighand->lock);
	spin_unlock(&tasklist_lock);
	return ok;
}

/* ---- the file ---- */

/* Append s to the name being built; false when it does not fit. What a
 * specifier expands to cannot name a directory: its '/'s become '!'. */
static bool put(char *name, size_t *n, const char *s, bool expanded)
{
	for (; *s; s++) {
		if (*n + 1 >= CORENAME_MAX)
			return false;
		name[(*n)++] = expanded && *s == '/' ? '!' : *s;
	}
	name[*n] = 0;
	return true;
}

/* Expand core_pattern for current (Linux's specifiers: %p %P %i %I pids,
 * %u %g ids, %s signal, %t time, %h host, %e comm, %c RLIMIT_CORE, %%).
 * An unknown specifier and a trailing % expand to nothing. */
static bool format_corename(char *name, int sig)
{
	struct task_struct *t = current;
	char pat[CORENAME_MAX], num[24];
	size_t n = 0;
	strlcpy(pat, core_pattern, sizeof(pat));
	name[0] = 0;
	for (const char *p = pat; *p; p++) {
		char c[2] = { *p, 0 };
		const char *s = c;
		if (*p == '%') {
			const struct cred *cr = task_cred(t);
			s = num;
			switch (*++p) {
			case 'p': case 'P': snprintf(num, sizeof(num), "%d", t->tgid); break;
			case 'i': case 'I': snprintf(num, sizeof(num), "%d", t->pid); break;
			case 'u': snprintf(num, sizeof(num), "%u", cr->uid); break;
			case 'g': snprintf(num, sizeof(num), "%u", cr->gid); break;
			case 's': snprintf(num, sizeof(num), "%d", sig); break;
			case 't': snprintf(num, sizeof(num), "%lu", ktime_get_real_ns() / NSEC_PER_SEC); break;
			case 'c': snprintf(num, sizeof(num), "%lu", t->signal->rlim[RLIMIT_CORE].cur); break;
			case 'h': s = uts_hostname; break;
			case 'e': s = t->comm; break;
			case '%': s = "%"; break;
			case 0: p--; /* fall through: a trailing % */
			default: s = ""; break;
			}
		}
		if (!put(name, &n, s, s != c))
			return false;
	}
	return n > 0;
}

/* Create the core file as Linux does: unlink what is there, then a new
 * file with O_EXCL, mode 0600 (after umask: anything else is refused). */
static struct file *open_core(const char *name)
{
	struct file *f;
	do_unlink(AT_FDCWD, name, false);	/* not there is fine */
	if (do_filp_open(AT_FDCWD, name, O_CREAT | O_EXCL | O_WRONLY | O_NOFOLLOW | O_LARGEFILE,
			 0600, &f))
		return NULL;
	if (!S_ISREG(f->f_inode->i_mode) || (f->f_inode->i_mode & 0677) != 0600) {
		fput(f);
		return NULL;
	}
	return f;
}

/* ---- the dump ---- */

bool do_coredump(const struct ksiginfo *info, struct pt_regs *regs)
{
	struct task_struct *t = current;
	struct signal_struct *s = t->signal;
	u64 limit = READ_ONCE(s->rlim[RLIMIT_CORE].cur);
	if (!t->mm || t->not_dumpable || limit < PAGE_SIZE)
		return false;
	struct core_state cs = { 0 };
	if (!zap_threads(t, info->signo, &cs))
		return false;

	struct sighand_struct *sh = t->sighand;
	spin_lock(&sh->lock);
	while (cs.reported < cs.expected)
		sleep_on(&cs, &sh->lock);
	struct core_thread *others = cs.threads;
	spin_unlock(&sh->lock);

	bool dumped = false;
	char *name = kmalloc(CORENAME_MAX);
	if (name && core_pattern[0] != '|' && format_corename(name, info->signo)) {
		struct file *f = open_core(name);
		if (f) {
			dumped = elf_core_dump(f, limit, info, regs, others);
			fput(f);
		}
	}
	kfree(name);

	spin_lock(&sh->lock);
	if (dumped)
		s->group_exit_code |= 0x80;	/* WCOREDUMP */
	s->core_state = NULL;
	spin_unlock(&sh->lock);
	wakeup(&s->core_state);
	return dumped;
}
