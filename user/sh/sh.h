/* cleave's shell: declarations shared by its files.
 *
 *   main.c      start-up, reading commands (script, -c, stdin, terminal)
 *   lex.c       tokens from the source text
 *   parse.c     the grammar: source text -> a tree of struct node
 *   exec.c      running the tree: simple commands, pipelines, compounds
 *   redir.c     redirections
 *   expand.c    word expansion: $var, ${..}, $(..), quotes, fields
 *   arith.c     $((expression))
 *   glob.c      pattern matching and pathname expansion
 *   vars.c      shell variables and positional parameters
 *   jobs.c      the job table, waiting, job control on the terminal;
 *               jobcmds.c: jobs, fg, bg, wait, kill
 *   func.c      shell functions
 *   builtins.c  cd, pwd, exit, export, jobs, fg, ... ; test.c: test/[
 *   edit.c      the line editor and history; complete.c: TAB completion
 */
#ifndef SH_H
#define SH_H
#include <stddef.h>
#include <sys/types.h>

#define LINE_MAX 4096		/* longest line the editor takes */

/* ---- the syntax tree (parse.c) ---- */

enum node_type {
	N_SIMPLE,	/* words, assignments, redirections */
	N_PIPE,		/* kids[0] | kids[1] | ... */
	N_AND, N_OR,	/* kids[0] && kids[1], kids[0] || kids[1] */
	N_NOT,		/* ! kids[0] */
	N_SEQ,		/* kids[0] ; kids[1] */
	N_BG,		/* kids[0] & */
	N_SUBSHELL,	/* ( kids[0] ) */
	N_GROUP,	/* { kids[0] ; } */
	N_IF,		/* if kids[0] then kids[1] else kids[2] (may be NULL) */
	N_WHILE, N_UNTIL,	/* while kids[0] do kids[1] done */
	N_FOR,		/* for name in words; do kids[0] done */
	N_CASE,		/* case words[0] in: items */
	N_FUNC,		/* name() { ... }: the body's source in body */
};

enum redir_type { R_IN, R_OUT, R_APPEND, R_DUPIN, R_DUPOUT, R_RDWR };

struct redir {
	enum redir_type type;
	int fd;			/* the descriptor redirected */
	char *word;		/* file name or descriptor, unexpanded */
	struct redir *next;
};

struct case_item {
	char **pats;		/* unexpanded patterns, NULL-terminated */
	struct node *body;	/* may be NULL */
	struct case_item *next;
};

struct node {
	enum node_type type;
	struct node **kids;
	int nkids;
	char **words;		/* N_SIMPLE argv, N_FOR list (NULL: "$@"), N_CASE word */
	char **assigns;		/* N_SIMPLE: NAME=value words */
	char *name;		/* N_FOR variable */
	struct case_item *items;	/* N_CASE */
	struct redir *redirs;
	char *text;		/* the source text (pipelines, for job names) */
	char *body;		/* N_FUNC: the body's source text */
};

enum parse_result { P_OK, P_EMPTY, P_MORE, P_ERROR };

/* Parses one complete command (up to an unquoted newline or the end)
 * from src. P_OK: *out is its tree and *used the bytes taken. P_EMPTY:
 * only blanks, comments and a newline (*used set). P_MORE: src ends
 * inside the command (more input would complete it). P_ERROR: a syntax
 * error, already reported. Trees live until parse_release(). */
enum parse_result parse(const char *src, size_t *used, struct node **out);
/* Frees every tree parsed since the mark was taken (nested run_text). */
void *parse_mark(void);
void parse_release(void *mark);

/* ---- lexer (lex.c), used by parse.c ---- */

enum tok_type {
	T_WORD, T_NEWLINE, T_EOF, T_SEMI, T_DSEMI, T_AMP, T_AND, T_OR, T_PIPE,
	T_LPAREN, T_RPAREN, T_REDIR, T_MORE, T_BAD,
};

struct token {
	enum tok_type type;
	const char *start;	/* the text (T_WORD: raw, quotes kept) */
	size_t len;
	enum redir_type redir;	/* T_REDIR */
	int fd;			/* T_REDIR: the descriptor, -1 for the default */
};

/* The token at *pp, advancing *pp past it. T_MORE: the text ends inside
 * a quote or $(..); T_BAD: an unexpected character. */
struct token lex(const char **pp);
/* Length of the word starting at p (0: not a word), or -1 if it is
 * unterminated. */
long word_len(const char *p);
/* From p just after "$(" or "`" (close ')' or '`'): the length up to the
 * matching close, -1 if there is none. */
long subst_len(const char *p, char close);
/* From p just after an opening '"': the length through the closing '"',
 * -1 if there is none. */
long dquote_len(const char *p);

/* ---- expansion (expand.c, arith.c, glob.c) ---- */

/* Expands a word into fields (field splitting and pathname expansion),
 * appended to the NULL-terminated malloc'd vector *v of *n entries. */
void expand_fields(const char *word, char ***v, int *n);
/* Expands a word into one string: no field splitting, no globbing
 * (assignments, redirection targets, the case word). */
char *expand_word(const char *word);
/* Expands a case pattern: quoted characters come back escaped. */
char *expand_pattern(const char *word);
/* The output of running text in a subshell, trailing newlines removed;
 * its exit status goes to $? and subst_count counts them. */
