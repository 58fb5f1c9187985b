#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "manifest/manifest.h"
#include "core/strbuf.h"

/* A valid manifest with a placeholder "@JAR@" for the JAR object(s). */
static const char head[] =
    "{\n"
    "  \"schema\": 1,\n"
    "  \"image\": {\n"
    "    \"name\": \"akko-spark\",\n"
    "    \"base\": \"apache/spark:3.5.1-python3\",\n"
    "    \"spark_version\": \"3.5.1\",\n"
    "    \"scala_version\": \"2.12\",\n"
    "    \"jars_dir\": \"/opt/spark/jars\",\n"
    "    \"user\": \"spark\"\n"
    "  },\n"
    "  \"repository\": \"https://repo1.maven.org/maven2/\",\n"
    "  \"jars\": [\n";
/* The first JAR line is line 13 of the document. */
#define JAR_LINE 13

static const char good_jar[] =
    "    { \"name\": \"iceberg\", \"maven\": "
    "\"org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2\", "
    "\"sha256\": "
    "\"2aec4b78d806cc81d4e50325b351f6349c90de641544e644c6032f000938618b\""
    ", \"size\": 42 }";

static char *document(const char *jars)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, head);
	strbuf_adds(&sb, jars);
	strbuf_adds(&sb, "\n  ]\n}\n");
	return strbuf_detach(&sb, NULL);
}

static int parse(const char *text, struct manifest *m, struct error *e)
{
	return manifest_parse(m, "test.json", text, strlen(text), e);
}

static void test_valid(void **state)
{
	char *text = document(
	    "    { \"name\": \"iceberg\", \"maven\": "
	    "\"org.apache.iceberg:iceberg-spark-runtime-3.5_2.12:1.5.2\", "
	    "\"sha256\": "
	    "\"2aec4b78d806cc81d4e50325b351f6349c90de641544e644c6032f00093861"
	    "8b\", \"size\": 42, \"purpose\": \"tables\" },\n"
	    "    { \"name\": \"agent\", \"version\": \"1.0\", \"url\": "
	    "\"https://github.com/o/r/releases/download/1.0/agent-1.0.jar?x=1"
	    "\" },\n"
	    "    { \"name\": \"local\", \"version\": \"2\", \"url\": "
	    "\"http://127.0.0.1:8080/x/local-2.jar\", \"file\": "
	    "\"local.jar\" }");
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(parse(text, &m, &e), 0);
	assert_int_equal(m.nr_jars, 3);
	assert_string_equal(m.repository, "https://repo1.maven.org/maven2");
	assert_string_equal(m.jars[0].group, "org.apache.iceberg");
	assert_string_equal(m.jars[0].artifact,
			    "iceberg-spark-runtime-3.5_2.12");
	assert_string_equal(m.jars[0].version, "1.5.2");
	assert_string_equal(m.jars[0].url,
			    "https://repo1.maven.org/maven2/org/apache/iceberg/"
			    "iceberg-spark-runtime-3.5_2.12/1.5.2/"
			    "iceberg-spark-runtime-3.5_2.12-1.5.2.jar");
	assert_string_equal(m.jars[0].file,
			    "iceberg-spark-runtime-3.5_2.12-1.5.2.jar");
	assert_true(m.jars[0].has_size);
	assert_int_equal(m.jars[0].size, 42);
	assert_int_equal(m.jars[0].line, JAR_LINE);
	assert_int_equal(m.jars[0].column, 5);
	assert_string_equal(m.jars[1].file, "agent-1.0.jar");
	assert_string_equal(m.jars[1].sha256, "");
	assert_false(m.jars[1].has_size);
	assert_string_equal(m.jars[2].file, "local.jar");
	assert_int_equal(strlen(m.sha256), 64);
	assert_non_null(manifest_find_jar(&m, "agent"));
	assert_null(manifest_find_jar(&m, "nope"));
	manifest_release(&m);
	manifest_release(&m);
	free(text);
}

