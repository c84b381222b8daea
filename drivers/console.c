/* The console tty: a small line discipline between the UART and
 * the console character devices (console_fops).
 *
 * Input (console_intr, from the UART interrupt) goes into a ring buffer with
 * three indices r <= w <= e (free-running, taken mod INPUT_BUF):
 *   [r, w)  committed input that read() may return;
 *   [w, e)  the line being edited (canonical mode only; empty otherwise).
 * In canonical mode w only advances over a whole line: up to and including
 * '\n' or the EOF character (^D, stored in the buffer as a marker), or when
 * the buffer is full. So a reader that sees r != w always finds a complete
 * line (or a full buffer) and never waits in the middle of one.
 *
 * Honoured termios bits: ICANON, ECHO, ISIG (^C SIGINT, ^\ SIGQUIT,
 * ^Z SIGTSTP), ICRNL, TOSTOP, OPOST|ONLCR for output, and VMIN in raw mode
 * (a read waits for VMIN bytes, or fewer if it asked for fewer; VMIN 0
 * never waits). Everything else (VTIME too) is stored and reported back by
 * TCGETS but has no effect. The buffer holds INPUT_BUF bytes, Linux's
 * N_TTY_BUF_SIZE: a canonical line is at most that long.
 *
 * Job control (tty_jobctl.c): the console controls the session of the
 * session leader that took it with TIOCSCTTY (cons.sid) and has a
 * foreground process group (cons.fg_pgrp, TIOCSPGRP). Members of that
 * session outside the foreground group that read, change settings, or
 * write under TOSTOP are stopped with SIGTTIN/SIGTTOU. While no session
 * has the console (cons.sid 0: the test runner's command, say) nobody is
 * checked.
 *
 * commit() also calls poll_wakeup() so that ppoll/pselect6 see new input
 * (poll_lock nests inside cons.lock). */
#include "types.h"
#include "fs.h"
#include "sched.h"
#include "signal.h"
#include "spinlock.h"
#include "uaccess.h"
#include "errno.h"
#include "string.h"
#include "printk.h"
#include "console.h"
#include "mm.h"
#include "tty.h"

/* Linux termios (asm-generic/termbits.h), as seen through the ioctls. */
#define NCCS 19
struct termios {		/* TCGETS/TCSETS: 36 bytes */
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
};
struct termios2 {		/* TCGETS2/TCSETS2: 44 bytes */
	u32 c_iflag, c_oflag, c_cflag, c_lflag;
	u8 c_line;
	u8 c_cc[NCCS];
	u32 c_ispeed, c_ospeed;
};
struct winsize {
	u16 ws_row, ws_col, ws_xpixel, ws_ypixel;
};
_Static_assert(sizeof(struct termios) == 36, "termios layout");
_Static_assert(sizeof(struct termios2) == 44, "termios2 layout");

#define VINTR 0
#define VQUIT 1
#define VERASE 2
#define VKILL 3
#define VEOF 4
#define VTIME 5
#define VMIN 6
#define VSTART 8
#define VSTOP 9
#define VSUSP 10
#define VREPRINT 12
#define VDISCARD 13
#define VWERASE 14
#define VLNEXT 15

#define ICRNL 0000400
#define IXON 0002000
#define OPOST 0000001
#define ONLCR 0000004
#define B115200 0010002
#define CS8 0000060
#define CREAD 0000200
#define HUPCL 0002000
#define CLOCAL 0004000
#define ISIG 0000001
#define TOSTOP 0000400
#define ICANON 0000002
#define ECHO 0000010
#define ECHOE 0000020
#define ECHOK 0000040
#define ECHOCTL 0001000
#define ECHOKE 0004000
#define IEXTEN 0100000

#define TCGETS 0x5401
#define TCSETS 0x5402
#define TCSETSW 0x5403
#define TCSETSF 0x5404
#define TCSBRK 0x5409
#define TCXONC 0x540A
#define TCFLSH 0x540B
#define TIOCSCTTY 0x540E
#define TIOCGPGRP 0x540F
#define TIOCSPGRP 0x5410
#define TIOCGWINSZ 0x5413
#define TIOCSWINSZ 0x5414
#define FIONREAD 0x541B
#define TIOCNOTTY 0x5422
#define TIOCGSID 0x5429
#define TCGETS2 0x802c542a
#define TCSETS2 0x402c542b
#define TCSETSW2 0x402c542c
#define TCSETSF2 0x402c542d
#define TCIFLUSH 0
#define TCIOFLUSH 2

