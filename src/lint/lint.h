#ifndef JARBAKE_LINT_H
#define JARBAKE_LINT_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/findings.h"

/*
 * The rules against run-time JARs and the scanners that find them, used by
 * "jarbake lint" on repository files and by "verify" on what an image
 * carries. Owned by the lint area.
 */

/*
 * Lints the text of one file whose format is recognised from display (its
 * path or name) and content. Findings name display. Returns -1 only when
 * the input cannot be read as text at all.
 */
int lint_buffer(const char *display, const char *text, size_t len,
		struct findings *out, struct error *e);

/* What lint_file tells about a file besides its findings. */
struct lint_file_info {
	int format; /* an index for lint_format_name(); 0: none recognised */
	bool binary;
	bool fell_back; /* part of it could not be parsed as its format */
	unsigned caps;	/* caps that stopped a scanner */
};

/* Rule ids of the notes lint_file adds. */
#define LINT_NOTE_FALLBACK "parse-fallback"
#define LINT_NOTE_CAP "cap-reached"
/* A path of the walk that is not a regular file nor a directory. */
#define LINT_NOTE_SKIPPED "not-regular-file"

/*
 * lint_buffer, and: notes (may be NULL) gets a warning for each place a
 * scanner could not parse the file as its format (where parsing stopped;
 * what a tolerant scan found is still in out) or stopped at a cap; info
 * (may be NULL) says what the file was read as.
 */
int lint_file(const char *display, const char *text, size_t len,
	      struct findings *out, struct findings *notes,
	      struct lint_file_info *info, struct error *e);

/* The formats, for statistics: names of 0 .. lint_format_count() - 1
 * ("other" for 0). */
int lint_format_count(void);
const char *lint_format_name(int format);
/* The format a file's name says (0 when it says none). */
int lint_format_of(const char *name);

/* A Spark setting (spark.KEY = VALUE) that the scanners found in a file;
 * strings borrowed for the call, not NUL-terminated. */
struct lint_found_setting {
	const char *key, *value;
	size_t key_len, value_len;
	unsigned line, col; /* of the key in the file */
};
typedef void (*lint_setting_fn)(void *arg, const struct lint_found_setting *s);

/*
 * Calls fn for every spark.* setting with a text value in text (format
 * recognised as lint_buffer does, embedded documents followed: a Helm
 * values file, a SparkApplication, a notebook...). No rule runs. -1 when
 * the input is not text.
 */
int lint_settings(const char *display, const char *text, size_t len,
		  lint_setting_fn fn, void *arg, struct error *e);

/* Lints one command line, e.g. an image's Cmd or Entrypoint. */
void lint_argv(const char *origin, char *const *argv, size_t argc,
	       struct findings *out);

/*
 * Lints the command an image runs: entrypoint followed by cmd (either may be
 * empty), so that a launcher ENTRYPOINT with options in CMD is seen whole.
 * Findings name origin. Use it instead of lint_argv on each array.
 */
void lint_command(const char *origin, char *const *entrypoint,
		  size_t nr_entrypoint, char *const *cmd, size_t nr_cmd,
		  struct findings *out);

/* Lints one environment assignment "NAME=value", e.g. from an image's Env. */
void lint_env(const char *origin, const char *assignment, struct findings *out);

#endif
