#ifndef _GRP_H
#define _GRP_H
#include <sys/types.h>

struct group {
	char *gr_name, *gr_passwd;
	gid_t gr_gid;
	char **gr_mem;		/* always empty here */
};

/* From /etc/group; static storage, overwritten by the next call. */
struct group *getgrgid(gid_t gid);
struct group *getgrnam(const char *name);

#endif
