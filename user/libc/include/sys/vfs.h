#ifndef _SYS_VFS_H
#define _SYS_VFS_H
#include <uapi/stat.h>

int statfs(const char *path, struct statfs *st);
int fstatfs(int fd, struct statfs *st);
#endif
