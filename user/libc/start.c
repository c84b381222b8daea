#include <stdlib.h>
#include <unistd.h>
#include "pthread_impl.h"

char **environ;
unsigned long *__auxv;

int main(int argc, char **argv, char **envp);

_Noreturn void __libc_start(long *sp)
{
	int argc = (int)sp[0];
	char **argv = (char **)(sp + 1);
	char **envp = argv + argc + 1;
	char **p = envp;

	environ = envp;
	while (*p)
		p++;
	__auxv = (unsigned long *)(p + 1);
	__init_tls(__auxv);	/* tp, and so errno, usable from here on */
	exit(main(argc, argv, envp));
}
