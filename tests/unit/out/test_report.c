/* The one printer: text, JSON, SARIF 2.1.0 and GitHub annotations. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "out/report.h"

static char *render(enum report_format fmt, const struct findings *f,
		    const char *command)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);

	assert_non_null(mem);
	assert_int_equal(report_print(mem, fmt, f, command), 0);
	assert_int_equal(fclose(mem), 0);
	return buf;
}

static void sample(struct findings *f)
{
	findings_init(f);
	findings_add(f, "conf/spark defaults.conf", 3, 1, SEVERITY_ERROR,
		     "runtime-packages", "'%s' downloads \"things\"",
		     "spark.jars.packages");
	findings_add(f, "a,b:c/x.sh", 7, 0, SEVERITY_WARNING, "runtime-jars",
		     "100%% wrong\nsecond line");
	findings_add(f, "image Env", 0, 0, SEVERITY_ERROR, "missing",
		     "not in the image");
}

static void test_parse(void **state)
{
	enum report_format fmt;

	(void)state;
	assert_int_equal(report_format_parse("sarif", &fmt), 0);
	assert_int_equal(fmt, REPORT_SARIF);
	assert_int_equal(report_format_parse("github", &fmt), 0);
	assert_int_equal(fmt, REPORT_GITHUB);
	assert_int_equal(report_format_parse("xml", &fmt), -1);
}

static void test_text(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	sample(&f);
	out = render(REPORT_TEXT, &f, "lint");
	assert_string_equal(
	    out,
	    "conf/spark defaults.conf:3:1: error: 'spark.jars.packages' "
	    "downloads \"things\" [runtime-packages]\n"
	    "a,b:c/x.sh:7:1: warning: 100% wrong?second line [runtime-jars]\n"
	    "image Env: error: not in the image [missing]\n");
	free(out);
	findings_release(&f);
}

static void test_github(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	sample(&f);
	out = render(REPORT_GITHUB, &f, "lint");
	assert_string_equal(
	    out,
	    "::error file=conf/spark defaults.conf,line=3,col=1,"
	    "title=runtime-packages::'spark.jars.packages' downloads "
	    "\"things\" [runtime-packages]\n"
	    "::warning file=a%2Cb%3Ac/x.sh,line=7,col=1,title=runtime-jars::"
	    "100%25 wrong%0Asecond line [runtime-jars]\n"
	    "::error file=image Env,title=missing::not in the image "
	    "[missing]\n");
	free(out);
	findings_release(&f);
}

/* A control byte from a file name or message never reaches the log raw. */
static void test_github_control_bytes(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	findings_init(&f);
	findings_add(&f, "a\033[2J.conf", 1, 1, SEVERITY_ERROR, "runtime-jars",
		     "x\033]0;title\a\r\ny");
	out = render(REPORT_GITHUB, &f, "lint");
	assert_string_equal(out, "::error file=a?[2J.conf,line=1,col=1,"
				 "title=runtime-jars::x?]0;title?%0D%0Ay "
				 "[runtime-jars]\n");
	free(out);
	findings_release(&f);
}

/* Nor does a C1 control (raw, as 8-bit CSI, or UTF-8 encoded), a
 * bidirectional override or a byte that is not UTF-8: terminals obey the
 * first two; text and annotations show each as '?', other characters as
 * they are. */
static void test_c1_bidi_invalid(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	findings_init(&f);
	findings_add(&f,
		     "a\x9b"
		     "31m\xc2\x9b"
		     "2J\xe2\x80\xae"
		     "b\xff.sh",
		     1, 1, SEVERITY_ERROR, "runtime-jars",
		     "caf\xc3\xa9 \xe2\x81\xa6x\xc2\x85y");
	out = render(REPORT_TEXT, &f, "lint");
	assert_string_equal(out, "a?31m?2J?b?.sh:1:1: error: caf\xc3\xa9 ?x?y "
				 "[runtime-jars]\n");
	free(out);
	out = render(REPORT_GITHUB, &f, "lint");
	assert_string_equal(out, "::error file=a?31m?2J?b?.sh,line=1,col=1,"
				 "title=runtime-jars::caf\xc3\xa9 ?x?y "
				 "[runtime-jars]\n");
	free(out);
	findings_release(&f);
}

