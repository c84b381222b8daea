/* chmod MODE file...: MODE is octal (755) or symbolic, comma-separated
 * clauses [ugoa]*[+-=][rwxXst]* (u+x, go-w, a=r); no who means all. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* The new mode for old under a symbolic spec; -1 if the spec is bad. */
static long symbolic(const char *s, unsigned old)
{
	unsigned mode = old & 07777;

	while (*s) {
		unsigned who = 0, bits = 0;
		char op;

		for (; strchr("ugoa", *s) && *s; s++)
			who |= *s == 'u' ? 04700 : *s == 'g' ? 02070 : *s == 'o' ? 01007 : 07777;
		if (!who)
			who = 07777;
		if (!*s || !strchr("+-=", *s))
			return -1;
		op = *s++;
		for (; *s && *s != ','; s++) {
			switch (*s) {
			case 'r': bits |= 0444; break;
			case 'w': bits |= 0222; break;
			case 'x': bits |= 0111; break;
			case 'X': if (S_ISDIR(old) || (old & 0111)) bits |= 0111; break;
			case 's': bits |= 06000; break;
			case 't': bits |= 01000; break;
			default: return -1;
			}
		}
		bits &= who;
		if (op == '+')
			mode |= bits;
		else if (op == '-')
			mode &= ~bits;
		else
			mode = (mode & ~(who & 0777)) | bits;
		if (*s == ',')
			s++;
	}
	return mode;
}

int main(int argc, char **argv)
{
	int rc = 0;
	char *end;
	long octal;

	if (argc < 3) {
		fprintf(stderr, "usage: chmod MODE file...\n");
		return 1;
	}
	octal = strtol(argv[1], &end, 8);
	if (*end == 0 && (octal < 0 || octal > 07777)) {
		fprintf(stderr, "chmod: %s: bad mode\n", argv[1]);
		return 1;
	}
	for (int i = 2; i < argc; i++) {
		struct stat st;
		long mode = octal;

		if (*end) {	/* symbolic: relative to the current mode */
			if (stat(argv[i], &st) < 0) {
				fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
				rc = 1;
				continue;
			}
			if ((mode = symbolic(argv[1], st.st_mode)) < 0) {
				fprintf(stderr, "chmod: %s: bad mode\n", argv[1]);
				return 1;
			}
		}
		if (chmod(argv[i], mode) < 0) {
			fprintf(stderr, "chmod: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
