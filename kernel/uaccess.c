/* Checked user-memory access on top of the fault-tolerant copy loops in
 * arch/riscv/uaccess.S. */
#include <types.h>
#include <errno.h>
#include <string.h>
#include <uaccess.h>

size_t __asm_copy_user(void *dst, const void *src, size_t n);
size_t __asm_clear_user(void *dst, size_t n);
long __asm_strncpy_user(char *dst, const char *src, size_t n);

int copy_to_user(void __user *dst, const void *src, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	return __asm_copy_user(dst, src, n) ? -EFAULT : 0;
}

int copy_from_user(void *dst, const void __user *src, size_t n)
{
	if (!access_ok(src, n))
		return -EFAULT;
	return __asm_copy_user(dst, src, n) ? -EFAULT : 0;
}

int clear_user(void __user *dst, size_t n)
{
	if (!access_ok(dst, n))
		return -EFAULT;
	return __asm_clear_user(dst, n) ? -EFAULT : 0;
}

long strncpy_from_user(char *dst, const char __user *src, size_t n)
{
	u64 a = (u64)src;
	if (a >= TASK_SIZE)
		return -EFAULT;
	size_t lim = min(n, TASK_SIZE - a);	/* never read past user space */
	long r = __asm_strncpy_user(dst, src, lim);
	if (r < 0)
		return -EFAULT;
	if ((size_t)r == lim)
		return lim < n ? -EFAULT : -ENAMETOOLONG;
	return r;
}

int get_user_u32(u32 *v, const u32 __user *p) { return copy_from_user(v, p, 4); }
int put_user_u32(u32 v, u32 __user *p) { return copy_to_user(p, &v, 4); }
int get_user_u64(u64 *v, const u64 __user *p) { return copy_from_user(v, p, 8); }

int either_copyout(bool user_dst, u64 dst, const void *src, size_t n)
{
	if (user_dst)
		return copy_to_user((void __user *)dst, src, n);
	memcpy((void *)dst, src, n);
	return 0;
}

int either_copyin(void *dst, bool user_src, u64 src, size_t n)
{
	if (user_src)
		return copy_from_user(dst, (const void __user *)src, n);
	memcpy(dst, (const void *)src, n);
	return 0;
}
