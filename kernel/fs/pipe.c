/* Pipes and FIFOs: a ring buffer of pages between readers and writers.
 *
 * p->lock protects every field. nread and nwrite count bytes ever read and
 * written (free-running, so nwrite - nread is the fill level); the ring is
 * size bytes (64 KiB by default, F_SETPIPE_SZ changes it) in pages that are
 * allocated when first written. readers and writers count open files of
 * each end; the pipe is freed when both reach 0. Data moves between the
 * ring and the caller through a one-page bounce buffer so that no user
 * access happens with the spinlock held. Writes of at most PIPE_BUF bytes
 * are atomic. Readers sleep on &p->nread, writers on &p->nwrite. Every
 * change of fill level or of readers/writers also calls poll_wakeup() (with
 * p->lock held: poll_lock nests inside it).
 *
 * Packet mode (pipe(7), Linux's O_DIRECT pipes): a write through a file
 * with O_DIRECT (pipe2's flag, or F_SETFL) makes packets of at most
 * PIPE_BUF bytes each (a longer write is split), and a read takes at most
 * one packet, dropping what does not fit in its buffer. Once a packet has
 * been written, segs mirrors Linux's ring of page buffers over the bytes:
 * each packet is a buffer, stream bytes fill buffers page by page (a
 * write's remainder merging into the last one), a read empties them in
 * order, and at most size / PAGE_SIZE buffers exist, so as many packets
 * fit as on Linux. segs is NULL (a plain byte ring) until the first
 * packet.
 *
 * An anonymous pipe's inode comes from pipefs, an unmounted internal file
 * system; a FIFO's inode is the one on disk, whose i_pipe exists while any
 * file has it open (fifo_lock protects i_pipe and the open counts). */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "sched.h"
#include "signal.h"
#include "string.h"
#include "uaccess.h"

#define PIPE_DEF_SIZE (16 * PAGE_SIZE)	/* Linux's default capacity */
#define PIPE_MAX_SIZE (256 * PAGE_SIZE)	/* /proc/sys/fs/pipe-max-size */
#define PIPE_BUF PAGE_SIZE
#define min3(a, b, c) min(min(a, b), c)
#define SEG_RING (PIPE_MAX_SIZE / PAGE_SIZE)	/* segments never outnumber slots */

/* A sleep a signal cut short is restarted after an SA_RESTART handler
 * (or when no handler runs), as Linux's pipes are. */
static int restartable(int r)
{
	return r == -EINTR ? -ERESTARTSYS : r;
}

/* A buffer of packet mode: Linux's pipe_buffer without its page. */
struct pipe_seg {
	u32 len;	/* bytes left to read */
	u32 room;	/* bytes a stream write may still add to its page */
	bool packet;
};

struct pipe {
	struct spinlock lock;
	u8 **pages;		/* size / PAGE_SIZE slots, NULL until written */
	u64 size;		/* capacity in bytes, a power-of-two number of pages */
	u64 nread, nwrite;
	int readers, writers;
	u64 w_opens, r_opens;	/* FIFO opens so far, to wake blocked opens */
	struct pipe_seg *segs;	/* packet mode: a ring of SEG_RING entries */
	u32 seg_head, nsegs;	/* the oldest entry, the number in use */
};

static struct pipe *pipe_new(void)
{
	struct pipe *p = kzalloc(sizeof(*p));

	if (!p)
		return NULL;
	p->size = PIPE_DEF_SIZE;
	p->pages = kzalloc(p->size / PAGE_SIZE * sizeof(u8 *));
	if (!p->pages) {
		kfree(p);
		return NULL;
	}
	spin_init(&p->lock, "pipe");
	return p;
}

static void pipe_free(struct pipe *p)
{
	for (u64 i = 0; i < p->size / PAGE_SIZE; i++)
		if (p->pages[i])
			free_page(p->pages[i]);
	kfree(p->pages);
	kfree(p->segs);
	kfree(p);
}

static u8 *ring_byte(struct pipe *p, u64 pos)
{
	u64 o = pos % p->size;
	return p->pages[o / PAGE_SIZE] + o % PAGE_SIZE;
}

/* ---- packet mode (p->lock held) ---- */

static u32 pipe_slots(struct pipe *p)
{
	return p->size / PAGE_SIZE;
}

static struct pipe_seg *seg_at(struct pipe *p, u32 i)
{
	return &p->segs[(p->seg_head + i) % SEG_RING];
}

