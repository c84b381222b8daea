/* dmesg: print the kernel log (syslog READ_ALL). -c: then clear it;
 * -C: only clear it. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/syscall.h>

#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_SIZE_BUFFER 10

int main(int argc, char **argv)
{
	int action = SYSLOG_ACTION_READ_ALL;

	if (argc > 1 && strcmp(argv[1], "-C") == 0) {
		if (syscall(SYS_syslog, SYSLOG_ACTION_CLEAR, NULL, 0) < 0) {
			perror("dmesg");
			return 1;
		}
		return 0;
	}
	if (argc > 1 && strcmp(argv[1], "-c") == 0)
		action = SYSLOG_ACTION_READ_CLEAR;
	else if (argc > 1) {
		fprintf(stderr, "usage: dmesg [-c | -C]\n");
		return 2;
	}
	long size = syscall(SYS_syslog, SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
	char *buf = size > 0 ? malloc(size) : NULL;
	if (!buf) {
		perror("dmesg");
		return 1;
	}
	long n = syscall(SYS_syslog, action, buf, (int)size);
	if (n < 0) {
		perror("dmesg");
		return 1;
	}
	for (long off = 0; off < n;) {
		ssize_t w = write(1, buf + off, n - off);
		if (w <= 0)
			return 1;
		off += w;
	}
	return 0;
}
