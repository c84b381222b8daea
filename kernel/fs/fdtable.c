/* Descriptor tables (files_struct) and cwd/root (fs_struct).
 *
 * files->lock protects max, fd[] and cloexec[]; fs->lock protects cwd
 * and root. files->count and fs->count are atomic. Both structures are shared
 * by clone flags and freed when count drops to 0. A table starts with 64
 * inline slots and doubles when a descriptor beyond them is installed, up
 * to NOFILE_MAX; RLIMIT_NOFILE bounds the descriptors a task may open.
 * Files and inodes are released after dropping the spinlock, since
 * fput/iput may sleep. cwd and root pin their file systems (s_pins). */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "signal.h"
#include "string.h"

#define SMALL 64

static void set_cloexec(struct files_struct *fs, int fd, bool on)
{
	if (on)
		fs->cloexec[fd / 64] |= 1UL << (fd % 64);
	else
		fs->cloexec[fd / 64] &= ~(1UL << (fd % 64));
}

struct files_struct *files_alloc(void)
{
	struct files_struct *f = kzalloc(sizeof(*f));

	if (!f)
		return NULL;
	f->count = 1;
	f->max = SMALL;
	f->fd = f->fd_small;
	f->cloexec = f->cloexec_small;
	spin_init(&f->lock, "files");
	return f;
}

static void free_arrays(struct file **fd, u64 *cloexec, struct files_struct *f)
{
	if (fd != f->fd_small)
		kfree(fd);
	if (cloexec != f->cloexec_small)
		kfree(cloexec);
}

/* Grow f to at least want slots. Called and returns with f->lock held
 * (drops it to allocate). -EMFILE beyond NOFILE_MAX, -ENOMEM. */
static int grow(struct files_struct *f, int want)
{
	while (f->max < want) {
		int n = f->max;

		while (n < want)
			n *= 2;
		if (n > NOFILE_MAX)
			return -EMFILE;
		spin_unlock(&f->lock);
		struct file **fd = kzalloc(n * sizeof(*fd));
		u64 *ce = kzalloc(n / 64 * sizeof(u64));
		spin_lock(&f->lock);
		if (!fd || !ce) {
			kfree(fd);
			kfree(ce);
			return -ENOMEM;
		}
		if (f->max >= n) {	/* somebody else grew it */
			kfree(fd);
			kfree(ce);
			continue;
		}
		memcpy(fd, f->fd, f->max * sizeof(*fd));
		memcpy(ce, f->cloexec, f->max / 64 * sizeof(u64));
		struct file **ofd = f->fd;
		u64 *oce = f->cloexec;
		f->fd = fd;
		f->cloexec = ce;
		f->max = n;
		spin_unlock(&f->lock);
		free_arrays(ofd, oce, f);
		spin_lock(&f->lock);
	}
	return 0;
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *f = files_alloc();

	if (!f)
		return NULL;
	spin_lock(&f->lock);
	for (;;) {
		spin_lock(&old->lock);
		int want = old->max;
		spin_unlock(&old->lock);
		if (grow(f, want)) {
			spin_unlock(&f->lock);
			files_put(f);
			return NULL;
		}
		spin_lock(&old->lock);
		if (old->max <= f->max)
			break;
		spin_unlock(&old->lock);
	}
	for (int i = 0; i < old->max; i++)
		if (old->fd[i])
			f->fd[i] = filedup(old->fd[i]);
	memcpy(f->cloexec, old->cloexec, old->max / 64 * sizeof(u64));
	spin_unlock(&old->lock);
	spin_unlock(&f->lock);
	return f;
}

void files_put(struct files_struct *f)
{
	if (!f || !atomic_dec_and_test(&f->count))
		return;
	for (int i = 0; i < f->max; i++)
		if (f->fd[i])
			fput(f->fd[i]);	/* nobody else can see f any more */
	free_arrays(f->fd, f->cloexec, f);
	kfree(f);
}

/* Close the FD_CLOEXEC descriptors: found by walking the bitmap a word at
 * a time, closed in batches (fput may sleep: not under the lock). */
