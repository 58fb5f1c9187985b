#include "core/pool.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/xalloc.h"

unsigned pool_cpus(unsigned max)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);
	unsigned cpus = n > 0 ? (unsigned)n : 1;

	return max && cpus > max ? max : cpus;
}

struct pool {
	void (*fn)(void *ctx, size_t i);
	void *ctx;
	pthread_mutex_t lock;
	pthread_cond_t done;
	size_t running;
};

struct pool_worker {
	struct pool *pool;
	size_t index;
	pthread_t thread;
	bool started;
};

static void *worker_main(void *arg)
{
	struct pool_worker *w = arg;
	struct pool *p = w->pool;

	p->fn(p->ctx, w->index);
	pthread_mutex_lock(&p->lock);
	p->running--;
	pthread_cond_signal(&p->done);
	pthread_mutex_unlock(&p->lock);
	return NULL;
}

/* Waits for every started worker, calling tick about every 100 ms. */
static void wait_running(struct pool *p, void (*tick)(void *), void *tick_ctx)
{
	pthread_mutex_lock(&p->lock);
	while (p->running) {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		ts.tv_nsec += 100 * 1000000L;
		if (ts.tv_nsec >= 1000000000L) {
			ts.tv_sec++;
			ts.tv_nsec -= 1000000000L;
		}
		pthread_cond_timedwait(&p->done, &p->lock, &ts);
		if (!tick)
			continue;
		pthread_mutex_unlock(&p->lock);
		tick(tick_ctx);
		pthread_mutex_lock(&p->lock);
	}
	pthread_mutex_unlock(&p->lock);
}

void pool_run(size_t nr, void (*fn)(void *ctx, size_t i), void *ctx,
	      void (*tick)(void *tick_ctx), void *tick_ctx)
{
	struct pool p = {.fn = fn, .ctx = ctx};
	struct pool_worker *w = xcalloc(nr ? nr : 1, sizeof(*w));

	pthread_mutex_init(&p.lock, NULL);
	pthread_cond_init(&p.done, NULL);
	p.running = nr;
	for (size_t i = 0; i < nr; i++) {
		w[i].pool = &p;
		w[i].index = i;
		w[i].started =
		    !pthread_create(&w[i].thread, NULL, worker_main, &w[i]);
		if (!w[i].started) /* no thread: do its share here */
			worker_main(&w[i]);
	}
	wait_running(&p, tick, tick_ctx);
	for (size_t i = 0; i < nr; i++)
		if (w[i].started)
			pthread_join(w[i].thread, NULL);
	pthread_cond_destroy(&p.done);
	pthread_mutex_destroy(&p.lock);
	free(w);
}

int pool_stage_start(struct pool_stage *s, void *(*fn)(void *), void *arg,
		     struct error *e)
{
	int rc = pthread_create(&s->thread, NULL, fn, arg);

	s->started = rc == 0;
	if (rc) {
		errno = rc;
		return err_set_errno(e, EXIT_IO, "cannot start a thread");
	}
	return 0;
}

void pool_stage_join(struct pool_stage *s)
{
	if (s->started)
		pthread_join(s->thread, NULL);
	s->started = false;
}
