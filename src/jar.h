#ifndef JARBAKE_JAR_H
#define JARBAKE_JAR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "error.h"

/*
 * What a JAR's zip directory says: read from a file on disk (fetch) or
 * from a stream of its bytes as they pass through a layer (verify), with
 * the same result. Owned by the verify area; fetch and image only call it.
 */

enum jar_flags {
	JAR_READ_CLASSES = 1 << 0, /* fill classes[] (for --classes) */
};

/* META-INF/maven/GROUP/ARTIFACT/pom.properties, parsed. */
struct jar_pom {
	char *group, *artifact, *version;
};

/* A class entry: name without ".class"? No: the zip entry name as is. */
struct jar_class {
	char *name;     /* e.g. "io/openlineage/client/OpenLineage.class" */
	uint32_t crc32; /* from the zip directory: equal crc+size = identical */
	uint64_t size;
};

struct jar_info {
	bool has_manifest_mf; /* META-INF/MANIFEST.MF present */
	size_t nr_entries;
	struct jar_pom *poms;
	size_t nr_poms;
	struct jar_class *classes; /* only with JAR_READ_CLASSES; sorted by name */
	size_t nr_classes;
};

#define JAR_INFO_INIT { 0 }

/* Frees the contents and leaves info zeroed; harmless twice. */
void jar_info_release(struct jar_info *info);

/* Reads the JAR at path. Not a zip: -1 with a message naming path. */
int jar_read_file(const char *path, unsigned flags, struct jar_info *out,
		  struct error *e);

/* Streaming form: feed every byte of the JAR in order, then finish. */
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
 */
int jar_check_file(const char *path, const char *group, const char *artifact,
		   const char *version, struct error *e);

#endif
