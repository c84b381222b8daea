/* A read-only flattened device tree parser. Nodes are identified by their
 * byte offset in the structure block; negative values mean "not found". */
#ifndef CLEAVE_FDT_H
#define CLEAVE_FDT_H
#include "types.h"

int fdt_init(void *dtb);		/* 0 or -EINVAL */
u64 fdt_total_size(void);
int fdt_path_offset(const char *path);	/* "/cpus", "/chosen", "/soc/..." */
int fdt_first_child(int node);
int fdt_next_sibling(int node);
const char *fdt_node_name(int node);	/* with the @unit part */
const void *fdt_getprop(int node, const char *name, int *len);
int fdt_parent(int node);
bool fdt_is_compatible(int node, const char *compat);
/* Next node after 'from' (-1: start) anywhere in the tree with this compatible. */
int fdt_next_compatible(int from, const char *compat);
int fdt_node_by_phandle(u32 phandle);
/* reg entry idx of node, translated with the parent's #address/#size-cells
 * (no ranges translation: cleave's platforms have none). 0 or -ENOENT. */
int fdt_reg(int node, int idx, u64 *base, u64 *size);
u32 fdt_prop_u32(int node, const char *name, u32 dflt);
bool fdt_node_ok(int node);	/* status absent, "okay" or "ok" */
static inline u32 fdt32(const void *p)
{
	const u8 *b = p;
	return ((u32)b[0] << 24) | ((u32)b[1] << 16) | ((u32)b[2] << 8) | b[3];
}
static inline u64 fdt_cells(const void *p, int ncells)
{
	u64 v = 0;
	for (int i = 0; i < ncells; i++)
		v = (v << 32) | fdt32((const u8 *)p + 4 * i);
	return v;
}
#endif
