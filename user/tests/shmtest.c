/* SysV shared memory: shmget/shmat/shmdt/shmctl with Linux's errors, key
 * lookup, IPC_PRIVATE, IPC_CREAT|IPC_EXCL, SHM_RDONLY, SHM_RND/SHM_REMAP,
 * permissions for another user, shm_nattch through fork, split, exit and
 * exec, a removed segment living on until its last detach, IPC_SET,
 * IPC_INFO/SHM_INFO/SHM_STAT and /proc/sysvipc/shm. Portable: difftest
 * runs it on the host's Linux too.
 *
 * A table of named cases, each in its own child. Keys are made from the
 * pid, so segments of other programs on the host are never touched. */
#include <signal.h>
#include <sys/ipc.h>
#include <sys/mman.h>
#include <sys/shm.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include "check.h"

static const char *cur;
static int bad;

#undef CHECK	/* this one goes on after a failure (check.h's returns) */
#define CHECK(cond, ...)                                  \
	do {                                              \
		int ok_ = !!(cond);                       \
		if (!bad && !ok_) {                       \
			fail(cur, __VA_ARGS__);           \
			bad = 1;                          \
		}                                         \
	} while (0)
#define CHECK_ERRNO(call, e)                                                          \
	do {                                                                          \
		errno = 0;                                                            \
		long r_ = (long)(call);                                               \
		CHECK(r_ == -1 && errno == (e), "%s: got %ld errno %d, want %s", #call, \
		      r_, errno, #e);                                                 \
	} while (0)

#define PG 4096

static key_t my_key(int n)
{
	return (key_t)(0x5c000000 | ((getpid() & 0xfffff) << 4) | n);
}

static struct shmid_ds stat_of(int id)
{
	struct shmid_ds ds;

	memset(&ds, 0xa5, sizeof(ds));
	if (shmctl(id, IPC_STAT, &ds) != 0)
		memset(&ds, 0xff, sizeof(ds));
	return ds;
}

static long nattch(int id)
{
	struct shmid_ds ds;

	return shmctl(id, IPC_STAT, &ds) == 0 ? (long)ds.shm_nattch : -1;
}

static int new_private(size_t size)
{
	int id = shmget(IPC_PRIVATE, size, IPC_CREAT | 0600);

	CHECK(id >= 0, "shmget(IPC_PRIVATE, %zu): %s", size, strerror(errno));
	return id;
}

static int wait_status(pid_t pid)
{
	int st = -1;

	waitpid(pid, &st, 0);
	return st;
}

/* ---- cases ---- */

static void t_private(void)
{
	int id = new_private(10000);
	struct shmid_ds ds = stat_of(id);

	CHECK(ds.shm_segsz == 10000 && ds.shm_nattch == 0 && (ds.shm_perm.mode & 0777) == 0600 &&
	      ds.shm_cpid == getpid() && ds.shm_lpid == 0 && ds.shm_atime == 0 &&
	      ds.shm_dtime == 0 && ds.shm_ctime != 0 && ds.shm_perm.uid == geteuid() &&
	      ds.shm_perm.cuid == geteuid() && ds.shm_perm.__key == IPC_PRIVATE,
	      "new segment: size %zu nattch %lu mode %o cpid %d lpid %d atime %ld key %d",
	      (size_t)ds.shm_segsz, (unsigned long)ds.shm_nattch, (unsigned)ds.shm_perm.mode,
	      ds.shm_cpid, ds.shm_lpid, (long)ds.shm_atime, ds.shm_perm.__key);
	unsigned char *p = shmat(id, NULL, 0);
	CHECK(p != (void *)-1, "shmat: %s", strerror(errno));
	if (p == (void *)-1)
		return;
	int zero = 1;
	for (int i = 0; i < 3 * PG; i++)	/* the size rounds up to 3 pages */
		zero &= p[i] == 0;
	CHECK(zero, "a new segment is not zero-filled");
	memset(p, 0x5a, 3 * PG);
	ds = stat_of(id);
	CHECK(ds.shm_nattch == 1 && ds.shm_lpid == getpid() && ds.shm_atime != 0,
	      "attached: nattch %lu lpid %d atime %ld", (unsigned long)ds.shm_nattch, ds.shm_lpid,
	      (long)ds.shm_atime);
	CHECK(shmdt(p) == 0, "shmdt: %s", strerror(errno));
	ds = stat_of(id);
	CHECK(ds.shm_nattch == 0 && ds.shm_dtime != 0, "detached: nattch %lu dtime %ld",
	      (unsigned long)ds.shm_nattch, (long)ds.shm_dtime);
	/* Kept while nobody is attached: the data is still there. */
	p = shmat(id, NULL, SHM_RDONLY);
	CHECK(p != (void *)-1 && p[0] == 0x5a && p[3 * PG - 1] == 0x5a, "data lost after detach");
	shmdt(p);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	CHECK_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
	CHECK_ERRNO(shmat(id, NULL, 0), EINVAL);
}

static void t_key(void)
{
	key_t k = my_key(1);
	struct shmid_ds ds;

	CHECK_ERRNO(shmget(k, PG, 0600), ENOENT);
	int id = shmget(k, 2 * PG, IPC_CREAT | IPC_EXCL | 0640);
	CHECK(id >= 0, "create: %s", strerror(errno));
	CHECK_ERRNO(shmget(k, PG, IPC_CREAT | IPC_EXCL | 0640), EEXIST);
	CHECK(shmget(k, 0, 0) == id, "lookup with size 0");
	CHECK(shmget(k, PG, IPC_CREAT | 0600) == id, "IPC_CREAT finds the existing one");
	CHECK(shmget(k, 2 * PG, 0) == id, "lookup with the full size");
	CHECK_ERRNO(shmget(k, 2 * PG + 1, 0), EINVAL);
	CHECK_ERRNO(shmget(k, 2 * PG + 1, IPC_CREAT | IPC_EXCL), EEXIST);	/* EEXIST first */
	CHECK(stat_of(id).shm_perm.__key == k, "IPC_STAT key %d, want %d", stat_of(id).shm_perm.__key,
	      k);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	CHECK_ERRNO(shmget(k, 0, 0), ENOENT);
	CHECK_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);
	int id2 = shmget(k, PG, IPC_CREAT | 0600);
	CHECK(id2 >= 0 && id2 != id, "a new segment under the old key: id %d (old %d)", id2, id);
	shmctl(id2, IPC_RMID, NULL);
}

