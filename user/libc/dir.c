#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

struct __DIR {
	int fd;
	int pos, len;          /* unread records are buf[pos..len) */
	struct dirent ent;
	char buf[4096];
};

ssize_t getdents64(int fd, void *buf, size_t len)
{
	return __syscall_ret(__syscall3(SYS_getdents64, fd, buf, len));
}

DIR *fdopendir(int fd)
{
	DIR *d = malloc(sizeof(*d));

	if (!d) {
		errno = ENOMEM;
		return NULL;
	}
	d->fd = fd;
	d->pos = d->len = 0;
	return d;
}

DIR *opendir(const char *path)
{
	int fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d;

	if (fd < 0)
		return NULL;
	d = fdopendir(fd);
	if (!d)
		close(fd);
	return d;
}

struct dirent *readdir(DIR *d)
{
	struct linux_dirent64 *k;

	if (d->pos >= d->len) {
		ssize_t n = getdents64(d->fd, d->buf, sizeof(d->buf));

		if (n <= 0)
			return NULL;
		d->pos = 0;
		d->len = (int)n;
	}
	k = (struct linux_dirent64 *)(d->buf + d->pos);
	d->pos += k->d_reclen;
	d->ent.d_ino = k->d_ino;
	d->ent.d_off = k->d_off;
	d->ent.d_reclen = sizeof(d->ent);
	d->ent.d_type = k->d_type;
	strlcpy(d->ent.d_name, k->d_name, sizeof(d->ent.d_name));
	return &d->ent;
}

int closedir(DIR *d)
{
	int r = close(d->fd);

	free(d);
	return r;
}

int dirfd(DIR *d) { return d->fd; }
