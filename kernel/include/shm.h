/* SysV shared memory (kernel/ipc/shm.c): what /proc/sysvipc/shm shows. */
#ifndef CLEAVE_SHM_H
#define CLEAVE_SHM_H
#include "types.h"

/* One segment as IPC_STAT sees it. */
struct shm_row {
	int key, id;
	u32 mode;			/* permissions | SHM_DEST | SHM_LOCKED */
	u64 size;			/* shm_segsz, as asked for */
	pid_t cpid, lpid;
	u64 nattch;
	u32 uid, gid, cuid, cgid;
	s64 atime, dtime, ctime;	/* seconds since the epoch; 0: never */
	u64 rss_pages;			/* pages allocated so far */
};

/* Call fn for every segment, in id order, with the segments' lock held
 * (fn must not sleep or touch user memory). */
void shm_for_each(void (*fn)(void *arg, const struct shm_row *r), void *arg);
#endif
