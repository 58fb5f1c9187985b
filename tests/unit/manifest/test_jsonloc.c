/* jsonloc: offsets of decoded string characters, JSON pointer building. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "manifest/jsonloc.h"

static const char doc[] = "{\n"
			  "  \"a\": {\"b\": [1, {\"c\": \"x\"}, \"y\"]},\n"
			  "  \"k/e~y\": true,\n"
			  "  \"s\": \"q\\\"\\u00e9\\n\\ud83d\\ude00z\"\n"
			  "}\n";

static void test_string_offset(void **state)
{
	size_t q = (size_t)(strstr(doc, "\"q\\") - doc);

	(void)state;
	/* decoded: q " é(2 bytes) \n 😀(4 bytes) z */
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 0), q + 1);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 1), q + 2);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 2), q + 4);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 3), q + 4);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 4), q + 10);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 5), q + 12);
	assert_int_equal(jsonloc_string_offset(doc, strlen(doc), q, 9), q + 24);
	assert_int_equal(doc[jsonloc_string_offset(doc, strlen(doc), q, 99)],
			 '"');
}

static void test_pointer_push(void **state)
{
	char p[16] = "";
	int n;

	(void)state;
	n = jsonloc_pointer_push(p, 0, sizeof(p), "a/b~", 4);
	assert_int_equal(n, 7);
	assert_string_equal(p, "/a~1b~0");
	n = jsonloc_pointer_push(p, (size_t)n, sizeof(p), "12", 2);
	assert_string_equal(p, "/a~1b~0/12");
	assert_int_equal(
	    jsonloc_pointer_push(p, (size_t)n, sizeof(p), "toolong", 7), -1);
	assert_string_equal(p, "/a~1b~0/12");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_string_offset),
	    cmocka_unit_test(test_pointer_push),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
