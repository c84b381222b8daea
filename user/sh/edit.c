/* The line editor: the terminal in raw mode (no echo, no line buffering,
 * no signals from ^C ^Z) while a line is typed, restored before it runs.
 *
 *   Left/Right ^B/^F   move          Home/End ^A/^E   start/end of line
 *   Backspace ^H       delete left   Delete ^D        delete under cursor
 *   ^U                 delete to start  ^K            delete to end
 *   ^W                 delete the word before the cursor
 *   ^L                 clear the screen  ^C           abandon the line
 *   Up/Down ^P/^N      history       TAB              complete (complete.c)
 *   ^D on an empty line: end of input
 *
 * Invariant: buf[0..len) is the line, pos <= len the cursor, and the
 * terminal shows the prompt and the line with its cursor at pos. Cursor
 * moves are relative (backspaces), so a line wider than the terminal
 * does not redraw well. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <termios.h>
#include <unistd.h>
#include "sh.h"

#define HIST_MAX 200
#define CTRL(c) ((c) & 0x1f)

static char *hist[HIST_MAX];
static int nhist;

void history_add(const char *line)
{
	if (!line[strspn(line, " \t")])
		return;
	if (nhist && strcmp(hist[nhist - 1], line) == 0)
		return;
	if (nhist == HIST_MAX) {
		free(hist[0]);
		memmove(hist, hist + 1, (HIST_MAX - 1) * sizeof(*hist));
		nhist--;
	}
	hist[nhist++] = strdup(line);
}

static char buf[LINE_MAX];
static size_t len, pos;
static const char *prompt;

static void out(const char *s, size_t n)
{
	while (n > 0) {
		ssize_t r = write(2, s, n);

		if (r <= 0)
			return;
		s += r;
		n -= r;
	}
}

static void outs(const char *s)
{
	out(s, strlen(s));
}

static void back(size_t n)
{
	while (n--)
		out("\b", 1);
}

/* The line changed from position from on (it was old_len long, the
 * cursor at old_pos): show the change and put the cursor at pos. */
static void redraw(size_t from, size_t old_pos, size_t old_len)
{
	if (old_pos > from)
		back(old_pos - from);
	else if (old_pos < from)
		out(buf + old_pos, from - old_pos);
	out(buf + from, len - from);
	for (size_t i = len; i < old_len; i++)
		out(" ", 1);
	back((len > old_len ? len : old_len) - pos);
}

static void show_all(void)
{
	outs(prompt);
	out(buf, len);
	back(len - pos);
}

static void replace(const char *s)
{
	size_t old_pos = pos, old_len = len;

	len = pos = strlen(s) < LINE_MAX ? strlen(s) : LINE_MAX - 1;
	memcpy(buf, s, len);
	redraw(0, old_pos, old_len);
}

static void insert(char c)
{
	if (len >= LINE_MAX - 1)
		return;
	memmove(buf + pos + 1, buf + pos, len - pos);
	buf[pos] = c;
	len++;
	if (++pos == len)
		out(&c, 1);
	else
		redraw(pos - 1, pos - 1, len - 1);
}

/* Removes [from, to) and puts the cursor at from. */
static void cut(size_t from, size_t to)
{
	size_t old_pos = pos, old_len = len;

	if (from >= to)
		return;
	memmove(buf + from, buf + to, len - to);
	len -= to - from;
	pos = from;
	redraw(from, old_pos, old_len);
}

static void move_to(size_t p)
{
	if (p < pos)
		back(pos - p);
	else
		out(buf + pos, p - pos);
	pos = p;
}

static size_t word_start(void)
{
	size_t p = pos;

	while (p > 0 && buf[p - 1] == ' ')
		p--;
	while (p > 0 && buf[p - 1] != ' ')
		p--;
	return p;
}