struct invalid_case {
	const char *jars; /* replaces the JAR list, or NULL: use text */
	const char *text; /* a whole document */
	unsigned line, column;
	const char *message; /* a substring of the message */
};

static const struct invalid_case invalid_cases[] = {
    {NULL, "{ \"schema\": 1,\n  \"jars\": [ }", 2, 13, "invalid JSON"},
    {NULL, "[]", 1, 1, "must be a JSON object"},
    {NULL, "{\"schema\": 1, \"schema\": 1}", 1, 15, "duplicate key 'schema'"},
    {NULL, "{\"schema\": 2}", 1, 12, "unsupported schema"},
    {NULL, "{\"schema\": 1}", 1, 1, "missing key 'image'"},
    {NULL, "{\"schema\": 1, \"extra\": 1}", 1, 15, "unknown key 'extra'"},
    /* keys that need escaping in a JSON pointer are still located */
    {NULL, "{\"schema\": 1, \"a/b~c\": 1}", 1, 15, "unknown key 'a/b~c'"},
    {NULL, "{\"schema\": 1, \"caf\\u00e9\": 1}", 1, 15,
     "unknown key 'caf\xc3\xa9'"},
    {NULL, "{\"schema\": 1, \"\\ud83d\\ude00\": 1}", 1, 15,
     "unknown key '\xf0\x9f\x98\x80'"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"colour\": 1 }", NULL,
     JAR_LINE, 38, "unknown key 'colour'"},
    {"    { \"name\": \"a\", \"maven\": 3 }", NULL, JAR_LINE, 29,
     "'maven' must be a string, not an integer"},
    {"    { \"name\": \"a\", \"maven\": \"g:a\" }", NULL, JAR_LINE, 29,
     "not Maven coordinates"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1:2\" }", NULL, JAR_LINE, 29,
     "not Maven coordinates"},
    {"    { \"name\": \"a\", \"maven\": \"g::1\" }", NULL, JAR_LINE, 29,
     "invalid artifact id"},
    {"    { \"name\": \"a\" }", NULL, JAR_LINE, 5,
     "needs exactly one of 'maven' and 'url'"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"url\": "
     "\"https://x/a.jar\", \"version\": \"1\" }",
     NULL, JAR_LINE, 5, "exactly one of"},
    {"    { \"name\": \"a\", \"url\": \"https://x/y/a.jar\" }", NULL, JAR_LINE,
     5, "needs a 'version'"},
    {"    { \"name\": \"a\", \"url\": \"https://x/y/a.jar\", \"version\": \"\" "
     "}",
     NULL, JAR_LINE, 59, "invalid version ''"},
    {"    { \"name\": \"a\", \"url\": \"https://x/y/a.jar\", \"version\": "
     "\"1.0\\nRUN x\" }",
     NULL, JAR_LINE, 59, "invalid version"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"sha256\": \"ABC\" }", NULL,
     JAR_LINE, 48, "64 lowercase hex"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"sha256\": "
     "\"2AEC4B78D806CC81D4E50325B351F6349C90DE641544E644C6032F000938618B"
     "\" }",
     NULL, JAR_LINE, 48, "64 lowercase hex"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\" },\n"
     "    { \"name\": \"a\", \"maven\": \"g:b:1\" }",
     NULL, JAR_LINE + 1, 5, "duplicate JAR name 'a'"},
    {"    { \"name\": \"a\", \"maven\": \"g:x:1\" },\n"
     "    { \"name\": \"b\", \"version\": \"1\", \"url\": "
     "\"https://h/x-1.jar\" }",
     NULL, JAR_LINE + 1, 5, "duplicate file name 'x-1.jar'"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"file\": \"../a.jar\" }",
     NULL, JAR_LINE, 46, "invalid file name '../a.jar'"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"file\": \"d/a.jar\" }",
     NULL, JAR_LINE, 46, "plain name ending in '.jar'"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"file\": \"a.zip\" }", NULL,
     JAR_LINE, 46, "invalid file name 'a.zip'"},
    {"    { \"name\": \"a\", \"version\": \"1\", \"url\": "
     "\"http://example.org/a.jar\" }",
     NULL, JAR_LINE, 43, "plain http"},
    {"    { \"name\": \"a\", \"version\": \"1\", \"url\": "
     "\"ftp://example.org/a.jar\" }",
     NULL, JAR_LINE, 43, "not an https://"},
    {"    { \"name\": \"A b\", \"maven\": \"g:a:1\" }", NULL, JAR_LINE, 15,
     "invalid JAR name"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"size\": -1 }", NULL,
     JAR_LINE, 46, "non-negative integer"},
    {"    { \"name\": \"a\", \"maven\": \"g:a:1\", \"version\": \"1\" }", NULL,
     JAR_LINE, 38, "only for url JARs"},
    {"    42", NULL, JAR_LINE, 5, "must be an object"},
};

