#ifndef JARBAKE_IMAGE_BLOB_H
#define JARBAKE_IMAGE_BLOB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"
#include "image/layer.h"

/*
 * The files of an image archive (or layout directory) as they pass, each
 * hashed once and sorted by content: a JSON document (kept, capped), a
 * layer tar (plain, gzip or zstd; recorded by layer.h in a worker thread
 * while this thread inflates and hashes) or anything else (hashed only).
 * Which of them form the image is decided later (image.c), because
 * docker save writes manifest.json after the layers.
 */

enum blob_kind { BLOB_OTHER, BLOB_JSON, BLOB_LAYER };
enum blob_compression { BLOB_PLAIN, BLOB_GZIP, BLOB_ZSTD };

struct layer_job;

struct blob {
	char *name;  /* normalised path in the archive or directory */
	char *alias; /* a link in the archive: the name it points to */
	char sha256[65];
	uint64_t size;
	enum blob_kind kind;
	enum blob_compression compression;
	char *json; /* BLOB_JSON: the text, NUL-terminated */
	size_t json_len;
	/* BLOB_LAYER, once blob_set_wait() returned: */
	struct layer layer;
	char diff_id[65]; /* SHA-256 of the tar, "" when not computed */
	struct error err; /* the layer could not be read (see err.set) */
	struct layer_job *job;
};

struct blob_set {
	struct blob **items;
	size_t nr, alloc;
	struct layer_job **jobs; /* started, in order; joined by wait */
	size_t nr_jobs, alloc_jobs, next_join;
	unsigned jar_flags;
	uint64_t max_layer_bytes; /* 0: no cap */
	/* uncompressed bytes of all layers together (a thousand layers,
	 * each a zip bomb just under max_layer_bytes); 0: no cap */
	uint64_t max_total_bytes;
	uint64_t total_bytes; /* so far; updated atomically */
	size_t max_entries;   /* per layer, 0: no cap */
	unsigned workers;     /* layer tars parsed at once */
	bool stream; /* a plain tar file read front to back, not by offsets */
	/* bytes of names all layer records hold together (they wait for
	 * the manifest, which docker save writes last); 0: the default */
	size_t max_name_bytes;
	size_t name_bytes; /* so far; guarded by a lock inside */
};

/* Default cap on the names of all layer records of one archive. */
#define BLOB_MAX_NAME_BYTES (1024u << 20)

void blob_set_init(struct blob_set *s);
void blob_set_release(struct blob_set *s);

/* Pulls the next bytes of a blob: count, 0 at the end, -1 on failure. */
typedef ssize_t (*blob_read_fn)(void *ctx, const void **buf);

/*
 * Reads a whole blob called name from read(ctx, ...) and adds it. -1 only
 * when the source failed (e is set); a layer that fails to parse keeps
 * its error in blob->err. want_diff_id: compute the digest of the
 * uncompressed tar even when compressed (docker-archive checks it).
 */
struct blob *blob_set_add(struct blob_set *s, const char *name,
			  blob_read_fn read, void *ctx, bool want_diff_id,
			  struct error *e);
void blob_set_alias(struct blob_set *s, const char *name, const char *target);
/* The blob called name, following aliases; NULL when absent. */
struct blob *blob_set_find(const struct blob_set *s, const char *name);
/* Waits until every started layer is recorded. */
void blob_set_wait(struct blob_set *s);

/*
 * Streams a tar archive (plain, gzip or zstd) from fd, adding every
 * file. Malformed or truncated: -1, EXIT_USAGE, e names display.
 */
int image_blob_read_tar(struct blob_set *s, int fd, const char *display,
			struct error *e);

/*
 * Adds the file dir/name (a layout directory). Links are followed only
 * inside dir; it must be a regular file (never a FIFO or a device) of at
 * most max_bytes (0: any size), read up to its size when opened.
 * Missing: 1; failure: -1.
 */
int image_blob_read_file(struct blob_set *s, const char *dir, const char *name,
			 bool want_diff_id, uint64_t max_bytes,
			 struct error *e);

/*
 * Reads the files dir/names[i] not read yet, several at once (layers of
 * a layout directory), as image_blob_read_file() does with no size cap.
 * Missing ones are left for the caller to report.
 */
int image_blob_prefetch(struct blob_set *s, const char *dir,
			const char *const *names, size_t nr, bool want_diff_id,
			struct error *e);

/*
 * For readers of other sources (image_remote.c): a new empty blob called
 * name (in the calling thread), then filled from read(ctx, ...) in a
 * worker thread, several blobs at once. -1 when read() failed.
 */
struct blob *blob_set_new(struct blob_set *s, const char *name);
int blob_fill_worker(struct blob_set *s, struct blob *b, blob_read_fn read,
		     void *ctx, bool want_diff_id);

/* "blobs/sha256/<hex>", "<hex>.tar", "<hex>.json", "<hex>": the hex. */
bool image_blob_name_digest(const char *name, char hex[65]);

#endif
