/* The one worker pool: every share runs (on a thread, or in the caller
 * when its thread cannot start); a stage that cannot start is an error,
 * never an abort. pthread_create is wrapped to fail on demand. */
/* wrap: -Wl,--wrap=pthread_create */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <pthread.h>
#include <string.h>

#include "core/pool.h"

static int fail_creates; /* how many of the next creates fail */

int __real_pthread_create(pthread_t *t, const pthread_attr_t *a,
			  void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a,
			  void *(*fn)(void *), void *arg);
int __wrap_pthread_create(pthread_t *t, const pthread_attr_t *a,
			  void *(*fn)(void *), void *arg)
{
	if (fail_creates > 0) {
		fail_creates--;
		return EAGAIN;
	}
	return __real_pthread_create(t, a, fn, arg);
}

struct work {
	pthread_mutex_t lock;
	int done[16];
	size_t calls;
};

static void share(void *ctx, size_t i)
{
	struct work *w = ctx;

	pthread_mutex_lock(&w->lock);
	w->done[i]++;
	w->calls++;
	pthread_mutex_unlock(&w->lock);
}

static void run(size_t nr, int failing)
{
	struct work w;

	memset(&w, 0, sizeof(w));
	pthread_mutex_init(&w.lock, NULL);
	fail_creates = failing;
	pool_run(nr, share, &w, NULL, NULL);
	assert_int_equal(w.calls, nr);
	for (size_t i = 0; i < nr; i++)
		assert_int_equal(w.done[i], 1);
	pthread_mutex_destroy(&w.lock);
	fail_creates = 0;
}

static void test_run(void **state)
{
	(void)state;
	run(0, 0);
	run(1, 0);
	run(16, 0);
}

/* No thread at all, or some: the caller does those shares itself. */
static void test_run_inline(void **state)
{
	(void)state;
	run(4, 4);
	run(8, 3);
	run(1, 1);
}

static int ticks;

static void tick(void *ctx)
{
	(void)ctx;
	ticks++;
}

static void slow_share(void *ctx, size_t i)
{
	struct timespec ts = {0, 250 * 1000000L};

	(void)ctx;
	(void)i;
	nanosleep(&ts, NULL);
}

static void test_tick(void **state)
{
	(void)state;
	ticks = 0;
	pool_run(2, slow_share, NULL, tick, NULL);
	assert_true(ticks >= 1);
}

static void *stage_main(void *arg)
{
	*(int *)arg = 1;
	return NULL;
}

static void test_stage(void **state)
{
	struct pool_stage s;
	struct error e = ERROR_INIT;
	int ran = 0;

	(void)state;
	assert_int_equal(pool_stage_start(&s, stage_main, &ran, &e), 0);
	pool_stage_join(&s);
	assert_int_equal(ran, 1);
	pool_stage_join(&s); /* harmless twice */
	ran = 0;
	fail_creates = 1;
	assert_int_equal(pool_stage_start(&s, stage_main, &ran, &e), -1);
	assert_int_equal(e.code, EXIT_IO);
	assert_non_null(strstr(e.message, "cannot start a thread"));
	pool_stage_join(&s);
	assert_int_equal(ran, 0);
}

static void test_cpus(void **state)
{
	(void)state;
	assert_true(pool_cpus(0) >= 1);
	assert_int_equal(pool_cpus(1), 1);
	assert_true(pool_cpus(4) <= 4);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_run),	 cmocka_unit_test(test_run_inline),
	    cmocka_unit_test(test_tick), cmocka_unit_test(test_stage),
	    cmocka_unit_test(test_cpus),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
