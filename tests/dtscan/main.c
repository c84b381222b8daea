/* Host harness for tests/host/board-dtb: cleave's own device-tree code
 * (drivers/fdt.c, drivers/dtscan.c) run on a DTB file; prints what the
 * kernel would use, one fact a line. */
#include "types.h"
#include "fdt.h"
#include "dtscan.h"

int printf(const char *, ...);
void *malloc(unsigned long);
long read(int, void *, unsigned long);
int open(const char *, int, ...);
unsigned long strlen(const char *);
void *memcpy(void *, const void *, unsigned long);

size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t l = strlen(s);
	if (n) {
		size_t k = l < n - 1 ? l : n - 1;
		memcpy(d, s, k);
		d[k] = 0;
	}
	return l;
}

int printk(const char *fmt, ...) { return 0; }

int main(int argc, char **argv)
{
	static u8 dtb[1 << 20];
	int fd = argc > 1 ? open(argv[1], 0) : -1;
	long n = fd >= 0 ? read(fd, dtb, sizeof(dtb)) : -1;
	if (n <= 0 || fdt_init(dtb)) {
		printf("error cannot read a device tree from %s\n", argc > 1 ? argv[1] : "?");
		return 1;
	}
	u64 ids[16], b, s;
	int nh = dt_usable_harts(ids, 16);
	for (int i = 0; i < nh; i++)
		printf("hart %lu\n", ids[i]);
	for (int i = 0; dt_memory(i, &b, &s) == 0; i++)
		printf("memory 0x%lx 0x%lx\n", b, s);
	printf("timebase %u\n", dt_timebase(0));
	struct dt_uart u;
	int r = dt_console_uart(&u);
	if (r == 0)
		printf("uart kind=%d base=0x%lx shift=%u width=%u clock=%u irq=%u baud=%u\n", u.kind,
		       u.base, u.reg_shift, u.io_width, u.clock, u.irq, u.baud);
	else
		printf("uart error %d\n", r);
	struct dt_plic p;
	if (dt_plic(&p) >= 0) {
		printf("plic base=0x%lx ndev=%u nctx=%u\n", p.base, p.ndev, p.nctx);
		for (int i = 0; i < p.nharts; i++)
			printf("plic-ctx %lu %u\n", p.harts[i].hartid, p.harts[i].ctx);
	} else {
		printf("plic none\n");
	}
	return 0;
}
