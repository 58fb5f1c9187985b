/* Libraries loaded when first used: a missing library or symbol is an
 * error that names it, never a crash; a present one loads once. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "core/dynlib.h"
#include "image/archive_lib.h"
#include "net/curl_lib.h"

static void *found;

static void test_missing_library(void **state)
{
	static const struct dynlib_sym syms[] = {{"f", &found}};
	struct dynlib lib = DYNLIB_INIT("libjarbake-none.so.0", syms);

	(void)state;
	assert_false(dynlib_load(&lib));
	assert_non_null(strstr(lib.error, "cannot load libjarbake-none.so.0"));
	/* once: the second call gives the same answer */
	assert_false(dynlib_load(&lib));
}

static void test_missing_symbol(void **state)
{
	static const struct dynlib_sym syms[] = {
	    {"jansson_version_str", &found},
	    {"jarbake_no_such_symbol", &found}};
	struct dynlib lib = DYNLIB_INIT("libjansson.so.4", syms);

	(void)state;
	assert_false(dynlib_load(&lib));
	assert_non_null(
	    strstr(lib.error, "libjansson.so.4 has no jarbake_no_such_symbol"));
}

static void test_real_libraries(void **state)
{
	(void)state;
	assert_null(curl_lib_error());
	assert_null(archive_lib_error());
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_missing_library),
	    cmocka_unit_test(test_missing_symbol),
	    cmocka_unit_test(test_real_libraries),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
