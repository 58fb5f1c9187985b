#ifndef JARBAKE_MANIFEST_H
#define JARBAKE_MANIFEST_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/* Hard cap on a manifest file; anything larger is refused as invalid. */
#define MANIFEST_MAX_BYTES (4u << 20)

/*
 * One JAR of the manifest, with everything derived from it (the plan):
 * coordinates, the download URL from the manifest's repository, and the
 * file name in the image. All strings are owned by the manifest.
 */
struct manifest_jar {
	char *name;
	char *maven;	/* "group:artifact:version", NULL for url JARs */
	char *group;	/* NULL for url JARs */
	char *artifact; /* Maven artifact id; for url JARs, the name */
	char *version;	/* always set */
	char *url;	/* download URL from the manifest (no mirror applied) */
	char *file;	/* plain file name in jars_dir, ends in ".jar" */
	char *purpose;	/* may be NULL */
	char sha256[65]; /* lowercase hex, "" when unpinned */
	bool has_size;
	uint64_t size;
	unsigned line, column; /* where the JAR's object starts */
};

/* A pair of JARs allowed to provide the same classes (verify --classes). */
struct manifest_allowed_overlap {
	char *first, *second; /* JAR file names, as found in jars_dir */
	char *reason;
};

/* A JAR of the base image, pinned by "jarbake lock --base IMAGE". */
struct manifest_base_jar {
	char *file;
	char sha256[65];
};

struct manifest {
	char *path;	 /* the file it was read from, for messages */
	char sha256[65]; /* of the manifest file's bytes */
	struct {
		char *name, *base, *spark_version, *scala_version, *jars_dir,
		    *user;
		/* optional: the base's Java feature version (11), else 0 */
		unsigned java_version;
		/* The digest of image.base ("NAME:TAG@sha256:HEX"): points
		 * into base at "sha256:", NULL when it carries none. */
		const char *base_digest;
		/* "base_layers": the base's layer diff_ids ("sha256:HEX"),
		 * bottom first, recorded by "lock --base-image". */
		char **base_layers;
		size_t nr_base_layers;
		bool has_base_layers;
	} image;
	char *repository; /* without a trailing slash */
	struct manifest_jar *jars;
	size_t nr_jars;
	struct manifest_allowed_overlap *allowed_overlaps;
	size_t nr_allowed_overlaps;
	bool has_base_jars; /* "base_jars" present: the base set is pinned */
	struct manifest_base_jar *base_jars;
	size_t nr_base_jars;
};

#define MANIFEST_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

/*
 * Reads and strictly validates the manifest at path. On failure fills e
 * with the file, line and column and returns -1 (code EXIT_USAGE).
 * Release the manifest with manifest_release() in either case.
 */
int manifest_load(struct manifest *m, const char *path, struct error *e);

/* The same from bytes already in memory; path is used for messages only. */
int manifest_parse(struct manifest *m, const char *path, const char *text,
		   size_t len, struct error *e);

/* Frees the contents and leaves m zeroed; harmless twice. */
void manifest_release(struct manifest *m);

/* The JAR named name, or NULL. */
const struct manifest_jar *manifest_find_jar(const struct manifest *m,
					     const char *name);

#endif
