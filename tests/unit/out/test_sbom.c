/* The CycloneDX SBOM: purls, and a rendered document that parses as JSON
 * with the fields CycloneDX 1.5 requires. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "out/license_id.h"
#include "out/sbom.h"

#define H8(c) c c c c c c c c
#define H(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c) H8(c)

static void test_purl(void **state)
{
	char *p;

	(void)state;
	p = sbom_maven_purl("org.apache.spark", "spark-core_2.12", "3.5.1");
	assert_string_equal(p,
			    "pkg:maven/org.apache.spark/spark-core_2.12@3.5.1");
	free(p);
	p = sbom_maven_purl("g", "a b", "1.0+x/y");
	assert_string_equal(p, "pkg:maven/g/a%20b@1.0%2Bx%2Fy");
	free(p);
	p = sbom_maven_purl("g", "a", NULL);
	assert_string_equal(p, "pkg:maven/g/a");
	free(p);
}

static void test_render(void **state)
{
	static const char text[] =
	    "{\"schema\": 1,\n"
	    " \"image\": {\"name\": \"t\", \"base\": \"scratch\", "
	    "\"spark_version\": \"3.5.1\",\n"
	    "  \"scala_version\": \"2.12\", \"jars_dir\": \"/opt/spark/jars\", "
	    "\"user\": \"spark\"},\n"
	    " \"repository\": \"https://repo.example/maven2\",\n"
	    " \"jars\": [\n"
	    "  {\"name\": \"commons-io\", \"maven\": "
	    "\"commons-io:commons-io:2.11.0\",\n"
	    "   \"sha256\": \"" H(
		"a") "\", \"purpose\": \"a \\\"quoted\\\" purpose\"},\n"
		     "  {\"name\": \"agent\", \"version\": \"1.0\", \"url\": "
		     "\"https://me:SBOMTOKEN@x.example/a-1.0.jar?sig=SIG\",\n"
		     "   \"file\": \"agent.jar\", \"sha256\": \"" H(
			 "c") "\"}\n"
			      " ]}\n";
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct error e = ERROR_INIT;
	struct jar_pom pom = {(char *)"org.scala-lang", (char *)"scala-library",
			      (char *)"2.12.18", NULL, 0};
	struct jar_info info = {
	    .has_manifest_mf = true, .poms = &pom, .nr_poms = 1};
	const struct verify_file files[] = {
	    {"/opt/spark/jars/commons-io-2.11.0.jar", H("a"), 10, &info},
	    {"/opt/spark/jars/agent.jar", H("c"), 10, &info},
	    {"/opt/spark/jars/scala-library-2.12.18.jar", H("e"), 10, &info},
	    {"/opt/spark/jars/odd.jar", H("f"), 10, NULL},
	    {"/opt/spark/jars/dangling.jar", "", 0, NULL},
	};
	struct strbuf out = STRBUF_INIT;
	json_error_t je;
	json_t *doc, *comps;
	size_t i;
	json_t *c;
	int seen = 0;

	(void)state;
	assert_int_equal(manifest_parse(&m, "m.json", text, strlen(text), &e),
			 0);
	verify_jars(&m, files, 5, &r);
	sbom_render(&m, &r, "localhost/t:1", NULL,
		    "0b1e4f5c-1111-4222-8333-444455556666",
		    "2026-01-01T00:00:00Z", &out);
	doc = json_loads(out.buf, 0, &je);
	if (!doc)
		fail_msg("not JSON: %s at %d:%d\n%s", je.text, je.line,
			 je.column, out.buf);
	assert_string_equal(
	    json_string_value(json_object_get(doc, "bomFormat")), "CycloneDX");
	assert_string_equal(
	    json_string_value(json_object_get(doc, "specVersion")), "1.5");
	assert_int_equal(json_integer_value(json_object_get(doc, "version")),
			 1);
	assert_string_equal(
	    json_string_value(json_object_get(doc, "serialNumber")),
	    "urn:uuid:0b1e4f5c-1111-4222-8333-444455556666");
	comps = json_object_get(doc, "components");
	assert_int_equal(json_array_size(comps), 5);
	json_array_foreach(comps, i, c)
	{
		const char *name =
		    json_string_value(json_object_get(c, "name"));
		const char *purl =
		    json_string_value(json_object_get(c, "purl"));

		assert_string_equal(
		    json_string_value(json_object_get(c, "type")), "library");
		/* No bytes, no hash: CycloneDX wants a hex digest. */
		if (!strcmp(name, "dangling.jar")) {
			assert_null(json_object_get(c, "hashes"));
			seen |= 16;
			continue;
		}
		assert_non_null(json_object_get(c, "hashes"));
		if (!strcmp(name, "commons-io")) {
			assert_string_equal(
			    purl, "pkg:maven/commons-io/commons-io@2.11.0");
			assert_string_equal(json_string_value(json_object_get(
						c, "description")),
					    "a \"quoted\" purpose");
			seen |= 1;
		} else if (!strcmp(name, "agent")) {
			assert_string_equal(
			    purl, "pkg:generic/agent@1.0?download_url="
				  "https%3A%2F%2Fx.example%2Fa-1.0.jar"
				  "%3Fsig%3D%2A"); /* no user-info, no sig */
			seen |= 2;
		} else if (!strcmp(name, "scala-library")) {
			assert_string_equal(
			    purl,
			    "pkg:maven/org.scala-lang/scala-library@2.12.18");
			seen |= 4;
		} else if (!strcmp(name, "odd.jar")) {
			assert_null(purl);
			seen |= 8;
		}
	}
	assert_int_equal(seen, 31);
	json_decref(doc);
	strbuf_release(&out);
	verify_report_release(&r);
	manifest_release(&m);
}

