/* fetch_run on file:// JARs (no network): stale-file removal, unpinned
 * JARs with and without learn, mismatches, --offline, and the JSON. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include "core/inflate.h"

#include "core/digest.h"
#include "fetch/fetch.h"
#include "manifest/manifest.h"
#include "out/progress.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char root[64];
static char jar_sha[DIGEST_HEX_MAX];
static size_t jar_size;

static void put16(struct strbuf *sb, unsigned v)
{
	strbuf_addch(sb, (char)(v & 255));
	strbuf_addch(sb, (char)(v >> 8));
}

static void put32(struct strbuf *sb, uint32_t v)
{
	put16(sb, v & 0xffff);
	put16(sb, v >> 16);
}

/* A stored zip: the smallest real JAR, one META-INF/MANIFEST.MF. */
static void make_jar(const char *path)
{
	static const char name[] = "META-INF/MANIFEST.MF";
	static const char body[] = "Manifest-Version: 1.0\r\n\r\n";
	uint32_t crc = inflate_crc32(body, sizeof(body) - 1);
	struct strbuf sb = STRBUF_INIT;
	size_t cd, cd_size;
	FILE *f;

	put32(&sb, 0x04034b50);
	put16(&sb, 10), put16(&sb, 0), put16(&sb, 0), put16(&sb, 0);
	put16(&sb, 0x21), put32(&sb, crc);
	put32(&sb, sizeof(body) - 1), put32(&sb, sizeof(body) - 1);
	put16(&sb, sizeof(name) - 1), put16(&sb, 0);
	strbuf_adds(&sb, name);
	strbuf_adds(&sb, body);
	cd = sb.len;
	put32(&sb, 0x02014b50);
	put16(&sb, 20), put16(&sb, 10), put16(&sb, 0), put16(&sb, 0);
	put16(&sb, 0), put16(&sb, 0x21), put32(&sb, crc);
	put32(&sb, sizeof(body) - 1), put32(&sb, sizeof(body) - 1);
	put16(&sb, sizeof(name) - 1), put16(&sb, 0), put16(&sb, 0);
	put16(&sb, 0), put16(&sb, 0), put32(&sb, 0), put32(&sb, 0);
	strbuf_adds(&sb, name);
	cd_size = sb.len - cd;
	put32(&sb, 0x06054b50);
	put16(&sb, 0), put16(&sb, 0), put16(&sb, 1), put16(&sb, 1);
	put32(&sb, (uint32_t)cd_size);
	put32(&sb, (uint32_t)cd);
	put16(&sb, 0);
	f = fopen(path, "wb");
	assert_non_null(f);
	fwrite(sb.buf, 1, sb.len, f);
	fclose(f);
	digest_buffer(DIGEST_SHA256, sb.buf, sb.len, jar_sha);
	jar_size = sb.len;
	strbuf_release(&sb);
}

static int setup(void **state)
{
	char *path;

	(void)state;
	strcpy(root, "/tmp/jarbake-test-fetch.XXXXXX");
	if (!mkdtemp(root))
		return -1;
	path = xasprintf("%s/agent.jar", root);
	make_jar(path);
	free(path);
	setenv("JARBAKE_CACHE", "/nonexistent-use-the-option", 1);
	return 0;
}

static int teardown(void **state)
{
	char *cmd = xasprintf("rm -rf '%s'", root);
	int rc = system(cmd);

	(void)state;
	free(cmd);
	return rc ? -1 : 0;
}

/* A manifest of one file:// JAR with the given pin ("" for none). */
static void load(struct manifest *m, const char *sha, const char *extra)
{
	struct error e = ERROR_INIT;
	char *text = xasprintf(
	    "{\n  \"schema\": 1,\n  \"image\": {\"name\": \"t\", \"base\": "
	    "\"apache/spark:3.5.1\", \"spark_version\": \"3.5.1\", "
	    "\"scala_version\": \"2.12\", \"jars_dir\": \"/opt/spark/jars\", "
	    "\"user\": \"spark\"},\n  \"repository\": "
	    "\"https://repo.example.org/m2\",\n  \"jars\": [\n    "
	    "{\"name\": \"agent\", \"version\": \"1.0\", \"url\": "
	    "\"file://%s/agent.jar\"%s%s%s%s}\n  ]\n}\n",
	    root, *sha ? ", \"sha256\": \"" : "", sha, *sha ? "\"" : "", extra);

	if (manifest_parse(m, "m.json", text, strlen(text), &e))
		fail_msg("manifest: %s", e.message);
	free(text);
}

static char *sub(const char *name)
{
	return xasprintf("%s/%s", root, name);
}

static void touch(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(p, "w");

	assert_non_null(f);
	fputs("x", f);
	fclose(f);
	free(p);
}

static bool exists(const char *dir, const char *name)
{
	char *p = xasprintf("%s/%s", dir, name);
	bool ok = access(p, F_OK) == 0;

	free(p);
	return ok;
}

