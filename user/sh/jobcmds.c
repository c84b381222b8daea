/* The job builtins: jobs, fg, bg, wait and kill. A job is named %N,
 * %+ or %% (the current one), %- (the previous one) or %TEXT (the one
 * whose command starts so); fg and bg also take a bare N. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"
#include "jobs.h"

static struct job *find_job(const char *spec, const char *who)
{
	struct job *cur, *prev;
	const char *s = spec;

	current_jobs(&cur, &prev);
	if (!spec || strcmp(spec, "%") == 0 || strcmp(spec, "%%") == 0 || strcmp(spec, "%+") == 0) {
		if (!cur)
			fprintf(stderr, "sh: %s: no current job\n", who);
		return cur;
	}
	if (strcmp(spec, "%-") == 0) {
		if (!prev)
			fprintf(stderr, "sh: %s: no previous job\n", who);
		return prev;
	}
	if (*s == '%')
		s++;
	for (struct job *j = jobs; j; j = j->next) {
		if (j->foreground)
			continue;
		if (*s >= '0' && *s <= '9' ? atoi(s) == j->id : strncmp(j->text, s, strlen(s)) == 0)
			return j;
	}
	fprintf(stderr, "sh: %s: %s: no such job\n", who, spec);
	return NULL;
}

static int continue_job(struct job *j, int fg)
{
	for (int i = 0; i < j->nprocs; i++)
		if (j->procs[i].state == STOPPED)
			j->procs[i].state = RUNNING;
	if (job_control) {
		if (fg)
			tcsetpgrp(ttyfd, j->pgid);
		kill(-j->pgid, SIGCONT);
	} else {
		for (int i = 0; i < j->nprocs; i++)
			kill(j->procs[i].pid, SIGCONT);
	}
	if (fg)
		return job_wait_fg(j);
	j->order = ++order_clock;
	j->shown = RUNNING;
	printf("[%d]+ %s &\n", j->id, j->text);
	return 0;
}

int bi_fg(char **argv)
{
	struct job *j = find_job(argv[1], "fg");

	if (!j)
		return 1;
	printf("%s\n", j->text);
	fflush(stdout);
	return continue_job(j, 1);
}

int bi_bg(char **argv)
{
	int rc = 0, i = 1;

	do {	/* argv[1] NULL: the current job */
		struct job *j = find_job(argv[i], "bg");

		if (j)
			continue_job(j, 0);
		else
			rc = 1;
	} while (argv[i] && argv[++i]);
	return rc;
}

int bi_jobs(char **argv)
{
	int with_pid = argv[1] && strcmp(argv[1], "-l") == 0;
	int only_pid = argv[1] && strcmp(argv[1], "-p") == 0;

	reap(0);
	for (struct job *j = jobs, *next; j; j = next) {
		next = j->next;
		if (j->foreground)
			continue;
		if (only_pid)
			printf("%d\n", j->pgid);
		else
			print_job(stdout, j, with_pid);
		if (job_state(j) == DONE)
			job_free(j);
	}
	return 0;
}

static volatile int wait_interrupted;

static void on_sigint(int sig)
{
	(void)sig;
	wait_interrupted = 1;
}

/* Waits while j (or, NULL, any job) is running; 0, or -1 on ^C. */
static int wait_running(struct job *j)
{
	for (;;) {
		int busy = 0;

		for (struct job *k = jobs; k; k = k->next)
			if ((!j || k == j) && job_state(k) == RUNNING)
				busy = 1;
		if (!busy)
			return 0;
		if (reap(1) < 0) {
			if (errno == EINTR && wait_interrupted)
				return -1;
			if (errno == ECHILD)
				return 0;
		}
	}
}

int bi_wait(char **argv)
{
	struct sigaction sa = { .sa_handler = on_sigint }, old;
	int rc = 0;

	/* ^C ends the wait (the shell itself is in the foreground). */
	wait_interrupted = 0;
	if (interactive)
		sigaction(SIGINT, &sa, &old);
	if (!argv[1]) {
		if (wait_running(NULL) < 0)
			rc = 130;
		for (struct job *j = jobs, *next; j; j = next) {
			next = j->next;
			if (job_state(j) == DONE)
				job_free(j);
		}
	}
	for (int i = 1; argv[i] && rc != 130; i++) {
		struct job *j = NULL;

		if (argv[i][0] == '%') {
			j = find_job(argv[i], "wait");
		} else {
			pid_t pid = atoi(argv[i]);

			for (struct job *k = jobs; k && !j; k = k->next)
				for (int n = 0; n < k->nprocs; n++)
					if (k->procs[n].pid == pid)
						j = k;
			if (!j)
				fprintf(stderr, "sh: wait: pid %s is not a child of this shell\n", argv[i]);
		}
		if (!j) {
			rc = 127;
			continue;
		}
		if (wait_running(j) < 0) {
			rc = 130;
			break;
		}
		rc = exit_code(j->procs[j->nprocs - 1].wstatus);
		if (job_state(j) == DONE)
			job_free(j);
	}
	if (interactive) {
		sigaction(SIGINT, &old, NULL);
		if (rc == 130)
			fputc('\n', stderr);	/* after the terminal's "^C" */
	}
	return rc;
}

static void list_signals(const char *arg)
{
	if (arg) {
		int n = atoi(arg);
		const char *name = sigabbrev_np(n > 128 ? n - 128 : n);

		printf("%s\n", name ? name : "?");
		return;
	}
	for (int sig = 1; sig < 32; sig++)
		printf("%s%c", sigabbrev_np(sig), sig < 31 ? ' ' : '\n');
}

/* kill [-SIG | -s SIG] PID|%JOB... and kill -l [STATUS]: a job is sent
 * the signal as a process group (each process without job control); a
 * stopped job is also continued, so that it sees the signal. */
int bi_kill(char **argv)
{
	int sig = SIGTERM, i = 1, rc = 0;

	if (argv[1] && strcmp(argv[1], "-l") == 0) {
		list_signals(argv[2]);
		return 0;
	}
	if (argv[i] && strcmp(argv[i], "-s") == 0 && argv[i + 1]) {
		sig = sig_number(argv[i + 1]);
		i += 2;
	} else if (argv[i] && argv[i][0] == '-' && argv[i][1]) {
		sig = strcmp(argv[i], "--") == 0 ? SIGTERM : sig_number(argv[i] + 1);
		i++;
	}
	if (sig < 0 || !argv[i]) {
		fprintf(stderr, sig < 0 ? "sh: kill: bad signal\n" : "usage: kill [-SIG] PID|%%JOB...\n");
		return 2;
	}
	for (; argv[i]; i++) {
		int r = 0;

		if (argv[i][0] == '%') {
			struct job *j = find_job(argv[i], "kill");

			if (!j) {
				rc = 1;
				continue;
			}
			for (int k = 0; k < j->nprocs && r == 0; k++)
				r = kill(job_control ? -j->pgid : j->procs[k].pid, sig);
			if (r == 0 && job_state(j) == STOPPED && sig != SIGKILL && sig != SIGCONT)
				kill(job_control ? -j->pgid : j->procs[0].pid, SIGCONT);
		} else {
			char *end;
			long pid = strtol(argv[i], &end, 10);

			if (*end || end == argv[i]) {
				fprintf(stderr, "sh: kill: %s: arguments must be process or job IDs\n", argv[i]);
				rc = 1;
				continue;
			}
			r = kill(pid, sig);
		}
		if (r < 0) {
			fprintf(stderr, "sh: kill: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
