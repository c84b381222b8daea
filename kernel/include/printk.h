/* Console output for the kernel. printk is safe from any context once the
 * console lock exists; before the UART is up it goes through SBI. */
#ifndef CLEAVE_PRINTK_H
#define CLEAVE_PRINTK_H
#include "types.h"

int printk(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
int vsnprintf(char *buf, size_t n, const char *fmt, va_list ap);
int snprintf(char *buf, size_t n, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
void panic(const char *fmt, ...) __noreturn __attribute__((format(printf, 1, 2)));

/* The console backend: set by the UART driver once it is initialised;
 * until then characters go to the SBI debug console. */
void console_set_output(void (*putc)(int c));

#define BUG_ON(c) do { if (unlikely(c)) panic("BUG_ON(%s) at %s:%d", #c, __FILE__, __LINE__); } while (0)
#define WARN_ON(c) ({ bool _w = (c); if (unlikely(_w)) printk("WARNING: %s at %s:%d\n", #c, __FILE__, __LINE__); _w; })
#endif
