/* libFuzzer harness: an ignore pattern and a path (the bytes before and
 * after the first newline) through lint's glob matcher, which once took
 * exponential time on "**" + "/" repeated over deep paths. */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "lint/lint_walk.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	const uint8_t *nl = memchr(data, '\n', size);
	size_t plen = nl ? (size_t)(nl - data) : size;
	char *pattern, *path;

	/* the walk's caps: a pattern line of an ignore file, a path */
	if (plen > 1024 || size - plen > 4096)
		return 0;
	pattern = strndup((const char *)data, plen);
	path =
	    strndup(nl ? (const char *)nl + 1 : "", nl ? size - plen - 1 : 0);
	if (pattern && path)
		lint_glob_match(pattern, path);
	free(pattern);
	free(path);
	return 0;
}
