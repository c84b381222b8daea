/* The memory devices (major 1): /dev/null (3), /dev/zero (5), /dev/full
 * (7), /dev/random (8) and /dev/urandom (9), as on Linux. random and
 * urandom are the same generator (getrandom's), which never blocks. */
#include "fs.h"
#include "errno.h"
#include "random.h"
#include "uaccess.h"

static const u8 zeros[512];

static ssize_t null_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	return 0;
}

static ssize_t null_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	return n;
}

static ssize_t full_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	return -ENOSPC;
}

static ssize_t zero_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	size_t done = 0;

	while (done < n) {
		size_t k = min(n - done, sizeof(zeros));

		if (either_copyout(user, dst + done, zeros, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		done += k;
	}
	return done;
}

static ssize_t random_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	u8 buf[256];
	size_t done = 0;

	while (done < n) {
		size_t k = min(n - done, sizeof(buf));

		get_random_bytes(buf, k);
		if (either_copyout(user, dst + done, buf, k) < 0) {
			done = done ? done : (size_t)-EFAULT;
			break;
		}
		done += k;
	}
	for (size_t i = 0; i < sizeof(buf); i++)
		((volatile u8 *)buf)[i] = 0;
	return done;
}

/* Writes to the random devices are mixed in, as Linux does. */
static ssize_t random_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	u8 buf[256];
	size_t done = 0;

	while (done < n) {
		size_t k = min(n - done, sizeof(buf));

		if (either_copyin(buf, user, src + done, k) < 0)
			return done ? (ssize_t)done : -EFAULT;
		random_add_entropy(buf, k);
		done += k;
	}
	return done;
}

static off_t mem_llseek(struct file *f, off_t off, int whence)
{
	return 0;	/* Linux: seeking these always succeeds, at 0 */
}

static const struct file_operations null_fops = {
	.read = null_read, .write = null_write, .llseek = mem_llseek,
};
static const struct file_operations zero_fops = {
	.read = zero_read, .write = null_write, .llseek = mem_llseek,
};
static const struct file_operations full_fops = {
	.read = zero_read, .write = full_write, .llseek = mem_llseek,
};
static const struct file_operations random_fops = {
	.read = random_read, .write = random_write, .llseek = mem_llseek,
};

static int mem_open(struct inode *ip, struct file *f)
{
	switch (MINOR(ip->i_rdev)) {
	case 3: f->f_op = &null_fops; return 0;
	case 5: f->f_op = &zero_fops; return 0;
	case 7: f->f_op = &full_fops; return 0;
	case 8:
	case 9: f->f_op = &random_fops; return 0;
	default: return -ENXIO;
	}
}

static const struct file_operations mem_fops = { .open = mem_open };

void mem_init(void)
{
	register_chrdev(MEM_MAJOR, "mem", &mem_fops);
	devtmpfs_register("null", S_IFCHR | 0666, MKDEV(MEM_MAJOR, 3));
	devtmpfs_register("zero", S_IFCHR | 0666, MKDEV(MEM_MAJOR, 5));
	devtmpfs_register("full", S_IFCHR | 0666, MKDEV(MEM_MAJOR, 7));
	devtmpfs_register("random", S_IFCHR | 0666, MKDEV(MEM_MAJOR, 8));
	devtmpfs_register("urandom", S_IFCHR | 0666, MKDEV(MEM_MAJOR, 9));
}