#define C(x) ((x) - '@')	/* control-x */
#define INPUT_BUF 4096

static struct {
	struct spinlock lock;	/* protects everything in this struct */
	char buf[INPUT_BUF];
	u32 r, w, e;		/* see the top of the file */
	struct termios2 t;	/* current settings (speeds fixed at 115200) */
	pid_t fg_pgrp;		/* foreground process group; 0: not set */
	pid_t sid;		/* the session it controls; 0: none */
} cons = {
	/* Statically initialised: the UART interrupt may deliver input
	 * before console_init runs. */
	.lock = SPINLOCK_INIT("cons"),
	.t = {
		.c_iflag = ICRNL | IXON,
		.c_oflag = OPOST | ONLCR,
		.c_cflag = B115200 | CS8 | CREAD | HUPCL | CLOCAL,
		.c_lflag = ISIG | ICANON | ECHO | ECHOE | ECHOK | ECHOCTL | ECHOKE | IEXTEN,
		.c_cc = {
			[VINTR] = C('C'), [VQUIT] = 0x1c, [VERASE] = 0x7f, [VKILL] = C('U'),
			[VEOF] = C('D'), [VTIME] = 0, [VMIN] = 1, [VSTART] = C('Q'),
			[VSTOP] = C('S'), [VSUSP] = C('Z'), [VREPRINT] = C('R'),
			[VDISCARD] = C('O'), [VWERASE] = C('W'), [VLNEXT] = C('V'),
		},
		.c_ispeed = 115200,
		.c_ospeed = 115200,
	},
};

/* Held by a writer for a whole write() so that output of different
 * processes does not interleave; a sleeplock so that slow polled output
 * runs with interrupts on. */
static struct sleeplock write_lock;

static bool lflag(u32 f) { return (cons.t.c_lflag & f) != 0; }

static void echo(const char *s)
{
	for (; *s; s++)
		uart_putc_sync(*s);
}

static void echo_char(int c)
{
	if (c == '\n')
		uart_putc_sync('\n');
	else if (c < ' ' && c != '\t' && lflag(ECHOCTL)) {
		uart_putc_raw('^');
		uart_putc_raw(c + '@');
	} else
		uart_putc_raw(c);
}

/* Make [w, e) readable. cons.lock held. */
static void commit(void)
{
	cons.w = cons.e;
	wakeup(&cons.r);
	poll_wakeup();
}

static void erase_one(void)
{
	cons.e--;
	if (lflag(ECHO))
		echo("\b \b");
}

/* The signal for an ISIG character, or 0. */
static int isig_signal(int c)
{
	if (!lflag(ISIG) || c == 0)
		return 0;
	if (c == cons.t.c_cc[VINTR])
		return SIGINT;
	if (c == cons.t.c_cc[VQUIT])
		return SIGQUIT;
	if (c == cons.t.c_cc[VSUSP])
		return SIGTSTP;
	return 0;
}

void console_intr(int c)
{
	pid_t pgrp = 0;
	int sig;

	spin_lock(&cons.lock);
	if (c == '\r' && (cons.t.c_iflag & ICRNL))
		c = '\n';
	if ((sig = isig_signal(c)) != 0) {
		if (lflag(ECHO))
			echo_char(c);	/* "^C", no newline, as on Linux */
		cons.e = cons.w;	/* discard the line being edited */
		pgrp = cons.fg_pgrp;
	} else if (!lflag(ICANON)) {
		if (cons.e - cons.r < INPUT_BUF) {
			cons.buf[cons.e++ % INPUT_BUF] = c;
			if (lflag(ECHO))
				echo_char(c);
			commit();
		}
	} else if (c == cons.t.c_cc[VERASE] || c == C('H')) {
		if (cons.e != cons.w)
			erase_one();
	} else if (c == cons.t.c_cc[VKILL]) {
		while (cons.e != cons.w)
			erase_one();
	} else if (c == cons.t.c_cc[VEOF]) {
		if (cons.e - cons.r < INPUT_BUF) {
			cons.buf[cons.e++ % INPUT_BUF] = c;	/* EOF marker */
			commit();
		}
	} else if (c != 0 && cons.e - cons.r < INPUT_BUF) {
		cons.buf[cons.e++ % INPUT_BUF] = c;
		if (lflag(ECHO))
			echo_char(c);
		/* A full buffer is committed too, or a reader would wait forever. */
		if (c == '\n' || cons.e - cons.r == INPUT_BUF)
			commit();
	}
	spin_unlock(&cons.lock);

	/* Outside cons.lock: signal delivery takes the task and sighand locks. */
	if (pgrp > 0)
		kill_pgrp(pgrp, sig);
}

