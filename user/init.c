/*
 * init: pid 1. Runs the command in /etc/runcmd (test-runner contract) and
 * powers off, or else keeps a shell running on the console.
 */
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/reboot.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#define MAXARGS 64

static char *envp[] = { "PATH=/bin", "HOME=/", NULL };

static void console(void)
{
	int fd;

	if (fcntl(0, F_GETFD) >= 0 && fcntl(1, F_GETFD) >= 0 && fcntl(2, F_GETFD) >= 0)
		return;
	fd = open("/dev/console", O_RDWR);
	if (fd < 0)
		return;
	for (int i = 0; i < 3; i++)
		if (fcntl(i, F_GETFD) < 0)
			dup2(fd, i);
	if (fd > 2)
		close(fd);
}

static _Noreturn void poweroff(int status)
{
	sync();
	/* Outside pid 1 (e.g. testing under qemu-user) never touch the host. */
	if (getpid() == 1)
		__syscall4(SYS_reboot, LINUX_REBOOT_MAGIC1, LINUX_REBOOT_MAGIC2, RB_POWER_OFF, 0);
	_exit(status);
}

/* Splits buf (n bytes) into lines; a final newline ends the last argument. */
static int split(char *buf, size_t n, char **argv)
{
	int argc = 0;
	size_t start = 0;

	for (size_t i = 0; i <= n && argc < MAXARGS; i++) {
		if (i < n && buf[i] != '\n')
			continue;
		if (i == n && start == n)
			break;
		buf[i] = 0;
		argv[argc++] = buf + start;
		start = i + 1;
	}
	argv[argc] = NULL;
	return argc;
}

static void exec_or_search(char **argv)
{
	char path[512];

	if (strchr(argv[0], '/')) {
		execve(argv[0], argv, envp);
	} else {
		snprintf(path, sizeof(path), "/bin/%s", argv[0]);
		execve(path, argv, envp);
	}
}

static _Noreturn void runcmd(int fd)
{
	static char buf[4096];
	char *argv[MAXARGS + 1];
	ssize_t n = read(fd, buf, sizeof(buf) - 1);
	int status = 0;
	pid_t pid, w;

	close(fd);
	if (n < 0 || split(buf, n, argv) == 0) {
		dprintf(1, "cleave-run: start\ncleave-run: exec failed: %d\ncleave-run: exit 127\n",
			n < 0 ? errno : ENOENT);
		poweroff(127);
	}
	dprintf(1, "cleave-run: start\n");
	pid = fork();
	if (pid < 0) {
		dprintf(1, "cleave-run: exec failed: %d\ncleave-run: exit 127\n", errno);
		poweroff(127);
	}
	if (pid == 0) {
		exec_or_search(argv);
		dprintf(1, "cleave-run: exec failed: %d\n", errno);
		_exit(127);
	}
	/* __WALL: init reaps every orphan, whatever exit signal it had. */
	for (;;) {
		w = wait4(-1, &status, __WALL, NULL);
		if (w == pid)
			break;
		if (w < 0 && errno != EINTR) {
			status = 127 << 8;
			break;
		}
	}
	int code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);

	dprintf(1, "cleave-run: exit %d\n", code);
	poweroff(code);
}

static pid_t spawn_sh(void)
{
	char *argv[] = { "sh", NULL };
	pid_t pid;

	dprintf(1, "cleave: starting sh\n");
	pid = fork();
	if (pid == 0) {
		/* A session of its own with the console as controlling tty. */
		setsid();
		ioctl(0, TIOCSCTTY, 0);
		execve("/bin/sh", argv, envp);
		dprintf(2, "init: exec /bin/sh: %s\n", strerror(errno));
		_exit(127);
	}
	if (pid < 0)
		dprintf(2, "init: fork: %s\n", strerror(errno));
	return pid;
}

int main(int argc, char **argv)
{
	const char *cmdfile = "/etc/runcmd";
	int fd;

	console();
	environ = envp;
	/* For testing outside pid 1: init RUNCMD-FILE. */
	if (getpid() != 1 && argc > 1)
		cmdfile = argv[1];
	fd = open(cmdfile, O_RDONLY);
	if (fd >= 0)
		runcmd(fd);

	for (;;) {
		pid_t sh = spawn_sh(), w;
		int status;

		if (sh < 0) {
			sleep(1);
			continue;
		}
		do
			w = wait4(-1, &status, __WALL, NULL);
		while (w != sh && !(w < 0 && errno == ECHILD));
	}
}
