/* 100 fork+exec+wait rounds must give back every page and slab object. */
#include <fcntl.h>
#include <stdlib.h>
#include <sys/wait.h>
#include "check.h"


int main(void)
{
	long pages0 = meminfo("PagesFree"), slab0 = meminfo("SlabObjects"), pages, slab;
	char *argv[] = { "true", NULL };

	if (pages0 < 0) {
		fail("memleak", "/proc/meminfo has no PagesFree");
		return 1;
	}
	for (int i = 0; i < 100; i++) {
		int st;
		pid_t pid = fork();

		if (pid < 0) {
			fail("memleak", "fork failed in round %d: %s", i, strerror(errno));
			return 1;
		}
		if (pid == 0) {
			execv("/bin/true", argv);
			_exit(127);
		}
		if (waitpid(pid, &st, 0) != pid || st != 0) {
			fail("memleak", "round %d: child status 0x%x", i, st);
			return 1;
		}
	}
	for (int tries = 0;; tries++) {
		pages = meminfo("PagesFree");
		slab = meminfo("SlabObjects");
		if (pages >= pages0 && (slab0 < 0 || slab <= slab0))
			break;
		if (tries == 20) {
			fail("memleak", "PagesFree %ld -> %ld, SlabObjects %ld -> %ld", pages0, pages,
			     slab0, slab);
			return 1;
		}
		usleep(100000);
	}
	ok("memleak");
	return 0;
}