static void test_invalid(void **state)
{
	size_t failures = 0;

	(void)state;
	for (size_t i = 0; i < sizeof(invalid_cases) / sizeof(invalid_cases[0]);
	     i++) {
		const struct invalid_case *c = &invalid_cases[i];
		char *text = c->jars ? document(c->jars) : strdup(c->text);
		struct manifest m = MANIFEST_INIT;
		struct error e = ERROR_INIT;

		if (parse(text, &m, &e) != -1 ||
		    !strstr(e.message, c->message) || e.line != c->line ||
		    e.column != c->column || strcmp(e.file, "test.json") ||
		    e.code != EXIT_USAGE) {
			print_error("case %zu: got %s:%u:%u: %s (want %u:%u: "
				    "%s)\n",
				    i, e.file, e.line, e.column, e.message,
				    c->line, c->column, c->message);
			failures++;
		}
		manifest_release(&m);
		free(text);
	}
	assert_int_equal(failures, 0);
}

static void test_image_fields(void **state)
{
	static const struct {
		const char *from, *to, *message;
		unsigned line;
	} cases[] = {
	    {"\"/opt/spark/jars\"", "\"opt/jars\"", "absolute", 8},
	    {"\"/opt/spark/jars\"", "\"/opt/../jars\"", "absolute", 8},
	    {"\"/opt/spark/jars\"", "\"/opt/jars/\"", "normalised", 8},
	    {"\"3.5.1\"", "\"3.x\"", "spark_version", 6},
	    {"\"2.12\"", "\"2.12.\"", "scala_version", 7},
	    {"\"akko-spark\"", "\"Akko Spark\"", "invalid image name", 4},
	    {"\"akko-spark\"", "\"..\"", "invalid image name", 4},
	    {"\"akko-spark\"", "\".\"", "invalid image name", 4},
	    {"\"https://repo1.maven.org/maven2/\"",
	     "\"http://repo1.maven.org/maven2\"", "plain http", 11},
	    {",\n    \"user\": \"spark\"", "", "missing key 'user'", 3},
	    /* a control byte would end or split a Dockerfile line */
	    {"\"apache/spark:3.5.1-python3\"", "\"apache/spark\\u000bRUN x\"",
	     "invalid base image", 5},
	    {"\"spark\"", "\"spark\\u001b[0m\"", "invalid user", 9},
	    /* image.java_version: a Java feature version */
	    {"\"spark\"", "\"spark\", \"java_version\": \"11\"",
	     "invalid java_version", 9},
	    {"\"spark\"", "\"spark\", \"java_version\": 7",
	     "invalid java_version", 9},
	    {"\"spark\"", "\"spark\", \"java_version\": 11.5",
	     "invalid java_version", 9},
	    /* the base pinned by digest, and its layers */
	    {"python3\"", "python3@sha256:XYZ\"", "invalid digest in base", 5},
	    {"python3\"",
	     "python3@sha256:"
	     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef@"
	     "x\"",
	     "invalid digest in base", 5},
	    {"python3\"", "python3@md5:00\"", "invalid digest in base", 5},
	    {"\"apache/spark:3.5.1-python3\"",
	     "\"@sha256:"
	     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	     "\"",
	     "invalid digest in base", 5},
	    {"python3\",", "python3\", \"base_layers\": \"x\",",
	     "'base_layers' must be an array", 5},
	    {"python3\",",
	     "python3\",\n \"base_layers\": "
	     "[\"sha256:"
	     "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
	     "\", 7],",
	     "a base layer must be a diff_id", 6},
	    {"python3\",", "python3\",\n \"base_layers\": [\"sha256:ABC\"],",
	     "a base layer must be a diff_id", 6},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *text = document(good_jar);
		char *at = strstr(text, cases[i].from);
		struct strbuf sb = STRBUF_INIT;
		struct manifest m = MANIFEST_INIT;
		struct error e = ERROR_INIT;

		assert_non_null(at);
		strbuf_add(&sb, text, (size_t)(at - text));
		strbuf_adds(&sb, cases[i].to);
		strbuf_adds(&sb, at + strlen(cases[i].from));
		if (parse(sb.buf, &m, &e) != -1 ||
		    !strstr(e.message, cases[i].message) ||
		    e.line != cases[i].line)
			fail_msg("case %zu: got %u:%u: %s", i, e.line, e.column,
				 e.message);
		manifest_release(&m);
		strbuf_release(&sb);
		free(text);
	}
}

