#ifndef JARBAKE_LINT_DETECT_H
#define JARBAKE_LINT_DETECT_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/scan.h"

/* Which format a file or an embedded document is, from its name (or the
 * target it is written to) and its content. Knows no rule. */

/* A file's format from its path or name and content; LINT_FMT_NONE when
 * it is not one lint reads. */
enum lint_format lint_detect(const char *name, const char *text, size_t len);

/* Whether the name alone says the file is none of lint's formats (prose,
 * data, an archive), so that its content need not be read. */
bool lint_detect_unread(const char *name);

/* An embedded document's format from the target it is written to (a file
 * name, a variable, a YAML key; NULL when unknown), else from its content
 * (lint_detect_content); LINT_FMT_NONE when neither tells. */
enum lint_format lint_detect_embedded(const char *target, size_t target_len,
				      const char *text, size_t len);

/*
 * A text's format from its content only: a shebang; JSON ('{' or '[{'
 * first); YAML (mapping lines "key: value" or "- " items, apiVersion:);
 * Spark properties ("spark.x value" lines). LINT_FMT_NONE otherwise.
 */
enum lint_format lint_detect_content(const char *text, size_t len);

#endif
