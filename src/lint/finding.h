#ifndef JARBAKE_LINT_FINDING_H
#define JARBAKE_LINT_FINDING_H

#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"
#include "lint/scan.h"

/*
 * Findings of one linted file: positions taken from a scanner's buffer to
 * the file (lines, columns in characters), suppression comments
 * ("# jarbake: allow RULE -- REASON" on the line or the line above).
 */

/* Per-file state shared by every context of one file. */
struct lint_file {
	const char *display; /* path named in findings */
	const char *text;    /* the whole file, for suppressions; may be NULL */
	size_t len;
	struct findings *out;
	size_t out_from;    /* where this file's findings start in out */
	size_t reports;	    /* findings added since duplicates were dropped */
	bool findings_full; /* LINT_FILE_FINDINGS_MAX reached: no more */
	/* built on the first finding (lint_file_release frees it): per
	 * block of LINT_INDEX_BLOCK bytes, the newlines and characters
	 * before it, and the suppression comments; each finding then costs
	 * a lookup, not a pass over the file or its line */
	struct lint_index *index;
	struct findings *notes; /* warnings: fallbacks, caps; may be NULL */
	size_t notes_from;	/* where this file's notes start in notes */
	enum lint_format format;
	bool fell_back;
	unsigned caps;
};

/* Frees what the findings of f built (its index). */
void lint_file_release(struct lint_file *f);

/* Findings kept for one file, duplicates aside: a file of 16 MiB could
 * make millions (and their report gigabytes). */
#define LINT_FILE_FINDINGS_MAX 10000

/* Records a finding of rule_id at (line, col) of ctx's buffer unless a
 * suppression comment covers it. */
void lint_report(const struct lint_ctx *ctx, unsigned line, unsigned col,
		 const char *rule_id, const char *fmt, ...)
    __attribute__((format(printf, 5, 6)));

/* Reports suppression comments without a rule or a reason, as rule_id. */
void lint_check_directives(struct lint_file *f, const char *rule_id);

/* Drops findings from index start on that repeat an earlier one of them
 * (a YAML alias shows the same node twice). */
void lint_drop_duplicates(struct findings *f, size_t start);

#endif
