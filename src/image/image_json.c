#include "image/image_json.h"

#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "core/digest.h"
#include "core/xalloc.h"

/* Bounds on what a document may list. */
#define MAX_ITEMS 100000

void image_strv_free(char **v, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(v[i]);
	free(v);
}

static json_t *load(const char *text, size_t len, const char *display,
		    struct error *e)
{
	json_error_t je;
	json_t *root;

	if (len > IMAGE_JSON_MAX) {
		err_set(e, "'%s' is larger than %u bytes", display,
			IMAGE_JSON_MAX);
		return NULL;
	}
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &je);
	if (!root)
		err_set(e, "invalid JSON in '%s' at line %d: %s", display,
			je.line, je.text);
	return root;
}

static char *opt_string(json_t *obj, const char *key)
{
	json_t *v = json_object_get(obj, key);

	return json_is_string(v) ? xstrdup(json_string_value(v)) : NULL;
}

/* A JSON array of strings (or null/absent: empty) into a vector. */
static int string_array(json_t *arr, const char *display, const char *what,
			char ***out, size_t *nr, struct error *e)
{
	size_t i;
	json_t *v;

	*out = NULL;
	*nr = 0;
	if (!arr || json_is_null(arr))
		return 0;
	if (!json_is_array(arr) || json_array_size(arr) > MAX_ITEMS)
		return err_set(e, "'%s': %s is not an array of strings",
			       display, what);
	*out = xcalloc(json_array_size(arr) + 1, sizeof(char *));
	json_array_foreach(arr, i, v)
	{
		if (!json_is_string(v)) {
			image_strv_free(*out, *nr);
			*out = NULL;
			*nr = 0;
			return err_set(e, "'%s': %s is not an array of strings",
				       display, what);
		}
		(*out)[(*nr)++] = xstrdup(json_string_value(v));
	}
	return 0;
}

void image_docker_entries_free(struct image_docker_entry *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(v[i].config);
		image_strv_free(v[i].tags, v[i].nr_tags);
		image_strv_free(v[i].layers, v[i].nr_layers);
	}
	free(v);
}

int image_json_docker_manifest(const char *text, size_t len,
			       const char *display,
			       struct image_docker_entry **out, size_t *nr,
			       struct error *e)
{
	json_t *root = load(text, len, display, e);
	size_t i;
	json_t *item;

	*out = NULL;
	*nr = 0;
	if (!root)
		return -1;
	if (!json_is_array(root) || !json_array_size(root) ||
	    json_array_size(root) > MAX_ITEMS) {
		json_decref(root);
		return err_set(e, "'%s' is not a list of images", display);
	}
	*out = xcalloc(json_array_size(root), sizeof(**out));
	json_array_foreach(root, i, item)
	{
		struct image_docker_entry *d = &(*out)[(*nr)++];
		json_t *config = json_object_get(item, "Config");

		if (!json_is_string(config)) {
			err_set(e, "'%s': image %zu has no Config", display,
				i + 1);
			goto fail;
		}
		d->config = xstrdup(json_string_value(config));
		if (string_array(json_object_get(item, "RepoTags"), display,
				 "RepoTags", &d->tags, &d->nr_tags, e) < 0 ||
		    string_array(json_object_get(item, "Layers"), display,
				 "Layers", &d->layers, &d->nr_layers, e) < 0)
			goto fail;
	}
	json_decref(root);
	return 0;
fail:
	json_decref(root);
	image_docker_entries_free(*out, *nr);
	*out = NULL;
	*nr = 0;
	return -1;
}

void image_descriptor_release(struct image_descriptor *d)
{
	free(d->media_type);
	free(d->digest);
	free(d->ref_name);
	free(d->name);
	free(d->platform);
	memset(d, 0, sizeof(*d));
}

void image_oci_doc_release(struct image_oci_doc *doc)
{
	for (size_t i = 0; i < doc->nr_manifests; i++)
		image_descriptor_release(&doc->manifests[i]);
	free(doc->manifests);
	image_descriptor_release(&doc->config);
	for (size_t i = 0; i < doc->nr_layers; i++)
		image_descriptor_release(&doc->layers[i]);
	free(doc->layers);
	memset(doc, 0, sizeof(*doc));
}

static int descriptor(json_t *obj, const char *display, const char *what,
		      struct image_descriptor *d, struct error *e)
{
	json_t *digest = json_object_get(obj, "digest");
	json_t *size = json_object_get(obj, "size");
	json_t *ann = json_object_get(obj, "annotations");
	json_t *platform = json_object_get(obj, "platform");
	const char *s;

