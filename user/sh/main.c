/*
 * cleave's shell.
 *
 *   sh                      commands from stdin: a terminal gets the line
 *                           editor and job control, anything else is read
 *                           a line at a time
 *   sh -i                   interactive even if stdin is not a terminal
 *   sh -c CMD [NAME ARG..]  run CMD; $0 is NAME, $1... the ARGs
 *   sh FILE [ARG...]        run the script FILE with $1... set
 *   sh -n ...               only check the syntax
 *
 * Input is parsed one complete command at a time (a compound command
 * may take several lines; the editor then prompts with $PS2) and each is
 * run before the next is read, so a script's later syntax errors do not
 * stop its earlier commands, and a command may read the rest of stdin.
 */
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

static const char *prompt(int more)
{
	const char *p = var_get(more ? "PS2" : "PS1");

	return p ? p : more ? "> " : "$ ";
}

/* A line from fd with its newline, read a byte at a time so that what
 * follows it stays for the commands that read the same input. NULL at
 * the end of input. */
static char *read_line_fd(int fd)
{
	size_t n = 0, cap = 128;
	char *s = malloc(cap);
	ssize_t r;

	while ((r = read(fd, s + n, 1)) != 0) {
		if (r < 0)
			continue;	/* EINTR */
		if (++n + 1 >= cap)
			s = realloc(s, cap *= 2);
		if (s[n - 1] == '\n')
			break;
	}
	s[n] = 0;
	if (n == 0) {
		free(s);
		return NULL;
	}
	return s;
}

static char *next_line(int more)
{
	char *line, *nl;

	if (!interactive)
		return read_line_fd(0);
	fflush(NULL);
	line = edit_line(prompt(more));
	if (line && (nl = realloc(line, strlen(line) + 2))) {
		strcat(nl, "\n");
		line = nl;
	}
	return line;
}

/* Runs every complete command at the start of *text; returns how many
 * bytes it took (the rest needs more input). */
static size_t run_complete(const char *text, int first_line)
{
	void *mark = parse_mark();
	const char *p = text;

	while (*p) {
		struct node *tree;
		size_t used;
		enum parse_result r = parse(p, &used, &tree);

		if (r == P_MORE)
			break;
		if (interactive && first_line && r != P_EMPTY) {
			char *h = strndup(p, used);

			h[strcspn(h, "\n")] = 0;
			history_add(h);
			free(h);
		}
		if (r == P_ERROR) {
			status = 2;
			if (!interactive)
				sh_exit(2);	/* a script stops at a syntax error */
		} else if (r == P_OK && !noexec) {
			run(tree);
		}
		parse_release(mark);
		p += used;
	}
	return p - text;
}

static void read_loop(void)
{
	char *acc = NULL;

	for (;;) {
		char *line;

		if (!acc) {
			jobs_notify();
			interrupted = loop_break = loop_continue = 0;
		}
		line = next_line(acc != NULL);
		if (interactive && interrupted) {	/* ^C in the editor */
			free(line);
			free(acc);
			acc = NULL;
			status = 130;
			continue;
		}
		if (!line) {
			if (acc) {
				fprintf(stderr, "sh: syntax error: unexpected end of file\n");
				status = 2;
			}
			break;
		}
		int first_line = !acc;

		if (acc) {
			acc = realloc(acc, strlen(acc) + strlen(line) + 1);
			strcat(acc, line);
			free(line);
		} else {
			acc = line;
		}
		size_t used = run_complete(acc, first_line);

		if (!acc[used]) {
			free(acc);
			acc = NULL;
		} else {
			memmove(acc, acc + used, strlen(acc + used) + 1);
		}
	}
	free(acc);
}

static _Noreturn void usage(void)
{
	fprintf(stderr, "usage: sh [-in] [-c COMMAND [NAME [ARG...]] | FILE [ARG...]]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	const char *cmd = NULL;
	int i = 1, force_interactive = 0, from_stdin = 0;

	vars_init();
	for (; i < argc && argv[i][0] == '-' && argv[i][1]; i++) {
		if (strcmp(argv[i], "-c") == 0) {
			if (!(cmd = argv[++i]))
				usage();
			i++;
			break;
		} else if (strcmp(argv[i], "-i") == 0) {
			force_interactive = 1;
		} else if (strcmp(argv[i], "-n") == 0) {
			noexec = 1;
		} else if (strcmp(argv[i], "-s") == 0 || strcmp(argv[i], "--") == 0) {
			from_stdin = argv[i][1] == 's';
			i++;
			break;
		} else {
			usage();
		}
	}
	posv = argv;
	posc = 1;
	if (cmd) {
		if (i < argc) {
			posv = argv + i;
			posc = argc - i;
		}
		sh_exit(run_text(cmd));
	}
	if (i < argc && !from_stdin) {
		char *text = read_file(argv[i]);

		if (!text) {
			fprintf(stderr, "sh: %s: cannot open\n", argv[i]);
			return 127;
		}
		posv = argv + i;
		posc = argc - i;
		sh_exit(run_text(text));
	}
	if (i < argc) {
		posv = argv + i - 1;
		posc = argc - i + 1;
		posv[0] = argv[0];
	}
	interactive = force_interactive || (isatty(0) && isatty(2));
	if (interactive) {
		signal(SIGINT, SIG_IGN);
		signal(SIGQUIT, SIG_IGN);
		jobs_init_terminal();
	}
	read_loop();
	if (interactive)
		fputc('\n', stderr);
	sh_exit(status);
}
