#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <setjmp.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "manifest/manifest_edit.h"

static const char *const after_source[] = {"maven", "url", "file", NULL};
static const char *const after_sha[] = {"sha256", NULL};

/* The contract's layout: several members on some lines, two-space indent. */
static const char contract_text[] =
    "{\n"
    "  \"schema\": 1,\n"
    "  \"repository\": \"https://repo1.maven.org/maven2\",\n"
    "  \"jars\": [\n"
    "    { \"name\": \"iceberg\",\n"
    "      \"maven\": \"org.apache.iceberg:iceberg-spark:1.5.2\",\n"
    "      \"purpose\": \"Iceberg\" },\n"
    "    { \"name\": \"agent\", \"version\": \"1.0\",\n"
    "      \"url\": \"https://example.org/1.0/agent.jar\",\n"
    "      \"file\": \"agent.jar\", \"sha256\": \"aa\", \"size\": 1, "
    "\"purpose\": \"x\" },\n"
    "    { \"name\": \"one\", \"maven\": \"g:a:1\" }\n"
    "  ]\n"
    "}\n";

static char *edit_result(struct manifest_edit *me)
{
	return me->text.buf;
}

static void test_replace_value_one_line(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	char *want = strdup(contract_text);
	char *p = strstr(want, "\"aa\"");

	(void)state;
	manifest_edit_init(&me, "m.json", contract_text, strlen(contract_text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 1, "sha256", "bb",
						      after_source, &e),
			 0);
	p[1] = p[2] = 'b';
	assert_string_equal(edit_result(&me), want);
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 1, "size", 12345, after_sha, &e),
	    0);
	assert_non_null(strstr(edit_result(&me),
			       "\"sha256\": \"bb\", \"size\": 12345, "
			       "\"purpose\""));
	free(want);
	manifest_edit_release(&me);
}

static void test_insert_multi_line(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	const char *want =
	    "{\n"
	    "  \"schema\": 1,\n"
	    "  \"repository\": \"https://repo1.maven.org/maven2\",\n"
	    "  \"jars\": [\n"
	    "    { \"name\": \"iceberg\",\n"
	    "      \"maven\": \"org.apache.iceberg:iceberg-spark:1.5.2\",\n"
	    "      \"sha256\": \"cc\",\n"
	    "      \"size\": 7,\n"
	    "      \"purpose\": \"Iceberg\" },\n";

	(void)state;
	manifest_edit_init(&me, "m.json", contract_text, strlen(contract_text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "cc",
						      after_source, &e),
			 0);
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 0, "size", 7, after_sha, &e), 0);
	assert_memory_equal(edit_result(&me), want, strlen(want));
	/* Everything after the edited object is the same, byte for byte. */
	assert_string_equal(edit_result(&me) + strlen(want),
			    strstr(contract_text, "    { \"name\": \"agent\""));
	manifest_edit_release(&me);
}

static void test_insert_after_last_member(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	const char *text = "{ \"jars\": [\n"
			   "  {\n"
			   "    \"name\": \"a\",\n"
			   "    \"maven\": \"g:a:1\"\n"
			   "  }\n"
			   "] }\n";
	const char *want = "{ \"jars\": [\n"
			   "  {\n"
			   "    \"name\": \"a\",\n"
			   "    \"maven\": \"g:a:1\",\n"
			   "    \"sha256\": \"dd\",\n"
			   "    \"size\": 3\n"
			   "  }\n"
			   "] }\n";

	(void)state;
	manifest_edit_init(&me, "m.json", text, strlen(text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "dd",
						      after_source, &e),
			 0);
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 0, "size", 3, after_sha, &e), 0);
	assert_string_equal(edit_result(&me), want);
	manifest_edit_release(&me);
}

static void test_insert_one_line_object(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	char *want;

	(void)state;
	manifest_edit_init(&me, "m.json", contract_text, strlen(contract_text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 2, "sha256", "ee",
						      after_source, &e),
			 0);
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 2, "size", 9, after_sha, &e), 0);
	want = strdup(contract_text);
	assert_non_null(strstr(edit_result(&me),
			       "    { \"name\": \"one\", \"maven\": \"g:a:1\", "
			       "\"sha256\": \"ee\", \"size\": 9 }\n"));
	/* Same line count: the object stayed on its line. */
	{
		size_t a = 0, b = 0;

		for (const char *p = want; *p; p++)
			a += *p == '\n';
		for (const char *p = edit_result(&me); *p; p++)
			b += *p == '\n';
		assert_int_equal(a, b);
	}
	free(want);
	manifest_edit_release(&me);
}

