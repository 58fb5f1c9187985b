/* The jar module on a JAR of 70,000 class entries (iceberg-aws-bundle has
 * more than 65,535): every per-entry array grows geometrically, so reading
 * it takes a few dozen reallocations, not one per entry (issue #11: the
 * name offsets were reallocated for every class, quadratic under ASan). */
/* wrap: -Wl,--wrap=realloc */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "jar/jar.h"
#include "core/xalloc.h"

#define ENTRIES 70000
/* Geometric growth (x1.5 from 8) of a handful of arrays and buffers to
 * 70,000 elements needs about 25 steps each; one per entry is 70,000. */
#define MAX_REALLOCS 600

void *__real_realloc(void *p, size_t n);
void *__wrap_realloc(void *p, size_t n);
static size_t reallocs;

void *__wrap_realloc(void *p, size_t n)
{
	reallocs++;
	return __real_realloc(p, n);
}

static char dir[] = "/tmp/jarbake-test-jar-large.XXXXXX";
static char *jar;

static const char gen_py[] =
    "import sys, zipfile\n"
    "with zipfile.ZipFile(sys.argv[1], 'w', zipfile.ZIP_STORED) as z:\n"
    "    z.writestr('META-INF/MANIFEST.MF', 'Manifest-Version: 1.0\\r\\n')\n"
    "    for i in range(int(sys.argv[2])):\n"
    "        z.writestr('org/example/p%d/C%d.class' % (i % 97, i), b'')\n";

static int setup(void **state)
{
	char *cmd;
	FILE *py;
	int rc;

	(void)state;
	if (!mkdtemp(dir))
		return -1;
	jar = xasprintf("%s/large.jar", dir);
	cmd = xasprintf("python3 - %s %d", jar, ENTRIES);
	py = popen(cmd, "w");
	free(cmd);
	if (!py)
		return -1;
	fputs(gen_py, py);
	rc = pclose(py);
	return rc == 0 ? 0 : -1;
}

static int teardown(void **state)
{
	(void)state;
	unlink(jar);
	rmdir(dir);
	free(jar);
	return 0;
}

static void check(const struct jar_info *info)
{
	assert_int_equal(info->nr_entries, ENTRIES + 1);
	assert_int_equal(info->nr_classes, ENTRIES);
	assert_true(info->has_manifest_mf);
	/* sorted by name, names intact */
	for (size_t i = 1; i < info->nr_classes; i++)
		assert_true(strcmp(info->classes[i - 1].name,
				   info->classes[i].name) < 0);
	assert_non_null(strstr(info->classes[0].name, ".class"));
}

static void test_file(void **state)
{
	struct jar_info info = JAR_INFO_INIT;
	struct error e = ERROR_INIT;
	size_t before = reallocs;

	(void)state;
	assert_int_equal(jar_read_file(jar, JAR_READ_CLASSES, &info, &e), 0);
	print_message("jar_read_file: %zu reallocations for %d entries\n",
		      reallocs - before, ENTRIES);
	assert_true(reallocs - before < MAX_REALLOCS);
	check(&info);
	jar_info_release(&info);
}

static void test_stream(void **state)
{
	struct jar_info info = JAR_INFO_INIT;
	struct error e = ERROR_INIT;
	struct jar_stream *s;
	char buf[65536];
	size_t n, before = reallocs;
	FILE *f = fopen(jar, "rb");

	(void)state;
	assert_non_null(f);
	s = jar_stream_new(JAR_READ_CLASSES);
	while ((n = fread(buf, 1, sizeof(buf), f)) > 0)
		jar_stream_feed(s, buf, n);
	fclose(f);
	assert_int_equal(jar_stream_finish(s, "large.jar", &info, &e), 0);
	print_message("jar_stream: %zu reallocations for %d entries\n",
		      reallocs - before, ENTRIES);
	assert_true(reallocs - before < MAX_REALLOCS);
	check(&info);
	jar_info_release(&info);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_file),
	    cmocka_unit_test(test_stream),
	};

	return cmocka_run_group_tests(tests, setup, teardown);
}