static struct pipe_seg *last_seg(struct pipe *p)
{
	return p->nsegs ? seg_at(p, p->nsegs - 1) : NULL;
}

/* Bytes a chunk of a write may put in now. Plain ring: whatever is free.
 * Buffers: merge (the remainder of a write, as Linux does it) goes into
 * the last buffer if that holds stream bytes with room on its page;
 * anything else takes a buffer of its own, if a slot is free. */
static size_t write_room(struct pipe *p, bool merge)
{
	if (!p->segs)
		return p->size - (p->nwrite - p->nread);
	struct pipe_seg *last = last_seg(p);
	if (merge)
		return last && !last->packet ? last->room : 0;
	return p->nsegs < pipe_slots(p) ? PAGE_SIZE : 0;
}

/* k bytes were just written (merged, or in a new buffer). */
static void note_written(struct pipe *p, size_t k, bool merge, bool packet)
{
	if (!p->segs)
		return;
	struct pipe_seg *last = last_seg(p);
	if (merge) {
		last->len += k;
		last->room -= k;
	} else {
		*seg_at(p, p->nsegs++) = (struct pipe_seg){ k, PAGE_SIZE - k, packet };
	}
}

/* A read with room for limit more bytes, cap at a time: how many it
 * takes from the front now. *packet: the read ends here, having taken
 * all of a packet it has room for; *drop: what it had no room for. */
static size_t read_span(struct pipe *p, size_t limit, size_t cap, size_t *drop, bool *packet)
{
	*drop = 0;
	*packet = false;
	if (!p->segs || !p->nsegs)
		return min3(limit, cap, (size_t)(p->nwrite - p->nread));
	struct pipe_seg *g = seg_at(p, 0);
	size_t k = min3(limit, cap, (size_t)g->len);
	if (g->packet && k == min(limit, (size_t)g->len)) {
		*packet = true;
		*drop = g->len - k;
	}
	g->len -= k + *drop;
	if (!g->len) {		/* an emptied buffer goes, with its slot */
		p->seg_head = (p->seg_head + 1) % SEG_RING;
		p->nsegs--;
	}
	return k;
}

/* The first packet: from now on the buffered bytes are described by
 * buffers; what is buffered so far becomes pages of stream bytes. */
static int start_packets(struct pipe *p)
{
	spin_lock(&p->lock);
	bool have = p->segs != NULL;
	spin_unlock(&p->lock);
	if (have)
		return 0;
	struct pipe_seg *segs = kzalloc(SEG_RING * sizeof(*segs));
	if (!segs)
		return -ENOMEM;
	spin_lock(&p->lock);
	if (!p->segs) {
		p->segs = segs;
		p->seg_head = p->nsegs = 0;
		for (u64 fill = p->nwrite - p->nread; fill;) {
			u32 k = min(fill, PAGE_SIZE);
			p->segs[p->nsegs++] = (struct pipe_seg){ k, PAGE_SIZE - k, false };
			fill -= k;
		}
		segs = NULL;
	}
	spin_unlock(&p->lock);
	kfree(segs);
	return 0;
}

/* Should a write of n bytes begin by merging its remainder (n modulo a
 * page) into the last buffer? Linux does, for stream and packet writes
 * alike, when that buffer holds stream bytes with room for it. */
static bool merge_first(struct pipe *p, size_t n)
{
	spin_lock(&p->lock);
	bool m = p->segs && n % PAGE_SIZE && write_room(p, true) >= n % PAGE_SIZE;
	spin_unlock(&p->lock);
	return m;
}

/* ---- reading and writing ---- */

static struct pipe *pipe_of(struct file *f)
{
	return f->f_inode->i_pipe;
}

