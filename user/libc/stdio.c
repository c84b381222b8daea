/*
 * Buffered streams. A stream is either reading (buf[rpos..rlen) holds
 * unread input) or writing (buf[0..wlen) holds pending output), never both.
 *
 * Locking: every FILE has a recursive lock (flockfile); the public entry
 * points take it around an unlocked *_u worker, so printf's many small
 * writes form one unit and lines from different threads never mix. The
 * list of all streams has its own lock (list_lock), taken before any FILE
 * lock. A FILE lock may be held while calling malloc (getline), never the
 * other way round.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <atomic.h>
#include "pthread_impl.h"

#define F_EOF 1
#define F_ERR 2
#define F_ALLOC 4   /* malloc'ed, freed by fclose */
#define F_LAZY 8    /* buffering mode decided at first use (isatty) */

struct __FILE {
	int fd;
	int flags;
	int mode;          /* _IOFBF, _IOLBF, _IONBF */
	int rpos, rlen;
	int wlen;
	int ungot;         /* pushed-back char or EOF */
	struct __FILE *next;
	int lock;		/* futex lock word (lock.c) */
	int count;		/* recursion depth of the owner */
	struct pthread *owner;
	unsigned char buf[BUFSIZ];
};

static FILE f_stderr = { .fd = 2, .mode = _IONBF, .ungot = EOF };
static FILE f_stdout = { .fd = 1, .flags = F_LAZY, .mode = _IOFBF, .ungot = EOF, .next = &f_stderr };
static FILE f_stdin = { .fd = 0, .mode = _IOFBF, .ungot = EOF, .next = &f_stdout };
FILE *stdin = &f_stdin, *stdout = &f_stdout, *stderr = &f_stderr;
static FILE *all = &f_stdin;
static int list_lock;

void flockfile(FILE *f)
{
	struct pthread *me = __self();

	if (a_load_relaxed(&f->owner) == me) {
		f->count++;
		return;
	}
	__lock(&f->lock);
	a_store_relaxed(&f->owner, me);
	f->count = 1;
}

int ftrylockfile(FILE *f)
{
	struct pthread *me = __self();
	int c = 0;

	if (a_load_relaxed(&f->owner) == me) {
		f->count++;
		return 0;
	}
	if (!a_cas(&f->lock, &c, 1))
		return -1;
	a_store_relaxed(&f->owner, me);
	f->count = 1;
	return 0;
}

void funlockfile(FILE *f)
{
	if (--f->count)
		return;
	a_store_relaxed(&f->owner, (struct pthread *)0);
	__unlock(&f->lock);
}

static int writeall(int fd, const void *p, size_t n)
{
	const char *c = p;

	while (n) {
		ssize_t r = write(fd, c, n);

		if (r < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		c += r;
		n -= r;
	}
	return 0;
}

static void decide_mode(FILE *f)
{
	if (f->flags & F_LAZY) {
		f->flags &= ~F_LAZY;
		f->mode = isatty(f->fd) ? _IOLBF : _IOFBF;
	}
}

static int flush_one(FILE *f)
{
	int r = 0;

	if (f->wlen) {
		if (writeall(f->fd, f->buf, f->wlen) < 0) {
			f->flags |= F_ERR;
			r = EOF;
		}
		f->wlen = 0;
	}
	return r;
}

/* Gives back read-ahead so the fd offset matches the stream position. */
static void drop_input(FILE *f)
{
	if (f->rpos < f->rlen)
		lseek(f->fd, f->rpos - f->rlen, SEEK_CUR);
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
}

int fflush(FILE *f)
{
	int r = 0;

	if (f) {
		flockfile(f);
		r = flush_one(f);
		funlockfile(f);
		return r;
	}
	__lock(&list_lock);
	for (f = all; f; f = f->next) {
		/* Streams with nothing buffered are skipped unlocked, so a
		 * thread blocked in a read on stdin cannot hold exit() up. */
		if (!a_load_relaxed(&f->wlen))
			continue;
		flockfile(f);
		if (flush_one(f))
			r = EOF;
		funlockfile(f);
	}
	__unlock(&list_lock);
	return r;
}

/* fork: the list lock is held across the clone (so the child's list is
 * consistent). FILE locks are not taken -- a thread blocked reading stdin
 * would hold fork up -- instead the child, where only the forking thread
 * exists, frees every FILE lock some other thread held. */
void __stdio_fork_prepare(void) { __lock(&list_lock); }
void __stdio_fork_parent(void) { __unlock(&list_lock); }

void __stdio_fork_child(void)
{
	struct pthread *me = __self();

	for (FILE *f = all; f; f = f->next) {
		if (f->owner != me) {
			f->owner = 0;
			f->count = 0;
			f->lock = 0;
		}
	}
	list_lock = 0;
}

static int fill(FILE *f)
{
	ssize_t n;

	flush_one(f);
	if (f == stdin) {
		flockfile(stdout);
		flush_one(stdout);
		funlockfile(stdout);
	}
	do
		n = read(f->fd, f->buf, f->mode == _IONBF ? 1 : BUFSIZ);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		f->flags |= n == 0 ? F_EOF : F_ERR;
		return EOF;
	}
	f->rpos = 0;
	f->rlen = (int)n;
	return 0;
}

