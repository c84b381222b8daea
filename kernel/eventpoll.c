/* epoll: epoll_create1 (20), epoll_ctl (21), epoll_pwait (22),
 * epoll_pwait2 (441).
 *
 * An epoll file (anon_inodefs, "[eventpoll]") holds a list of watched
 * items, each keyed by (file, fd) as on Linux, with the asked events and
 * the user's data. Readiness is not pushed by the watched files: a wait
 * scans the items with file_poll() and sleeps in poll.c's global wait loop
 * between scans, woken by poll_wakeup() like ppoll. So any file type with
 * an f_op->poll can be watched without per-file callbacks.
 *
 * Modes, decided in the scan:
 *   level-triggered  reported whenever ready;
 *   EPOLLET          reported when its mask gained a bit since the last
 *                    scan, or when some readiness change happened anywhere
 *                    (poll_gen moved) since it was last reported. The
 *                    second rule may report an ET item that Linux would
 *                    not (a spurious edge), never miss one: a reader that
 *                    drained to EAGAIN sees new data reported;
 *   EPOLLONESHOT     disabled after one report until EPOLL_CTL_MOD.
 * Reported items move to the list's tail, so with a small maxevents the
 * others get their turn (Linux's round robin).
 *
 * Lifetimes: an item holds no reference to its file. Every file records
 * the items watching it (f->f_ep, a chain through it->fnext); when the
 * file's last reference goes, fput calls eventpoll_release() before the
 * file's release, which unlinks and frees them, so a closed file is never
 * polled or reported and nothing leaks. Closing an fd that is not the last
 * reference (a dup) leaves the item, as on Linux.
 *
 * ep_lock, one global spinlock, protects every eventpoll's item list, every
 * item's fields and every file's f_ep chain. Scans hold it while calling
 * file_poll (which takes only leaf locks: pipe, console, eventfd, and
 * poll_lock inside those). An epoll file inside another is polled by a
 * direct call under the already held lock (ep_peek), never through
 * file_poll, and at most EP_MAX_NESTS deep; epoll_ctl refuses loops. */
#include <types.h>
#include <errno.h>
#include <fs.h>
#include <list.h>
#include <mm.h>
#include <sched.h>
#include <uaccess.h>
#include <syscalls.h>
#include <timekeeping.h>

#define EPOLL_CLOEXEC O_CLOEXEC
#define EPOLL_CTL_ADD 1
#define EPOLL_CTL_DEL 2
#define EPOLL_CTL_MOD 3
#define EPOLLIN 0x001
#define EPOLLOUT 0x004
#define EPOLLERR 0x008
#define EPOLLHUP 0x010
#define EPOLLRDNORM 0x040
#define EPOLLEXCLUSIVE (1U << 28)
#define EPOLLWAKEUP (1U << 29)
#define EPOLLONESHOT (1U << 30)
#define EPOLLET (1U << 31)
#define EP_PRIVATE_BITS (EPOLLWAKEUP | EPOLLONESHOT | EPOLLET | EPOLLEXCLUSIVE)
#define EP_EXCLUSIVE_OK (EPOLLIN | EPOLLOUT | EPOLLERR | EPOLLHUP | EPOLLWAKEUP | EPOLLET | \
			 EPOLLEXCLUSIVE)
#define EP_MAX_NESTS 4
#define EP_MAX_EVENTS (0x7fffffff / 16)
#define EP_BATCH 256		/* events gathered per scan at most */

/* The riscv64 layout (x86_64's is packed; riscv64's is not). */
struct epoll_event {
	u32 events;
	u64 data;
};
_Static_assert(sizeof(struct epoll_event) == 16, "struct epoll_event");

struct eventpoll {
	struct list_head items;		/* ep_lock: struct epitem.node */
};

