#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include "format.h"

static void to_file(void *ctx, const char *s, size_t n)
{
	fwrite(s, 1, n, ctx);
}

/* One lock hold for the whole call: output of concurrent printfs never
 * interleaves. */
int vfprintf(FILE *f, const char *fmt, va_list ap)
{
	int r;

	flockfile(f);
	r = __format(to_file, f, fmt, ap);
	funlockfile(f);
	return r;
}

int vprintf(const char *fmt, va_list ap) { return vfprintf(stdout, fmt, ap); }

int printf(const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(stdout, fmt, ap);
	va_end(ap);
	return r;
}

int fprintf(FILE *f, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vfprintf(f, fmt, ap);
	va_end(ap);
	return r;
}

struct strbuf {
	char *p;
	size_t len, cap; /* cap counts the terminating NUL */
};

static void to_str(void *ctx, const char *s, size_t n)
{
	struct strbuf *b = ctx;

	if (b->len + 1 < b->cap) {
		size_t k = b->cap - 1 - b->len;

		memcpy(b->p + b->len, s, n < k ? n : k);
	}
	b->len += n;
}

int vsnprintf(char *s, size_t n, const char *fmt, va_list ap)
{
	struct strbuf b = { s, 0, n };
	int r = __format(to_str, &b, fmt, ap);

	if (n)
		s[b.len < n ? b.len : n - 1] = 0;
	return r;
}

int vsprintf(char *s, const char *fmt, va_list ap) { return vsnprintf(s, (size_t)-1 >> 1, fmt, ap); }

int snprintf(char *s, size_t n, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsnprintf(s, n, fmt, ap);
	va_end(ap);
	return r;
}

int sprintf(char *s, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vsprintf(s, fmt, ap);
	va_end(ap);
	return r;
}

struct fdbuf {
	int fd, n;
	char buf[256];
};

static void fd_flush(struct fdbuf *b)
{
	if (b->n)
		write(b->fd, b->buf, b->n);
	b->n = 0;
}

static void to_fd(void *ctx, const char *s, size_t n)
{
	struct fdbuf *b = ctx;

	while (n) {
		size_t k = sizeof(b->buf) - b->n;

		if (k > n)
			k = n;
		memcpy(b->buf + b->n, s, k);
		b->n += (int)k;
		s += k;
		n -= k;
		if (b->n == sizeof(b->buf))
			fd_flush(b);
	}
}

int vdprintf(int fd, const char *fmt, va_list ap)
{
	struct fdbuf b;
	int r;

	b.fd = fd;
	b.n = 0;
	r = __format(to_fd, &b, fmt, ap);
	fd_flush(&b);
	return r;
}

int dprintf(int fd, const char *fmt, ...)
{
	va_list ap;
	int r;

	va_start(ap, fmt);
	r = vdprintf(fd, fmt, ap);
	va_end(ap);
	return r;
}