static ssize_t pipe_read(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	struct pipe *p = pipe_of(f);
	size_t done = 0, cap = PAGE_SIZE;
	u8 *bounce, small[128];
	int r = 0;

	if (n == 0)
		return 0;
	/* Wait for data before taking the bounce page: a reader asleep on an
	 * empty pipe holds no memory. */
	spin_lock(&p->lock);
	while (p->nread == p->nwrite && p->writers > 0) {
		r = (f->f_flags & O_NONBLOCK) ? -EAGAIN : restartable(sleep_on_intr(&p->nread, &p->lock));
		if (r) {
			spin_unlock(&p->lock);
			return r;
		}
	}
	spin_unlock(&p->lock);
	/* Out of memory, a read still makes progress, in small steps: a
	 * reader must not fail (and its writers get EPIPE) while the OOM
	 * killer frees memory elsewhere. */
	if (!(bounce = kmalloc(PAGE_SIZE))) {
		bounce = small;
		cap = sizeof(small);
	}
	while (done < n) {
		spin_lock(&p->lock);
		while (p->nread == p->nwrite && p->writers > 0 && !done) {
			r = (f->f_flags & O_NONBLOCK) ? -EAGAIN :
			    restartable(sleep_on_intr(&p->nread, &p->lock));
			if (r)
				break;
		}
		size_t drop = 0, k = 0;
		bool packet = false;
		if (!r)
			k = read_span(p, n - done, cap, &drop, &packet);
		for (size_t i = 0; i < k; i++)
			bounce[i] = *ring_byte(p, p->nread++);
		p->nread += drop;	/* the rest of a packet the buffer missed */
		if (k) {
			wakeup(&p->nwrite);
			poll_wakeup();
		}
		spin_unlock(&p->lock);
		if (r || k == 0)
			break;
		if (either_copyout(user, dst + done, bounce, k) < 0) {
			r = -EFAULT;	/* the bytes are gone, as on Linux */
			break;
		}
		done += k;
		if (packet)
			break;		/* a read takes at most one packet */
	}
	if (bounce != small)
		kfree(bounce);
	return done ? (ssize_t)done : r;
}

/* Make sure the pages for the next k bytes at nwrite exist. p->lock held;
 * drops it to allocate. Returns false if out of memory. */
static bool ring_pages(struct pipe *p, size_t k)
{
	for (u64 pos = p->nwrite; pos < p->nwrite + k; pos = ALIGN_DOWN(pos, PAGE_SIZE) + PAGE_SIZE) {
		u64 slot = (pos % p->size) / PAGE_SIZE;

		if (p->pages[slot])
			continue;
		spin_unlock(&p->lock);
		u8 *pg = get_free_page();
		spin_lock(&p->lock);
		if (!pg)
			return false;
		slot = (pos % p->size) / PAGE_SIZE;	/* size may have changed */
		if (p->pages[slot])
			free_page(pg);
		else
			p->pages[slot] = pg;
		return ring_pages(p, k);	/* look again from the start */
	}
	return true;
}

/* Push the k bytes of bounce; sleeps while full. Returns bytes pushed (all
 * k unless interrupted or broken) or -errno with nothing pushed. atomic: a
 * write of at most PIPE_BUF bytes in total goes in whole or not at all.
 * With buffers (packet mode) a chunk (at most a page) always goes whole:
 * merged into the last buffer (merge), else as a packet (packet) or a
 * stream buffer of its own. */
static ssize_t push(struct file *f, struct pipe *p, const u8 *bounce, size_t k, bool atomic,
		    bool packet, bool merge)
{
	size_t done = 0;
	int r = 0;

	spin_lock(&p->lock);
	while (done < k) {
		if (merge && write_room(p, true) < k)
			merge = false;	/* the pipe changed since the write began */
		bool whole = atomic || p->segs;
		size_t room = write_room(p, merge);

		if (p->readers == 0) {
			r = -EPIPE;
			break;
		}
		if (room == 0 || (whole && room < k)) {
			r = (f->f_flags & O_NONBLOCK) ? -EAGAIN :
			    restartable(sleep_on_intr(&p->nwrite, &p->lock));
			if (r)
				break;
			continue;
		}
		size_t m = min(room, k - done);
		if (!ring_pages(p, m)) {
			r = -ENOMEM;
			break;
		}
		if (m != min(write_room(p, merge), k - done) || p->readers == 0)
			continue;	/* the lock was dropped: look again */
		for (size_t i = 0; i < m; i++)
			*ring_byte(p, p->nwrite++) = bounce[done++];
		note_written(p, m, merge, packet);
		wakeup(&p->nread);
		poll_wakeup();
	}
	spin_unlock(&p->lock);
	return done ? (ssize_t)done : r;
}