static void t_size_errors(void)
{
	CHECK_ERRNO(shmget(IPC_PRIVATE, 0, IPC_CREAT | 0600), EINVAL);
	CHECK_ERRNO(shmget(IPC_PRIVATE, (size_t)-1, IPC_CREAT | 0600), EINVAL);	/* > SHMMAX */
	CHECK_ERRNO(shmget(my_key(2), 0, IPC_CREAT | 0600), EINVAL);
	/* More than all memory: the overcommit heuristic refuses it. */
	CHECK_ERRNO(shmget(IPC_PRIVATE, (size_t)1 << 46, IPC_CREAT | 0600), ENOMEM);
}

static void t_fork(void)
{
	int id = new_private(PG);
	volatile int *p = shmat(id, NULL, 0);

	CHECK(p != (void *)-1, "shmat: %s", strerror(errno));
	if (p == (void *)-1)
		return;
	p[0] = 1;
	int pipefd[2];
	pipe(pipefd);
	pid_t pid = fork();
	if (pid == 0) {
		char c;
		p[1] = (int)nattch(id);	/* 2: the child's copy counts */
		p[0] = 2;
		read(pipefd[0], &c, 1);	/* until the parent looked */
		_exit(0);
	}
	while (p[0] != 2)
		usleep(1000);
	CHECK(p[1] == 2, "nattch %d in the forked child, want 2", p[1]);
	CHECK(nattch(id) == 2, "nattch %ld while the child lives", nattch(id));
	CHECK(stat_of(id).shm_lpid == getpid(), "lpid %d after fork, want the parent %d",
	      stat_of(id).shm_lpid, getpid());
	write(pipefd[1], "x", 1);
	wait_status(pid);
	CHECK(nattch(id) == 1, "nattch %ld after the child exited, want 1", nattch(id));
	CHECK(stat_of(id).shm_lpid == pid, "lpid %d, want the exited child %d", stat_of(id).shm_lpid,
	      pid);
	shmdt((void *)p);
	shmctl(id, IPC_RMID, NULL);
}