struct epitem {
	struct list_head node;		/* in ep->items */
	struct epitem *fnext;		/* next item watching the same file */
	struct eventpoll *ep;
	struct file *file;		/* not referenced: see eventpoll_release */
	int fd;
	u32 events;			/* asked, with EPOLLERR | EPOLLHUP and flags */
	u64 data;
	int last;			/* ET: mask at the last scan */
	u64 gen;			/* ET: poll_gen when last reported */
	bool disabled;			/* ONESHOT: reported, not re-armed */
};

static struct spinlock ep_lock = SPINLOCK_INIT("epoll");
static const struct file_operations epoll_fops;

static bool is_epoll(struct file *f)
{
	return f->f_op == &epoll_fops;
}

static bool ep_peek(struct eventpoll *ep, int depth);

/* The item's current readiness, limited to what it asks. ep_lock held. */
static int ep_item_mask(struct epitem *it, int depth)
{
	int m;

	if (is_epoll(it->file))
		m = ep_peek(it->file->private_data, depth + 1) ? EPOLLIN | EPOLLRDNORM : 0;
	else
		m = file_poll(it->file);
	return m & it->events & ~EP_PRIVATE_BITS;
}

/* Would a wait report it now (mask m)? ep_lock held. */
static bool ep_would_report(struct epitem *it, int m)
{
	if (it->disabled || !m)
		return false;
	if (!(it->events & EPOLLET))
		return true;
	return (m & ~it->last) || it->gen != __atomic_load_n(&poll_gen, __ATOMIC_SEQ_CST);
}

/* Is anything in ep reportable? No state changes (poll on the epoll fd,
 * or an epoll inside another). ep_lock held. */
static bool ep_peek(struct eventpoll *ep, int depth)
{
	struct list_head *p;

	if (depth > EP_MAX_NESTS)
		return false;
	for (p = ep->items.next; p != &ep->items; p = p->next) {
		struct epitem *it = container_of(p, struct epitem, node);
		if (ep_would_report(it, ep_item_mask(it, depth)))
			return true;
	}
	return false;
}

static int epoll_poll(struct file *f)
{
	spin_lock(&ep_lock);
	bool r = ep_peek(f->private_data, 0);
	spin_unlock(&ep_lock);
	return r ? POLLIN | POLLRDNORM : 0;
}

/* Unlink it from its file's chain. ep_lock held. */
static void ep_unlink_file(struct epitem *it)
{
	struct epitem **pp = (struct epitem **)&it->file->f_ep;

	while (*pp != it)
		pp = &(*pp)->fnext;
	*pp = it->fnext;
}

/* Remove and free an item. ep_lock held. */
static void ep_remove(struct epitem *it)
{
	list_del(&it->node);
	ep_unlink_file(it);
	if (it->events & EPOLLET)
		atomic_dec(&poll_gen_users);
	kfree(it);
}

static void epoll_release(struct inode *ip, struct file *f)
{
	struct eventpoll *ep = f->private_data;

	(void)ip;
	spin_lock(&ep_lock);
	while (!list_empty(&ep->items))
		ep_remove(container_of(ep->items.next, struct epitem, node));
	spin_unlock(&ep_lock);
	kfree(ep);
}

void eventpoll_release(struct file *f)
{
	spin_lock(&ep_lock);
	while (f->f_ep)
		ep_remove(f->f_ep);
	spin_unlock(&ep_lock);
}

static const struct file_operations epoll_fops = {
	.poll = epoll_poll,
	.release = epoll_release,
	.llseek = no_llseek,
};

SYSCALL_DEFINE1(epoll_create1, int, flags)
{
	struct eventpoll *ep;
	struct file *f;
	int fd, err;

	if (flags & ~EPOLL_CLOEXEC)
		return -EINVAL;
	if (!(ep = kzalloc(sizeof(*ep))))
		return -ENOMEM;
	INIT_LIST_HEAD(&ep->items);
	if ((err = anon_inode_file("[eventpoll]", &epoll_fops, ep, O_RDWR, &f))) {
		kfree(ep);
		return err;
	}
	fd = fd_install(f, 0, flags & EPOLL_CLOEXEC);
	if (fd < 0)
		fput(f);	/* frees ep */
	return fd;
}

