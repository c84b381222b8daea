/* Word expansion (POSIX 2.6): tilde, parameters ($x ${x} ${x:-w} ...),
 * command substitution ($(..) `..`), arithmetic ($((..))), then field
 * splitting, pathname expansion and quote removal.
 *
 * The expanded text is built one character at a time, each with a class
 * that says what the later steps may do with it:
 *   C_LIT    written unquoted in the word: globbing applies
 *   C_EXP    from an unquoted expansion: field splitting and globbing apply
 *   C_Q      quoted (or escaped): taken literally
 *   C_BREAK  not a character: a field boundary ("$@")
 * so quoting is decided once, where the quotes are, and never re-parsed. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>
#include "sh.h"

enum { C_LIT, C_EXP, C_Q, C_BREAK };

struct xbuf {
	char *s, *cls;
	size_t len, cap;
	int quoted;		/* the word had quotes: it makes a field even if empty */
};

static void xput(struct xbuf *b, char c, char cls)
{
	if (b->len + 1 >= b->cap) {
		b->cap = b->cap ? b->cap * 2 : 64;
		b->s = realloc(b->s, b->cap);
		b->cls = realloc(b->cls, b->cap);
	}
	b->s[b->len] = c;
	b->cls[b->len++] = cls;
	b->s[b->len] = 0;
}

static void xputs(struct xbuf *b, const char *s, char cls)
{
	while (s && *s)
		xput(b, *s++, cls);
}

static void xfree(struct xbuf *b)
{
	free(b->s);
	free(b->cls);
	memset(b, 0, sizeof(*b));
}

/* The characters as a plain string. */
static char *flatten(const struct xbuf *b)
{
	char *s = malloc(b->len + 1);
	size_t n = 0;

	for (size_t i = 0; i < b->len; i++)
		if (b->cls[i] != C_BREAK)
			s[n++] = b->s[i];
	s[n] = 0;
	return s;
}

/* The characters as a pattern: quoted ones escaped. */
static char *as_pattern(const struct xbuf *b)
{
	char *s = malloc(2 * b->len + 1);
	size_t n = 0;

	for (size_t i = 0; i < b->len; i++) {
		if (b->cls[i] == C_BREAK)
			continue;
		if (b->cls[i] == C_Q && strchr("*?[]\\", b->s[i]))
			s[n++] = '\\';
		s[n++] = b->s[i];
	}
	s[n] = 0;
	return s;
}

static void expand_text(const char *p, const char *end, struct xbuf *b, int dq);

/* [p, end) expanded as if in double quotes, as a string. */
static char *expand_dq(const char *p, const char *end)
{
	struct xbuf b = { 0 };
	char *s;

	expand_text(p, end, &b, 1);
	s = flatten(&b);
	xfree(&b);
	return s;
}

int subst_count;

char *command_output(const char *text, size_t len)
{
	size_t n = 0, cap = 256;
	char *out = malloc(cap);
	int fds[2], st;
	ssize_t r;
	pid_t pid;

	out[0] = 0;
	if (pipe(fds) < 0) {
		perror("sh: pipe");
		return out;
	}
	fflush(NULL);
	pid = fork();
	if (pid == 0) {
		char *src = strndup(text, len);

		close(fds[0]);
		if (fds[1] != 1) {
			dup2(fds[1], 1);
			close(fds[1]);
		}
		subshell_init();
		sh_exit(run_text(src));
	}
	close(fds[1]);
	while ((r = read(fds[0], out + n, cap - n - 1)) != 0) {
		if (r < 0)
			continue;	/* EINTR */
		n += r;
		if (n + 1 == cap)
			out = realloc(out, cap *= 2);
	}
	close(fds[0]);
	while (n > 0 && out[n - 1] == '\n')
		n--;
	out[n] = 0;
	if (pid < 0) {
		perror("sh: fork");
		status = 2;
		return out;
	}
	while (waitpid(pid, &st, 0) < 0)
		;
	status = exit_code(st);
	subst_count++;
	return out;
}

