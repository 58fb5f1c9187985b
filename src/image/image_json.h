#ifndef JARBAKE_IMAGE_JSON_H
#define JARBAKE_IMAGE_JSON_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"
#include "image/image.h"

/*
 * The JSON documents of an image archive, parsed into plain structs:
 * docker's manifest.json, OCI index and manifest, the image config.
 * Every function fails with EXIT_USAGE and a message naming display.
 */

/* Largest JSON document accepted (manifest.json, index, config). */
#define IMAGE_JSON_MAX (16u << 20)

/* One image of docker's manifest.json. */
struct image_docker_entry {
	char *config;
	char **tags;
	size_t nr_tags;
	char **layers;
	size_t nr_layers;
};

int image_json_docker_manifest(const char *text, size_t len,
			       const char *display,
			       struct image_docker_entry **out, size_t *nr,
			       struct error *e);
void image_docker_entries_free(struct image_docker_entry *v, size_t nr);

/* An OCI descriptor, with the annotations and platform that matter. */
struct image_descriptor {
	char *media_type;
	char *digest; /* "sha256:<64 hex>" (checked) */
	uint64_t size;
	char *ref_name;	  /* org.opencontainers.image.ref.name */
	char *name;	  /* io.containerd.image.name */
	char *platform;	  /* "os/arch[/variant]", or NULL */
	bool attestation; /* docker's attestation manifests */
};

/* An OCI index (manifests) or image manifest (config + layers). */
struct image_oci_doc {
	bool is_index;
	struct image_descriptor *manifests;
	size_t nr_manifests;
	struct image_descriptor config;
	struct image_descriptor *layers;
	size_t nr_layers;
};

int image_json_oci(const char *text, size_t len, const char *display,
		   struct image_oci_doc *out, struct error *e);
void image_oci_doc_release(struct image_oci_doc *doc);
void image_descriptor_release(struct image_descriptor *d);

/* Fills img's Env, Cmd, Entrypoint, Labels, User; *diff_ids: rootfs. */
int image_json_config(const char *text, size_t len, const char *display,
		      struct image *img, char ***diff_ids, size_t *nr_diff_ids,
		      struct error *e);

void image_strv_free(char **v, size_t nr);

#endif
