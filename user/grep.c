/*
 * grep [-ivcnqF] PATTERN [file...]
 * Patterns: literal characters, '.', 'x*', '^' and '$' anchors, '\x' escapes;
 * -i: letters match either case.
 */
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int invert, count, number, quiet, fixed, icase;

static int same(char a, char b)
{
	return icase ? tolower((unsigned char)a) == tolower((unsigned char)b) : a == b;
}

static int here(const char *re, const char *s);

/* Does the atom at re match character c? Returns the atom length, 0 if no. */
static int atom(const char *re, char c, int *len)
{
	if (re[0] == '\\' && re[1]) {
		*len = 2;
		return same(c, re[1]);
	}
	*len = 1;
	return c && (re[0] == '.' || same(re[0], c));
}

static int star(const char *re, int alen, const char *s)
{
	int dummy;

	/* Longest first so that later atoms see the shortest remainder last. */
	const char *t = s;

	while (*t && atom(re, *t, &dummy))
		t++;
	for (;; t--) {
		if (here(re + alen + 1, t))
			return 1;
		if (t == s)
			return 0;
	}
}

static int here(const char *re, const char *s)
{
	int alen;

	if (!*re)
		return 1;
	if (re[0] == '$' && re[1] == 0)
		return *s == 0;
	if (re[0] == '\\' && re[1])
		alen = 2;
	else
		alen = 1;
	if (re[alen] == '*')
		return star(re, alen, s);
	if (*s && atom(re, *s, &alen))
		return here(re + alen, s + 1);
	return 0;
}

static int match(const char *re, const char *s)
{
	if (fixed) {
		size_t n = strlen(re);

		do {
			size_t i = 0;

			while (i < n && s[i] && same(s[i], re[i]))
				i++;
			if (i == n)
				return 1;
		} while (*s++);
		return 0;
	}
	if (re[0] == '^')
		return here(re + 1, s);
	do {
		if (here(re, s))
			return 1;
	} while (*s++);
	return 0;
}

static int grep(const char *re, FILE *f, const char *name, int many)
{
	char *line = NULL;
	size_t cap = 0;
	long n = 0, hits = 0;
	ssize_t len;

	while ((len = getline(&line, &cap, f)) > 0) {
		n++;
		if (line[len - 1] == '\n')
			line[len - 1] = 0;
		if (match(re, line) == invert)
			continue;
		hits++;
		if (quiet)
			break;
		if (count)
			continue;
		if (many)
			printf("%s:", name);
		if (number)
			printf("%ld:", n);
		printf("%s\n", line);
	}
	free(line);
	if (count && !quiet) {
		if (many)
			printf("%s:", name);
		printf("%ld\n", hits);
	}
	return hits > 0;
}

int main(int argc, char **argv)
{
	int c, found = 0, err = 0;

	while ((c = getopt(argc, argv, "ivcnqF")) != -1) {
		switch (c) {
		case 'i': icase = 1; break;
		case 'v': invert = 1; break;
		case 'c': count = 1; break;
		case 'n': number = 1; break;
		case 'q': quiet = 1; break;
		case 'F': fixed = 1; break;
		default: return 2;
		}
	}
	if (optind >= argc) {
		fprintf(stderr, "usage: grep [-ivcnqF] pattern [file...]\n");
		return 2;
	}
	const char *re = argv[optind++];

	if (optind >= argc)
		return grep(re, stdin, "stdin", 0) ? 0 : 1;
	for (int i = optind; i < argc; i++) {
		FILE *f = fopen(argv[i], "r");

		if (!f) {
			fprintf(stderr, "grep: %s: %s\n", argv[i], strerror(errno));
			err = 1;
			continue;
		}
		found |= grep(re, f, argv[i], argc - optind > 1);
		fclose(f);
		if (found && quiet)
			break;
	}
	return err ? 2 : found ? 0 : 1;
}