/* `..`: the text with \\ \` \$ (and \" in double quotes) unescaped. */
static char *backquote_text(const char *p, size_t n, int dq)
{
	char *s = malloc(n + 1), *d = s;

	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\' && i + 1 < n && (strchr("\\`$", p[i + 1]) || (dq && p[i + 1] == '"')))
			i++;
		*d++ = p[i];
	}
	*d = 0;
	return s;
}

/* $1 ... $9 ${10}: the positional parameter, NULL if unset. */
static const char *positional(long i)
{
	return i >= 0 && i < posc ? posv[i] : NULL;
}

/* $@ and $*: in double quotes "$@" makes one field per parameter and
 * "$*" one field joined by IFS's first character; unquoted, both are
 * split like any expansion. */
static void put_params(struct xbuf *b, int dq, int star)
{
	const char *ifs = var_get("IFS");

	for (int i = 1; i < posc; i++) {
		if (i > 1) {
			if (!dq)
				xput(b, ' ', C_EXP);
			else if (!star)
				xput(b, 0, C_BREAK);
			else if (!ifs || *ifs)
				xput(b, ifs ? ifs[0] : ' ', C_Q);
		}
		xputs(b, posv[i], dq ? C_Q : C_EXP);
	}
}

/* The value of a special or named parameter (malloc'd), NULL if unset. */
static char *param_value(const char *name)
{
	char num[24];

	if (name[0] && !name[1] && strchr("?$!#", name[0])) {
		long v = name[0] == '?' ? status : name[0] == '$' ? getpid() :
			 name[0] == '!' ? last_bg : posc > 0 ? posc - 1 : 0;

		if (name[0] == '!' && !last_bg)
			return NULL;
		snprintf(num, sizeof(num), "%ld", v);
		return strdup(num);
	}
	if (name[0] >= '0' && name[0] <= '9') {
		const char *v = positional(strtol(name, NULL, 10));

		return v ? strdup(v) : NULL;
	}
	if (strcmp(name, "@") == 0 || strcmp(name, "*") == 0) {
		struct xbuf b = { 0 };
		char *s;

		put_params(&b, 1, 1);
		s = flatten(&b);
		xfree(&b);
		return s;
	}
	const char *v = var_get(name);

	return v ? strdup(v) : NULL;
}

/* ${name%pat} ${name%%pat} ${name#pat} ${name##pat}: value without the
 * shortest/longest suffix/prefix matching pat. */
static char *trim(const char *value, const char *pat, int suffix, int longest)
{
	size_t n = strlen(value);
	char *s = strdup(value);

	for (size_t k = 0; k <= n; k++) {
		size_t cut = longest ? n - k : k;	/* length of the part tried */
		char saved;
		int hit;

		if (suffix) {
			hit = pmatch(pat, value + (n - cut));
		} else {
			saved = s[cut];
			s[cut] = 0;
			hit = pmatch(pat, s);
			s[cut] = saved;
		}
		if (hit) {
			if (suffix)
				s[n - cut] = 0;
			else
				memmove(s, s + cut, n - cut + 1);
			return s;
		}
	}
	return s;
}

