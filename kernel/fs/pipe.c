/* Pipes: a one-page ring buffer between a read file and a write file.
 *
 * p->lock protects every field. nread and nwrite count bytes ever read and
 * written (free-running, so nwrite - nread is the fill level). readers and
 * writers count open files of each end; the pipe is freed when both reach
 * 0. Data is moved between the ring and the caller through a bounce buffer
 * so that no user access happens with the spinlock held. Writes of at most
 * PIPE_BUF bytes are atomic. Readers sleep on &p->nread, writers on
 * &p->nwrite. Every change of fill level or of readers/writers also calls
 * poll_wakeup() (with p->lock held: poll_lock nests inside it) so that
 * ppoll/pselect6 waiters rescan. */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

#define PIPESIZE PAGE_SIZE
#define PIPE_BUF PAGE_SIZE

struct pipe {
	struct spinlock lock;
	u8 *buf;
	u64 nread, nwrite;
	int readers, writers;
};

int pipe_alloc(struct file **rf, struct file **wf)
{
	struct pipe *p = kzalloc(sizeof(*p));

	*rf = *wf = NULL;
	if (!p || !(p->buf = get_free_page()) || !(*rf = file_alloc()) ||
	    !(*wf = file_alloc())) {
		if (p && p->buf)
			free_page(p->buf);
		kfree(p);
		kfree(*rf);
		return -ENOMEM;
	}
	spin_init(&p->lock, "pipe");
	p->readers = p->writers = 1;
	(*rf)->type = (*wf)->type = FD_PIPE;
	(*rf)->pipe = (*wf)->pipe = p;
	(*rf)->flags = O_RDONLY;
	(*wf)->flags = O_WRONLY;
	return 0;
}

void pipe_close(struct pipe *p, bool writer)
{
	bool last;

	spin_lock(&p->lock);
	if (writer) {
		p->writers--;
		wakeup(&p->nread);
	} else {
		p->readers--;
		wakeup(&p->nwrite);
	}
	poll_wakeup();
	last = p->readers == 0 && p->writers == 0;
	spin_unlock(&p->lock);
	if (last) {
		free_page(p->buf);
		kfree(p);
	}
}

/* Linux pipe_poll: the read end is readable while data is buffered and
 * reports POLLHUP once every writer is gone (an empty pipe without writers
 * is POLLHUP only, as on Linux); the write end is writable while there is
 * room and reports POLLERR once every reader is gone. */
int pipe_poll(struct pipe *p, bool reader)
{
	int mask = 0;

	spin_lock(&p->lock);
	u64 fill = p->nwrite - p->nread;
	if (reader) {
		if (fill > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0)
			mask |= POLLHUP;
	} else {
		if (fill < PIPESIZE)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

ssize_t pipe_read(struct pipe *p, bool nonblock, bool user, u64 dst, size_t n)
{
	u8 *bounce;
	size_t k;
	int r;

	if (n == 0)
		return 0;
	bounce = kmalloc(PIPESIZE);
	if (!bounce)
		return -ENOMEM;
	spin_lock(&p->lock);
	while (p->nread == p->nwrite && p->writers > 0) {
		r = nonblock ? -EAGAIN : sleep_on_intr(&p->nread, &p->lock) ? -ERESTARTSYS : 0;
		if (r) {
			spin_unlock(&p->lock);
			kfree(bounce);
			return r;
		}
	}
	k = min(n, (size_t)(p->nwrite - p->nread));
	for (size_t i = 0; i < k; i++)
		bounce[i] = p->buf[p->nread++ % PIPESIZE];
	wakeup(&p->nwrite);
	poll_wakeup();
	spin_unlock(&p->lock);
	r = either_copyout(user, dst, bounce, k);
	kfree(bounce);
	return r < 0 ? -EFAULT : (ssize_t)k;
}

/* Push up to k bytes from bounce; sleeps while full. Returns bytes pushed
 * (all k unless interrupted/broken) or -errno with nothing pushed. */
static ssize_t push(struct pipe *p, bool nonblock, const u8 *bounce, size_t k)
{
	size_t done = 0;
	int r;

	spin_lock(&p->lock);
	while (done < k) {
		size_t room = PIPESIZE - (p->nwrite - p->nread);

		if (p->readers == 0) {
			r = -EPIPE;
			goto out;
		}
		/* small writes go in whole or not at all */
		if (room == 0 || (k <= PIPE_BUF && room < k - done && done == 0)) {
			r = nonblock ? -EAGAIN : sleep_on_intr(&p->nwrite, &p->lock) ? -ERESTARTSYS : 0;
			if (r)
				goto out;
			continue;
		}
		for (; room > 0 && done < k; room--)
			p->buf[p->nwrite++ % PIPESIZE] = bounce[done++];
		wakeup(&p->nread);
		poll_wakeup();
	}
	r = 0;
out:
	spin_unlock(&p->lock);
	return done ? (ssize_t)done : r;
}

ssize_t pipe_write(struct pipe *p, bool nonblock, bool user, u64 src, size_t n)
{
	size_t done = 0;
	ssize_t r = 0;
	u8 *bounce = kmalloc(PIPESIZE);

	if (!bounce)
		return -ENOMEM;
	while (done < n) {
		size_t k = min(n - done, PIPESIZE);

		if (either_copyin(bounce, user, src + done, k) < 0) {
			r = -EFAULT;
			break;
		}
		r = push(p, nonblock, bounce, k);
		if (r > 0)
			done += r;
		if (r < (ssize_t)k)
			break;
	}
	kfree(bounce);
	if (r == -EPIPE)
		send_signal(current, SIGPIPE, false);
	return done ? (ssize_t)done : r;
}
