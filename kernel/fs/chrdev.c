/* Character devices: drivers register a file_operations table per major
 * number; opening a device node looks the driver up by the node's major
 * and hands the file over to it. chrdevs[] is written only at boot. */
#include "fs.h"
#include "errno.h"

#define NR_MAJORS 256

static struct {
	const char *name;
	const struct file_operations *fops;
} chrdevs[NR_MAJORS];

int register_chrdev(u32 major, const char *name, const struct file_operations *fops)
{
	if (major >= NR_MAJORS || chrdevs[major].fops)
		return -EBUSY;
	chrdevs[major].name = name;
	chrdevs[major].fops = fops;
	return 0;
}

static int chrdev_open(struct inode *ip, struct file *f)
{
	u32 major = MAJOR(ip->i_rdev);
	const struct file_operations *fops = major < NR_MAJORS ? chrdevs[major].fops : NULL;

	if (!fops)
		return -ENXIO;
	f->f_op = fops;
	return fops->open ? fops->open(ip, f) : 0;
}

const struct file_operations chrdev_fops = { .open = chrdev_open };

/* Block device nodes: no block-level access from user space yet. */
static int blkdev_open(struct inode *ip, struct file *f)
{
	return -ENXIO;
}

const struct file_operations blkdev_fops = { .open = blkdev_open };

off_t no_llseek(struct file *f, off_t off, int whence)
{
	return -ESPIPE;
}
