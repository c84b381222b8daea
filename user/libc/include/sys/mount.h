#ifndef _SYS_MOUNT_H
#define _SYS_MOUNT_H
#include <uapi/stat.h>

int mount(const char *src, const char *target, const char *type, unsigned long flags,
	  const void *data);
int umount(const char *target);
int umount2(const char *target, int flags);
#endif