static void test_json(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	sample(&f);
	out = render(REPORT_JSON, &f, "lint");
	assert_non_null(strstr(out, "\"file\": \"conf/spark defaults.conf\""));
	assert_non_null(strstr(out, "\"message\": \"'spark.jars.packages' "
				    "downloads \\\"things\\\"\""));
	assert_non_null(strstr(out, "\"severity\": \"warning\""));
	assert_non_null(strstr(out, "\"line\": 0"));
	assert_int_equal(out[0], '[');
	free(out);
	findings_release(&f);
	/* no findings: an empty array */
	findings_init(&f);
	out = render(REPORT_JSON, &f, "lint");
	assert_string_equal(out, "[]\n");
	free(out);
}

static void test_sarif(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	sample(&f);
	out = render(REPORT_SARIF, &f, "lint");
	assert_non_null(strstr(out, "\"version\": \"2.1.0\""));
	assert_non_null(strstr(out, "\"name\": \"jarbake\""));
	assert_non_null(strstr(out, "\"uri\": \"conf/spark%20defaults.conf\""));
	assert_non_null(strstr(out, "\"uri\": \"a%2Cb%3Ac/x.sh\""));
	assert_non_null(strstr(out, "\"startLine\": 3"));
	assert_non_null(strstr(out, "\"level\": \"warning\""));
	/* every lint rule is described, and verify's rule is added */
	assert_non_null(strstr(out, "\"id\": \"runtime-classpath\""));
	assert_non_null(strstr(out, "\"id\": \"suppression-reason\""));
	assert_non_null(strstr(out, "\"id\": \"missing\""));
	free(out);
	findings_release(&f);
}

/* A path or message that is not UTF-8 (a file name from an image or a
 * repository) is kept, made valid, not dropped from JSON and SARIF. */
static void test_not_utf8(void **state)
{
	struct findings f;
	char *out;

	(void)state;
	findings_init(&f);
	findings_add(&f, "d\xff/spark-defaults.conf", 1, 1, SEVERITY_ERROR,
		     "runtime-jars", "'%s' \xc3\xa9 \xe0\x80\x80 \xed\xa0\x80",
		     "jars\xc3");
	out = render(REPORT_JSON, &f, "lint");
	assert_non_null(
	    strstr(out, "\"file\": \"d\\uFFFD/spark-defaults.conf\""));
	assert_non_null(strstr(out, "\"message\": \"'jars\\uFFFD' \\u00E9 "
				    "\\uFFFD\\uFFFD\\uFFFD "
				    "\\uFFFD\\uFFFD\\uFFFD\""));
	free(out);
	out = render(REPORT_SARIF, &f, "lint");
	assert_non_null(strstr(out, "\"uri\": \"d%FF/spark-defaults.conf\""));
	assert_non_null(strstr(out, "\"text\": \"'jars\\uFFFD'"));
	free(out);
	findings_release(&f);
}

static void test_write_error(void **state)
{
	struct findings f;
	FILE *full = fopen("/dev/full", "w");

	(void)state;
	if (!full)
		skip();
	sample(&f);
	assert_int_equal(report_print(full, REPORT_TEXT, &f, "lint"), -1);
	fclose(full);
	findings_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_parse),
	    cmocka_unit_test(test_text),
	    cmocka_unit_test(test_github),
	    cmocka_unit_test(test_github_control_bytes),
	    cmocka_unit_test(test_c1_bidi_invalid),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_sarif),
	    cmocka_unit_test(test_write_error),
	    cmocka_unit_test(test_not_utf8),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