static int fgetc_u(FILE *f)
{
	int c;

	if (f->ungot != EOF) {
		c = f->ungot;
		f->ungot = EOF;
		return c;
	}
	if (f->rpos >= f->rlen && fill(f) == EOF)
		return EOF;
	return f->buf[f->rpos++];
}




static int ungetc_u(int c, FILE *f)
{
	if (c == EOF)
		return EOF;
	f->ungot = (unsigned char)c;
	f->flags &= ~F_EOF;
	return c;
}

static char *fgets_u(char *s, int n, FILE *f)
{
	int i = 0;

	while (i < n - 1) {
		int c = fgetc_u(f);

		if (c == EOF)
			break;
		s[i++] = (char)c;
		if (c == '\n')
			break;
	}
	if (i == 0 || n <= 0)
		return NULL;
	s[i] = 0;
	return s;
}

static ssize_t getline_u(char **line, size_t *cap, FILE *f)
{
	size_t n = 0;
	int c;

	for (;;) {
		c = fgetc_u(f);
		if (n + 2 > *cap || !*line) {
			size_t ncap = *cap < 64 ? 128 : *cap * 2;
			char *p = realloc(*line, ncap);

			if (!p)
				return -1;
			*line = p;
			*cap = ncap;
		}
		if (c == EOF)
			break;
		(*line)[n++] = (char)c;
		if (c == '\n')
			break;
	}
	(*line)[n] = 0;
	return n == 0 ? -1 : (ssize_t)n;
}

static size_t fread_u(void *p, size_t size, size_t n, FILE *f)
{
	size_t want = size * n, got = 0;
	char *d = p;

	if (!want)
		return 0;
	if (f->ungot != EOF) {
		d[got++] = (char)f->ungot;
		f->ungot = EOF;
	}
	while (got < want) {
		size_t k = f->rlen - f->rpos;

		if (k == 0) {
			if (want - got >= BUFSIZ) {
				ssize_t r;

				flush_one(f);
				r = read(f->fd, d + got, want - got);
				if (r < 0 && errno == EINTR)
					continue;
				if (r <= 0) {
					f->flags |= r == 0 ? F_EOF : F_ERR;
					break;
				}
				got += r;
				continue;
			}
			if (fill(f) == EOF)
				break;
			k = f->rlen - f->rpos;
		}
		if (k > want - got)
			k = want - got;
		memcpy(d + got, f->buf + f->rpos, k);
		f->rpos += (int)k;
		got += k;
	}
	return got / size;
}

static size_t fwrite_u(const void *p, size_t size, size_t n, FILE *f)
{
	size_t len = size * n;
	const char *s = p;

	if (!len)
		return 0;
	decide_mode(f);
	if (f->rlen)
		drop_input(f);
	if (f->mode == _IONBF || len >= BUFSIZ) {
		if (flush_one(f) || writeall(f->fd, s, len) < 0) {
			f->flags |= F_ERR;
			return 0;
		}
		return n;
	}
	if (f->wlen + len > BUFSIZ && flush_one(f))
		return 0;
	memcpy(f->buf + f->wlen, s, len);
	f->wlen += (int)len;
	if (f->mode == _IOLBF && memchr(s, '\n', len) && flush_one(f))
		return 0;
	return n;
}


static int fputs_u(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return n == 0 || fwrite_u(s, n, 1, f) == 1 ? 0 : EOF;
}


static int parse_mode(const char *mode)
{
	int flags;

	switch (mode[0]) {
	case 'r': flags = O_RDONLY; break;
	case 'w': flags = O_WRONLY | O_CREAT | O_TRUNC; break;
	case 'a': flags = O_WRONLY | O_CREAT | O_APPEND; break;
	default: return -1;
	}
	for (mode++; *mode; mode++) {
		if (*mode == '+')
			flags = (flags & ~O_ACCMODE) | O_RDWR;
		else if (*mode == 'e')
			flags |= O_CLOEXEC;
	}
	return flags;
}

