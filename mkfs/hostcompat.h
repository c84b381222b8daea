/* The host tools are compiled with -Ikernel/include (for fs_format.h), which
 * shadows the host's <string.h> and <errno.h> with the kernel's. So they
 * include neither and declare the few C library string functions they use
 * here; errors are reported with perror(). */
#ifndef MKFS_HOSTCOMPAT_H
#define MKFS_HOSTCOMPAT_H
#include <stddef.h>
void *memcpy(void *d, const void *s, size_t n);
void *memset(void *d, int c, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *d, const char *s, size_t n);
#endif
