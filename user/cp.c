#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[16384];

static int cp(const char *src, const char *dst)
{
	int in = open(src, O_RDONLY), out;
	ssize_t n;

	if (in < 0) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, 0666);
	if (out < 0) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		close(in);
		return 1;
	}
	while ((n = read(in, buf, sizeof(buf))) > 0) {
		if (write(out, buf, n) != n) {
			fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
			n = -1;
			break;
		}
	}
	if (n < 0 && errno)
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
	close(in);
	close(out);
	return n < 0;
}

int main(int argc, char **argv)
{
	struct stat st;
	char dst[512];
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: cp src... dst\n");
		return 1;
	}
	int todir = stat(argv[argc - 1], &st) == 0 && S_ISDIR(st.st_mode);

	if (argc > 3 && !todir) {
		fprintf(stderr, "cp: %s: not a directory\n", argv[argc - 1]);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		if (todir) {
			const char *b = strrchr(argv[i], '/');

			snprintf(dst, sizeof(dst), "%s/%s", argv[argc - 1], b ? b + 1 : argv[i]);
		} else {
			snprintf(dst, sizeof(dst), "%s", argv[argc - 1]);
		}
		rc |= cp(argv[i], dst);
	}
	return rc;
}
