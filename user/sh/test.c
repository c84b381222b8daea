/* test EXPR and [ EXPR ]: 0 true, 1 false, 2 error.
 *
 *   expr:    and ('-o' and)*
 *   and:     not ('-a' not)*
 *   not:     '!' not | primary
 *   primary: '(' expr ')' | ARG BINOP ARG | UNOP ARG | ARG (true if not empty)
 *
 * A binary operator in second place wins over reading the first word as
 * an operator, so [ "$x" = -n ] and [ -n = -n ] mean what they say. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

static char **args;
static int nargs, at, error;

static const char *peek(int k)
{
	return at + k < nargs ? args[at + k] : NULL;
}

static int is_binop(const char *s)
{
	static const char *const ops[] = { "=", "==", "!=", "-eq", "-ne", "-lt", "-le", "-gt", "-ge",
					   NULL };

	for (int i = 0; s && ops[i]; i++)
		if (strcmp(s, ops[i]) == 0)
			return 1;
	return 0;
}

static int is_unop(const char *s)
{
	return s && s[0] == '-' && s[1] && !s[2] && strchr("edfrwxsLhpcbznt", s[1]);
}

static long number(const char *s)
{
	char *end;
	long v = strtol(s, &end, 10);

	if (!*s || *end) {
		fprintf(stderr, "sh: test: %s: integer expected\n", s);
		error = 1;
	}
	return v;
}

static int unary(char op, const char *a)
{
	struct stat st;

	switch (op) {
	case 'z': return !*a;
	case 'n': return *a != 0;
	case 't': return isatty(atoi(a));
	case 'r': return access(a, R_OK) == 0;
	case 'w': return access(a, W_OK) == 0;
	case 'x': return access(a, X_OK) == 0;
	}
	if ((op == 'L' || op == 'h') ? lstat(a, &st) < 0 : stat(a, &st) < 0)
		return 0;
	switch (op) {
	case 'e': return 1;
	case 'f': return S_ISREG(st.st_mode);
	case 'd': return S_ISDIR(st.st_mode);
	case 's': return st.st_size > 0;
	case 'L': case 'h': return S_ISLNK(st.st_mode);
	case 'p': return S_ISFIFO(st.st_mode);
	case 'c': return S_ISCHR(st.st_mode);
	case 'b': return S_ISBLK(st.st_mode);
	}
	return 0;
}

static int binary(const char *a, const char *op, const char *b)
{
	if (strcmp(op, "=") == 0 || strcmp(op, "==") == 0)
		return strcmp(a, b) == 0;
	if (strcmp(op, "!=") == 0)
		return strcmp(a, b) != 0;
	long x = number(a), y = number(b);

	switch (op[1] * 256 + op[2]) {
	case 'e' * 256 + 'q': return x == y;
	case 'n' * 256 + 'e': return x != y;
	case 'l' * 256 + 't': return x < y;
	case 'l' * 256 + 'e': return x <= y;
	case 'g' * 256 + 't': return x > y;
	default: return x >= y;
	}
}

static int expr(void);

static int primary(void)
{
	const char *a = peek(0);

	if (!a) {
		fprintf(stderr, "sh: test: argument expected\n");
		error = 1;
		return 0;
	}
	if (is_binop(peek(1)) && peek(2)) {
		at += 3;
		return binary(a, args[at - 2], args[at - 1]);
	}
	if (is_unop(a) && peek(1)) {
		at += 2;
		return unary(a[1], args[at - 1]);
	}
	if (strcmp(a, "(") == 0 && peek(1)) {
		at++;
		int v = expr();

		if (!peek(0) || strcmp(peek(0), ")") != 0) {
			fprintf(stderr, "sh: test: missing ')'\n");
			error = 1;
		}
		at++;
		return v;
	}
	at++;
	return *a != 0;
}

static int not(void)
{
	if (peek(0) && strcmp(peek(0), "!") == 0 && peek(1)) {
		at++;
		return !not();
	}
	return primary();
}

static int and(void)
{
	int v = not();

	while (peek(0) && strcmp(peek(0), "-a") == 0) {
		at++;
		v = not() && v;
	}
	return v;
}

static int expr(void)
{
	int v = and();

	while (peek(0) && strcmp(peek(0), "-o") == 0) {
		at++;
		v = and() || v;
	}
	return v;
}

int bi_test(char **argv)
{
	int n = 0, v;

	while (argv[n])
		n++;
	if (strcmp(argv[0], "[") == 0) {
		if (strcmp(argv[n - 1], "]") != 0) {
			fprintf(stderr, "sh: [: missing ']'\n");
			return 2;
		}
		n--;
	}
	args = argv + 1;
	nargs = n - 1;
	at = error = 0;
	if (nargs == 0)
		return 1;
	v = expr();
	if (!error && at < nargs) {
		fprintf(stderr, "sh: test: %s: unexpected argument\n", args[at]);
		error = 1;
	}
	return error ? 2 : !v;
}
