/* The class-valued keys table, class names, the class path and its
 * nearest-name search, the check; the bytecode level and Java versions. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "jar/bytecode.h"
#include "verify/classref.h"

static bool match(const char *key)
{
	return classref_match(key, strlen(key)) != NULL;
}

static void test_table(void **state)
{
	size_t nr;
	const struct classref_key *k = classref_keys(&nr);

	(void)state;
	assert_true(nr >= 20);
	for (size_t i = 0; i < nr; i++)
		assert_true(match(k[i].pattern)); /* NAME matches "NAME" */
	assert_true(match("spark.extraListeners"));
	assert_true(match("spark.sql.extensions"));
	assert_true(match("spark.sql.catalog.iceberg"));
	assert_true(match("spark.sql.catalog.spark_catalog"));
	assert_true(match("spark.sql.catalog.iceberg.io-impl"));
	assert_true(match("spark.sql.catalog.iceberg.catalog-impl"));
	assert_true(match("spark.plugins"));
	assert_true(match("spark.driver.plugins"));
	assert_true(match("spark.executor.plugins"));
	assert_true(match("spark.serializer"));
	assert_true(match("spark.kryo.registrator"));
	assert_true(match("spark.shuffle.manager"));
	assert_true(match("spark.sql.queryExecutionListeners"));
	assert_true(match("spark.openlineage.transport.auth.type"));
	assert_true(match("spark.metrics.conf.*.sink.prometheus.class"));
	assert_true(match("spark.hadoop.fs.s3a.impl"));
	/* not class-valued */
	assert_false(match("spark.sql.catalog.iceberg.type"));
	assert_false(match("spark.sql.catalog.iceberg.uri"));
	assert_false(match("spark.sql.catalog"));
	assert_false(match("spark.sql.catalog..io-impl"));
	assert_false(match("spark.sql.catalog.a.b.io-impl"));
	assert_false(match("spark.extraListenersX"));
	assert_false(match("spark.jars"));
	assert_false(match("spark.sql.catalogImplementation"));
	assert_false(match(""));
}

static bool is_class(const char *s)
{
	return classref_is_class_name(s, strlen(s));
}

static void test_class_names(void **state)
{
	(void)state;
	assert_true(is_class("org.example.Foo"));
	assert_true(is_class("a.B$C"));
	assert_true(
	    is_class("io.openlineage.spark.agent.OpenLineageSparkListener"));
	assert_false(is_class("rest"));
	assert_false(is_class("hive"));
	assert_false(is_class("1.2"));
	assert_false(is_class("http://rest:8181"));
	assert_false(is_class("s3://bucket/path"));
	assert_false(is_class("org."));
	assert_false(is_class(".org.Foo"));
	assert_false(is_class("org..Foo"));
	assert_false(is_class("org.example.Foo bar"));
	assert_false(is_class("tungsten-sort"));
	assert_false(is_class(""));
	assert_true(classref_is_jdk("java.lang.String"));
	assert_true(classref_is_jdk("javax.management.ObjectName"));
	assert_true(classref_is_jdk("jdk.internal.Foo"));
	assert_true(classref_is_jdk("sun.misc.Unsafe"));
	assert_false(classref_is_jdk("javaxx.Foo"));
	assert_false(classref_is_jdk("org.apache.spark.SparkContext"));
}

static struct jar_class core_classes[] = {
    {(char *)"org/apache/spark/SparkContext.class", 1, 10},
    {(char *)"org/apache/spark/serializer/JavaSerializer.class", 2, 10},
    {(char *)"org/apache/spark/serializer/KryoSerializer$$anon$1.class", 3, 10},
    {(char *)"org/apache/spark/serializer/KryoSerializer.class", 4, 10},
};
static struct jar_class lineage_classes[] = {
    {(char *)"META-INF/versions/11/io/openlineage/Only11.class", 5, 10},
    {(char *)"io/openlineage/spark/agent/OpenLineageSparkListener.class", 6,
     10},
};
static struct jar_class iceberg_classes[] = {
    {(char *)"org/apache/iceberg/aws/s3/S3FileIO.class", 7, 10},
    {(char *)"org/apache/iceberg/spark/SparkCatalog.class", 8, 10},
};

