#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static size_t namelen(const char *entry)
{
	return strcspn(entry, "=");
}

static char **find(const char *name, size_t len)
{
	if (!environ)
		return NULL;
	for (char **e = environ; *e; e++)
		if (namelen(*e) == len && strncmp(*e, name, len) == 0)
			return e;
	return NULL;
}

char *getenv(const char *name)
{
	size_t len = strlen(name);
	char **e = find(name, len);

	return e ? *e + len + 1 : NULL;
}

/* Arrays we allocated; the initial environ belongs to the kernel stack. */
static char **owned;

int setenv(const char *name, const char *value, int overwrite)
{
	size_t len = strlen(name), vlen = strlen(value), n = 0;
	char **e, *entry, **nenv;

	if (!len || strchr(name, '=')) {
		errno = EINVAL;
		return -1;
	}
	e = find(name, len);
	if (e && !overwrite)
		return 0;
	entry = malloc(len + vlen + 2);
	if (!entry)
		return -1;
	memcpy(entry, name, len);
	entry[len] = '=';
	memcpy(entry + len + 1, value, vlen + 1);
	if (e) {
		*e = entry; /* old string may be on the stack: leak it */
		return 0;
	}
	while (environ && environ[n])
		n++;
	nenv = malloc((n + 2) * sizeof(char *));
	if (!nenv) {
		free(entry);
		return -1;
	}
	if (n)
		memcpy(nenv, environ, n * sizeof(char *));
	nenv[n] = entry;
	nenv[n + 1] = NULL;
	free(owned);
	owned = environ = nenv;
	return 0;
}

int unsetenv(const char *name)
{
	char **e = find(name, strlen(name));

	if (e)
		for (; *e; e++)
			e[0] = e[1];
	return 0;
}
