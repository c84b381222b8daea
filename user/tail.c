/* tail [-n N | -N | -n +N] [file...]: the last N lines (default 10), or
 * everything from line N on with +N. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long count = 10;
static int from_start;		/* +N: from line N on */

static int tail(FILE *f)
{
	char *data = NULL;
	size_t n = 0, cap = 0;
	int c;

	while ((c = getc(f)) != EOF) {
		if (n == cap)
			data = realloc(data, cap = cap ? cap * 2 : 4096);
		data[n++] = c;
	}
	size_t start = 0;

	if (from_start) {
		for (long line = 1; line < count && start < n; start++)
			if (data[start] == '\n')
				line++;
	} else {
		/* Back from the end over count newlines (a last line without
		 * one counts too). */
		size_t p = n;
		long lines = 0;

		if (p > 0 && data[p - 1] == '\n')
			p--;
		while (p > 0 && !(data[p - 1] == '\n' && ++lines == count))
			p--;
		start = count > 0 ? p : n;
	}
	fwrite(data + start, 1, n - start, stdout);
	free(data);
	return ferror(f) ? 1 : 0;
}

static void set_count(const char *s)
{
	from_start = s[0] == '+';
	count = atol(s + (s[0] == '+' || s[0] == '-'));
}

int main(int argc, char **argv)
{
	int i = 1, rc = 0;

	if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
		set_count(argv[i + 1]);
		i += 2;
	} else if (i < argc && strncmp(argv[i], "-n", 2) == 0 && argv[i][2]) {
		set_count(argv[i] + 2);
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
		set_count(argv[i]);
		i++;
	}
	if (i >= argc)
		return tail(stdin);
	for (int k = i; k < argc; k++) {
		FILE *f = fopen(argv[k], "r");

		if (!f) {
			fprintf(stderr, "tail: %s: %s\n", argv[k], strerror(errno));
			rc = 1;
			continue;
		}
		if (argc - i > 1)
			printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
		rc |= tail(f);
		fclose(f);
	}
	return rc;
}
