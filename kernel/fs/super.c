/* Super blocks and the registry of file system types.
 *
 * A super_block lives while it is mounted (one s_count) or any of its
 * inodes is in memory (one each); put_super of the last count calls
 * s_op->put_super and frees it. fs_types is written only at boot. */
#include "fs.h"
#include "errno.h"
#include "mm.h"
#include "printk.h"
#include "string.h"

static LIST_HEAD(fs_types);
static int next_anon_minor;	/* atomic */

struct super_block *alloc_super(struct file_system_type *t, const struct super_operations *op)
{
	struct super_block *sb = kzalloc(sizeof(*sb));

	if (!sb)
		return NULL;
	sb->s_type = t;
	sb->s_op = op;
	sb->s_count = 1;	/* the mount's, dropped at umount */
	sb->s_blocksize = PAGE_SIZE;
	return sb;
}

void put_super(struct super_block *sb)
{
	if (!atomic_dec_and_test(&sb->s_count))
		return;
	if (sb->s_op->put_super)
		sb->s_op->put_super(sb);
	kfree(sb);
}

/* Anonymous devices are major 0, as on Linux. */
dev_t alloc_anon_dev(void)
{
	return MKDEV(0, atomic_add_return(&next_anon_minor, 1) + 15);
}

void register_filesystem(struct file_system_type *t)
{
	list_add_tail(&t->list, &fs_types);
}

struct file_system_type *find_filesystem(const char *name)
{
	struct list_head *pos;

	list_for_each(pos, &fs_types) {
		struct file_system_type *t = list_entry(pos, struct file_system_type, list);
		if (strcmp(t->name, name) == 0)
			return t;
	}
	return NULL;
}

/* /proc/filesystems */
size_t filesystems_show(char *buf, size_t n)
{
	struct list_head *pos;
	size_t len = 0;

	list_for_each(pos, &fs_types) {
		struct file_system_type *t = list_entry(pos, struct file_system_type, list);
		int k = snprintf(buf + len, n - len, "%s\t%s\n", t->requires_dev ? "" : "nodev", t->name);
		if (k < 0 || (size_t)k >= n - len)
			break;
		len += k;
	}
	return len;
}

void sb_start_write(struct super_block *sb)
{
	if (sb->s_op->begin_op)
		sb->s_op->begin_op(sb);
}

void sb_end_write(struct super_block *sb)
{
	if (sb->s_op->end_op)
		sb->s_op->end_op(sb);
}