void files_close_on_exec(struct files_struct *f)
{
	enum { BATCH = 16 };
	struct file *batch[BATCH];
	int n;
	do {
		n = 0;
		spin_lock(&f->lock);
		for (int k = 0; k * 64 < f->max && n < BATCH; k++) {
			for (u64 w = f->cloexec[k]; w && n < BATCH; w &= w - 1) {
				int fd = k * 64 + __builtin_ctzl(w);
				if (fd >= f->max)
					break;
				set_cloexec(f, fd, false);
				if (f->fd[fd]) {
					batch[n++] = f->fd[fd];
					f->fd[fd] = NULL;
				}
			}
		}
		spin_unlock(&f->lock);
		for (int i = 0; i < n; i++)
			fput(batch[i]);
	} while (n == BATCH);
}

/* close_range: close the descriptors first..last, or mark them
 * close-on-exec; closed in batches like the above. The walk is bounded
 * by the table's size (at most NOFILE_MAX slots). */
void files_close_range(struct files_struct *f, unsigned int first, unsigned int last, bool cloexec)
{
	enum { BATCH = 16 };
	struct file *batch[BATCH];
	unsigned int fd = first;
	int n;
	do {
		n = 0;
		spin_lock(&f->lock);
		for (; fd < (unsigned int)f->max && fd <= last && n < BATCH; fd++) {
			if (!f->fd[fd])
				continue;
			if (cloexec) {
				set_cloexec(f, fd, true);
				continue;
			}
			batch[n++] = f->fd[fd];
			f->fd[fd] = NULL;
			set_cloexec(f, fd, false);
		}
		spin_unlock(&f->lock);
		for (int i = 0; i < n; i++)
			fput(batch[i]);
	} while (n == BATCH);
}

/* Give t a descriptor table of its own if it shares one (CLONE_FILES):
 * exec, close_range(CLOSE_RANGE_UNSHARE). */
int files_unshare(struct task_struct *t)
{
	if (!t->files || READ_ONCE(t->files->count) <= 1)
		return 0;
	struct files_struct *nf = files_dup(t->files), *old = t->files;
	if (!nf)
		return -ENOMEM;
	spin_lock(&tasklist_lock);	/* /proc takes references under it */
	t->files = nf;
	spin_unlock(&tasklist_lock);
	files_put(old);
	return 0;
}

static int nofile_limit(void)
{
	u64 cur = READ_ONCE(current->signal->rlim[RLIMIT_NOFILE].cur);
	return cur > NOFILE_MAX ? NOFILE_MAX : (int)cur;
}

int fd_install(struct file *file, int min, bool cloexec)
{
	struct files_struct *f = current->files;
	int limit = nofile_limit(), err;

	if (min < 0 || min >= limit)
		return min < 0 ? -EINVAL : -EMFILE;
	spin_lock(&f->lock);
	for (int fd = min; fd < limit; fd++) {
		if (fd >= f->max && (err = grow(f, fd + 1))) {
			spin_unlock(&f->lock);
			return err;
		}
		if (!f->fd[fd]) {
			f->fd[fd] = file;
			set_cloexec(f, fd, cloexec);
			spin_unlock(&f->lock);
			return fd;
		}
	}
	spin_unlock(&f->lock);
	return -EMFILE;
}

struct file *fget_task(struct files_struct *f, int fd)
{
	struct file *file = NULL;

	if (!f || fd < 0)
		return NULL;
	spin_lock(&f->lock);
	if (fd < f->max && f->fd[fd])
		file = filedup(f->fd[fd]);
	spin_unlock(&f->lock);
	return file;
}

struct file *fget(int fd)
{
	return fget_task(current->files, fd);
}

int files_next_fd(struct files_struct *f, int from)
{
	int r = -1;

	spin_lock(&f->lock);
	for (int i = from < 0 ? 0 : from; i < f->max; i++)
		if (f->fd[i]) {
			r = i;
			break;
		}
	spin_unlock(&f->lock);
	return r;
}

/* ---- fs_struct ---- */