static void t_rmid_attached(void)
{
	key_t k = my_key(3);
	int id = shmget(k, PG, IPC_CREAT | 0600);
	volatile int *p = shmat(id, NULL, 0);

	CHECK(p != (void *)-1, "shmat: %s", strerror(errno));
	if (p == (void *)-1)
		return;
	p[0] = 42;
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	struct shmid_ds ds = stat_of(id);
	CHECK(ds.shm_nattch == 1 && (ds.shm_perm.mode & SHM_DEST) && ds.shm_perm.__key == IPC_PRIVATE,
	      "removed but attached: nattch %lu mode %o key %d", (unsigned long)ds.shm_nattch,
	      (unsigned)ds.shm_perm.mode, ds.shm_perm.__key);
	CHECK_ERRNO(shmget(k, 0, 0), ENOENT);
	CHECK(p[0] == 42, "data gone after IPC_RMID");
	/* Linux still attaches a removed segment by id while it lives. */
	volatile int *q = shmat(id, NULL, 0);
	CHECK(q != (void *)-1 && q[0] == 42, "second attach after IPC_RMID: %s", strerror(errno));
	CHECK(nattch(id) == 2, "nattch %ld", nattch(id));
	shmdt((void *)q);
	CHECK(nattch(id) == 1, "nattch %ld", nattch(id));
	shmdt((void *)p);
	CHECK_ERRNO(shmctl(id, IPC_STAT, &ds), EINVAL);	/* destroyed at the last detach */
}

static void t_rdonly(void)
{
	int id = new_private(PG);
	int *w = shmat(id, NULL, 0);
	const volatile int *r = shmat(id, NULL, SHM_RDONLY);

	CHECK(w != (void *)-1 && r != (void *)-1 && (void *)w != (void *)r, "two attaches");
	w[0] = 7;
	CHECK(r[0] == 7, "the read-only view does not see the write");
	CHECK(nattch(id) == 2, "nattch %ld", nattch(id));
	pid_t pid = fork();
	if (pid == 0) {
		*(volatile int *)r = 1;	/* SIGSEGV */
		_exit(0);
	}
	int st = wait_status(pid);
	CHECK(WIFSIGNALED(st) && WTERMSIG(st) == SIGSEGV, "write to SHM_RDONLY: status 0x%x", st);
	shmctl(id, IPC_RMID, NULL);
}