#define INFO(a)                                                                \
	{                                                                      \
		.has_manifest_mf = true, .nr_entries = sizeof(a) / sizeof(*a), \
		.classes = a, .nr_classes = sizeof(a) / sizeof(*a),            \
	}

static const struct jar_info core = INFO(core_classes);
static const struct jar_info lineage = INFO(lineage_classes);
static const struct jar_info iceberg = INFO(iceberg_classes);

static void fill(struct classpath *cp)
{
	classpath_add(cp, "spark-core_2.12-3.5.1.jar", &core);
	classpath_add(cp, "openlineage-spark_2.12-1.28.0.jar", &lineage);
	classpath_add(cp, "iceberg.jar", &iceberg);
}

static void test_classpath(void **state)
{
	struct classpath cp = CLASSPATH_INIT;
	const struct classpath_entry *e;

	(void)state;
	fill(&cp);
	e = classpath_find(&cp, "org.apache.spark.serializer.KryoSerializer");
	assert_non_null(e);
	assert_string_equal(e->jar, "spark-core_2.12-3.5.1.jar");
	assert_non_null(classpath_find(
	    &cp, "org.apache.spark.serializer.KryoSerializer$$anon$1"));
	assert_null(classpath_find(&cp, "org.apache.spark.Nope"));
	/* versioned entries are not the base JVM's classes */
	assert_null(
	    classpath_find(&cp, "META-INF.versions.11.io.openlineage.Only11"));
	assert_null(classpath_find(&cp, "io.openlineage.Only11"));

	/* a typo in the simple name */
	e = classpath_nearest(
	    &cp, "io.openlineage.spark.agent.OpenLineageSparkListenr");
	assert_non_null(e);
	assert_string_equal(
	    e->name,
	    "io/openlineage/spark/agent/OpenLineageSparkListener.class");
	/* case */
	e = classpath_nearest(&cp, "org.apache.iceberg.aws.s3.S3FileIo");
	assert_non_null(e);
	assert_string_equal(e->name,
			    "org/apache/iceberg/aws/s3/S3FileIO.class");
	/* the same class in another package */
	e = classpath_nearest(&cp, "org.apache.iceberg.SparkCatalog");
	assert_non_null(e);
	assert_string_equal(e->name,
			    "org/apache/iceberg/spark/SparkCatalog.class");
	/* nothing like it; inner classes are not offered for a top name */
	assert_null(classpath_nearest(&cp, "com.example.AbsentPlugin"));
	e = classpath_nearest(&cp,
			      "org.apache.spark.serializer.KryoSerialiser");
	assert_non_null(e);
	assert_string_equal(e->name,
			    "org/apache/spark/serializer/KryoSerializer.class");
	classpath_release(&cp);
	classpath_release(&cp); /* harmless twice */
}

static size_t check(struct classpath *cp, const char *key, const char *value,
		    struct findings *f)
{
	struct classref_setting s = {"spark-defaults.conf", 3, 1, key, value};

	return classref_check(cp, &s, f);
}

