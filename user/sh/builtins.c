/* Builtins: commands the shell runs itself, because they change the
 * shell (cd, exit, export, ...) or its jobs (jobs.c), or are cheap
 * (test, true). Each takes argv and returns its exit status. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

static int bi_true(char **argv) { (void)argv; return 0; }
static int bi_false(char **argv) { (void)argv; return 1; }

static int bi_cd(char **argv)
{
	const char *dir = argv[1];
	char cwd[1024];

	if (!dir)
		dir = var_get("HOME") ? var_get("HOME") : "/";
	else if (strcmp(dir, "-") == 0 && !(dir = var_get("OLDPWD"))) {
		fprintf(stderr, "sh: cd: OLDPWD not set\n");
		return 1;
	}
	if (chdir(dir) < 0) {
		fprintf(stderr, "sh: cd: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	if (var_get("PWD"))
		var_set("OLDPWD", var_get("PWD"));
	if (getcwd(cwd, sizeof(cwd)))
		var_set("PWD", cwd);
	if (argv[1] && strcmp(argv[1], "-") == 0)
		printf("%s\n", cwd);
	return 0;
}

static int bi_pwd(char **argv)
{
	char cwd[1024];

	(void)argv;
	if (!getcwd(cwd, sizeof(cwd))) {
		fprintf(stderr, "sh: pwd: %s\n", strerror(errno));
		return 1;
	}
	printf("%s\n", cwd);
	return 0;
}

static int bi_exit(char **argv)
{
	sh_exit(argv[1] ? atoi(argv[1]) & 0xff : status);
}

static int bi_export(char **argv)
{
	if (!argv[1] || strcmp(argv[1], "-p") == 0) {
		vars_print(1);
		return 0;
	}
	for (int i = 1; argv[i]; i++) {
		char *eq = strchr(argv[i], '=');
		char *name = eq ? strndup(argv[i], eq - argv[i]) : strdup(argv[i]);

		if (!var_name_ok(name, strlen(name))) {
			fprintf(stderr, "sh: export: %s: bad variable name\n", name);
			free(name);
			return 1;
		}
		if (eq)
			var_set(name, eq + 1);
		var_export(name);
		free(name);
	}
	return 0;
}

static int bi_unset(char **argv)
{
	for (int i = 1; argv[i]; i++)
		var_unset(argv[i]);
	return 0;
}

static int bi_set(char **argv)
{
	if (!argv[1]) {
		vars_print(0);
		return 0;
	}
	if (strcmp(argv[1], "--") != 0) {
		fprintf(stderr, "sh: set: only 'set -- ARGS' is supported\n");
		return 2;
	}
	int n = 0;

	while (argv[2 + n])
		n++;
	char **v = malloc((n + 2) * sizeof(*v));

	v[0] = posv[0];
	for (int i = 0; i <= n; i++)
		v[1 + i] = argv[2 + i] ? strdup(argv[2 + i]) : NULL;
	posv = v;	/* the old vector may be argv itself: not freed */
	posc = n + 1;
	return 0;
}

static int bi_shift(char **argv)
{
	int n = argv[1] ? atoi(argv[1]) : 1;

	if (n < 0 || n > posc - 1) {
		fprintf(stderr, "sh: shift: can't shift that many\n");
		return 1;
	}
	posv[n] = posv[0];
	posv += n;
	posc -= n;
	return 0;
}

static int bi_umask(char **argv)
{
	if (!argv[1]) {
		mode_t m = umask(0);

		umask(m);
		printf("%04o\n", m);
		return 0;
	}
	char *end;
	long m = strtol(argv[1], &end, 8);

	if (*end || m < 0 || m > 0777) {
		fprintf(stderr, "sh: umask: %s: bad mask (octal only)\n", argv[1]);
		return 1;
	}
	umask(m);
	return 0;
}

static int is_keyword(const char *s)
{
	static const char *const words[] = { "if", "then", "elif", "else", "fi", "while", "until",
					     "for", "in", "do", "done", "case", "esac", "{", "}",
					     "!", NULL };

	for (int i = 0; words[i]; i++)
		if (strcmp(s, words[i]) == 0)
			return 1;
	return 0;
}

