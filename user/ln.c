#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	int sym = argc > 1 && strcmp(argv[1], "-s") == 0;

	if (argc != 3 + sym) {
		fprintf(stderr, "usage: ln [-s] old new\n");
		return 1;
	}
	if ((sym ? symlink(argv[2], argv[3]) : link(argv[1], argv[2])) < 0) {
		fprintf(stderr, "ln: %s: %s\n", argv[1 + sym], strerror(errno));
		return 1;
	}
	return 0;
}
