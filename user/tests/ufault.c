/* Faulting children must die with the signal Linux would send. */
#include <signal.h>
#include <stdint.h>
#include <sys/wait.h>
#include "check.h"

static volatile uintptr_t zero; /* opaque to the optimizer */

static void store_null(void) { *(volatile int *)zero = 1; }
static void load_high(void) { (void)*(volatile int *)(zero + 0xdeadbeef000UL); }
#if defined(__x86_64__)	/* native build for tests/difftest */
static void illegal(void) { __asm__ volatile("ud2"); }
#else
static void illegal(void) { __asm__ volatile(".word 0"); }
#endif
static void jump_unmapped(void) { ((void (*)(void))(zero + 0x7000000000UL))(); }
static void write_text(void) { *(volatile int *)((uintptr_t)&store_null + zero) = 0; }

static void run(const char *name, void (*fn)(void), int sig)
{
	int st;
	pid_t pid = fork();

	if (pid < 0) {
		fail(name, "fork: %s", strerror(errno));
		return;
	}
	if (pid == 0) {
		fn();
		_exit(0);
	}
	if (waitpid(pid, &st, 0) != pid)
		fail(name, "waitpid: %s", strerror(errno));
	else if (!WIFSIGNALED(st))
		fail(name, "child not killed by a signal (status 0x%x)", st);
	else if (WTERMSIG(st) != sig)
		fail(name, "killed by signal %d, want %d", WTERMSIG(st), sig);
	else
		ok(name);
}

int main(void)
{
	run("ufault-store-null", store_null, SIGSEGV);
	run("ufault-load-unmapped", load_high, SIGSEGV);
	run("ufault-illegal-insn", illegal, SIGILL);
	run("ufault-jump-unmapped", jump_unmapped, SIGSEGV);
	run("ufault-write-text", write_text, SIGSEGV);
	return failures != 0;
}
