/* $((expression)): integers (long) with C precedence for
 *   ( )   unary - + !   * / %   + -   < <= > >=   == !=   &&   ||
 * A name is the value of that variable (0 when unset or empty). $-forms
 * were expanded before we see the text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

static const char *p;
static int *err;

static long or_expr(void);

static void skip(void)
{
	while (*p == ' ' || *p == '\t' || *p == '\n')
		p++;
}

static int take(const char *op)
{
	size_t n = strlen(op);

	skip();
	if (strncmp(p, op, n) != 0)
		return 0;
	if (n == 1 && strchr("<>!", op[0]) && p[1] == '=')
		return 0;	/* that is "<=", ">=" or "!=" */
	p += n;
	return 1;
}

static void fail(const char *what)
{
	if (!*err)
		fprintf(stderr, "sh: arithmetic: %s\n", what);
	*err = 1;
}

static long primary(void)
{
	skip();
	if (take("(")) {
		long v = or_expr();

		if (!take(")"))
			fail("missing ')'");
		return v;
	}
	if (*p >= '0' && *p <= '9') {
		char *end;
		long v = strtol(p, &end, 0);

		p = end;
		return v;
	}
	const char *s = p;

	while (*p == '_' || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
	       (p > s && *p >= '0' && *p <= '9'))
		p++;
	if (p == s) {
		fail(*p ? "unexpected character" : "missing operand");
		return 0;
	}
	char *name = strndup(s, p - s);
	const char *val = var_get(name);

	free(name);
	return val ? strtol(val, NULL, 0) : 0;
}

static long unary(void)
{
	if (take("-"))
		return -unary();
	if (take("+"))
		return unary();
	if (take("!"))
		return !unary();
	return primary();
}

static long mul(void)
{
	long v = unary();

	for (;;) {
		if (take("*")) {
			v *= unary();
		} else if (take("/") || take("%")) {
			char op = p[-1];
			long r = unary();

			if (r == 0) {
				fail("division by zero");
				return 0;
			}
			v = op == '/' ? v / r : v % r;
		} else {
			return v;
		}
	}
}

static long add(void)
{
	long v = mul();

	for (;;) {
		if (take("+"))
			v += mul();
		else if (take("-"))
			v -= mul();
		else
			return v;
	}
}

static long rel(void)
{
	long v = add();

	for (;;) {
		if (take("<="))
			v = v <= add();
		else if (take(">="))
			v = v >= add();
		else if (take("<"))
			v = v < add();
		else if (take(">"))
			v = v > add();
		else
			return v;
	}
}

static long eq(void)
{
	long v = rel();

	for (;;) {
		if (take("=="))
			v = v == rel();
		else if (take("!="))
			v = v != rel();
		else
			return v;
	}
}

static long and_expr(void)
{
	long v = eq();

	while (take("&&")) {
		long r = eq();

		v = v && r;
	}
	return v;
}

static long or_expr(void)
{
	long v = and_expr();

	while (take("||")) {
		long r = and_expr();

		v = v || r;
	}
	return v;
}

long arith(const char *expr, int *error)
{
	long v;

	p = expr;
	err = error;
	*err = 0;
	skip();
	if (!*p)
		return 0;
	v = or_expr();
	skip();
	if (*p)
		fail("unexpected character");
	return *err ? 0 : v;
}
