/* Shell patterns (POSIX 2.13): '*' any string, '?' any character,
 * '[...]' a bracket expression ('!' or '^' negates, a-z ranges, a ']'
 * first is literal), '\c' the character c. In pathname expansion a
 * pattern never matches '/', and a leading '.' only if the pattern has a
 * literal '.' there; "." and ".." are never produced. */
#include <dirent.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include "sh.h"

void vec_push(char ***v, int *n, char *s)
{
	*v = realloc(*v, (*n + 2) * sizeof(**v));
	(*v)[(*n)++] = s;
	(*v)[*n] = NULL;
}

void vec_free(char **v)
{
	for (char **p = v; p && *p; p++)
		free(*p);
	free(v);
}

/* A bracket expression at *pp (on its '['): does it take c? 1 or 0 with
 * *pp moved to the closing ']'; -1 if unclosed (then '[' is literal). */
static int bracket(const char **pp, char c)
{
	const char *p = *pp + 1;
	int neg = 0, hit = 0;

	if (*p == '!' || *p == '^') {
		neg = 1;
		p++;
	}
	for (int first = 1; *p && (*p != ']' || first); first = 0) {
		char lo = *p == '\\' && p[1] ? *++p : *p, hi = lo;

		p++;
		if (p[0] == '-' && p[1] && p[1] != ']') {
			hi = p[1] == '\\' && p[2] ? p[2] : p[1];
			p += p[1] == '\\' && p[2] ? 3 : 2;
		}
		if ((unsigned char)c >= (unsigned char)lo && (unsigned char)c <= (unsigned char)hi)
			hit = 1;
	}
	if (*p != ']')
		return -1;
	*pp = p;
	return hit != neg;
}

int pmatch(const char *p, const char *s)
{
	for (; *p; p++, s++) {
		int r;

		switch (*p) {
		case '*':
			while (p[1] == '*')
				p++;
			if (!p[1])
				return 1;
			for (; *s; s++)
				if (pmatch(p + 1, s))
					return 1;
			return pmatch(p + 1, s);
		case '?':
			if (!*s)
				return 0;
			break;
		case '[':
			r = bracket(&p, *s);
			if (r >= 0) {
				if (!*s || !r)
					return 0;
				break;
			}
			if (*s != '[')
				return 0;
			break;
		case '\\':
			if (p[1])
				p++;
			/* fall through */
		default:
			if (*p != *s)
				return 0;
		}
	}
	return *s == 0;
}

/* Does the pattern component [p, p+n) have an unescaped * ? or [ ? */
static int has_magic(const char *p, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (p[i] == '\\')
			i++;
		else if (p[i] == '*' || p[i] == '?' || p[i] == '[')
			return 1;
	}
	return 0;
}

static char *join(const char *dir, const char *name, size_t n)
{
	size_t dl = strlen(dir);
	char *s = malloc(dl + n + 1);

	memcpy(s, dir, dl);
	memcpy(s + dl, name, n);
	s[dl + n] = 0;
	return s;
}

/* Matches of the pattern rest below directory prefix (ends in '/' or
 * is ""), appended to *v. */
static void walk(const char *prefix, const char *rest, char ***v, int *n)
{
	const char *slash = strchr(rest, '/');
	size_t clen = slash ? (size_t)(slash - rest) : strlen(rest);
	struct stat st;

	if (!has_magic(rest, clen)) {
		/* Literal component: unescape it and go on. */
		char *lit = malloc(clen + 1), *d = lit;

		for (size_t i = 0; i < clen; i++) {
			if (rest[i] == '\\' && i + 1 < clen)
				i++;
			*d++ = rest[i];
		}
		*d = 0;
		char *path = join(prefix, lit, strlen(lit));

		free(lit);
		if (slash) {
			char *dir = join(path, "/", 1);

			walk(dir, slash + 1, v, n);
			free(dir);
			free(path);
		} else if (lstat(path, &st) == 0) {
			vec_push(v, n, path);
		} else {
			free(path);
		}
		return;
	}
	char *comp = strndup(rest, clen);
	DIR *d = opendir(*prefix ? prefix : ".");
	struct dirent *e;

	while (d && (e = readdir(d))) {
		const char *name = e->d_name;

		if (strcmp(name, ".") == 0 || strcmp(name, "..") == 0)
			continue;
		if (name[0] == '.' && comp[0] != '.')
			continue;
		if (!pmatch(comp, name))
			continue;
		char *path = join(prefix, name, strlen(name));

		if (!slash) {
			vec_push(v, n, path);
			continue;
		}
		if (stat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
			char *dir = join(path, "/", 1);

			if (slash[1])
				walk(dir, slash + 1, v, n);
			else
				vec_push(v, n, strdup(dir));	/* "pat/": directories */
			free(dir);
		}
		free(path);
	}
	if (d)
		closedir(d);
	free(comp);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int glob_expand(const char *pat, char ***v, int *n)
{
	int before = *n;

	if (pat[0] == '/')
		walk("/", pat + 1, v, n);
	else
		walk("", pat, v, n);
	if (*n - before > 1)
		qsort(*v + before, *n - before, sizeof(**v), by_name);
	return *n - before;
}
