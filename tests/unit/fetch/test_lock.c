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

#include "core/digest.h"
#include "fetch/fetch.h"
#include "image/image.h"
#include "fetch/lock.h"
#include "core/xalloc.h"

/*
 * lock_run against a fake repository and a fake image: fetch_run and the
 * image reader are replaced, so every outcome (new hash, network down,
 * corrupt image) can be produced without a server.
 */
/* clang-format off */
/* wrap: -Wl,--wrap=fetch_run,--wrap=image_read,--wrap=image_list_dir,--wrap=image_release */
/* clang-format on */

#define REPO "https://repo.example/maven2"
#define LIBA_URL(v) REPO "/org/example/liba/" v "/liba-" v ".jar"
#define AGENT_URL(v) "https://dl.example/releases/" v "/agent-" v ".jar"

/* Everything before the JARs, the same in every manifest here. */
#define MANIFEST_HEAD                                                          \
	"{\n"                                                                  \
	"  \"schema\": 1,\n"                                                   \
	"  \"image\": {\n"                                                     \
	"    \"name\": \"t\",\n"                                               \
	"    \"base\": \"apache/spark:3.5.1-python3\",\n"                      \
	"    \"spark_version\": \"3.5.1\",\n"                                  \
	"    \"scala_version\": \"2.12\",\n"                                   \
	"    \"jars_dir\": \"/opt/spark/jars\",\n"                             \
	"    \"user\": \"spark\"\n"                                            \
	"  },\n"                                                               \
	"  \"repository\": \"" REPO "\",\n"                                    \
	"  \"jars\": [\n"

static const char manifest_text[] = MANIFEST_HEAD
    "    {\n"
    "      \"name\": \"liba\",\n"
    "      \"maven\": \"org.example:liba:1.0\",\n"
    "      \"purpose\": \"A\"\n"
    "    },\n"
    "    { \"name\": \"agent\", \"version\": \"2.0\",\n"
    "      \"url\": \"" AGENT_URL(
	"2.0") "\",\n"
	       "      \"file\": \"agent-2.0.jar\", \"purpose\": \"B\" }\n"
	       "  ]\n"
	       "}\n";

/* The fake repository: URL -> body. */
static struct {
	const char *url, *body;
} repo[8];
static bool network_down;
static int fetch_calls;

static void repo_set(const char *url, const char *body)
{
	size_t i = 0;

	while (repo[i].url && strcmp(repo[i].url, url))
		i++;
	repo[i].url = url;
	repo[i].body = body;
}

int __wrap_fetch_run(const struct manifest *m, const struct fetch_options *o,
		     struct fetch_result *results, struct error *e);
int __wrap_fetch_run(const struct manifest *m, const struct fetch_options *o,
		     struct fetch_result *results, struct error *e)
{
	fetch_calls++;
	assert_true(o->accept_unpinned);
	assert_null(o->dest_dir);
	if (network_down)
		return err_set_code(e, EXIT_IO, "connection refused");
	for (size_t i = 0; i < m->nr_jars; i++) {
		size_t k = 0;

		/* lock must not let a warm cache answer for a pinned JAR. */
		assert_string_equal(m->jars[i].sha256, "");
		assert_false(m->jars[i].has_size);
		while (repo[k].url && strcmp(repo[k].url, m->jars[i].url))
			k++;
		if (!repo[k].url)
			return err_set_code(e, EXIT_IO, "'%s': 404",
					    m->jars[i].url);
		digest_buffer(DIGEST_SHA256, repo[k].body, strlen(repo[k].body),
			      results[i].sha256);
		results[i].size = strlen(repo[k].body);
	}
	return 0;
}

/* The fake image: a few files, some in jars_dir. */
static struct image_file image_files[5];
static bool image_corrupt;
static bool image_dangling;	   /* avro-1.11.2.jar: a link to nothing */
static const char *image_odd_name; /* replaces avro-1.11.2.jar's path */

int __wrap_image_read(const char *source, const struct image_options *o,
		      struct image *out, struct error *e);
