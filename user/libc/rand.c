/* Pseudo-random numbers. rand/random: a 64-bit LCG whose state is advanced
 * with compare-and-swap, so concurrent callers each get a distinct step. */
#include <atomic.h>
#include <stdlib.h>
#include <unistd.h>

#define MUL 6364136223846793005ULL
#define INC 1442695040888963407ULL

static unsigned long long state = 1;

static unsigned long long step(unsigned long long s) { return s * MUL + INC; }

int rand(void)
{
	unsigned long long old = a_load_relaxed(&state), new;

	do
		new = step(old);
	while (!a_cas(&state, &old, new));
	return (int)(new >> 33);
}

void srand(unsigned int seed) { a_store(&state, seed); }
long random(void) { return rand(); }
void srandom(unsigned int seed) { srand(seed); }

/* POSIX's rand_r has only 32 bits of state: a 32-bit LCG, top bits out. */
int rand_r(unsigned int *seed)
{
	unsigned int s = *seed * 1103515245u + 12345u;
	unsigned int t = s * 1103515245u + 12345u;

	*seed = t;
	return (int)(((s >> 16) << 15 | (t >> 17)) & RAND_MAX);
}

unsigned int arc4random(void)
{
	unsigned int v = 0;

	while (getrandom(&v, sizeof(v), 0) != sizeof(v))
		;
	return v;
}