static void test_lone_member(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	const char *multi = "{\"jars\":[{\n\t\"name\" : \"x\"\n}]}";
	const char *one = "{\"jars\":[{\"name\":\"x\"}]}";

	(void)state;
	manifest_edit_init(&me, "m.json", multi, strlen(multi));
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "f",
						      after_source, &e),
			 0);
	assert_string_equal(edit_result(&me),
			    "{\"jars\":[{\n\t\"name\" : "
			    "\"x\",\n\t\"sha256\" : \"f\"\n}]}");
	manifest_edit_release(&me);

	manifest_edit_init(&me, "m.json", one, strlen(one));
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "f",
						      after_source, &e),
			 0);
	assert_string_equal(edit_result(&me),
			    "{\"jars\":[{\"name\":\"x\", \"sha256\":\"f\"}]}");
	manifest_edit_release(&me);
}

static void test_crlf(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	const char *text = "{\r\n  \"jars\": [\r\n    {\r\n      \"name\": "
			   "\"x\"\r\n    }\r\n  ]\r\n}";

	(void)state;
	manifest_edit_init(&me, "m.json", text, strlen(text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "f",
						      after_source, &e),
			 0);
	manifest_edit_final_newline(&me);
	assert_string_equal(edit_result(&me),
			    "{\r\n  \"jars\": [\r\n    {\r\n      \"name\": "
			    "\"x\",\r\n      \"sha256\": \"f\"\r\n    }\r\n  "
			    "]\r\n}\r\n");
	manifest_edit_release(&me);
}

static void test_url_jar_after_file(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	const char *text = "{ \"jars\": [\n"
			   "  { \"name\": \"u\", \"version\": \"2\",\n"
			   "    \"url\": \"http://h/2/u.jar\",\n"
			   "    \"file\": \"u.jar\",\n"
			   "    \"purpose\": \"p\" }\n"
			   "] }\n";
	const char *want = "{ \"jars\": [\n"
			   "  { \"name\": \"u\", \"version\": \"3\",\n"
			   "    \"url\": \"http://h/3/u.jar\",\n"
			   "    \"file\": \"u.jar\",\n"
			   "    \"sha256\": \"ab\",\n"
			   "    \"purpose\": \"p\" }\n"
			   "] }\n";

	(void)state;
	manifest_edit_init(&me, "m.json", text, strlen(text));
	assert_int_equal(
	    manifest_edit_jar_set_string(&me, 0, "version", "3", NULL, &e), 0);
	assert_int_equal(manifest_edit_jar_set_string(
			     &me, 0, "url", "http://h/3/u.jar", NULL, &e),
			 0);
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "ab",
						      after_source, &e),
			 0);
	assert_string_equal(edit_result(&me), want);
	manifest_edit_release(&me);
}

static void test_escapes_and_nested(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	/* A "jars" nested deeper must not match; values of every type are
	 * skipped, a key written with escapes does not confuse the scan. */
	const char *text = "{\"x\": {\"jars\": [{\"name\": \"b\"}]},\n"
			   " \"jars\": [{\"na\\u006de\": \"b\", \"n\": "
			   "[1, {\"name\": \"c\"}, true, null, -1.5e3]}]}\n";

	(void)state;
	manifest_edit_init(&me, "m.json", text, strlen(text));
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 0, "size", 1, NULL, &e), 0);
	assert_non_null(strstr(edit_result(&me), "-1.5e3], \"size\": 1}]}\n"));
	assert_non_null(strstr(edit_result(&me),
			       "{\"x\": {\"jars\": [{\"name\": "
			       "\"b\"}]},\n"));
	assert_int_equal(
	    manifest_edit_jar_set_uint(&me, 1, "size", 1, NULL, &e), -1);
	manifest_edit_release(&me);
}

