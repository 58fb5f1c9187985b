#ifndef JARBAKE_LOCK_H
#define JARBAKE_LOCK_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/findings.h"
#include "fetch/fetch.h"
#include "net/registry.h"

/*
 * "jarbake lock": downloads every JAR of a manifest through fetch_run()
 * (learning its hash), pins "sha256" and "size", optionally after changing
 * versions (--set) and recording a base image's JAR set (--base), and
 * rewrites the manifest in place keeping its formatting (manifest_edit).
 */

/* Maximum length of a version given with --set. */
#define LOCK_VERSION_MAX 128

/* --set NAME=VERSION */
struct lock_set {
	const char *name, *version;
};

struct lock_options {
	const struct lock_set *sets;
	size_t nr_sets;
	bool force;		/* accept a new hash for an unchanged version */
	bool dry_run;		/* compute and report; write nothing */
	const char *base_image; /* --base IMAGE: pin its JAR set, or NULL */
	const char *base_ref;	/* which image of a multi-image archive */
	/* --base-image REF: also pin image.base's digest and base_layers.
	 * base_image may then be docker://..., read through registry for
	 * platform (NULL: this machine's). */
	bool pin_base;
	const struct registry_options *registry;
	const char *platform;
	struct fetch_options fetch; /* lock sets learn and dest_dir itself */
};

enum lock_status {
	LOCK_UNCHANGED,
	LOCK_PINNED,   /* had no sha256 (or no size): now pinned */
	LOCK_BUMPED,   /* version changed by --set, new hash learned */
	LOCK_REPINNED, /* same version, new hash, accepted with --force */
	LOCK_CONFLICT, /* same version, new hash, refused */
};

struct lock_jar {
	char *name;
	char *old_version, *new_version;
	char old_sha256[65], new_sha256[65]; /* old: "" when unpinned */
	bool had_size;
	uint64_t old_size, new_size;
	enum lock_status status;
};

struct lock_report {
	struct lock_jar *jars; /* in manifest order */
	size_t nr_jars;
	size_t nr_conflicts;
	bool base; /* --base was given */
	size_t nr_base_jars;
	bool base_changed; /* the recorded base JAR set changed */
	/* --base-image: the digest pinned ("" when the archive records
	 * none), the layers recorded, whether either changed */
	char base_digest[72];
	size_t nr_base_layers;
	bool base_pin_changed;
	bool changed; /* the manifest's text changed */
	bool written; /* ... and was written (not a dry run, no error) */
	/* When downloading failed: every JAR's error, in manifest order. */
	struct error *download_errors;
	size_t nr_download_errors;
	/* With image.java_version: JARs whose bytecode is too new for it
	 * (rule bytecode-too-new); then nothing is written. */
	struct findings bytecode;
};

#define LOCK_REPORT_INIT                                                       \
	{                                                                      \
		0                                                              \
	}

/*
 * Locks the manifest at path. Returns 0, or -1 with e->code: EXIT_USAGE
 * (invalid manifest or --set, unreadable image), EXIT_CHECK (a pinned JAR
 * changed for an unchanged version; the report lists them), EXIT_IO
 * (network after retries, disk). On any error the manifest is untouched.
 * The report is filled as far as the run got; release it in either case.
 */
int lock_run(const char *path, const struct lock_options *opts,
	     struct lock_report *report, struct error *e);

/* Fills e (EXIT_CHECK) with why the LOCK_CONFLICT jar was refused. */
void lock_conflict_error(const struct lock_jar *jar, struct error *e);

/* Frees the contents and leaves report zeroed; harmless twice. */
void lock_report_release(struct lock_report *report);

/* "NAME=VERSION" into set (borrowing arg, modified in place), or -1. */
int lock_parse_set(char *arg, struct lock_set *set, struct error *e);

#endif
