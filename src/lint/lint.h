#ifndef JARBAKE_LINT_H
#define JARBAKE_LINT_H

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
