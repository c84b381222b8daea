/* SysV shared memory and ftok. */
#include <errno.h>
#include <sys/shm.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

#define RET(x) return __syscall_ret(x)

int shmget(key_t key, size_t size, int flags) { RET(__syscall3(SYS_shmget, key, size, flags)); }
int shmdt(const void *addr) { RET(__syscall1(SYS_shmdt, addr)); }
int shmctl(int id, int cmd, struct shmid_ds *buf) { RET(__syscall3(SYS_shmctl, id, cmd, buf)); }

void *shmat(int id, const void *addr, int flags)
{
	long r = __syscall3(SYS_shmat, id, addr, flags);

	if (r < 0 && r > -4096) {
		errno = (int)-r;
		return (void *)-1;
	}
	return (void *)r;
}

/* glibc's key: the inode's low 16 bits, the device's low 8, id's low 8. */
key_t ftok(const char *path, int id)
{
	struct stat st;

	if (stat(path, &st) < 0)
		return -1;
	return (key_t)((st.st_ino & 0xffff) | ((st.st_dev & 0xff) << 16) | ((unsigned)(id & 0xff) << 24));
}
