/*
 * sh: pipelines, redirections (< > >> 2> 2>>), ; & && ||, quotes, $VAR,
 * $?, $$, $0-$9, $#, comments, cd/exit/export builtins, scripts and -c.
 * Interactive shells (stdin a tty, no script) run each job in its own
 * process group and hand it the terminal while it runs.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXTOK 256
#define MAXARGS 64
#define MAXCMDS 16

enum { T_WORD, T_PIPE, T_SEMI, T_AMP, T_AND, T_OR, T_LT, T_GT, T_GTGT, T_ERRGT, T_ERRGTGT, T_END };

struct token {
	int type;
	char *word;
};

struct cmd {
	char *argv[MAXARGS + 1];
	int argc;
	char *in, *out, *err;
	int outappend, errappend;
};

static int status;            /* $? */
static int interactive;
static pid_t shell_pgid;
static int npos;
static char **pos;            /* $0, $1, ... */

/* ---- lexer ---- */

static void freetokens(struct token *t, int n)
{
	for (int i = 0; i < n; i++)
		free(t[i].word);
}


struct str {
	char *s;
	size_t len, cap;
};

static void put(struct str *b, char c)
{
	if (b->len + 2 > b->cap) {
		b->cap = b->cap ? b->cap * 2 : 32;
		b->s = realloc(b->s, b->cap);
	}
	b->s[b->len++] = c;
	b->s[b->len] = 0;
}

static void puts_str(struct str *b, const char *s)
{
	while (s && *s)
		put(b, *s++);
}

static int isname(char c, int first)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (!first && c >= '0' && c <= '9');
}

/* Expands the $-reference at *pp (just after '$') into b. */
static void dollar(const char **pp, struct str *b)
{
	const char *p = *pp;
	char num[24], name[128];
	size_t n = 0;
	int brace = 0;

	if (*p == '?') {
		snprintf(num, sizeof(num), "%d", status);
		puts_str(b, num);
		*pp = p + 1;
		return;
	}
	if (*p == '$') {
		snprintf(num, sizeof(num), "%d", getpid());
		puts_str(b, num);
		*pp = p + 1;
		return;
	}
	if (*p == '#') {
		snprintf(num, sizeof(num), "%d", npos > 0 ? npos - 1 : 0);
		puts_str(b, num);
		*pp = p + 1;
		return;
	}
	if (*p >= '0' && *p <= '9') {
		int i = *p - '0';

		if (i < npos)
			puts_str(b, pos[i]);
		*pp = p + 1;
		return;
	}
	if (*p == '{') {
		brace = 1;
		p++;
	}
	while (isname(*p, n == 0) && n < sizeof(name) - 1)
		name[n++] = *p++;
	name[n] = 0;
	if (brace && *p == '}')
		p++;
	if (n == 0 && !brace) {
		put(b, '$');
	} else {
		puts_str(b, getenv(name));
	}
	*pp = p;
}

/*
 * Tokenizes one and-or element of *pp: stops after the first ; & && ||
 * or newline so that $-expansion sees the status of earlier commands.
 * Returns the token count (last is the separator or T_END), -1 on error.
 */
static int lex(const char **pp, struct token *t)
{
	const char *p = *pp;
	int n = 0;

	for (;;) {
		struct str w = { 0, 0, 0 };
		int have = 0;

		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (n >= MAXTOK - 1) {
			fprintf(stderr, "sh: line too long\n");
			freetokens(t, n);
			return -1;
		}
		if (*p == '#')
			while (*p && *p != '\n')
				p++;
		if (!*p) {
			t[n].word = NULL;
			t[n++].type = T_END;
			*pp = p + strlen(p);
			return n;
		}
		if (n > 0 && t[n - 1].type >= T_SEMI && t[n - 1].type <= T_OR) {
			*pp = p;
			return n;
		}
		t[n].word = NULL;
		if (*p == '\n' || *p == ';') { t[n++].type = T_SEMI; p++; continue; }
		if (p[0] == '|' && p[1] == '|') { t[n++].type = T_OR; p += 2; continue; }
		if (*p == '|') { t[n++].type = T_PIPE; p++; continue; }
		if (p[0] == '&' && p[1] == '&') { t[n++].type = T_AND; p += 2; continue; }
		if (*p == '&') { t[n++].type = T_AMP; p++; continue; }
		if (*p == '<') { t[n++].type = T_LT; p++; continue; }
		if (p[0] == '>' && p[1] == '>') { t[n++].type = T_GTGT; p += 2; continue; }
		if (*p == '>') { t[n++].type = T_GT; p++; continue; }
		if (p[0] == '2' && p[1] == '>' && p[2] == '>') { t[n++].type = T_ERRGTGT; p += 3; continue; }
		if (p[0] == '2' && p[1] == '>') { t[n++].type = T_ERRGT; p += 2; continue; }

		while (*p && !strchr(" \t\r\n;|&<>", *p)) {
			if (*p == '\'') {
				const char *e = strchr(p + 1, '\'');

				if (!e) {
					fprintf(stderr, "sh: unterminated '\n");
					free(w.s);
					freetokens(t, n);
					return -1;
				}
				for (p++; p < e; p++)
					put(&w, *p);
				p++;
				have = 1;
			} else if (*p == '"') {
				for (p++; *p && *p != '"';) {
					if (*p == '\\' && p[1] && strchr("\"\\$`", p[1])) {
						put(&w, p[1]);
						p += 2;
					} else if (*p == '$') {
						p++;
						dollar(&p, &w);
					} else {
						put(&w, *p++);
					}
				}
				if (*p != '"') {
					fprintf(stderr, "sh: unterminated \"\n");
					free(w.s);
					freetokens(t, n);
					return -1;
				}
				p++;
				have = 1;
			} else if (*p == '\\' && p[1]) {
				put(&w, p[1]);
				p += 2;
				have = 1;
			} else if (*p == '$') {
				p++;
				dollar(&p, &w);
				have = 1;
			} else {
				put(&w, *p++);
				have = 1;
			}
		}
		if (have) {
			t[n].type = T_WORD;
			t[n++].word = w.s ? w.s : strdup("");
		}
	}
}

