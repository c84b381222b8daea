/* Jobs. Every command the shell forks belongs to a job: a pipeline, a
 * subshell, or a list run in the background. With job control (an
 * interactive shell on a terminal) each job is a process group of its
 * own, led by its first process, and a foreground job is given the
 * terminal (tcsetpgrp) while the shell waits; a stop (Ctrl-Z sends the
 * foreground group SIGTSTP) gives the terminal back to the shell and
 * leaves the job in the table, for fg, bg and jobs.
 *
 * The table is a list ordered by job number. A process's state changes
 * only in record(), from what wait4 reports; a job's state is derived
 * from its processes (running if any runs, else stopped if any is, else
 * done). Done jobs are removed once reported (interactive) or waited for
 * (a script's wait; at most MAX_DONE kept otherwise). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"
#include "jobs.h"

#define MAX_DONE 64

struct job *jobs;
int order_clock;
int ttyfd = -1;
static pid_t orig_pgid;		/* our group before we took one of our own */
static struct termios shell_modes;	/* the terminal as the shell wants it */
pid_t shell_pgid;
int job_control;
int interrupted;		/* a foreground job died of SIGINT: back to the prompt */

int exit_code(int st)
{
	if (WIFSIGNALED(st))
		return 128 + WTERMSIG(st);
	if (WIFSTOPPED(st))
		return 128 + WSTOPSIG(st);
	return WEXITSTATUS(st);
}

/* ---- the table ---- */

int job_state(const struct job *j)
{
	int stopped = 0;

	for (int i = 0; i < j->nprocs; i++) {
		if (j->procs[i].state == RUNNING)
			return RUNNING;
		stopped |= j->procs[i].state == STOPPED;
	}
	return stopped ? STOPPED : DONE;
}

void job_free(struct job *j)
{
	struct job **pp = &jobs;

	while (*pp != j)
		pp = &(*pp)->next;
	*pp = j->next;
	free(j->procs);
	free(j->text);
	free(j);
}

/* Keeps a script that never waits from growing the table forever. */
static void forget_old_done(void)
{
	int done = 0;

	for (struct job *j = jobs; j; j = j->next)
		done += job_state(j) == DONE;
	for (struct job *j = jobs, *next; j && done > MAX_DONE; j = next) {
		next = j->next;
		if (job_state(j) == DONE) {
			job_free(j);
			done--;
		}
	}
}

struct job *job_new(const char *text)
{
	struct job *j = calloc(1, sizeof(*j)), **pp = &jobs;
	int id = 1;

	forget_old_done();
	for (; *pp; pp = &(*pp)->next)
		if ((*pp)->id >= id)
			id = (*pp)->id + 1;
	*pp = j;
	j->id = id;
	j->text = strdup(text ? text : "");
	j->foreground = 1;	/* until it is put in the background or stops */
	return j;
}

static void job_add(struct job *j, pid_t pid)
{
	j->procs = realloc(j->procs, (j->nprocs + 1) * sizeof(*j->procs));
	j->procs[j->nprocs++] = (struct proc){ pid, RUNNING, 0 };
	if (!j->pgid)
		j->pgid = pid;
}

pid_t job_pgid(struct job *j)
{
	return j->pgid;
}

void job_discard(struct job *j)
{
	job_free(j);
}

void jobs_forget(void)
{
	/* The table stays, so that 'jobs | grep' lists the parent's jobs;
	 * waiting for them finds no such children. */
	job_control = 0;
	ttyfd = -1;
}

/* What wait4 said about pid. */
static void record(pid_t pid, int st)
{
	for (struct job *j = jobs; j; j = j->next) {
		for (int i = 0; i < j->nprocs; i++) {
			struct proc *p = &j->procs[i];

			if (p->pid != pid)
				continue;
			if (WIFCONTINUED(st)) {
				p->state = RUNNING;
			} else {
				p->state = WIFSTOPPED(st) ? STOPPED : DONE;
				p->wstatus = st;
			}
			return;
		}
	}
}

int reap(int block)
{
	int st, flags = WUNTRACED | WCONTINUED;
	pid_t pid;

	if (block)
		return (pid = waitpid(-1, &st, flags)) > 0 ? (record(pid, st), 0) : -1;
	while ((pid = waitpid(-1, &st, flags | WNOHANG)) > 0)
		record(pid, st);
	return 0;
}

/* ---- reporting ---- */

/* The current job ('+') and the previous one ('-'): the most recently
 * stopped, else the most recently put in the background. */
void current_jobs(struct job **cur, struct job **prev)
{
	long best = -1, second = -1;

	*cur = *prev = NULL;
	for (struct job *j = jobs; j; j = j->next) {
		long score = (job_state(j) == STOPPED ? 1L << 30 : 0) + j->order;

		if (j->foreground)
			continue;
		if (score > best) {
			second = best, *prev = *cur;
			best = score, *cur = j;
		} else if (score > second) {
			second = score, *prev = j;
		}
	}
}

static const char *state_text(const struct job *j)
{
	static char buf[32];
	int st = j->procs[j->nprocs - 1].wstatus;

	switch (job_state(j)) {
	case RUNNING:
		return "Running";
	case STOPPED:
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].state == STOPPED)
				return strsignal(WSTOPSIG(j->procs[i].wstatus));
		return "Stopped";
	}
	if (WIFSIGNALED(st))
		return strsignal(WTERMSIG(st));
	if (WEXITSTATUS(st) == 0)
		return "Done";
	snprintf(buf, sizeof(buf), "Exit %d", WEXITSTATUS(st));
	return buf;
}