	memset(d, 0, sizeof(*d));
	if (!json_is_object(obj) || !json_is_string(digest))
		return err_set(e, "'%s': %s has no digest", display, what);
	s = json_string_value(digest);
	if (strncmp(s, "sha256:", 7) || !digest_hex_valid(DIGEST_SHA256, s + 7))
		return err_set(e, "'%s': %s has an unsupported digest '%.80s'",
			       display, what, s);
	d->digest = xstrdup(s);
	if (json_is_integer(size) && json_integer_value(size) >= 0)
		d->size = (uint64_t)json_integer_value(size);
	d->media_type = opt_string(obj, "mediaType");
	if (json_is_object(ann)) {
		const char *type;

		d->ref_name =
		    opt_string(ann, "org.opencontainers.image.ref.name");
		d->name = opt_string(ann, "io.containerd.image.name");
		type = json_string_value(
		    json_object_get(ann, "vnd.docker.reference.type"));
		d->attestation = type && !strcmp(type, "attestation-manifest");
	}
	if (json_is_object(platform)) {
		const char *os =
		    json_string_value(json_object_get(platform, "os"));
		const char *arch = json_string_value(
		    json_object_get(platform, "architecture"));
		const char *variant =
		    json_string_value(json_object_get(platform, "variant"));

		if (os && arch)
			d->platform =
			    variant ? xasprintf("%s/%s/%s", os, arch, variant)
				    : xasprintf("%s/%s", os, arch);
	}
	return 0;
}

static int descriptor_list(json_t *arr, const char *display, const char *what,
			   struct image_descriptor **out, size_t *nr,
			   struct error *e)
{
	size_t i;
	json_t *v;

	if (!json_is_array(arr) || json_array_size(arr) > MAX_ITEMS)
		return err_set(e, "'%s' has no %s list", display, what);
	*out = xcalloc(json_array_size(arr) + 1, sizeof(**out));
	json_array_foreach(arr, i, v)
	{
		if (descriptor(v, display, what, &(*out)[i], e) < 0)
			return -1;
		(*nr)++;
	}
	return 0;
}

int image_json_oci(const char *text, size_t len, const char *display,
		   struct image_oci_doc *out, struct error *e)
{
	json_t *root = load(text, len, display, e);
	json_t *manifests, *layers;
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (!root)
		return -1;
	if (!json_is_object(root)) {
		err_set(e, "'%s' is not an OCI index or manifest", display);
		goto out;
	}
	manifests = json_object_get(root, "manifests");
	layers = json_object_get(root, "layers");
	if (manifests) {
		out->is_index = true;
		ret = descriptor_list(manifests, display, "manifests",
				      &out->manifests, &out->nr_manifests, e);
	} else if (layers) {
		ret = descriptor(json_object_get(root, "config"), display,
				 "config", &out->config, e);
		if (!ret)
			ret = descriptor_list(layers, display, "layers",
					      &out->layers, &out->nr_layers, e);
	} else {
		err_set(e, "'%s' is not an OCI index or manifest", display);
	}
out:
	if (ret < 0)
		image_oci_doc_release(out);
	json_decref(root);
	return ret;
}

int image_json_config(const char *text, size_t len, const char *display,
		      struct image *img, char ***diff_ids, size_t *nr_diff_ids,
		      struct error *e)
{
	json_t *root = load(text, len, display, e);
	json_t *config, *labels, *rootfs;
	int ret = -1;

	*diff_ids = NULL;
	*nr_diff_ids = 0;
	if (!root)
		return -1;
	if (!json_is_object(root)) {
		err_set(e, "'%s' is not an image config", display);
		goto out;
	}
	config = json_object_get(root, "config");
	if (!config)
		config = json_object_get(root, "container_config");
	if (json_is_object(config)) {
		const char *key;
		json_t *v;

		if (string_array(json_object_get(config, "Env"), display,
				 "config.Env", &img->env, &img->nr_env,
				 e) < 0 ||
		    string_array(json_object_get(config, "Cmd"), display,
				 "config.Cmd", &img->cmd, &img->nr_cmd,
				 e) < 0 ||
		    string_array(json_object_get(config, "Entrypoint"), display,
				 "config.Entrypoint", &img->entrypoint,
				 &img->nr_entrypoint, e) < 0)
			goto out;
		img->user = opt_string(config, "User");
		labels = json_object_get(config, "Labels");
		if (json_is_object(labels)) {
			if (json_object_size(labels) > MAX_ITEMS) {
				err_set(e, "'%s' has too many labels", display);
				goto out;
			}
			img->labels = xcalloc(json_object_size(labels) + 1,
					      sizeof(*img->labels));
			json_object_foreach(labels, key, v)
			{
				if (!json_is_string(v))
					continue;
				img->labels[img->nr_labels].key = xstrdup(key);
				img->labels[img->nr_labels++].value =
				    xstrdup(json_string_value(v));
			}
		}
	}
	{
		const char *os = json_string_value(json_object_get(root, "os"));
		const char *arch =
		    json_string_value(json_object_get(root, "architecture"));
		const char *variant =
		    json_string_value(json_object_get(root, "variant"));

		if (os && arch && *os && *arch && strlen(os) < 64 &&
		    strlen(arch) < 64 && (!variant || strlen(variant) < 64))
			img->platform =
			    variant && *variant
				? xasprintf("%s/%s/%s", os, arch, variant)
				: xasprintf("%s/%s", os, arch);
	}
	rootfs = json_object_get(root, "rootfs");
	if (string_array(json_object_get(rootfs, "diff_ids"), display,
			 "rootfs.diff_ids", diff_ids, nr_diff_ids, e) < 0)
		goto out;
	ret = 0;
out:
	json_decref(root);
	return ret;
}
