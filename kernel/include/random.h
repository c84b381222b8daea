/* The kernel's random generator (drivers/random.c): a ChaCha20 stream
 * keyed from a pool that collects the device tree's seeds and timer
 * jitter. Serves getrandom(2), /dev/random and /dev/urandom. */
#ifndef CLEAVE_RANDOM_H
#define CLEAVE_RANDOM_H
#include "types.h"

void random_add_entropy(const void *p, size_t n);	/* any context */
void get_random_bytes(void *p, size_t n);
#endif
