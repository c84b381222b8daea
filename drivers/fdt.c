/* Flattened device tree reader (devicetree spec v0.4, chapter 5).
 * A node is named by the offset of its FDT_BEGIN_NODE token within the
 * structure block. The blob is read in place and never modified. */
#include <types.h>
#include <errno.h>
#include <string.h>
#include <fdt.h>

#define FDT_MAGIC 0xd00dfeed
#define FDT_BEGIN_NODE 1
#define FDT_END_NODE 2
#define FDT_PROP 3
#define FDT_NOP 4
#define FDT_END 9

static const u8 *blob, *structs, *strings;
static u32 struct_size;

int fdt_init(void *dtb)
{
	const u8 *h = dtb;
	if (fdt32(h) != FDT_MAGIC)
		return -EINVAL;
	blob = h;
	structs = h + fdt32(h + 8);
	strings = h + fdt32(h + 12);
	struct_size = fdt32(h + 36);
	return 0;
}

u64 fdt_total_size(void) { return blob ? fdt32(blob + 4) : 0; }

static u32 tok(int off) { return fdt32(structs + off); }

/* Offset just past the token at off (and its payload). */
static int skip_token(int off)
{
	switch (tok(off)) {
	case FDT_BEGIN_NODE:
		return ALIGN_UP(off + 4 + strlen((const char *)structs + off + 4) + 1, 4);
	case FDT_PROP:
		return ALIGN_UP(off + 12 + fdt32(structs + off + 4), 4);
	default:
		return off + 4;
	}
}

/* Offset past the END_NODE of the node at off. */
static int skip_node(int off)
{
	int depth = 0;
	do {
		u32 t = tok(off);
		if (t == FDT_BEGIN_NODE)
			depth++;
		else if (t == FDT_END_NODE)
			depth--;
		else if (t == FDT_END)
			return -1;
		off = skip_token(off);
	} while (depth > 0 && off < (int)struct_size);
	return off;
}

const char *fdt_node_name(int node) { return (const char *)structs + node + 4; }

/* First token after the node's properties: a child or its END_NODE. */
static int after_props(int node)
{
	int off = skip_token(node);
	while (tok(off) == FDT_PROP || tok(off) == FDT_NOP)
		off = skip_token(off);
	return off;
}

int fdt_first_child(int node)
{
	int off = after_props(node);
	return tok(off) == FDT_BEGIN_NODE ? off : -1;
}

int fdt_next_sibling(int node)
{
	int off = skip_node(node);
	while (off >= 0 && tok(off) == FDT_NOP)
		off += 4;
	return off >= 0 && tok(off) == FDT_BEGIN_NODE ? off : -1;
}

const void *fdt_getprop(int node, const char *name, int *len)
{
	if (node < 0 || !blob)
		return NULL;
	for (int off = skip_token(node); tok(off) == FDT_PROP || tok(off) == FDT_NOP;
	     off = skip_token(off)) {
		if (tok(off) == FDT_NOP)
			continue;
		if (strcmp((const char *)strings + fdt32(structs + off + 8), name) == 0) {
			if (len)
				*len = fdt32(structs + off + 4);
			return structs + off + 12;
		}
	}
	return NULL;
}

/* Compare a path component with a node name: "cpu" matches "cpu@0" only
 * when the component has no unit address itself. */
static bool name_match(const char *node, const char *comp, int n)
{
	if (strncmp(node, comp, n) != 0)
		return false;
	for (int i = 0; i < n; i++)
		if (comp[i] == '@')
			return node[n] == 0;
	return node[n] == 0 || node[n] == '@';
}

int fdt_path_offset(const char *path)
{
	if (!blob || path[0] != '/')
		return -ENOENT;
	int node = 0;
	while (tok(node) == FDT_NOP)
		node += 4;
	for (const char *p = path + 1; *p;) {
		const char *e = strchr(p, '/');
		int n = e ? e - p : (int)strlen(p);
		int c;
		for (c = fdt_first_child(node); c >= 0; c = fdt_next_sibling(c))
			if (name_match(fdt_node_name(c), p, n))
				break;
		if (c < 0)
			return -ENOENT;
		node = c;
		p += n;
		if (*p == '/')
			p++;
	}
	return node;
}

/* Parent: walk from the root, remembering the open nodes. */
int fdt_parent(int node)
{
	int stack[32], depth = -1;
	for (int off = 0; off < (int)struct_size;) {
		u32 t = tok(off);
		if (t == FDT_BEGIN_NODE) {
			if (off == node)
				return depth >= 0 ? stack[depth] : -1;
			if (depth < 31)
				stack[++depth] = off;
		} else if (t == FDT_END_NODE) {
			depth--;
		} else if (t == FDT_END) {
			break;
		}
		off = skip_token(off);
	}
	return -1;
}

bool fdt_is_compatible(int node, const char *compat)
{
	int len;
	const char *p = fdt_getprop(node, "compatible", &len);
	if (!p)
		return false;
	for (int i = 0; i < len; i += strlen(p + i) + 1)
		if (strcmp(p + i, compat) == 0)
			return true;
	return false;
}

/* Walk every BEGIN_NODE in document order after 'from'. */
static int next_node(int from)
{
	int off = from < 0 ? 0 : skip_token(from);
	while (off < (int)struct_size && tok(off) != FDT_BEGIN_NODE) {
		if (tok(off) == FDT_END)
			return -1;
		off = skip_token(off);
	}
	return off < (int)struct_size ? off : -1;
}

int fdt_next_compatible(int from, const char *compat)
{
	for (int n = next_node(from); n >= 0; n = next_node(n))
		if (fdt_is_compatible(n, compat))
			return n;
	return -1;
}

int fdt_node_by_phandle(u32 ph)
{
	for (int n = next_node(-1); n >= 0; n = next_node(n)) {
		const void *p = fdt_getprop(n, "phandle", NULL);
		if (p && fdt32(p) == ph)
			return n;
	}
	return -1;
}

u32 fdt_prop_u32(int node, const char *name, u32 dflt)
{
	int len;
	const void *p = fdt_getprop(node, name, &len);
	return p && len >= 4 ? fdt32(p) : dflt;
}

int fdt_reg(int node, int idx, u64 *base, u64 *size)
{
	int parent = fdt_parent(node), len;
	int ac = fdt_prop_u32(parent, "#address-cells", 2);
	int sc = fdt_prop_u32(parent, "#size-cells", 1);
	const u8 *p = fdt_getprop(node, "reg", &len);
	int stride = 4 * (ac + sc);
	if (!p || stride == 0 || (idx + 1) * stride > len)
		return -ENOENT;
	p += idx * stride;
	*base = fdt_cells(p, ac);
	*size = sc ? fdt_cells(p + 4 * ac, sc) : 0;
	return 0;
}

bool fdt_node_ok(int node)
{
	const char *s = fdt_getprop(node, "status", NULL);
	return !s || strcmp(s, "okay") == 0 || strcmp(s, "ok") == 0;
}
