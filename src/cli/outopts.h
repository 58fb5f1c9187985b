#ifndef JARBAKE_OUTOPTS_H
#define JARBAKE_OUTOPTS_H

#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "out/report.h"

/*
 * The output options, one vocabulary for every command that reports
 * (fetch, lint, verify, lock): -f/--format FORMAT, --json (= --format
 * json), -q/--quiet, --color=auto|always|never. A command puts
 * OUTOPTS_LONG into its getopt_long table and OUTOPTS_SHORT into its
 * short options, and hands every option it does not know to
 * outopts_parse.
 */
enum {
	OUTOPT_JSON = 1100,
	OUTOPT_COLOR,
};

#define OUTOPTS_SHORT "f:q"
#define OUTOPTS_LONG                                                           \
	{"format", required_argument, NULL, 'f'},                              \
	    {"json", no_argument, NULL, OUTOPT_JSON},                          \
	    {"quiet", no_argument, NULL, 'q'},                                 \
	{                                                                      \
		"color", required_argument, NULL, OUTOPT_COLOR                 \
	}

/* A mask of the formats a command writes. */
#define OUTOPTS_FORMAT(f) (1u << (f))
#define OUTOPTS_TEXT_JSON                                                      \
	(OUTOPTS_FORMAT(REPORT_TEXT) | OUTOPTS_FORMAT(REPORT_JSON))
#define OUTOPTS_ALL                                                            \
	(OUTOPTS_TEXT_JSON | OUTOPTS_FORMAT(REPORT_SARIF) |                    \
	 OUTOPTS_FORMAT(REPORT_GITHUB))

struct outopts {
	unsigned formats; /* what the command accepts (OUTOPTS_*) */
	enum report_format format;
	bool quiet;
};

/*
 * Applies option c (argument arg) to o. Returns 1 when c is an output
 * option, 0 when it is not, -1 after printing a usage error for command.
 * --color sets the colour mode of core/term for the whole run.
 */
int outopts_parse(const char *command, int c, const char *arg,
		  struct outopts *o);

/* After parsing: -q with a machine format is a usage error (-1). */
int outopts_check(const char *command, const struct outopts *o);

/* The lines of --help that describe the output options of o->formats. */
void outopts_usage(FILE *out, unsigned formats);

#endif
