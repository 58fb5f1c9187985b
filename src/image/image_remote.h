#ifndef JARBAKE_IMAGE_REMOTE_H
#define JARBAKE_IMAGE_REMOTE_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "image/image_blob.h"

/*
 * A registry image for the image reader: which image manifest a
 * reference means (an index resolved to a platform), and its blobs
 * streamed from the registry through the same blob and layer readers as
 * an archive's, several at once, nothing written to disk.
 */

struct registry;

/* One image manifest of a reference. */
struct image_platform {
	char *platform; /* "os/arch[/variant]", NULL for a lone manifest */
	char digest[72];
	char *manifest; /* its bytes */
	size_t len;
};

/*
 * Resolves reference (a tag or "sha256:...") to image manifests: a lone
 * manifest is itself; an index yields the image for platform
 * ("os/arch[/variant]", NULL: this machine's) or, with all, every image;
 * ref_digest gets the digest of what reference names.
 * No image for the platform: -1, EXIT_USAGE, naming those there are.
 */
int image_remote_resolve(struct registry *reg, const char *reference,
			 const char *platform, bool all,
			 struct image_platform **out, size_t *nr,
			 char ref_digest[72], struct error *e);
void image_platforms_free(struct image_platform *v, size_t nr);

/* This machine's platform from uname ("linux/amd64", "linux/arm/v7"). */
const char *image_host_platform(void);

/*
 * Reads the blobs called names[i] ("blobs/sha256/<hex>") from reg into s,
 * up to s->workers at once, each streamed through a bounded pipe. A blob
 * may not be longer than max[i] bytes (its descriptor's size; max NULL or
 * max[i] 0: the layer cap).
 */
int image_remote_fetch(struct blob_set *s, struct registry *reg,
		       const char *const *names, const uint64_t *max, size_t nr,
		       bool want_diff_id, struct error *e);

struct image;
struct image_options;
struct registry_options;

/*
 * Gets each image read by image_remote_read(); nonzero stops. ref_digest
 * is what the reference resolves to (the index's digest for an index).
 */
typedef int (*image_remote_each_fn)(void *ctx, struct image *img,
				    const char *platform,
				    const char *ref_digest);

/*
 * Reads the registry image ref ("HOST/REPO:TAG" or "...@sha256:...",
 * without "docker://"): connects, resolves it for platform (all: every
 * image of an index) and reads each image with io, handing it to each()
 * (which owns it then). -1 with e filled when the registry or an image
 * could not be read; otherwise what the last each() returned.
 */
int image_remote_read(const char *ref, const struct registry_options *ro,
		      const struct image_options *io, const char *platform,
		      bool all, image_remote_each_fn each, void *ctx,
		      struct error *e);

#endif
