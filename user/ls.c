#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static int longfmt;

static char typechar(unsigned int mode)
{
	switch (mode & S_IFMT) {
	case S_IFDIR: return 'd';
	case S_IFCHR: return 'c';
	case S_IFBLK: return 'b';
	case S_IFLNK: return 'l';
	case S_IFIFO: return 'p';
	case S_IFSOCK: return 's';
	default: return '-';
	}
}

static void show(const char *path, const char *name)
{
	struct stat st;

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return;
	}
	if (longfmt) {
		char perm[10];

		for (int i = 0; i < 9; i++)
			perm[i] = st.st_mode & (0400 >> i) ? "rwxrwxrwx"[i] : '-';
		perm[9] = 0;
		printf("%c%s %3u %8ld %6lu %s\n", typechar(st.st_mode), perm, st.st_nlink,
		       st.st_size, st.st_ino, name);
	} else {
		printf("%-16s %c %6lu %8ld\n", name, typechar(st.st_mode), st.st_ino, st.st_size);
	}
}

static int ls(const char *path)
{
	struct stat st;
	struct dirent *e;
	char sub[512];
	DIR *d;

	if (stat(path, &st) < 0) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (!S_ISDIR(st.st_mode)) {
		show(path, path);
		return 0;
	}
	d = opendir(path);
	if (!d) {
		fprintf(stderr, "ls: %s: %s\n", path, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		snprintf(sub, sizeof(sub), "%s/%s", path, e->d_name);
		show(sub, e->d_name);
	}
	closedir(d);
	return 0;
}

int main(int argc, char **argv)
{
	int c, rc = 0;

	while ((c = getopt(argc, argv, "l")) != -1) {
		if (c != 'l')
			return 1;
		longfmt = 1;
	}
	if (optind >= argc)
		return ls(".");
	for (int i = optind; i < argc; i++) {
		if (argc - optind > 1)
			printf("%s:\n", argv[i]);
		rc |= ls(argv[i]);
	}
	return rc;
}
