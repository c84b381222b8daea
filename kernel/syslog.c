/* The kernel log: a 64 KiB ring of everything printk writes, and
 * syslog (116) to read it (what dmesg uses).
 *
 * log_lock (a leaf spinlock, interrupts off, so printk may run in any
 * context) protects the ring and the three free-running byte counters:
 * head (bytes ever logged), clear_seq (head at the last CLEAR) and
 * read_seq (how far SYSLOG_ACTION_READ has consumed). Only the last
 * LOG_SIZE bytes exist; older counters are clamped to head - LOG_SIZE.
 * Readers copy out through a bounce page, never with the lock held.
 * Readers blocked in SYSLOG_ACTION_READ re-check every 50 ms: printk
 * cannot wake them (it may run with the scheduler's lock held). */
#include <types.h>
#include <errno.h>
#include <mm.h>
#include <sched.h>
#include <string.h>
#include <uaccess.h>
#include <syscalls.h>

#define LOG_SIZE (64 * 1024)

#define SYSLOG_ACTION_CLOSE 0
#define SYSLOG_ACTION_OPEN 1
#define SYSLOG_ACTION_READ 2
#define SYSLOG_ACTION_READ_ALL 3
#define SYSLOG_ACTION_READ_CLEAR 4
#define SYSLOG_ACTION_CLEAR 5
#define SYSLOG_ACTION_CONSOLE_OFF 6
#define SYSLOG_ACTION_CONSOLE_ON 7
#define SYSLOG_ACTION_CONSOLE_LEVEL 8
#define SYSLOG_ACTION_SIZE_UNREAD 9
#define SYSLOG_ACTION_SIZE_BUFFER 10

static struct spinlock log_lock = SPINLOCK_INIT("log");
static char log_buf[LOG_SIZE];
static u64 log_head, clear_seq, read_seq;	/* log_lock */

static u64 oldest(void)
{
	return log_head > LOG_SIZE ? log_head - LOG_SIZE : 0;
}

/* Called by printk (with its own lock held, never while panicking). */
void log_store(const char *s, size_t n)
{
	spin_lock(&log_lock);
	for (size_t i = 0; i < n; i++)
		log_buf[log_head++ % LOG_SIZE] = s[i];
	spin_unlock(&log_lock);
}

/* Copy bytes [from, from + n) of the log to user memory; n <= what is
 * still in the ring when the lock is taken (it may have moved on: then
 * only what is left). Returns the count copied or -EFAULT. */
static long copy_log(char __user *ubuf, u64 from, size_t n)
{
	char *bounce = kmalloc(PAGE_SIZE);
	size_t done = 0;

	if (!bounce)
		return -ENOMEM;
	while (done < n) {
		size_t k = min(n - done, (size_t)PAGE_SIZE);
		spin_lock(&log_lock);
		if (from + done < oldest()) {	/* overwritten meanwhile: skip ahead */
			u64 skip = oldest() - (from + done);
			spin_unlock(&log_lock);
			if (skip >= n - done)
				break;
			from += skip;
			n -= skip;
			continue;
		}
		for (size_t i = 0; i < k; i++)
			bounce[i] = log_buf[(from + done + i) % LOG_SIZE];
		spin_unlock(&log_lock);
		if (copy_to_user(ubuf + done, bounce, k)) {
			kfree(bounce);
			return -EFAULT;
		}
		done += k;
	}
	kfree(bounce);
	return done;
}

SYSCALL_DEFINE3(syslog, int, type, char __user *, ubuf, int, len)
{
	u64 from, to;
	long r;

	switch (type) {
	case SYSLOG_ACTION_CLOSE:
	case SYSLOG_ACTION_OPEN:
	case SYSLOG_ACTION_CONSOLE_OFF:
	case SYSLOG_ACTION_CONSOLE_ON:
		return 0;
	case SYSLOG_ACTION_CONSOLE_LEVEL:
		return len < 1 || len > 8 ? -EINVAL : 0;
	case SYSLOG_ACTION_SIZE_BUFFER:
		return LOG_SIZE;
	case SYSLOG_ACTION_SIZE_UNREAD:
		spin_lock(&log_lock);
		r = log_head - max(read_seq, oldest());
		spin_unlock(&log_lock);
		return r;
	case SYSLOG_ACTION_CLEAR:
		spin_lock(&log_lock);
		clear_seq = log_head;
		spin_unlock(&log_lock);
		return 0;
	case SYSLOG_ACTION_READ:
		if (!ubuf || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		if (!access_ok(ubuf, len))
			return -EFAULT;
		spin_lock(&log_lock);
		while (read_seq >= log_head) {
			r = sleep_on_timeout(&log_head, &log_lock, ktime_get_ns() + 50000000, true);
			if (r == -EINTR) {
				spin_unlock(&log_lock);
				return r;
			}
		}
		from = max(read_seq, oldest());
		to = min(log_head, from + (u64)len);
		read_seq = to;	/* consumed even if the copy faults, as Linux */
		spin_unlock(&log_lock);
		return copy_log(ubuf, from, to - from);
	case SYSLOG_ACTION_READ_ALL:
	case SYSLOG_ACTION_READ_CLEAR:
		if (!ubuf || len < 0)
			return -EINVAL;
		if (len == 0)
			return 0;
		if (!access_ok(ubuf, len))
			return -EFAULT;
		/* The newest len bytes since the last clear. */
		spin_lock(&log_lock);
		to = log_head;
		from = max(clear_seq, oldest());
		if (to - from > (u64)len)
			from = to - len;
		if (type == SYSLOG_ACTION_READ_CLEAR)
			clear_seq = to;
		spin_unlock(&log_lock);
		return copy_log(ubuf, from, to - from);
	}
	return -EINVAL;
}
