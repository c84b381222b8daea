#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char *base(const char *p)
{
	const char *s = strrchr(p, '/');

	return s ? s + 1 : p;
}

int main(int argc, char **argv)
{
	struct stat st;
	char dst[512];
	int rc = 0;

	if (argc < 3) {
		fprintf(stderr, "usage: mv src... dst\n");
		return 1;
	}
	int todir = stat(argv[argc - 1], &st) == 0 && S_ISDIR(st.st_mode);

	if (argc > 3 && !todir) {
		fprintf(stderr, "mv: %s: not a directory\n", argv[argc - 1]);
		return 1;
	}
	for (int i = 1; i < argc - 1; i++) {
		if (todir)
			snprintf(dst, sizeof(dst), "%s/%s", argv[argc - 1], base(argv[i]));
		else
			snprintf(dst, sizeof(dst), "%s", argv[argc - 1]);
		if (rename(argv[i], dst) < 0) {
			fprintf(stderr, "mv: %s -> %s: %s\n", argv[i], dst, strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
