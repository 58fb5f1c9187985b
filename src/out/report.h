#ifndef JARBAKE_REPORT_H
#define JARBAKE_REPORT_H

#include <stdio.h>

#include "core/findings.h"

/* The one printer of findings, in every output format. */
enum report_format {
	REPORT_TEXT, /* PATH:LINE:COL: error: MESSAGE [RULE] (GCC style) */
	REPORT_JSON,
	REPORT_SARIF,  /* SARIF 2.1.0 */
	REPORT_GITHUB, /* ::error file=...,line=...,col=...::MESSAGE */
};

/* Parses "text", "json", "sarif", "github"; returns -1 on anything else. */
int report_format_parse(const char *name, enum report_format *out);

/*
 * Writes findings to out in format. tool_command names the command
 * ("lint", "verify") for formats that record it. Returns -1 when out
 * reported a write error.
 */
int report_print(FILE *out, enum report_format format,
		 const struct findings *findings, const char *tool_command);

/*
 * report_print with notes: warnings about what could not be checked (a
 * file not parsed as its format, a cap). JSON lists them after the
 * findings (severity "warning"), SARIF as the invocation's
 * toolExecutionNotifications, GitHub as ::warning annotations; the text
 * format leaves them to the caller (standard error). notes may be NULL.
 */
int report_print_notes(FILE *out, enum report_format format,
		       const struct findings *findings,
		       const struct findings *notes, const char *tool_command);

/* What a report records about its run (SARIF's invocation and artifacts). */
struct report_run {
	const char *command; /* "lint", "verify" */
	int argc;	     /* the command line, from "jarbake" on */
	char *const *argv;
	const char *image; /* verify: the image its findings' paths are in */
	const char *cwd;   /* absolute; relative finding paths start here */
	const char *root;  /* absolute: the repository's top (%SRCROOT%) */
	const struct findings *notes; /* as report_print_notes, or NULL */
};

/* report_print_notes with the run recorded (the arguments, the image). */
int report_print_run(FILE *out, enum report_format format,
		     const struct findings *findings,
		     const struct report_run *run);

struct json_writer;
/*
 * Adds findings to w as the JSON format writes them (an array of
 * {file, line, column, severity, rule, message}), under key.
 */
void report_json_findings(struct json_writer *w, const char *key,
			  const struct findings *f);

#endif