/* The table: SPDX ids, the names POMs spell, canonical URLs. */
static void test_license_id(void **state)
{
	(void)state;
	assert_string_equal(license_spdx_id("Apache-2.0", NULL), "Apache-2.0");
	assert_string_equal(license_spdx_id("apache-2.0", NULL), "Apache-2.0");
	assert_string_equal(
	    license_spdx_id("The Apache Software License, Version 2.0", NULL),
	    "Apache-2.0");
	assert_string_equal(
	    license_spdx_id("  Apache License,\n\tVersion 2.0 ", NULL),
	    "Apache-2.0");
	assert_string_equal(license_spdx_id("Apache 2.0", NULL), "Apache-2.0");
	assert_string_equal(license_spdx_id("MIT License", NULL), "MIT");
	assert_string_equal(license_spdx_id("New BSD License", NULL),
			    "BSD-3-Clause");
	assert_string_equal(
	    license_spdx_id("Eclipse Public License - v 2.0", NULL), "EPL-2.0");
	assert_string_equal(license_spdx_id(NULL,
					    "https://www.apache.org/licenses/"
					    "LICENSE-2.0.txt"),
			    "Apache-2.0");
	assert_string_equal(
	    license_spdx_id(NULL, "http://apache.org/licenses/LICENSE-2.0"),
	    "Apache-2.0");
	assert_string_equal(
	    license_spdx_id("Apache License",
			    "http://www.apache.org/licenses/LICENSE-2.0.html"),
	    "Apache-2.0");
	assert_string_equal(
	    license_spdx_id(NULL, "https://www.eclipse.org/legal/epl-2.0/"),
	    "EPL-2.0");
	/* not in the table: kept as written by the caller */
	assert_null(license_spdx_id("GPL2 w/ CPE", NULL));
	assert_null(license_spdx_id("Apache", "https://example.invalid/l"));
	assert_null(license_spdx_id("", NULL));
	assert_null(license_spdx_id(NULL, NULL));
	assert_null(license_spdx_id("Apache-2.0 and more", NULL));
}

static json_t *first_component(json_t *doc)
{
	return json_array_get(json_object_get(doc, "components"), 0);
}

