/* execve of damaged and interpreter-bearing ELF files, errno-exact. The
 * files are made from this program's own executable, so the test is the
 * same on any architecture (difftest runs it on the host's Linux too):
 *   - the program header table cut off by the end of the file: ENOEXEC
 *   - a PT_INTERP naming a file that does not exist: ENOENT
 *   - a PT_INTERP naming a file that is not an ELF: ELIBBAD
 *   - a PT_INTERP naming a file shorter than an ELF header: EIO
 *   - a PT_INTERP without its NUL: ENOEXEC
 *   - a directory, and a file without any x bit: EACCES
 *   - text that is no ELF and no script: ENOEXEC
 * Each exec runs in a child; a successful exec would print nothing and
 * exit 99 (the file is a copy of this test started with "child"). */
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include "check.h"

#ifndef ELIBBAD
#define ELIBBAD 80
#endif

struct ehdr {
	unsigned char ident[16];
	uint16_t type, machine;
	uint32_t version;
	uint64_t entry, phoff, shoff;
	uint32_t flags;
	uint16_t ehsize, phentsize, phnum, shentsize, shnum, shstrndx;
};
struct phdr {
	uint32_t type, flags;
	uint64_t offset, vaddr, paddr, filesz, memsz, align;
};

static char *self;
static size_t self_len;
static char dir[64];

static int load_self(void)
{
	char path[256];
	ssize_t n = readlink("/proc/self/exe", path, sizeof(path) - 1);
	if (n <= 0)
		return -1;
	path[n] = 0;
	int fd = open(path, O_RDONLY);
	struct stat st;
	if (fd < 0 || fstat(fd, &st) < 0)
		return -1;
	self = malloc(st.st_size + 4096);
	self_len = 0;
	while ((n = read(fd, self + self_len, st.st_size - self_len)) > 0)
		self_len += n;
	close(fd);
	return self_len == (size_t)st.st_size ? 0 : -1;
}

static int write_file(const char *path, const void *data, size_t n, int mode)
{
	unlink(path);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC, mode);
	if (fd < 0)
		return -1;
	ssize_t w = write(fd, data, n);
	close(fd);
	chmod(path, mode);
	return w == (ssize_t)n ? 0 : -1;
}

/* exec path in a child; returns the child's errno, or -1 if it ran. */
static int exec_errno(const char *path)
{
	int p[2], e = -2;
	if (pipe(p) < 0)
		return -3;
	pid_t c = fork();
	if (c == 0) {
		char *argv[] = { (char *)path, "child", NULL };
		close(p[0]);
		execv(path, argv);
		e = errno;
		write(p[1], &e, sizeof(e));
		_exit(0);
	}
	close(p[1]);
	if (read(p[0], &e, sizeof(e)) != sizeof(e))
		e = -1;		/* the exec succeeded */
	close(p[0]);
	waitpid(c, NULL, 0);
	return e;
}

static void expect_exec(const char *name, const char *path, int want)
{
	int e = exec_errno(path);
	if (e == want)
		ok(name);
	else
		fail(name, "exec gave %d (%s), want %d (%s)", e, e > 0 ? strerror(e) : "ran", want,
		     strerror(want));
}

/* A copy of ourselves whose PT_NOTE/GNU_STACK header (any but LOAD/PHDR/
 * INTERP) becomes a PT_INTERP for target (nul: with its NUL). */
static int with_interp(const char *path, const char *target, int nul)
{
	char *img = malloc(self_len + 4096);
	memcpy(img, self, self_len);
	size_t tlen = strlen(target) + (nul ? 1 : 0), off = (self_len + 7) & ~7UL;
	memset(img + self_len, 0, off - self_len);
	memcpy(img + off, target, tlen);
	struct ehdr *eh = (struct ehdr *)img;
	struct phdr *ph = (struct phdr *)(img + eh->phoff);
	int done = 0, use = -1;
	/* a dynamically linked build (the native one) has a PT_INTERP: the
	 * kernel takes the first, so that is the one to point elsewhere */
	for (int i = 0; i < eh->phnum && use < 0; i++)
		if (ph[i].type == 3)
			use = i;
	for (int i = 0; i < eh->phnum && use < 0; i++)
		if (ph[i].type != 1 && ph[i].type != 6 && ph[i].type != 7)
			use = i;
	for (int i = use; i >= 0 && i < eh->phnum && !done; i++)
		if (i == use) {
			ph[i].type = 3;		/* PT_INTERP */
			ph[i].offset = off;
			ph[i].filesz = ph[i].memsz = tlen;
			ph[i].vaddr = ph[i].paddr = 0;
			done = 1;
		}
	int r = done ? write_file(path, img, off + tlen, 0755) : -1;
	free(img);
	return r;
}

/* exec-cloexec-many: of descriptors 3..CLX_TOP, those divisible by 3
 * were FD_CLOEXEC. After the exec they must be closed (the bitmap spans
 * several words and more than one batch of closes) and the rest open,
 * without the flag. Returns 0 when all is as it should be. */
