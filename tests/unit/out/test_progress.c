#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "out/progress.h"

/* The live display's total line, drawn into memory. */
static char *draw(const uint64_t *expected, size_t nr)
{
	static const char *const names[] = {"a.jar", "b.jar", "c.jar"};
	struct progress *p;
	char *buf = NULL;
	size_t len = 0;
	FILE *out = open_memstream(&buf, &len);

	assert_non_null(out);
	p = progress_new(PROGRESS_LIVE, out, names, nr);
	for (size_t i = 0; i < nr; i++)
		if (expected[i])
			progress_expect(p, i, expected[i]);
	progress_draw(p);
	progress_free(p);
	fclose(out);
	return buf;
}

static void test_total_known_from_the_start(void **state)
{
	const uint64_t sizes[] = {1024, 2048, 1024};
	char size[32], *buf = draw(sizes, 3);

	(void)state;
	progress_format_size(4096, size, sizeof(size));
	assert_non_null(strstr(buf, "[0/3 JARs]"));
	assert_non_null(strstr(buf, size));
	assert_null(strstr(buf, "?"));
	free(buf);
}

static void test_total_unknown_with_an_unpinned_size(void **state)
{
	const uint64_t sizes[] = {1024, 0, 1024};
	char *buf = draw(sizes, 3);

	(void)state;
	assert_non_null(strstr(buf, "[0/3 JARs]"));
	assert_non_null(strstr(buf, "/ ?"));
	free(buf);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_total_known_from_the_start),
	    cmocka_unit_test(test_total_unknown_with_an_unpinned_size),
	};
	return cmocka_run_group_tests(tests, NULL, NULL);
}
