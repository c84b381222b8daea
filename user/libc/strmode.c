/* strmode (BSD): "drwxr-xr-x " for a mode: the type letter, nine
 * permission letters (s/S t/T for set-id and sticky bits) and a space. */
#include <string.h>
#include <sys/stat.h>

void strmode(mode_t mode, char *p)
{
	static const char types[] = "?pc?d?b?-?l?s???";
	static const char rwx[] = "rwxrwxrwx";

	p[0] = types[(mode & S_IFMT) >> 12];
	for (int i = 0; i < 9; i++)
		p[1 + i] = mode & (0400 >> i) ? rwx[i] : '-';
	if (mode & S_ISUID)
		p[3] = p[3] == 'x' ? 's' : 'S';
	if (mode & S_ISGID)
		p[6] = p[6] == 'x' ? 's' : 'S';
	if (mode & S_ISVTX)
		p[9] = p[9] == 'x' ? 't' : 'T';
	p[10] = ' ';
	p[11] = 0;
}