/* ---- epoll_ctl ---- */

static struct epitem *ep_find(struct eventpoll *ep, struct file *f, int fd)
{
	for (struct list_head *p = ep->items.next; p != &ep->items; p = p->next) {
		struct epitem *it = container_of(p, struct epitem, node);
		if (it->file == f && it->fd == fd)
			return it;
	}
	return NULL;
}

/* Does watching `from` (an epoll) from `to` close a loop or nest too
 * deep? True if `to` is reachable from `from`. ep_lock held. */
static bool ep_loops(struct eventpoll *from, struct eventpoll *to, int depth)
{
	if (from == to || depth >= EP_MAX_NESTS)
		return true;
	for (struct list_head *p = from->items.next; p != &from->items; p = p->next) {
		struct epitem *it = container_of(p, struct epitem, node);
		if (is_epoll(it->file) && ep_loops(it->file->private_data, to, depth + 1))
			return true;
	}
	return false;
}

static void ep_set(struct epitem *it, const struct epoll_event *ev)
{
	bool was_et = it->events & EPOLLET;

	it->events = ev->events | EPOLLERR | EPOLLHUP;
	it->data = ev->data;
	it->disabled = false;
	it->last = 0;		/* so a ready file is reported once, at least */
	if (was_et != !!(ev->events & EPOLLET))
		atomic_add_return(&poll_gen_users, was_et ? -1 : 1);
}

static long ep_ctl(struct file *epf, struct file *tf, int op, int fd, struct epoll_event *ev)
{
	struct eventpoll *ep = epf->private_data;
	struct epitem *it, *fresh = NULL;
	long r = 0;

	if (op == EPOLL_CTL_ADD && !(fresh = kzalloc(sizeof(*fresh))))
		return -ENOMEM;
	spin_lock(&ep_lock);
	it = ep_find(ep, tf, fd);
	switch (op) {
	case EPOLL_CTL_ADD:
		if (it) {
			r = -EEXIST;
			break;
		}
		if (is_epoll(tf) && ep_loops(tf->private_data, ep, 0)) {
			r = -ELOOP;
			break;
		}
		it = fresh;
		fresh = NULL;
		it->ep = ep;
		it->file = tf;
		it->fd = fd;
		ep_set(it, ev);
		list_add_tail(&it->node, &ep->items);
		it->fnext = tf->f_ep;
		tf->f_ep = it;
		break;
	case EPOLL_CTL_MOD:
		if (!it)
			r = -ENOENT;
		else if (it->events & EPOLLEXCLUSIVE)
			r = -EINVAL;
		else
			ep_set(it, ev);
		break;
	case EPOLL_CTL_DEL:
		if (!it)
			r = -ENOENT;
		else
			ep_remove(it);
		break;
	default:
		r = -EINVAL;
	}
	spin_unlock(&ep_lock);
	kfree(fresh);
	if (r == 0 && op != EPOLL_CTL_DEL)
		poll_wakeup();	/* a waiter on ep rescans: the item may be ready */
	return r;
}

SYSCALL_DEFINE4(epoll_ctl, int, epfd, int, op, int, fd, struct epoll_event __user *, uev)
{
	struct epoll_event ev = { 0, 0 };
	struct file *epf, *tf;
	long r;

	/* The order of checks is Linux's. */
	if (op != EPOLL_CTL_DEL && copy_from_user(&ev, uev, sizeof(ev)))
		return -EFAULT;
	if (!(epf = fget(epfd)))
		return -EBADF;
	if (!(tf = fget(fd))) {
		fput(epf);
		return -EBADF;
	}
	r = -EPERM;		/* regular files, directories: no poll */
	if (!tf->f_op || !tf->f_op->poll)
		goto out;
	r = -EINVAL;
	if (ev.events & EPOLLEXCLUSIVE) {
		if (op == EPOLL_CTL_MOD)
			goto out;
		if (op == EPOLL_CTL_ADD && (is_epoll(tf) || (ev.events & ~EP_EXCLUSIVE_OK)))
			goto out;
	}
	if (epf == tf || !is_epoll(epf))
		goto out;
	r = ep_ctl(epf, tf, op, fd, &ev);
out:
	fput(tf);
	fput(epf);
	return r;
}

