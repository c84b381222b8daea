/* The lexer: operators, newlines and words. A word keeps its quotes,
 * backslashes and $-forms as written (expand.c interprets them), so the
 * lexer only has to find where each one ends: after a quote, $(..), ${..}
 * or `..` that is closed, at the first unquoted blank or operator
 * character. Text that ends inside one of those gives T_MORE: the
 * command continues on the next line. */
#include <string.h>
#include "sh.h"

static int is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }
static int is_meta(char c) { return c == '\n' || strchr(" \t\r;&|<>()", c) != NULL; }

long dquote_len(const char *p)
{
	const char *s = p;

	while (*s != '"') {
		long n;

		if (!*s)
			return -1;
		if (*s == '\\') {
			if (!s[1])
				return -1;
			s += 2;
		} else if (s[0] == '$' && s[1] == '(') {
			if ((n = subst_len(s + 2, ')')) < 0)
				return -1;
			s += 2 + n + 1;
		} else if (s[0] == '$' && s[1] == '{') {
			if ((n = subst_len(s + 2, '}')) < 0)
				return -1;
			s += 2 + n + 1;
		} else if (*s == '`') {
			if ((n = subst_len(s + 1, '`')) < 0)
				return -1;
			s += 1 + n + 1;
		} else {
			s++;
		}
	}
	return s + 1 - p;
}

/* Does the word w start at s (after a separator, before one)? */
static int word_at(const char *p, const char *s, const char *w)
{
	size_t n = strlen(w);

	return (s == p || strchr(" \t\n;&|(", s[-1])) && strncmp(s, w, n) == 0 &&
	       (!s[n] || strchr(" \t\n;&|)", s[n]));
}

long subst_len(const char *p, char close)
{
	const char *s = p;
	int depth = 1, cases = 0;
	char open = close == ')' ? '(' : close == '}' ? '{' : 0;

	for (;;) {
		long n;

		if (!*s)
			return -1;
		/* In $(..), "case x in a) ..." has a ')' of its own. */
		if (close == ')' && word_at(p, s, "case"))
			cases++;
		if (close == ')' && word_at(p, s, "esac") && cases > 0)
			cases--;
		if (*s == ')' && close == ')' && depth == 1 && cases > 0) {
			s++;
			continue;
		}
		if (*s == '\\') {
			if (!s[1])
				return -1;
			s += 2;
			continue;
		}
		if (*s == close && --depth == 0)
			return s - p;
		if (open && *s == open)
			depth++;
		if (close == '`') {
			s++;
			continue;
		}
		if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e)
				return -1;
			s = e + 1;
		} else if (*s == '"') {
			if ((n = dquote_len(s + 1)) < 0)
				return -1;
			s += 1 + n;
		} else if (*s == '`') {
			if ((n = subst_len(s + 1, '`')) < 0)
				return -1;
			s += 1 + n + 1;
		} else {
			s++;
		}
	}
}

long word_len(const char *p)
{
	const char *s = p;

	while (*s && !is_meta(*s)) {
		long n;

		if (*s == '\\') {
			if (!s[1] || (s[1] == '\n' && !s[2]))
				return -1;
			s += 2;
		} else if (*s == '\'') {
			const char *e = strchr(s + 1, '\'');

			if (!e)
				return -1;
			s = e + 1;
		} else if (*s == '"') {
			if ((n = dquote_len(s + 1)) < 0)
				return -1;
			s += 1 + n;
		} else if (s[0] == '$' && (s[1] == '(' || s[1] == '{')) {
			if ((n = subst_len(s + 2, s[1] == '(' ? ')' : '}')) < 0)
				return -1;
			s += 2 + n + 1;
		} else if (*s == '`') {
			if ((n = subst_len(s + 1, '`')) < 0)
				return -1;
			s += 1 + n + 1;
		} else {
			s++;
		}
	}
	return s - p;
}

/* A redirection operator at p (after any descriptor digits): its length,
 * 0 if there is none. */
static int redir_op(const char *p, enum redir_type *type)
{
	if (p[0] == '>' && p[1] == '>') { *type = R_APPEND; return 2; }
	if (p[0] == '>' && p[1] == '&') { *type = R_DUPOUT; return 2; }
	if (p[0] == '>' && p[1] == '|') { *type = R_OUT; return 2; }
	if (p[0] == '<' && p[1] == '&') { *type = R_DUPIN; return 2; }
	if (p[0] == '<' && p[1] == '>') { *type = R_RDWR; return 2; }
	if (p[0] == '>') { *type = R_OUT; return 1; }
	if (p[0] == '<') { *type = R_IN; return 1; }
	return 0;
}

struct token lex(const char **pp)
{
	const char *p = *pp;
	struct token t = { T_EOF, p, 0, R_IN, -1 };
	int n;

	for (;;) {	/* blanks, line continuations and comments */
		while (is_blank(*p))
			p++;
		if (p[0] == '\\' && p[1] == '\n') {
			p += 2;
			continue;
		}
		if (*p == '#')
			while (*p && *p != '\n')
				p++;
		break;
	}
	t.start = p;
	if (!*p) {
		*pp = p;
		return t;
	}
	/* An all-digit word right before < or > is the descriptor. */
	const char *d = p;
	while (*d >= '0' && *d <= '9')
		d++;
	if (d > p && d - p < 4 && (n = redir_op(d, &t.redir))) {
		t.fd = 0;
		for (const char *q = p; q < d; q++)
			t.fd = t.fd * 10 + (*q - '0');
		t.type = T_REDIR;
		p = d + n;
	} else if ((n = redir_op(p, &t.redir))) {
		if (p[0] == '<' && p[1] == '<') {
			t.type = T_BAD;	/* here-documents: not supported */
			n = 2;
		} else {
			t.type = T_REDIR;
		}
		p += n;
	} else if (*p == '\n') {
		t.type = T_NEWLINE, p++;
	} else if (p[0] == ';' && p[1] == ';') {
		t.type = T_DSEMI, p += 2;
	} else if (*p == ';') {
		t.type = T_SEMI, p++;
	} else if (p[0] == '&' && p[1] == '&') {
		t.type = T_AND, p += 2;
	} else if (*p == '&') {
		t.type = T_AMP, p++;
	} else if (p[0] == '|' && p[1] == '|') {
		t.type = T_OR, p += 2;
	} else if (*p == '|') {
		t.type = T_PIPE, p++;
	} else if (*p == '(') {
		t.type = T_LPAREN, p++;
	} else if (*p == ')') {
		t.type = T_RPAREN, p++;
	} else {
		long len = word_len(p);

		if (len < 0) {
			t.type = T_MORE;
			p += strlen(p);
		} else {
			t.type = T_WORD;
			p += len;
		}
	}
	t.len = p - t.start;
	*pp = p;
	return t;
}
