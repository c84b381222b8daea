/* Bringing the file layer up at boot: the inode cache, the file system
 * types and the memory devices. The console registers itself earlier. */
#include "fs.h"

void icache_init(void);
void cleavefs_init(void);
void ramfs_init(void);
void procfs_init(void);
void mem_init(void);
void pipe_init(void);
void anon_inode_init(void);

void vfs_init(void)
{
	icache_init();
	cleavefs_init();
	ramfs_init();
	procfs_init();
	mem_init();
	pipe_init();
	anon_inode_init();
}
