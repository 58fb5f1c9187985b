/* verify's policy over hand-made jars_dir listings: every status, the name
 * parsing behind stale and incompatible, the label. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "verify/verify.h"

#define H8(c) c c c c c c c c
#define H(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c)
static const char HA[] = H("a"), HB[] = H("b"), HC[] = H("c"), HD[] = H("d"),
		  HE[] = H("e"), HF[] = H("f");

static const char manifest_text[] =
    "{\"schema\": 1,\n"
    " \"image\": {\"name\": \"t\", \"base\": \"scratch\", \"spark_version\": "
    "\"3.5.1\",\n"
    "  \"scala_version\": \"2.12\", \"jars_dir\": \"/opt/spark/jars\", "
    "\"user\": \"spark\"},\n"
    " \"repository\": \"https://repo.example/maven2\",\n"
    " \"jars\": [\n"
    "  {\"name\": \"commons-io\", \"maven\": "
    "\"commons-io:commons-io:2.11.0\",\n"
    "   \"sha256\": \"" H(
	"a") "\", \"size\": 100},\n"
	     "  {\"name\": \"spark-connect\", \"maven\": "
	     "\"org.apache.spark:spark-connect_2.12:3.5.1\",\n"
	     "   \"sha256\": \"" H(
		 "b") "\"},\n"
		      "  {\"name\": \"agent\", \"version\": \"1.0\", \"url\": "
		      "\"https://x.example/agent-1.0.jar\",\n"
		      "   \"file\": \"agent.jar\", \"sha256\": \"" H(
			  "c") "\"},\n"
			       "  {\"name\": \"lang3\", \"maven\": "
			       "\"org.apache.commons:commons-lang3:3.14.0\",\n"
			       "   \"sha256\": \"" H("d") "\"}\n"
							  " ]%s}\n";

static void load(struct manifest *m, const char *extra)
{
	struct error e = ERROR_INIT;
	char text[8192];

	snprintf(text, sizeof(text), manifest_text, extra);
	if (manifest_parse(m, "m.json", text, strlen(text), &e))
		fail_msg("manifest: %s", e.message);
}

static const struct verify_entry *entry(const struct verify_report *r,
					const char *file)
{
	for (size_t i = 0; i < r->nr; i++)
		if (!strcmp(r->entries[i].file, file))
			return &r->entries[i];
	fail_msg("no entry %s", file);
	return NULL;
}

static size_t count_rule(const struct verify_report *r, const char *rule)
{
	size_t n = 0;

	for (size_t i = 0; i < r->findings.nr; i++)
		n += !strcmp(r->findings.items[i].rule, rule);
	return n;
}

static void test_split(void **state)
{
	static const char *const cases[][3] = {
	    {"commons-io-2.11.0.jar", "commons-io", "2.11.0"},
	    {"spark-core_2.12-3.5.1.jar", "spark-core_2.12", "3.5.1"},
	    {"iceberg-spark-runtime-3.5_2.12-1.5.2.jar",
	     "iceberg-spark-runtime-3.5_2.12", "1.5.2"},
	    {"log4j-1.2-api-2.20.0.jar", "log4j-1.2-api", "2.20.0"},
	    {"zstd-jni-1.5.5-4.jar", "zstd-jni", "1.5.5-4"},
	    {"netty-transport-native-epoll-4.1.96.Final-linux-x86_64.jar",
	     "netty-transport-native-epoll", "4.1.96.Final-linux-x86_64"},
	    {"orc-core-1.9.2-shaded-protobuf.jar", "orc-core",
	     "1.9.2-shaded-protobuf"},
	    {"json4s-jackson_2.12-3.7.0-M11.jar", "json4s-jackson_2.12",
	     "3.7.0-M11"},
	    {"hk2-api-2.6.1.jar", "hk2-api", "2.6.1"},
	    {"arpack_combined_all-0.1.jar", "arpack_combined_all", "0.1"},
	};
	char *a, *v;

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		if (!verify_split_file_name(cases[i][0], &a, &v))
			fail_msg("cannot split %s", cases[i][0]);
		if (strcmp(a, cases[i][1]) || strcmp(v, cases[i][2]))
			fail_msg("%s: '%s' '%s'", cases[i][0], a, v);
		assert_string_equal(v, cases[i][2]);
		free(a);
		free(v);
	}
	assert_false(verify_split_file_name("agent.jar", &a, &v));
	assert_null(a);
	assert_false(verify_split_file_name("commons-io-2.11.0.zip", &a, &v));
	assert_false(verify_split_file_name("-1.jar", &a, &v));
}

static void test_scala_suffix(void **state)
{
	char s[8];

	(void)state;
	assert_true(verify_scala_suffix("spark-core_2.12", s));
	assert_string_equal(s, "2.12");
	assert_true(verify_scala_suffix("iceberg-spark-runtime-3.5_2.13", s));
	assert_string_equal(s, "2.13");
	assert_true(verify_scala_suffix("kafka_3", s));
	assert_string_equal(s, "3");
	assert_true(verify_scala_suffix("scala-parser_2.12-extra", s));
	assert_false(verify_scala_suffix("arpack_combined_all", s));
	assert_false(verify_scala_suffix("commons-io", s));
	assert_false(verify_scala_suffix("foo_2.12x", s));
}

static void test_own_pom(void **state)
{
	struct jar_pom poms[] = {
	    {(char *)"io.openlineage", (char *)"openlineage-java",
	     (char *)"1.28.0", NULL, 0},
	    {(char *)"org.apache.spark", (char *)"spark-core_2.12",
	     (char *)"3.5.1", NULL, 0},
	    {(char *)"org.apache.spark", (char *)"spark", (char *)"3.5.1", NULL,
	     0},
	};
	struct jar_info info = {0};

	(void)state;
	info.poms = poms;
	info.nr_poms = 3;
	assert_ptr_equal(verify_own_pom("spark-core_2.12-3.5.1.jar", &info),
			 &poms[1]);
	assert_null(verify_own_pom("agent.jar", &info));
	assert_null(verify_own_pom("agent.jar", NULL));
	assert_ptr_equal(verify_own_pom("openlineage-java.jar", &info),
			 &poms[0]);
}

static void test_all_ok(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct jar_info info = {.has_manifest_mf = true};
	const struct verify_file files[] = {
	    {"/opt/spark/jars/commons-io-2.11.0.jar", HA, 100, &info},
	    {"/opt/spark/jars/spark-connect_2.12-3.5.1.jar", HB, 5, &info},
	    {"/opt/spark/jars/agent.jar", HC, 5, &info},
	    {"/opt/spark/jars/commons-lang3-3.14.0.jar", HD, 5, &info},
	    {"/opt/spark/jars/spark-core_2.12-3.5.1.jar", HE, 5, &info},
	};

	(void)state;
	load(&m, "");
	verify_jars(&m, files, 5, &r);
	verify_label(&m, m.sha256, "config.Labels", &r);
	assert_false(verify_failed(&r));
	assert_int_equal(r.nr, 5);
	assert_int_equal(r.counts[VERIFY_OK], 4);
	assert_int_equal(r.counts[VERIFY_BASE], 1);
	assert_int_equal(entry(&r, "spark-core_2.12-3.5.1.jar")->status,
			 VERIFY_BASE);
	assert_string_equal(entry(&r, "spark-core_2.12-3.5.1.jar")->artifact,
			    "spark-core_2.12");
	/* Sorted by path. */
	assert_string_equal(r.entries[0].file, "agent.jar");
	assert_string_equal(entry(&r, "agent.jar")->version, "1.0");
	assert_int_equal(r.findings.nr, 0);
	verify_report_release(&r);
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_failures(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct jar_info info = {.has_manifest_mf = true};
	struct jar_pom log4j_pom = {(char *)"org.apache.logging.log4j",
				    (char *)"log4j-1.2-api", (char *)"2.20.0",
				    NULL, 0};
	struct jar_info log4j = {
	    .has_manifest_mf = true, .poms = &log4j_pom, .nr_poms = 1};
	const struct verify_file files[] = {
	    /* mismatch: size */
	    {"/opt/spark/jars/commons-io-2.11.0.jar", HA, 99, &info},
	    /* mismatch: hash */
	    {"/opt/spark/jars/spark-connect_2.12-3.5.1.jar", HF, 5, &info},
	    /* agent.jar and commons-lang3 missing */
	    {"/opt/spark/jars/commons-io-2.8.0.jar", HE, 5, &info},
	    {"/opt/spark/jars/agent-0.9.jar", HE, 5, &info},
	    {"/opt/spark/jars/commons-lang3-3.12.0.jar", HD, 5, &info},
	    {"/opt/spark/jars/kafka_2.13-3.4.0.jar", HE, 5, &info},
	    {"/opt/spark/jars/spark-sql_2.12-3.4.0.jar", HE, 5, &info},
	    {"/opt/spark/jars/iceberg-spark-runtime-3.4_2.12-1.5.2.jar", HE, 5,
	     &info},
	    {"/opt/spark/jars/scala-library-2.13.8.jar", HE, 5, &info},
	    {"/opt/spark/jars/log4j-1.2-api-2.20.0.jar", HE, 5, &log4j},
	    {"/opt/spark/jars/broken.jar", HE, 5, NULL},
	    {"/opt/spark/jars/odd_2.13.jar", HE, 5, &info},
	};

	(void)state;
	load(&m, "");
	verify_jars(&m, files, sizeof(files) / sizeof(*files), &r);
	assert_true(verify_failed(&r));
	assert_int_equal(entry(&r, "commons-io-2.11.0.jar")->status,
			 VERIFY_MISMATCH);
	assert_int_equal(entry(&r, "spark-connect_2.12-3.5.1.jar")->status,
			 VERIFY_MISMATCH);
	assert_int_equal(entry(&r, "agent.jar")->status, VERIFY_MISSING);
	assert_false(entry(&r, "agent.jar")->present);
	assert_string_equal(entry(&r, "agent.jar")->path,
			    "/opt/spark/jars/agent.jar");
	assert_int_equal(entry(&r, "commons-lang3-3.14.0.jar")->status,
			 VERIFY_MISSING);
	assert_int_equal(entry(&r, "commons-io-2.8.0.jar")->status,
			 VERIFY_STALE);
	assert_int_equal(entry(&r, "agent-0.9.jar")->status, VERIFY_STALE);
	/* Same bytes as the pinned commons-lang3 3.14.0, under another name. */
	assert_int_equal(entry(&r, "commons-lang3-3.12.0.jar")->status,
			 VERIFY_DUPLICATE);
	assert_int_equal(entry(&r, "kafka_2.13-3.4.0.jar")->status,
			 VERIFY_INCOMPATIBLE);
	assert_int_equal(entry(&r, "spark-sql_2.12-3.4.0.jar")->status,
			 VERIFY_INCOMPATIBLE);
	assert_int_equal(
	    entry(&r, "iceberg-spark-runtime-3.4_2.12-1.5.2.jar")->status,
	    VERIFY_INCOMPATIBLE);
	assert_int_equal(entry(&r, "scala-library-2.13.8.jar")->status,
			 VERIFY_INCOMPATIBLE);
	assert_int_equal(entry(&r, "log4j-1.2-api-2.20.0.jar")->status,
			 VERIFY_BASE);
	assert_int_equal(entry(&r, "broken.jar")->status, VERIFY_INVALID);
	assert_int_equal(entry(&r, "odd_2.13.jar")->status,
			 VERIFY_INCOMPATIBLE);
	assert_int_equal(count_rule(&r, "mismatch"), 2);
	assert_int_equal(count_rule(&r, "missing"), 2);
	assert_int_equal(count_rule(&r, "stale"), 2);
	assert_int_equal(count_rule(&r, "incompatible"), 5);
	for (size_t i = 0; i < r.findings.nr; i++)
		assert_true(
		    !strncmp(r.findings.items[i].file, "/opt/spark/jars/", 16));
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_base_jars(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct jar_info info = {.has_manifest_mf = true};
	const struct verify_file files[] = {
	    {"/opt/spark/jars/commons-io-2.11.0.jar", HA, 100, &info},
	    {"/opt/spark/jars/spark-connect_2.12-3.5.1.jar", HB, 5, &info},
	    {"/opt/spark/jars/agent.jar", HC, 5, &info},
	    {"/opt/spark/jars/commons-lang3-3.14.0.jar", HD, 5, &info},
	    {"/opt/spark/jars/spark-core_2.12-3.5.1.jar", HE, 5, &info},
	    {"/opt/spark/jars/spark-sql_2.12-3.5.1.jar", HE, 5, &info},
	    {"/opt/spark/jars/extra-1.0.jar", HE, 5, &info},
	};

	(void)state;
	load(
	    &m,
	    ",\n \"base_jars\": [\n"
	    "  {\"file\": \"spark-core_2.12-3.5.1.jar\", \"sha256\": \"" H(
		"e") "\"},\n"
		     "  {\"file\": \"spark-sql_2.12-3.5.1.jar\", \"sha256\": "
		     "\"" H(
			 "f") "\"},\n"
			      "  {\"file\": \"gone-1.0.jar\", \"sha256\": \"" H(
				  "f") "\"}\n ]\n");
	assert_true(m.has_base_jars);
	verify_jars(&m, files, sizeof(files) / sizeof(*files), &r);
	assert_int_equal(entry(&r, "spark-core_2.12-3.5.1.jar")->status,
			 VERIFY_BASE_OK);
	assert_int_equal(entry(&r, "spark-sql_2.12-3.5.1.jar")->status,
			 VERIFY_BASE_MISMATCH);
	assert_int_equal(entry(&r, "extra-1.0.jar")->status, VERIFY_UNEXPECTED);
	assert_int_equal(entry(&r, "gone-1.0.jar")->status,
			 VERIFY_BASE_MISSING);
	assert_int_equal(r.counts[VERIFY_OK], 4);
	assert_int_equal(count_rule(&r, "base-missing"), 1);
	assert_int_equal(count_rule(&r, "base-mismatch"), 1);
	assert_int_equal(count_rule(&r, "unexpected"), 1);
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_spark_line(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct jar_info info = {.has_manifest_mf = true};
	const struct verify_file files[] = {
	    {"/opt/spark/jars/spark-sql_2.12-3.5.1.jar", HE, 5, &info},
	    {"/opt/spark/jars/spark-sql_2.12-3.50.0.jar", HE, 5, &info},
	    {"/opt/spark/jars/spark-xml_2.12-0.17.0.jar", HE, 5, &info},
	};
	struct jar_pom xml_pom = {(char *)"com.databricks",
				  (char *)"spark-xml_2.12", (char *)"0.17.0",
				  NULL, 0};
	struct jar_info xml = {
	    .has_manifest_mf = true, .poms = &xml_pom, .nr_poms = 1};
	struct verify_file with_pom[3];

	(void)state;
	memcpy(with_pom, files, sizeof(files));
	with_pom[2].jar = &xml;
	load(&m, "");
	/* A manifest that names only the Spark line. */
	free(m.image.spark_version);
	m.image.spark_version = strdup("3.5");
	verify_jars(&m, with_pom, 3, &r);
	assert_int_equal(entry(&r, "spark-sql_2.12-3.5.1.jar")->status,
			 VERIFY_BASE);
	assert_int_equal(entry(&r, "spark-sql_2.12-3.50.0.jar")->status,
			 VERIFY_INCOMPATIBLE);
	/* Not a Spark module: its own pom says com.databricks. */
	assert_int_equal(entry(&r, "spark-xml_2.12-0.17.0.jar")->status,
			 VERIFY_BASE);
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_unreadable_link(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	const struct verify_file files[] = {
	    /* A link the image reader could not follow: no bytes. */
	    {"/opt/spark/jars/commons-io-2.11.0.jar", "", 0, NULL},
	};

	(void)state;
	load(&m, "");
	verify_jars(&m, files, 1, &r);
	assert_int_equal(entry(&r, "commons-io-2.11.0.jar")->status,
			 VERIFY_INVALID);
	assert_int_equal(count_rule(&r, "mismatch"), 0);
	assert_int_equal(count_rule(&r, "invalid"), 1);
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_label(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;

	(void)state;
	load(&m, "");
	verify_label(&m, NULL, "config.Labels", &r);
	assert_false(verify_failed(&r));
	assert_int_equal(r.findings.items[0].severity, SEVERITY_NOTE);
	verify_label(&m, HA, "config.Labels", &r);
	assert_true(verify_failed(&r));
	assert_string_equal(r.findings.items[1].rule, "label");
	assert_string_equal(r.findings.items[1].file, "config.Labels");
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_base_layers(void **state)
{
	static char da[] = "sha256:" H("a"), db[] = "sha256:" H("b"),
		    dc[] = "sha256:" H("c");
	char *base_layers[] = {da, db};
	char *good[] = {da, db, dc}, *other[] = {da, dc, db}, *short1[] = {da};
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;

	(void)state;
	m.image.base = (char *)"x:1@sha256:" H("e");
	m.image.base_digest = m.image.base + 4;
	/* a digest without layers: a warning only */
	verify_base(&m, good, 3, NULL, "config", &r);
	assert_int_equal(count_rule(&r, "base-mismatch"), 1);
	assert_false(verify_failed(&r));
	verify_report_release(&r);
	m.image.base_layers = base_layers;
	m.image.nr_base_layers = 2;
	m.image.has_base_layers = true;
	verify_base(&m, good, 3, "sha256:" H("e"), "config", &r);
	assert_int_equal(count_rule(&r, "base-mismatch"), 0);
	assert_int_equal(count_rule(&r, "base"), 1);
	assert_false(verify_failed(&r));
	verify_report_release(&r);
	/* the image of exactly the base passes too */
	verify_base(&m, good, 2, NULL, "config", &r);
	assert_false(verify_failed(&r));
	verify_report_release(&r);
	/* another second layer, fewer layers, another base label */
	verify_base(&m, other, 3, NULL, "config", &r);
	assert_true(verify_failed(&r));
	assert_non_null(strstr(r.findings.items[0].message, "layer 2 of"));
	verify_report_release(&r);
	verify_base(&m, short1, 1, NULL, "config", &r);
	assert_true(verify_failed(&r));
	assert_non_null(strstr(r.findings.items[0].message, "fewer than"));
	verify_report_release(&r);
	verify_base(&m, good, 3, "sha256:" H("f"), "config", &r);
	assert_true(verify_failed(&r));
	assert_int_equal(count_rule(&r, "base-mismatch"), 1);
	verify_report_release(&r);
}

static void test_names(void **state)
{
	(void)state;
	assert_string_equal(verify_status_name(VERIFY_BASE_MISSING),
			    "base-missing");
	assert_string_equal(verify_status_name(VERIFY_OK), "ok");
	assert_false(verify_status_failed(VERIFY_BASE));
	assert_true(verify_status_failed(VERIFY_STALE));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_split),
	    cmocka_unit_test(test_scala_suffix),
	    cmocka_unit_test(test_own_pom),
	    cmocka_unit_test(test_all_ok),
	    cmocka_unit_test(test_failures),
	    cmocka_unit_test(test_base_jars),
	    cmocka_unit_test(test_spark_line),
	    cmocka_unit_test(test_unreadable_link),
	    cmocka_unit_test(test_label),
	    cmocka_unit_test(test_base_layers),
	    cmocka_unit_test(test_names),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
