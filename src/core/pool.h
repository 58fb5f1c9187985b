#ifndef JARBAKE_POOL_H
#define JARBAKE_POOL_H

#include <pthread.h>
#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"

/*
 * The one worker pool and the one place threads start. Two kinds:
 * - workers (pool_run): independent shares of work; a worker whose thread
 *   cannot start runs in the caller instead, so a failed pthread_create
 *   costs speed, never the result;
 * - stages (pool_stage_start): one end of a bounded pipe, which cannot run
 *   in the caller (the other end would wait forever); a stage that cannot
 *   start is an error the caller reports (EXIT_IO), never an abort.
 */

/* Online CPUs, at least 1 and at most max (0: no cap). */
unsigned pool_cpus(unsigned max);

/*
 * Runs fn(ctx, i) for every i in [0, nr), each on its own thread, and
 * returns when all have returned. tick (may be NULL) is called in the
 * caller about every 100 ms while they run (a progress display).
 */
void pool_run(size_t nr, void (*fn)(void *ctx, size_t i), void *ctx,
	      void (*tick)(void *tick_ctx), void *tick_ctx);

struct pool_stage {
	pthread_t thread;
	bool started;
};

/* Starts fn(arg) on a thread; -1 with e (EXIT_IO) when it cannot. */
int pool_stage_start(struct pool_stage *s, void *(*fn)(void *), void *arg,
		     struct error *e);
/* Waits for a started stage; nothing for one that never started. */
void pool_stage_join(struct pool_stage *s);

#endif