static void test_check(void **state)
{
	struct classpath cp = CLASSPATH_INIT;
	struct findings f = FINDINGS_INIT;

	(void)state;
	fill(&cp);
	/* satisfied: the base's own JARs, the JDK */
	assert_int_equal(check(&cp, "spark.serializer",
			       "org.apache.spark.serializer.KryoSerializer",
			       &f),
			 0);
	assert_int_equal(
	    check(&cp, "spark.kryo.registrator", "javax.management.Foo", &f),
	    0);
	/* not class names: not checked */
	assert_int_equal(check(&cp, "spark.sql.catalog.iceberg", "rest", &f),
			 0);
	assert_int_equal(check(&cp, "spark.shuffle.manager", "sort", &f), 0);
	/* keys outside the table: ignored */
	assert_int_equal(check(&cp, "spark.app.name", "com.example.Job", &f),
			 0);
	assert_int_equal(
	    check(&cp, "spark.sql.catalog.iceberg.type", "com.example.X", &f),
	    0);
	assert_int_equal(f.nr, 0);
	/* a list, item by item, blanks around items */
	assert_int_equal(
	    check(&cp, "spark.extraListeners",
		  " io.openlineage.spark.agent.OpenLineageSparkListener ,"
		  "com.example.Gone,, org.apache.spark.SparkContext",
		  &f),
	    1);
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.items[0].rule, "class-not-found");
	assert_int_equal(f.items[0].severity, SEVERITY_ERROR);
	assert_int_equal(f.items[0].line, 3);
	assert_string_equal(
	    f.items[0].message,
	    "'spark.extraListeners' names class "
	    "'com.example.Gone', which no JAR of the class path "
	    "provides");
	/* not a list key: a comma makes it no class name */
	assert_int_equal(check(&cp, "spark.serializer", "a.B,c.D", &f), 0);
	/* a typo: the nearest class and its JAR */
	assert_int_equal(check(&cp, "spark.sql.catalog.lake.io-impl",
			       "org.apache.iceberg.aws.s3.S3FileIo", &f),
			 1);
	assert_string_equal(
	    f.items[1].message,
	    "'spark.sql.catalog.lake.io-impl' names class "
	    "'org.apache.iceberg.aws.s3.S3FileIo', which no JAR of the class "
	    "path provides; nearest: 'org.apache.iceberg.aws.s3.S3FileIO' in "
	    "'iceberg.jar'");
	findings_release(&f);
	classpath_release(&cp);
}

static void test_java_versions(void **state)
{
	static const char release[] = "IMPLEMENTOR=\"Eclipse Adoptium\"\n"
				      "JAVA_RUNTIME_VERSION=\"99\"\n"
				      "JAVA_VERSION=\"11.0.22\"\n";

	(void)state;
	assert_int_equal(bytecode_java_feature("11.0.22"), 11);
	assert_int_equal(bytecode_java_feature("1.8.0_392"), 8);
	assert_int_equal(bytecode_java_feature("jdk-17.0.9+9"), 17);
	assert_int_equal(bytecode_java_feature("jdk8u392-b08"), 8);
	assert_int_equal(bytecode_java_feature("21"), 21);
	assert_int_equal(bytecode_java_feature("\"17\""), 17);
	assert_int_equal(bytecode_java_feature(""), 0);
	assert_int_equal(bytecode_java_feature("none"), 0);
	assert_int_equal(bytecode_java_feature(NULL), 0);
	assert_int_equal(bytecode_release_feature(release, strlen(release)),
			 11);
	assert_int_equal(bytecode_release_feature("X=1\n", 4), 0);
}

static void test_bytecode_check(void **state)
{
	struct jar_info j = JAR_INFO_INIT;
	struct findings f = FINDINGS_INIT;

	(void)state;
	j.max_major = 61;
	j.max_major_class = (char *)"org/x/New.class";
	assert_false(bytecode_check("/j.jar", &j, 17, "s", &f));
	assert_false(bytecode_check("/j.jar", &j, 21, "s", &f));
	assert_false(bytecode_check("/j.jar", &j, 0, "s", &f)); /* unknown */
	assert_true(bytecode_check("/j.jar", &j, 11, "JAVA_VERSION", &f));
	assert_int_equal(f.nr, 1);
	assert_string_equal(f.items[0].rule, "bytecode-too-new");
	assert_string_equal(f.items[0].file, "/j.jar");
	assert_string_equal(f.items[0].message,
			    "classes for Java 17 (class-file version 61, e.g. "
			    "'org/x/New.class') cannot load on the image's "
			    "Java 11 (JAVA_VERSION)");
	j.max_major = 0; /* no class read */
	assert_false(bytecode_check("/j.jar", &j, 8, "s", &f));
	findings_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_table),
	    cmocka_unit_test(test_class_names),
	    cmocka_unit_test(test_classpath),
	    cmocka_unit_test(test_check),
	    cmocka_unit_test(test_java_versions),
	    cmocka_unit_test(test_bytecode_check),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
