/* Shell variables. Every variable is in the table; the exported ones are
 * also kept in environ (setenv), so that exec passes them on and libc's
 * getenv sees them. Invariant: a name is in environ iff it is in the
 * table marked exported, with the same value. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "sh.h"

struct var {
	char *name, *value;
	int exported;
};

static struct var *vars;
static int nvars, capvars;

char **posv;
int posc;

int var_name_ok(const char *s, size_t len)
{
	if (len == 0 || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9')))
			return 0;
	}
	return 1;
}

static struct var *find(const char *name)
{
	for (int i = 0; i < nvars; i++)
		if (strcmp(vars[i].name, name) == 0)
			return &vars[i];
	return NULL;
}

const char *var_get(const char *name)
{
	struct var *v = find(name);

	return v ? v->value : NULL;
}

static struct var *add(const char *name)
{
	struct var *v = find(name);

	if (v)
		return v;
	if (nvars == capvars) {
		capvars = capvars ? capvars * 2 : 32;
		vars = realloc(vars, capvars * sizeof(*vars));
	}
	v = &vars[nvars++];
	v->name = strdup(name);
	v->value = NULL;
	v->exported = 0;
	return v;
}

void var_set(const char *name, const char *value)
{
	struct var *v = add(name);
	char *old = v->value;

	v->value = strdup(value);
	free(old);
	if (v->exported)
		setenv(name, value, 1);
}

void var_export(const char *name)
{
	struct var *v = add(name);

	v->exported = 1;
	if (v->value)
		setenv(name, v->value, 1);
}

void var_unset(const char *name)
{
	struct var *v = find(name);

	if (!v)
		return;
	if (v->exported)
		unsetenv(name);
	free(v->name);
	free(v->value);
	*v = vars[--nvars];
}

int var_assign(const char *word)
{
	const char *eq = strchr(word, '=');
	char *name, *value;

	if (!eq || !var_name_ok(word, eq - word))
		return 0;
	name = strndup(word, eq - word);
	value = expand_word(eq + 1);
	var_set(name, value);
	free(name);
	free(value);
	return 1;
}

void vars_init(void)
{
	extern char **environ;
	char **env = environ;
	int n = 0;

	while (env && env[n])
		n++;
	/* Copy first: var_export's setenv may replace environ. */
	char **copy = malloc((n + 1) * sizeof(*copy));

	for (int i = 0; i < n; i++)
		copy[i] = strdup(env[i]);
	for (int i = 0; i < n; i++) {
		char *eq = strchr(copy[i], '=');

		if (eq && var_name_ok(copy[i], eq - copy[i])) {
			*eq = 0;
			var_set(copy[i], eq + 1);
			var_export(copy[i]);
		}
		free(copy[i]);
	}
	free(copy);
	if (!var_get("PATH")) {
		var_set("PATH", "/bin:/opt/bin");
		var_export("PATH");
	}
	if (!var_get("IFS"))
		var_set("IFS", " \t\n");
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct var *)a)->name, ((const struct var *)b)->name);
}

void vars_print(int exported)
{
	qsort(vars, nvars, sizeof(*vars), by_name);
	for (int i = 0; i < nvars; i++) {
		if (exported && !vars[i].exported)
			continue;
		printf("%s%s", exported ? "export " : "", vars[i].name);
		if (vars[i].value) {
			printf("='");
			for (const char *p = vars[i].value; *p; p++)
				if (*p == '\'')
					printf("'\\''");
				else
					putchar(*p);
			putchar('\'');
		}
		putchar('\n');
	}
}
