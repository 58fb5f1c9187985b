#ifndef JARBAKE_CLASSES_H
#define JARBAKE_CLASSES_H

#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"
#include "jar/jar.h"
#include "manifest/manifest.h"

/*
 * Class conflicts: classes that more than one JAR provides, grouped by JAR
 * pair. Used by verify --classes over an image's jars_dir and by fetch over
 * the manifest's own JARs (as warnings). Ignores module-info.class,
 * META-INF/versions/ and byte-identical copies (same CRC-32 and size).
 */

#define CLASSES_EXAMPLES 3

/* One JAR to compare; borrowed. info must be read with JAR_READ_CLASSES. */
struct classes_jar {
	const char
	    *name; /* file name, e.g. "openlineage-spark_2.12-1.28.0.jar" */
	const struct jar_info *info;
};

struct class_conflict {
	char *first, *second; /* JAR names, first < second (strcmp) */
	size_t count;	      /* classes both provide with different bytes */
	char *examples[CLASSES_EXAMPLES]; /* the first ones by name */
	size_t nr_examples;
	char
	    *allowed_reason; /* from the manifest's allowed_overlaps, or NULL */
};

/* Pairs of JARs kept at most: past it the image is hostile, not messy. */
#define CLASSES_MAX_PAIRS 100000

struct class_conflicts {
	struct class_conflict *items; /* sorted by first, then second */
	size_t nr, alloc;
	bool truncated; /* more than CLASSES_MAX_PAIRS: the rest unchecked */
};

#define CLASS_CONFLICTS_INIT                                                   \
	{                                                                      \
		NULL, 0, 0, false                                              \
	}

/* Frees everything and leaves c empty; harmless twice. */
void class_conflicts_release(struct class_conflicts *c);

/* True for entries the check ignores (module-info, META-INF/versions). */
bool classes_ignored(const char *name);

/*
 * Fills out with every pair of jars that provide a same class with other
 * bytes. Merges the sorted class lists: memory is the pairs, not the names;
 * copies with the same bytes cost no comparison between them. Stops at
 * CLASSES_MAX_PAIRS pairs (out->truncated).
 */
void classes_find_conflicts(const struct classes_jar *jars, size_t nr,
			    struct class_conflicts *out);

/* Marks the pairs m->allowed_overlaps names (either order) as allowed. */
void classes_apply_allowed(struct class_conflicts *c, const struct manifest *m);

/*
 * One finding per pair, rule "class-conflict", naming dir/first (dir may
 * be NULL): severity for conflicts, a note for allowed pairs.
 */
void classes_report(const struct class_conflicts *c, const char *dir,
		    enum severity severity, struct findings *out);
/* The same for one pair. */
void classes_report_one(const struct class_conflict *p, const char *dir,
			enum severity severity, struct findings *out);
/* An error on file when c stopped at its cap (nothing when it did not). */
void classes_report_cap(const struct class_conflicts *c, const char *file,
			struct findings *out);

/*
 * The manifest's own JARs, read from dir (where fetch placed them): a
 * warning per pair of them that provides a same class with other bytes,
 * a note per allowed pair. A JAR that cannot be read is skipped.
 */
void classes_check_dir(const struct manifest *m, const char *dir,
		       struct findings *out);

#endif
