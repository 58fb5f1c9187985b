#ifndef JARBAKE_JAR_H
#define JARBAKE_JAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/*
 * What a JAR's zip directory says: read from a file on disk (fetch) or
 * from a stream of its bytes as they pass through a layer (verify), with
 * the same result. Owned by the verify area; fetch and image only call it.
 */

/* Caps: a larger central directory or more entries make the JAR invalid. */
#define JAR_DIR_MAX (64u << 20)
#define JAR_MAX_ENTRIES (1u << 20)

enum jar_flags {
	JAR_READ_CLASSES = 1 << 0, /* fill classes[] (for --classes) */
	/* read the class-file version of every class entry (its first 8
	 * bytes, inflated): max_major, max_major_class */
	JAR_READ_VERSIONS = 1 << 1,
};

/* Class-file major version of Java 8 (52); feature = major - 44. */
#define JAR_MAJOR_JAVA8 52
/* Highest class-file major version taken as real (Java 156); above it the
 * bytes are not a class file's header. */
#define JAR_MAJOR_MAX 200
#define JAR_JAVA_FEATURE(major) ((major) >= 45 ? (unsigned)(major)-44 : 0)

/* A license a JAR declares: a <license> of its pom.xml (name and url,
 * either may be NULL) or one item of MANIFEST.MF's Bundle-License. */
struct jar_license {
	char *name, *url;
};

/* Caps: licenses kept per pom.xml or Bundle-License, bytes of each text. */
#define JAR_MAX_LICENSES 16
#define JAR_LICENSE_TEXT_MAX 512

/* META-INF/maven/GROUP/ARTIFACT/pom.properties, parsed, with the
 * <licenses> of the pom.xml beside it (when the JAR holds one). */
struct jar_pom {
	char *group, *artifact, *version;
	struct jar_license *licenses;
	size_t nr_licenses;
};

/* A class entry: name without ".class"? No: the zip entry name as is. */
struct jar_class {
	char *name;	/* e.g. "io/openlineage/client/OpenLineage.class" */
	uint32_t crc32; /* from the zip directory: equal crc+size = identical */
	uint64_t size;
};

struct jar_info {
	bool has_manifest_mf; /* META-INF/MANIFEST.MF present */
	size_t nr_entries;
	struct jar_pom *poms;
	size_t nr_poms;
	struct jar_class
	    *classes; /* only with JAR_READ_CLASSES; sorted by name */
	size_t nr_classes;
	char *class_names; /* internal: storage of classes[].name */
	/* With JAR_READ_VERSIONS: the highest class-file major version among
	 * the class entries for the base JVM (not META-INF/versions/, not
	 * module-info.class; see jar_entry_versioned), 0 when none was read;
	 * one class entry that has it; how many classes were read. */
	unsigned max_major;
	char *max_major_class;
	size_t nr_versioned;
	/* META-INF/MANIFEST.MF's Bundle-License header, split into its
	 * items (an SPDX id or a name, ;link="URL" as url; or a URL). */
	struct jar_license *bundle_licenses;
	size_t nr_bundle_licenses;
	/* MANIFEST.MF's Class-Path header (other JARs the JVM loads with
	 * this one), continuation lines joined, or NULL. */
	char *class_path;
};

#define JAR_INFO_INIT                                                          \
	{                                                                      \
		0                                                              \
	}

/*
 * The value of header name of a MANIFEST.MF text (lines ending in CR LF,
 * LF or CR; continuation lines joined; capped at 8 KiB, control characters
 * as spaces), or NULL when absent. The caller frees it.
 */
char *jar_manifest_value(const char *text, size_t len, const char *name);

/*
 * True for a file name a JVM's class-path wildcard ("DIR/" followed by "*")
 * takes as a JAR: any name ending in ".jar" or ".JAR", the bare ".jar" and
 * hidden names included (any case here, to be safe).
 */
bool jar_file_name(const char *name);

/*
 * True for entries that a JVM of the JAR's base level never loads:
 * META-INF/versions/N/ of a multi-release JAR, module-info.class.
 */
bool jar_entry_versioned(const char *name, size_t len);

/*
 * The <license> entries of a pom.xml's project <licenses> (a tolerant
 * scan, not an XML parser: comments skipped, the five predefined
 * entities and CDATA decoded, whitespace collapsed). At most
 * JAR_MAX_LICENSES; returns the count, *out the caller's (jar_licenses_free).
 */
size_t jar_pom_xml_licenses(const char *text, size_t len,
			    struct jar_license **out);

/* The items of a MANIFEST.MF's Bundle-License header (continuation lines
 * joined), or 0 when it has none. */
size_t jar_manifest_licenses(const char *text, size_t len,
			     struct jar_license **out);

void jar_licenses_free(struct jar_license *l, size_t n);

/* Frees the contents and leaves info zeroed; harmless twice. */
void jar_info_release(struct jar_info *info);

/*
 * Reads the JAR at path. Not a zip or a zip we refuse (caps): -1 with
 * e->code EXIT_USAGE and a message naming path; read errors: EXIT_IO.
 */
int jar_read_file(const char *path, unsigned flags, struct jar_info *out,
		  struct error *e);

/*
 * Streaming form: feed every byte of the JAR in order, then finish. Memory
 * is about the size of the central directory (at most 2 * JAR_DIR_MAX)
 * plus the pom.properties entries; the result equals jar_read_file's.
 */
struct jar_stream;
struct jar_stream *jar_stream_new(unsigned flags);
void jar_stream_feed(struct jar_stream *s, const void *data, size_t len);
/* Fills out and frees s (also on error). display names the JAR. */
int jar_stream_finish(struct jar_stream *s, const char *display,
		      struct jar_info *out, struct error *e);

/*
 * fetch's sanity check: path is a valid zip with META-INF/MANIFEST.MF and,
 * where it holds pom.properties for group:artifact, that version matches.
 * group may be NULL (URL JARs): only the zip and MANIFEST.MF are checked.
 * Content failures: e->code EXIT_CHECK; read errors: EXIT_IO.
 */
int jar_check_file(const char *path, const char *group, const char *artifact,
		   const char *version, struct error *e);

#endif