/* The console's session and foreground group. A session whose leader
 * has exited lets go of the console, as Linux's disassociate_ctty does
 * when the leader exits. */
static void console_owner(pid_t *sid, pid_t *pgrp)
{
	spin_lock(&cons.lock);
	*sid = cons.sid;
	*pgrp = cons.fg_pgrp;
	spin_unlock(&cons.lock);
	if (*sid && tty_session_gone(*sid)) {
		spin_lock(&cons.lock);
		if (cons.sid == *sid)
			cons.sid = cons.fg_pgrp = 0;
		spin_unlock(&cons.lock);
		*sid = *pgrp = 0;
	}
}

/* Job control for current on the console (see the top of the file). */
static int job_control(int sig)
{
	pid_t sid, pgrp;
	console_owner(&sid, &pgrp);
	return tty_check_change(sid, pgrp, sig);
}

/* Is the console current's controlling terminal, as far as the
 * terminal-owner ioctls go? Yes while no session has it. */
static bool my_console(void)
{
	pid_t sid, pgrp;
	console_owner(&sid, &pgrp);
	return !sid || sid == current->signal->sid;
}

/* TIOCSPGRP: a group of the caller's session becomes the foreground one. */
static int set_fg_pgrp(pid_t pgid)
{
	int r;
	if (!my_console())
		return -ENOTTY;
	if ((r = job_control(SIGTTOU)) != 0)
		return r == -EIO ? -ENOTTY : r;
	if (pgid < 0)
		return -EINVAL;
	if ((r = tty_check_pgrp(pgid)) != 0)
		return r;
	spin_lock(&cons.lock);
	cons.fg_pgrp = pgid;
	spin_unlock(&cons.lock);
	return 0;
}

/* TIOCSCTTY: a session leader takes the console for its session if no
 * live session has it, or (arg 1, root only: every task is root) takes
 * it from one; its group becomes the foreground one. */
static int set_ctty(unsigned long arg)
{
	struct signal_struct *me = current->signal;
	pid_t sid, pgrp;

	if (me->sid != current->tgid)
		return -EPERM;
	console_owner(&sid, &pgrp);
	if (sid == me->sid)
		return 0;
	if (sid && arg != 1)
		return -EPERM;
	spin_lock(&cons.lock);
	cons.sid = me->sid;
	cons.fg_pgrp = me->pgid;
	spin_unlock(&cons.lock);
	return 0;
}

/* TIOCNOTTY: a session leader gives the console up; its foreground group
 * gets SIGHUP and SIGCONT (Linux's disassociate_ctty). Anybody else has
 * no controlling terminal of its own to drop. */
static int drop_ctty(void)
{
	pid_t sid, pgrp;

	console_owner(&sid, &pgrp);
	if (!sid || sid != current->signal->sid)
		return sid ? -ENOTTY : 0;
	if (current->tgid != sid)
		return 0;
	spin_lock(&cons.lock);
	cons.sid = cons.fg_pgrp = 0;
	spin_unlock(&cons.lock);
	if (pgrp) {
		kill_pgrp(pgrp, SIGHUP);
		kill_pgrp(pgrp, SIGCONT);
	}
	return 0;
}

/* Is there enough committed input for a read of n bytes? cons.lock held. */
static bool input_ready(size_t n)
{
	u32 have = cons.w - cons.r;
	if (lflag(ICANON) || cons.t.c_cc[VMIN] == 0)
		return have > 0;
	return have >= min(n, (size_t)cons.t.c_cc[VMIN]);
}

