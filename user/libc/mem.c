#include <errno.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

static unsigned long curbrk;

/* The brk syscall returns the new break, or the old one on failure. */
int brk(void *addr)
{
	unsigned long r = __syscall1(SYS_brk, addr);

	curbrk = r;
	if (r < (unsigned long)addr) {
		errno = ENOMEM;
		return -1;
	}
	return 0;
}

void *sbrk(long incr)
{
	unsigned long old;

	if (!curbrk)
		curbrk = __syscall1(SYS_brk, 0);
	old = curbrk;
	if (incr == 0)
		return (void *)old;
	if (brk((void *)(old + incr)) < 0)
		return (void *)-1;
	return (void *)old;
}

void *mmap(void *addr, size_t len, int prot, int flags, int fd, off_t off)
{
	long r = __syscall6(SYS_mmap, (long)addr, len, prot, flags, fd, off);

	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return MAP_FAILED;
	}
	return (void *)r;
}

int munmap(void *addr, size_t len) { RET(__syscall2(SYS_munmap, addr, len)); }
int mprotect(void *addr, size_t len, int prot) { RET(__syscall3(SYS_mprotect, addr, len, prot)); }
int msync(void *addr, size_t len, int flags) { RET(__syscall3(SYS_msync, addr, len, flags)); }
