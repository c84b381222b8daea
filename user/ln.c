/* ln [-s] [-f] target [name]: a hard link (or with -s a symbolic one)
 * called name, by default the target's last component in the current
 * directory; into a directory name, under the target's last component.
 * -f removes an existing name first. */
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int c, sym = 0, force = 0;
	char path[4096];
	struct stat st;

	while ((c = getopt(argc, argv, "sf")) != -1) {
		if (c == 's')
			sym = 1;
		else if (c == 'f')
			force = 1;
		else
			return 1;
	}
	if (argc - optind < 1 || argc - optind > 2) {
		fprintf(stderr, "usage: ln [-s] [-f] target [name]\n");
		return 1;
	}
	const char *target = argv[optind], *name = argv[optind + 1];
	const char *base = strrchr(target, '/') ? strrchr(target, '/') + 1 : target;

	if (!name) {
		name = base;
	} else if (stat(name, &st) == 0 && S_ISDIR(st.st_mode)) {
		snprintf(path, sizeof(path), "%s/%s", name, base);
		name = path;
	}
	if (force)
		unlink(name);
	if ((sym ? symlink(target, name) : link(target, name)) < 0) {
		fprintf(stderr, "ln: %s: %s\n", name, strerror(errno));
		return 1;
	}
	return 0;
}
