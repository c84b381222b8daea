/* The kernel command line (the device tree's /chosen bootargs). */
#include <types.h>
#include <string.h>
#include <cmdline.h>

extern char boot_cmdline[];

/* The value of key= on the kernel command line, into val. */
bool cmdline_arg(const char *key, char *val, size_t n)
{
	size_t kl = strlen(key);

	for (const char *p = boot_cmdline; *p;) {
		while (*p == ' ')
			p++;
		const char *e = p;
		while (*e && *e != ' ')
			e++;
		if ((size_t)(e - p) > kl && strncmp(p, key, kl) == 0 && p[kl] == '=') {
			size_t l = min((size_t)(e - p - kl - 1), n - 1);
			memcpy(val, p + kl + 1, l);
			val[l] = 0;
			return true;
		}
		p = e;
	}
	return false;
}
