/* Licenses a JAR declares: pom.xml <licenses> and MANIFEST.MF's
 * Bundle-License, read tolerantly and with caps. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "jar/jar.h"

static void test_pom_xml(void **state)
{
	static const char pom[] =
	    "<?xml version=\"1.0\"?>\n<project>\n"
	    "  <!-- <licenses><license><name>Old</name></license></licenses> "
	    "-->\n"
	    "  <name>lib</name>\n"
	    "  <licenses>\n"
	    "    <license>\n"
	    "      <name>The Apache Software License,\n"
	    "            Version 2.0</name>\n"
	    "      <url>http://www.apache.org/licenses/LICENSE-2.0.txt</url>\n"
	    "      <distribution>repo</distribution>\n"
	    "    </license>\n"
	    "    <license><name><![CDATA[Foo & Bar]]></name></license>\n"
	    "    <license><name>A &amp; B &lt;1&gt;</name>"
	    "<url>  https://x.example/l  </url></license>\n"
	    "    <license><comments>no name, no url</comments></license>\n"
	    "  </licenses>\n"
	    "  <dependencies><dependency><licenses><license><name>X</name>"
	    "</license></licenses></dependency></dependencies>\n"
	    "</project>\n";
	struct jar_license *l;
	size_t n;

	(void)state;
	n = jar_pom_xml_licenses(pom, strlen(pom), &l);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].name,
			    "The Apache Software License, Version 2.0");
	assert_string_equal(l[0].url,
			    "http://www.apache.org/licenses/LICENSE-2.0.txt");
	assert_string_equal(l[1].name, "Foo & Bar");
	assert_null(l[1].url);
	assert_string_equal(l[2].name, "A & B <1>");
	assert_string_equal(l[2].url, "https://x.example/l");
	jar_licenses_free(l, n);

	/* none, truncated, and the cap */
	assert_int_equal(jar_pom_xml_licenses("<project/>", 10, &l), 0);
	assert_null(l);
	n = jar_pom_xml_licenses("<licenses><license><name>Cut", 28, &l);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].name, "Cut");
	jar_licenses_free(l, n);
	{
		struct strbuf sb = STRBUF_INIT;

		strbuf_adds(&sb, "<licenses>");
		for (int i = 0; i < 100; i++)
			strbuf_addf(&sb, "<license><name>L%d</name></license>",
				    i);
		strbuf_adds(&sb, "</licenses>");
		n = jar_pom_xml_licenses(sb.buf, sb.len, &l);
		assert_int_equal(n, JAR_MAX_LICENSES);
		jar_licenses_free(l, n);
		strbuf_reset(&sb);
		strbuf_adds(&sb, "<licenses><license><name>");
		for (int i = 0; i < 4000; i++)
			strbuf_addch(&sb, 'x');
		strbuf_adds(&sb, "</name></license></licenses>");
		n = jar_pom_xml_licenses(sb.buf, sb.len, &l);
		assert_int_equal(n, 1);
		assert_int_equal(strlen(l[0].name), JAR_LICENSE_TEXT_MAX);
		jar_licenses_free(l, n);
		strbuf_release(&sb);
	}
}

static void test_manifest(void **state)
{
	static const char mf[] =
	    "Manifest-Version: 1.0\r\n"
	    "Bundle-Name: x\r\n"
	    "Bundle-License: Apache-2.0;link=\"https://www.apache.org/licen\r\n"
	    " ses/LICENSE-2.0.txt\";description=\"a, b\", MIT,\r\n"
	    "  http://opensource.org/licenses/BSD-3-Clause\r\n"
	    "Bundle-Version: 1\r\n\r\n";
	struct jar_license *l;
	size_t n;

	(void)state;
	n = jar_manifest_licenses(mf, strlen(mf), &l);
	assert_int_equal(n, 3);
	assert_string_equal(l[0].name, "Apache-2.0");
	assert_string_equal(l[0].url,
			    "https://www.apache.org/licenses/LICENSE-2.0.txt");
	assert_string_equal(l[1].name, "MIT");
	assert_null(l[1].url);
	assert_null(l[2].name);
	assert_string_equal(l[2].url,
			    "http://opensource.org/licenses/BSD-3-Clause");
	jar_licenses_free(l, n);
	assert_int_equal(
	    jar_manifest_licenses("Manifest-Version: 1.0\n", 22, &l), 0);
	assert_int_equal(
	    jar_manifest_licenses("bundle-license: <<EXTERNAL>>\n", 29, &l), 0);
	assert_int_equal(jar_manifest_licenses("Bundle-License:\n", 16, &l), 0);
	assert_int_equal(jar_manifest_licenses("Bundle-License: ,;,\n", 20, &l),
			 0);
	/* NUL bytes count as spaces: never an empty text */
	n = jar_manifest_licenses("Bundle-License: \0\0, a\0b\n", 24, &l);
	assert_int_equal(n, 1);
	assert_string_equal(l[0].name, "a b");
	jar_licenses_free(l, n);
	n = jar_pom_xml_licenses("<licenses><license><name>\0\0</name><url>"
				 "u\0</url></license></licenses>",
				 68, &l);
	assert_int_equal(n, 1);
	assert_null(l[0].name);
	assert_string_equal(l[0].url, "u");
	jar_licenses_free(l, n);
}

