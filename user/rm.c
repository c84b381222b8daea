#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int recursive, force;

static int rm(const char *path)
{
	struct stat st;

	if (recursive && lstat(path, &st) == 0 && S_ISDIR(st.st_mode)) {
		DIR *d = opendir(path);
		struct dirent *e;
		char sub[512];
		int rc = 0;

		if (!d) {
			fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		while ((e = readdir(d))) {
			if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
				continue;
			snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
			rc |= rm(sub);
		}
		closedir(d);
		if (rmdir(path) < 0) {
			fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
			return 1;
		}
		return rc;
	}
	if (unlink(path) < 0) {
		if (force && errno == ENOENT)
			return 0;
		fprintf(stderr, "rm: %s: %s\n", path, strerror(errno));
		return 1;
	}
	return 0;
}

int main(int argc, char **argv)
{
	int c, rc = 0;

	while ((c = getopt(argc, argv, "rRf")) != -1) {
		if (c == 'f')
			force = 1;
		else if (c == 'r' || c == 'R')
			recursive = 1;
		else
			return 1;
	}
	if (optind >= argc && !force) {
		fprintf(stderr, "usage: rm [-rf] file...\n");
		return 1;
	}
	for (int i = optind; i < argc; i++)
		rc |= rm(argv[i]);
	return rc;
}
