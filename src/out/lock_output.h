#ifndef JARBAKE_LOCK_OUTPUT_H
#define JARBAKE_LOCK_OUTPUT_H

#include <stdbool.h>
#include <stdio.h>

#include "core/error.h"
#include "fetch/lock.h"

/*
 * lock --json: one document on out. manifest, ok, exit_code, dry_run,
 * changed, written; jars (name, status unchanged|pinned|bumped|repinned|
 * conflict, old_version, version, old_sha256, sha256, size); base (jars,
 * changed) or null; errors (each message, with its file). e is the run's
 * error, NULL on success. Returns -1 when out reported a write error.
 */
int lock_print_json(FILE *out, const char *manifest,
		    const struct lock_report *r, bool dry_run, int exit_code,
		    const struct error *e);

#endif