/* ---- builtins ---- */

static int fg_job(void);

static int builtin(struct cmd *c, int *handled)
{
	char **a = c->argv;

	*handled = 1;
	if (strcmp(a[0], "fg") == 0)
		return fg_job();
	if (strcmp(a[0], "cd") == 0) {
		const char *dir = a[1] ? a[1] : getenv("HOME");

		if (chdir(dir ? dir : "/") < 0) {
			fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
			return 1;
		}
		return 0;
	}
	if (strcmp(a[0], "exit") == 0) {
		fflush(NULL);
		exit(a[1] ? atoi(a[1]) : status);
	}
	if (strcmp(a[0], "export") == 0) {
		for (int i = 1; a[i]; i++) {
			char *eq = strchr(a[i], '=');

			if (eq) {
				*eq = 0;
				setenv(a[i], eq + 1, 1);
				*eq = '=';
			}
		}
		return 0;
	}
	if (strcmp(a[0], "unset") == 0) {
		for (int i = 1; a[i]; i++)
			unsetenv(a[i]);
		return 0;
	}
	*handled = 0;
	return 0;
}

static int isbuiltin(const char *s)
{
	return strcmp(s, "cd") == 0 || strcmp(s, "exit") == 0 || strcmp(s, "export") == 0 ||
	       strcmp(s, "unset") == 0 || strcmp(s, "fg") == 0;
}

/* NAME=value words with no command: set variables. */
static int assignments(struct cmd *c)
{
	for (int i = 0; i < c->argc; i++) {
		char *eq = strchr(c->argv[i], '=');

		if (!eq || eq == c->argv[i] || !isname(c->argv[i][0], 1))
			return 0;
		for (char *q = c->argv[i]; q < eq; q++)
			if (!isname(*q, 0))
				return 0;
	}
	for (int i = 0; i < c->argc; i++) {
		char *eq = strchr(c->argv[i], '=');

		*eq = 0;
		setenv(c->argv[i], eq + 1, 1);
		*eq = '=';
	}
	return 1;
}

/* ---- execution ---- */

