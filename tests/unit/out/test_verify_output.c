/* verify's report printers: the JSON document parses (odd names escaped),
 * carries every JAR, conflict and finding; the text has one line per JAR
 * and a summary. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jar/classes.h"
#include "out/verify_output.h"
#include "verify/verify.h"

#define H8(c) c c c c c c c c
#define H(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c)

static const char text[] =
    "{\"schema\": 1,\n"
    " \"image\": {\"name\": \"t\", \"base\": \"scratch\", \"spark_version\": "
    "\"3.5.1\",\n"
    "  \"scala_version\": \"2.12\", \"jars_dir\": \"/opt/spark/jars\", "
    "\"user\": \"spark\"},\n"
    " \"repository\": \"https://repo.example/maven2\",\n"
    " \"jars\": [\n"
    "  {\"name\": \"commons-io\", \"maven\": "
    "\"commons-io:commons-io:2.11.0\",\n"
    "   \"sha256\": \"" H("a") "\", \"size\": 10},\n"
			       "  {\"name\": \"lang\", \"maven\": "
			       "\"org.apache.commons:commons-lang3:3.14.0\",\n"
			       "   \"sha256\": \"" H("b") "\"}\n"
							  " ]}\n";

struct fixture {
	struct manifest m;
	struct verify_report r;
	struct class_conflicts c;
	struct verify_output o;
};

static int setup(void **state)
{
	static struct fixture f;
	static const struct verify_file files[] = {
	    {"/opt/spark/jars/commons-io-2.11.0.jar", H("a"), 10, NULL},
	    {"/opt/spark/jars/we\"ird\\name\t.jar", H("c"), 3, NULL},
	};
	struct error e = ERROR_INIT;
	struct classes_jar jars[2];
	static struct jar_class a[] = {{(char *)"x/Y.class", 1, 1}};
	static struct jar_class b[] = {{(char *)"x/Y.class", 2, 1}};
	static struct jar_info ia, ib;

	memset(&f, 0, sizeof(f));
	if (manifest_parse(&f.m, "m.json", text, strlen(text), &e))
		return -1;
	verify_jars(&f.m, files, 2, &f.r);
	ia.classes = a;
	ia.nr_classes = 1;
	ib.classes = b;
	ib.nr_classes = 1;
	jars[0] = (struct classes_jar){"commons-io-2.11.0.jar", &ia};
	jars[1] = (struct classes_jar){"we\"ird\\name\t.jar", &ib};
	classes_find_conflicts(jars, 2, &f.c);
	classes_report(&f.c, "/opt/spark/jars", SEVERITY_ERROR, &f.r.findings);
	f.o.image = "img \"1\".tar";
	f.o.ref = NULL;
	f.o.manifest = &f.m;
	f.o.report = &f.r;
	f.o.conflicts = &f.c;
	*state = &f;
	return 0;
}

static int teardown(void **state)
{
	struct fixture *f = *state;

	class_conflicts_release(&f->c);
	verify_report_release(&f->r);
	manifest_release(&f->m);
	return 0;
}

static char *render(struct fixture *f, bool json)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	assert_int_equal(json ? verify_print_json(out, &f->o)
			      : verify_print_text(out, &f->o),
			 0);
	fclose(out);
	return buf;
}

static void test_json(void **state)
{
	struct fixture *f = *state;
	char *buf = render(f, true);
	json_error_t je;
	json_t *doc = json_loads(buf, 0, &je), *jars, *j;
	size_t i;
	int seen = 0;

	if (!doc)
		fail_msg("not JSON: %s\n%s", je.text, buf);
	assert_string_equal(json_string_value(json_object_get(doc, "image")),
			    "img \"1\".tar");
	assert_true(json_is_null(json_object_get(doc, "ref")));
	assert_true(json_is_false(json_object_get(doc, "verified")));
	assert_int_equal(json_integer_value(json_object_get(
			     json_object_get(doc, "summary"), "missing")),
			 1);
	jars = json_object_get(doc, "jars");
	assert_int_equal(json_array_size(jars), 3);
	json_array_foreach(jars, i, j)
	{
		const char *file =
		    json_string_value(json_object_get(j, "file"));
		const char *st =
		    json_string_value(json_object_get(j, "status"));

		if (!strcmp(file, "we\"ird\\name\t.jar")) {
			assert_string_equal(st, "invalid");
			seen |= 1;
		} else if (!strcmp(file, "commons-lang3-3.14.0.jar")) {
			assert_string_equal(st, "missing");
			assert_true(json_is_null(json_object_get(j, "sha256")));
			seen |= 2;
		} else {
			assert_string_equal(st, "invalid");
			assert_string_equal(
			    json_string_value(json_object_get(j, "sha256")),
			    H("a"));
			assert_int_equal(json_integer_value(json_object_get(
					     j, "expected_size")),
					 10);
			seen |= 4;
		}
	}
	assert_int_equal(seen, 7);
	assert_int_equal(
	    json_array_size(json_object_get(doc, "class_conflicts")), 1);
	assert_non_null(json_object_get(doc, "findings"));
	json_decref(doc);
	free(buf);
}

static void test_text(void **state)
{
	struct fixture *f = *state;
	char *buf = render(f, false);

	assert_non_null(strstr(buf,
			       "missing       /opt/spark/jars/"
			       "commons-lang3-3.14.0.jar (lang 3.14.0)\n"));
	assert_non_null(strstr(buf, "[class-conflict]\n"));
	assert_non_null(strstr(buf, "img \"1\".tar: FAILED: "));
	assert_non_null(strstr(buf, "1 class conflict; "));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_text),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