/* The key after ESC: arrows, Home/End, Delete (ESC [ X, ESC O X, ESC [ N ~). */
static int escape_key(void)
{
	char s[3] = { 0 };

	if (read(0, &s[0], 1) != 1 || (s[0] != '[' && s[0] != 'O'))
		return 0;
	if (read(0, &s[1], 1) != 1)
		return 0;
	if (s[1] >= '0' && s[1] <= '9') {
		if (read(0, &s[2], 1) != 1 || s[2] != '~')
			return 0;
		switch (s[1]) {
		case '1': case '7': return CTRL('A');
		case '4': case '8': return CTRL('E');
		case '3': return 0x7f00;	/* Delete */
		}
		return 0;
	}
	switch (s[1]) {
	case 'A': return CTRL('P');
	case 'B': return CTRL('N');
	case 'C': return CTRL('F');
	case 'D': return CTRL('B');
	case 'H': return CTRL('A');
	case 'F': return CTRL('E');
	}
	return 0;
}

/* Up (dir -1) or down (+1) in the history; *h is the entry shown (nhist:
 * the line being typed, kept in *scratch). */
static void history_move(int dir, int *h, char **scratch)
{
	int to = *h + dir;

	if (to < 0 || to > nhist)
		return;
	if (*h == nhist) {
		free(*scratch);
		*scratch = strndup(buf, len);
	}
	*h = to;
	replace(to == nhist ? *scratch : hist[to]);
}

/* One key; returns 1 when the line is finished (Enter), -1 at the end of
 * input, 0 otherwise. */
static int key(int c, int *h, char **scratch)
{
	size_t old_pos = pos, old_len = len;

	switch (c) {
	case '\r':
	case '\n':
		move_to(len);
		out("\n", 1);
		return 1;
	case CTRL('D'):
		if (len == 0)
			return -1;
		/* fall through */
	case 0x7f00:
		cut(pos, pos < len ? pos + 1 : pos);
		break;
	case 0x7f:
	case CTRL('H'):
		if (pos > 0)
			cut(pos - 1, pos);
		break;
	case CTRL('A'): move_to(0); break;
	case CTRL('E'): move_to(len); break;
	case CTRL('B'): if (pos > 0) move_to(pos - 1); break;
	case CTRL('F'): if (pos < len) move_to(pos + 1); break;
	case CTRL('U'): cut(0, pos); break;
	case CTRL('K'): cut(pos, len); break;
	case CTRL('W'): cut(word_start(), pos); break;
	case CTRL('P'): history_move(-1, h, scratch); break;
	case CTRL('N'): history_move(1, h, scratch); break;
	case CTRL('L'):
		outs("\033[H\033[2J");
		show_all();
		break;
	case CTRL('C'):
		outs("^C\n");
		len = pos = 0;
		interrupted = 1;
		return 1;
	case '\t':
		if (complete(buf, &len, &pos, LINE_MAX)) {
			show_all();
		} else if (len != old_len || pos != old_pos) {
			size_t from = old_pos < pos ? old_pos : pos;

			/* Completion only inserts at the cursor. */
			redraw(from, old_pos, old_len);
		}
		break;
	default:
		if ((unsigned char)c >= ' ' && c < 0x100)
			insert(c);
	}
	return 0;
}

/* Not a terminal (sh -i on a pipe): a line as it comes. */
static char *plain_line(void)
{
	char c = 0;

	while (read(0, &c, 1) == 1 && c != '\n')
		if (len < LINE_MAX - 1)
			buf[len++] = c;
	if (len == 0 && c != '\n')
		return NULL;
	return strndup(buf, len);
}

char *edit_line(const char *p)
{
	struct termios cooked, raw;
	char *scratch = NULL;
	int h = nhist, done = 0;

	prompt = p;
	len = pos = 0;
	if (tcgetattr(0, &cooked) < 0) {
		outs(prompt);
		return plain_line();
	}
	raw = cooked;
	raw.c_lflag &= ~(ICANON | ECHO | ISIG | IEXTEN);
	raw.c_iflag &= ~(ICRNL | IXON);
	raw.c_cc[VMIN] = 1;
	raw.c_cc[VTIME] = 0;
	/* Raw before the prompt: what is typed once it shows is ours. */
	tcsetattr(0, TCSADRAIN, &raw);
	outs(prompt);
	while (!done) {
		unsigned char c;
		ssize_t r = read(0, &c, 1);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0) {
			done = -1;
			break;
		}
		done = key(c == 033 ? escape_key() : c, &h, &scratch);
	}
	tcsetattr(0, TCSADRAIN, &cooked);
	free(scratch);
	if (done < 0 && len == 0)
		return NULL;
	return strndup(buf, len);
}
