/* eventfd2 (19): a 64-bit counter behind a file descriptor.
 *
 * write adds its 8-byte value to the counter (blocking while the sum would
 * reach 2^64 - 1); read takes the whole counter, or 1 with EFD_SEMAPHORE
 * (blocking while it is 0). poll: POLLIN while count > 0, POLLOUT while
 * another 1 could be added without blocking.
 *
 * ctx->lock protects count. Readers and writers sleep on ctx itself; every
 * change of count wakes them and calls poll_wakeup() (with ctx->lock held:
 * poll_lock nests inside it, as for pipes). The ctx is freed by the
 * file's release, when the last reference to the file goes. */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <mm.h>
#include <sched.h>
#include <uaccess.h>
#include <syscalls.h>

#define EFD_SEMAPHORE 1
#define EFD_CLOEXEC O_CLOEXEC
#define EFD_NONBLOCK O_NONBLOCK
#define EFD_MAX (~0ULL - 1)	/* the largest value count may hold */

struct eventfd_ctx {
	struct spinlock lock;
	u64 count;		/* lock */
	bool semaphore;		/* fixed at creation */
};

static ssize_t eventfd_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 v;
	int r = 0;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	spin_lock(&ctx->lock);
	while (ctx->count == 0) {
		r = (f->f_flags & O_NONBLOCK) ? -EAGAIN : sleep_on_intr(ctx, &ctx->lock);
		if (r) {
			spin_unlock(&ctx->lock);
			return r;
		}
	}
	v = ctx->semaphore ? 1 : ctx->count;
	ctx->count -= v;
	wakeup(ctx);
	poll_wakeup();
	spin_unlock(&ctx->lock);
	/* As on Linux, a fault here loses the value taken. */
	if (either_copyout(user, dst, &v, sizeof(v)) < 0)
		return -EFAULT;
	return sizeof(v);
}

static ssize_t eventfd_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	struct eventfd_ctx *ctx = f->private_data;
	u64 v;
	int r;

	(void)pos;
	if (n < sizeof(u64))
		return -EINVAL;
	if (either_copyin(&v, user, src, sizeof(v)) < 0)
		return -EFAULT;
	if (v == ~0ULL)
		return -EINVAL;
	spin_lock(&ctx->lock);
	while (EFD_MAX - ctx->count < v) {
		r = (f->f_flags & O_NONBLOCK) ? -EAGAIN : sleep_on_intr(ctx, &ctx->lock);
		if (r) {
			spin_unlock(&ctx->lock);
			return r;
		}
	}
	ctx->count += v;
	if (v) {
		wakeup(ctx);
		poll_wakeup();
	}
	spin_unlock(&ctx->lock);
	return sizeof(v);
}

static int eventfd_poll(struct file *f)
{
	struct eventfd_ctx *ctx = f->private_data;
	int mask = 0;

	spin_lock(&ctx->lock);
	if (ctx->count > 0)
		mask |= POLLIN | POLLRDNORM;
	if (ctx->count < EFD_MAX)
		mask |= POLLOUT | POLLWRNORM;
	spin_unlock(&ctx->lock);
	return mask;
}

static void eventfd_release(struct inode *ip, struct file *f)
{
	(void)ip;
	kfree(f->private_data);
}

/* Linux's eventfd has noop_llseek: the position never moves. */
static off_t eventfd_llseek(struct file *f, off_t off, int whence)
{
	(void)off, (void)whence;
	return f->f_pos;
}

static const struct file_operations eventfd_fops = {
	.read = eventfd_read,
	.write = eventfd_write,
	.poll = eventfd_poll,
	.release = eventfd_release,
	.llseek = eventfd_llseek,
};

SYSCALL_DEFINE2(eventfd2, unsigned int, initval, int, flags)
{
	struct eventfd_ctx *ctx;
	struct file *f;
	int fd, err;

	if (flags & ~(EFD_SEMAPHORE | EFD_CLOEXEC | EFD_NONBLOCK))
		return -EINVAL;
	if (!(ctx = kzalloc(sizeof(*ctx))))
		return -ENOMEM;
	spin_init(&ctx->lock, "eventfd");
	ctx->count = initval;
	ctx->semaphore = flags & EFD_SEMAPHORE;
	err = anon_inode_file("[eventfd]", &eventfd_fops, ctx, O_RDWR | (flags & EFD_NONBLOCK), &f);
	if (err) {
		kfree(ctx);
		return err;
	}
	fd = fd_install(f, 0, flags & EFD_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees ctx */
	return fd;
}
