/* Class conflicts: grouping by JAR pair, ignored entries, identical copies,
 * allowed pairs. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <string.h>

#include "jar/classes.h"

#define C(n, crc)                                                              \
	{                                                                      \
		(char *)(n), (crc), 10                                         \
	}

/* Sorted by name, as jar_read_file leaves them. */
static struct jar_class agent_classes[] = {
    C("META-INF/versions/11/io/openlineage/client/OpenLineage.class", 1),
    C("io/openlineage/client/OpenLineage$Job.class", 7),
    C("io/openlineage/client/OpenLineage.class", 7),
    C("io/openlineage/client/Utils.class", 7),
    C("io/openlineage/spark/Agent.class", 7),
    C("module-info.class", 1),
    C("org/openmetadata/Agent.class", 1),
    C("org/slf4j/Logger.class", 5),
};
static struct jar_class lineage_classes[] = {
    C("META-INF/versions/11/io/openlineage/client/OpenLineage.class", 2),
    C("io/openlineage/client/OpenLineage$Job.class", 8),
    C("io/openlineage/client/OpenLineage.class", 8),
    C("io/openlineage/client/Utils.class", 8),
    C("io/openlineage/spark/Agent.class", 8),
    C("module-info.class", 2),
};
static struct jar_class slf4j_classes[] = {
    C("org/slf4j/Logger.class", 5), /* identical to the agent's copy */
    C("org/slf4j/LoggerFactory.class", 5),
};
static struct jar_class other_classes[] = {
    C("org/openmetadata/Agent.class", 2),
    C("org/slf4j/LoggerFactory.class", 6),
};

#define INFO(a)                                                                \
	{                                                                      \
		.has_manifest_mf = true, .nr_entries = sizeof(a) / sizeof(*a), \
		.classes = a, .nr_classes = sizeof(a) / sizeof(*a),            \
	}

static const struct jar_info agent = INFO(agent_classes);
static const struct jar_info lineage = INFO(lineage_classes);
static const struct jar_info slf4j = INFO(slf4j_classes);
static const struct jar_info other = INFO(other_classes);
static const struct jar_info empty = {0};

static void test_ignored(void **state)
{
	(void)state;
	assert_true(classes_ignored("module-info.class"));
	assert_true(classes_ignored("META-INF/versions/9/module-info.class"));
	assert_true(classes_ignored("META-INF/versions/17/a/B.class"));
	assert_false(classes_ignored("a/module-info.classx"));
	assert_false(classes_ignored("a/my-module-info.class"));
	assert_true(classes_ignored("a/b/module-info.class"));
	assert_false(
	    classes_ignored("io/openlineage/client/OpenLineage.class"));
}

static void test_pairs(void **state)
{
	const struct classes_jar jars[] = {
	    {"openmetadata-spark-agent.jar", &agent},
	    {"slf4j-api-2.0.7.jar", &slf4j},
	    {"openlineage-spark_2.12-1.28.0.jar", &lineage},
	    {"zz-other.jar", &other},
	    {"empty.jar", &empty},
	    {"null.jar", NULL},
	};
	struct class_conflicts c = CLASS_CONFLICTS_INIT;
	struct findings f = FINDINGS_INIT;

	(void)state;
	classes_find_conflicts(jars, sizeof(jars) / sizeof(*jars), &c);
	assert_int_equal(c.nr, 3);
	/* Sorted by first then second; first < second by name. */
	assert_string_equal(c.items[0].first,
			    "openlineage-spark_2.12-1.28.0.jar");
	assert_string_equal(c.items[0].second, "openmetadata-spark-agent.jar");
	assert_int_equal(c.items[0].count, 4);
	assert_int_equal(c.items[0].nr_examples, 3);
	assert_string_equal(c.items[0].examples[0],
			    "io/openlineage/client/OpenLineage$Job.class");
	assert_string_equal(c.items[1].first, "openmetadata-spark-agent.jar");
	assert_string_equal(c.items[1].second, "zz-other.jar");
	assert_int_equal(c.items[1].count, 1);
	assert_string_equal(c.items[2].first, "slf4j-api-2.0.7.jar");
	assert_string_equal(c.items[2].second, "zz-other.jar");
	assert_int_equal(c.items[2].count, 1);
	assert_string_equal(c.items[2].examples[0],
			    "org/slf4j/LoggerFactory.class");

	classes_report(&c, "/opt/spark/jars/", SEVERITY_ERROR, &f);
	assert_int_equal(f.nr, 3);
	assert_string_equal(
	    f.items[0].file,
	    "/opt/spark/jars/openlineage-spark_2.12-1.28.0.jar");
	assert_string_equal(f.items[0].rule, "class-conflict");
	assert_int_equal(f.items[0].severity, SEVERITY_ERROR);
	assert_non_null(
	    strstr(f.items[0].message,
		   "4 classes also in 'openmetadata-spark-agent.jar'"));
	assert_non_null(strstr(f.items[0].message, ", ...)"));
	assert_non_null(strstr(f.items[1].message, "1 class also in"));
	findings_release(&f);
	class_conflicts_release(&c);
	class_conflicts_release(&c);
}

