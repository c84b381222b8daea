/* uname [-asnrvm]: system name (the default), host name, release,
 * version, machine; -a all of them, in that order. */
#include <stdio.h>
#include <sys/utsname.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct utsname u;
	const char *field[5];
	int want[5] = { 0 }, c, any = 0, first = 1;

	while ((c = getopt(argc, argv, "asnrvm")) != -1) {
		switch (c) {
		case 'a': for (int i = 0; i < 5; i++) want[i] = 1; break;
		case 's': want[0] = 1; break;
		case 'n': want[1] = 1; break;
		case 'r': want[2] = 1; break;
		case 'v': want[3] = 1; break;
		case 'm': want[4] = 1; break;
		default:
			fprintf(stderr, "usage: uname [-asnrvm]\n");
			return 1;
		}
	}
	if (uname(&u) < 0) {
		perror("uname");
		return 1;
	}
	field[0] = u.sysname, field[1] = u.nodename, field[2] = u.release;
	field[3] = u.version, field[4] = u.machine;
	for (int i = 0; i < 5; i++)
		any |= want[i];
	if (!any)
		want[0] = 1;
	for (int i = 0; i < 5; i++) {
		if (want[i]) {
			printf("%s%s", first ? "" : " ", field[i]);
			first = 0;
		}
	}
	putchar('\n');
	return 0;
}
