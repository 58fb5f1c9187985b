#ifndef JARBAKE_DIFF_H
#define JARBAKE_DIFF_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "image/image.h"
#include "jar/jar.h"

struct registry_options;

/*
 * "jarbake diff OLD NEW": what a bump changed in the JARs of jars_dir.
 * Each side is a set of JARs read from an image (any form verify reads)
 * or from a directory of fetched JARs; JARs are matched by file name, else
 * by their artifact (own pom.properties, else the file name).
 */

/* One JAR of a side; jar is owned by the set (or by its image). */
struct jarset_item {
	char *file; /* name in jars_dir */
	char sha256[65];
	uint64_t size;
	const struct jar_info *jar; /* NULL: not a readable zip */
	char *key;		    /* "group:artifact", else the artifact */
	char *version; /* own pom's, else the file name's; or NULL */
};

struct jarset {
	char *source;		   /* as given, for messages */
	struct jarset_item *items; /* sorted by file */
	size_t nr;
	struct image img;	/* when read from an image */
	struct jar_info *infos; /* when read from a directory */
};

#define JARSET_INIT                                                            \
	{                                                                      \
		0                                                              \
	}

/* How a registry image (docker://) is read: NULL, not at all. */
struct jarset_remote {
	const struct registry_options *ro;
	const char *platform; /* "os/arch[/variant]"; NULL: this machine's */
};

/*
 * Reads source: a directory of JARs (no oci-layout, index.json or
 * manifest.json in it), a registry image "docker://REF" (read through
 * remote), else an image whose jars_dir is read. Every JAR is read with
 * JAR_READ_CLASSES | JAR_READ_VERSIONS. -1 with e set when source cannot
 * be read (EXIT_USAGE malformed, EXIT_IO I/O or network).
 */
int jarset_read(const char *source, const char *jars_dir,
		const struct jarset_remote *remote, struct jarset *out,
		struct error *e);
/* True when source is a directory of JARs rather than an image. */
bool jarset_is_jar_dir(const char *source);
void jarset_release(struct jarset *s);

enum diff_kind {
	DIFF_UNCHANGED,
	DIFF_ADDED,
	DIFF_REMOVED,
	DIFF_VERSION, /* another version */
	DIFF_BYTES,   /* other bytes at the same version: a red flag */
};

#define DIFF_EXAMPLES 5

/* Classes one side has and the other has not. */
struct diff_classes {
	size_t count;
	char *examples[DIFF_EXAMPLES]; /* binary names, the first by name */
	size_t nr_examples;
};

struct diff_jar {
	enum diff_kind kind;
	const struct jarset_item *old, *new; /* NULL when absent; borrowed */
	struct diff_classes gained, lost;    /* DIFF_VERSION, DIFF_BYTES */
	unsigned old_java, new_java; /* feature versions of the bytecode, 0 */
};

/* A pair of JARs sharing classes in one side and not in the other. */
struct diff_conflict {
	char *first, *second; /* the files in the side that has it */
	size_t count;
	bool introduced; /* in NEW only; else resolved (in OLD only) */
};

struct diff_report {
	struct diff_jar *jars; /* sorted by key */
	size_t nr;
	struct diff_conflict *conflicts;
	size_t nr_conflicts;
	size_t counts[DIFF_BYTES + 1];
	size_t red_flags;
	/* a side has more than CLASSES_MAX_PAIRS conflicting pairs: the
	 * rest were not compared */
	bool conflicts_truncated;
};

#define DIFF_REPORT_INIT                                                       \
	{                                                                      \
		0                                                              \
	}

/* Compares two sides; borrows from them (keep them until released). */
void diff_jarsets(const struct jarset *old, const struct jarset *new,
		  struct diff_report *r);
void diff_report_release(struct diff_report *r);

/* "added", "removed", "version", "bytes", "unchanged". */
const char *diff_kind_name(enum diff_kind k);

#endif
