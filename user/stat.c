/* stat file...: a file's metadata, laid out like coreutils' stat. */
#include <errno.h>
#include <grp.h>
#include <pwd.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static const char *type_name(unsigned mode, long size)
{
	switch (mode & S_IFMT) {
	case S_IFREG: return size ? "regular file" : "regular empty file";
	case S_IFDIR: return "directory";
	case S_IFLNK: return "symbolic link";
	case S_IFCHR: return "character special file";
	case S_IFBLK: return "block special file";
	case S_IFIFO: return "fifo";
	case S_IFSOCK: return "socket";
	}
	return "unknown";
}

static void show_time(const char *label, long sec, unsigned long nsec)
{
	char buf[64];
	struct tm tm;
	time_t t = sec;

	gmtime_r(&t, &tm);
	strftime(buf, sizeof(buf), "%Y-%m-%d %H:%M:%S", &tm);
	printf("%s: %s.%09lu +0000\n", label, buf, nsec);
}

static int show(const char *path)
{
	struct stat st;
	char mode[12], target[4096];
	struct passwd *pw;
	struct group *gr;

	if (lstat(path, &st) < 0) {
		fprintf(stderr, "stat: %s: %s\n", path, strerror(errno));
		return 1;
	}
	if (S_ISLNK(st.st_mode)) {
		ssize_t n = readlink(path, target, sizeof(target) - 1);

		target[n > 0 ? n : 0] = 0;
		printf("  File: %s -> %s\n", path, target);
	} else {
		printf("  File: %s\n", path);
	}
	printf("  Size: %-10ld\tBlocks: %-10ld IO Block: %-6d %s\n", st.st_size, st.st_blocks,
	       st.st_blksize, type_name(st.st_mode, st.st_size));
	printf("Device: %lu,%lu\tInode: %-11lu Links: %u", st.st_dev >> 8, st.st_dev & 0xff,
	       st.st_ino, st.st_nlink);
	if (S_ISCHR(st.st_mode) || S_ISBLK(st.st_mode))
		printf("     Device type: %lu,%lu", st.st_rdev >> 8, st.st_rdev & 0xff);
	putchar('\n');
	strmode(st.st_mode, mode);
	mode[10] = 0;
	pw = getpwuid(st.st_uid);
	printf("Access: (%04o/%s)  Uid: (%5u/%8s)", st.st_mode & 07777, mode, st.st_uid,
	       pw ? pw->pw_name : "UNKNOWN");
	gr = getgrgid(st.st_gid);
	printf("   Gid: (%5u/%8s)\n", st.st_gid, gr ? gr->gr_name : "UNKNOWN");
	show_time("Access", st.st_atime, st.st_atime_nsec);
	show_time("Modify", st.st_mtime, st.st_mtime_nsec);
	show_time("Change", st.st_ctime, st.st_ctime_nsec);
	return 0;
}

int main(int argc, char **argv)
{
	int rc = 0;

	if (argc < 2) {
		fprintf(stderr, "usage: stat file...\n");
		return 1;
	}
	for (int i = 1; i < argc; i++)
		rc |= show(argv[i]);
	return rc;
}