static ssize_t pipe_write(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	struct pipe *p = pipe_of(f);
	size_t done = 0;
	ssize_t r = 0;
	bool packet = f->f_flags & O_DIRECT;
	u8 *bounce = kmalloc(PAGE_SIZE);

	if (!bounce)
		return -ENOMEM;
	if (packet && n && (r = start_packets(p)) < 0) {
		kfree(bounce);
		return r;
	}
	bool merge = merge_first(p, n);
	while (done < n) {
		size_t k = merge ? n % PAGE_SIZE : min(n - done, (size_t)PAGE_SIZE);

		if (fatal_signal_pending(current)) {
			r = -EINTR;
			break;
		}
		if (either_copyin(bounce, user, src + done, k) < 0) {
			r = -EFAULT;
			break;
		}
		r = push(f, p, bounce, k, n <= PIPE_BUF, packet, merge);
		merge = false;
		if (r > 0)
			done += r;
		if (r < (ssize_t)k)
			break;
	}
	kfree(bounce);
	if (r == -EPIPE && !done)
		send_signal(current, SIGPIPE, false);
	return done ? (ssize_t)done : r;
}

/* Linux pipe_poll: the read end is readable while data is buffered and
 * reports POLLHUP once every writer is gone; the write end is writable
 * while there is room and reports POLLERR once every reader is gone. */
static int pipe_poll(struct file *f)
{
	struct pipe *p = pipe_of(f);
	int mask = 0;

	spin_lock(&p->lock);
	u64 fill = p->nwrite - p->nread;
	if (f->f_readable) {
		if (fill > 0)
			mask |= POLLIN | POLLRDNORM;
		if (p->writers == 0 && p->w_opens > 0)
			mask |= POLLHUP;
	}
	if (f->f_writable) {
		if (p->segs ? p->nsegs < pipe_slots(p) : fill < p->size)
			mask |= POLLOUT | POLLWRNORM;
		if (p->readers == 0)
			mask |= POLLERR;
	}
	spin_unlock(&p->lock);
	return mask;
}

/* F_GETPIPE_SZ / F_SETPIPE_SZ: the new ring is filled in before the swap,
 * each buffered byte at its position modulo the new size. */
long pipe_fcntl(struct file *f, int cmd, unsigned long arg)
{
	struct pipe *p = S_ISFIFO(f->f_inode->i_mode) ? pipe_of(f) : NULL;
	u64 size = PAGE_SIZE, nslots, oldslots;
	u8 **pages, **old;
	long r;

	if (!p)
		return -EBADF;
	if (cmd == F_GETPIPE_SZ)
		return READ_ONCE(p->size);
	if (arg > PIPE_MAX_SIZE)
		return -EPERM;
	while (size < arg)
		size <<= 1;
	nslots = size / PAGE_SIZE;
	if (!(pages = kzalloc(nslots * sizeof(u8 *))))
		return -ENOMEM;
	for (u64 i = 0; i < nslots; i++)
		if (!(pages[i] = get_free_page()))
			goto fail;
	spin_lock(&p->lock);
	u64 fill = p->nwrite - p->nread;
	if (fill > size || (p->segs && p->nsegs > nslots)) {
		spin_unlock(&p->lock);
		r = -EBUSY;
		goto out;
	}
	for (u64 pos = p->nread; pos != p->nwrite; pos++)
		pages[(pos % size) / PAGE_SIZE][pos % PAGE_SIZE] = *ring_byte(p, pos);
	old = p->pages;
	oldslots = p->size / PAGE_SIZE;
	p->pages = pages;
	p->size = size;
	wakeup(&p->nwrite);
	poll_wakeup();
	spin_unlock(&p->lock);
	pages = old;
	nslots = oldslots;
	r = size;
	goto out;
fail:
	r = -ENOMEM;
out:
	for (u64 i = 0; i < nslots; i++)
		if (pages[i])
			free_page(pages[i]);
	kfree(pages);
	return r;
}

/* ---- anonymous pipes ---- */

static struct super_block *pipefs_sb;
static const struct super_operations pipefs_ops;
static struct file_system_type pipefs_type = { .name = "pipefs" };

static void pipe_release(struct inode *ip, struct file *f)
{
	struct pipe *p = ip->i_pipe;
	spin_lock(&p->lock);
	if (f->f_writable) {
		p->writers--;
		wakeup(&p->nread);
	}
	if (f->f_readable) {
		p->readers--;
		wakeup(&p->nwrite);
	}
	poll_wakeup();
	spin_unlock(&p->lock);
	/* An anonymous pipe is freed with its inode (pipefs_evict), a FIFO's
	 * by fifo_release. */
}

const struct file_operations pipe_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = pipe_release,
	.llseek = no_llseek,
};

static void pipefs_evict(struct inode *ip)
{
	if (ip->i_pipe)
		pipe_free(ip->i_pipe);
	ip->i_pipe = NULL;
}

