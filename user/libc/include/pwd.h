#ifndef _PWD_H
#define _PWD_H
#include <sys/types.h>

struct passwd {
	char *pw_name, *pw_passwd;
	uid_t pw_uid;
	gid_t pw_gid;
	char *pw_gecos, *pw_dir, *pw_shell;
};

/* From /etc/passwd; static storage, overwritten by the next call. */
struct passwd *getpwuid(uid_t uid);
struct passwd *getpwnam(const char *name);

#endif
