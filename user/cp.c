/* cp [-r] src... dst: copy files; into dst if it is a directory; -r (or
 * -R) copies directories with everything in them (symbolic links are
 * copied as links). Modes are kept. */
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static char buf[16384];
static int recursive;

static int copy_file(const char *src, const char *dst, unsigned mode)
{
	int in = open(src, O_RDONLY), out;
	ssize_t n;

	if (in < 0) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		return 1;
	}
	out = open(dst, O_WRONLY | O_CREAT | O_TRUNC, mode & 07777);
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

static int copy(const char *src, const char *dst);

static int copy_dir(const char *src, const char *dst, unsigned mode)
{
	struct dirent *e;
	DIR *d;
	int rc = 0;

	if (mkdir(dst, mode & 07777) < 0 && errno != EEXIST) {
		fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
		return 1;
	}
	if (!(d = opendir(src))) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		return 1;
	}
	while ((e = readdir(d))) {
		if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
			continue;
		char *s = malloc(strlen(src) + strlen(e->d_name) + 2);
		char *t = malloc(strlen(dst) + strlen(e->d_name) + 2);

		sprintf(s, "%s/%s", src, e->d_name);
		sprintf(t, "%s/%s", dst, e->d_name);
		rc |= copy(s, t);
		free(s);
		free(t);
	}
	closedir(d);
	return rc;
}

static int copy(const char *src, const char *dst)
{
	struct stat st;
	char target[4096];

	if (lstat(src, &st) < 0) {
		fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
		return 1;
	}
	if (S_ISDIR(st.st_mode)) {
		if (!recursive) {
			fprintf(stderr, "cp: %s: is a directory (not copied without -r)\n", src);
			return 1;
		}
		return copy_dir(src, dst, st.st_mode);
	}
	if (S_ISLNK(st.st_mode) && recursive) {
		ssize_t n = readlink(src, target, sizeof(target) - 1);

		if (n < 0) {
			fprintf(stderr, "cp: %s: %s\n", src, strerror(errno));
			return 1;
		}
		target[n] = 0;
		unlink(dst);
		if (symlink(target, dst) < 0) {
			fprintf(stderr, "cp: %s: %s\n", dst, strerror(errno));
			return 1;
		}
		return 0;
	}
	return copy_file(src, dst, st.st_mode);
}

/* The last component of path, trailing slashes ignored ("a/b/" -> "b"). */
static void base_name(const char *path, char *out, size_t n)
{
	size_t len = strlen(path), start;

	while (len > 1 && path[len - 1] == '/')
		len--;
	for (start = len; start > 0 && path[start - 1] != '/'; start--)
		;
	snprintf(out, n, "%.*s", (int)(len - start), path + start);
}

int main(int argc, char **argv)
{
	struct stat st;
	char dst[4096];
	int c, rc = 0;

	while ((c = getopt(argc, argv, "rR")) != -1) {
		if (c == '?')
			return 1;
		recursive = 1;
	}
	if (argc - optind < 2) {
		fprintf(stderr, "usage: cp [-r] src... dst\n");
		return 1;
	}
	const char *to = argv[argc - 1];
	int todir = stat(to, &st) == 0 && S_ISDIR(st.st_mode);

	if (argc - optind > 2 && !todir) {
		fprintf(stderr, "cp: %s: not a directory\n", to);
		return 1;
	}
	for (int i = optind; i < argc - 1; i++) {
		if (todir) {
			char base[256];

			base_name(argv[i], base, sizeof(base));
			snprintf(dst, sizeof(dst), "%s/%s", to, base);
		} else {
			snprintf(dst, sizeof(dst), "%s", to);
		}
		rc |= copy(argv[i], dst);
	}
	return rc;
}
