/* The parser: recursive descent over the POSIX shell grammar, without
 * here-documents.
 *
 *   complete: and_or ((';' | '&') and_or)* (newline | end)
 *   list:     and_or separated by ; & or newlines, up to a closing word
 *   and_or:   pipeline (('&&' | '||') newlines pipeline)*
 *   pipeline: ['!'] command ('|' newlines command)*
 *   command:  simple | (list) | { list; } | if | while | until | for | case
 *             | NAME ( ) compound; a compound one followed by redirections
 *
 * Reserved words (if then elif else fi do done while until for in case
 * esac { } !) are words written exactly so, where a command may start.
 * An error stops the parse (failed); running out of text inside a
 * command sets more instead, so that a caller with more input can
 * append a line and parse again. Every node, string and vector comes
 * from one list of allocations, released back to a mark (parse_mark). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

static const char *pos;		/* the text after tok */
static const char *prev_end;	/* the end of the token before tok */
static struct token tok;	/* the lookahead */
static int failed, more;

/* ---- allocation ---- */

struct block {
	struct block *next;
	max_align_t data[];
};
static struct block *blocks;

static void *palloc(size_t n)
{
	struct block *b = calloc(1, sizeof(*b) + n);

	if (!b) {
		fprintf(stderr, "sh: out of memory\n");
		sh_exit(2);
	}
	b->next = blocks;
	blocks = b;
	return b->data;
}

void *parse_mark(void)
{
	return blocks;
}

void parse_release(void *mark)
{
	while (blocks && blocks != mark) {
		struct block *b = blocks;

		blocks = b->next;
		free(b);
	}
}

static char *pstrndup(const char *s, size_t n)
{
	char *d = palloc(n + 1);

	memcpy(d, s, n);
	return d;
}

static struct node *mk(enum node_type type, int nkids)
{
	struct node *n = palloc(sizeof(*n));

	n->type = type;
	n->nkids = nkids;
	n->kids = palloc((nkids + 1) * sizeof(*n->kids));
	return n;
}

static struct node *mk2(enum node_type type, struct node *a, struct node *b)
{
	struct node *n = mk(type, b ? 2 : 1);

	n->kids[0] = a;
	n->kids[1] = b;
	return n;
}

/* A growing vector of strings in parse memory. */
struct pvec {
	char **v;
	int n, cap;
};

static void pvec_push(struct pvec *pv, char *s)
{
	if (pv->n + 2 > pv->cap) {
		char **nv;

		pv->cap = pv->cap ? pv->cap * 2 : 8;
		nv = palloc(pv->cap * sizeof(*nv));
		if (pv->n)
			memcpy(nv, pv->v, pv->n * sizeof(*nv));
		pv->v = nv;
	}
	pv->v[pv->n++] = s;
	pv->v[pv->n] = NULL;
}

/* ---- tokens ---- */

static void next(void)
{
	prev_end = tok.start + tok.len;
	tok = lex(&pos);
	if (tok.type == T_MORE)
		more = 1;
}

static int is_word(const char *w)
{
	return tok.type == T_WORD && tok.len == strlen(w) && memcmp(tok.start, w, tok.len) == 0;
}

static int stopped(void)
{
	return failed || more;
}

static void syntax_error(void)
{
	if (stopped())
		return;
	if (tok.type == T_EOF || tok.type == T_MORE) {
		more = 1;
		return;
	}
	failed = 1;
	if (tok.type == T_NEWLINE)
		fprintf(stderr, "sh: syntax error: unexpected newline\n");
	else if (tok.type == T_BAD)
		fprintf(stderr, "sh: syntax error: '%.*s' (here-documents are not supported)\n",
			(int)tok.len, tok.start);
	else
		fprintf(stderr, "sh: syntax error: unexpected '%.*s'\n", (int)tok.len, tok.start);
}

static void expect(const char *w)
{
	if (is_word(w))
		next();
	else
		syntax_error();
}

static void skip_newlines(void)
{
	while (tok.type == T_NEWLINE)
		next();
}

/* Does tok close the list being parsed? */
static int at_list_end(void)
{
	static const char *const ends[] = { "then", "elif", "else", "fi", "do", "done", "esac",
					    "}", NULL };

	if (tok.type == T_EOF || tok.type == T_MORE || tok.type == T_RPAREN ||
	    tok.type == T_DSEMI)
		return 1;
	for (int i = 0; ends[i]; i++)
		if (is_word(ends[i]))
			return 1;
	return 0;
}

/* ---- grammar ---- */

static struct node *and_or(void);

/* A list that must not be empty, up to a closing word. */
static struct node *list(void)
{
	struct node *n = NULL;