static void t_shmat_errors(void)
{
	int id = new_private(2 * PG);
	char *area = mmap(NULL, 4 * PG, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK_ERRNO(shmat(-1, NULL, 0), EINVAL);
	CHECK_ERRNO(shmat(0x7ffffff0, NULL, 0), EINVAL);
	CHECK_ERRNO(shmat(id, area + 100, 0), EINVAL);		/* unaligned */
	CHECK_ERRNO(shmat(id, NULL, SHM_REMAP), EINVAL);	/* SHM_REMAP needs an address */
	CHECK_ERRNO(shmat(id, area + PG, 0), EINVAL);		/* already mapped there */
	/* SHM_REMAP replaces what is there. */
	area[PG] = 1;
	char *p = shmat(id, area + PG, SHM_REMAP);
	CHECK(p == area + PG, "SHM_REMAP: %p, want %p (%s)", p, area + PG, strerror(errno));
	CHECK(p == (void *)-1 || p[0] == 0, "the old page still shows through");
	shmdt(p);
	/* SHM_RND rounds down to SHMLBA (a page here). */
	munmap(area, 4 * PG);
	p = shmat(id, area + PG + 123, SHM_RND);
	CHECK(p == area + PG, "SHM_RND: %p, want %p (%s)", p, area + PG, strerror(errno));
	shmdt(p);
	CHECK_ERRNO(shmat(id, (void *)123, SHM_RND | SHM_REMAP), EINVAL);	/* rounds to 0 */
	shmctl(id, IPC_RMID, NULL);
}

static void t_shmdt_errors(void)
{
	int id = new_private(PG);
	char *p = shmat(id, NULL, 0);
	char *anon = mmap(NULL, PG, PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);

	CHECK_ERRNO(shmdt(p + 1), EINVAL);
	CHECK_ERRNO(shmdt(anon), EINVAL);	/* shared, but no segment */
	CHECK(shmdt(p) == 0, "shmdt: %s", strerror(errno));
	CHECK_ERRNO(shmdt(p), EINVAL);
	CHECK(nattch(id) == 0, "nattch %ld", nattch(id));
	shmctl(id, IPC_RMID, NULL);
}

/* Each VMA is an attachment (Linux counts VMAs): splitting the mapping
 * with mprotect adds some, munmap of a piece drops it, and shmdt takes
 * every remaining piece. */
static void t_split(void)
{
	int id = new_private(3 * PG);
	char *p = shmat(id, NULL, 0);

	CHECK(p != (void *)-1, "shmat: %s", strerror(errno));
	if (p == (void *)-1)
		return;
	p[2 * PG] = 9;
	CHECK(mprotect(p + PG, PG, PROT_READ) == 0, "mprotect: %s", strerror(errno));
	CHECK(nattch(id) == 3, "nattch %ld after splitting into 3, want 3", nattch(id));
	CHECK(munmap(p + PG, PG) == 0, "munmap: %s", strerror(errno));
	CHECK(nattch(id) == 2, "nattch %ld after unmapping the middle, want 2", nattch(id));
	CHECK(p[2 * PG] == 9, "the last piece lost its data");
	CHECK(shmdt(p) == 0, "shmdt: %s", strerror(errno));
	CHECK(nattch(id) == 0, "nattch %ld after shmdt, want 0 (both pieces)", nattch(id));
	shmctl(id, IPC_RMID, NULL);
}

/* mremap moves an attachment (still one, with its data); shmdt then
 * finds it at the new address. */
static void t_mremap(void)
{
	int id = new_private(2 * PG);
	char *p = shmat(id, NULL, 0);
	char *to = mmap(NULL, 2 * PG, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	CHECK(p != (void *)-1 && to != MAP_FAILED, "shmat/mmap: %s", strerror(errno));
	p[PG] = 3;
	char *q = (char *)syscall(SYS_mremap, p, 2 * PG, 2 * PG, 3 /* MAYMOVE|FIXED */, to);
	CHECK(q == to, "mremap: %p, want %p (%s)", q, to, strerror(errno));
	CHECK(nattch(id) == 1, "nattch %ld after the move", nattch(id));
	CHECK(q[PG] == 3, "data lost in the move");
	CHECK_ERRNO(shmdt(p), EINVAL);
	CHECK(shmdt(q) == 0, "shmdt at the new address: %s", strerror(errno));
	CHECK(nattch(id) == 0, "nattch %ld", nattch(id));
	shmctl(id, IPC_RMID, NULL);
}

/* Exit and exec detach. */
static int exec_check(int id)
{
	return nattch(id) == 1 ? 0 : 10 + (int)nattch(id);
}

static void t_exit_exec(void)
{
	int id = new_private(PG);
	pid_t pid = fork();

	if (pid == 0) {
		shmat(id, NULL, 0);
		_exit(nattch(id) == 1 ? 0 : 1);
	}
	CHECK(wait_status(pid) == 0, "the child did not see its attachment");
	CHECK(nattch(id) == 0, "nattch %ld after the attached child exited", nattch(id));
	pid = fork();
	if (pid == 0) {
		char arg[16];
		shmat(id, NULL, 0);
		shmat(id, NULL, 0);
		snprintf(arg, sizeof(arg), "%d", id);
		/* argv[0] may be a bare name (runtests): exec ourselves by /proc */
		execl("/proc/self/exe", "shmtest", "--exec-check", arg, (char *)NULL);
		_exit(99);
	}
	/* The new image attaches once itself: 1 if exec detached both. */
	int st = wait_status(pid);
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) == 0, "after exec: status 0x%x (10+nattch)", st);
	CHECK(nattch(id) == 0, "nattch %ld at the end", nattch(id));
	shmctl(id, IPC_RMID, NULL);
}