/* ${...}: [s, e) is the text between the braces. */
static void brace_param(const char *s, const char *e, struct xbuf *b, int dq)
{
	char cls = dq ? C_Q : C_EXP;
	int length = 0;
	const char *n = s;

	if (*s == '#' && e - s > 1) {
		length = 1;
		n = ++s;
	}
	if (n < e && *n >= '0' && *n <= '9')
		while (n < e && *n >= '0' && *n <= '9')
			n++;
	else if (n < e && strchr("?$!#@*", *n))
		n++;
	else
		while (n < e && var_name_ok(s, n - s + 1))
			n++;
	if (n == s) {
		fprintf(stderr, "sh: bad substitution\n");
		return;
	}
	char *name = strndup(s, n - s);
	char *value = param_value(name);
	const char *op = n, *word = n;
	int colon = op < e && *op == ':';

	if (colon)
		op++;
	word = op < e ? op + 1 : e;
	if (op < e && (*op == '%' || *op == '#') && word < e && *word == *op)
		word++;		/* %% or ## */
	if (length) {
		char num[24];

		snprintf(num, sizeof(num), "%zu", value ? strlen(value) : 0);
		xputs(b, num, cls);
	} else if (op == e) {
		if (!dq && (strcmp(name, "@") == 0 || strcmp(name, "*") == 0))
			put_params(b, 0, 0);
		else if (strcmp(name, "@") == 0)
			put_params(b, 1, 0);
		else
			xputs(b, value, cls);
	} else {
		int set = value && (!colon || *value);

		switch (*op) {
		case '-':
			if (set)
				xputs(b, value, cls);
			else
				expand_text(word, e, b, dq);
			break;
		case '=':
			if (set) {
				xputs(b, value, cls);
			} else {
				char *w = expand_dq(word, e);

				var_set(name, w);
				xputs(b, w, cls);
				free(w);
			}
			break;
		case '+':
			if (set)
				expand_text(word, e, b, dq);
			break;
		case '?':
			if (set) {
				xputs(b, value, cls);
			} else {
				char *w = expand_dq(word, e);

				fprintf(stderr, "sh: %s: %s\n", name, *w ? w : "parameter not set");
				free(w);
				if (!interactive)
					sh_exit(1);
			}
			break;
		case '%':
		case '#':
			if (colon)
				goto bad;
			if (value) {
				struct xbuf pb = { 0 };
				char *pat, *t;

				/* The pattern is not quoted by quotes around ${..}. */
				expand_text(word, e, &pb, 0);
				pat = as_pattern(&pb);
				t = trim(value, pat, *op == '%', word - op == 2);
				xputs(b, t, cls);
				free(t);
				free(pat);
				xfree(&pb);
			}
			break;
		default:
		bad:
			fprintf(stderr, "sh: bad substitution\n");
		}
	}
	free(name);
	free(value);
}

/* After a '$' at p: expands what follows into b; returns the text after it. */
static const char *dollar(const char *p, const char *end, struct xbuf *b, int dq)
{
	char cls = dq ? C_Q : C_EXP;

	if (p < end && *p == '(') {
		long n = subst_len(p + 1, ')');
		const char *in = p + 1;

		if (n < 0)
			n = end - in;
		if (n >= 2 && in[0] == '(' && in[n - 1] == ')') {
			char *expr = expand_dq(in + 1, in + n - 1), num[24];
			int err;
			long v = arith(expr, &err);

			if (err)
				status = 1;
			snprintf(num, sizeof(num), "%ld", v);
			xputs(b, num, cls);
			free(expr);
		} else {
			char *out = command_output(in, n);

			xputs(b, out, cls);
			free(out);
		}
		return in + n + 1;
	}
	if (p < end && *p == '{') {
		long n = subst_len(p + 1, '}');

		if (n < 0)
			n = end - p - 1;
		brace_param(p + 1, p + 1 + n, b, dq);
		return p + 1 + n + 1;
	}
	if (p < end && (*p == '@' || *p == '*')) {
		put_params(b, dq, *p == '*');
		return p + 1;
	}
	const char *n = p;

	if (n < end && (strchr("?$!#", *n) || (*n >= '0' && *n <= '9')))
		n++;
	else
		while (n < end && var_name_ok(p, n - p + 1))
			n++;
	if (n == p) {
		xput(b, '$', dq ? C_Q : C_LIT);	/* a lone '$' */
		return p;
	}
	char *name = strndup(p, n - p), *value = param_value(name);

	xputs(b, value, cls);
	free(name);
	free(value);
	return n;
}

