#include <stdint.h>
#include <string.h>
#include "format.h"

struct spec {
	int left, zero, plus, space, alt;
	int width, prec; /* prec < 0: not given */
};

struct sink {
	format_out out;
	void *ctx;
	int count;
};

static void emit(struct sink *s, const char *p, size_t n)
{
	if (n) {
		s->out(s->ctx, p, n);
		s->count += (int)n;
	}
}

static void fill(struct sink *s, char c, int n)
{
	char buf[32];

	memset(buf, c, sizeof(buf));
	while (n > 0) {
		int k = n < (int)sizeof(buf) ? n : (int)sizeof(buf);

		emit(s, buf, k);
		n -= k;
	}
}

/* Emits prefix + body padded to the field width. */
static void field(struct sink *s, struct spec *sp, const char *prefix, const char *body, int len, int zeros)
{
	int plen = (int)strlen(prefix);
	int total = plen + zeros + len;

	if (!sp->left && !sp->zero)
		fill(s, ' ', sp->width - total);
	emit(s, prefix, plen);
	if (!sp->left && sp->zero)
		fill(s, '0', sp->width - total);
	fill(s, '0', zeros);
	emit(s, body, len);
	if (sp->left)
		fill(s, ' ', sp->width - total);
}

static void number(struct sink *s, struct spec *sp, unsigned long long v, int neg, int base, int upper)
{
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	char buf[24], prefix[3] = "";
	int len = 0, zeros = 0;

	while (v) {
		buf[sizeof(buf) - 1 - len++] = digits[v % base];
		v /= base;
	}
	if (neg)
		strcpy(prefix, "-");
	else if (sp->plus)
		strcpy(prefix, "+");
	else if (sp->space)
		strcpy(prefix, " ");
	if (sp->alt && base == 16 && len)
		strcpy(prefix, upper ? "0X" : "0x");
	if (sp->alt && base == 8)
		zeros = 1;
	if (sp->prec >= 0) {
		sp->zero = 0;
		if (sp->prec > len + zeros)
			zeros = sp->prec - len;
	} else if (len == 0) {
		zeros = zeros ? zeros : 1;
	}
	field(s, sp, prefix, buf + sizeof(buf) - len, len, zeros);
}

int __format(format_out out, void *ctx, const char *fmt, va_list ap)
{
	struct sink s = { out, ctx, 0 };

	while (*fmt) {
		struct spec sp = { 0, 0, 0, 0, 0, 0, -1 };
		const char *start = fmt;
		int lng = 0; /* 0 int, 1 long, 2 long long, -1 short, -2 char */
		unsigned long long u;
		long long v;

		if (*fmt != '%') {
			while (*fmt && *fmt != '%')
				fmt++;
			emit(&s, start, fmt - start);
			continue;
		}
		fmt++;
		for (;; fmt++) {
			if (*fmt == '-') sp.left = 1;
			else if (*fmt == '0') sp.zero = 1;
			else if (*fmt == '+') sp.plus = 1;
			else if (*fmt == ' ') sp.space = 1;
			else if (*fmt == '#') sp.alt = 1;
			else break;
		}
		if (*fmt == '*') {
			sp.width = va_arg(ap, int);
			if (sp.width < 0) {
				sp.left = 1;
				sp.width = -sp.width;
			}
			fmt++;
		} else {
			while (*fmt >= '0' && *fmt <= '9')
				sp.width = sp.width * 10 + (*fmt++ - '0');
		}
		if (*fmt == '.') {
			fmt++;
			sp.prec = 0;
			if (*fmt == '*') {
				sp.prec = va_arg(ap, int);
				fmt++;
			} else {
				while (*fmt >= '0' && *fmt <= '9')
					sp.prec = sp.prec * 10 + (*fmt++ - '0');
			}
		}
		if (sp.left)
			sp.zero = 0;
		for (;; fmt++) {
			if (*fmt == 'l') lng++;
			else if (*fmt == 'h') lng--;
			else if (*fmt == 'z' || *fmt == 't' || *fmt == 'j') lng = 1;
			else break;
		}
		switch (*fmt) {
		case 'd':
		case 'i':
			if (lng >= 2) v = va_arg(ap, long long);
			else if (lng == 1) v = va_arg(ap, long);
			else if (lng == -1) v = (short)va_arg(ap, int);
			else if (lng <= -2) v = (signed char)va_arg(ap, int);
			else v = va_arg(ap, int);
			number(&s, &sp, v < 0 ? -(unsigned long long)v : (unsigned long long)v, v < 0, 10, 0);
			break;
		case 'u':
		case 'x':
		case 'X':
		case 'o':
			if (lng >= 2) u = va_arg(ap, unsigned long long);
			else if (lng == 1) u = va_arg(ap, unsigned long);
			else if (lng == -1) u = (unsigned short)va_arg(ap, unsigned int);
			else if (lng <= -2) u = (unsigned char)va_arg(ap, unsigned int);
			else u = va_arg(ap, unsigned int);
			number(&s, &sp, u, 0, *fmt == 'u' ? 10 : *fmt == 'o' ? 8 : 16, *fmt == 'X');
			break;
		case 'p':
			sp.alt = 1;
			number(&s, &sp, (uintptr_t)va_arg(ap, void *), 0, 16, 0);
			break;
		case 'c': {
			char c = (char)va_arg(ap, int);

			sp.zero = 0;
			field(&s, &sp, "", &c, 1, 0);
			break;
		}
		case 's': {
			const char *str = va_arg(ap, const char *);
			int len;

			if (!str)
				str = "(null)";
			len = sp.prec >= 0 ? (int)strnlen(str, sp.prec) : (int)strlen(str);
			sp.zero = 0;
			field(&s, &sp, "", str, len, 0);
			break;
		}
		case '%':
			emit(&s, "%", 1);
			break;
		case 0:
			emit(&s, start, fmt - start);
			return s.count;
		default:
			emit(&s, start, fmt + 1 - start);
			break;
		}
		fmt++;
	}
	return s.count;
}
