/* Prints /proc/meminfo ("Key:  N [kB]" lines) as a free(1)-like table. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static long total = -1, avail = -1, ptotal = -1, pfree = -1, slab = -1;

static void take(const char *key, long v)
{
	if (strcmp(key, "MemTotal") == 0) total = v;
	else if (strcmp(key, "MemFree") == 0) avail = v;
	else if (strcmp(key, "PagesTotal") == 0) ptotal = v;
	else if (strcmp(key, "PagesFree") == 0) pfree = v;
	else if (strcmp(key, "SlabObjects") == 0) slab = v;
}

int main(void)
{
	FILE *f = fopen("/proc/meminfo", "r");
	char line[256];

	if (!f) {
		fprintf(stderr, "free: /proc/meminfo: %s\n", strerror(errno));
		return 1;
	}
	while (fgets(line, sizeof(line), f)) {
		char *colon = strchr(line, ':');

		if (!colon)
			continue;
		*colon = 0;
		take(line, strtol(colon + 1, NULL, 10));
	}
	fclose(f);
	if (total < 0 && ptotal >= 0)
		total = ptotal * 4;
	if (avail < 0 && pfree >= 0)
		avail = pfree * 4;
	printf("%-8s %12s %12s %12s\n", "", "total", "used", "free");
	if (total >= 0 && avail >= 0)
		printf("%-8s %12ld %12ld %12ld  (kB)\n", "Mem:", total, total - avail, avail);
	if (ptotal >= 0 && pfree >= 0)
		printf("%-8s %12ld %12ld %12ld\n", "Pages:", ptotal, ptotal - pfree, pfree);
	if (slab >= 0)
		printf("%-8s %12ld\n", "Slab:", slab);
	return 0;
}
