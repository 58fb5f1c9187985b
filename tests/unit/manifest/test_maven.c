#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "manifest/maven.h"

static void test_maven_url(void **state)
{
	char *url;

	(void)state;
	url = maven_url("https://repo1.maven.org/maven2/", "io.openlineage",
			"openlineage-spark_2.12", "1.28.0");
	assert_string_equal(url,
			    "https://repo1.maven.org/maven2/io/openlineage/"
			    "openlineage-spark_2.12/1.28.0/"
			    "openlineage-spark_2.12-1.28.0.jar");
	free(url);
	url = maven_url("http://127.0.0.1:8000", "g", "a", "1");
	assert_string_equal(url, "http://127.0.0.1:8000/g/a/1/a-1.jar");
	free(url);
}

static void test_coordinates(void **state)
{
	static const char *const bad[] = {
	    "",	    "a",       "a:b",	 "a:b:c:d", ":a:1",	  "g::1",
	    "g:a:", "g/x:a:1", "g:a:1 ", "g:..:1",  "g:a:1/../2", "g:a b:1",
	};
	char *g, *a, *v;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(maven_parse_coordinates("org.apache.spark:"
						 "spark-connect_2.12:3.5.1",
						 &g, &a, &v, &e),
			 0);
	assert_string_equal(g, "org.apache.spark");
	assert_string_equal(a, "spark-connect_2.12");
	assert_string_equal(v, "3.5.1");
	free(g);
	free(a);
	free(v);
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		err_clear(&e);
		if (maven_parse_coordinates(bad[i], &g, &a, &v, &e) != -1 ||
		    g || a || v)
			fail_msg("'%s' was accepted", bad[i]);
		assert_true(e.set);
	}
}

static void test_file_names(void **state)
{
	char *f;

	(void)state;
	f = maven_file("iceberg-aws-bundle", "1.5.2");
	assert_string_equal(f, "iceberg-aws-bundle-1.5.2.jar");
	free(f);
	f = maven_url_file("https://github.com/o/r/releases/download/1.0/"
			   "agent-1.0.jar?raw=1#x");
	assert_string_equal(f, "agent-1.0.jar");
	free(f);
	assert_null(maven_url_file("https://example.org/"));
	assert_null(maven_url_file("https://example.org"));
	assert_true(maven_file_name_valid("a-1.0.jar"));
	assert_true(maven_file_name_valid("spark-connect_2.12-3.5.1.jar"));
	assert_false(maven_file_name_valid(".jar"));
	assert_false(maven_file_name_valid("a.JAR"));
	assert_false(maven_file_name_valid("../a.jar"));
	assert_false(maven_file_name_valid("a/b.jar"));
	assert_false(maven_file_name_valid("a b.jar"));
	assert_false(maven_file_name_valid("a\n.jar"));
	assert_false(maven_file_name_valid("-rf.jar"));
	assert_false(maven_file_name_valid(".hidden.jar"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_maven_url),
	    cmocka_unit_test(test_coordinates),
	    cmocka_unit_test(test_file_names),
	};

	return cmocka_run_group_tests_name("maven", tests, NULL, NULL);
}
