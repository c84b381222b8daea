#ifndef CLEAVE_STRING_H
#define CLEAVE_STRING_H
#include "types.h"
void *memset(void *d, int c, size_t n);
void *memcpy(void *d, const void *s, size_t n);
void copy_page(void *dst, const void *src);	/* one aligned 4 KiB page */
void clear_page(void *dst);
void *memmove(void *d, const void *s, size_t n);
int memcmp(const void *a, const void *b, size_t n);
size_t strlen(const char *s);
size_t strnlen(const char *s, size_t n);
int strcmp(const char *a, const char *b);
int strncmp(const char *a, const char *b, size_t n);
char *strncpy(char *d, const char *s, size_t n);
size_t strlcpy(char *d, const char *s, size_t n);
char *strchr(const char *s, int c);
#endif
