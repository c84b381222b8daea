#ifndef _LIBC_FORMAT_H
#define _LIBC_FORMAT_H
#include <stdarg.h>
#include <stddef.h>

typedef void (*format_out)(void *ctx, const char *s, size_t n);

/* printf-style formatting; returns the number of bytes produced. */
int __format(format_out out, void *ctx, const char *fmt, va_list ap);

#endif