int __wrap_image_read(const char *source, const struct image_options *o,
		      struct image *out, struct error *e)
{
	static const char *const paths[] = {
	    "/opt/spark/jars/spark-core_2.12-3.5.1.jar",
	    "/opt/spark/jars/agent-2.0.jar", /* the manifest's own */
	    "/opt/spark/jars/README",
	    "/opt/spark/jars/sub/deep.jar",
	    "/opt/spark/jars/avro-1.11.2.jar",
	};

	(void)o;
	if (!strcmp(source, "missing.tar"))
		return err_set(e, "cannot open 'missing.tar'");
	memset(out, 0, sizeof(*out));
	out->files = image_files;
	out->nr_files = 5;
	for (size_t i = 0; i < 5; i++) {
		image_files[i].path = (char *)paths[i];
		image_files[i].is_jar = strstr(paths[i], ".jar") != NULL;
		digest_buffer(DIGEST_SHA256, paths[i], strlen(paths[i]),
			      image_files[i].sha256);
	}
	if (image_dangling)
		image_files[4].sha256[0] = '\0';
	if (image_odd_name)
		image_files[4].path = (char *)image_odd_name;
	if (image_corrupt)
		findings_add(&out->integrity, "layer.tar", 0, 0, SEVERITY_ERROR,
			     "integrity", "blob digest mismatch");
	return 0;
}

size_t __wrap_image_list_dir(const struct image *img, const char *dir,
			     size_t **indexes);
size_t __wrap_image_list_dir(const struct image *img, const char *dir,
			     size_t **indexes)
{
	size_t n = 0, len = strlen(dir);

	*indexes = xcalloc(img->nr_files, sizeof(**indexes));
	for (size_t i = 0; i < img->nr_files; i++)
		if (!strncmp(img->files[i].path, dir, len) &&
		    img->files[i].path[len] == '/' &&
		    !strchr(img->files[i].path + len + 1, '/'))
			(*indexes)[n++] = i;
	return n;
}

void __wrap_image_release(struct image *img);
void __wrap_image_release(struct image *img)
{
	findings_release(&img->integrity);
	memset(img, 0, sizeof(*img));
}

static char dir[64];
static char path[128];

static int setup(void **state)
{
	FILE *f;

	(void)state;
	memset(repo, 0, sizeof(repo));
	network_down = image_corrupt = image_dangling = false;
	image_odd_name = NULL;
	fetch_calls = 0;
	repo_set(LIBA_URL("1.0"), "liba 1.0");
	repo_set(LIBA_URL("1.1"), "liba 1.1");
	repo_set(AGENT_URL("2.0"), "agent 2.0");
	repo_set(AGENT_URL("2.1"), "agent 2.1");
	snprintf(dir, sizeof(dir), "/tmp/test_lock.XXXXXX");
	assert_non_null(mkdtemp(dir));
	snprintf(path, sizeof(path), "%s/m.json", dir);
	f = fopen(path, "w");
	fputs(manifest_text, f);
	fclose(f);
	return 0;
}

static int teardown(void **state)
{
	(void)state;
	unlink(path);
	assert_int_equal(rmdir(dir), 0); /* no temporary file left over */
	return 0;
}

static char *slurp(void)
{
	static char buf[8192];
	FILE *f = fopen(path, "r");
	size_t n = fread(buf, 1, sizeof(buf) - 1, f);

	fclose(f);
	buf[n] = '\0';
	return buf;
}

static const char *sha(const char *body)
{
	static char hex[4][DIGEST_HEX_MAX];
	static int next;
	char *h = hex[next++ % 4];

	digest_buffer(DIGEST_SHA256, body, strlen(body), h);
	return h;
}