	skip_newlines();
	while (!stopped() && !at_list_end()) {
		struct node *item = and_or();

		if (stopped())
			return NULL;
		if (tok.type == T_AMP) {
			item = mk2(N_BG, item, NULL);
			next();
		} else if (tok.type == T_SEMI) {
			next();
		} else if (tok.type != T_NEWLINE && !at_list_end()) {
			syntax_error();
			return NULL;
		}
		n = n ? mk2(N_SEQ, n, item) : item;
		skip_newlines();
	}
	if (!n)
		syntax_error();
	return n;
}

static struct redir *redirection(void)
{
	struct redir *r = palloc(sizeof(*r));

	r->type = tok.redir;
	r->fd = tok.fd >= 0 ? tok.fd : (r->type == R_IN || r->type == R_DUPIN || r->type == R_RDWR) ? 0 : 1;
	next();
	if (tok.type != T_WORD) {
		syntax_error();
		return NULL;
	}
	r->word = pstrndup(tok.start, tok.len);
	next();
	return r;
}

/* Redirections after a compound command, appended to n. */
static void trailing_redirs(struct node *n)
{
	struct redir **tail = &n->redirs;

	while (tok.type == T_REDIR && !stopped()) {
		struct redir *r = redirection();

		if (r) {
			*tail = r;
			tail = &r->next;
		}
	}
}

static struct node *command(void);

/* NAME ( ) compound-command: tok is the '('. The body is kept as text,
 * parsed again at each call (trees do not outlive their command). */
static struct node *function(char *name)
{
	struct node *n = mk(N_FUNC, 0), *body;
	const char *start;

	next();
	if (tok.type != T_RPAREN || !var_name_ok(name, strlen(name))) {
		syntax_error();
		return NULL;
	}
	next();
	skip_newlines();
	start = tok.start;
	if (!(body = command()))
		return NULL;
	if (body->type == N_SIMPLE) {
		if (!failed)
			fprintf(stderr, "sh: syntax error: a function body must be a compound command\n");
		failed = 1;
		return NULL;
	}
	n->name = name;
	n->body = pstrndup(start, prev_end - start);
	return n;
}

static struct node *simple(void)
{
	struct node *n = mk(N_SIMPLE, 0);
	struct redir **tail = &n->redirs;
	struct pvec words = { 0 }, assigns = { 0 };

	for (;;) {
		if (tok.type == T_REDIR) {
			struct redir *r = redirection();

			if (!r)
				return NULL;
			*tail = r;
			tail = &r->next;
		} else if (tok.type == T_WORD) {
			const char *eq = memchr(tok.start, '=', tok.len);
			char *w = pstrndup(tok.start, tok.len);

			if (!words.n && eq && var_name_ok(tok.start, eq - tok.start))
				pvec_push(&assigns, w);
			else
				pvec_push(&words, w);
			next();
			if (words.n == 1 && !assigns.n && !n->redirs && tok.type == T_LPAREN)
				return function(words.v[0]);
		} else {
			break;
		}
	}
	if (!words.n && !assigns.n && !n->redirs) {
		syntax_error();
		return NULL;
	}
	n->words = words.v;
	n->assigns = assigns.v;
	return n;
}

static struct node *if_clause(void)
{
	struct node *n = mk(N_IF, 3);

	next();		/* if or elif */
	n->kids[0] = list();
	expect("then");
	n->kids[1] = list();
	if (is_word("elif")) {
		n->kids[2] = if_clause();	/* elif ... fi closes both */
		return n;
	}
	if (is_word("else")) {
		next();
		n->kids[2] = list();
	}
	expect("fi");
	return n;
}

static struct node *loop_clause(enum node_type type)
{
	struct node *n = mk(type, 2);

	next();
	n->kids[0] = list();
	expect("do");
	n->kids[1] = list();
	expect("done");
	return n;
}

static struct node *for_clause(void)
{
	struct node *n = mk(N_FOR, 1);

	next();
	if (tok.type != T_WORD || !var_name_ok(tok.start, tok.len)) {
		if (tok.type == T_WORD && !failed) {
			fprintf(stderr, "sh: syntax error: bad for variable '%.*s'\n", (int)tok.len,
				tok.start);
			failed = 1;
		}
		syntax_error();
		return NULL;
	}
	n->name = pstrndup(tok.start, tok.len);
	next();
	skip_newlines();
	if (is_word("in")) {
		struct pvec words = { 0 };

		next();
		while (tok.type == T_WORD) {
			pvec_push(&words, pstrndup(tok.start, tok.len));
			next();
		}
		if (!words.v)
			pvec_push(&words, NULL);	/* "in" and nothing: no iterations */
		n->words = words.v;
		if (tok.type != T_SEMI && tok.type != T_NEWLINE) {
			syntax_error();
			return NULL;
		}
		next();
	} else if (tok.type == T_SEMI) {
		next();
	}
	skip_newlines();
	expect("do");
	n->kids[0] = list();
	expect("done");
	return n;
}

