/* Redirections: < > >> <> n>&m n<&m n>&- . In a child they are simply
 * applied; in the shell itself (builtins, compound commands) each
 * descriptor they replace is first copied above 10, close-on-exec, and
 * put back by redir_restore, latest first. */
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include "sh.h"

struct saved_fd {
	int fd;			/* the descriptor redirected */
	int copy;		/* what it was, or -1 if it was closed */
	struct saved_fd *next;
};

static void save(int fd, struct saved_fd **saved)
{
	struct saved_fd *s = malloc(sizeof(*s));

	s->fd = fd;
	s->copy = fcntl(fd, F_DUPFD_CLOEXEC, 10);
	s->next = *saved;
	*saved = s;
}

/* n>&m, n<&m, n>&- */
static int dup_fd(int fd, const char *w)
{
	char *end;
	long from;

	if (strcmp(w, "-") == 0) {
		close(fd);
		return 0;
	}
	from = strtol(w, &end, 10);
	if (!*w || *end || from < 0 || fcntl(from, F_GETFD) < 0) {
		fprintf(stderr, "sh: %s: bad file descriptor\n", w);
		return -1;
	}
	if (from != fd && dup2(from, fd) < 0) {
		fprintf(stderr, "sh: %s: %s\n", w, strerror(errno));
		return -1;
	}
	return 0;
}

static int open_fd(int fd, enum redir_type type, const char *w)
{
	static const int flags[] = {
		[R_IN] = O_RDONLY,
		[R_OUT] = O_WRONLY | O_CREAT | O_TRUNC,
		[R_APPEND] = O_WRONLY | O_CREAT | O_APPEND,
		[R_RDWR] = O_RDWR | O_CREAT,
	};
	int f = open(w, flags[type], 0666);

	if (f < 0) {
		fprintf(stderr, "sh: %s: %s\n", w, strerror(errno));
		return -1;
	}
	if (f != fd) {
		dup2(f, fd);
		close(f);
	}
	return 0;
}

int redir_apply(struct redir *r, struct saved_fd **saved)
{
	if (saved)
		fflush(NULL);	/* what the shell wrote goes where it was meant to */
	for (; r; r = r->next) {
		char *w = expand_word(r->word);
		int rc;

		if (saved)
			save(r->fd, saved);
		if (r->type == R_DUPIN || r->type == R_DUPOUT)
			rc = dup_fd(r->fd, w);
		else
			rc = open_fd(r->fd, r->type, w);
		free(w);
		if (rc < 0)
			return -1;
	}
	return 0;
}

void redir_restore(struct saved_fd *s)
{
	fflush(NULL);
	while (s) {
		struct saved_fd *next = s->next;

		if (s->copy >= 0) {
			dup2(s->copy, s->fd);
			close(s->copy);
		} else {
			close(s->fd);
		}
		free(s);
		s = next;
	}
}