static const struct super_operations pipefs_ops = { .evict_inode = pipefs_evict };

/* At boot: the internal file system of anonymous pipes. */
void pipe_init(void)
{
	pipefs_sb = alloc_super(&pipefs_type, &pipefs_ops);
	if (!pipefs_sb)
		panic("pipe_init: out of memory");
	pipefs_sb->s_dev = alloc_anon_dev();
	pipefs_sb->s_magic = PIPEFS_MAGIC;
}

int pipe_alloc(struct file **rf, struct file **wf, unsigned int flags)
{
	struct inode *ip;
	struct pipe *p;
	int err;

	if (!(p = pipe_new()))
		return -ENOMEM;
	if (!(ip = new_inode(pipefs_sb, S_IFIFO | 0600))) {
		pipe_free(p);
		return -ENOMEM;
	}
	ip->i_pipe = p;
	ip->i_fop = &pipe_fops;
	p->readers = p->writers = 1;
	p->r_opens = p->w_opens = 1;
	if ((err = vfs_open(ip, O_RDONLY | (flags & O_NONBLOCK), rf)) < 0) {
		iput(ip);	/* frees the pipe */
		return err;
	}
	if ((err = vfs_open(idup(ip), O_WRONLY | (flags & (O_NONBLOCK | O_DIRECT)), wf)) < 0) {
		iput(ip);
		p->writers = 0;
		fput(*rf);
		return err;
	}
	return 0;
}

/* ---- FIFOs ---- */

static struct spinlock fifo_lock = SPINLOCK_INIT("fifo");

/* Wait (fifo_lock held) until *count has moved past seen: the other side
 * has opened. */
static int fifo_wait(struct inode *ip, u64 *count, u64 seen)
{
	while (*count == seen) {
		int r = restartable(sleep_on_intr(ip, &fifo_lock));
		if (r)
			return r;
	}
	return 0;
}

static int fifo_open(struct inode *ip, struct file *f)
{
	struct pipe *p, *fresh = NULL;
	int err = 0;

	for (;;) {
		spin_lock(&fifo_lock);
		if (ip->i_pipe || fresh)
			break;
		spin_unlock(&fifo_lock);
		if (!(fresh = pipe_new()))
			return -ENOMEM;
	}
	if (!ip->i_pipe) {
		ip->i_pipe = fresh;
		fresh = NULL;
	}
	p = ip->i_pipe;
	f->f_op = &pipe_fops;
	bool nonblock = f->f_flags & O_NONBLOCK;
	if (f->f_readable && f->f_writable) {	/* O_RDWR: never waits */
		p->readers++, p->writers++;
		p->r_opens++, p->w_opens++;
	} else if (f->f_readable) {
		p->readers++;
		p->r_opens++;
		wakeup(ip);
		if (!nonblock && p->writers == 0)
			err = fifo_wait(ip, &p->w_opens, p->w_opens);
		if (err)
			p->readers--;
	} else {
		if (nonblock && p->readers == 0) {
			err = -ENXIO;
		} else {
			p->writers++;
			p->w_opens++;
			wakeup(ip);
			if (p->readers == 0)
				err = fifo_wait(ip, &p->r_opens, p->r_opens);
			if (err)
				p->writers--;
		}
	}
	bool unused = p->readers == 0 && p->writers == 0;
	if (err && unused)
		ip->i_pipe = NULL;
	spin_unlock(&fifo_lock);
	if (err && unused)
		pipe_free(p);
	if (fresh)
		pipe_free(fresh);
	return err;
}

static void fifo_release(struct inode *ip, struct file *f)
{
	struct pipe *p;

	spin_lock(&fifo_lock);
	p = ip->i_pipe;
	pipe_release(ip, f);
	bool last = p->readers == 0 && p->writers == 0;
	if (last)
		ip->i_pipe = NULL;
	spin_unlock(&fifo_lock);
	if (last)
		pipe_free(p);
}

/* The f_op a FIFO's open starts with; open switches to fifo_file_fops. */
static const struct file_operations fifo_file_fops = {
	.read = pipe_read,
	.write = pipe_write,
	.poll = pipe_poll,
	.release = fifo_release,
	.llseek = no_llseek,
};

static int fifo_open_entry(struct inode *ip, struct file *f)
{
	int err = fifo_open(ip, f);

	f->f_op = &fifo_file_fops;
	return err;
}

const struct file_operations fifo_fops = { .open = fifo_open_entry };
