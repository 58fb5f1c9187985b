/* cache: default location, resumable parts and their locks, commit,
 * verified placement, removal of what dead runs left. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <unistd.h>

#include "net/cache.h"
#include "core/digest.h"
#include "core/xalloc.h"

/* wrap: -Wl,--wrap=mkstemp */

static char root[64];

static int setup(void **state)
{
	(void)state;
	strcpy(root, "/tmp/jarbake-test-cache.XXXXXX");
	return mkdtemp(root) ? 0 : -1;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc ? -1 : 0;
}

static char *path_in(const char *name)
{
	return xasprintf("%s/%s", root, name);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
}

static void test_part_resume_lock_commit(void **state)
{
	struct cache c = CACHE_INIT;
	struct cache_tmp t = CACHE_TMP_INIT, t2 = CACHE_TMP_INIT;
	struct error e = ERROR_INIT;
	char hex[DIGEST_HEX_MAX];
	char *dir = path_in("c1"), *entry;
	struct stat st;
	bool ok;

	(void)state;
	digest_buffer(DIGEST_SHA256, "hello world", 11, hex);
	assert_int_equal(cache_open(&c, dir, &e), 0);
	assert_int_equal(cache_tmp_open(&c, hex, &t, &e), 0);
	assert_int_equal(t.size, 0);
	assert_non_null(strstr(t.path, hex));
	assert_int_equal(write(t.fd, "hello", 5), 5);

	/* held by "another run": the second gets a file of its own */
	assert_int_equal(cache_tmp_open(&c, hex, &t2, &e), 0);
	assert_null(strstr(t2.path, hex));
	cache_tmp_discard(&t2);

	/* the owner dies (its lock goes): the next run resumes at 5 */
	close(t.fd);
	free(t.path);
	assert_int_equal(cache_tmp_open(&c, hex, &t, &e), 0);
	assert_int_equal(t.size, 5);
	assert_int_equal(write(t.fd, " world", 6), 6);
	assert_int_equal(cache_tmp_commit(&c, &t, hex, &e), 0);
	assert_null(t.path);
	entry = cache_entry_path(&c, hex);
	assert_int_equal(stat(entry, &st), 0);
	assert_int_equal(st.st_size, 11);
	assert_int_equal(cache_verify(entry, hex, true, 11, &ok, &e), 0);
	assert_true(ok);
	assert_int_equal(cache_verify(entry, hex, true, 12, &ok, &e), 0);
	assert_false(ok);
	cache_tmp_discard(&t); /* harmless after commit */
	free(entry);
	free(dir);
	cache_release(&c);
	cache_release(&c);
}

static void test_place_verifies(void **state)
{
	struct cache c = CACHE_INIT;
	struct error e = ERROR_INIT;
	char hex[DIGEST_HEX_MAX], other[DIGEST_HEX_MAX];
	char *dir = path_in("c2"), *dest = path_in("dest"), *src, *dst;
	struct cache_tmp t = CACHE_TMP_INIT;
	struct cache_pin pin, short_pin, wrong;
	struct stat a, b;

	(void)state;
	digest_buffer(DIGEST_SHA256, "jar bytes", 9, hex);
	digest_buffer(DIGEST_SHA256, "other", 5, other);
	assert_int_equal(cache_open(&c, dir, &e), 0);
	assert_int_equal(mkdir(dest, 0755), 0);
	assert_int_equal(cache_tmp_open(&c, NULL, &t, &e), 0);
	assert_int_equal(write(t.fd, "jar bytes", 9), 9);
	assert_int_equal(cache_tmp_commit(&c, &t, hex, &e), 0);
	src = cache_entry_path(&c, hex);
	dst = xasprintf("%s/a.jar", dest);
	pin = (struct cache_pin){hex, true, 9};
	short_pin = (struct cache_pin){hex, true, 8};
	wrong = (struct cache_pin){other, false, 0};

	/* a wrong expectation places nothing */
	assert_int_equal(cache_place(&c, src, dest, "a.jar", &wrong, false, &e),
			 -1);
	assert_int_equal(e.code, EXIT_CHECK);
	assert_int_equal(access(dst, F_OK), -1);
	err_clear(&e);
	assert_int_equal(
	    cache_place(&c, src, dest, "a.jar", &short_pin, false, &e), -1);
	err_clear(&e);

	assert_int_equal(cache_place(&c, src, dest, "a.jar", &pin, false, &e),
			 0);
	assert_int_equal(stat(src, &a), 0);
	assert_int_equal(stat(dst, &b), 0);
	assert_int_equal(b.st_size, 9);
	assert_int_equal(b.st_mtime, CACHE_DEFAULT_MTIME);
	/* again: already in place */
	assert_int_equal(cache_place(&c, src, dest, "a.jar", &pin, false, &e),
			 0);
	/* a different file under the name is replaced */
	unlink(dst);
	write_file(dst, "other");
	c.jar_mtime = 1700000000; /* SOURCE_DATE_EPOCH, through fetch */
	assert_int_equal(cache_place(&c, src, dest, "a.jar", &pin, false, &e),
			 0);
	assert_int_equal(stat(dst, &b), 0);
	assert_int_equal(b.st_size, 9);
	assert_int_equal(b.st_mtime, 1700000000);
	free(src);
	free(dst);
	free(dir);
	free(dest);
	cache_release(&c);
}

