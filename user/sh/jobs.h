/* The job table's insides, shared by jobs.c (the table, waiting, the
 * terminal) and jobcmds.c (the jobs, fg, bg, wait and kill builtins). */
#ifndef SH_JOBS_H
#define SH_JOBS_H
#include <stdio.h>
#include <sys/types.h>

enum { RUNNING, STOPPED, DONE };

struct proc {
	pid_t pid;
	int state;
	int wstatus;		/* the last stop or the end, as wait4 gave it */
};

struct job {
	int id;			/* %N */
	pid_t pgid;		/* the first process (with job control: its group) */
	struct proc *procs;
	int nprocs;
	char *text;
	int order;		/* when it last stopped or went to the background */
	int foreground;		/* being started or waited for in front: not listed */
	int shown;		/* the state the user was last told about */
	struct job *next;
};

extern struct job *jobs;		/* by job number */
extern int order_clock;
extern int ttyfd;			/* the terminal, with job control */

int job_state(const struct job *j);
void job_free(struct job *j);
/* Collects state changes of children: one, waiting for it (block), or
 * all there are. -1 (errno ECHILD or EINTR) when waiting failed. */
int reap(int block);
/* The current job ('+') and the previous one ('-'). */
void current_jobs(struct job **cur, struct job **prev);
void print_job(FILE *f, struct job *j, int with_pid);

#endif