static void test_allowed(void **state)
{
	const struct classes_jar jars[] = {
	    {"openmetadata-spark-agent.jar", &agent},
	    {"openlineage-spark_2.12-1.28.0.jar", &lineage},
	};
	struct manifest_allowed_overlap o = {
	    (char *)"openmetadata-spark-agent.jar",
	    (char *)"openlineage-spark_2.12-1.28.0.jar",
	    (char *)"the agent shades io.openlineage unrelocated",
	};
	struct manifest m = {0};
	struct class_conflicts c = CLASS_CONFLICTS_INIT;
	struct findings f = FINDINGS_INIT;

	(void)state;
	m.allowed_overlaps = &o;
	m.nr_allowed_overlaps = 1;
	classes_find_conflicts(jars, 2, &c);
	assert_int_equal(c.nr, 1);
	classes_apply_allowed(&c, &m);
	assert_string_equal(c.items[0].allowed_reason,
			    "the agent shades io.openlineage unrelocated");
	classes_report(&c, NULL, SEVERITY_WARNING, &f);
	assert_int_equal(f.nr, 1);
	assert_int_equal(f.items[0].severity, SEVERITY_NOTE);
	assert_string_equal(f.items[0].file,
			    "openlineage-spark_2.12-1.28.0.jar");
	assert_non_null(strstr(f.items[0].message, "allowed by the manifest"));
	findings_release(&f);
	class_conflicts_release(&c);
}

static void test_none(void **state)
{
	const struct classes_jar jars[] = {
	    {"a.jar", &slf4j}, {"b.jar", &slf4j}, /* byte-identical copies */
	};
	struct class_conflicts c = CLASS_CONFLICTS_INIT;

	(void)state;
	classes_find_conflicts(jars, 2, &c);
	assert_int_equal(c.nr, 0);
	classes_find_conflicts(jars, 0, &c);
	assert_int_equal(c.nr, 0);
	class_conflicts_release(&c);
}

static void test_many(void **state)
{
	/* 200 JARs sharing one class with distinct bytes: every pair. */
	static struct jar_class cls[200];
	static struct jar_info infos[200];
	static struct classes_jar jars[200];
	static char names[200][24];
	struct class_conflicts c = CLASS_CONFLICTS_INIT;

	(void)state;
	for (int i = 0; i < 200; i++) {
		cls[i] =
		    (struct jar_class){(char *)"a/A.class", (uint32_t)i, 1};
		infos[i].classes = &cls[i];
		infos[i].nr_classes = 1;
		snprintf(names[i], sizeof(names[i]), "j%03d.jar", i);
		jars[i] = (struct classes_jar){names[i], &infos[i]};
	}
	classes_find_conflicts(jars, 200, &c);
	assert_int_equal(c.nr, 200 * 199 / 2);
	assert_string_equal(c.items[0].first, "j000.jar");
	assert_string_equal(c.items[0].second, "j001.jar");
	class_conflicts_release(&c);
}

/* Links to one JAR (one parsed directory): merged once, each copy still
 * reported against the others' conflicting JARs, none against itself. */
static void test_links(void **state)
{
	struct classes_jar jars[3003];
	char names[3003][16];
	struct class_conflicts c = CLASS_CONFLICTS_INIT;

	(void)state;
	for (size_t i = 0; i < 3000; i++) {
		snprintf(names[i], sizeof(names[i]), "link%04zu.jar", i);
		jars[i] = (struct classes_jar){names[i], &agent};
	}
	jars[3000] = (struct classes_jar){"zz-other.jar", &other};
	jars[3001] = (struct classes_jar){"null.jar", NULL};
	jars[3002] = (struct classes_jar){"null2.jar", NULL};
	classes_find_conflicts(jars, 3003, &c);
	assert_false(c.truncated);
	assert_int_equal(c.nr, 3000);
	assert_string_equal(c.items[0].first, "link0000.jar");
	assert_string_equal(c.items[2999].first, "link2999.jar");
	for (size_t i = 0; i < c.nr; i++) {
		assert_string_equal(c.items[i].second, "zz-other.jar");
		assert_int_equal(c.items[i].count, 1);
		assert_string_equal(c.items[i].examples[0],
				    "org/openmetadata/Agent.class");
	}
	class_conflicts_release(&c);
}

/* More pairs than CLASSES_MAX_PAIRS: kept up to the cap, then an error. */
static void test_cap(void **state)
{
	enum { N = 500 };
	static struct jar_class cls[N][1];
	static struct jar_info infos[N];
	static char names[N][16];
	struct classes_jar jars[N];
	struct class_conflicts c = CLASS_CONFLICTS_INIT;
	struct findings f = FINDINGS_INIT;

	(void)state;
	for (size_t i = 0; i < N; i++) {
		snprintf(names[i], sizeof(names[i]), "j%03zu.jar", i);
		cls[i][0] =
		    (struct jar_class){(char *)"a/A.class", (uint32_t)i, 10};
		infos[i] =
		    (struct jar_info){.classes = cls[i], .nr_classes = 1};
		jars[i] = (struct classes_jar){names[i], &infos[i]};
	}
	classes_find_conflicts(jars, N, &c); /* 124,750 pairs */
	assert_true(c.truncated);
	assert_int_equal(c.nr, CLASSES_MAX_PAIRS);
	classes_report_cap(&c, "/opt/spark/jars", &f);
	assert_int_equal(f.nr, 1);
	assert_int_equal(f.items[0].severity, SEVERITY_ERROR);
	assert_non_null(strstr(f.items[0].message, "more than 100000 pairs"));
	findings_release(&f);
	class_conflicts_release(&c);
	assert_false(c.truncated);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ignored), cmocka_unit_test(test_pairs),
	    cmocka_unit_test(test_allowed), cmocka_unit_test(test_none),
	    cmocka_unit_test(test_many),    cmocka_unit_test(test_links),
	    cmocka_unit_test(test_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
