/* Prints 16 bytes from getrandom(2) and 16 from /dev/urandom in hex, for
 * tests/host/random-two-boots (two boots must not print the same). */
#include <fcntl.h>
#include <stdio.h>
#include <unistd.h>

static void hex(const char *what, const unsigned char *b)
{
	printf("%s ", what);
	for (int i = 0; i < 16; i++)
		printf("%02x", b[i]);
	printf("\n");
}

int main(void)
{
	unsigned char a[16], u[16];
	int fd = open("/dev/urandom", O_RDONLY);

	if (getrandom(a, 16, 0) != 16 || fd < 0 || read(fd, u, 16) != 16) {
		printf("FAIL randhex: cannot read random bytes\n");
		return 1;
	}
	hex("getrandom", a);
	hex("urandom", u);
	return 0;
}
