/*
 * Buffered streams. A stream is either reading (buf[rpos..rlen) holds
 * unread input) or writing (buf[0..wlen) holds pending output), never both.
 */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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
	unsigned char buf[BUFSIZ];
};

static FILE f_stderr = { 2, 0, _IONBF, 0, 0, 0, EOF, NULL, { 0 } };
static FILE f_stdout = { 1, F_LAZY, _IOFBF, 0, 0, 0, EOF, &f_stderr, { 0 } };
static FILE f_stdin = { 0, 0, _IOFBF, 0, 0, 0, EOF, &f_stdout, { 0 } };
FILE *stdin = &f_stdin, *stdout = &f_stdout, *stderr = &f_stderr;
static FILE *all = &f_stdin;

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

	if (f)
		return flush_one(f);
	for (f = all; f; f = f->next)
		if (flush_one(f))
			r = EOF;
	return r;
}

static int fill(FILE *f)
{
	ssize_t n;

	flush_one(f);
	if (f == stdin)
		flush_one(stdout);
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

int fgetc(FILE *f)
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

int getc(FILE *f) { return fgetc(f); }
int getchar(void) { return fgetc(stdin); }

int ungetc(int c, FILE *f)
{
	if (c == EOF)
		return EOF;
	f->ungot = (unsigned char)c;
	f->flags &= ~F_EOF;
	return c;
}

char *fgets(char *s, int n, FILE *f)
{
	int i = 0;

	while (i < n - 1) {
		int c = fgetc(f);

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

ssize_t getline(char **line, size_t *cap, FILE *f)
{
	size_t n = 0;
	int c;

	for (;;) {
		c = fgetc(f);
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

size_t fread(void *p, size_t size, size_t n, FILE *f)
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

size_t fwrite(const void *p, size_t size, size_t n, FILE *f)
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

int fputc(int c, FILE *f)
{
	unsigned char ch = (unsigned char)c;

	return fwrite(&ch, 1, 1, f) == 1 ? ch : EOF;
}

int putc(int c, FILE *f) { return fputc(c, f); }
int putchar(int c) { return fputc(c, stdout); }

int fputs(const char *s, FILE *f)
{
	size_t n = strlen(s);

	return n == 0 || fwrite(s, n, 1, f) == 1 ? 0 : EOF;
}

int puts(const char *s)
{
	if (fputs(s, stdout) == EOF || fputc('\n', stdout) == EOF)
		return EOF;
	return 0;
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
	f->next = all;
	all = f;
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
	int r = flush_one(f);

	if (close(f->fd) < 0)
		r = EOF;
	if (f->flags & F_ALLOC) {
		for (FILE **pp = &all; *pp; pp = &(*pp)->next) {
			if (*pp == f) {
				*pp = f->next;
				break;
			}
		}
		free(f);
	}
	return r;
}

int setvbuf(FILE *f, char *buf, int mode, size_t size)
{
	(void)buf;
	(void)size;
	flush_one(f);
	f->flags &= ~F_LAZY;
	f->mode = mode;
	return 0;
}

int fseek(FILE *f, long off, int whence)
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

long ftell(FILE *f)
{
	off_t pos = lseek(f->fd, 0, SEEK_CUR);

	if (pos < 0)
		return -1;
	return pos - (f->rlen - f->rpos) - (f->ungot != EOF) + f->wlen;
}

void rewind(FILE *f)
{
	fseek(f, 0, SEEK_SET);
	f->flags &= ~F_ERR;
}

int fileno(FILE *f) { return f->fd; }
int feof(FILE *f) { return (f->flags & F_EOF) != 0; }
int ferror(FILE *f) { return (f->flags & F_ERR) != 0; }
void clearerr(FILE *f) { f->flags &= ~(F_EOF | F_ERR); }
