#ifndef JARBAKE_FINDINGS_H
#define JARBAKE_FINDINGS_H

#include <stddef.h>
#include <stdio.h>

/*
 * Findings are data: lint and verify collect them, keep going, and decide
 * the exit code once at the end. One printer (report.c) renders them.
 */
enum severity { SEVERITY_ERROR, SEVERITY_WARNING, SEVERITY_NOTE };

struct finding {
	char *file;    /* path of the file (in the repo or in the image) */
	unsigned line; /* 1-based, 0 when the finding is about a whole file */
	unsigned column;
	enum severity severity;
	char *rule; /* e.g. "runtime-jars", "missing" */
	char *message;
};

struct findings {
	struct finding *items;
	size_t nr, alloc;
};

#define FINDINGS_INIT                                                          \
	{                                                                      \
		NULL, 0, 0                                                     \
	}

void findings_init(struct findings *f);
/* Frees every finding and leaves f empty; harmless twice. */
void findings_release(struct findings *f);
/* Frees the findings from index nr on (nothing when there are fewer). */
void findings_truncate(struct findings *f, size_t nr);

/* Adds a finding; every string is copied. */
void findings_add(struct findings *f, const char *file, unsigned line,
		  unsigned column, enum severity severity, const char *rule,
		  const char *fmt, ...) __attribute__((format(printf, 7, 8)));

/* Sorts by file, line, column, rule: a stable, diffable order. */
void findings_sort(struct findings *f);

size_t findings_count(const struct findings *f, enum severity severity);

#endif
