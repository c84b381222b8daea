#include <types.h>
#include <errno.h>
#define W __attribute__((weak))
W void get_random_bytes(void *b, size_t n) { for (size_t i=0;i<n;i++) ((u8*)b)[i]=i*37+11; }
W void futex_wake_addr(u32 *u, int n) {}
W void procfs_init(void) {}
#define S(n) W long sys_##n(void) { return -ENOSYS; }
S(set_tid_address) S(futex) S(set_robust_list) S(sched_yield) S(reboot) S(uname) S(getrlimit) S(setrlimit) S(umask)
S(getpid) S(getppid) S(getuid) S(geteuid) S(getgid) S(getegid) S(gettid) S(sysinfo) S(madvise) S(prlimit64) S(getrandom) S(rseq)