static ssize_t console_read(int minor, bool user_dst, u64 dst, size_t n, off_t off)
{
	size_t got = 0;
	int r;

	(void)minor, (void)off;
	if ((r = job_control(SIGTTIN)) != 0)
		return r;
	if (n == 0)
		return 0;
	n = min(n, (size_t)INPUT_BUF);
	char *kbuf = kmalloc(n);
	if (!kbuf)
		return -ENOMEM;
	spin_lock(&cons.lock);
	while (!input_ready(n)) {
		if (!lflag(ICANON) && cons.t.c_cc[VMIN] == 0)
			goto out;	/* VMIN 0: a poll */
		if (sleep_on_intr(&cons.r, &cons.lock) < 0) {
			spin_unlock(&cons.lock);
			kfree(kbuf);
			return -ERESTARTSYS;	/* SA_RESTART restarts the read */
		}
	}
	/* Take at most one line (canonical) or whatever is there (raw). */
	bool canon = lflag(ICANON);
	while (got < n && cons.r != cons.w) {
		char c = cons.buf[cons.r % INPUT_BUF];
		if (canon && c == cons.t.c_cc[VEOF]) {
			/* EOF ends the line and is discarded: "abc^D" reads
			 * "abc"; a ^D at the start of a line reads 0. */
			cons.r++;
			break;
		}
		cons.r++;
		kbuf[got++] = c;
		if (canon && c == '\n')
			break;
	}
out:
	spin_unlock(&cons.lock);

	/* Copy without the spinlock: the copy may fault and sleep. */
	r = got && either_copyout(user_dst, dst, kbuf, got) < 0;
	kfree(kbuf);
	return r ? -EFAULT : (ssize_t)got;
}

/* Readable when read() would not block: a complete line or an EOF marker
 * (canonical) or any byte (raw) is committed. Output never blocks. */
static int console_poll(int minor)
{
	int mask = POLLOUT | POLLWRNORM;

	(void)minor;
	spin_lock(&cons.lock);
	if (cons.r != cons.w)
		mask |= POLLIN | POLLRDNORM;
	spin_unlock(&cons.lock);
	return mask;
}

static ssize_t console_write(int minor, bool user_src, u64 src, size_t n, off_t off)
{
	char kbuf[128];
	size_t done = 0;
	bool fault = false;

	(void)minor, (void)off;
	if (READ_ONCE(cons.t.c_lflag) & TOSTOP) {
		int r = job_control(SIGTTOU);
		if (r)
			return r;
	}
	sleep_lock(&write_lock);
	while (done < n) {
		size_t m = min(n - done, sizeof(kbuf));
		if (either_copyin(kbuf, user_src, src + done, m) < 0) {
			fault = true;
			break;
		}
		bool onlcr = (cons.t.c_oflag & (OPOST | ONLCR)) == (OPOST | ONLCR);
		for (size_t i = 0; i < m; i++) {
			if (kbuf[i] == '\n' && onlcr)
				uart_putc_raw('\r');
			uart_putc_raw(kbuf[i]);
		}
		done += m;
	}
	sleep_unlock(&write_lock);
	return fault && done == 0 ? -EFAULT : (ssize_t)done;
}

/* Apply new settings (from TCSETS*). cons.lock held. */
static void console_set_termios(const struct termios2 *t, bool flush)
{
	u32 ispeed = cons.t.c_ispeed, ospeed = cons.t.c_ospeed;
	cons.t = *t;
	cons.t.c_ispeed = ispeed;	/* the line speed cannot change */
	cons.t.c_ospeed = ospeed;
	if (flush)
		cons.r = cons.w = cons.e;
	if (!lflag(ICANON))
		commit();	/* a half-edited line becomes readable */
}