static void test_open_removes_dead_tmp(void **state)
{
	struct cache c = CACHE_INIT;
	struct error e = ERROR_INIT;
	char *dir = path_in("c3"), *old, *fresh, *part, *tmpdir;
	struct timeval tv[2] = {{1000, 0}, {1000, 0}};
	char hex[DIGEST_HEX_MAX];

	(void)state;
	digest_buffer(DIGEST_SHA256, "x", 1, hex);
	assert_int_equal(cache_open(&c, dir, &e), 0);
	cache_release(&c);
	tmpdir = xasprintf("%s/tmp", dir);
	old = xasprintf("%s/dl-old", tmpdir);
	fresh = xasprintf("%s/dl-new", tmpdir);
	part = xasprintf("%s/%s.part", tmpdir, hex);
	write_file(old, "x");
	write_file(fresh, "x");
	write_file(part, "x");
	assert_int_equal(utimes(old, tv), 0);
	assert_int_equal(cache_open(&c, dir, &e), 0);
	assert_int_equal(access(old, F_OK), -1);  /* dead run's: gone */
	assert_int_equal(access(fresh, F_OK), 0); /* maybe just created */
	assert_int_equal(access(part, F_OK), 0);  /* resumable: kept */
	cache_release(&c);
	free(old);
	free(fresh);
	free(part);
	free(tmpdir);
	free(dir);
}

/*
 * mkstemp() as cache_tmp_open() calls it; with hold_next_tmp, another
 * run's clean_tmp() holds the new file's lock for a moment, as it does
 * while it looks at each file.
 */
static bool hold_next_tmp;

int __real_mkstemp(char *tmpl);
int __wrap_mkstemp(char *tmpl);

static void *release_later(void *arg)
{
	struct timespec ts = {0, 100 * 1000000L};

	nanosleep(&ts, NULL);
	close((int)(intptr_t)arg);
	return NULL;
}

int __wrap_mkstemp(char *tmpl)
{
	int fd = __real_mkstemp(tmpl);
	pthread_t th;

	if (fd >= 0 && hold_next_tmp) {
		int other = open(tmpl, O_RDONLY | O_CLOEXEC);

		hold_next_tmp = false;
		assert_true(other >= 0);
		assert_int_equal(flock(other, LOCK_EX | LOCK_NB), 0);
		assert_int_equal(pthread_create(&th, NULL, release_later,
						(void *)(intptr_t)other),
				 0);
		pthread_detach(th);
	}
	return fd;
}

/* A fresh temporary file is locked by its owner even when another run
 * held the lock when it was created: else that run's clean_tmp() could
 * remove it mid-download once it looks old. */
static void test_unique_tmp_is_locked(void **state)
{
	struct cache c = CACHE_INIT;
	struct cache_tmp t = CACHE_TMP_INIT;
	struct error e = ERROR_INIT;
	char *dir = path_in("c4");
	int probe;

	(void)state;
	assert_int_equal(cache_open(&c, dir, &e), 0);
	hold_next_tmp = true;
	assert_int_equal(cache_tmp_open(&c, NULL, &t, &e), 0);
	assert_false(hold_next_tmp);
	/* the other run is done with it by now */
	nanosleep(&(struct timespec){0, 300 * 1000000L}, NULL);
	probe = open(t.path, O_RDONLY | O_CLOEXEC);
	assert_true(probe >= 0);
	assert_int_equal(flock(probe, LOCK_EX | LOCK_NB), -1);
	assert_int_equal(errno, EWOULDBLOCK);
	close(probe);
	cache_tmp_discard(&t);
	cache_release(&c);
	free(dir);
}

static void test_open_fails_on_file(void **state)
{
	struct cache c = CACHE_INIT;
	struct error e = ERROR_INIT;
	char *file = path_in("plain-file");

	(void)state;
	write_file(file, "x");
	assert_int_equal(cache_open(&c, file, &e), -1);
	assert_int_equal(e.code, EXIT_IO);
	cache_release(&c);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_part_resume_lock_commit),
	    cmocka_unit_test(test_place_verifies),
	    cmocka_unit_test(test_open_removes_dead_tmp),
	    cmocka_unit_test(test_open_fails_on_file),
	    cmocka_unit_test(test_unique_tmp_is_locked),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
