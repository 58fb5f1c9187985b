#ifndef JARBAKE_VERIFY_H
#define JARBAKE_VERIFY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/findings.h"
#include "jar/jar.h"
#include "manifest/manifest.h"

/*
 * verify's policy: what the JARs found in an image's jars_dir mean for the
 * manifest. Pure logic over borrowed data, so that it is tested without
 * images; cli/verify.c feeds it from the image reader.
 */

enum verify_status {
	VERIFY_OK,	 /* manifest JAR, pinned hash (and size) match */
	VERIFY_MISSING,	 /* manifest JAR absent */
	VERIFY_MISMATCH, /* manifest JAR with another hash or size */
	VERIFY_UNPINNED, /* manifest JAR without sha256: cannot verify */
	VERIFY_STALE,	 /* same artifact as a manifest JAR, other version */
	VERIFY_INCOMPATIBLE,  /* other Scala binary version or Spark version */
	VERIFY_DUPLICATE,     /* a second copy of a manifest JAR */
	VERIFY_BASE,	      /* from the base image, not pinned: passes */
	VERIFY_BASE_OK,	      /* base JAR pinned by base_jars, hash matches */
	VERIFY_BASE_MISSING,  /* pinned base JAR absent */
	VERIFY_BASE_MISMATCH, /* pinned base JAR with another hash */
	VERIFY_UNEXPECTED,    /* base_jars pinned and this JAR is not in it */
	VERIFY_INVALID,	      /* not a readable zip */
	VERIFY_NR_STATUS
};

/* "ok", "missing", "base-missing", ...: the rule ids of the findings. */
const char *verify_status_name(enum verify_status s);
bool verify_status_failed(enum verify_status s);

/* A JAR found in jars_dir; everything borrowed. */
struct verify_file {
	const char *path;   /* absolute in the image */
	const char *sha256; /* lowercase hex */
	uint64_t size;
	const struct jar_info *jar; /* NULL when it is not a readable zip */
};

/* One line of the report: a JAR found, or expected and missing. */
struct verify_entry {
	char *path;	  /* in the image */
	const char *file; /* points into path: the name in jars_dir */
	enum verify_status status;
	const struct manifest_jar *mjar; /* the manifest's JAR, or NULL */
	bool present;
	char sha256[65]; /* actual; "" when missing */
	uint64_t size;
	/* Best known coordinates (manifest, else own pom.properties, else
	 * the file name); each may be NULL. */
	char *group, *artifact, *version;
	const struct jar_info *jar; /* borrowed, may be NULL */
};

struct verify_report {
	struct verify_entry *entries; /* sorted by path */
	size_t nr, alloc;
	struct findings findings;
	size_t counts[VERIFY_NR_STATUS];
	/* The image's Java feature version (0: unknown) and where it was
	 * read ("/opt/java/openjdk/release", "JAVA_VERSION in config.Env"). */
	unsigned java_version;
	char *java_source;
	size_t nr_class_refs; /* class names checked in configuration */
};

#define VERIFY_REPORT_INIT                                                     \
	{                                                                      \
		0                                                              \
	}

/* Frees everything and leaves r zeroed; harmless twice. */
void verify_report_release(struct verify_report *r);

/*
 * Checks the JARs found in jars_dir (files) against m: fills r->entries
 * and adds a finding for every failure (rule = status name), each naming
 * the file in the image.
 */
void verify_jars(const struct manifest *m, const struct verify_file *files,
		 size_t nr, struct verify_report *r);

/*
 * The manifest label of the image (value, or NULL when absent) against
 * m->sha256; origin names the image config in findings.
 */
void verify_label(const struct manifest *m, const char *value,
		  const char *origin, struct verify_report *r);

/*
 * The base proof (verify_base.c): the image's layer diff_ids (bottom
 * first) must begin with m->image.base_layers, and the image's
 * org.opencontainers.image.base.digest label (label_digest, may be NULL)
 * must be the digest m->image.base pins. Findings "base-mismatch"
 * (errors; a digest pinned without base_layers: a warning), and a note
 * "base" when the layers are proven. origin names the config.
 */
void verify_base(const struct manifest *m, char *const *diff_ids, size_t nr,
		 const char *label_digest, const char *origin,
		 struct verify_report *r);

/* True when r holds a failing finding (severity error). */
bool verify_failed(const struct verify_report *r);

/* ---- the image (verify_image.c) ---- */

struct image;
struct class_conflicts;

struct verify_options {
	/* --classes: fill this with class conflicts, else NULL */
	struct class_conflicts *conflicts;
	/* --conf: configuration files outside the image whose class names
	 * are checked against the image's class path; borrowed */
	char *const *conf_files;
	size_t nr_conf_files;
};

/*
 * Every check of verify on an image read with image_read() (with
 * JAR_READ_CLASSES | JAR_READ_VERSIONS): the JARs of m->image.jars_dir
 * (verify_jars), the manifest label, run-time JAR settings
 * (spark-defaults.conf, Env, Cmd, Entrypoint through the lint rules), the
 * classes that configuration names (classref.h; the image's and the
 * --conf files'), the manifest JARs' bytecode level against the image's
 * Java, the reader's integrity findings and class conflicts. -1 (e set)
 * only when a --conf file cannot be read.
 */
int verify_image(const struct manifest *m, const struct image *img,
		 const struct verify_options *o, struct verify_report *r,
		 struct error *e);

/* ---- name parsing, exported for tests and for fetch/lock ---- */

/*
 * Splits "ARTIFACT-VERSION.jar" (e.g. "spark-core_2.12-3.5.1.jar") into
 * newly allocated artifact and version. False when no version is found.
 */
bool verify_split_file_name(const char *file, char **artifact, char **version);

/*
 * The Scala binary version an artifact is built for ("2.12" for
 * "spark-core_2.12"), copied into out; false when it names none.
 */
bool verify_scala_suffix(const char *artifact, char out[8]);

/*
 * The pom.properties of jar that describes the JAR itself (file begins
 * with its ARTIFACT-), the longest match; NULL when none does.
 */
const struct jar_pom *verify_own_pom(const char *file,
				     const struct jar_info *jar);

/* The name after the last '/' of path. */
const char *verify_base_name(const char *path);
/* dir + "/" + file, without doubled slashes; the caller frees it. */
char *verify_join_path(const char *dir, const char *file);

#endif