/* ---- waiting ---- */

struct ep_scan_ctx {
	struct eventpoll *ep;
	struct epoll_event *out;
	struct epitem **hit;
	int max;
};

static int ep_scan(void *arg)
{
	struct ep_scan_ctx *c = arg;
	struct eventpoll *ep = c->ep;
	int n = 0;

	spin_lock(&ep_lock);
	for (struct list_head *p = ep->items.next; p != &ep->items && n < c->max; p = p->next) {
		struct epitem *it = container_of(p, struct epitem, node);
		/* Sample the generation before polling: a change after this
		 * moves it and is seen next time. */
		u64 gen = __atomic_load_n(&poll_gen, __ATOMIC_SEQ_CST);
		int m = ep_item_mask(it, 0);
		bool report = ep_would_report(it, m);

		it->last = m;
		if (!report)
			continue;
		it->gen = gen;
		if (it->events & EPOLLONESHOT)
			it->disabled = true;
		c->out[n].events = m;
		c->out[n].data = it->data;
		c->hit[n++] = it;
	}
	for (int i = 0; i < n; i++) {	/* round robin */
		list_del(&c->hit[i]->node);
		list_add_tail(&c->hit[i]->node, &ep->items);
	}
	spin_unlock(&ep_lock);
	return n;
}

static long do_epoll_wait(int epfd, struct epoll_event __user *uev, int maxevents, u64 deadline,
			  bool have_mask, u64 mask)
{
	struct ep_scan_ctx c;
	struct file *f;
	long r;

	if (maxevents <= 0 || maxevents > EP_MAX_EVENTS)
		return -EINVAL;
	if (!access_ok(uev, (size_t)maxevents * sizeof(struct epoll_event)))
		return -EFAULT;
	if (!(f = fget(epfd)))
		return -EBADF;
	if (!is_epoll(f)) {
		fput(f);
		return -EINVAL;
	}
	c.ep = f->private_data;
	c.max = min(maxevents, EP_BATCH);
	c.out = kmalloc(c.max * sizeof(*c.out));
	c.hit = kmalloc(c.max * sizeof(*c.hit));
	if (!c.out || !c.hit) {
		r = -ENOMEM;
		goto out;
	}
	r = poll_masked_wait(ep_scan, &c, deadline, have_mask, mask);
	if (r > 0 && copy_to_user(uev, c.out, r * sizeof(*c.out)))
		r = -EFAULT;
out:
	kfree(c.out);
	kfree(c.hit);
	fput(f);
	return r;
}

SYSCALL_DEFINE6(epoll_pwait, int, epfd, struct epoll_event __user *, uev, int, maxevents,
		int, timeout, const u64 __user *, umask, size_t, sigsetsize)
{
	u64 deadline = ~0UL, mask = 0;
	bool have_mask;
	long r;

	if ((r = poll_get_sigmask(umask, sigsetsize, &mask, &have_mask)))
		return r;
	if (timeout >= 0)
		deadline = ktime_get_ns() + (u64)timeout * 1000000;
	return do_epoll_wait(epfd, uev, maxevents, deadline, have_mask, mask);
}

SYSCALL_DEFINE6(epoll_pwait2, int, epfd, struct epoll_event __user *, uev, int, maxevents,
		const void __user *, utmo, const u64 __user *, umask, size_t, sigsetsize)
{
	u64 deadline, mask = 0;
	bool have_mask, zero;
	long r;

	if ((r = poll_get_deadline(utmo, &deadline, &zero)) ||
	    (r = poll_get_sigmask(umask, sigsetsize, &mask, &have_mask)))
		return r;
	return do_epoll_wait(epfd, uev, maxevents, deadline, have_mask, mask);
}
