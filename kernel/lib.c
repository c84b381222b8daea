/* Freestanding string and memory helpers. */
#include <types.h>
#include <string.h>

/* The word loops are unrolled to 64 bytes: page zeroing and copying
 * (demand-zero and COW faults) live in them. */
void *memset(void *d, int c, size_t n)
{
	u8 *p = d;
	if (((u64)p & 7) == 0 && c == 0) {
		for (; n >= 64; n -= 64, p += 64) {
			u64 *w = (u64 *)p;
			w[0] = 0; w[1] = 0; w[2] = 0; w[3] = 0;
			w[4] = 0; w[5] = 0; w[6] = 0; w[7] = 0;
		}
		for (; n >= 8; n -= 8, p += 8)
			*(u64 *)p = 0;
	}
	while (n--)
		*p++ = (u8)c;
	return d;
}

void *memcpy(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if ((((u64)dp | (u64)sp) & 7) == 0) {
		for (; n >= 64; n -= 64, dp += 64, sp += 64) {
			u64 *w = (u64 *)dp;
			const u64 *r = (const u64 *)sp;
			u64 a = r[0], b = r[1], c = r[2], e = r[3];
			u64 f = r[4], g = r[5], h = r[6], i = r[7];
			w[0] = a; w[1] = b; w[2] = c; w[3] = e;
			w[4] = f; w[5] = g; w[6] = h; w[7] = i;
		}
		for (; n >= 8; n -= 8, dp += 8, sp += 8)
			*(u64 *)dp = *(const u64 *)sp;
	}
	while (n--)
		*dp++ = *sp++;
	return d;
}

/* Whole pages (PAGE_SIZE = 4096, page-aligned), COW copies and zeroed
 * allocations: 256 bytes a round, so the loop costs little beside the
 * 512 loads and stores. */
#define PAGE_WORDS 512
#define R4(op, i) op(i) op(i + 1) op(i + 2) op(i + 3)
#define R16(op, i) R4(op, i) R4(op, i + 4) R4(op, i + 8) R4(op, i + 12)
#define R32(op) R16(op, 0) R16(op, 16)

void copy_page(void *dst, const void *src)
{
	u64 *d = dst;
	const u64 *s = src;
	for (const u64 *end = s + PAGE_WORDS; s < end; s += 32, d += 32) {
#define CP(i) d[i] = s[i];
		R32(CP)
#undef CP
	}
}

void clear_page(void *dst)
{
	u64 *d = dst;
	for (u64 *end = d + PAGE_WORDS; d < end; d += 32) {
#define CL(i) d[i] = 0;
		R32(CL)
#undef CL
	}
}

void *memmove(void *d, const void *s, size_t n)
{
	u8 *dp = d;
	const u8 *sp = s;
	if (dp <= sp || dp >= sp + n)
		return memcpy(d, s, n);
	while (n--)
		dp[n] = sp[n];
	return d;
}

int memcmp(const void *a, const void *b, size_t n)
{
	const u8 *x = a, *y = b;
	for (; n; n--, x++, y++)
		if (*x != *y)
			return *x - *y;
	return 0;
}

size_t strlen(const char *s)
{
	size_t n = 0;
	while (s[n])
		n++;
	return n;
}

size_t strnlen(const char *s, size_t max)
{
	size_t n = 0;
	while (n < max && s[n])
		n++;
	return n;
}

int strcmp(const char *a, const char *b)
{
	while (*a && *a == *b)
		a++, b++;
	return (u8)*a - (u8)*b;
}

int strncmp(const char *a, const char *b, size_t n)
{
	for (; n; n--, a++, b++) {
		if (*a != *b)
			return (u8)*a - (u8)*b;
		if (!*a)
			return 0;
	}
	return 0;
}

char *strncpy(char *d, const char *s, size_t n)
{
	size_t i = 0;
	for (; i < n && s[i]; i++)
		d[i] = s[i];
	for (; i < n; i++)
		d[i] = 0;
	return d;
}

size_t strlcpy(char *d, const char *s, size_t n)
{
	size_t len = strlen(s);
	if (n) {
		size_t c = len < n - 1 ? len : n - 1;
		memcpy(d, s, c);
		d[c] = 0;
	}
	return len;
}

char *strchr(const char *s, int c)
{
	for (; *s; s++)
		if (*s == (char)c)
			return (char *)s;
	return c == 0 ? (char *)s : NULL;
}
