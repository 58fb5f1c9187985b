#ifndef JARBAKE_VERIFY_OUTPUT_H
#define JARBAKE_VERIFY_OUTPUT_H

#include <stdio.h>

#include "jar/classes.h"
#include "verify/verify.h"

/* verify's report: text for people, one JSON document for machines. */
struct verify_output {
	const char *image; /* as given on the command line */
	const char *ref;   /* the image's ref, or NULL */
	const struct manifest *manifest;
	const struct verify_report *report;
	const struct class_conflicts *conflicts; /* NULL without --classes */
};

/* One line per JAR, the findings (report_print), a summary line. */
int verify_print_text(FILE *out, const struct verify_output *o);
/* One JSON document: jars with status and sha256, conflicts, findings. */
int verify_print_json(FILE *out, const struct verify_output *o);

#endif
