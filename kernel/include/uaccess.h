/* Access to user memory. Each function checks that the range lies in the
 * user half and recovers from a page fault through the exception fixup
 * table, so a bad pointer yields -EFAULT and never a kernel panic.
 * Return: 0 on success, -EFAULT if any byte could not be accessed. */
#ifndef CLEAVE_UACCESS_H
#define CLEAVE_UACCESS_H
#include "types.h"

#define TASK_SIZE 0x4000000000UL	/* top of user space (Sv39 lower half) */

static inline bool access_ok(const void __user *p, size_t n)
{
	u64 a = (u64)p;
	return a <= TASK_SIZE && n <= TASK_SIZE - a;
}
int copy_to_user(void __user *dst, const void *src, size_t n);
int copy_from_user(void *dst, const void __user *src, size_t n);
int clear_user(void __user *dst, size_t n);
/* Copy a NUL-terminated string of at most n-1 characters (dst gets the
 * NUL). Returns its length, -EFAULT, or -ENAMETOOLONG if it did not fit. */
long strncpy_from_user(char *dst, const char __user *src, size_t n);
int get_user_u32(u32 *v, const u32 __user *p);
int put_user_u32(u32 v, u32 __user *p);
int get_user_u64(u64 *v, const u64 __user *p);

/* copy to either user or kernel memory: used by readi/writei and devices */
int either_copyout(bool user_dst, u64 dst, const void *src, size_t n);
int either_copyin(void *dst, bool user_src, u64 src, size_t n);
#endif
