/* Kernel symbol lookup for backtraces. The table is generated from the
 * first link of the kernel (scripts/mksyms) and linked into the second. */
#include <types.h>

extern const u64 ksym_count;
extern const u64 ksym_addrs[];
extern const u32 ksym_offs[];
extern const char ksym_names[];

const char *ksym_lookup(u64 addr, u64 *off)
{
	long lo = 0, hi = (long)ksym_count - 1, best = -1;
	while (lo <= hi) {	/* last symbol at or below addr */
		long mid = (lo + hi) / 2;
		if (ksym_addrs[mid] <= addr) {
			best = mid;
			lo = mid + 1;
		} else {
			hi = mid - 1;
		}
	}
	*off = best >= 0 ? addr - ksym_addrs[best] : addr;
	return best >= 0 ? ksym_names + ksym_offs[best] : NULL;
}