static struct node *case_clause(void)
{
	struct node *n = mk(N_CASE, 0);
	struct case_item **tail = &n->items;
	struct pvec word = { 0 };

	next();
	if (tok.type != T_WORD) {
		syntax_error();
		return NULL;
	}
	pvec_push(&word, pstrndup(tok.start, tok.len));
	n->words = word.v;
	next();
	skip_newlines();
	expect("in");
	skip_newlines();
	while (!stopped() && !is_word("esac")) {
		struct case_item *it = palloc(sizeof(*it));
		struct pvec pats = { 0 };

		if (tok.type == T_LPAREN)
			next();
		for (;;) {
			if (tok.type != T_WORD) {
				syntax_error();
				return NULL;
			}
			pvec_push(&pats, pstrndup(tok.start, tok.len));
			next();
			if (tok.type != T_PIPE)
				break;
			next();
		}
		if (tok.type != T_RPAREN) {
			syntax_error();
			return NULL;
		}
		next();
		skip_newlines();
		it->pats = pats.v;
		if (tok.type != T_DSEMI && !is_word("esac"))
			it->body = list();
		if (tok.type == T_DSEMI)
			next();
		else if (!is_word("esac"))
			syntax_error();
		skip_newlines();
		*tail = it;
		tail = &it->next;
	}
	expect("esac");
	return n;
}

static struct node *command(void)
{
	struct node *n;

	if (is_word("if")) {
		n = if_clause();
	} else if (is_word("while")) {
		n = loop_clause(N_WHILE);
	} else if (is_word("until")) {
		n = loop_clause(N_UNTIL);
	} else if (is_word("for")) {
		n = for_clause();
	} else if (is_word("case")) {
		n = case_clause();
	} else if (is_word("{")) {
		next();
		n = mk2(N_GROUP, list(), NULL);
		expect("}");
	} else if (tok.type == T_LPAREN) {
		next();
		n = mk2(N_SUBSHELL, list(), NULL);
		if (tok.type == T_RPAREN)
			next();
		else
			syntax_error();
	} else if (at_list_end() && tok.type != T_EOF && tok.type != T_MORE) {
		syntax_error();	/* then, fi, done, ... where a command belongs */
		return NULL;
	} else {
		return simple();
	}
	if (!stopped())
		trailing_redirs(n);
	return stopped() ? NULL : n;
}

static struct node *pipeline(void)
{
	const char *start = tok.start;
	struct node *cmds[64], *n;
	int nc = 0, neg = 0;

	if (is_word("!")) {
		neg = 1;
		next();
		start = tok.start;
	}
	for (;;) {
		if (nc == 64) {
			fprintf(stderr, "sh: pipeline too long\n");
			failed = 1;
		}
		if (stopped() || !(cmds[nc++] = command()))
			return NULL;
		if (tok.type != T_PIPE)
			break;
		next();
		skip_newlines();
	}
	if (nc == 1) {
		n = cmds[0];
	} else {
		n = mk(N_PIPE, nc);
		memcpy(n->kids, cmds, nc * sizeof(*cmds));
	}
	n->text = pstrndup(start, prev_end - start);
	if (neg) {
		n = mk2(N_NOT, n, NULL);
		n->text = n->kids[0]->text;
	}
	return n;
}

static struct node *and_or(void)
{
	const char *start = tok.start;
	struct node *n = pipeline();

	while (!stopped() && (tok.type == T_AND || tok.type == T_OR)) {
		enum node_type type = tok.type == T_AND ? N_AND : N_OR;

		next();
		skip_newlines();
		n = mk2(type, n, pipeline());
		n->text = pstrndup(start, prev_end - start);
	}
	return stopped() ? NULL : n;
}

enum parse_result parse(const char *src, size_t *used, struct node **out)
{
	struct node *n = NULL;

	pos = src;
	tok.start = src;
	tok.len = 0;
	failed = more = 0;
	next();
	if (tok.type == T_NEWLINE || tok.type == T_EOF) {
		*used = pos - src;
		return P_EMPTY;
	}
	while (!stopped() && tok.type != T_NEWLINE && tok.type != T_EOF) {
		struct node *item = and_or();

		if (stopped())
			break;
		if (tok.type == T_AMP) {
			item = mk2(N_BG, item, NULL);
			next();
		} else if (tok.type == T_SEMI) {
			next();
		} else if (tok.type != T_NEWLINE && tok.type != T_EOF) {
			syntax_error();
		}
		n = n ? mk2(N_SEQ, n, item) : item;
	}
	if (failed) {
		/* Skip the rest of the line: the next parse starts after it. */
		const char *nl = strchr(prev_end, '\n');

		*used = nl ? (size_t)(nl + 1 - src) : strlen(src);
		return P_ERROR;
	}
	if (more)
		return P_MORE;
	*used = pos - src;
	*out = n;
	return P_OK;
}
