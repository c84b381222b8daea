/* The cleave on-disk file system format, shared by the kernel (kernel/fs)
 * and the host tools (mkfs/mkfs.c, mkfs/fsck.c).
 *
 * Disk layout, in BSIZE blocks:
 *   [ 0 boot | 1 superblock | log (header + data) | inodes | free bitmap | data ]
 *
 * Link-count convention (kernel, mkfs and fsck agree): an inode's nlink is
 * the number of directory entries, anywhere, that name it -- "." and ".."
 * included. So a file has one per name, and a directory has
 * 2 + (number of subdirectories), root included (its ".." names itself),
 * exactly as on Linux. */
#ifndef CLEAVE_FS_FORMAT_H
#define CLEAVE_FS_FORMAT_H

#if defined(__STDC_HOSTED__) && __STDC_HOSTED__ == 1
#include <stdint.h>
typedef uint8_t u8;
typedef uint16_t u16;
typedef uint32_t u32;
typedef uint64_t u64;
typedef int64_t s64;
#else
#include "types.h"
#endif

#define BSIZE 4096		/* block size */
#define FS_MAGIC 0x32564c43	/* "CLV2" little-endian */
#define ROOTINO 1		/* root directory inode number */

/* Block 1. All counts in blocks except ninodes. */
struct superblock {
	u32 magic;		/* FS_MAGIC */
	u32 size;		/* whole image */
	u32 nblocks;		/* data blocks */
	u32 ninodes;
	u32 nlog;		/* log blocks, header included */
	u32 logstart;		/* first log block (the header) */
	u32 inodestart;
	u32 bmapstart;
};

#define T_DIR 1
#define T_FILE 2
#define T_DEVICE 3		/* character device */
#define T_SYMLINK 4		/* target in the data blocks, size = its length */
#define T_FIFO 5
#define T_BLKDEV 6
#define T_SOCK 7
#define T_MAX 7
#define SYMLINK_MAX 4095	/* longest symlink target */

#define NDIRECT 24
#define NINDIRECT (BSIZE / sizeof(u32))		/* 1024 */
#define NDINDIRECT (NINDIRECT * NINDIRECT)	/* 1M blocks */
#define MAXFILE ((u64)NDIRECT + NINDIRECT + NDINDIRECT)	/* in blocks, ~4 GiB */
#define IND_SLOT NDIRECT	/* addrs[] index of the single-indirect block */
#define DIND_SLOT (NDIRECT + 1)	/* addrs[] index of the double-indirect block */

/* On-disk inode: 256 bytes. type 0 means free. Block pointers are 0 when
 * unallocated (block 0 is the boot block, never data). Times are seconds
 * and nanoseconds since the Unix epoch. */
struct dinode {
	u16 type;
	u16 nlink;		/* see the convention above */
	u32 mode;		/* permission bits (07777) */
	u32 uid, gid;
	u32 major, minor;	/* device nodes only */
	u64 size;		/* bytes */
	s64 atime, mtime, ctime;
	u32 atime_ns, mtime_ns, ctime_ns;
	u32 addrs[NDIRECT + 2];
	u8 spare[84];
};

#define IPB (BSIZE / sizeof(struct dinode))	/* inodes per block */
#define IBLOCK(i, sb) ((i) / IPB + (sb).inodestart)
#define BPB (BSIZE * 8)				/* bitmap bits per block */
#define BBLOCK(b, sb) ((b) / BPB + (sb).bmapstart)

/* Directory entry: 64 bytes; inum 0 marks a free slot. name is
 * NUL-padded and NUL-terminated (at most DIRSIZ-1 characters). */
#define DIRSIZ 60
#define FS_NAME_MAX (DIRSIZ - 1)	/* longest name */
struct fs_dirent {
	u32 inum;
	char name[DIRSIZ];
};

/* The log: block logstart holds the header, the next nlog-1 blocks hold
 * copies of the blocks of the committed transaction. n != 0 on disk means
 * a committed transaction that recovery must install. */
#define LOGSIZE 126		/* max data blocks in one committed transaction */
#define MAXOPBLOCKS 32		/* max blocks one file-system operation writes */
struct logheader {
	u32 n;
	u32 block[LOGSIZE];
};

/* Safe default sizes used by mkfs. */
#define FS_DEFAULT_NINODES 8192

_Static_assert(sizeof(struct dinode) == 256, "dinode must be 256 bytes");
_Static_assert(sizeof(struct fs_dirent) == 64, "dirent must be 64 bytes");
_Static_assert(sizeof(struct logheader) <= BSIZE, "log header must fit a block");
_Static_assert(LOGSIZE >= 3 * MAXOPBLOCKS, "log too small for group commit");
#endif
