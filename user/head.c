/* head [-n N | -N] [file...]: the first N lines (default 10). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int head(FILE *f, long n)
{
	int c;

	while (n > 0 && (c = getc(f)) != EOF) {
		putchar(c);
		if (c == '\n')
			n--;
	}
	return ferror(f) ? 1 : 0;
}

int main(int argc, char **argv)
{
	long n = 10;
	int i = 1, rc = 0;

	if (i < argc && strcmp(argv[i], "-n") == 0 && i + 1 < argc) {
		n = atol(argv[i + 1]);
		i += 2;
	} else if (i < argc && strncmp(argv[i], "-n", 2) == 0 && argv[i][2]) {
		n = atol(argv[i] + 2);
		i++;
	} else if (i < argc && argv[i][0] == '-' && argv[i][1] >= '0' && argv[i][1] <= '9') {
		n = atol(argv[i] + 1);
		i++;
	}
	if (i >= argc)
		return head(stdin, n);
	for (int k = i; k < argc; k++) {
		FILE *f = fopen(argv[k], "r");

		if (!f) {
			fprintf(stderr, "head: %s: %s\n", argv[k], strerror(errno));
			rc = 1;
			continue;
		}
		if (argc - i > 1)
			printf("%s==> %s <==\n", k > i ? "\n" : "", argv[k]);
		rc |= head(f, n);
		fclose(f);
	}
	return rc;
}