/* The pinned manifest, as lock writes it from manifest_text. */
static char *pinned_text(const char *liba_body, const char *agent_body)
{
	return xasprintf(
	    MANIFEST_HEAD
	    "    {\n"
	    "      \"name\": \"liba\",\n"
	    "      \"maven\": \"org.example:liba:1.0\",\n"
	    "      \"sha256\": \"%s\",\n"
	    "      \"size\": %zu,\n"
	    "      \"purpose\": \"A\"\n"
	    "    },\n"
	    "    { \"name\": \"agent\", \"version\": \"2.0\",\n"
	    "      \"url\": \"" AGENT_URL(
		"2.0") "\",\n"
		       "      \"file\": \"agent-2.0.jar\", \"sha256\": \"%s\", "
		       "\"size\": %zu, \"purpose\": \"B\" }\n"
		       "  ]\n"
		       "}\n",
	    sha(liba_body), strlen(liba_body), sha(agent_body),
	    strlen(agent_body));
}

static int run(const struct lock_options *o, struct lock_report *r,
	       struct error *e)
{
	err_clear(e);
	lock_report_release(r);
	return lock_run(path, o, r, e);
}

static void test_pins_unpinned(void **state)
{
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	char *want = pinned_text("liba 1.0", "agent 2.0");
	struct stat before, after;

	(void)state;
	assert_int_equal(run(&o, &r, &e), 0);
	assert_true(r.changed && r.written);
	assert_int_equal(r.nr_jars, 2);
	assert_int_equal(r.jars[0].status, LOCK_PINNED);
	assert_int_equal(r.jars[1].status, LOCK_PINNED);
	assert_string_equal(slurp(), want);

	/* Again: nothing to do, the file is not even rewritten. */
	assert_int_equal(stat(path, &before), 0);
	assert_int_equal(run(&o, &r, &e), 0);
	assert_false(r.changed);
	assert_int_equal(r.jars[0].status, LOCK_UNCHANGED);
	assert_int_equal(stat(path, &after), 0);
	assert_int_equal(before.st_ino, after.st_ino);
	assert_int_equal(fetch_calls, 2); /* it still downloaded */
	assert_string_equal(slurp(), want);
	lock_report_release(&r);
	free(want);
}

static void test_set_maven_and_url(void **state)
{
	struct lock_set sets[2] = {{"liba", "1.1"}, {"agent", "2.1"}};
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	char *want = pinned_text("liba 1.1", "agent 2.1");
	char *p;

	(void)state;
	assert_int_equal(run(&o, &r, &e), 0);
	o.sets = sets;
	o.nr_sets = 2;
	assert_int_equal(run(&o, &r, &e), 0);
	assert_int_equal(r.jars[0].status, LOCK_BUMPED);
	assert_string_equal(r.jars[0].old_version, "1.0");
	assert_string_equal(r.jars[0].new_version, "1.1");
	assert_int_equal(r.jars[1].status, LOCK_BUMPED);
	/* The expected text: versions replaced where they occur. */
	p = strstr(want, "liba:1.0");
	p[7] = '1';
	while ((p = strstr(want, "2.0")) != NULL)
		p[2] = '1';
	assert_string_equal(slurp(), want);
	lock_report_release(&r);
	free(want);
}

static void test_set_dry_run(void **state)
{
	struct lock_set set = {"liba", "1.1"};
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	o.sets = &set;
	o.nr_sets = 1;
	o.dry_run = true;
	assert_int_equal(run(&o, &r, &e), 0);
	assert_true(r.changed);
	assert_false(r.written);
	assert_string_equal(slurp(), manifest_text);
	lock_report_release(&r);
}

/* A manifest of one url JAR named x. */
#define URL_JAR_MANIFEST(version, url)                                         \
	"{ \"schema\": 1, \"image\": { \"name\": \"t\", \"base\": "            \
	"\"b\", \"spark_version\": \"3.5.1\", \"scala_version\": "             \
	"\"2.12\", \"jars_dir\": \"/j\", \"user\": \"u\" },\n"                 \
	"  \"jars\": [ { \"name\": \"x\", \"version\": \"" version "\", "      \
	"\"url\": \"" url "\" } ] }\n"

