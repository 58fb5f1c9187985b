#ifndef JARBAKE_IMAGE_H
#define JARBAKE_IMAGE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "core/findings.h"
#include "jar/jar.h"

/*
 * Reads a container image (docker-archive, docker save with or without an
 * OCI index, oci-archive, OCI layout directory, compressed or not, or "-"
 * for stdin) in one streaming pass and builds the final filesystem view
 * that matters to verify: layers applied in order with whiteouts, opaque
 * directories and links resolved inside the image root. Owned by the
 * image area; verify and lock --base call it.
 */

struct registry;

struct image_options {
	const char *ref;    /* which image of a multi-image archive, or NULL */
	unsigned jar_flags; /* passed to jar_stream_new() for every .jar */
	/* A registry image (image_remote.h): the image manifest resolved
	 * from it, whose config and layers are streamed from registry;
	 * source is then only its name. */
	struct registry *registry;
	const char *manifest; /* the manifest's bytes */
	size_t manifest_len;
	const char *manifest_digest; /* "sha256:<hex>" */
	/* Read a plain tar file front to back, as standard input is read,
	 * not by offsets (env JARBAKE_STREAM, for comparing the readers). */
	bool stream;
};

/*
 * A regular file of the final view that verify cares about. Everything
 * in it (jar and content too) is owned by the image: image_release().
 */
struct image_file {
	/* Absolute and normalised; its directories are real ones (links
	 * resolved), the last name is the one in that directory. */
	char *path;
	char sha256[65];
	uint64_t size;
	struct jar_info jar; /* filled for names ending in ".jar" */
	bool is_jar;
	char *content; /* small text files (spark-defaults.conf), or NULL */
	size_t content_len;
	bool content_truncated; /* content holds only the first 1 MiB */
	/* Named ".jar" but not a readable zip; or a link named so that
	 * dangles, loops or reaches a file of another name, which is not
	 * read (then sha256 is "" and size 0). */
	bool jar_error;
	/* When path is a symbolic link: the file it resolves to inside the
	 * image root (absolute, normalised), else NULL. */
	char *link_target;
};

struct image_label {
	char *key, *value;
};

struct image {
	char *source; /* the name given, for messages */
	char *ref;    /* the image's name/ref when the archive records one */
	char **env;   /* "NAME=value", from the config */
	size_t nr_env;
	char **cmd, **entrypoint;
	size_t nr_cmd, nr_entrypoint;
	struct image_label *labels;
	size_t nr_labels;
	char *user;
	struct image_file *files; /* every .jar and spark-defaults.conf */
	size_t nr_files;
	/* The config's rootfs diff_ids ("sha256:<hex>"), bottom layer first,
	 * and the image manifest's digest when the source has one (an OCI
	 * layout or a registry; not docker save), else NULL. */
	char **diff_ids;
	size_t nr_diff_ids;
	char *digest;
	/* The config's digest, "sha256:<hex>": the image ID docker shows;
	 * NULL when the archive names its config by no digest. */
	char *config_digest;
	char *platform; /* the config's "os/architecture[/variant]", or NULL */
	/* Integrity failures (blob digest or diff_id mismatch) as findings,
	 * rule "integrity" (errors); entries that tried to leave the image
	 * root, rule "unsafe-path" (warnings). The view is still built so
	 * other checks can run. */
	struct findings integrity;
	void *internal; /* the layered view, for image_list_dir() */
};

/* clang-format off */
#define IMAGE_INIT { 0 }
/* clang-format on */

/* The zip-bomb cap in force (JARBAKE_MAX_LAYER_BYTES or the default). */
uint64_t image_max_layer_bytes(void);

/*
 * Malformed, truncated or unreadable input: -1 with e->code EXIT_USAGE
 * (EXIT_IO when reading failed). Caps: JSON documents 16 MiB, a layer's
 * uncompressed bytes 64 GiB (env JARBAKE_MAX_LAYER_BYTES, bytes with an
 * optional K/M/G suffix), paths 4096 bytes, 40 symbolic link hops.
 */
int image_read(const char *source, const struct image_options *opts,
	       struct image *out, struct error *e);

/* Frees everything and leaves img zeroed; harmless twice. */
void image_release(struct image *img);

/*
 * The files directly in directory dir of the final view (dir may be or
 * contain symlinks, resolved inside the image root), as indexes into
 * img->files. Returns the count; *indexes is the caller's to free.
 */
size_t image_list_dir(const struct image *img, const char *dir,
		      size_t **indexes);

/*
 * The file at path in the final view, its directories resolved like
 * image_list_dir() does (so "/opt/spark/conf/spark-defaults.conf" is found
 * when conf is a link), or NULL.
 */
const struct image_file *image_find(const struct image *img, const char *path);

/*
 * True when directories a and b are one directory of the final view
 * (links resolved as by image_list_dir()), or the same path.
 */
bool image_same_dir(const struct image *img, const char *a, const char *b);

/* Value of the config label key, or NULL. Value of env NAME, or NULL. */
const char *image_label(const struct image *img, const char *key);
const char *image_env(const struct image *img, const char *name);

#endif