static int bi_type(char **argv)
{
	int rc = 0;

	for (int i = 1; argv[i]; i++) {
		char *path;

		if (is_keyword(argv[i])) {
			printf("%s is a shell keyword\n", argv[i]);
		} else if (func_find_any(argv[i])) {
			printf("%s is a function\n", argv[i]);
		} else if (builtin_find(argv[i])) {
			printf("%s is a shell builtin\n", argv[i]);
		} else if ((path = path_search(argv[i])) && access(path, X_OK) == 0) {
			printf("%s is %s\n", argv[i], path);
			free(path);
		} else {
			free(path);
			fprintf(stderr, "sh: type: %s: not found\n", argv[i]);
			rc = 1;
		}
	}
	return rc;
}

/* read [-r] NAME...: one line from stdin, split by IFS over the names
 * (the last takes the rest). Byte by byte, so no input past the line is
 * taken from a pipe or file that others read next. */
static int bi_read(char **argv)
{
	const char *ifs = var_get("IFS") ? var_get("IFS") : " \t\n";
	int raw = argv[1] && strcmp(argv[1], "-r") == 0, eof = 0;
	char **names = argv + 1 + raw, *line = malloc(LINE_MAX + 1);
	size_t n = 0;
	char c;

	for (;;) {
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			eof = 1;
			break;
		}
		if (c == '\\' && !raw) {
			if (read(0, &c, 1) == 1 && c != '\n' && n < LINE_MAX)
				line[n++] = c;
			continue;
		}
		if (c == '\n')
			break;
		if (n < LINE_MAX)
			line[n++] = c;
	}
	line[n] = 0;
	char *p = line;

	for (int i = 0; names[i]; i++) {
		while (*p && strchr(ifs, *p) && strchr(" \t\n", *p))
			p++;
		char *e = p;

		if (names[i + 1])
			while (*e && !strchr(ifs, *e))
				e++;
		else
			e = p + strlen(p);
		char saved = *e;

		*e = 0;
		if (!names[i + 1])	/* the rest, trailing IFS blanks removed */
			for (char *t = e; t > p && strchr(" \t\n", t[-1]) && strchr(ifs, t[-1]); t--)
				t[-1] = 0;
		var_set(names[i], p);
		*e = saved;
		p = *e ? e + 1 : e;
	}
	free(line);
	return eof && n == 0 ? 1 : 0;
}

static int bi_eval(char **argv)
{
	size_t len = 1;
	char *s;

	for (int i = 1; argv[i]; i++)
		len += strlen(argv[i]) + 1;
	s = calloc(1, len);
	for (int i = 1; argv[i]; i++) {
		strcat(s, argv[i]);
		if (argv[i + 1])
			strcat(s, " ");
	}
	status = 0;
	run_text(s);
	free(s);
	return status;
}

/* The whole of a file as a string, NULL (errno set) if it cannot be read. */
char *read_file(const char *path)
{
	int fd = open(path, O_RDONLY);
	size_t n = 0, cap = 4096;
	char *s;
	ssize_t r;

	if (fd < 0)
		return NULL;
	s = malloc(cap);
	while ((r = read(fd, s + n, cap - n - 1)) > 0) {
		n += r;
		if (n + 1 == cap)
			s = realloc(s, cap *= 2);
	}
	close(fd);
	s[n] = 0;
	return s;
}

static int bi_source(char **argv)
{
	char *text, *path;

	if (!argv[1]) {
		fprintf(stderr, "sh: .: file name required\n");
		return 2;
	}
	path = strchr(argv[1], '/') ? strdup(argv[1]) : path_search(argv[1]);
	text = path ? read_file(path) : NULL;
	if (!text) {
		fprintf(stderr, "sh: .: %s: %s\n", argv[1], path ? strerror(errno) : "not found");
		free(path);
		return 1;
	}
	status = 0;
	run_text(text);
	free(text);
	free(path);
	return status;
}

static int bi_exec(char **argv)
{
	if (!argv[1])
		return 0;	/* only redirections: already made for good */
	fflush(NULL);
	if (interactive)
		jobs_restore_terminal();
	exec_argv(argv + 1);
}

