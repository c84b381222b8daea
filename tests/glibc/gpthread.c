/* 16 pthreads with a mutex-protected counter, a condvar ping-pong. */
#include <pthread.h>
#include <stdio.h>

#define NT 16
#define ITER 1000

static pthread_mutex_t mu = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t cv = PTHREAD_COND_INITIALIZER;
static long counter;
static int turn, rounds;

static void *worker(void *arg)
{
	for (int i = 0; i < ITER; i++) {
		pthread_mutex_lock(&mu);
		counter++;
		pthread_mutex_unlock(&mu);
	}
	return (void *)((long)arg * 2);
}

static void *pong(void *arg)
{
	(void)arg;
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&mu);
		while (turn != 1)
			pthread_cond_wait(&cv, &mu);
		turn = 0;
		rounds++;
		pthread_cond_signal(&cv);
		pthread_mutex_unlock(&mu);
	}
	return NULL;
}

int main(void)
{
	pthread_t t[NT];
	long sum = 0;

	for (long i = 0; i < NT; i++)
		pthread_create(&t[i], NULL, worker, (void *)i);
	for (int i = 0; i < NT; i++) {
		void *r;

		pthread_join(t[i], &r);
		sum += (long)r;
	}
	printf("counter %ld (want %d), join sum %ld\n", counter, NT * ITER, sum);
	pthread_create(&t[0], NULL, pong, NULL);
	for (int i = 0; i < 100; i++) {
		pthread_mutex_lock(&mu);
		turn = 1;
		pthread_cond_signal(&cv);
		while (turn != 0)
			pthread_cond_wait(&cv, &mu);
		pthread_mutex_unlock(&mu);
	}
	pthread_join(t[0], NULL);
	printf("ping-pong rounds %d\n", rounds);
	return 0;
}
