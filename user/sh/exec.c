/* Running the tree. A simple command that is a builtin or only sets
 * variables runs in the shell; anything else that needs a process of
 * its own (an external command, a pipeline, a subshell, a background
 * list) is forked as a job (jobs.c). Compound commands run in the shell,
 * with their redirections undone afterwards.
 *
 * break/continue and a foreground job killed by ^C unwind: while
 * loop_break, loop_continue or interrupted is set, run() does nothing,
 * and each loop on the way out takes its share (loop_done). */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

int status;
pid_t last_bg;
int interactive;
int noexec;
int loop_break, loop_continue, loop_depth;

int unwinding(void)
{
	return loop_break || loop_continue || interrupted || func_return;
}

char *path_search(const char *name)
{
	const char *path = var_get("PATH"), *p;
	struct stat st;
	char buf[1024];

	if (strchr(name, '/'))
		return strdup(name);
	for (p = path ? path : "/bin"; p; p = strchr(p, ':') ? strchr(p, ':') + 1 : NULL) {
		size_t n = strcspn(p, ":");

		snprintf(buf, sizeof(buf), "%.*s/%s", (int)(n ? n : 1), n ? p : ".", name);
		if (stat(buf, &st) == 0 && S_ISREG(st.st_mode) && access(buf, X_OK) == 0)
			return strdup(buf);
	}
	return NULL;
}

_Noreturn void exec_argv(char **argv)
{
	extern char **environ;
	char *path = path_search(argv[0]);
	int e;

	if (!path) {
		fprintf(stderr, "sh: %s: not found\n", argv[0]);
		_exit(127);
	}
	execve(path, argv, environ);
	if (errno == ENOEXEC) {
		/* No #! line: a script for this shell. */
		int n = 0;

		while (argv[n])
			n++;
		char **av = calloc(n + 2, sizeof(*av));

		av[0] = "sh";
		av[1] = path;
		memcpy(av + 2, argv + 1, n * sizeof(*av));
		execve("/bin/sh", av, environ);
	}
	e = errno;
	fprintf(stderr, "sh: %s: %s\n", argv[0], strerror(e));
	_exit(e == ENOENT ? 127 : 126);
}

void subshell_init(void)
{
	if (interactive) {
		signal(SIGINT, SIG_DFL);
		signal(SIGQUIT, SIG_DFL);
	}
	jobs_forget();
	interactive = 0;
}

_Noreturn void sh_exit(int code)
{
	fflush(NULL);
	if (interactive)
		jobs_restore_terminal();
	exit(code);
}

static char **expand_argv(struct node *n, int *argc)
{
	char **v = calloc(1, sizeof(*v));
	int c = 0;

	for (char **w = n->words; w && *w; w++)
		expand_fields(*w, &v, &c);
	*argc = c;
	return v;
}

/* NAME=value before an external command: for that command only. */
static void export_assigns(struct node *n)
{
	for (char **a = n->assigns; a && *a; a++) {
		char *eq = strchr(*a, '=');
		char *name = strndup(*a, eq - *a), *value = expand_word(eq + 1);

		setenv(name, value, 1);
		free(name);
		free(value);
	}
}

static void assign_all(struct node *n)
{
	for (char **a = n->assigns; a && *a; a++)
		var_assign(*a);
}

/* In a forked child: runs n and exits; a simple command execs in place. */
static _Noreturn void run_in_child(struct node *n)
{
	if (n->type == N_SIMPLE) {
		int argc;
		char **argv = expand_argv(n, &argc);
		builtin_fn fn;

		if (redir_apply(n->redirs, NULL) < 0)
			sh_exit(1);
		if (argc == 0) {
			assign_all(n);
			sh_exit(status);
		}
		if (func_call(argv, &argc))
			sh_exit(argc);
		if ((fn = builtin_find(argv[0]))) {
			assign_all(n);
			sh_exit(fn(argv));
		}
		export_assigns(n);
		fflush(NULL);
		exec_argv(argv);
	}
	if (n->type == N_SUBSHELL) {
		if (redir_apply(n->redirs, NULL) < 0)
			sh_exit(1);
		n = n->kids[0];
	}
	run(n);
	sh_exit(status);
}

/* Forks cmds (a pipeline of nc commands, or one) as a job; waits for it
 * unless bg. */
static int run_job(struct node **cmds, int nc, const char *text, int bg)
{
	struct job *j = job_new(text);
	int in = -1, started = 0;

	fflush(NULL);
	for (int i = 0; i < nc; i++) {
		int fds[2] = { -1, -1 };
		pid_t pid;

		if (i < nc - 1 && pipe(fds) < 0) {
			perror("sh: pipe");
			break;
		}
		pid = fork();
		if (pid == 0) {
			job_child(j, !bg);
			if (in >= 0) {
				dup2(in, 0);
				close(in);
			}
			if (fds[1] >= 0) {
				close(fds[0]);
				dup2(fds[1], 1);
				close(fds[1]);
			}
			subshell_init();
			run_in_child(cmds[i]);
		}
		if (pid < 0) {
			perror("sh: fork");
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		job_parent(j, pid);
		started++;
		if (in >= 0)
			close(in);
		if (fds[1] >= 0)
			close(fds[1]);
		in = fds[0];
	}
	if (in >= 0)
		close(in);
	if (!started) {
		job_discard(j);
		return 2;
	}
	if (bg) {
		job_background(j);
		return 0;
	}
	return job_wait_fg(j);
}

/* An external command in the foreground: argv is already expanded. */
static int run_external(struct node *n, char **argv)
{
	struct job *j = job_new(n->text);
	pid_t pid;

	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		job_child(j, 1);
		subshell_init();
		if (redir_apply(n->redirs, NULL) < 0)
			_exit(1);
		export_assigns(n);
		exec_argv(argv);
	}
	if (pid < 0) {
		perror("sh: fork");
		job_discard(j);
		return 2;
	}
	job_parent(j, pid);
	return job_wait_fg(j);
}

