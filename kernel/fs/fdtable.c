/* Descriptor tables (files_struct) and cwd/root (fs_struct).
 *
 * files->lock protects fd[] and cloexec[]; fs->lock protects cwd, root
 * and fs->count. files->count is atomic. Both structures are shared by
 * clone flags and freed when count drops to 0. Files and inodes are
 * released after dropping the spinlock, since fput/iput may sleep. */
#include "fs_internal.h"
#include "errno.h"
#include "mm.h"
#include "sched.h"
#include "string.h"

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
	spin_init(&f->lock, "files");
	return f;
}

struct files_struct *files_dup(struct files_struct *old)
{
	struct files_struct *f = files_alloc();

	if (!f)
		return NULL;
	spin_lock(&old->lock);
	for (int i = 0; i < NOFILE; i++)
		if (old->fd[i])
			f->fd[i] = filedup(old->fd[i]);
	memcpy(f->cloexec, old->cloexec, sizeof(f->cloexec));
	spin_unlock(&old->lock);
	return f;
}

void files_put(struct files_struct *f)
{
	if (!f || !atomic_dec_and_test(&f->count))
		return;
	for (int i = 0; i < NOFILE; i++)
		if (f->fd[i])
			fput(f->fd[i]);	/* nobody else can see f any more */
	kfree(f);
}

void files_close_on_exec(struct files_struct *f)
{
	for (int i = 0; i < NOFILE; i++) {
		struct file *file = NULL;

		spin_lock(&f->lock);
		if (f->fd[i] && (f->cloexec[i / 64] & (1UL << (i % 64)))) {
			file = f->fd[i];
			f->fd[i] = NULL;
			set_cloexec(f, i, false);
		}
		spin_unlock(&f->lock);
		if (file)
			fput(file);
	}
}

int fd_install(struct file *file, int min, bool cloexec)
{
	struct files_struct *f = current->files;

	if (min < 0 || min >= NOFILE)
		return -EMFILE;
	spin_lock(&f->lock);
	for (int fd = min; fd < NOFILE; fd++) {
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

struct file *fget(int fd)
{
	struct files_struct *f = current->files;
	struct file *file = NULL;

	if (!f || fd < 0 || fd >= NOFILE)
		return NULL;
	spin_lock(&f->lock);
	if (f->fd[fd])
		file = filedup(f->fd[fd]);
	spin_unlock(&f->lock);
	return file;
}

/* ---- fs_struct ---- */

struct fs_struct *fs_struct_alloc(void)
{
	struct fs_struct *fs = kzalloc(sizeof(*fs));

	if (!fs)
		return NULL;
	fs->count = 1;
	spin_init(&fs->lock, "fs_struct");
	fs->root = iget(ROOTINO);
	fs->cwd = idup(fs->root);
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
	fs->umask = __atomic_load_n(&old->umask, __ATOMIC_RELAXED);
	spin_unlock(&old->lock);
	return fs;
}

/* fs->count is changed under fs->lock (fork's CLONE_FS path does too). */
void fs_struct_put(struct fs_struct *fs)
{
	int left;

	if (!fs)
		return;
	spin_lock(&fs->lock);
	left = --fs->count;
	spin_unlock(&fs->lock);
	if (left)
		return;
	if (fs->cwd)
		iput(fs->cwd);
	if (fs->root)
		iput(fs->root);
	kfree(fs);
}

/* ---- descriptor helpers for the system calls ---- */

struct file *fd_remove(int fd)
{
	struct files_struct *f = current->files;
	struct file *file = NULL;

	if (fd < 0 || fd >= NOFILE)
		return NULL;
	spin_lock(&f->lock);
	file = f->fd[fd];
	f->fd[fd] = NULL;
	set_cloexec(f, fd, false);
	spin_unlock(&f->lock);
	return file;
}

struct file *fd_replace(int fd, struct file *file, bool cloexec)
{
	struct files_struct *f = current->files;
	struct file *old;

	spin_lock(&f->lock);
	old = f->fd[fd];
	f->fd[fd] = file;
	set_cloexec(f, fd, cloexec);
	spin_unlock(&f->lock);
	return old;
}

int fd_get_cloexec(int fd)
{
	struct files_struct *f = current->files;
	int r = -EBADF;

	if (fd < 0 || fd >= NOFILE)
		return -EBADF;
	spin_lock(&f->lock);
	if (f->fd[fd])
		r = !!(f->cloexec[fd / 64] & (1UL << (fd % 64)));
	spin_unlock(&f->lock);
	return r;
}

int fd_set_cloexec(int fd, bool on)
{
	struct files_struct *f = current->files;
	int r = -EBADF;

	if (fd < 0 || fd >= NOFILE)
		return -EBADF;
	spin_lock(&f->lock);
	if (f->fd[fd]) {
		set_cloexec(f, fd, on);
		r = 0;
	}
	spin_unlock(&f->lock);
	return r;
}
