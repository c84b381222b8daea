#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

static char buf[8192];
static long tl, tw, tc;

static int wc(int fd, const char *name)
{
	long l = 0, w = 0, c = 0;
	int inword = 0;
	ssize_t n;

	while ((n = read(fd, buf, sizeof(buf))) > 0) {
		for (ssize_t i = 0; i < n; i++) {
			char ch = buf[i];

			c++;
			if (ch == '\n')
				l++;
			if (ch == ' ' || ch == '\n' || ch == '\t' || ch == '\r' || ch == '\v' || ch == '\f') {
				inword = 0;
			} else if (!inword) {
				w++;
				inword = 1;
			}
		}
	}
	if (n < 0) {
		fprintf(stderr, "wc: %s: %s\n", name ? name : "stdin", strerror(errno));
		return 1;
	}
	if (name)
		printf("%ld %ld %ld %s\n", l, w, c, name);
	else
		printf("%ld %ld %ld\n", l, w, c);
	tl += l, tw += w, tc += c;
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2)
		return wc(0, NULL);
	for (int i = 1; i < argc; i++) {
		int fd = open(argv[i], O_RDONLY);

		if (fd < 0) {
			fprintf(stderr, "wc: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
			continue;
		}
		rc |= wc(fd, argv[i]);
		close(fd);
	}
	if (argc > 2)
		printf("%ld %ld %ld total\n", tl, tw, tc);
	return rc;
}
