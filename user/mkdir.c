#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

/* Creates every missing component of path. */
static int mkparents(char *path)
{
	for (char *p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = 0;
		if (mkdir(path, 0777) < 0 && errno != EEXIST)
			return -1;
		*p = '/';
	}
	if (mkdir(path, 0777) < 0 && errno != EEXIST)
		return -1;
	return 0;
}

int main(int argc, char **argv)
{
	int parents = 0, rc = 0, i = 1;

	if (argc > 1 && strcmp(argv[1], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: mkdir [-p] dir...\n");
		return 1;
	}
	for (; i < argc; i++) {
		int r = parents ? mkparents(argv[i]) : mkdir(argv[i], 0777);

		if (r < 0) {
			fprintf(stderr, "mkdir: %s: %s\n", argv[i], strerror(errno));
			rc = 1;
		}
	}
	return rc;
}
