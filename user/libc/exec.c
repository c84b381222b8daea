#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* execvp: search $PATH (default "/bin") when file has no '/'. */
int execvp(const char *file, char *const argv[])
{
	const char *path, *p, *end;
	char buf[512];
	int saved = ENOENT;

	if (!*file) {
		errno = ENOENT;
		return -1;
	}
	if (strchr(file, '/'))
		return execve(file, argv, environ);
	path = getenv("PATH");
	if (!path)
		path = "/bin";
	for (p = path;; p = end + 1) {
		size_t dl, fl = strlen(file);

		end = strchr(p, ':');
		if (!end)
			end = p + strlen(p);
		dl = end - p;
		if (dl + fl + 2 <= sizeof(buf)) {
			memcpy(buf, p, dl);
			if (dl == 0)
				buf[dl++] = '.';
			buf[dl] = '/';
			memcpy(buf + dl + 1, file, fl + 1);
			execve(buf, argv, environ);
			if (errno != ENOENT && errno != ENOTDIR)
				saved = errno;
		}
		if (!*end)
			break;
	}
	errno = saved;
	return -1;
}
