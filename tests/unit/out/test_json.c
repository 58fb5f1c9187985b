/* The one JSON writer: escaping, invalid UTF-8 as U+FFFD, layout, nulls. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "out/json.h"

static void test_document(void **state)
{
	struct json_writer *w = jw_new();
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	jw_object(w, NULL);
	jw_string(w, "s", "a\"b\\c\n\x01");
	jw_string(w, "bad", "caf\xe9 \xff\xfe ok\xc3\xa9");
	jw_string(w, "null", NULL);
	jw_uint(w, "big", UINT64_C(18446744073709551615));
	jw_int(w, "neg", -3);
	jw_bool(w, "t", true);
	jw_millis(w, "sec", 0.1234);
	jw_array(w, "empty");
	jw_end(w);
	jw_array(w, "list");
	jw_string(w, NULL, "x");
	jw_end(w);
	jw_end(w);
	jw_render(w, &sb);
	assert_string_equal(sb.buf, "{\n"
				    "  \"s\": \"a\\\"b\\\\c\\n\\u0001\",\n"
				    "  \"bad\": \"caf\\uFFFD \\uFFFD\\uFFFD "
				    "ok\\u00E9\",\n"
				    "  \"null\": null,\n"
				    "  \"big\": 1.84467440737096e19,\n"
				    "  \"neg\": -3,\n"
				    "  \"t\": true,\n"
				    "  \"sec\": 0.123,\n"
				    "  \"empty\": [],\n"
				    "  \"list\": [\n"
				    "    \"x\"\n"
				    "  ]\n"
				    "}\n");
	strbuf_release(&sb);
}

/* Overlong forms, surrogates and code points past U+10FFFF are invalid. */
static void test_utf8_clean(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"plain", "plain"},
	    {"\xc0\xaf", "\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xed\xa0\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"},
	    {"\xf4\x90\x80\x80", "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
				 "\xef\xbf\xbd"},
	    {"\xf0\x9f\x98\x80", "\xf0\x9f\x98\x80"},
	    {"a\xe2\x82", "a\xef\xbf\xbd\xef\xbf\xbd"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *got = json_utf8_clean(cases[i].in);

		assert_string_equal(got, cases[i].want);
		free(got);
	}
}

static void test_print_error(void **state)
{
	struct json_writer *w = jw_new();
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	assert_non_null(full);
	setvbuf(full, NULL, _IONBF, 0);
	jw_array(w, NULL);
	jw_string(w, NULL, "x");
	assert_int_equal(jw_print(w, full), -1);
	fclose(full);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_document),
	    cmocka_unit_test(test_utf8_clean),
	    cmocka_unit_test(test_print_error),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
