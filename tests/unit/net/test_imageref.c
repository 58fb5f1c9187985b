#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "net/imageref.h"

#define HEX64 "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
#define LONG256 HEX64 HEX64 HEX64 HEX64

/* ref, then its fully qualified name and its digest (or NULL). */
static const char *const good[][3] = {
    {"apache/spark:3.5.1-python3", "docker.io/apache/spark:3.5.1-python3",
     NULL},
    {"ubuntu", "docker.io/library/ubuntu:latest", NULL},
    {"ubuntu:22.04", "docker.io/library/ubuntu:22.04", NULL},
    {"docker.io/library/ubuntu:22.04", "docker.io/library/ubuntu:22.04", NULL},
    /* Docker's normalisation of official images named with the domain */
    {"docker.io/ubuntu:22.04", "docker.io/library/ubuntu:22.04", NULL},
    {"quay.io/ubuntu", "quay.io/ubuntu:latest", NULL},
    {"localhost/jarbake-test-base:1", "localhost/jarbake-test-base:1", NULL},
    {"localhost:5000/a/b", "localhost:5000/a/b:latest", NULL},
    {"127.0.0.1:5000/spark:3", "127.0.0.1:5000/spark:3", NULL},
    {"[::1]:5000/spark:3", "[::1]:5000/spark:3", NULL},
    {"registry.example/team/akko-spark:1.4",
     "registry.example/team/akko-spark:1.4", NULL},
    {"apache/spark:3.5.1-python3@sha256:" HEX64,
     "docker.io/apache/spark:3.5.1-python3", "sha256:" HEX64},
    {"alpine@sha256:" HEX64, "docker.io/library/alpine@sha256:" HEX64,
     "sha256:" HEX64},
    {"a__b/c-d--e.f_g:T_1.x", "docker.io/a__b/c-d--e.f_g:T_1.x", NULL},
};

static void test_good(void **state)
{
	(void)state;
	for (size_t i = 0; i < sizeof(good) / sizeof(*good); i++) {
		struct imageref r;
		struct error e = ERROR_INIT;
		char *name;

		if (imageref_parse(good[i][0], &r, &e))
			fail_msg("'%s': %s", good[i][0], e.message);
		name = imageref_name(&r);
		assert_string_equal(name, good[i][1]);
		if (good[i][2])
			assert_string_equal(r.digest, good[i][2]);
		else
			assert_null(r.digest);
		free(name);
		imageref_release(&r);
		imageref_release(&r); /* harmless twice */
	}
}

static void test_tag_and_digest_split(void **state)
{
	struct imageref r;

	(void)state;
	assert_int_equal(
	    imageref_parse("localhost:5000/x/y:2@sha256:" HEX64, &r, NULL), 0);
	assert_string_equal(r.domain, "localhost:5000");
	assert_string_equal(r.path, "x/y");
	assert_string_equal(r.tag, "2");
	assert_string_equal(r.digest, "sha256:" HEX64);
	imageref_release(&r);
}

static void test_bad(void **state)
{
	static const char *const bad[][2] = {
	    {"", "empty"},
	    {"Apache/spark:3", "lowercase"},
	    {"apache//spark", "lowercase"},
	    {"apache/spark:", "bad tag"},
	    {"apache/spark:-x", "bad tag"},
	    {"apache/spark@sha256:abc", "64 lowercase hex"},
	    {"apache/spark@md5:" HEX64, "64 lowercase hex"},
	    {"apache/spark_:1", "lowercase"},
	    {"apache/sp___ark:1", "lowercase"},
	    {"host:99999999/x", "bad registry"},
	    {"[zz]:5000/x", "bad registry"},
	    {"a b/c", "lowercase"},
	    {"a b.c/d", "bad registry"},
	    {"h.io/" LONG256, "lowercase"},
	    {"h" LONG256 ".io/x", "bad registry"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(*bad); i++) {
		struct imageref r;
		struct error e = ERROR_INIT;

		if (!imageref_parse(bad[i][0], &r, &e))
			fail_msg("'%s' was accepted", bad[i][0]);
		assert_int_equal(e.code, EXIT_USAGE);
		if (!strstr(e.message, bad[i][1]))
			fail_msg("'%s': message '%s' lacks '%s'", bad[i][0],
				 e.message, bad[i][1]);
		assert_null(r.domain);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_good),
	    cmocka_unit_test(test_tag_and_digest_split),
	    cmocka_unit_test(test_bad),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
