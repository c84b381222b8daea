/* /proc/uptime is "SECONDS.HUNDREDTHS IDLE" as on Linux. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

int main(void)
{
	char buf[128];
	int fd = open("/proc/uptime", O_RDONLY);
	ssize_t n;
	long s;

	if (fd < 0) {
		fprintf(stderr, "uptime: /proc/uptime: %s\n", strerror(errno));
		return 1;
	}
	n = read(fd, buf, sizeof(buf) - 1);
	close(fd);
	if (n <= 0) {
		fprintf(stderr, "uptime: cannot read /proc/uptime\n");
		return 1;
	}
	buf[n] = 0;
	s = strtol(buf, NULL, 10);
	printf("up %ld:%02ld:%02ld\n", s / 3600, s / 60 % 60, s % 60);
	return 0;
}
