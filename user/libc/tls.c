/*
 * Static TLS: finds PT_TLS through the auxiliary vector and builds thread
 * blocks (layout in pthread_impl.h). The main thread's block is set up
 * here before main; nothing may touch errno (a __thread) until tp is set,
 * hence raw system calls only.
 */
#include <sys/mman.h>
#include <sys/syscall.h>
#include <string.h>
#include <unistd.h>
#include "pthread_impl.h"

#define AT_PHDR 3
#define AT_PHNUM 5
#define PT_TLS 7

struct phdr {
	uint32_t p_type, p_flags;
	uint64_t p_offset, p_vaddr, p_paddr, p_filesz, p_memsz, p_align;
};

const void *__tls_image;
size_t __tls_filesz, __tls_memsz, __tls_align = 16;
int __threads_live = 1;

size_t __tls_area_size(void)
{
	return sizeof(struct pthread) + __tls_memsz + __tls_align;
}

struct pthread *__tls_carve(char *top)
{
	uintptr_t tp = ((uintptr_t)top - __tls_memsz) & ~(uintptr_t)(__tls_align - 1);
	struct pthread *t = (struct pthread *)tp - 1;

	memset(t, 0, sizeof(*t) + __tls_memsz);
	memcpy((void *)tp, __tls_image, __tls_filesz);
	t->self = t;
	return t;
}

void __init_tls(unsigned long *auxv)
{
	const struct phdr *ph = 0;
	unsigned long phnum = 0;
	struct pthread *t;
	size_t size;
	long map;

	for (; auxv[0]; auxv += 2) {
		if (auxv[0] == AT_PHDR)
			ph = (const struct phdr *)auxv[1];
		else if (auxv[0] == AT_PHNUM)
			phnum = auxv[1];
	}
	for (unsigned long i = 0; ph && i < phnum; i++) {
		if (ph[i].p_type != PT_TLS)
			continue;
		__tls_image = (const void *)ph[i].p_vaddr;
		__tls_filesz = ph[i].p_filesz;
		__tls_memsz = ph[i].p_memsz;
		if (ph[i].p_align > __tls_align)
			__tls_align = ph[i].p_align;
	}
	size = (__tls_area_size() + 4095) & ~4095UL;
	map = __syscall6(SYS_mmap, 0, size, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (map < 0 && map > -4096) {
		static const char msg[] = "libc: no memory for the main thread's TLS\n";

		__syscall3(SYS_write, 2, msg, sizeof(msg) - 1);
		__syscall1(SYS_exit_group, 127);
	}
	t = __tls_carve((char *)map + size);
	t->map = (void *)map;
	t->map_size = size;
	__asm__ volatile("mv tp, %0" : : "r"(t + 1) : "memory");
	/* Also gives the main thread a clear-on-exit tid word, like the others. */
	t->tid = (int)__syscall1(SYS_set_tid_address, &t->tid);
}
