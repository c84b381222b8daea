#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#define MAXATEXIT 32

static void (*handlers[MAXATEXIT])(void);
static int nhandlers;

int atexit(void (*fn)(void))
{
	if (nhandlers == MAXATEXIT)
		return -1;
	handlers[nhandlers++] = fn;
	return 0;
}

_Noreturn void exit(int status)
{
	while (nhandlers > 0)
		handlers[--nhandlers]();
	fflush(NULL);
	_exit(status);
}

_Noreturn void _Exit(int status) { _exit(status); }

_Noreturn void abort(void)
{
	raise(SIGABRT);
	signal(SIGABRT, SIG_DFL);
	raise(SIGABRT);
	_exit(127);
}