static void test_base_pin(void **state)
{
	static const char pinned[] = "\"apache/"
				     "spark:3.5.1-python3@sha256:"
				     "0123456789abcdef0123456789abcdef012345678"
				     "9abcdef0123456789abcdef\",\n"
				     "    \"base_layers\": "
				     "[\"sha256:"
				     "0123456789abcdef0123456789abcdef012345678"
				     "9abcdef0123456789abcdef\",\n"
				     "      "
				     "\"sha256:"
				     "f123456789abcdeff123456789abcdeff12345678"
				     "9abcdeff123456789abcdef\"]";
	char *text = document(good_jar);
	char *at = strstr(text, "\"apache/spark:3.5.1-python3\"");
	struct strbuf sb = STRBUF_INIT;
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	/* without a pin: nothing */
	assert_int_equal(parse(text, &m, &e), 0);
	assert_null(m.image.base_digest);
	assert_false(m.image.has_base_layers);
	manifest_release(&m);
	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_adds(&sb, pinned);
	strbuf_adds(&sb, at + strlen("\"apache/spark:3.5.1-python3\""));
	assert_int_equal(parse(sb.buf, &m, &e), 0);
	assert_string_equal(
	    m.image.base_digest,
	    "sha256:"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_string_equal(
	    m.image.base,
	    "apache/"
	    "spark:3.5.1-python3@sha256:"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_true(m.image.has_base_layers);
	assert_int_equal(m.image.nr_base_layers, 2);
	assert_string_equal(
	    m.image.base_layers[1],
	    "sha256:"
	    "f123456789abcdeff123456789abcdeff123456789abcdeff123456789abcdef");
	manifest_release(&m);
	manifest_release(&m); /* harmless twice */
	strbuf_release(&sb);
	free(text);
}

static void test_java_version(void **state)
{
	char *text = document(good_jar);
	char *at = strstr(text, "\"spark\"");
	struct strbuf sb = STRBUF_INIT;
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(parse(text, &m, &e), 0);
	assert_int_equal(m.image.java_version, 0); /* optional */
	manifest_release(&m);
	strbuf_add(&sb, text, (size_t)(at - text));
	strbuf_adds(&sb, "\"spark\", \"java_version\": 11");
	strbuf_adds(&sb, at + strlen("\"spark\""));
	assert_int_equal(parse(sb.buf, &m, &e), 0);
	assert_int_equal(m.image.java_version, 11);
	manifest_release(&m);
	strbuf_release(&sb);
	free(text);
}

static void test_bom(void **state)
{
	char *text = document(good_jar);
	struct strbuf sb = STRBUF_INIT;
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	strbuf_adds(&sb, "\xef\xbb\xbf");
	strbuf_adds(&sb, text);
	assert_int_equal(parse(sb.buf, &m, &e), -1);
	assert_int_equal(e.line, 1);
	assert_int_equal(e.column, 1);
	assert_non_null(strstr(e.message, "byte order mark"));
	manifest_release(&m);
	strbuf_release(&sb);
	free(text);
}

static void test_load_errors(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(manifest_load(&m, "/nonexistent/m.json", &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.message, "cannot open manifest "
					  "'/nonexistent/m.json'"));
	assert_non_null(strstr(e.message, "No such file"));
	manifest_release(&m);
}

#define HEX64 "2aec4b78d806cc81d4e50325b351f6349c90de641544e644c6032f000938618b"

static void test_extensions(void **state)
{
	const char *text =
	    "{\"schema\": 1, \"image\": {\"name\": \"x\", \"base\": \"b\", "
	    "\"spark_version\": \"3.5.1\", \"scala_version\": \"2.12\", "
	    "\"jars_dir\": \"/j\", \"user\": \"u\"}, \"jars\": [], "
	    "\"allowed_overlaps\": [{\"jars\": [\"a.jar\", \"b.jar\"], "
	    "\"reason\": \"shaded\"}], \"base_jars\": [{\"file\": \"c.jar\", "
	    "\"sha256\": "
	    "\"2aec4b78d806cc81d4e50325b351f6349c90de641544e644c6032f000938618b"
	    "\"}]}";
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(parse(text, &m, &e), 0);
	assert_int_equal(m.nr_allowed_overlaps, 1);
	assert_string_equal(m.allowed_overlaps[0].second, "b.jar");
	assert_true(m.has_base_jars);
	assert_int_equal(m.nr_base_jars, 1);
	assert_null(m.repository);
	manifest_release(&m);
	{
		/* one file pinned twice in base_jars is refused */
		const char *dup =
		    "{\"schema\": 1, \"image\": {\"name\": \"x\", \"base\": "
		    "\"b\", \"spark_version\": \"3.5.1\", \"scala_version\": "
		    "\"2.12\", \"jars_dir\": \"/j\", \"user\": \"u\"}, "
		    "\"jars\": [], \"base_jars\": [\n"
		    "  {\"file\": \"c.jar\", \"sha256\": \"" HEX64 "\"},\n"
		    "  {\"file\": \"c.jar\", \"sha256\": \"" HEX64 "\"}]}";

		assert_int_equal(parse(dup, &m, &e), -1);
		assert_int_equal(e.line, 3);
		assert_int_equal(e.column, 3);
		assert_non_null(strstr(e.message, "duplicate base JAR"));
		manifest_release(&m);
	}
}

/*
 * The largest manifest (10000 JARs near the size cap) parses, with every
 * JAR's position right. Its speed is measured by bench/manifest.sh.
 */
static void test_large(void **state)
{
	struct strbuf jars = STRBUF_INIT;
	struct manifest m;
	struct error e = ERROR_INIT;
	char *text;

	(void)state;
	for (int i = 0; i < 10000; i++)
		strbuf_addf(&jars,
			    "%s    { \"name\": \"j%d\", \"maven\": "
			    "\"org.example:a%d:1.0\", \"purpose\": "
			    "\"%0300d\" }",
			    i ? ",\n" : "", i, i, 0);
	text = document(jars.buf);
	assert_int_equal(parse(text, &m, &e), 0);
	assert_int_equal(m.nr_jars, 10000);
	assert_int_equal(m.jars[9999].line, JAR_LINE + 9999);
	assert_int_equal(m.jars[9999].column, 5);
	manifest_release(&m);
	free(text);
	strbuf_release(&jars);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_valid),
	    cmocka_unit_test(test_invalid),
	    cmocka_unit_test(test_image_fields),
	    cmocka_unit_test(test_base_pin),
	    cmocka_unit_test(test_load_errors),
	    cmocka_unit_test(test_bom),
	    cmocka_unit_test(test_java_version),
	    cmocka_unit_test(test_extensions),
	    cmocka_unit_test(test_large),
	};

	return cmocka_run_group_tests_name("manifest", tests, NULL, NULL);
}
