#ifndef JARBAKE_TEST_LINT_RESULT_H
#define JARBAKE_TEST_LINT_RESULT_H

/* For the lint unit tests: lints text as if it were the file name and
 * returns every finding as "line:col rule ..." (sorted), in a static
 * buffer valid until the next call. Include after cmocka.h. */

#include <stdio.h>
#include <string.h>

#include "lint/lint.h"

static inline const char *lint_result(const char *name, const char *text)
{
	static char result[4096];
	struct findings f = FINDINGS_INIT;
	struct error e = ERROR_INIT;
	size_t n = 0;

	result[0] = '\0';
	assert_int_equal(lint_buffer(name, text, strlen(text), &f, &e), 0);
	findings_sort(&f);
	for (size_t i = 0; i < f.nr && n < sizeof(result); i++)
		n += (size_t)snprintf(
		    result + n, sizeof(result) - n, "%s%u:%u %s", i ? " " : "",
		    f.items[i].line, f.items[i].column, f.items[i].rule);
	findings_release(&f);
	return result;
}

#endif
