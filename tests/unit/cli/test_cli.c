/* The environment, read once in cli/: the cache root and
 * SOURCE_DATE_EPOCH (checked the same way for fetch, lock and the SBOM). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>

#include "cli/cli.h"

static void test_cache_dir(void **state)
{
	char *d;

	(void)state;
	setenv("JARBAKE_CACHE", "/c/jb", 1);
	setenv("XDG_CACHE_HOME", "/xdg", 1);
	setenv("HOME", "/home/u", 1);
	d = cli_cache_dir();
	assert_string_equal(d, "/c/jb");
	free(d);
	unsetenv("JARBAKE_CACHE");
	d = cli_cache_dir();
	assert_string_equal(d, "/xdg/jarbake");
	free(d);
	/* a relative XDG_CACHE_HOME is invalid by the spec: ignored */
	setenv("XDG_CACHE_HOME", "rel", 1);
	d = cli_cache_dir();
	assert_string_equal(d, "/home/u/.cache/jarbake");
	free(d);
	unsetenv("XDG_CACHE_HOME");
	unsetenv("HOME");
	assert_null(cli_cache_dir());
}

static void test_source_date_epoch(void **state)
{
	static const struct {
		const char *value;
		bool ok;
		time_t want;
	} cases[] = {
	    {"0", true, 0},
	    {"1700000000", true, 1700000000},
	    {"253402300799", true, 253402300799},
	    {"253402300800", false, 0}, /* year 10000 */
	    {"99999999999999999", false, 0},
	    {"999999999999999999999999", false, 0}, /* not a time_t */
	    {"-1", false, 0},
	    {"12abc", false, 0},
	    {"", false, 0},
	};
	time_t t;

	(void)state;
	unsetenv("SOURCE_DATE_EPOCH");
	assert_false(cli_source_date_epoch(&t));
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		setenv("SOURCE_DATE_EPOCH", cases[i].value, 1);
		t = 42;
		if (cli_source_date_epoch(&t) != cases[i].ok)
			fail_msg("'%s'", cases[i].value);
		if (cases[i].ok)
			assert_int_equal(t, cases[i].want);
	}
	unsetenv("SOURCE_DATE_EPOCH");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_cache_dir),
	    cmocka_unit_test(test_source_date_epoch),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
