#ifndef JARBAKE_MANIFEST_EDIT_H
#define JARBAKE_MANIFEST_EDIT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "manifest/manifest.h"
#include "core/strbuf.h"

/*
 * In-place edits of a manifest's text for "jarbake lock": each edit
 * replaces one value, or inserts one member copying the separators of its
 * neighbours, and leaves every other byte as it was, so that a version
 * bump is a diff of a few lines. The text is rescanned for every edit.
 */
struct manifest_edit {
	char *path; /* for messages */
	struct strbuf text;
};

#define MANIFEST_EDIT_INIT                                                     \
	{                                                                      \
		NULL, STRBUF_INIT                                              \
	}

/* Copies path and the len bytes of text. */
void manifest_edit_init(struct manifest_edit *me, const char *path,
			const char *text, size_t len);

/* Frees the contents and leaves me zeroed; harmless twice. */
void manifest_edit_release(struct manifest_edit *me);

/*
 * The text must be JSON that manifest_parse() accepted: the scanner
 * (jsonloc) does not check syntax. JARs are named by their index in
 * "jars", the same as in struct manifest.
 *
 * Sets member key of the object of JAR number jar (in "jars") to json,
 * a JSON value given as text ("\"abc\"", "42"). An existing value is
 * replaced; a missing member is inserted after the last-placed member
 * whose key is in after (NULL-terminated; NULL or no match: after the
 * last member), with the separator and indentation of its siblings.
 */
int manifest_edit_jar_set(struct manifest_edit *me, size_t jar, const char *key,
			  const char *json, const char *const *after,
			  struct error *e);

/* Whether the object of JAR number jar has member key. */
bool manifest_edit_jar_has(const struct manifest_edit *me, size_t jar,
			   const char *key);

/* The same with value as a JSON string or number. */
int manifest_edit_jar_set_string(struct manifest_edit *me, size_t jar,
				 const char *key, const char *value,
				 const char *const *after, struct error *e);
int manifest_edit_jar_set_uint(struct manifest_edit *me, size_t jar,
			       const char *key, uint64_t value,
			       const char *const *after, struct error *e);

/*
 * Sets the top-level "base_jars" to jars (in the order given), one
 * { "file": ..., "sha256": ... } object per line, indented two spaces
 * deeper than the key. Inserted after "jars" when absent.
 */
int manifest_edit_set_base_jars(struct manifest_edit *me,
				const struct manifest_base_jar *jars, size_t nr,
				struct error *e);

/*
 * Sets "image.base" to base (a string) and "image.base_layers" to layers
 * (JSON strings, one a line, indented two spaces deeper than the key;
 * inserted after "base" when absent).
 */
int manifest_edit_set_base(struct manifest_edit *me, const char *base,
			   char *const *layers, size_t nr, struct error *e);

/* Appends a final newline when the text lacks one. */
void manifest_edit_final_newline(struct manifest_edit *me);

/*
 * Replaces the file at path (symlinks followed) with len bytes of text
 * atomically: a temporary file in the same directory with the old file's
 * mode, fsync, rename, fsync of the directory. When expect is not NULL,
 * the file must still hold exactly expect_len bytes of expect just before
 * the rename (someone edited it meanwhile: EXIT_IO, file untouched).
 */
int manifest_write_atomic(const char *path, const char *text, size_t len,
			  const char *expect, size_t expect_len,
			  struct error *e);

#endif
