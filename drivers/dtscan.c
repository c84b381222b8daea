/* Device-tree decisions shared by the kernel (setup.c, uart.c, plic.c) and
 * the host check of the VisionFive 2 DTB (tests/host/board-dtb). Pure
 * functions of the tree: no hardware access, no allocation, no printk. */
#include "dtscan.h"
#include "errno.h"
#include "fdt.h"
#include "string.h"

#define CAUSE_S_EXT 9		/* interrupts-extended cause of an S-mode context */

static bool has_mmu(int cpu)
{
	const char *mmu = fdt_getprop(cpu, "mmu-type", NULL);
	return mmu && (!strcmp(mmu, "riscv,sv39") || !strcmp(mmu, "riscv,sv48") ||
		       !strcmp(mmu, "riscv,sv57"));
}

int dt_usable_harts(u64 *ids, int max)
{
	int cpus = fdt_path_offset("/cpus"), n = 0;

	for (int c = cpus >= 0 ? fdt_first_child(cpus) : -1; c >= 0 && n < max;
	     c = fdt_next_sibling(c)) {
		const char *t = fdt_getprop(c, "device_type", NULL);
		u64 hart, sz;
		if (!t || strcmp(t, "cpu") || !fdt_node_ok(c) || !has_mmu(c) ||
		    fdt_reg(c, 0, &hart, &sz))
			continue;
		ids[n++] = hart;
	}
	return n;
}

u32 dt_timebase(u32 dflt)
{
	int cpus = fdt_path_offset("/cpus");
	return cpus >= 0 ? fdt_prop_u32(cpus, "timebase-frequency", dflt) : dflt;
}

int dt_memory(int idx, u64 *base, u64 *size)
{
	int root = fdt_path_offset("/");

	for (int n = fdt_first_child(root); n >= 0; n = fdt_next_sibling(n)) {
		const char *t = fdt_getprop(n, "device_type", NULL);
		if (!t || strcmp(t, "memory") || !fdt_node_ok(n))
			continue;
		for (int i = 0; fdt_reg(n, i, base, size) == 0; i++)
			if (idx-- == 0)
				return 0;
	}
	return -ENOENT;
}

static int uart_kind(int node)
{
	if (fdt_is_compatible(node, "snps,dw-apb-uart"))
		return UART_DW_APB;
	if (fdt_is_compatible(node, "ns16550a") || fdt_is_compatible(node, "ns16550"))
		return UART_NS16550;
	if (fdt_is_compatible(node, "sifive,uart0") || fdt_is_compatible(node, "sifive,fu540-c000-uart"))
		return UART_SIFIVE;
	return -1;
}

/* /chosen stdout-path ("serial0:115200n8", or a full path): the node and
 * the baud rate of its options. -1 if there is none. */
static int stdout_node(u32 *baud)
{
	char path[128];
	int chosen = fdt_path_offset("/chosen");
	const char *sp = chosen >= 0 ? fdt_getprop(chosen, "stdout-path", NULL) : NULL;

	if (!sp)
		sp = chosen >= 0 ? fdt_getprop(chosen, "linux,stdout-path", NULL) : NULL;
	if (!sp)
		return -1;
	size_t n = 0;
	while (sp[n] && sp[n] != ':' && n < sizeof(path) - 1)
		n++;
	memcpy(path, sp, n);
	path[n] = 0;
	for (const char *o = sp[n] == ':' ? sp + n + 1 : ""; *o >= '0' && *o <= '9'; o++)
		*baud = *baud * 10 + (*o - '0');
	if (path[0] != '/') {		/* an alias */
		int aliases = fdt_path_offset("/aliases");
		const char *p = aliases >= 0 ? fdt_getprop(aliases, path, NULL) : NULL;
		if (!p)
			return -1;
		strlcpy(path, p, sizeof(path));
	}
	return fdt_path_offset(path);
}

static int first_uart(void)
{
	static const char *const compat[] = { "ns16550a", "ns16550", "snps,dw-apb-uart",
					       "sifive,uart0" };
	for (size_t i = 0; i < ARRAY_SIZE(compat); i++)
		for (int n = fdt_next_compatible(-1, compat[i]); n >= 0;
		     n = fdt_next_compatible(n, compat[i]))
			if (fdt_node_ok(n))
				return n;
	return -1;
}

int dt_console_uart(struct dt_uart *u)
{
	memset(u, 0, sizeof(*u));
	int node = stdout_node(&u->baud);

	if (node >= 0 && fdt_node_ok(node) && uart_kind(node) < 0) {
		u->node = node;
		return -ENODEV;
	}
	if (node < 0 || !fdt_node_ok(node)) {
		u->baud = 0;
		node = first_uart();
	}
	if (node < 0 || fdt_reg(node, 0, &u->base, &u->size) < 0)
		return -ENOENT;
	u->node = node;
	u->kind = uart_kind(node);
	u->reg_shift = fdt_prop_u32(node, "reg-shift", 0);
	u->io_width = fdt_prop_u32(node, "reg-io-width", 1);
	u->clock = fdt_prop_u32(node, "clock-frequency", 0);
	int len = 0;
	const void *ip = fdt_getprop(node, "interrupts", &len);
	u->irq = ip && len >= 4 ? fdt32(ip) : 0;
	return 0;
}

int dt_plic(struct dt_plic *p)
{
	int node = fdt_next_compatible(-1, "riscv,plic0");
	int len = 0;

	memset(p, 0, sizeof(*p));
	if (node < 0)
		node = fdt_next_compatible(-1, "sifive,plic-1.0.0");
	if (node < 0 || fdt_reg(node, 0, &p->base, &p->size) < 0)
		return -ENOENT;
	p->ndev = fdt_prop_u32(node, "riscv,ndev", 0);
	const u8 *ie = fdt_getprop(node, "interrupts-extended", &len);
	p->nctx = ie ? len / 8 : 0;
	for (u32 ctx = 0; ctx < p->nctx; ctx++) {
		u32 phandle = fdt32(ie + 8 * ctx), cause = fdt32(ie + 8 * ctx + 4);
		if (cause != CAUSE_S_EXT)
			continue;	/* M-mode context, or 0xffffffff: not wired */
		int intc = fdt_node_by_phandle(phandle);
		int cpu = intc >= 0 ? fdt_parent(intc) : -1;
		int rlen = 0;
		const void *reg = cpu >= 0 ? fdt_getprop(cpu, "reg", &rlen) : NULL;
		if (!reg || (rlen != 4 && rlen != 8))
			continue;
		if (p->nharts == (int)ARRAY_SIZE(p->harts))
			break;
		p->harts[p->nharts].hartid = fdt_cells(reg, rlen / 4);
		p->harts[p->nharts].ctx = ctx;
		p->nharts++;
	}
	return p->nharts;
}