static int loop_count(char **argv, const char *who)
{
	int n = argv[1] ? atoi(argv[1]) : 1;

	if (n < 1) {
		fprintf(stderr, "sh: %s: bad count\n", who);
		return 0;
	}
	if (loop_depth == 0)
		return 0;	/* outside a loop: nothing to do, as in ash */
	return n > loop_depth ? loop_depth : n;
}

static int bi_break(char **argv)
{
	loop_break = loop_count(argv, "break");
	return 0;
}

static int bi_continue(char **argv)
{
	loop_continue = loop_count(argv, "continue");
	return 0;
}

static int bi_help(char **argv);

static const struct {
	const char *name;
	builtin_fn fn;
	const char *help;
} table[] = {
	{ ":", bi_true, "do nothing, successfully" },
	{ ".", bi_source, "FILE: run the commands in FILE in this shell" },
	{ "[", bi_test, "EXPR ]: the same as test" },
	{ "bg", bi_bg, "[JOB]: continue a stopped job in the background" },
	{ "break", bi_break, "[N]: leave the innermost (Nth) loop" },
	{ "cd", bi_cd, "[DIR|-]: change directory (default $HOME)" },
	{ "continue", bi_continue, "[N]: next iteration of the innermost (Nth) loop" },
	{ "eval", bi_eval, "ARGS: run ARGS as shell commands" },
	{ "exec", bi_exec, "[CMD ARGS]: replace the shell with CMD; redirections stay" },
	{ "exit", bi_exit, "[N]: leave the shell" },
	{ "export", bi_export, "[NAME[=VALUE]]...: give variables to commands" },
	{ "false", bi_false, "fail" },
	{ "fg", bi_fg, "[JOB]: continue a job in the foreground" },
	{ "help", bi_help, "list the builtins" },
	{ "jobs", bi_jobs, "[-l|-p]: list the jobs" },
	{ "kill", bi_kill, "[-SIG] PID|JOB...: send a signal (default TERM); -l: names" },
	{ "pwd", bi_pwd, "print the working directory" },
	{ "read", bi_read, "[-r] NAME...: read a line into variables" },
	{ "return", bi_return, "[N]: leave the function with status N" },
	{ "set", bi_set, "[-- ARGS]: set $1..., or list the variables" },
	{ "shift", bi_shift, "[N]: drop the first N positional parameters" },
	{ "source", bi_source, "FILE: the same as ." },
	{ "test", bi_test, "EXPR: check files, strings and numbers" },
	{ "true", bi_true, "do nothing, successfully" },
	{ "type", bi_type, "NAME...: say what a command name is" },
	{ "umask", bi_umask, "[MODE]: show or set the file creation mask (octal)" },
	{ "unset", bi_unset, "NAME...: remove variables" },
	{ "wait", bi_wait, "[JOB|PID]...: wait for background jobs" },
};
#define NBUILTINS (sizeof(table) / sizeof(table[0]))

const char *const builtin_names[] = {
	":", ".", "[", "bg", "break", "cd", "continue", "eval", "exec", "exit", "export", "false",
	"fg", "help", "jobs", "kill", "pwd", "read", "return", "set", "shift", "source", "test", "true", "type",
	"umask", "unset", "wait", NULL,
};
_Static_assert(sizeof(builtin_names) / sizeof(builtin_names[0]) == NBUILTINS + 1,
	       "builtin_names lists every builtin");

static int bi_help(char **argv)
{
	(void)argv;
	printf("cleave sh builtins (JOB: %%N, %%+, %%-, %%NAME):\n");
	for (size_t i = 0; i < NBUILTINS; i++)
		printf("  %-9s %s\n", table[i].name, table[i].help);
	printf("Syntax: | && || ; & ! ( ) { } if/elif/else, while, until, for, case, f() {..},\n"
	       "$VAR ${VAR:-x} $(cmd) $((expr)) * ? [..] ~, < > >> 2>&1; # comments.\n");
	return 0;
}

builtin_fn builtin_find(const char *name)
{
	for (size_t i = 0; i < NBUILTINS; i++)
		if (strcmp(name, table[i].name) == 0)
			return table[i].fn;
	return NULL;
}
