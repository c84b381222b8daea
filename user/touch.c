/* touch [-c] file...: set a file's access and modification times to
 * now, creating it (empty) unless it exists or -c is given. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int i = 1, rc = 0, nocreate = 0;

	if (i < argc && strcmp(argv[i], "-c") == 0) {
		nocreate = 1;
		i++;
	}
	if (i >= argc) {
		fprintf(stderr, "usage: touch [-c] file...\n");
		return 1;
	}
	for (; i < argc; i++) {
		if (utimensat(AT_FDCWD, argv[i], NULL, 0) == 0)
			continue;
		if (errno == ENOENT && nocreate)
			continue;
		if (errno == ENOENT) {
			int fd = open(argv[i], O_WRONLY | O_CREAT, 0666);

			if (fd >= 0) {
				close(fd);
				continue;
			}
		}
		fprintf(stderr, "touch: %s: %s\n", argv[i], strerror(errno));
		rc = 1;
	}
	return rc;
}