static int console_ioctl(int minor, unsigned int cmd, unsigned long arg)
{
	void __user *uarg = (void __user *)arg;
	struct termios2 t2;
	struct termios t;
	int v;

	(void)minor;
	switch (cmd) {
	case TCGETS:
	case TCGETS2:
		spin_lock(&cons.lock);
		t2 = cons.t;
		spin_unlock(&cons.lock);
		if (cmd == TCGETS2)
			return copy_to_user(uarg, &t2, sizeof(t2)) ? -EFAULT : 0;
		memcpy(&t, &t2, sizeof(t));	/* termios is a prefix of termios2 */
		return copy_to_user(uarg, &t, sizeof(t)) ? -EFAULT : 0;
	case TCSETS:
	case TCSETSW:
	case TCSETSF:
		if (copy_from_user(&t, uarg, sizeof(t)))
			return -EFAULT;
		memset(&t2, 0, sizeof(t2));
		memcpy(&t2, &t, sizeof(t));
		goto set;
	case TCSETS2:
	case TCSETSW2:
	case TCSETSF2:
		if (copy_from_user(&t2, uarg, sizeof(t2)))
			return -EFAULT;
	set:
		if ((v = job_control(SIGTTOU)) != 0)
			return v;
		/* Output is synchronous, so the "wait for output to drain" of
		 * TCSETSW/TCSETSF is already satisfied. */
		spin_lock(&cons.lock);
		console_set_termios(&t2, cmd == TCSETSF || cmd == TCSETSF2);
		spin_unlock(&cons.lock);
		return 0;
	case TIOCGWINSZ: {
		struct winsize ws = { .ws_row = 24, .ws_col = 80 };
		return copy_to_user(uarg, &ws, sizeof(ws)) ? -EFAULT : 0;
	}
	case TIOCSWINSZ:
		return 0;
	case TIOCGPGRP:
		if (!my_console())
			return -ENOTTY;
		spin_lock(&cons.lock);
		v = cons.fg_pgrp;
		spin_unlock(&cons.lock);
		/* No foreground group set yet: report the caller's own group,
		 * so shells that check tcgetpgrp() == getpgrp() proceed. */
		if (v == 0)
			v = current->signal->pgid;
		return put_user_u32(v, uarg) ? -EFAULT : 0;
	case TIOCSPGRP:
		if (get_user_u32((u32 *)&v, uarg))
			return -EFAULT;
		return set_fg_pgrp(v);
	case TIOCSCTTY:
		return set_ctty(arg);
	case TIOCNOTTY:
		return drop_ctty();
	case TIOCGSID:
		return put_user_u32(current->signal->sid, uarg) ? -EFAULT : 0;
	case FIONREAD:
		spin_lock(&cons.lock);
		v = cons.w - cons.r;
		spin_unlock(&cons.lock);
		return put_user_u32(v, uarg) ? -EFAULT : 0;
	case TCFLSH:
		if ((v = job_control(SIGTTOU)) != 0)
			return v;
		if (arg == TCIFLUSH || arg == TCIOFLUSH) {
			spin_lock(&cons.lock);
			cons.r = cons.w = cons.e;
			spin_unlock(&cons.lock);
		}
		return 0;
	case TCXONC:
		return job_control(SIGTTOU);
	case TCSBRK:		/* tcdrain: output is synchronous */
		return 0;
	default:
		return -ENOTTY;
	}
}

/* The file side: /dev/console, /dev/tty and /dev/ttyS0 are all this
 * one terminal (cleave has a single one, so it is every task's
 * controlling terminal). */
static ssize_t cons_fread(struct file *f, bool user, u64 dst, size_t n, off_t *pos)
{
	return console_read(0, user, dst, n, 0);
}

static ssize_t cons_fwrite(struct file *f, bool user, u64 src, size_t n, off_t *pos)
{
	return console_write(0, user, src, n, 0);
}

static int cons_fpoll(struct file *f)
{
	return console_poll(0);
}

static long cons_fioctl(struct file *f, unsigned int cmd, unsigned long arg)
{
	return console_ioctl(0, cmd, arg);
}

static const struct file_operations console_fops = {
	.read = cons_fread,
	.write = cons_fwrite,
	.poll = cons_fpoll,
	.ioctl = cons_fioctl,
	.llseek = no_llseek,
};

void console_init(void)
{
	sleeplock_init(&write_lock, "cons_write");
	register_chrdev(TTYAUX_MAJOR, "tty", &console_fops);
	register_chrdev(CONSOLE_MAJOR, "ttyS", &console_fops);
	devtmpfs_register("tty", S_IFCHR | 0666, MKDEV(TTYAUX_MAJOR, 0));
	devtmpfs_register("console", S_IFCHR | 0600, MKDEV(TTYAUX_MAJOR, 1));
	devtmpfs_register("ttyS0", S_IFCHR | 0660, MKDEV(CONSOLE_MAJOR, 64));
}
