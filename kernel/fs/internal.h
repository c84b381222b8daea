/* Interfaces between the files of the VFS core (the .c files of kernel/fs),
 * file systems or the rest of the kernel. */
#ifndef CLEAVE_FS_CORE_INTERNAL_H
#define CLEAVE_FS_CORE_INTERNAL_H
#include "fs.h"

/* fdtable.c: descriptor-level helpers for the current task */
struct file *fd_remove(int fd);		/* NULL if fd was not open */
int fd_replace(int fd, struct file *f, bool cloexec, struct file **old);
int fd_get_cloexec(int fd);		/* 0/1 or -EBADF */
int fd_set_cloexec(int fd, bool on);	/* 0 or -EBADF */
void fs_set_dir(struct fs_struct *fs, struct inode *ip, bool root);

/* pipe.c */
long pipe_fcntl(struct file *f, int cmd, unsigned long arg);

/* mode_t of a new file after the caller's umask (kernel/sys.c) */
mode_t current_umask(void);

static inline bool is_dot_or_dotdot(const char *name)
{
	return name[0] == '.' && (name[1] == 0 || (name[1] == '.' && name[2] == 0));
}
#endif
