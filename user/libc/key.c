/*
 * Thread-specific data. keys[k].seq is odd while key k exists and changes on
 * every create and delete; a thread's value for k counts only if it was
 * stored under the current seq, so a deleted-and-recreated key starts out
 * NULL in every thread without touching the threads.
 */
#include <atomic.h>
#include <errno.h>
#include <pthread.h>
#include "pthread_impl.h"

static struct {
	unsigned seq;
	void (*dtor)(void *);
} keys[PTHREAD_KEYS_MAX];
static int keys_lock;

int pthread_key_create(pthread_key_t *key, void (*dtor)(void *))
{
	__lock(&keys_lock);
	for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
		if (keys[k].seq & 1)
			continue;
		keys[k].dtor = dtor;
		a_store(&keys[k].seq, keys[k].seq + 1);
		__unlock(&keys_lock);
		*key = k;
		return 0;
	}
	__unlock(&keys_lock);
	return EAGAIN;
}

int pthread_key_delete(pthread_key_t key)
{
	int r = EINVAL;

	__lock(&keys_lock);
	if (key < PTHREAD_KEYS_MAX && (keys[key].seq & 1)) {
		a_store(&keys[key].seq, keys[key].seq + 1);
		r = 0;
	}
	__unlock(&keys_lock);
	return r;
}

void *pthread_getspecific(pthread_key_t key)
{
	struct pthread *self = __self();

	if (key >= PTHREAD_KEYS_MAX || self->spec[key].seq != a_load_relaxed(&keys[key].seq))
		return 0;
	return self->spec[key].value;
}

int pthread_setspecific(pthread_key_t key, const void *value)
{
	struct pthread *self = __self();
	unsigned seq;

	if (key >= PTHREAD_KEYS_MAX || !((seq = a_load_relaxed(&keys[key].seq)) & 1))
		return EINVAL;
	self->spec[key].value = (void *)value;
	self->spec[key].seq = seq;
	return 0;
}

/* At thread exit: call destructors for non-NULL values (the value is reset
 * to NULL first), repeating while destructors store new values. */
void __run_key_dtors(struct pthread *self)
{
	for (int round = 0; round < PTHREAD_DESTRUCTOR_ITERATIONS; round++) {
		int called = 0;

		for (unsigned k = 0; k < PTHREAD_KEYS_MAX; k++) {
			unsigned seq = a_load(&keys[k].seq);
			void (*dtor)(void *) = keys[k].dtor;
			void *v = self->spec[k].value;

			if (!(seq & 1) || self->spec[k].seq != seq || !v || !dtor)
				continue;
			self->spec[k].value = 0;
			dtor(v);
			called = 1;
		}
		if (!called)
			break;
	}
}