static void options(struct fetch_options *o, const char *dest,
		    const char *cache)
{
	memset(o, 0, sizeof(*o));
	o->dest_dir = dest;
	o->cache_dir = cache;
	o->retries = -1;
}

static void test_places_and_removes_stale(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct fetch_options o;
	struct fetch_result r[1];
	struct error e = ERROR_INIT;
	char *dest = sub("d1"), *cache = sub("c1");

	(void)state;
	load(&m, jar_sha, "");
	assert_int_equal(mkdir(dest, 0755), 0);
	touch(dest, "agent-0.9.jar");
	touch(dest, "notes.txt");
	touch(dest, ".agent.jar.1.0.jarbake-tmp");
	touch(dest, "agent.jar"); /* wrong content under the right name */
	options(&o, dest, cache);
	assert_int_equal(fetch_run(&m, &o, r, &e), 0);
	assert_true(r[0].ok);
	assert_false(r[0].from_cache);
	assert_string_equal(r[0].sha256, jar_sha);
	assert_int_equal(r[0].size, jar_size);
	assert_true(exists(dest, "agent.jar"));
	assert_true(exists(dest, "notes.txt"));
	assert_false(exists(dest, "agent-0.9.jar"));
	assert_false(exists(dest, ".agent.jar.1.0.jarbake-tmp"));

	/* again: from the cache */
	assert_int_equal(fetch_run(&m, &o, r, &e), 0);
	assert_true(r[0].from_cache);
	manifest_release(&m);
	free(dest);
	free(cache);
}

static void test_unpinned(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct fetch_options o;
	struct fetch_result r[1];
	struct error e = ERROR_INIT;
	char *cache = sub("c2"), *entry;

	(void)state;
	load(&m, "", "");
	options(&o, NULL, cache);
	assert_int_equal(fetch_run(&m, &o, r, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.message, "jarbake lock"));
	assert_string_equal(e.file, "m.json");

	/* lock's way: learn the hash, into the cache only */
	err_clear(&e);
	o.accept_unpinned = true;
	assert_int_equal(fetch_run(&m, &o, r, &e), 0);
	assert_true(r[0].ok);
	assert_string_equal(r[0].sha256, jar_sha);
	assert_int_equal(r[0].size, jar_size);
	entry = xasprintf("%s/sha256/%.2s/%s", cache, jar_sha, jar_sha);
	assert_int_equal(access(entry, F_OK), 0);
	free(entry);
	manifest_release(&m);
	free(cache);
}

static void test_mismatch_and_offline(void **state)
{
	struct manifest m = MANIFEST_INIT;
	struct fetch_options o;
	struct fetch_result r[1];
	struct error e = ERROR_INIT;
	char *dest = sub("d3"), *cache = sub("c3");
	char wrong[DIGEST_HEX_MAX];
	FILE *mem;
	char *json = NULL;
	size_t json_len = 0;

	(void)state;
	digest_buffer(DIGEST_SHA256, "", 0, wrong);
	load(&m, wrong, "");
	options(&o, dest, cache);
	assert_int_equal(fetch_run(&m, &o, r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	assert_non_null(strstr(e.message, wrong));
	assert_non_null(strstr(e.message, jar_sha));
	assert_false(r[0].ok);
	assert_true(r[0].error.set);
	assert_false(exists(dest, "agent.jar"));
	mem = open_memstream(&json, &json_len);
	progress_print_json(mem, &m, r, EXIT_CHECK);
	fclose(mem);
	assert_non_null(strstr(json, "\"ok\": false"));
	assert_non_null(strstr(json, "\"exit_code\": 1"));
	assert_non_null(strstr(json, "sha256 mismatch"));
	free(json);
	manifest_release(&m);

	/* a wrong size */
	err_clear(&e);
	load(&m, jar_sha, ", \"size\": 1");
	assert_int_equal(fetch_run(&m, &o, r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	manifest_release(&m);

	/* offline, empty cache */
	err_clear(&e);
	load(&m, jar_sha, "");
	o.offline = true;
	assert_int_equal(fetch_run(&m, &o, r, &e), -1);
	assert_int_equal(e.code, EXIT_IO);
	assert_non_null(strstr(e.message, "offline"));
	manifest_release(&m);
	free(dest);
	free(cache);
}

static void test_format_size(void **state)
{
	char buf[32];

	(void)state;
	assert_string_equal(progress_format_size(0, buf, sizeof(buf)), "0 B");
	assert_string_equal(progress_format_size(1023, buf, sizeof(buf)),
			    "1023 B");
	assert_string_equal(progress_format_size(1536, buf, sizeof(buf)),
			    "1.5 KiB");
	assert_string_equal(
	    progress_format_size(UINT64_C(70) << 20, buf, sizeof(buf)),
	    "70.0 MiB");
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_places_and_removes_stale),
	    cmocka_unit_test(test_unpinned),
	    cmocka_unit_test(test_mismatch_and_offline),
	    cmocka_unit_test(test_format_size),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
