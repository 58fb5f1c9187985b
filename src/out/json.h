#ifndef JARBAKE_OUT_JSON_H
#define JARBAKE_OUT_JSON_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "core/strbuf.h"

/*
 * The one JSON writer (on jansson): every JSON document jarbake prints
 * (lint's and verify's findings, SARIF, verify's report, the SBOM, fetch
 * --json) is built here, so escaping and layout exist once. Strings need
 * not be valid UTF-8: each invalid byte becomes U+FFFD, and everything
 * beyond ASCII is written as \uXXXX. Layout: two-space indent, keys in
 * the order added.
 *
 * Values go into the innermost open container: with a key inside an
 * object, with key NULL inside an array (or for the root).
 */
struct json_writer;

struct json_writer *jw_new(void);
/* Frees w and everything added; harmless on NULL. */
void jw_free(struct json_writer *w);

void jw_object(struct json_writer *w, const char *key);
void jw_array(struct json_writer *w, const char *key);
/* Closes the innermost open object or array. */
void jw_end(struct json_writer *w);

/* A NULL value is written as null. */
void jw_string(struct json_writer *w, const char *key, const char *value);
void jw_int(struct json_writer *w, const char *key, long long value);
void jw_uint(struct json_writer *w, const char *key, uint64_t value);
void jw_bool(struct json_writer *w, const char *key, bool value);
void jw_null(struct json_writer *w, const char *key);
/* A duration or ratio, rounded to millis (0.123, not 0.12299999). */
void jw_millis(struct json_writer *w, const char *key, double value);

/*
 * Writes the document and a newline to out, then frees w. Returns -1 when
 * out reported an error.
 */
int jw_print(struct json_writer *w, FILE *out);
/* Appends the document and a newline to sb, then frees w. */
void jw_render(struct json_writer *w, struct strbuf *sb);

/* s as valid UTF-8, each invalid byte as U+FFFD; the caller frees. */
char *json_utf8_clean(const char *s);

#endif
