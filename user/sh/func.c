/* Shell functions: NAME() compound-command. A definition keeps the
 * body's source text (syntax trees last only while their command runs)
 * and each call parses and runs it again, with $1... set to the call's
 * arguments ($0 stays the shell's) and restored afterwards. return N
 * unwinds to the call like break does to a loop. */
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct func {
	char *name, *body;
	struct func *next;
};

static struct func *funcs;
int func_return;

static struct func *find(const char *name)
{
	for (struct func *f = funcs; f; f = f->next)
		if (strcmp(f->name, name) == 0)
			return f;
	return NULL;
}

int func_find_any(const char *name)
{
	return find(name) != NULL;
}

void func_define(const char *name, const char *body)
{
	struct func *f = find(name);

	if (!f) {
		f = calloc(1, sizeof(*f));
		f->name = strdup(name);
		f->next = funcs;
		funcs = f;
	}
	free(f->body);
	f->body = strdup(body);
}

int func_call(char **argv, int *st)
{
	struct func *f = find(argv[0]);
	char **saved_v = posv, **mine, *body;
	int saved_c = posc, n = 0;

	if (!f)
		return 0;
	while (argv[n])
		n++;
	posv = mine = malloc((n + 1) * sizeof(*posv));
	memcpy(posv, argv, (n + 1) * sizeof(*posv));
	posv[0] = saved_v[0];	/* $0 is still the shell's */
	posc = n;
	body = strdup(f->body);	/* the function may redefine itself */
	status = 0;
	run_text(body);
	free(body);
	func_return = 0;
	free(mine);	/* not posv: shift moves it */
	posv = saved_v;
	posc = saved_c;
	*st = status;
	return 1;
}

int bi_return(char **argv)
{
	if (argv[1])
		status = atoi(argv[1]) & 0xff;
	func_return = 1;
	return status;
}
