/* ls [-a] [-l] [-1] [-d] [file...]: names sorted; on a terminal in
 * columns, else one a line; -l the long form (mode, links, owner, group,
 * size, modification time, name -> target); -a also names starting with
 * '.'; -d a directory itself, not its contents. */
#include <dirent.h>
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define WIDTH 80

struct entry {
	char *name;		/* as shown */
	char *path;		/* as given to lstat */
	struct stat st;
};

static int all, longfmt, one, dirself;

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct entry *)a)->name, ((const struct entry *)b)->name);
}

static const char *owner(unsigned uid, int group)
{
	static char num[16];
	struct passwd *pw;
	struct group *gr;

	if (!group && (pw = getpwuid(uid)))
		return pw->pw_name;
	if (group && (gr = getgrgid(uid)))
		return gr->gr_name;
	snprintf(num, sizeof(num), "%u", uid);
	return num;
}

static void long_line(const struct entry *e)
{
	char mode[12], when[32], target[4096];
	time_t t = e->st.st_mtime;
	struct tm tm;

	strmode(e->st.st_mode, mode);
	gmtime_r(&t, &tm);
	strftime(when, sizeof(when), "%b %e %H:%M", &tm);
	printf("%s%3u %-8s ", mode, e->st.st_nlink, owner(e->st.st_uid, 0));
	printf("%-8s ", owner(e->st.st_gid, 1));
	if (S_ISCHR(e->st.st_mode) || S_ISBLK(e->st.st_mode))
		printf("%3lu, %3lu", e->st.st_rdev >> 8, e->st.st_rdev & 0xff);
	else
		printf("%8ld", e->st.st_size);
	printf(" %s %s", when, e->name);
	if (S_ISLNK(e->st.st_mode)) {
		ssize_t n = readlink(e->path, target, sizeof(target) - 1);

		if (n >= 0) {
			target[n] = 0;
			printf(" -> %s", target);
		}
	}
	putchar('\n');
}

/* Columns, filled top to bottom, as wide as the longest name + 2. */
static void columns(struct entry *v, int n)
{
	size_t w = 1;

	for (int i = 0; i < n; i++)
		if (strlen(v[i].name) + 2 > w)
			w = strlen(v[i].name) + 2;
	int cols = WIDTH / w > 0 ? WIDTH / w : 1, rows = (n + cols - 1) / cols;

	for (int r = 0; r < rows; r++) {
		for (int c = 0; c < cols; c++) {
			int i = c * rows + r;

			if (i >= n)
				continue;
			if (c + 1 < cols && i + rows < n)
				printf("%-*s", (int)w, v[i].name);
			else
				printf("%s", v[i].name);
		}
		putchar('\n');
	}
}

static void list(struct entry *v, int n, int total)
{
	qsort(v, n, sizeof(*v), by_name);
	if (longfmt) {
		long blocks = 0;

		for (int i = 0; i < n; i++)
			blocks += v[i].st.st_blocks;
		if (total)
			printf("total %ld\n", blocks / 2);
		for (int i = 0; i < n; i++)
			long_line(&v[i]);
	} else if (!one && isatty(1)) {
		columns(v, n);
	} else {
		for (int i = 0; i < n; i++)
			puts(v[i].name);
	}
}

static void free_entries(struct entry *v, int n)
{
	for (int i = 0; i < n; i++) {
		free(v[i].name);
		free(v[i].path);
	}
	free(v);
}

static int list_dir(const char *dir)
{
	struct entry *v = NULL;
	struct dirent *d;
	int n = 0, rc = 0;
	DIR *dp = opendir(dir);

	if (!dp) {
		fprintf(stderr, "ls: %s: %s\n", dir, strerror(errno));
		return 1;
	}
	while ((d = readdir(dp))) {
		struct entry e;

		if (d->d_name[0] == '.' && !all)
			continue;
		e.name = strdup(d->d_name);
		e.path = malloc(strlen(dir) + strlen(d->d_name) + 2);
		sprintf(e.path, "%s/%s", dir, d->d_name);
		if (lstat(e.path, &e.st) < 0) {
			fprintf(stderr, "ls: %s: %s\n", e.path, strerror(errno));
			free(e.name);
			free(e.path);
			rc = 1;
			continue;
		}
		v = realloc(v, (n + 1) * sizeof(*v));
		v[n++] = e;
	}
	closedir(dp);
	list(v, n, 1);
	free_entries(v, n);
	return rc;
}

int main(int argc, char **argv)
{
	struct entry *files = NULL;
	char **dirs = NULL;
	int c, rc = 0, nfiles = 0, ndirs = 0;

	while ((c = getopt(argc, argv, "al1d")) != -1) {
		switch (c) {
		case 'a': all = 1; break;
		case 'l': longfmt = 1; break;
		case '1': one = 1; break;
		case 'd': dirself = 1; break;
		default:
			fprintf(stderr, "usage: ls [-al1d] [file...]\n");
			return 2;
		}
	}
	char *dot[] = { ".", NULL }, **args = optind < argc ? argv + optind : dot;

	for (int i = 0; args[i]; i++) {
		struct entry e = { strdup(args[i]), strdup(args[i]) };

		if (lstat(args[i], &e.st) < 0) {
			fprintf(stderr, "ls: %s: %s\n", args[i], strerror(errno));
			free(e.name);
			free(e.path);
			rc = 2;
			continue;
		}
		if (S_ISDIR(e.st.st_mode) && !dirself) {
			dirs = realloc(dirs, (ndirs + 1) * sizeof(*dirs));
			dirs[ndirs++] = args[i];
			free(e.name);
			free(e.path);
		} else {
			files = realloc(files, (nfiles + 1) * sizeof(*files));
			files[nfiles++] = e;
		}
	}
	if (nfiles)
		list(files, nfiles, 0);
	for (int i = 0; i < ndirs; i++) {
		if (nfiles || ndirs > 1 || rc)
			printf("%s%s:\n", nfiles || i ? "\n" : "", dirs[i]);
		rc |= list_dir(dirs[i]);
	}
	free_entries(files, nfiles);
	free(dirs);
	return rc;
}