struct fs_struct *fs_struct_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_init(&fs->lock, "fs_struct");
	fs->root = root_inode();
	fs->cwd = idup(fs->root);
	sb_pin(fs->root->i_sb);
	sb_pin(fs->cwd->i_sb);
	fs->umask = 022;
	return fs;
}

struct fs_struct *fs_struct_dup(struct fs_struct *old)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_init(&fs->lock, "fs_struct");
	spin_lock(&old->lock);
	fs->root = old->root ? idup(old->root) : NULL;
	fs->cwd = old->cwd ? idup(old->cwd) : NULL;
	if (fs->root)
		sb_pin(fs->root->i_sb);
	if (fs->cwd)
		sb_pin(fs->cwd->i_sb);
	fs->umask = __atomic_load_n(&old->umask, __ATOMIC_RELAXED);
	spin_unlock(&old->lock);
	return fs;
}

static void drop_dir(struct inode *ip)
{
	if (ip) {
		sb_unpin(ip->i_sb);
		iput(ip);
	}
}

void fs_struct_put(struct fs_struct *fs)
{
	if (!fs || !atomic_dec_and_test(&fs->count))
		return;
	drop_dir(fs->cwd);
	drop_dir(fs->root);
	kfree(fs);
}

/* Make ip (referenced; consumed) the cwd (or the root). */
void fs_set_dir(struct fs_struct *fs, struct inode *ip, bool root)
{
	struct inode *old;

	sb_pin(ip->i_sb);
	spin_lock(&fs->lock);
	if (root) {
		old = fs->root;
		fs->root = ip;
	} else {
		old = fs->cwd;
		fs->cwd = ip;
	}
	spin_unlock(&fs->lock);
	drop_dir(old);
}

/* ---- descriptor helpers for the system calls ---- */

struct file *fd_remove(int fd)
{
	struct files_struct *f = current->files;
	struct file *file = NULL;

	spin_lock(&f->lock);
	if (fd >= 0 && fd < f->max) {
		file = f->fd[fd];
		f->fd[fd] = NULL;
		set_cloexec(f, fd, false);
	}
	spin_unlock(&f->lock);
	return file;
}

/* Close fd in f if it still holds file (another thread may have closed
 * or replaced it meanwhile; the caller holds its own reference on file,
 * so the pointer cannot have been reused). */
void fd_remove_file(struct files_struct *f, int fd, struct file *file)
{
	bool found = false;

	spin_lock(&f->lock);
	if (fd >= 0 && fd < f->max && f->fd[fd] == file) {
		f->fd[fd] = NULL;
		set_cloexec(f, fd, false);
		found = true;
	}
	spin_unlock(&f->lock);
	if (found)
		fput(file);
}

/* Put file at fd (growing the table); the old file, if any, in *old. */
int fd_replace(int fd, struct file *file, bool cloexec, struct file **old)
{
	struct files_struct *f = current->files;
	int err = 0;

	*old = NULL;
	if (fd < 0 || fd >= nofile_limit())
		return -EBADF;
	spin_lock(&f->lock);
	if (fd >= f->max && (err = grow(f, fd + 1))) {
		spin_unlock(&f->lock);
		return err == -EMFILE ? -EBADF : err;
	}
	*old = f->fd[fd];
	f->fd[fd] = file;
	set_cloexec(f, fd, cloexec);
	spin_unlock(&f->lock);
	return 0;
}

int fd_get_cloexec(int fd)
{
	struct files_struct *f = current->files;
	int r = -EBADF;

	spin_lock(&f->lock);
	if (fd >= 0 && fd < f->max && f->fd[fd])
		r = !!(f->cloexec[fd / 64] & (1UL << (fd % 64)));
	spin_unlock(&f->lock);
	return r;
}

int fd_set_cloexec(int fd, bool on)
{
	struct files_struct *f = current->files;
	int r = -EBADF;

	spin_lock(&f->lock);
	if (fd >= 0 && fd < f->max && f->fd[fd]) {
		set_cloexec(f, fd, on);
		r = 0;
	}
	spin_unlock(&f->lock);
	return r;
}
