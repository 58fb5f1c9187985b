/* jsonpos: JSON pointers to line/column, string offsets, pointer escaping. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <string.h>

#include "jsonpos.h"

static const char doc[] = "{\n"
			  "  \"a\": {\"b\": [1, {\"c\": \"x\"}, \"y\"]},\n"
			  "  \"k/e~y\": true,\n"
			  "  \"s\": \"q\\\"\\u00e9\\n\\ud83d\\ude00z\"\n"
			  "}\n";

static void find(const char *ptr, unsigned kl, unsigned kc, unsigned vl,
		 unsigned vc)
{
	struct jsonpos_loc k = { 0, 0, 0 }, v = { 0, 0, 0 };

	assert_int_equal(jsonpos_find(doc, strlen(doc), ptr, &k, &v), 0);
	assert_int_equal(v.line, vl);
	assert_int_equal(v.column, vc);
	assert_int_equal(k.line, kl);
	assert_int_equal(k.column, kc);
}

static void test_find(void **state)
{
	struct jsonpos_loc v;

	(void)state;
	find("/a", 2, 3, 2, 8);
	find("/a/b", 2, 9, 2, 14);
	find("/a/b/1/c", 2, 19, 2, 24);
	find("/k~1e~0y", 3, 3, 3, 12);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/a/b/2", NULL, &v), 0);
	assert_int_equal(v.column, 30);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "", NULL, &v), 0);
	assert_int_equal(v.offset, 0);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/a/b/3", NULL, &v), -1);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/zz", NULL, &v), -1);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/a/x", NULL, &v), -1);
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/a/b/x", NULL, &v), -1);
	assert_int_equal(jsonpos_find("{\"a\":", 5, "/a", NULL, &v), -1);
	assert_int_equal(jsonpos_find("[[[", 3, "/0/0/0", NULL, &v), -1);
}

static void test_string_offset(void **state)
{
	struct jsonpos_loc v;
	size_t q;

	(void)state;
	assert_int_equal(jsonpos_find(doc, strlen(doc), "/s", NULL, &v), 0);
	q = v.offset;
	/* decoded: q " é(2 bytes) \n 😀(4 bytes) z */
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 0), q + 1);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 1), q + 2);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 2), q + 4);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 3), q + 4);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 4), q + 10);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 5), q + 12);
	assert_int_equal(jsonpos_string_offset(doc, strlen(doc), q, 9), q + 24);
	assert_int_equal(doc[jsonpos_string_offset(doc, strlen(doc), q, 99)],
			 '"');
}

static void test_pointer_push(void **state)
{
	char p[16] = "";
	int n;

	(void)state;
	n = jsonpos_pointer_push(p, 0, sizeof(p), "a/b~", 4);
	assert_int_equal(n, 7);
	assert_string_equal(p, "/a~1b~0");
	n = jsonpos_pointer_push(p, (size_t)n, sizeof(p), "12", 2);
	assert_string_equal(p, "/a~1b~0/12");
	assert_int_equal(jsonpos_pointer_push(p, (size_t)n, sizeof(p),
					      "toolong", 7),
			 -1);
	assert_string_equal(p, "/a~1b~0/12");
}

static void test_locate(void **state)
{
	struct jsonpos_loc l;

	(void)state;
	jsonpos_locate("ab\ncd\n", 6, 4, &l);
	assert_int_equal(l.line, 2);
	assert_int_equal(l.column, 2);
	jsonpos_locate("ab", 2, 99, &l);
	assert_int_equal(l.offset, 2);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_find),
		cmocka_unit_test(test_string_offset),
		cmocka_unit_test(test_pointer_push),
		cmocka_unit_test(test_locate),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