FILE *fdopen(int fd, const char *mode)
{
	FILE *f;

	if (parse_mode(mode) < 0) {
		errno = EINVAL;
		return NULL;
	}
	f = calloc(1, sizeof(*f));
	if (!f)
		return NULL;
	f->fd = fd;
	f->flags = F_ALLOC | F_LAZY;
	f->ungot = EOF;
	__lock(&list_lock);
	f->next = all;
	all = f;
	__unlock(&list_lock);
	return f;
}

FILE *fopen(const char *path, const char *mode)
{
	int flags = parse_mode(mode), fd;
	FILE *f;

	if (flags < 0) {
		errno = EINVAL;
		return NULL;
	}
	fd = open(path, flags, 0666);
	if (fd < 0)
		return NULL;
	f = fdopen(fd, mode);
	if (!f)
		close(fd);
	return f;
}

int fclose(FILE *f)
{
	int r;

	if (f->flags & F_ALLOC) {
		__lock(&list_lock);
		for (FILE **pp = &all; *pp; pp = &(*pp)->next) {
			if (*pp == f) {
				*pp = f->next;
				break;
			}
		}
		__unlock(&list_lock);
	}
	flockfile(f);
	r = flush_one(f);
	if (close(f->fd) < 0)
		r = EOF;
	funlockfile(f);
	if (f->flags & F_ALLOC)
		free(f);
	return r;
}

static int setvbuf_u(FILE *f, char *buf, int mode, size_t size)
{
	(void)buf;
	(void)size;
	flush_one(f);
	f->flags &= ~F_LAZY;
	f->mode = mode;
	return 0;
}

static int fseek_u(FILE *f, long off, int whence)
{
	if (flush_one(f))
		return -1;
	if (whence == SEEK_CUR)
		off -= f->rlen - f->rpos + (f->ungot != EOF);
	f->rpos = f->rlen = 0;
	f->ungot = EOF;
	if (lseek(f->fd, off, whence) < 0)
		return -1;
	f->flags &= ~F_EOF;
	return 0;
}

static long ftell_u(FILE *f)
{
	off_t pos = lseek(f->fd, 0, SEEK_CUR);

	if (pos < 0)
		return -1;
	return pos - (f->rlen - f->rpos) - (f->ungot != EOF) + f->wlen;
}

void rewind(FILE *f)
{
	flockfile(f);
	fseek_u(f, 0, SEEK_SET);
	f->flags &= ~F_ERR;
	funlockfile(f);
}

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }

/* Locked entry points. */
#define LOCKED(f, call) ({ __typeof__(call) __r; flockfile(f); __r = (call); funlockfile(f); __r; })

int fgetc(FILE *f) { return LOCKED(f, fgetc_u(f)); }
int getc(FILE *f) { return LOCKED(f, fgetc_u(f)); }
int getchar(void) { return LOCKED(stdin, fgetc_u(stdin)); }
int getc_unlocked(FILE *f) { return fgetc_u(f); }
int ungetc(int c, FILE *f) { return LOCKED(f, ungetc_u(c, f)); }
char *fgets(char *s, int n, FILE *f) { return LOCKED(f, fgets_u(s, n, f)); }
ssize_t getline(char **line, size_t *cap, FILE *f) { return LOCKED(f, getline_u(line, cap, f)); }
size_t fread(void *p, size_t size, size_t n, FILE *f) { return LOCKED(f, fread_u(p, size, n, f)); }
size_t fwrite(const void *p, size_t size, size_t n, FILE *f) { return LOCKED(f, fwrite_u(p, size, n, f)); }
int fputs(const char *s, FILE *f) { return LOCKED(f, fputs_u(s, f)); }
int fseek(FILE *f, long off, int whence) { return LOCKED(f, fseek_u(f, off, whence)); }
long ftell(FILE *f) { return LOCKED(f, ftell_u(f)); }
int setvbuf(FILE *f, char *buf, int mode, size_t size) { return LOCKED(f, setvbuf_u(f, buf, mode, size)); }

static int fputc_u(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return fwrite_u(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int fputc(int c, FILE *f) { return LOCKED(f, fputc_u(c, f)); }
int putc(int c, FILE *f) { return LOCKED(f, fputc_u(c, f)); }
int putchar(int c) { return LOCKED(stdout, fputc_u(c, stdout)); }
int putc_unlocked(int c, FILE *f) { return fputc_u(c, f); }

static int puts_u(const char *s)
{
	if (fputs_u(s, stdout) == EOF || fputc_u('\n', stdout) == EOF)
		return EOF;
	return 0;
}

int puts(const char *s) { return LOCKED(stdout, puts_u(s)); }