static int run_simple(struct node *n)
{
	struct saved_fd *saved = NULL;
	builtin_fn fn;
	int argc, r;
	char **argv;

	int substs = subst_count;

	argv = expand_argv(n, &argc);
	if (argc == 0) {
		/* Only assignments and redirections: $? is the last $(..)'s. */
		assign_all(n);
		r = subst_count != substs ? status : 0;
		if (n->redirs && redir_apply(n->redirs, &saved) < 0)
			r = 1;
		redir_restore(saved);
	} else if (func_find_any(argv[0])) {
		assign_all(n);
		if (redir_apply(n->redirs, &saved) < 0 || !func_call(argv, &r))
			r = 1;
		redir_restore(saved);
	} else if ((fn = builtin_find(argv[0]))) {
		assign_all(n);
		if (strcmp(argv[0], "exec") == 0)
			r = redir_apply(n->redirs, NULL) < 0 ? 1 : fn(argv);	/* for good */
		else if (redir_apply(n->redirs, &saved) < 0)
			r = 1;
		else
			r = fn(argv);
		redir_restore(saved);
	} else {
		r = run_external(n, argv);
	}
	vec_free(argv);
	return r;
}

/* After one pass of a loop body: must the loop end? */
static int loop_done(void)
{
	if (loop_break) {
		loop_break--;
		return 1;
	}
	if (loop_continue)
		return --loop_continue > 0;	/* continue N: an outer loop's */
	return interrupted || func_return;
}

static void run_loop(struct node *n)
{
	int last = 0;

	loop_depth++;
	for (;;) {
		run(n->kids[0]);
		if (unwinding()) {
			if (loop_done())
				break;
			continue;
		}
		if ((status == 0) != (n->type == N_WHILE))
			break;
		run(n->kids[1]);
		last = status;
		if (loop_done())
			break;
	}
	loop_depth--;
	status = last;
}

static void run_for(struct node *n)
{
	char **v = calloc(1, sizeof(*v));
	int c = 0, last = 0;

	if (n->words)
		for (char **w = n->words; *w; w++)
			expand_fields(*w, &v, &c);
	else
		for (int i = 1; i < posc; i++)
			vec_push(&v, &c, strdup(posv[i]));
	loop_depth++;
	for (int i = 0; i < c; i++) {
		var_set(n->name, v[i]);
		run(n->kids[0]);
		last = status;
		if (loop_done())
			break;
	}
	loop_depth--;
	vec_free(v);
	status = last;
}

static void run_case(struct node *n)
{
	char *w = expand_word(n->words[0]);

	status = 0;
	for (struct case_item *it = n->items; it; it = it->next) {
		for (char **p = it->pats; *p; p++) {
			char *pat = expand_pattern(*p);
			int hit = pmatch(pat, w);

			free(pat);
			if (hit) {
				if (it->body)
					run(it->body);
				free(w);
				return;
			}
		}
	}
	free(w);
}

static int run_compound(struct node *n)
{
	struct saved_fd *saved = NULL;

	if (redir_apply(n->redirs, &saved) < 0) {
		redir_restore(saved);
		return status = 1;
	}
	switch (n->type) {
	case N_GROUP:
		run(n->kids[0]);
		break;
	case N_IF:
		run(n->kids[0]);
		if (unwinding())
			break;
		if (status == 0)
			run(n->kids[1]);
		else if (n->kids[2])
			run(n->kids[2]);
		else
			status = 0;
		break;
	case N_WHILE:
	case N_UNTIL:
		run_loop(n);
		break;
	case N_FOR:
		run_for(n);
		break;
	case N_CASE:
		run_case(n);
		break;
	default:
		break;
	}
	redir_restore(saved);
	return status;
}

int run(struct node *n)
{
	if (!n || unwinding())
		return status;
	switch (n->type) {
	case N_SIMPLE:
		status = run_simple(n);
		break;
	case N_PIPE:
		status = run_job(n->kids, n->nkids, n->text, 0);
		break;
	case N_SUBSHELL:
		status = run_job(&n, 1, n->text, 0);
		break;
	case N_BG:
		n = n->kids[0];
		if (n->type == N_PIPE)
			status = run_job(n->kids, n->nkids, n->text, 1);
		else
			status = run_job(&n, 1, n->text, 1);
		break;
	case N_NOT:
		run(n->kids[0]);
		status = !status;
		break;
	case N_AND:
		if (run(n->kids[0]) == 0)
			run(n->kids[1]);
		break;
	case N_OR:
		if (run(n->kids[0]) != 0)
			run(n->kids[1]);
		break;
	case N_SEQ:
		run(n->kids[0]);
		run(n->kids[1]);
		break;
	case N_FUNC:
		func_define(n->name, n->body);
		status = 0;
		break;
	default:
		status = run_compound(n);
	}
	return status;
}

int run_text(const char *src)
{
	void *mark = parse_mark();

	while (*src && !unwinding()) {
		struct node *tree;
		size_t used;
		enum parse_result r = parse(src, &used, &tree);

		if (r == P_MORE) {
			fprintf(stderr, "sh: syntax error: unexpected end of file\n");
			status = 2;
			break;
		}
		if (r == P_ERROR) {
			status = 2;
			break;
		}
		if (r == P_OK && !noexec) {
			run(tree);
			jobs_notify();
		}
		parse_release(mark);
		src += used;
	}
	parse_release(mark);
	return status;
}
