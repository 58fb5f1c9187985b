#ifndef JARBAKE_DOCKERFILE_H
#define JARBAKE_DOCKERFILE_H

#include "manifest/manifest.h"
#include "core/strbuf.h"

/* The label that carries the manifest's SHA-256; verify checks it. */
#define DOCKERFILE_LABEL_MANIFEST "io.akko.jarbake.manifest-sha256"
#define DOCKERFILE_LABEL_JARS "io.akko.jarbake.jars"

/*
 * Renders the image's Dockerfile from m into out, byte-for-byte the same
 * for the same manifest. source names the manifest in the header.
 */
void dockerfile_render(const struct manifest *m, const char *source,
		       struct strbuf *out);

/* dockerfiles/<image.name>.Dockerfile; the caller frees it. */
char *dockerfile_default_path(const struct manifest *m);

#endif