static void t_other_user(void)
{
	key_t k = my_key(4);
	int id = shmget(k, PG, IPC_CREAT | 0604);	/* others may read */
	int id2 = shmget(IPC_PRIVATE, PG, IPC_CREAT | 0600);
	pid_t pid = fork();

	if (pid == 0) {
		struct shmid_ds ds;
		if (setresgid(1000, 1000, 1000) || setresuid(1000, 1000, 1000))
			_exit(2);
		CHECK_ERRNO(shmat(id, NULL, 0), EACCES);	/* read-write */
		CHECK(shmat(id, NULL, SHM_RDONLY) != (void *)-1, "SHM_RDONLY: %s", strerror(errno));
		CHECK_ERRNO(shmat(id2, NULL, SHM_RDONLY), EACCES);
		CHECK_ERRNO(shmget(k, 0, 0600), EACCES);
		CHECK(shmget(k, 0, 0) == id, "lookup asking for no access: %s", strerror(errno));
		CHECK(shmget(k, 0, 0404) == id, "lookup asking for read: %s", strerror(errno));
		CHECK(shmctl(id, IPC_STAT, &ds) == 0, "IPC_STAT readable: %s", strerror(errno));
		CHECK_ERRNO(shmctl(id2, IPC_STAT, &ds), EACCES);
		CHECK_ERRNO(shmctl(id, IPC_RMID, NULL), EPERM);
		CHECK_ERRNO(shmctl(id, IPC_SET, &ds), EPERM);
		_exit(bad);
	}
	int st = wait_status(pid);
	/* 1: it reported its own failure */
	CHECK(WIFEXITED(st) && WEXITSTATUS(st) <= 1, "unprivileged child: status 0x%x", st);
	bad |= WIFEXITED(st) && WEXITSTATUS(st) == 1;
	shmctl(id, IPC_RMID, NULL);
	shmctl(id2, IPC_RMID, NULL);
}

static void t_ipc_set(void)
{
	int id = new_private(PG);
	struct shmid_ds ds = stat_of(id);

	ds.shm_perm.mode = 0641 | SHM_DEST;	/* only the permission bits are taken */
	ds.shm_perm.uid = 1234;
	ds.shm_perm.gid = 5678;
	CHECK(shmctl(id, IPC_SET, &ds) == 0, "IPC_SET: %s", strerror(errno));
	ds = stat_of(id);
	CHECK((ds.shm_perm.mode & 07777) == 0641 && ds.shm_perm.uid == 1234 &&
	      ds.shm_perm.gid == 5678 && ds.shm_perm.cuid == geteuid(),
	      "after IPC_SET: mode %o uid %u gid %u cuid %u", (unsigned)ds.shm_perm.mode,
	      (unsigned)ds.shm_perm.uid, (unsigned)ds.shm_perm.gid, (unsigned)ds.shm_perm.cuid);
	ds.shm_perm.uid = (uid_t)-1;
	CHECK_ERRNO(shmctl(id, IPC_SET, &ds), EINVAL);
	CHECK_ERRNO(shmctl(id, IPC_SET, NULL), EFAULT);
	CHECK_ERRNO(shmctl(id, IPC_STAT, NULL), EFAULT);
	CHECK_ERRNO(shmctl(id, 99, &ds), EINVAL);
	CHECK_ERRNO(shmctl(-1, IPC_STAT, &ds), EINVAL);
	CHECK_ERRNO(shmctl(id, -1, &ds), EINVAL);
	CHECK(shmctl(id, IPC_RMID, NULL) == 0, "IPC_RMID: %s", strerror(errno));
	CHECK_ERRNO(shmctl(id, IPC_RMID, NULL), EINVAL);
}

static void t_info(void)
{
	int id = new_private(5 * PG);
	struct shminfo si;
	struct shm_info su;
	struct shmid_ds ds;

	memset(&si, 0, sizeof(si));
	int r = shmctl(0, IPC_INFO, (struct shmid_ds *)&si);
	CHECK(r >= 0 && si.shmmin == 1 && si.shmmni >= 1 && si.shmmax >= (1UL << 30),
	      "IPC_INFO: %d shmmin %lu shmmni %lu shmmax %lu", r, (unsigned long)si.shmmin,
	      (unsigned long)si.shmmni, (unsigned long)si.shmmax);
	r = shmctl(0, SHM_INFO, (struct shmid_ds *)&su);
	CHECK(r >= id % 32768 && su.used_ids >= 1 && su.shm_tot >= 5, "SHM_INFO: %d used %d tot %lu",
	      r, su.used_ids, (unsigned long)su.shm_tot);
	CHECK(shmctl(id % 32768, SHM_STAT, &ds) == id, "SHM_STAT by index: %s", strerror(errno));
	CHECK(ds.shm_segsz == 5 * PG, "SHM_STAT size %zu", (size_t)ds.shm_segsz);
	shmctl(id, IPC_RMID, NULL);
	CHECK_ERRNO(shmctl(id % 32768, SHM_STAT, &ds), EINVAL);
}

/* /proc/sysvipc/shm has a line per segment: key, id, perms, size, cpid,
 * lpid, nattch, ... */
