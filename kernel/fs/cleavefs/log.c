/* Write-ahead log with group commit.
 *
 * A file-system operation brackets its writes with begin_op()/end_op() and
 * records each modified block with log_write() instead of writing it. The
 * blocks stay pinned in the buffer cache. When the last outstanding
 * operation ends, the whole group commits:
 *   1. copy each modified block into the log area,
 *   2. write the header with n != 0   <- the commit point,
 *   3. copy the blocks to their home locations,
 *   4. write the header with n == 0.
 * After a crash, fs_init replays a committed log (steps 3-4), so every
 * operation is all-or-nothing on disk.
 *
 * log.lock protects the fields of struct logstate. begin_op admits an
 * operation only if the log can hold MAXOPBLOCKS more blocks for it on top
 * of what the outstanding operations may still write, so a commit never
 * overflows. A task already inside an operation may call begin_op again
 * (iput deep inside unlink does): the nested call joins the outer one. */
#include "cleavefs.h"
#include "printk.h"
#include "sched.h"
#include "string.h"

#define MAXOPS 8	/* > LOGSIZE / MAXOPBLOCKS concurrent operations */

static struct logstate {
	struct spinlock lock;
	u32 start;		/* header block */
	u32 size;		/* usable data blocks */
	int outstanding;	/* operations in progress */
	bool committing;	/* commit() running: no new operations */
	struct logheader lh;	/* in-memory header of the open transaction */
	struct { struct task_struct *task; int depth; } ops[MAXOPS];
} log;

static void read_head(void)
{
	struct buf *b = bread(log.start);

	memcpy(&log.lh, b->data, sizeof(log.lh));
	brelse(b);
	if (log.lh.n > log.size)
		panic("fs: corrupt log header (n = %u)", log.lh.n);
}

/* Writing the header with n != 0 commits; with n == 0 clears the log. */
static void write_head(void)
{
	struct buf *b = bread(log.start);

	memcpy(b->data, &log.lh, sizeof(log.lh));
	bwrite(b);
	brelse(b);
}

/* Copy logged blocks to their home locations. */
static void install_trans(bool recovering)
{
	for (u32 i = 0; i < log.lh.n; i++) {
		struct buf *lb = bread(log.start + 1 + i);
		struct buf *db = bread(log.lh.block[i]);

		memcpy(db->data, lb->data, BSIZE);
		bwrite(db);
		if (!recovering)
			bunpin(db);
		brelse(lb);
		brelse(db);
	}
}

void log_init(struct superblock *s)
{
	spin_init(&log.lock, "log");
	log.start = s->logstart;
	log.size = min((u32)LOGSIZE, s->nlog - 1);
	read_head();
	if (log.lh.n)
		printk("fs: replaying %u logged blocks\n", log.lh.n);
	install_trans(true);
	log.lh.n = 0;
	write_head();
}

static int find_op(struct task_struct *t)
{
	for (int i = 0; i < MAXOPS; i++)
		if (log.ops[i].task == t)
			return i;
	return -1;
}

void begin_op(void)
{
	struct task_struct *me = current;
	int i;

	spin_lock(&log.lock);
	if ((i = find_op(me)) >= 0) {
		log.ops[i].depth++;
		spin_unlock(&log.lock);
		return;
	}
	while (log.committing || find_op(NULL) < 0 ||
	       log.lh.n + (log.outstanding + 1) * MAXOPBLOCKS > log.size)
		sleep_on(&log, &log.lock);
	i = find_op(NULL);
	log.ops[i].task = me;
	log.ops[i].depth = 1;
	log.outstanding++;
	spin_unlock(&log.lock);
}

static void write_log(void)
{
	for (u32 i = 0; i < log.lh.n; i++) {
		struct buf *to = bread(log.start + 1 + i);
		struct buf *from = bread(log.lh.block[i]);

		memcpy(to->data, from->data, BSIZE);
		bwrite(to);
		brelse(from);
		brelse(to);
	}
}

/* Called with no operation outstanding and committing set, so nobody
 * else touches log.lh. */
static void commit(void)
{
	if (log.lh.n == 0)
		return;
	write_log();
	write_head();
	install_trans(false);
	log.lh.n = 0;
	write_head();
}

void end_op(void)
{
	bool do_commit = false;
	int i;

	spin_lock(&log.lock);
	i = find_op(current);
	BUG_ON(i < 0 || log.committing);
	if (--log.ops[i].depth > 0) {
		spin_unlock(&log.lock);
		return;
	}
	log.ops[i].task = NULL;
	if (--log.outstanding == 0) {
		do_commit = true;
		log.committing = true;
	} else {
		wakeup(&log);	/* our reservation is free again */
	}
	spin_unlock(&log.lock);

	if (do_commit) {
		commit();
		spin_lock(&log.lock);
		log.committing = false;
		wakeup(&log);
		spin_unlock(&log.lock);
	}
}

/* Record that b (locked, modified) belongs to the current transaction.
 * Repeated writes of one block are absorbed into a single log slot. */
void log_write(struct buf *b)
{
	u32 i;

	spin_lock(&log.lock);
	if (log.lh.n >= log.size)
		panic("fs: transaction too big");
	BUG_ON(log.outstanding < 1);
	for (i = 0; i < log.lh.n; i++)
		if (log.lh.block[i] == b->blockno)
			break;
	log.lh.block[i] = b->blockno;
	if (i == log.lh.n) {
		bpin(b);
		log.lh.n++;
	}
	spin_unlock(&log.lock);
}
