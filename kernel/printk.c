/* printk and panic. Output goes to the console backend one character at a
 * time: SBI's debug console at first, the UART once its driver is up.
 * printk_lock keeps lines from different harts from interleaving. */
#include <types.h>
#include <printk.h>
#include <spinlock.h>
#include <sched.h>
#include <string.h>
#include <asm/sbi.h>
#include <asm/irqflags.h>
#include <asm/processor.h>

static struct spinlock printk_lock = SPINLOCK_INIT("printk");
static void (*console_out)(int c) = sbi_console_putchar;
static volatile int panicking;
void log_store(const char *s, size_t n);

void console_set_output(void (*putc)(int c)) { console_out = putc; }


static void fmt_num(char **p, char *end, u64 v, int base, bool neg, int width, char pad, bool upper)
{
	char tmp[24];
	const char *digits = upper ? "0123456789ABCDEF" : "0123456789abcdef";
	int n = 0;
	do {
		tmp[n++] = digits[v % base];
		v /= base;
	} while (v);
	if (neg)
		tmp[n++] = '-';
	for (int w = n; w < width; w++)
		if (*p < end)
			*(*p)++ = pad;
	while (n--)
		if (*p < end)
			*(*p)++ = tmp[n];
}

int vsnprintf(char *buf, size_t size, const char *fmt, va_list ap)
{
	char *p = buf, *end = buf + (size ? size - 1 : 0);
	for (; *fmt; fmt++) {
		if (*fmt != '%') {
			if (p < end)
				*p++ = *fmt;
			continue;
		}
		fmt++;
		char pad = ' ';
		int width = 0, lng = 0;
		if (*fmt == '0')
			pad = '0', fmt++;
		while (*fmt >= '0' && *fmt <= '9')
			width = width * 10 + (*fmt++ - '0');
		while (*fmt == 'l' || *fmt == 'z')
			lng++, fmt++;
		switch (*fmt) {
		case 'd': case 'i': {
			long v = lng ? va_arg(ap, long) : va_arg(ap, int);
			fmt_num(&p, end, v < 0 ? -(u64)v : (u64)v, 10, v < 0, width, pad, false);
			break;
		}
		case 'u':
			fmt_num(&p, end, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 10, false, width, pad, false);
			break;
		case 'x': case 'X':
			fmt_num(&p, end, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 16, false, width, pad, *fmt == 'X');
			break;
		case 'o':
			fmt_num(&p, end, lng ? va_arg(ap, u64) : va_arg(ap, unsigned), 8, false, width, pad, false);
			break;
		case 'p':
			if (p < end) *p++ = '0';
			if (p < end) *p++ = 'x';
			fmt_num(&p, end, (u64)va_arg(ap, void *), 16, false, 16, '0', false);
			break;
		case 'c':
			if (p < end)
				*p++ = (char)va_arg(ap, int);
			break;
		case 's': {
			const char *s = va_arg(ap, const char *);
			if (!s)
				s = "(null)";
			int len = strlen(s);
			for (int w = len; w < width; w++)
				if (p < end) *p++ = ' ';
			while (*s && p < end)
				*p++ = *s++;
			break;
		}
		case '%':
			if (p < end)
				*p++ = '%';
			break;
		default:
			if (p < end) *p++ = '%';
			if (p < end && *fmt) *p++ = *fmt;
			if (!*fmt)
				fmt--;
		}
	}
	if (size)
		*p = 0;
	return p - buf;
}

int snprintf(char *buf, size_t n, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	int r = vsnprintf(buf, n, fmt, ap);
	va_end(ap);
	return r;
}

int printk(const char *fmt, ...)
{
	char buf[512];
	va_list ap;
	va_start(ap, fmt);
	int n = vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	bool locked = !panicking;
	if (locked)
		spin_lock(&printk_lock);
	for (char *s = buf; *s; s++)
		console_out(*s);	/* both backends expand '\n' themselves */
	if (locked) {
		log_store(buf, strlen(buf));	/* the dmesg ring (syslog.c) */
		spin_unlock(&printk_lock);
	}
	return n;
}

void arch_dump_stack(void);
void panic(const char *fmt, ...)
{
	char buf[256];
	va_list ap;
	arch_irq_disable();
	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	if (__atomic_exchange_n(&panicking, 1, __ATOMIC_SEQ_CST)) {
		for (;;)
			wait_for_interrupt();
	}
	printk("cleave: panic: %s (hart %lu)\n", buf, this_cpu()->hartid);
	arch_dump_stack();
	printk("cleave: system halted\n");
	sbi_shutdown();
}