/* Licenses and the image digest, in both formats. */
static void test_render_licenses(void **state)
{
	static const char text[] =
	    "{\"schema\": 1, \"image\": {\"name\": \"t\", \"base\": "
	    "\"scratch\", \"spark_version\": \"3.5.1\", \"scala_version\": "
	    "\"2.12\", \"jars_dir\": \"/j\", \"user\": \"spark\"},\n"
	    " \"repository\": \"https://repo.example/maven2\",\n"
	    " \"jars\": [{\"name\": \"x\", \"maven\": \"g:x:1\", \"sha256\": "
	    "\"" H("a") "\"}]}\n";
	static const char digest[] = "sha256:" H("d");
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct error e = ERROR_INIT;
	struct jar_license own[] = {
	    {(char *)"The Apache Software License, Version 2.0",
	     (char *)"http://www.apache.org/licenses/LICENSE-2.0.txt"},
	    {(char *)"Apache License, Version 2.0", NULL}, /* same id: once */
	    {(char *)"Odd License", (char *)"https://odd.example/l"},
	};
	struct jar_license bundled[] = {{(char *)"MIT", NULL}};
	struct jar_license bl[] = {{(char *)"EPL-2.0", NULL}};
	struct jar_pom poms[] = {
	    {(char *)"g", (char *)"x", (char *)"1", own, 3},
	    {(char *)"h", (char *)"y", (char *)"2", bundled, 1},
	};
	struct jar_info info = {.has_manifest_mf = true,
				.poms = poms,
				.nr_poms = 2,
				.bundle_licenses = bl,
				.nr_bundle_licenses = 1};
	const struct verify_file files[] = {
	    {"/j/x-1.jar", H("a"), 10, &info},
	};
	struct strbuf out = STRBUF_INIT;
	json_t *doc, *c, *l, *img;
	const char *got;

	(void)state;
	if (manifest_parse(&m, "m.json", text, strlen(text), &e))
		fail_msg("%s", e.message);
	verify_jars(&m, files, 1, &r);
	sbom_render(&m, &r, "reg.example/t:1", digest,
		    "0b1e4f5c-1111-4222-8333-444455556666",
		    "2026-01-01T00:00:00Z", &out);
	doc = json_loads(out.buf, 0, NULL);
	assert_non_null(doc);
	c = first_component(doc);
	l = json_object_get(c, "licenses");
	/* the own pom.xml wins over Bundle-License; one Apache-2.0 */
	assert_int_equal(json_array_size(l), 2);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_array_get(l, 0), "license"), "id")),
	    "Apache-2.0");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_array_get(l, 1), "license"), "name")),
	    "Odd License");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_array_get(l, 1), "license"), "url")),
	    "https://odd.example/l");
	l = json_object_get(first_component(c), "licenses");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_array_get(l, 0), "license"), "id")),
	    "MIT");
	img = json_object_get(json_object_get(doc, "metadata"), "component");
	assert_string_equal(json_string_value(json_object_get(img, "version")),
			    "1");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(img, "hashes"), 0), "content")),
	    H("d"));
	json_decref(doc);

	/* a ref's own digest wins; no own pom licenses: Bundle-License */
	poms[0].nr_licenses = 0;
	strbuf_reset(&out);
	sbom_render(&m, &r, "reg.example/t@sha256:" H("e"), digest,
		    "0b1e4f5c-1111-4222-8333-444455556666",
		    "2026-01-01T00:00:00Z", &out);
	doc = json_loads(out.buf, 0, NULL);
	assert_non_null(doc);
	img = json_object_get(json_object_get(doc, "metadata"), "component");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(img, "hashes"), 0), "content")),
	    H("e"));
	l = json_object_get(first_component(doc), "licenses");
	assert_string_equal(
	    json_string_value(json_object_get(
		json_object_get(json_array_get(l, 0), "license"), "id")),
	    "EPL-2.0");
	json_decref(doc);

	/* SPDX: licenseDeclared, LicenseRef- defined once */
	poms[0].nr_licenses = 3;
	strbuf_reset(&out);
	sbom_render_spdx(&m, &r, "reg.example/t", digest,
			 "0b1e4f5c-1111-4222-8333-444455556666",
			 "2026-01-01T00:00:00Z", &out);
	doc = json_loads(out.buf, 0, NULL);
	assert_non_null(doc);
	c = json_array_get(json_object_get(doc, "packages"), 1);
	got = json_string_value(json_object_get(c, "licenseDeclared"));
	assert_string_equal(got, "Apache-2.0 AND LicenseRef-Odd-License");
	assert_string_equal(
	    json_string_value(json_object_get(c, "licenseConcluded")),
	    "NOASSERTION");
	l = json_object_get(doc, "hasExtractedLicensingInfos");
	assert_int_equal(json_array_size(l), 1);
	assert_string_equal(json_string_value(json_object_get(
				json_array_get(l, 0), "licenseId")),
			    "LicenseRef-Odd-License");
	img = json_array_get(json_object_get(doc, "packages"), 0);
	assert_string_equal(
	    json_string_value(json_object_get(img, "versionInfo")), digest);
	assert_string_equal(
	    json_string_value(json_object_get(
		json_array_get(json_object_get(img, "checksums"), 0),
		"checksumValue")),
	    H("d"));
	json_decref(doc);
	strbuf_release(&out);
	verify_report_release(&r);
	manifest_release(&m);
}

static void test_write(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	m.path = (char *)"m.json";
	assert_int_equal(
	    sbom_write("/nonexistent-dir/x/sbom.json", &m, &r, "img", 0, &e),
	    -1);
	assert_int_equal(e.code, EXIT_IO);
}

/* The timestamp is the time given, in RFC 3339 UTC. */
static void test_write_timestamp(void **state)
{
	static const struct {
		time_t when;
		const char *want;
	} cases[] = {
	    {0, "1970-01-01T00:00:00Z"},
	    {1700000000, "2023-11-14T22:13:20Z"},
	    {253402300799, "9999-12-31T23:59:59Z"},
	};
	struct manifest m = MANIFEST_INIT;
	struct verify_report r = VERIFY_REPORT_INIT;
	char dir[] = "/tmp/test_sbom.XXXXXX", path[64];

	(void)state;
	m.path = (char *)"m.json";
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/sbom.json", dir);
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct error e = ERROR_INIT;
		json_error_t je;
		json_t *doc;

		assert_int_equal(
		    sbom_write(path, &m, &r, "img", cases[i].when, &e), 0);
		doc = json_load_file(path, 0, &je);
		assert_non_null(doc);
		assert_string_equal(
		    json_string_value(json_object_get(
			json_object_get(doc, "metadata"), "timestamp")),
		    cases[i].want);
		json_decref(doc);
	}
	unlink(path);
	rmdir(dir);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_purl),
	    cmocka_unit_test(test_render),
	    cmocka_unit_test(test_license_id),
	    cmocka_unit_test(test_render_licenses),
	    cmocka_unit_test(test_write),
	    cmocka_unit_test(test_write_timestamp),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