static void read_both(const char *path, struct jar_info *file,
		      struct jar_info *stream)
{
	struct error e = ERROR_INIT;
	struct jar_stream *s = jar_stream_new(0);
	unsigned char buf[4096];
	FILE *f = fopen(path, "rb");
	size_t n;

	if (!f)
		fail_msg("%s: not installed (scripts/deps.sh: libjansi-java, "
			 "libguava-java)",
			 path);
	assert_int_equal(jar_read_file(path, 0, file, &e), 0);
	/* odd chunk sizes: entries split across feeds */
	while ((n = fread(buf, 1, 1 + (size_t)rand() % sizeof(buf), f)) > 0)
		jar_stream_feed(s, buf, n);
	fclose(f);
	assert_int_equal(jar_stream_finish(s, path, stream, &e), 0);
}

/* Debian's real JARs, from a file and from a stream alike. */
static void test_real_jars(void **state)
{
	struct jar_info a = JAR_INFO_INIT, b = JAR_INFO_INIT;
	const struct jar_pom *p;

	(void)state;
	/* jansi: pom.xml "The Apache Software License, Version 2.0" and a
	 * Bundle-License URL */
	read_both("/usr/share/java/jansi-2.4.0.jar", &a, &b);
	for (int k = 0; k < 2; k++) {
		const struct jar_info *i = k ? &b : &a;

		assert_int_equal(i->nr_poms, 1);
		p = &i->poms[0];
		assert_string_equal(p->artifact, "jansi");
		assert_int_equal(p->nr_licenses, 1);
		assert_string_equal(p->licenses[0].name,
				    "The Apache Software License, Version 2.0");
		assert_string_equal(
		    p->licenses[0].url,
		    "http://www.apache.org/licenses/LICENSE-2.0.txt");
		assert_int_equal(i->nr_bundle_licenses, 1);
		assert_null(i->bundle_licenses[0].name);
		assert_string_equal(
		    i->bundle_licenses[0].url,
		    "http://www.apache.org/licenses/LICENSE-2.0.txt");
	}
	jar_info_release(&a);
	jar_info_release(&b);
	/* guava: a pom.xml without <licenses>, Bundle-License only */
	read_both("/usr/share/java/guava-31.1-jre.jar", &a, &b);
	for (int k = 0; k < 2; k++) {
		const struct jar_info *i = k ? &b : &a;

		assert_int_equal(i->nr_poms, 1);
		assert_int_equal(i->poms[0].nr_licenses, 0);
		assert_int_equal(i->nr_bundle_licenses, 1);
		assert_non_null(i->bundle_licenses[0].url);
	}
	jar_info_release(&a);
	jar_info_release(&b);
}

/* Headers of MANIFEST.MF: any line ending the JVM accepts (a Class-Path
 * after CR-only lines must not hide), continuations joined. */
static void test_manifest_value(void **state)
{
	static const struct {
		const char *text, *want;
	} cases[] = {
	    {"Manifest-Version: 1.0\r\nClass-Path: a.jar b.jar\r\n\r\n",
	     " a.jar b.jar"},
	    {"Manifest-Version: 1.0\nClass-Path: a.jar\n", " a.jar"},
	    {"Manifest-Version: 1.0\rClass-Path: ../../tmp/e\r vil.jar\r",
	     " ../../tmp/evil.jar"},
	    {"Manifest-Version: 1.0\r\nclass-path: /x.jar", " /x.jar"},
	    {"Manifest-Version: 1.0\r\nX-Class-Path: /x.jar\r\n", NULL},
	    {"", NULL},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++) {
		char *v = jar_manifest_value(
		    cases[i].text, strlen(cases[i].text), "Class-Path");

		if (cases[i].want)
			assert_string_equal(v, cases[i].want);
		else
			assert_null(v);
		free(v);
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_pom_xml),
	    cmocka_unit_test(test_manifest),
	    cmocka_unit_test(test_manifest_value),
	    cmocka_unit_test(test_real_jars),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