void print_job(FILE *f, struct job *j, int with_pid)
{
	struct job *cur, *prev;

	current_jobs(&cur, &prev);
	fprintf(f, "[%d]%c  ", j->id, j == cur ? '+' : j == prev ? '-' : ' ');
	if (with_pid)
		fprintf(f, "%d ", j->pgid);
	fprintf(f, "%-24s%s\n", state_text(j), j->text);
	fflush(f);
	j->shown = job_state(j);
}

void jobs_notify(void)
{
	reap(0);
	if (!interactive)
		return;		/* a script's done jobs wait for its wait */
	for (struct job *j = jobs, *next; j; j = next) {
		int s = job_state(j);

		next = j->next;
		if (j->foreground || s == j->shown)
			continue;
		if (s != RUNNING)
			print_job(stderr, j, 0);
		j->shown = s;
		if (s == DONE)
			job_free(j);
	}
}

/* ---- foreground and background ---- */

void job_child(struct job *j, int fg)
{
	static const int sigs[] = { SIGINT, SIGQUIT, SIGTSTP, SIGTTIN, SIGTTOU };

	if (job_control) {
		pid_t pg = j->pgid ? j->pgid : getpid();

		setpgid(0, pg);
		if (fg)
			tcsetpgrp(ttyfd, pg);	/* SIGTTOU still ignored here */
	}
	if (interactive)
		for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
			signal(sigs[i], SIG_DFL);
	if (!job_control && !fg) {
		/* POSIX: without job control, ^C must not reach background lists. */
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
	}
}

void job_parent(struct job *j, pid_t pid)
{
	job_add(j, pid);
	if (job_control)
		setpgid(pid, j->pgid);	/* as the child does: whoever runs first */
}

int job_wait_fg(struct job *j)
{
	struct proc *last;
	int code;

	j->foreground = 1;
	if (job_control)
		tcsetpgrp(ttyfd, j->pgid);
	/* Without job control a stopped job is waited for until it ends,
	 * as if it ran on: nobody could bring it back. */
	while (job_state(j) == RUNNING || (!job_control && job_state(j) == STOPPED))
		if (reap(1) < 0 && errno == ECHILD)
			break;	/* cannot happen: they are our children */
	if (job_control) {
		tcsetpgrp(ttyfd, shell_pgid);
		tcsetattr(ttyfd, TCSADRAIN, &shell_modes);
	}
	j->foreground = 0;
	if (job_state(j) == STOPPED) {
		j->order = ++order_clock;
		fputc('\n', stderr);
		print_job(stderr, j, 0);
		for (int i = 0; i < j->nprocs; i++)
			if (j->procs[i].state == STOPPED)
				return exit_code(j->procs[i].wstatus);
	}
	last = &j->procs[j->nprocs - 1];
	code = exit_code(last->wstatus);
	if (interactive && last->state == DONE && WIFSIGNALED(last->wstatus)) {
		int sig = WTERMSIG(last->wstatus);

		if (sig == SIGINT) {
			fputc('\n', stderr);	/* the terminal echoed just "^C" */
			interrupted = 1;
		} else if (sig != SIGPIPE) {
			fprintf(stderr, "%s\n", strsignal(sig));
		}
	}
	job_free(j);
	return code;
}

void job_background(struct job *j)
{
	j->foreground = 0;
	j->order = ++order_clock;
	j->shown = RUNNING;
	last_bg = j->procs[j->nprocs - 1].pid;
	if (interactive)
		fprintf(stderr, "[%d] %d\n", j->id, last_bg);
}

/* ---- the terminal ---- */

void jobs_init_terminal(void)
{
	static const int sigs[] = { SIGTSTP, SIGTTIN, SIGTTOU };
	int fd = fcntl(0, F_DUPFD_CLOEXEC, 10);
	pid_t fg;

	/* Started in the background: wait until we are put in front. */
	while ((fg = tcgetpgrp(fd)) >= 0 && fg != getpgrp())
		kill(-getpgrp(), SIGTTIN);
	if (fd < 0 || fg < 0) {
		if (fd >= 0)
			close(fd);
		return;		/* no terminal: no job control */
	}
	for (unsigned i = 0; i < sizeof(sigs) / sizeof(sigs[0]); i++)
		signal(sigs[i], SIG_IGN);
	orig_pgid = getpgrp();
	shell_pgid = getpid();
	if (orig_pgid != shell_pgid && setpgid(0, shell_pgid) < 0)
		shell_pgid = orig_pgid;
	tcsetpgrp(fd, shell_pgid);
	tcgetattr(fd, &shell_modes);
	ttyfd = fd;
	job_control = 1;
}

void jobs_restore_terminal(void)
{
	if (!job_control)
		return;
	/* Stopped jobs would stay stopped with nobody to continue them. */
	for (struct job *j = jobs; j; j = j->next) {
		if (job_state(j) == STOPPED) {
			kill(-j->pgid, SIGHUP);
			kill(-j->pgid, SIGCONT);
		}
	}
	if (orig_pgid != shell_pgid) {
		setpgid(0, orig_pgid);
		tcsetpgrp(ttyfd, orig_pgid);
	}
}