static void expand_text(const char *p, const char *end, struct xbuf *b, int dq)
{
	while (p < end) {
		char c = *p;
		long n;

		if (c == '\'' && !dq) {
			const char *q = memchr(p + 1, '\'', end - p - 1);

			if (!q)
				q = end;
			while (++p < q)
				xput(b, *p, C_Q);
			p = q + 1;
			b->quoted = 1;
		} else if (c == '"' && !dq) {
			n = dquote_len(p + 1);
			if (n < 0 || p + 1 + n > end)
				n = end - p - 1;
			expand_text(p + 1, p + n, b, 1);
			p += 1 + n;
			b->quoted = 1;
		} else if (c == '\\') {
			if (p + 1 >= end) {
				xput(b, '\\', C_Q);
				p++;
			} else if (p[1] == '\n') {
				p += 2;		/* line continuation */
			} else if (dq && !strchr("$`\"\\", p[1])) {
				xput(b, '\\', C_Q);
				p++;
			} else {
				xput(b, p[1], C_Q);
				p += 2;
			}
		} else if (c == '$') {
			p = dollar(p + 1, end, b, dq);
		} else if (c == '`') {
			n = subst_len(p + 1, '`');
			if (n < 0)
				n = end - p - 1;
			char *text = backquote_text(p + 1, n, dq);
			char *out = command_output(text, strlen(text));

			xputs(b, out, dq ? C_Q : C_EXP);
			free(out);
			free(text);
			p += n + 2;
		} else {
			xput(b, c, dq ? C_Q : C_LIT);
			p++;
		}
	}
}

/* ~ and ~/... at the start of a word: $HOME. */
static const char *tilde(const char *word, struct xbuf *b)
{
	const char *home = var_get("HOME");

	if (word[0] == '~' && (word[1] == 0 || word[1] == '/') && home) {
		xputs(b, home, C_Q);
		return word + 1;
	}
	return word;
}

static int has_glob(const struct xbuf *f)
{
	for (size_t i = 0; i < f->len; i++)
		if (f->cls[i] != C_Q && f->cls[i] != C_BREAK && strchr("*?[", f->s[i]))
			return 1;
	return 0;
}

/* A finished field: pathname expansion, or the field as it is. */
static void emit(struct xbuf *f, char ***v, int *n)
{
	if (has_glob(f)) {
		char *pat = as_pattern(f);
		int got = glob_expand(pat, v, n);

		free(pat);
		if (got > 0) {
			f->len = 0;
			return;
		}
	}
	vec_push(v, n, flatten(f));
	f->len = 0;
}

void expand_fields(const char *word, char ***v, int *n)
{
	struct xbuf b = { 0 }, f = { 0 };
	const char *ifs = var_get("IFS");
	int exists = 0, before = *n;

	if (!ifs)
		ifs = " \t\n";
	if (!*v)
		*v = calloc(1, sizeof(**v));	/* an empty vector, NULL-terminated */
	word = tilde(word, &b);
	expand_text(word, word + strlen(word), &b, 0);
	for (size_t i = 0; i < b.len; i++) {
		char c = b.s[i], k = b.cls[i];

		if (k == C_BREAK) {
			emit(&f, v, n);
			exists = 1;	/* the next parameter is a field too */
		} else if (k == C_EXP && c && strchr(ifs, c)) {
			if (!strchr(" \t\n", c) || f.len || exists)
				emit(&f, v, n);
			exists = 0;
		} else {
			xput(&f, c, k);
		}
	}
	if (f.len || exists || (b.quoted && *n == before && strcmp(word, "\"$@\"") != 0))
		emit(&f, v, n);
	xfree(&f);
	xfree(&b);
}

char *expand_word(const char *word)
{
	struct xbuf b = { 0 };
	char *s;

	word = tilde(word, &b);
	expand_text(word, word + strlen(word), &b, 0);
	s = flatten(&b);
	xfree(&b);
	return s;
}

char *expand_pattern(const char *word)
{
	struct xbuf b = { 0 };
	char *s;

	word = tilde(word, &b);
	expand_text(word, word + strlen(word), &b, 0);
	s = as_pattern(&b);
	xfree(&b);
	return s;
}
