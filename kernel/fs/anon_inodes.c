/* Anonymous-inode files (eventfd, epoll): open files with no name in any
 * mounted tree, built on anon_inodefs, an unmounted internal super_block
 * in the pattern of pipefs (pipe.c).
 *
 * Each file gets its own inode (Linux shares one; a fresh inode is simpler
 * here and costs one small object). The inode's i_private names the kind
 * ("[eventfd]"), which /proc/<pid>/fd shows as "anon_inode:[eventfd]".
 * The object behind the file lives in f->private_data and belongs to the
 * file's f_op: its release frees it when the last reference goes. */
#include "fs.h"
#include "errno.h"
#include "printk.h"

static struct super_block *anon_sb;
static const struct super_operations anon_ops;
static struct file_system_type anon_type = { .name = "anon_inodefs" };

/* At boot (vfs_init). */
void anon_inode_init(void)
{
	anon_sb = alloc_super(&anon_type, &anon_ops);
	if (!anon_sb)
		panic("anon_inode_init: out of memory");
	anon_sb->s_dev = alloc_anon_dev();
	anon_sb->s_magic = ANON_INODE_FS_MAGIC;
}

int anon_inode_file(const char *name, const struct file_operations *fops, void *priv,
		    unsigned int flags, struct file **out)
{
	struct inode *ip = new_inode(anon_sb, 0600);	/* no S_IFMT, as Linux */
	struct file *f;
	int err;

	if (!ip)
		return -ENOMEM;
	ip->i_fop = fops;
	ip->i_private = (void *)name;
	/* fops has no open: vfs_open cannot fail after allocating. */
	if ((err = vfs_open(ip, flags, &f)) < 0) {
		iput(ip);
		return err;
	}
	f->private_data = priv;
	*out = f;
	return 0;
}
