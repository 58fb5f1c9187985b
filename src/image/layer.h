#ifndef JARBAKE_LAYER_H
#define JARBAKE_LAYER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"
#include "jar/jar.h"

/*
 * One layer tar, read as a stream and recorded: the name and kind of each
 * entry, and for the files verify reads (*.jar, spark-defaults.conf)
 * their SHA-256 and size, the zip directory of a JAR, the text of the
 * conf. Other file bodies are skipped, so a layer of any size costs memory
 * in proportion to its entry count (about 60 bytes and the path each).
 * Layers are recorded as they pass and applied later (image_view.h), once
 * the image manifest tells their order.
 */

/* Longest path or link target accepted in a layer, in bytes. */
#define LAYER_PATH_MAX 4096
/* Longest spark-defaults.conf captured; longer ones are cut here. */
#define LAYER_CONTENT_MAX (1u << 20)
/* Default cap on the names one layer record holds (long paths, many
 * entries): memory stays bounded whatever the tar claims. */
#define LAYER_MAX_NAME_BYTES (256u << 20)

enum layer_entry_type {
	LAYER_REG,
	LAYER_DIR,
	LAYER_SYMLINK,
	LAYER_HARDLINK,
	LAYER_WHITEOUT, /* ".wh.NAME": path is the NAME it deletes */
	LAYER_OPAQUE,	/* ".wh..wh..opq": path is the opaque directory */
	LAYER_OTHER,	/* device, FIFO: takes a name, holds nothing */
};

/*
 * What is known of a regular file whose name verify looks into (a JAR or
 * spark-defaults.conf; other files are recorded by name only); hard links
 * share it (refs).
 */
struct layer_file {
	unsigned refs;
	char sha256[65];
	uint64_t size;
	struct jar_info *jar; /* names ending in ".jar", else NULL */
	char *content;	      /* spark-defaults.conf, else NULL */
	size_t content_len;
	bool content_truncated;
	bool jar_error; /* .jar whose bytes are not a readable zip */
	bool unread;	/* a link named *.jar to a file not so named:
			   its bytes were not read (sha256 is "") */
};

struct layer_entry {
	const char *path; /* normalised, relative to the root, "" for root */
	enum layer_entry_type type;
	const char *link;	 /* symlink target as written; hard link target
				    normalised */
	struct layer_file *file; /* LAYER_REG named *.jar or
				    spark-defaults.conf, else NULL */
};

/* The strings of a layer's entries, packed in large chunks. */
struct layer_chunk;

struct layer {
	struct layer_entry *entries;
	size_t nr, alloc;
	struct layer_chunk *chunks;
	uint64_t bytes;	    /* uncompressed tar bytes */
	size_t name_bytes;  /* bytes of the packed strings */
	size_t nr_unsafe;   /* entries whose path tried to leave the root */
	char *first_unsafe; /* the first such name, as written */
};

#define LAYER_INIT                                                             \
	{                                                                      \
		0                                                              \
	}

struct layer_options {
	unsigned jar_flags; /* for jar_stream_new() */
	uint64_t max_bytes; /* uncompressed bytes; 0: no cap */
	size_t max_entries; /* 0: no cap */
	/* bytes of paths and link targets a layer record holds; 0:
	 * LAYER_MAX_NAME_BYTES. Layers wait for their turn as records. */
	size_t max_name_bytes;
	const char *display; /* names the layer in messages */
};

/* Pulls the next bytes of the tar: count, 0 at the end, -1 on failure. */
typedef ssize_t (*layer_read_fn)(void *ctx, const void **buf);

/*
 * Reads a whole layer tar (plain, or compressed in a way libarchive
 * detects) from read(ctx, ...). Malformed, truncated or over a cap: -1,
 * EXIT_USAGE, e names opts->display. out is filled either way.
 */
int layer_read(struct layer *out, layer_read_fn read, void *ctx,
	       const struct layer_options *opts, struct error *e);

void layer_release(struct layer *l);

/* Adds an entry (path and link copied into the layer; link may be NULL). */
struct layer_entry *layer_add(struct layer *l, enum layer_entry_type type,
			      const char *path, const char *link);

/* Reference counting of shared file contents. */
struct layer_file *layer_file_ref(struct layer_file *f);
void layer_file_unref(struct layer_file *f);

/*
 * Normalises a path from a tar or link into "a/b/c" relative to the root:
 * drops "." and empty parts and leading "/", and resolves ".." lexically,
 * clamped at the root (*clamped set when it would have left the root).
 * -1 when the result does not fit in size bytes.
 */
int layer_path_normalise(const char *in, char *out, size_t size, bool *clamped);

/* The last component of a normalised path. */
const char *layer_basename(const char *path);

/* Names that verify looks into: JARs (jar_file_name), spark-defaults.conf,
 * spark-env.sh, release (a JDK's release file). */
bool layer_name_is_jar(const char *name);
bool layer_name_is_conf(const char *name);

#endif
