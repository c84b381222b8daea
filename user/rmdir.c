/* rmdir [-p] dir...: remove empty directories; -p also each parent
 * named in the path. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1, rc = 0, parents = 0;

	if (i < argc && strcmp(argv[i], "-p") == 0) {
		parents = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: rmdir [-p] dir...\n");
		return 1;
	}
	for (; i < argc; i++) {
		char *p = argv[i];

		for (;;) {
			if (rmdir(p) < 0) {
				fprintf(stderr, "rmdir: %s: %s\n", p, strerror(errno));
				rc = 1;
				break;
			}
			char *slash = strrchr(p, '/');

			if (!parents || !slash || slash == p)
				break;
			*slash = 0;
		}
	}
	return rc;
}