char *command_output(const char *text, size_t len);
extern int subst_count;
/* $((expr)) with expr already expanded; 0 and a message on error. */
long arith(const char *expr, int *err);
/* Does s match the shell pattern pat (* ? [..] and \ escapes)? */
int pmatch(const char *pat, const char *s);
/* Pathname expansion of pat: matches appended to *v (sorted); returns
 * how many (0: none, *v untouched). */
int glob_expand(const char *pat, char ***v, int *n);
/* Appends s (taken over) to the NULL-terminated vector *v. */
void vec_push(char ***v, int *n, char *s);
void vec_free(char **v);

/* ---- variables (vars.c) ---- */

const char *var_get(const char *name);	/* NULL if unset */
void var_set(const char *name, const char *value);	/* exported ones go to environ */
void var_export(const char *name);
void var_unset(const char *name);
int var_name_ok(const char *s, size_t len);
/* NAME=value: set it (in the shell); 0 if word is not an assignment. */
int var_assign(const char *word);
void vars_init(void);
/* Prints the variables: "export NAME='value'" for exported ones only
 * (exported) or every NAME='value'. */
void vars_print(int exported);

extern char **posv;		/* $0, $1, ... */
extern int posc;		/* entries in posv, $0 included */

/* ---- execution (exec.c, redir.c) ---- */

extern int status;		/* $? */
extern pid_t last_bg;		/* $! */
extern int interactive;		/* job control and the line editor */
extern int noexec;		/* sh -n: parse, run nothing */
extern pid_t shell_pgid;
/* break/continue in progress: how many loops still to leave. */
extern int loop_break, loop_continue;
extern int loop_depth;
/* return in progress: leave the function being run. */
extern int func_return;
/* Unwinding (break, continue, return, ^C): run() does nothing. */
int unwinding(void);

int run(struct node *n);
/* Parses and runs all of src (a script, -c, $(..), a sourced file).
 * Stops early on exit; syntax errors set status 2 and end the text. */
int run_text(const char *src);
/* Exit the shell (flushing output, restoring the terminal). */
_Noreturn void sh_exit(int code);
/* In a forked child: reset what a subshell must not inherit. */
void subshell_init(void);
/* Search PATH for an executable; returns malloc'd path or NULL. */
char *path_search(const char *name);
/* Runs argv[0] (found in PATH) in this process; never returns. */
_Noreturn void exec_argv(char **argv);

/* Applies redirections in the shell, remembering what they replaced in
 * *saved (restored by redir_restore). Returns -1 (reported) on failure. */
struct saved_fd;
int redir_apply(struct redir *r, struct saved_fd **saved);
void redir_restore(struct saved_fd *saved);

/* ---- functions (func.c) ---- */

void func_define(const char *name, const char *body);
int func_find_any(const char *name);
/* Runs function argv[0] with $1... from argv if there is one: 1 and its
 * status in *st; 0 if there is no such function. */
int func_call(char **argv, int *st);
int bi_return(char **argv);

/* ---- jobs (jobs.c, jobcmds.c) ---- */

struct job;
extern int job_control;		/* process groups and the terminal */
extern int interrupted;		/* a foreground job died of ^C: back to the prompt */
/* A new job; text is copied. */
struct job *job_new(const char *text);
pid_t job_pgid(struct job *j);
/* After fork: the child joins the job's group (and, fg, takes the
 * terminal) and gets default signals; the parent records the child. */
void job_child(struct job *j, int fg);
void job_parent(struct job *j, pid_t pid);
/* A job that got no process (fork failed). */
void job_discard(struct job *j);
/* A subshell: no job control; the parent's jobs are listed, not waited for. */
void jobs_forget(void);
/* Waits for a foreground job: until it ends (its status: the last
 * command's) or (job control) stops. */
int job_wait_fg(struct job *j);
/* The job is in the background: keep it, "[N] PID" if interactive. */
void job_background(struct job *j);
/* Before a prompt: report and forget finished jobs. */
void jobs_notify(void);
/* Terminal set-up for an interactive shell, and its undoing at exit. */
void jobs_init_terminal(void);
void jobs_restore_terminal(void);
int bi_jobs(char **argv);
int bi_fg(char **argv);
int bi_bg(char **argv);
int bi_wait(char **argv);
int bi_kill(char **argv);
/* The wait status as $? (128 + signal when killed). */
int exit_code(int wstatus);

/* ---- builtins (builtins.c, test.c) ---- */

typedef int (*builtin_fn)(char **argv);
builtin_fn builtin_find(const char *name);
/* Names, NULL-terminated (completion, help). */
extern const char *const builtin_names[];
int bi_test(char **argv);
/* The whole of a file as a string; NULL (errno set) if it cannot be read. */
char *read_file(const char *path);

/* ---- line editing (edit.c, complete.c) ---- */

/* Reads one line (without its newline) with editing and history; NULL
 * at the end of input (^D on an empty line). */
char *edit_line(const char *prompt);
void history_add(const char *line);
/* TAB in the editor: completes the word before buf[*pos] in place (the
 * buffer holds cap bytes). Returns 1 if it printed a list of choices
 * (the caller shows the prompt and line again), else 0. */
int complete(char *buf, size_t *len, size_t *pos, size_t cap);

#endif