static void test_set_errors(void **state)
{
	struct lock_set set = {"nope", "1.1"};
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	static const char url_jar[] =
	    URL_JAR_MANIFEST("7", "https://h/latest/x.jar");
	const char *bad[] = {"", "1/2", "a b", "..", "1:2", "\""};
	FILE *f;

	(void)state;
	o.sets = &set;
	o.nr_sets = 1;
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.message, "no JAR named 'nope'"));
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		set.name = "liba";
		set.version = bad[i];
		assert_int_equal(run(&o, &r, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
	}
	{
		struct lock_set twice[2] = {{"liba", "1.1"}, {"liba", "1.2"}};

		o.sets = twice;
		o.nr_sets = 2;
		assert_int_equal(run(&o, &r, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
	}
	assert_int_equal(fetch_calls, 0);
	assert_string_equal(slurp(), manifest_text);

	/* A url JAR whose URL does not hold its version. */
	f = fopen(path, "w");
	fputs(url_jar, f);
	fclose(f);
	set.name = "x";
	set.version = "8";
	o.sets = &set;
	o.nr_sets = 1;
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.message, "does not contain its version"));
	assert_string_equal(slurp(), url_jar);
	lock_report_release(&r);
}

/* A version that also reads as part of the host or port: only the path
 * changes, the download never moves to another server. */