static int redirect(const char *path, int flags, int fd)
{
	int f = open(path, flags, 0666);

	if (f < 0) {
		fprintf(stderr, "sh: %s: %s\n", path, strerror(errno));
		return -1;
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
	return 0;
}

static int redirections(struct cmd *c)
{
	if (c->in && redirect(c->in, O_RDONLY, 0) < 0)
		return -1;
	if (c->out && redirect(c->out, O_WRONLY | O_CREAT | (c->outappend ? O_APPEND : O_TRUNC), 1) < 0)
		return -1;
	if (c->err && redirect(c->err, O_WRONLY | O_CREAT | (c->errappend ? O_APPEND : O_TRUNC), 2) < 0)
		return -1;
	return 0;
}

static void default_signals(void)
{
	signal(SIGINT, SIG_DFL);
	signal(SIGQUIT, SIG_DFL);
	signal(SIGTSTP, SIG_DFL);
	signal(SIGTTIN, SIG_DFL);
	signal(SIGTTOU, SIG_DFL);
}

static _Noreturn void child(struct cmd *c, int in, int out, pid_t pgid, int fg)
{
	int handled, r;

	if (interactive) {
		setpgid(0, pgid);
		if (fg)
			tcsetpgrp(0, pgid ? pgid : getpid());
		default_signals();
	}
	if (in != 0) {
		dup2(in, 0);
		close(in);
	}
	if (out != 1) {
		dup2(out, 1);
		close(out);
	}
	if (redirections(c) < 0)
		_exit(1);
	if (c->argc == 0)
		_exit(0);
	r = builtin(c, &handled);
	if (handled) {
		fflush(NULL);
		_exit(r);
	}
	execvp(c->argv[0], c->argv);
	if (errno == ENOENT)
		fprintf(stderr, "sh: %s: not found\n", c->argv[0]);
	else
		fprintf(stderr, "sh: %s: %s\n", c->argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
}

static int decode(int st)
{
	if (WIFSIGNALED(st)) {
		if (WTERMSIG(st) == SIGINT && interactive)
			fprintf(stderr, "\n");
		return 128 + WTERMSIG(st);
	}
	return WEXITSTATUS(st);
}

/* The one stopped job (Ctrl-Z sends the foreground group SIGTSTP): its
 * process group, the pids not yet waited for, and its text. Minimal job
 * control: a second stopped job replaces the first. */
static struct {
	pid_t pgid;
	pid_t pids[MAXCMDS];
	int n;
	char name[80];
} stopped_job;

/* Waits for the foreground job; interactive, a stop (WUNTRACED) hands
 * the job to stopped_job and gives the prompt back. */
static int wait_job(pid_t pgid, pid_t *pids, int n, const char *name)
{
	int st = 0, result = 0;

	for (int i = 0; i < n; i++) {
		pid_t r;

		while ((r = waitpid(pids[i], &st, interactive ? WUNTRACED : 0)) < 0 && errno == EINTR)
			;
		if (r > 0 && WIFSTOPPED(st)) {
			stopped_job.pgid = pgid;
			stopped_job.n = 0;
			for (int j = i; j < n; j++)
				stopped_job.pids[stopped_job.n++] = pids[j];
			if (name != stopped_job.name)
				snprintf(stopped_job.name, sizeof(stopped_job.name), "%s", name);
			fprintf(stderr, "\n[1]+  Stopped                 %s\n", stopped_job.name);
			return 128 + WSTOPSIG(st);
		}
		if (i == n - 1)
			result = decode(st);
	}
	return result;
}

/* fg: continue the stopped job in the foreground. */
static int fg_job(void)
{
	pid_t pids[MAXCMDS];
	int n = stopped_job.n, r;

	if (!n) {
		fprintf(stderr, "sh: fg: no current job\n");
		return 1;
	}
	memcpy(pids, stopped_job.pids, sizeof(pids));
	stopped_job.n = 0;
	fprintf(stderr, "%s\n", stopped_job.name);
	if (interactive)
		tcsetpgrp(0, stopped_job.pgid);
	kill(-stopped_job.pgid, SIGCONT);
	r = wait_job(stopped_job.pgid, pids, n, stopped_job.name);
	if (interactive)
		tcsetpgrp(0, shell_pgid);
	return r;
}

/* Runs a builtin in the shell itself, with redirections undone afterwards. */
static int run_builtin(struct cmd *c)
{
	int saved[3], handled, r;

	for (int i = 0; i < 3; i++)
		saved[i] = fcntl(i, F_DUPFD_CLOEXEC, 10);
	r = redirections(c) < 0 ? 1 : builtin(c, &handled);
	fflush(NULL);
	for (int i = 0; i < 3; i++) {
		if (saved[i] >= 0) {
			dup2(saved[i], i);
			close(saved[i]);
		}
	}
	return r;
}

static int run_pipeline(struct cmd *cmds, int n, int bg)
{
	pid_t pids[MAXCMDS], pgid = 0;
	int in = 0, last = 0;

	if (n == 1 && !bg && cmds[0].argc && isbuiltin(cmds[0].argv[0]))
		return run_builtin(&cmds[0]);
	if (n == 1 && !bg && cmds[0].argc && !cmds[0].in && !cmds[0].out && !cmds[0].err &&
	    assignments(&cmds[0]))
		return 0;
	fflush(NULL);
	for (int i = 0; i < n; i++) {
		int fds[2] = { -1, 1 };
		pid_t pid;

		if (i < n - 1 && pipe(fds) < 0) {
			fprintf(stderr, "sh: pipe: %s\n", strerror(errno));
			break;
		}
		pid = fork();
		if (pid == 0) {
			if (fds[0] >= 0)
				close(fds[0]);
			child(&cmds[i], in, fds[1], pgid, !bg);
		}
		if (pid < 0) {
			fprintf(stderr, "sh: fork: %s\n", strerror(errno));
			if (fds[0] >= 0) {
				close(fds[0]);
				close(fds[1]);
			}
			break;
		}
		if (interactive)
			setpgid(pid, pgid ? pgid : pid);
		if (!pgid)
			pgid = pid;
		pids[last++] = pid;
		if (in != 0)
			close(in);
		if (fds[1] != 1)
			close(fds[1]);
		in = fds[0];
	}
	if (in > 0)
		close(in);
	if (bg) {
		if (interactive && last)
			fprintf(stderr, "[%d]\n", pids[last - 1]);
		return 0;
	}
	if (interactive && pgid)
		tcsetpgrp(0, pgid);
	{
		char name[80] = "";
		size_t len = 0;

		for (int i = 0; i < n && len < sizeof(name) - 1; i++)
			for (int j = 0; j < cmds[i].argc && len < sizeof(name) - 1; j++)
				len += snprintf(name + len, sizeof(name) - len, "%s%s",
						len ? (j ? " " : " | ") : "", cmds[i].argv[j]);
		status = wait_job(pgid, pids, last, name);
	}
	if (interactive)
		tcsetpgrp(0, shell_pgid);
	return last == n ? status : 1;
}

/* Parses and runs one line, one and-or element at a time. */
static void run_line(const char *line)
{
	static struct token t[MAXTOK];
	struct cmd cmds[MAXCMDS];
	int connector = T_SEMI, n;

	for (;;) {
		int i = 0, nc = 0, end;
		struct cmd *c;

		n = lex(&line, t);
		if (n < 0) {
			status = 2;
			return;
		}
		memset(cmds, 0, sizeof(cmds));
		c = &cmds[0];
		for (; i < n; i++) {
			int ty = t[i].type;

			if (ty == T_WORD) {
				if (c->argc < MAXARGS)
					c->argv[c->argc++] = t[i].word;
			} else if (ty >= T_LT && ty <= T_ERRGTGT) {
				if (i + 1 >= n || t[i + 1].type != T_WORD) {
					fprintf(stderr, "sh: syntax error: missing file name\n");
					goto syntax;
				}
				char *f = t[++i].word;

				if (ty == T_LT)
					c->in = f;
				else if (ty == T_GT || ty == T_GTGT)
					c->out = f, c->outappend = ty == T_GTGT;
				else
					c->err = f, c->errappend = ty == T_ERRGTGT;
			} else if (ty == T_PIPE) {
				if (c->argc == 0 || nc + 1 >= MAXCMDS) {
					fprintf(stderr, "sh: syntax error near '|'\n");
					goto syntax;
				}
				c = &cmds[++nc];
			} else {
				break;
			}
		}
		nc++;
		end = i < n ? t[i].type : T_END;
		if (c->argc == 0 && !c->in && !c->out && !c->err) {
			if (nc > 1 || (end != T_SEMI && end != T_END)) {
				fprintf(stderr, "sh: syntax error\n");
				goto syntax;
			}
		} else if (!((connector == T_AND && status != 0) || (connector == T_OR && status == 0))) {
			status = run_pipeline(cmds, nc, end == T_AMP);
		}
		freetokens(t, n);
		if (end == T_END)
			return;
		connector = end;
	}
syntax:
	status = 2;
	freetokens(t, n);
}

static void reap_background(void)
{
	int st;
	pid_t pid;

	while ((pid = waitpid(-1, &st, WNOHANG)) > 0)
		if (interactive)
			fprintf(stderr, "[%d] done %d\n", pid, decode(st));
}

static int run_file(FILE *f)
{
	char *line = NULL;
	size_t cap = 0;

	for (;;) {
		reap_background();
		if (interactive) {
			fputs("$ ", stderr);
		}
		if (getline(&line, &cap, f) < 0)
			break;
		run_line(line);
	}
	free(line);
	return status;
}

int main(int argc, char **argv)
{
	FILE *in = stdin;

	pos = argv;
	npos = argc;
	if (argc >= 3 && strcmp(argv[1], "-c") == 0) {
		npos = 1;
		if (argc > 3) {
			pos = argv + 3;
			npos = argc - 3;
		}
		run_line(argv[2]);
		fflush(NULL);
		return status;
	}
	if (argc >= 2) {
		in = fopen(argv[1], "r");
		if (!in) {
			fprintf(stderr, "sh: %s: %s\n", argv[1], strerror(errno));
			return 127;
		}
		pos = argv + 1;
		npos = argc - 1;
	} else if (isatty(0)) {
		interactive = 1;
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		signal(SIGTSTP, SIG_IGN);
		signal(SIGTTIN, SIG_IGN);
		signal(SIGTTOU, SIG_IGN);
		setpgid(0, 0);
		shell_pgid = getpgrp();
		tcsetpgrp(0, shell_pgid);
	}
	run_file(in);
	if (interactive)
		fputs("\n", stderr);
	return status;
}
