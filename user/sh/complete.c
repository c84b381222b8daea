/* TAB completion of the word before the cursor. The first word of a
 * command (without a '/') is completed from the builtins and the
 * programs in $PATH, any other word as a path. One candidate is put in
 * whole, followed by ' ' (or nothing after a directory's '/'); several
 * are cut to their longest common prefix, and when that adds nothing
 * they are listed. */
#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "sh.h"

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void commands(const char *word, char ***v, int *n)
{
	size_t wl = strlen(word);
	const char *path = var_get("PATH");
	char dir[512], full[1024];
	struct stat st;

	for (int i = 0; builtin_names[i]; i++)
		if (strncmp(builtin_names[i], word, wl) == 0)
			vec_push(v, n, strdup(builtin_names[i]));
	for (const char *p = path; p && *p; p += strcspn(p, ":"), p += *p == ':') {
		size_t dl = strcspn(p, ":");
		struct dirent *e;
		DIR *d;

		snprintf(dir, sizeof(dir), "%.*s", (int)dl, p);
		if (!(d = opendir(dl ? dir : ".")))
			continue;
		while ((e = readdir(d))) {
			if (strncmp(e->d_name, word, wl) != 0 || e->d_name[0] == '.')
				continue;
			snprintf(full, sizeof(full), "%s/%s", dir, e->d_name);
			if (stat(full, &st) == 0 && S_ISREG(st.st_mode) && access(full, X_OK) == 0)
				vec_push(v, n, strdup(e->d_name));
		}
		closedir(d);
	}
}

static void paths(const char *word, char ***v, int *n)
{
	const char *slash = strrchr(word, '/');
	size_t dl = slash ? (size_t)(slash + 1 - word) : 0;
	const char *base = word + dl;
	char dir[512], full[1024];
	struct dirent *e;
	struct stat st;
	DIR *d;

	snprintf(dir, sizeof(dir), "%.*s", (int)dl, word);
	if (!(d = opendir(dl ? dir : ".")))
		return;
	while ((e = readdir(d))) {
		const char *name = e->d_name;

		if (strncmp(name, base, strlen(base)) != 0 || strcmp(name, ".") == 0 ||
		    strcmp(name, "..") == 0 || (name[0] == '.' && base[0] != '.'))
			continue;
		snprintf(full, sizeof(full), "%s%s", dir, name);
		if (stat(full, &st) == 0 && S_ISDIR(st.st_mode))
			strcat(full, "/");
		vec_push(v, n, strdup(full));
	}
	closedir(d);
}

/* Is buf[0..start) the start of a command (only blanks since ; | & ( )? */
static int command_position(const char *buf, size_t start)
{
	while (start > 0 && (buf[start - 1] == ' ' || buf[start - 1] == '\t'))
		start--;
	return start == 0 || strchr(";|&(", buf[start - 1]);
}

static void list(char **v, int n)
{
	fputc('\n', stderr);
	for (int i = 0; i < n; i++) {
		const char *name = v[i];
		const char *slash = strrchr(name, '/');

		if (slash && slash[1])
			name = slash + 1;
		else if (slash)	/* a directory: "dir/" shown as its last part */
			for (const char *p = slash; p > v[i] && p[-1] != '/'; p--)
				name = p - 1;
		fprintf(stderr, "%s%s", name, i + 1 < n ? "  " : "\n");
	}
	fflush(stderr);
}

int complete(char *buf, size_t *len, size_t *pos, size_t cap)
{
	size_t start = *pos, wl, common;
	char **v = calloc(1, sizeof(*v)), *word;
	int n = 0, shown = 0;

	while (start > 0 && !strchr(" \t;|&<>()", buf[start - 1]))
		start--;
	word = strndup(buf + start, *pos - start);
	wl = strlen(word);
	if (command_position(buf, start) && !strchr(word, '/'))
		commands(word, &v, &n);
	else
		paths(word, &v, &n);
	if (n > 1) {
		int k = 1;

		qsort(v, n, sizeof(*v), by_name);
		for (int i = 1; i < n; i++) {	/* the same name in two directories */
			if (strcmp(v[i], v[k - 1]) == 0)
				free(v[i]);
			else
				v[k++] = v[i];
		}
		n = k;
		v[n] = NULL;
	}
	if (n > 0) {
		common = strlen(v[0]);
		for (int i = 1; i < n; i++) {
			size_t c = 0;

			while (c < common && v[i][c] == v[0][c])
				c++;
			common = c;
		}
		char ins[1024];
		size_t il;

		if (n == 1)
			il = snprintf(ins, sizeof(ins), "%s%s", v[0] + wl,
				      v[0][common - 1] == '/' ? "" : " ");
		else
			il = snprintf(ins, sizeof(ins), "%.*s", (int)(common - wl), v[0] + wl);
		if (il == 0 && n > 1) {
			list(v, n);
			shown = 1;
		} else if (*len + il < cap) {
			memmove(buf + *pos + il, buf + *pos, *len - *pos);
			memcpy(buf + *pos, ins, il);
			*len += il;
			*pos += il;
		}
	}
	vec_free(v);
	free(word);
	return shown;
}
