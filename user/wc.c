/* wc [-lwc] [file...]: lines, words and bytes (all three, in that order,
 * unless some are picked), and a total for several files. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];
static long total[3];
static int want[3];		/* lines, words, bytes */

static void print(const long *n, const char *name)
{
	int first = 1;

	for (int i = 0; i < 3; i++) {
		if (want[i]) {
			printf(first ? "%ld" : " %ld", n[i]);
			first = 0;
		}
	}
	printf(name ? " %s\n" : "\n", name);
}

static int wc(int fd, const char *name)
{
	long n[3] = { 0 };
	int inword = 0;
	ssize_t r;

	while ((r = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < r; i++) {
			char ch = buf[i];

			n[2]++;
			if (ch == '\n')
				n[0]++;
			if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f') {
				inword = 0;
			} else if (!inword) {
				n[1]++;
				inword = 1;
			}
		}
	}
	if (r < 0) {
		fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
		return 1;
	}
	print(n, name);
	for (int i = 0; i < 3; i++)
		total[i] += n[i];
	return 0;
}

int main(int argc, char **argv)
{
	int c, rc = 0;

	while ((c = getopt(argc, argv, "lwc")) != -1) {
		if (c == '?')
			return 1;
		want[c == 'l' ? 0 : c == 'w' ? 1 : 2] = 1;
	}
	if (!want[0] && !want[1] && !want[2])
		want[0] = want[1] = want[2] = 1;
	if (optind >= argc)
		return wc(0, NULL);
	for (int i = optind; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		rc |= wc(fd, argv[i]);
		close(fd);
	}
	if (argc - optind > 1)
		print(total, "total");
	return rc;
}
