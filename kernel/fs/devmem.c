/* MEM_MAJOR devices: /dev/null (minor 0) and /dev/zero (minor 1). */
#include "fs_internal.h"
#include "errno.h"
#include "uaccess.h"

static const u8 zeros[512];

static ssize_t mem_read(int minor, bool user_dst, u64 dst, size_t n, off_t off)
{
	size_t done = 0;

	if (minor == 0)
		return 0;	/* /dev/null: always end of file */
	while (done < n) {
		size_t k = min(n - done, sizeof(zeros));

		if (either_copyout(user_dst, dst + done, zeros, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
	}
	return done;
}

static ssize_t mem_write(int minor, bool user_src, u64 src, size_t n, off_t off)
{
	return n;	/* both discard what is written */
}

/* Called by fs_init, before any file can be opened. */
void devmem_init(void)
{
	devsw[MEM_MAJOR].read = mem_read;
	devsw[MEM_MAJOR].write = mem_write;
}