static void test_set_url_host_untouched(void **state)
{
	struct lock_set set = {"x", "3"};
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	static const char url_jar[] =
	    URL_JAR_MANIFEST("2", "https://dl2.example:8002/x/2/x-2.jar");
	FILE *f;

	(void)state;
	f = fopen(path, "w");
	fputs(url_jar, f);
	fclose(f);
	repo_set("https://dl2.example:8002/x/3/x-3.jar", "x 3");
	o.sets = &set;
	o.nr_sets = 1;
	assert_int_equal(run(&o, &r, &e), 0);
	assert_int_equal(r.jars[0].status, LOCK_BUMPED);
	assert_non_null(
	    strstr(slurp(), "\"https://dl2.example:8002/x/3/x-3.jar\""));
	assert_null(strstr(slurp(), "dl3"));

	/* The version only in the host: refused, nothing written. */
	{
		static const char host_only[] =
		    URL_JAR_MANIFEST("2", "https://dl2.example/x/latest/x.jar");

		f = fopen(path, "w");
		fputs(host_only, f);
		fclose(f);
		assert_int_equal(run(&o, &r, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
		assert_non_null(
		    strstr(e.message, "does not contain its version"));
		assert_string_equal(slurp(), host_only);
	}
	lock_report_release(&r);
}

static void test_changed_in_place(void **state)
{
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	char *pinned = pinned_text("liba 1.0", "agent 2.0");
	char *forced = pinned_text("liba 1.0 evil", "agent 2.0");

	(void)state;
	assert_int_equal(run(&o, &r, &e), 0);
	repo_set(LIBA_URL("1.0"), "liba 1.0 evil");
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	assert_int_equal(r.nr_conflicts, 1);
	assert_int_equal(r.jars[0].status, LOCK_CONFLICT);
	assert_non_null(strstr(e.message, "'liba' 1.0"));
	assert_non_null(strstr(e.message, sha("liba 1.0")));
	assert_non_null(strstr(e.message, sha("liba 1.0 evil")));
	assert_non_null(strstr(e.message, "changed the artifact in place"));
	assert_non_null(strstr(e.message, "--force"));
	assert_string_equal(slurp(), pinned);

	/* Two at once: a summary. */
	repo_set(AGENT_URL("2.0"), "agent 2.0 evil");
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(r.nr_conflicts, 2);
	assert_non_null(strstr(e.message, "2 JARs"));
	repo_set(AGENT_URL("2.0"), "agent 2.0");

	/* --force accepts the new hash. */
	o.force = true;
	assert_int_equal(run(&o, &r, &e), 0);
	assert_int_equal(r.jars[0].status, LOCK_REPINNED);
	assert_int_equal(r.jars[1].status, LOCK_UNCHANGED);
	assert_string_equal(slurp(), forced);
	lock_report_release(&r);
	free(pinned);
	free(forced);
}

static void test_network_down(void **state)
{
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;

	(void)state;
	network_down = true;
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_IO);
	assert_string_equal(slurp(), manifest_text);
	lock_report_release(&r);
}

static void test_base(void **state)
{
	struct lock_options o = {0};
	struct lock_report r = LOCK_REPORT_INIT;
	struct error e = ERROR_INIT;
	char *want, *base, *kept;
	const char *text;

	(void)state;
	o.base_image = "base.tar";
	assert_int_equal(run(&o, &r, &e), 0);
	assert_true(r.base && r.base_changed);
	assert_int_equal(r.nr_base_jars, 2);
	want = pinned_text("liba 1.0", "agent 2.0");
	/* After "jars", sorted, without the manifest's own agent-2.0.jar. */
	base = xasprintf(
	    "  ],\n"
	    "  \"base_jars\": [\n"
	    "    { \"file\": \"avro-1.11.2.jar\", \"sha256\": \"%s\" },\n"
	    "    { \"file\": \"spark-core_2.12-3.5.1.jar\", \"sha256\": "
	    "\"%s\" }\n"
	    "  ]\n"
	    "}\n",
	    sha("/opt/spark/jars/avro-1.11.2.jar"),
	    sha("/opt/spark/jars/spark-core_2.12-3.5.1.jar"));
	text = slurp();
	assert_memory_equal(text, want, strlen(want) - strlen("  ]\n}\n"));
	assert_string_equal(text + strlen(want) - strlen("  ]\n}\n"), base);

	/* Same image again: unchanged. */
	assert_int_equal(run(&o, &r, &e), 0);
	assert_false(r.changed);
	assert_false(r.base_changed);

	/* A corrupt or unreadable image: refused before any download. */
	fetch_calls = 0;
	image_corrupt = true;
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	o.base_image = "missing.tar";
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_int_equal(fetch_calls, 0);

	/* A JAR the manifest cannot record: a clear refusal, no internal
	 * error from the self-check, the manifest untouched. */
	image_corrupt = false;
	o.base_image = "base.tar";
	kept = xstrdup(slurp());
	image_dangling = true;
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	assert_non_null(strstr(e.message, "avro-1.11.2.jar"));
	assert_non_null(strstr(e.message, "symbolic link"));
	image_dangling = false;
	image_odd_name = "/opt/spark/jars/odd name.jar";
	assert_int_equal(run(&o, &r, &e), -1);
	assert_int_equal(e.code, EXIT_CHECK);
	assert_non_null(strstr(e.message, "odd name.jar"));
	assert_null(strstr(e.message, "internal error"));
	assert_int_equal(fetch_calls, 0);
	assert_string_equal(slurp(), kept);
	free(kept);
	lock_report_release(&r);
	free(want);
	free(base);
}

static void test_parse_set(void **state)
{
	struct lock_set s;
	struct error e = ERROR_INIT;
	char ok[] = "a=1.0=x", noeq[] = "a", noname[] = "=1", nover[] = "a=";

	(void)state;
	assert_int_equal(lock_parse_set(ok, &s, &e), 0);
	assert_string_equal(s.name, "a");
	assert_string_equal(s.version, "1.0=x");
	assert_int_equal(lock_parse_set(noeq, &s, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	err_clear(&e);
	assert_int_equal(lock_parse_set(noname, &s, &e), -1);
	err_clear(&e);
	assert_int_equal(lock_parse_set(nover, &s, &e), -1);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_pins_unpinned, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_set_maven_and_url, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_set_dry_run, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_errors, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_set_url_host_untouched, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_changed_in_place, setup,
					    teardown),
	    cmocka_unit_test_setup_teardown(test_network_down, setup, teardown),
	    cmocka_unit_test_setup_teardown(test_base, setup, teardown),
	    cmocka_unit_test(test_parse_set),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
