#ifndef _DIRENT_H
#define _DIRENT_H
#include <sys/types.h>

#include <uapi/stat.h>	/* the DT_* types */

struct dirent {
	ino_t d_ino;
	off_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[256];
};

/* Kernel record returned by getdents64. */
struct linux_dirent64 {
	uint64_t d_ino;
	int64_t d_off;
	unsigned short d_reclen;
	unsigned char d_type;
	char d_name[];
};

typedef struct __DIR DIR;

DIR *opendir(const char *path);
DIR *fdopendir(int fd);
struct dirent *readdir(DIR *d);
int closedir(DIR *d);
int dirfd(DIR *d);
ssize_t getdents64(int fd, void *buf, size_t len);

#endif
