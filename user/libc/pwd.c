/* getpwuid/getpwnam and getgrgid/getgrnam: a line-by-line search of
 * /etc/passwd ("name:passwd:uid:gid:gecos:dir:shell") and /etc/group
 * ("name:passwd:gid:members", members not split). The result lives in
 * static storage until the next call. */
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char line[512];

/* Splits line at ':' into at most n fields; returns how many. */
static int split(char **f, int n)
{
	char *p = line;
	int k = 0;

	line[strcspn(line, "\n")] = 0;
	while (k < n) {
		f[k++] = p;
		p = strchr(p, ':');
		if (!p)
			break;
		*p++ = 0;
	}
	return k;
}

/* The fields of the first line of path whose field key (by number or,
 * name non-NULL, by name) matches; NULL if none. */
static char **lookup(const char *path, int nfields, int idfield, unsigned id, const char *name)
{
	static char *f[7];
	FILE *fp = fopen(path, "r");

	if (!fp)
		return NULL;
	while (fgets(line, sizeof(line), fp)) {
		if (split(f, nfields) != nfields)
			continue;
		if (name ? strcmp(f[0], name) == 0 : strtoul(f[idfield], NULL, 10) == id) {
			fclose(fp);
			return f;
		}
	}
	fclose(fp);
	return NULL;
}

static struct passwd *to_passwd(char **f)
{
	static struct passwd pw;

	if (!f)
		return NULL;
	pw = (struct passwd){ f[0], f[1], strtoul(f[2], NULL, 10), strtoul(f[3], NULL, 10),
			      f[4], f[5], f[6] };
	return &pw;
}

static struct group *to_group(char **f)
{
	static struct group gr;
	static char *no_members[] = { NULL };

	if (!f)
		return NULL;
	gr = (struct group){ f[0], f[1], strtoul(f[2], NULL, 10), no_members };
	return &gr;
}

struct passwd *getpwuid(uid_t uid) { return to_passwd(lookup("/etc/passwd", 7, 2, uid, NULL)); }
struct passwd *getpwnam(const char *name) { return to_passwd(lookup("/etc/passwd", 7, 2, 0, name)); }
struct group *getgrgid(gid_t gid) { return to_group(lookup("/etc/group", 4, 2, gid, NULL)); }
struct group *getgrnam(const char *name) { return to_group(lookup("/etc/group", 4, 2, 0, name)); }
