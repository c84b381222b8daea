#define _GNU_SOURCE
/* A dynamically linked glibc program (plain riscv64-linux-gnu-gcc, no
 * -static): runs only if exec loads the interpreter named by PT_INTERP and
 * hands it a right auxiliary vector. Checks what ld.so and libc rely on,
 * then dlopen()s a plug-in. Prints ok/FAIL lines; portable (the suite
 * compares the output with the host's native build). */
#include <dlfcn.h>
#include <elf.h>
#include <link.h>
#include <stdio.h>
#include <string.h>
#include <sys/auxv.h>

extern char _start[];
static int fails;

static void check(const char *name, int ok, const char *why)
{
	printf("%s %s%s%s\n", ok ? "ok" : "FAIL", name, ok ? "" : ": ", ok ? "" : why);
	fails += !ok;
}

static int first_phdr(struct dl_phdr_info *info, size_t size, void *data)
{
	*(const void **)data = info->dlpi_phdr;
	return 1;	/* the program itself comes first */
}

int main(int argc, char **argv)
{
	const void *phdr = NULL;
	dl_iterate_phdr(first_phdr, &phdr);
	check("dyn-at-phdr", getauxval(AT_PHDR) == (unsigned long)phdr, "AT_PHDR is not the program's");
	check("dyn-at-phent", getauxval(AT_PHENT) == sizeof(ElfW(Phdr)), "AT_PHENT");
	check("dyn-at-entry", getauxval(AT_ENTRY) == (unsigned long)_start, "AT_ENTRY is not _start");
	check("dyn-at-base", getauxval(AT_BASE) != 0, "AT_BASE is 0 (no interpreter base)");
	check("dyn-at-random", getauxval(AT_RANDOM) != 0, "no AT_RANDOM");
	const char *fn = (const char *)getauxval(AT_EXECFN);
	check("dyn-at-execfn", fn && strcmp(fn, argv[0]) == 0, "AT_EXECFN is not argv[0]");
	check("dyn-at-pagesz", getauxval(AT_PAGESZ) == 4096, "AT_PAGESZ");
	void *h = dlopen(argc > 1 ? argv[1] : "/lib/libplug.so", RTLD_NOW);
	check("dyn-dlopen", h != NULL, h ? "" : dlerror());
	if (h) {
		int (*answer)(void) = (int (*)(void))dlsym(h, "plug_answer");
		check("dyn-dlsym", answer && answer() == 42, "plug_answer() is not 42");
		check("dyn-dlclose", dlclose(h) == 0, dlerror());
	}
	void *m = dlopen("libm.so.6", RTLD_NOW);
	double (*c)(double) = m ? (double (*)(double))dlsym(m, "cos") : NULL;
	check("dyn-libm", c && c(0.0) == 1.0, "cos(0) from libm.so.6");
	printf("hello from a dynamically linked program\n");
	return fails != 0;
}