#define CLX_TOP 299
static int cloexec_check(void)
{
	for (int fd = 3; fd <= CLX_TOP; fd++) {
		int fl = fcntl(fd, F_GETFD);
		if (fd % 3 == 0 && !(fl == -1 && errno == EBADF)) {
			printf("# fd %d survived the exec (F_GETFD %d)\n", fd, fl);
			return 1;
		}
		if (fd % 3 != 0 && fl != 0) {
			printf("# fd %d: F_GETFD %d (%s)\n", fd, fl, fl < 0 ? strerror(errno) : "flag set");
			return 1;
		}
	}
	return 0;
}

static void exec_cloexec_many(const char *name, const char *path)
{
	pid_t c = fork();
	if (c == 0) {
		for (int fd = 3; fd <= CLX_TOP; fd++) {
			if (dup2(0, fd) != fd) {
				printf("# dup2 %d: %s\n", fd, strerror(errno));
				_exit(2);
			}
			if (fd % 3 == 0)
				fcntl(fd, F_SETFD, FD_CLOEXEC);
		}
		char *argv[] = { (char *)path, "cloexec-check", NULL };
		execv(path, argv);
		_exit(3);
	}
	int st;
	waitpid(c, &st, 0);
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0)
		ok(name);
	else
		fail(name, "child status %#x (1: wrong descriptors after exec, 2: dup2, 3: exec)", st);
}

int main(int argc, char **argv)
{
	char p1[128], p2[128];

	if (argc > 1 && strcmp(argv[1], "child") == 0)
		return 99;
	if (argc > 1 && strcmp(argv[1], "cloexec-check") == 0)
		return cloexec_check();
	if (load_self() < 0) {
		fail("exec-setup", "cannot read /proc/self/exe");
		return 1;
	}
	snprintf(dir, sizeof(dir), "exectest-%d", getpid());
	mkdir(dir, 0755);

	/* the program header table runs past the end of the file */
	struct ehdr *eh = (struct ehdr *)self;
	size_t cut = eh->phoff + eh->phentsize / 2;
	snprintf(p1, sizeof(p1), "%s/truncated-phdr", dir);
	if (write_file(p1, self, cut, 0755) == 0)
		expect_exec("exec-truncated-phdr", p1, ENOEXEC);

	snprintf(p1, sizeof(p1), "%s/interp-missing", dir);
	if (with_interp(p1, "/nonexistent/ld.so", 1) == 0)
		expect_exec("exec-interp-missing", p1, ENOENT);

	snprintf(p2, sizeof(p2), "%s/not-an-elf", dir);
	char text[256];
	memset(text, '#', sizeof(text));
	write_file(p2, text, sizeof(text), 0755);
	snprintf(p1, sizeof(p1), "%s/interp-not-elf", dir);
	char abs2[256], cwd[128];
	getcwd(cwd, sizeof(cwd));
	snprintf(abs2, sizeof(abs2), "%s/%s", cwd, p2);
	if (with_interp(p1, abs2, 1) == 0)
		expect_exec("exec-interp-not-elf", p1, ELIBBAD);

	snprintf(p2, sizeof(p2), "%s/short", dir);
	write_file(p2, "\177ELF", 4, 0755);
	snprintf(abs2, sizeof(abs2), "%s/%s", cwd, p2);
	snprintf(p1, sizeof(p1), "%s/interp-short", dir);
	if (with_interp(p1, abs2, 1) == 0)
		expect_exec("exec-interp-short", p1, EIO);

	snprintf(p1, sizeof(p1), "%s/interp-no-nul", dir);
	if (with_interp(p1, "/nonexistent/ld.so", 0) == 0)
		expect_exec("exec-interp-no-nul", p1, ENOEXEC);

	snprintf(p1, sizeof(p1), "%s/noexec", dir);
	write_file(p1, self, self_len, 0644);
	expect_exec("exec-no-x-bit", p1, EACCES);
	expect_exec("exec-directory", dir, EACCES);

	snprintf(p1, sizeof(p1), "%s/text", dir);
	write_file(p1, "just some text, not a program\n", 30, 0755);
	expect_exec("exec-text", p1, ENOEXEC);

	snprintf(p1, sizeof(p1), "%s/copy", dir);
	write_file(p1, self, self_len, 0755);
	int e = exec_errno(p1);
	if (e == -1)
		ok("exec-intact-copy");
	else
		fail("exec-intact-copy", "exec of an intact copy failed: %s", strerror(e));
	exec_cloexec_many("exec-cloexec-many", p1);

	/* clean up */
	const char *names[] = { "truncated-phdr", "interp-missing", "not-an-elf", "interp-not-elf",
				"short", "interp-short", "interp-no-nul", "noexec", "text", "copy" };
	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++) {
		snprintf(p1, sizeof(p1), "%s/%s", dir, names[i]);
		unlink(p1);
	}
	rmdir(dir);
	return failures ? 1 : 0;
}