static void test_errors(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	manifest_edit_init(&me, "m.json", contract_text, strlen(contract_text));
	assert_int_equal(manifest_edit_jar_set_string(&me, 7, "sha256", "x",
						      after_source, &e),
			 -1);
	assert_true(e.set);
	assert_non_null(strstr(e.message, "'/jars/7'"));
	assert_string_equal(edit_result(&me), contract_text);
	manifest_edit_release(&me);

	err_clear(&e);
	manifest_edit_init(&me, "m.json", "[]", 2);
	assert_int_equal(manifest_edit_jar_set_string(&me, 0, "sha256", "x",
						      after_source, &e),
			 -1);
	manifest_edit_release(&me);

	/* Any value can be replaced, whatever its type. */
	err_clear(&e);
	manifest_edit_init(&me, "m.json", "{\"jars\": [{\"name\": \"a\"}]}",
			   25);
	assert_int_equal(manifest_edit_jar_set(&me, 0, "name", "1", NULL, &e),
			 0);
	assert_string_equal(edit_result(&me), "{\"jars\": [{\"name\": 1}]}");
	manifest_edit_release(&me);

	/* A root that is not an object. */
	err_clear(&e);
	manifest_edit_init(&me, "m.json", "[1]", 3);
	assert_int_equal(manifest_edit_set_base_jars(&me, NULL, 0, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_int_equal(e.line, 1);
	manifest_edit_release(&me);
}

static void test_base_jars(void **state)
{
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct error e = ERROR_INIT;
	struct manifest_base_jar jars[2] = {{(char *)"a.jar", ""},
					    {(char *)"b.jar", ""}};
	const char *tail;

	(void)state;
	memset(jars[0].sha256, '1', 64);
	memset(jars[1].sha256, '2', 64);
	jars[0].sha256[64] = jars[1].sha256[64] = '\0';
	manifest_edit_init(&me, "m.json", contract_text, strlen(contract_text));
	assert_int_equal(manifest_edit_set_base_jars(&me, jars, 2, &e), 0);
	tail = strstr(edit_result(&me), "  ],\n  \"base_jars\": [\n");
	assert_non_null(tail);
	assert_memory_equal(edit_result(&me), contract_text,
			    (size_t)(tail - edit_result(&me)) + 3);
	assert_string_equal(
	    strstr(edit_result(&me), "\"base_jars\""),
	    "\"base_jars\": [\n"
	    "    { \"file\": \"a.jar\", \"sha256\": "
	    "\"1111111111111111111111111111111111111111111111111"
	    "111111111111111\" },\n"
	    "    { \"file\": \"b.jar\", \"sha256\": "
	    "\"2222222222222222222222222222222222222222222222222"
	    "222222222222222\" }\n"
	    "  ]\n"
	    "}\n");

	/* Replaced in place; an empty set is "[]". */
	assert_int_equal(manifest_edit_set_base_jars(&me, jars, 0, &e), 0);
	assert_non_null(
	    strstr(edit_result(&me), "  ],\n  \"base_jars\": []\n}\n"));
	assert_int_equal(manifest_edit_set_base_jars(&me, jars + 1, 1, &e), 0);
	assert_non_null(strstr(edit_result(&me),
			       "  ],\n  \"base_jars\": [\n    { \"file\": "
			       "\"b.jar\""));
	manifest_edit_release(&me);

	/* A one-line manifest gets a one-line list. */
	manifest_edit_init(&me, "m.json", "{\"jars\": [], \"x\": 1}", 20);
	assert_int_equal(manifest_edit_set_base_jars(&me, jars, 1, &e), 0);
	assert_string_equal(
	    edit_result(&me),
	    "{\"jars\": [], \"base_jars\": [{ \"file\": "
	    "\"a.jar\", \"sha256\": "
	    "\"1111111111111111111111111111111111111111111111111"
	    "111111111111111\" }], \"x\": 1}");
	manifest_edit_release(&me);
}

static void test_write_atomic(void **state)
{
	struct error e = ERROR_INIT;
	char dir[] = "/tmp/test_manifest_edit.XXXXXX";
	char path[256], link[256], buf[64];
	struct stat st;
	FILE *f;
	size_t n;

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.json", dir);
	snprintf(link, sizeof(link), "%s/link.json", dir);
	f = fopen(path, "w");
	fputs("old\n", f);
	fclose(f);
	assert_int_equal(chmod(path, 0640), 0);
	assert_int_equal(symlink("m.json", link), 0);

	/* Through the symlink: the target is replaced, the link stays. */
	assert_int_equal(
	    manifest_write_atomic(link, "new\n", 4, "old\n", 4, &e), 0);
	assert_int_equal(lstat(link, &st), 0);
	assert_true(S_ISLNK(st.st_mode));
	assert_int_equal(stat(path, &st), 0);
	assert_int_equal(st.st_mode & 0777, 0640);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_memory_equal(buf, "new\n", n);

	/* Changed meanwhile: refused, untouched, no temporary left. */
	assert_int_equal(manifest_write_atomic(path, "x\n", 2, "old\n", 4, &e),
			 -1);
	assert_int_equal(e.code, EXIT_IO);
	f = fopen(path, "r");
	n = fread(buf, 1, sizeof(buf), f);
	fclose(f);
	assert_int_equal(n, 4);
	assert_memory_equal(buf, "new\n", 4);

	err_clear(&e);
	assert_int_equal(
	    manifest_write_atomic("/nonexistent/m.json", "x", 1, NULL, 0, &e),
	    -1);
	assert_int_equal(e.code, EXIT_IO);

	unlink(link);
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* nothing else was left behind */
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_replace_value_one_line),
	    cmocka_unit_test(test_insert_multi_line),
	    cmocka_unit_test(test_insert_after_last_member),
	    cmocka_unit_test(test_insert_one_line_object),
	    cmocka_unit_test(test_lone_member),
	    cmocka_unit_test(test_crlf),
	    cmocka_unit_test(test_url_jar_after_file),
	    cmocka_unit_test(test_escapes_and_nested),
	    cmocka_unit_test(test_errors),
	    cmocka_unit_test(test_base_jars),
	    cmocka_unit_test(test_write_atomic),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