static void t_proc(void)
{
	key_t k = my_key(5);
	int id = shmget(k, 3 * PG + 5, IPC_CREAT | 0640);
	void *p = shmat(id, NULL, 0);
	char buf[8192];
	int fd = open("/proc/sysvipc/shm", O_RDONLY), n = 0, r;

	CHECK(fd >= 0, "open /proc/sysvipc/shm: %s", strerror(errno));
	while (fd >= 0 && n < (int)sizeof(buf) - 1 && (r = read(fd, buf + n, sizeof(buf) - 1 - n)) > 0)
		n += r;
	close(fd);
	buf[n] = 0;
	CHECK(strncmp(buf, "       key      shmid perms", 27) == 0, "header: %.40s", buf);
	int found = 0;
	for (char *l = strchr(buf, '\n'); l && *++l; l = strchr(l, '\n')) {
		/* key shmid perms(octal) size cpid lpid nattch */
		long f[7];
		char *e = l;
		for (int i = 0; i < 7; i++)
			f[i] = strtol(e, &e, i == 2 ? 8 : 10);
		if (f[1] != id)
			continue;
		found = 1;
		CHECK(f[0] == k && f[2] == 0640 && f[3] == 3 * PG + 5 && f[4] == getpid() &&
		      f[5] == getpid() && f[6] == 1, "line: %.120s", l);
	}
	CHECK(found, "no line for shmid %d", id);
	shmdt(p);
	shmctl(id, IPC_RMID, NULL);
}

/* Pages and objects come back (cleave's /proc/meminfo counters). */
static void t_no_leak(void)
{
	long pages0 = meminfo("PagesFree"), slab0 = meminfo("SlabObjects");

	CHECK(pages0 >= 0 && slab0 >= 0, "no PagesFree/SlabObjects in /proc/meminfo");
	for (int round = 0; round < 3; round++) {
		int id = new_private(16 * PG);
		char *p = shmat(id, NULL, 0);
		memset(p, 1, 16 * PG);
		pid_t pid = fork();
		if (pid == 0) {
			shmat(id, NULL, SHM_RDONLY);
			_exit(p[5] == 1 ? 0 : 1);
		}
		wait_status(pid);
		shmctl(id, IPC_RMID, NULL);	/* destroyed at the shmdt below */
		shmdt(p);
	}
	long pages = meminfo("PagesFree"), slab = meminfo("SlabObjects");
	CHECK(pages >= pages0 && slab <= slab0, "PagesFree %ld -> %ld, SlabObjects %ld -> %ld",
	      pages0, pages, slab0, slab);
}

static const struct {
	const char *name;
	void (*fn)(void);
} cases[] = {
	{ "shm-private", t_private },
	{ "shm-key", t_key },
	{ "shm-size-errors", t_size_errors },
	{ "shm-fork", t_fork },
	{ "shm-rmid-attached", t_rmid_attached },
	{ "shm-rdonly", t_rdonly },
	{ "shm-shmat-errors", t_shmat_errors },
	{ "shm-shmdt-errors", t_shmdt_errors },
	{ "shm-split-nattch", t_split },
	{ "shm-mremap", t_mremap },
	{ "shm-exit-exec-detach", t_exit_exec },
	{ "shm-other-user", t_other_user },
	{ "shm-ipc-set", t_ipc_set },
	{ "shm-info", t_info },
	{ "shm-proc", t_proc },
	{ "shm-no-leak", t_no_leak },
};

int main(int argc, char **argv)
{
	if (argc > 2 && strcmp(argv[1], "--exec-check") == 0) {
		int id = atoi(argv[2]);
		shmat(id, NULL, 0);
		return exec_check(id);
	}
	setvbuf(stdout, NULL, _IONBF, 0);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		if (argc > 1 && strcmp(argv[1], cases[i].name) != 0)
			continue;
		int st;
		pid_t pid = fork();
		if (pid == 0) {
			cur = cases[i].name;
			cases[i].fn();
			if (!bad)
				ok(cur);
			_exit(bad ? 1 : 0);
		}
		if (waitpid(pid, &st, 0) != pid) {
			fail(cases[i].name, "waitpid: %s", strerror(errno));
		} else if (!WIFEXITED(st) || WEXITSTATUS(st) > 1) {
			fail(cases[i].name, "case child ended with status 0x%x", st);
		} else if (WEXITSTATUS(st)) {
			failures++;
		}
	}
	return failures != 0;
}
