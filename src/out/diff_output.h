#ifndef JARBAKE_DIFF_OUTPUT_H
#define JARBAKE_DIFF_OUTPUT_H

#include <stdio.h>

#include "verify/diff.h"

/* jarbake diff's report. old_name and new_name are the sides as given. */
struct diff_output {
	const char *old_name, *new_name;
	const struct jarset *old, *new;
	const struct diff_report *report;
};

/* One line per changed JAR (classes and bytecode level indented below
 * it), one per conflict introduced or resolved, a summary line. Unchanged
 * JARs only when all is set. */
int diff_print_text(FILE *out, const struct diff_output *o, bool all);
/* One JSON document with every JAR, conflicts and the counts. */
int diff_print_json(FILE *out, const struct diff_output *o);

#endif
