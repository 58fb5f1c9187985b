#ifndef JARBAKE_OUT_LINT_STATS_H
#define JARBAKE_OUT_LINT_STATS_H

#include <stdio.h>

#include "lint/lint_walk.h"

/* Prints lint's per-format statistics (--stats) to out. */
void report_lint_stats(FILE *out, const struct lint_walk_stats *st);

#endif
