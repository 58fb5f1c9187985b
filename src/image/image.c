#include "image/image.h"

#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "image/image_blob.h"
#include "image/image_json.h"
#include "image/image_remote.h"
#include "image/image_view.h"
#include "core/strbuf.h"
#include "core/pool.h"
#include "core/xalloc.h"

/* Default zip-bomb cap: uncompressed bytes of one layer. */
#define DEFAULT_MAX_LAYER_BYTES (64ull << 30)
/* Most entries in one layer, layers in one image, nested OCI indexes. */
#define MAX_LAYER_ENTRIES (1u << 20)
#define MAX_LAYERS 1000
#define MAX_INDEX_DEPTH 4
/* The walk through OCI indexes: distinct documents parsed, descriptors
 * looked at in all, distinct image manifests kept. */
#define MAX_OCI_DOCUMENTS 256
#define MAX_OCI_DESCRIPTORS 4096
#define MAX_OCI_CANDIDATES 1024
/* JSON bytes those documents may hold together. */
#define MAX_OCI_PARSE_BYTES (64u << 20)

/* What image_read keeps for image_list_dir() and image_release(). */
struct image_internal {
	struct image_view *view;
	const struct view_node **dirs; /* the directory of each file */
	struct layer_file **contents;  /* owns what files[] point into */
};

struct reader {
	const char *source;
	const struct image_options *opts;
	struct blob_set blobs;
	const char *dir;	   /* a layout directory, else NULL */
	struct registry *registry; /* or a registry, else NULL */
	struct image *img;
	struct error *e;
};

uint64_t image_max_layer_bytes(void)
{
	const char *s = getenv("JARBAKE_MAX_LAYER_BYTES");
	unsigned long long v;
	char *end;

	if (!s || !*s)
		return DEFAULT_MAX_LAYER_BYTES;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || end == s)
		return DEFAULT_MAX_LAYER_BYTES;
	if (*end) {
		static const char units[] = "kKmMgG";
		const char *u = strchr(units, *end);
		unsigned shift = u ? 10 * (unsigned)((u - units) / 2 + 1) : 0;

		if (!u || v > (ULLONG_MAX >> shift))
			return DEFAULT_MAX_LAYER_BYTES;
		v <<= shift;
		end++;
	}
	return *end ? DEFAULT_MAX_LAYER_BYTES : v;
}

enum blob_use { USE_DOC, USE_LAYER, USE_LAYER_DIFF_ID };

/*
 * A blob by name: already read (archive), or read now (directory). A
 * document (index, manifest, config) of a directory is capped.
 */
static struct blob *get_blob(struct reader *r, const char *name,
			     enum blob_use use)
{
	struct blob *b = blob_set_find(&r->blobs, name);

	if (b || (!r->dir && !r->registry))
		return b;
	if (r->registry) {
		/* a document is capped, a layer by the layer cap */
		uint64_t max = use == USE_DOC ? IMAGE_JSON_MAX : 0;

		if (strncmp(name, "blobs/sha256/", 13))
			return NULL; /* only blobs live in a registry */
		if (image_remote_fetch(&r->blobs, r->registry, &name, &max, 1,
				       use == USE_LAYER_DIFF_ID, r->e) < 0)
			return NULL;
		return blob_set_find(&r->blobs, name);
	}
	if (image_blob_read_file(&r->blobs, r->dir, name,
				 use == USE_LAYER_DIFF_ID,
				 use == USE_DOC ? IMAGE_JSON_MAX : 0, r->e))
		return NULL;
	return blob_set_find(&r->blobs, name);
}

static struct blob *get_digest(struct reader *r, const char *digest)
{
	char name[96];

	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	return get_blob(r, name, USE_DOC);
}

/* The JSON text of a blob, or an error naming what is missing. */
static const struct blob *json_blob(struct reader *r, const char *name,
				    const char *what)
{
	const struct blob *b = get_blob(r, name, USE_DOC);

	if (r->e->set)
		return NULL;
	if (!b) {
		err_set(r->e, "%s '%s' is missing from '%s'", what, name,
			r->source);
		return NULL;
	}
	if (b->kind != BLOB_JSON) {
		err_set(r->e,
			"%s '%s' in '%s' is not JSON (or larger than %u "
			"bytes)",
			what, name, r->source, IMAGE_JSON_MAX);
		return NULL;
	}
	return b;
}

static void integrity(struct reader *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void integrity(struct reader *r, const char *fmt, ...)
{
	char msg[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	findings_add(&r->img->integrity, r->source, 0, 0, SEVERITY_ERROR,
		     "integrity", "%s", msg);
}

/* Checks a blob's bytes against the hex digest it is known by. */
static bool check_digest(struct reader *r, const struct blob *b,
			 const char *hex, const char *what)
{
	if (!strcmp(b->sha256, hex))
		return true;
	if (strstr(b->name, hex))
		integrity(r, "%s '%s' is corrupt: its SHA-256 is %s", what,
			  b->name, b->sha256);
	else
		integrity(r, "%s '%s' is corrupt: its SHA-256 is %s, not %s",
			  what, b->name, b->sha256, hex);
	return false;
}

/* "docker.io/library/x:t" and "x" both mean "x:latest"-like names. */
static void normalise_ref(const char *ref, char *out, size_t size)
{
	static const char *const prefixes[] = {
	    "docker.io/library/", "docker.io/", "index.docker.io/library/",
	    "localhost/"};
	const char *slash, *colon;

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++) {
		size_t n = strlen(prefixes[i]);

		if (!strncmp(ref, prefixes[i], n)) {
			ref += n;
			break;
		}
	}
	slash = strrchr(ref, '/');
	colon = strrchr(slash ? slash : ref, ':');
	if (colon || strchr(ref, '@'))
		snprintf(out, size, "%s", ref);
	else
		snprintf(out, size, "%s:latest", ref);
}

static bool ref_matches(const char *name, const char *ref)
{
	char a[512], b[512];

	if (!name)
		return false;
	if (!strcmp(name, ref))
		return true;
	normalise_ref(name, a, sizeof(a));
	normalise_ref(ref, b, sizeof(b));
	return !strcmp(a, b);
}

/* The layer blobs of the chosen image, in order, and the config's. */
struct chosen {
	struct blob **layers;
	const char **expected; /* hex digest each layer blob must have */
	size_t nr_layers;
	const struct blob *config;
	char **diff_ids;
	size_t nr_diff_ids;
	bool docker; /* docker-archive: diff_ids are the check */
};

static void chosen_release(struct chosen *c)
{
	free(c->layers);
	for (size_t i = 0; i < c->nr_layers; i++)
		free((char *)c->expected[i]);
	free(c->expected);
	image_strv_free(c->diff_ids, c->nr_diff_ids);
	memset(c, 0, sizeof(*c));
}

static int read_config(struct reader *r, const char *name, struct chosen *c)
{
	c->config = json_blob(r, name, "image config");
	if (!c->config)
		return -1;
	return image_json_config(c->config->json, c->config->json_len, name,
				 r->img, &c->diff_ids, &c->nr_diff_ids, r->e);
}

static int list_error(struct reader *r, const char *intro, char **names,
		      size_t nr)
{
	struct strbuf sb = STRBUF_INIT;

	for (size_t i = 0; i < nr; i++) {
		if (i)
			strbuf_adds(&sb, ", ");
		if (sb.len > 600) {
			strbuf_adds(&sb, "...");
			break;
		}
		strbuf_adds(&sb, names[i] ? names[i] : "(untagged)");
	}
	err_set(r->e, "%s: %s", intro, sb.buf ? sb.buf : "");
	strbuf_release(&sb);
	return -1;
}

/* docker save / docker-archive: manifest.json names config and layers. */
static int choose_docker(struct reader *r, const struct blob *mj,
			 struct chosen *c)
{
	struct image_docker_entry *entries = NULL, *pick = NULL;
	size_t nr = 0;
	const char *tag = NULL;
	int ret = -1;

	if (image_json_docker_manifest(mj->json, mj->json_len, "manifest.json",
				       &entries, &nr, r->e) < 0)
		return -1;
	if (r->opts && r->opts->ref) {
		for (size_t i = 0; i < nr && !pick; i++)
			for (size_t j = 0; j < entries[i].nr_tags; j++)
				if (ref_matches(entries[i].tags[j],
						r->opts->ref)) {
					pick = &entries[i];
					tag = entries[i].tags[j];
					break;
				}
		if (!pick) {
			ret = 1; /* maybe the OCI index knows the name */
			goto out;
		}
	} else if (nr == 1) {
		pick = &entries[0];
		tag = pick->nr_tags ? pick->tags[0] : NULL;
	} else {
		char **names = xcalloc(nr, sizeof(*names));

		for (size_t i = 0; i < nr; i++)
			names[i] = entries[i].nr_tags ? entries[i].tags[0]
						      : entries[i].config;
		list_error(r,
			   "the archive holds several images; choose one "
			   "with --ref",
			   names, nr);
		free(names);
		goto out;
	}
	if (tag)
		r->img->ref = xstrdup(tag);
	if (pick->nr_layers > MAX_LAYERS) {
		err_set(r->e, "image in '%s' has more than %d layers",
			r->source, MAX_LAYERS);
		goto out;
	}
	if (read_config(r, pick->config, c) < 0)
		goto out;
	c->docker = true;
	{
		char hex[65];

		if (image_blob_name_digest(c->config->name, hex)) {
			check_digest(r, c->config, hex, "image config");
			r->img->config_digest = xasprintf("sha256:%s", hex);
		}
	}
	if (r->dir && image_blob_prefetch(&r->blobs, r->dir,
					  (const char *const *)pick->layers,
					  pick->nr_layers, true, r->e) < 0)
		goto out;
	c->layers = xcalloc(pick->nr_layers + 1, sizeof(*c->layers));
	c->expected = xcalloc(pick->nr_layers + 1, sizeof(*c->expected));
	for (size_t i = 0; i < pick->nr_layers; i++) {
		struct blob *b =
		    get_blob(r, pick->layers[i], USE_LAYER_DIFF_ID);
		char hex[65];

		if (!b) {
			if (!r->e->set)
				err_set(r->e, "layer '%s' is missing from '%s'",
					pick->layers[i], r->source);
			goto out;
		}
		c->layers[c->nr_layers] = b;
		/* blobs/sha256/<hex> names the stored bytes; podman's
		 * <hex>.tar names the tar, which diff_ids check anyway. */
		c->expected[c->nr_layers++] =
		    image_blob_name_digest(b->name, hex) &&
			    !strncmp(b->name, "blobs/", 6)
			? xstrdup(hex)
			: NULL;
	}
	ret = 0;
out:
	image_docker_entries_free(entries, nr);
	return ret;
}

/* An image manifest found through the OCI index, with its names. */
struct candidate {
	char *digest;
	char *ref_name, *name, *platform;
	bool missing;
};

/*
 * The walk through nested OCI indexes. Indexes may share children (a
 * "diamond": many paths to one blob), so each index is expanded once per
 * name it inherits and each manifest kept once; the caps bound the rest.
 */
struct oci_walk {
	struct candidate *cands;
	size_t nr, alloc;
	char **seen; /* "digest\nref_name\nname" of each document parsed */
	size_t nr_seen, alloc_seen;
	size_t descriptors; /* looked at so far */
	size_t parse_bytes; /* of the documents parsed so far */
};

static void candidate_release(struct candidate *c)
{
	free(c->digest);
	free(c->ref_name);
	free(c->name);
	free(c->platform);
	memset(c, 0, sizeof(*c));
}

static void oci_walk_release(struct oci_walk *w)
{
	for (size_t i = 0; i < w->nr; i++)
		candidate_release(&w->cands[i]);
	free(w->cands);
	image_strv_free(w->seen, w->nr_seen);
	memset(w, 0, sizeof(*w));
}

static bool is_index_type(const char *t)
{
	return t && (strstr(t, "image.index") || strstr(t, "manifest.list"));
}

static bool same_str(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* Adds the index key once: true when it was new. */
static bool walk_first_visit(struct oci_walk *w, const char *digest,
			     const struct image_descriptor *named)
{
	char *key = xasprintf("%s\n%s\n%s", digest,
			      named && named->ref_name ? named->ref_name : "",
			      named && named->name ? named->name : "");

	for (size_t i = 0; i < w->nr_seen; i++)
		if (!strcmp(w->seen[i], key)) {
			free(key);
			return false;
		}
	XGROW(w->seen, w->nr_seen + 1, w->alloc_seen);
	w->seen[w->nr_seen++] = key;
	return true;
}

/* Keeps the image manifest d, named by its closest named ancestor. */
static int add_candidate(struct reader *r, struct oci_walk *w,
			 const struct image_descriptor *d,
			 const struct image_descriptor *named, bool missing)
{
	struct candidate *c;

	for (size_t i = 0; i < w->nr; i++) {
		c = &w->cands[i];
		if (!strcmp(c->digest, d->digest) &&
		    same_str(c->ref_name, named->ref_name) &&
		    same_str(c->name, named->name) &&
		    same_str(c->platform, d->platform))
			return 0;
	}
	if (w->nr >= MAX_OCI_CANDIDATES)
		return err_set(r->e,
			       "OCI indexes in '%s' list more than %d "
			       "image manifests",
			       r->source, MAX_OCI_CANDIDATES);
	XGROW(w->cands, w->nr + 1, w->alloc);
	c = &w->cands[w->nr++];
	memset(c, 0, sizeof(*c));
	c->digest = xstrdup(d->digest);
	c->missing = missing;
	c->ref_name = named->ref_name ? xstrdup(named->ref_name) : NULL;
	c->name = named->name ? xstrdup(named->name) : NULL;
	c->platform = d->platform ? xstrdup(d->platform) : NULL;
	return 0;
}

/* Walks the manifests of an index document (reached through d). */
static int collect_index(struct reader *r, struct oci_walk *w,
			 const struct image_oci_doc *doc,
			 const struct image_descriptor *named, int depth);

/*
 * Adds the image manifests d leads to (d itself, or an index's). A JSON
 * document is parsed once per name it inherits: a second path to it adds
 * nothing new.
 */
static int collect(struct reader *r, struct oci_walk *w,
		   const struct image_descriptor *d,
		   const struct image_descriptor *parent, int depth)
{
	const struct image_descriptor *named =
	    !parent || d->ref_name || d->name ? d : parent;
	struct image_oci_doc doc;
	const struct blob *b;
	int ret;

	if (d->attestation)
		return 0;
	if (++w->descriptors > MAX_OCI_DESCRIPTORS)
		return err_set(r->e,
			       "OCI indexes in '%s' hold more than %d "
			       "descriptors",
			       r->source, MAX_OCI_DESCRIPTORS);
	b = get_digest(r, d->digest);
	if (r->e->set)
		return -1;
	if (!b || b->kind != BLOB_JSON ||
	    (!is_index_type(d->media_type) && d->media_type))
		return is_index_type(d->media_type)
			   ? 0 /* a nested index not in the archive */
			   : add_candidate(r, w, d, named, !b);
	if (!walk_first_visit(w, d->digest, named))
		return 0;
	w->parse_bytes += b->json_len;
	if (w->nr_seen > MAX_OCI_DOCUMENTS ||
	    w->parse_bytes > MAX_OCI_PARSE_BYTES)
		return err_set(r->e,
			       "'%s' has more than %d OCI index documents "
			       "or %u MiB of them (at '%s')",
			       r->source, MAX_OCI_DOCUMENTS,
			       MAX_OCI_PARSE_BYTES >> 20, b->name);
	if (!check_digest(r, b, d->digest + 7, "index"))
		return 0;
	if (image_json_oci(b->json, b->json_len, b->name, &doc, r->e) < 0)
		return -1;
	ret = doc.is_index ? collect_index(r, w, &doc, named, depth)
			   : add_candidate(r, w, d, named, false);
	image_oci_doc_release(&doc);
	return ret;
}

static int collect_index(struct reader *r, struct oci_walk *w,
			 const struct image_oci_doc *doc,
			 const struct image_descriptor *named, int depth)
{
	int ret = 0;

	if (depth >= MAX_INDEX_DEPTH)
		return err_set(r->e, "OCI indexes in '%s' nest deeper than %d",
			       r->source, MAX_INDEX_DEPTH);
	for (size_t i = 0; i < doc->nr_manifests && !ret; i++)
		ret = collect(r, w, &doc->manifests[i], named, depth + 1);
	return ret;
}

static const char *host_platform(void)
{
#if defined(__x86_64__)
	return "linux/amd64";
#elif defined(__aarch64__)
	return "linux/arm64";
#else
	return "";
#endif
}

static const char *candidate_label(const struct candidate *c)
{
	return c->name ? c->name : c->ref_name ? c->ref_name : c->digest;
}

/* Drops the candidates missing from the archive or not matching ref. */
static void keep_matching(struct oci_walk *w, const char *ref)
{
	size_t live = 0;

	for (size_t i = 0; i < w->nr; i++) {
		struct candidate *c = &w->cands[i];
		bool keep = !c->missing && (!ref || ref_matches(c->name, ref) ||
					    ref_matches(c->ref_name, ref));

		if (keep)
			w->cands[live++] = *c;
		else
			candidate_release(c);
	}
	w->nr = live;
}

/* One name, several platforms: this machine's; else NULL. */
static const struct candidate *pick_platform(const struct oci_walk *w,
					     const char *ref)
{
	const struct candidate *pick = NULL;

	for (size_t i = 0; i < w->nr; i++) {
		if (!w->cands[i].platform ||
		    strcmp(w->cands[i].platform, host_platform()))
			continue;
		if (pick)
			return NULL;
		pick = &w->cands[i];
	}
	for (size_t i = 0; pick && !ref && i < w->nr; i++)
		if (strcmp(candidate_label(&w->cands[i]),
			   candidate_label(pick)))
			return NULL;
	return pick;
}

/* The image manifest to read, or NULL with an error listing choices. */
static const struct candidate *
pick_candidate(struct reader *r, const struct oci_walk *w, const char *ref)
{
	const struct candidate *pick =
	    w->nr == 1 ? &w->cands[0] : pick_platform(w, ref);
	char **names;

	if (pick)
		return pick;
	if (!w->nr && ref)
		err_set(r->e, "no image '%s' in '%s'", ref, r->source);
	else if (!w->nr)
		err_set(r->e, "no image manifest in '%s'", r->source);
	if (!w->nr)
		return NULL;
	names = xcalloc(w->nr + 1, sizeof(*names));
	for (size_t i = 0; i < w->nr; i++)
		names[i] = (char *)candidate_label(&w->cands[i]);
	list_error(r, "the archive holds several images; choose one with --ref",
		   names, w->nr);
	free(names);
	return NULL;
}

/* Reads and checks the image manifest pick names into *manifest. */
static int read_image_manifest(struct reader *r, const struct candidate *pick,
			       struct image_oci_doc *manifest)
{
	const struct blob *mb = get_digest(r, pick->digest);

	if (!mb || mb->kind != BLOB_JSON) {
		if (!r->e->set)
			err_set(r->e, "image manifest %s in '%s' is not JSON",
				pick->digest, r->source);
		return -1;
	}
	if (!check_digest(r, mb, pick->digest + 7, "image manifest"))
		return err_set(r->e, "image manifest %s in '%s' is corrupt",
			       pick->digest, r->source);
	if (image_json_oci(mb->json, mb->json_len, mb->name, manifest, r->e) <
	    0)
		return -1;
	if (manifest->is_index)
		return err_set(r->e,
			       "'%s' is an index where an image manifest was "
			       "expected",
			       mb->name);
	if (manifest->nr_layers > MAX_LAYERS)
		return err_set(r->e, "image in '%s' has more than %d layers",
			       r->source, MAX_LAYERS);
	return 0;
}

/* The config and the layer blobs the image manifest names, in order. */
static int oci_layers(struct reader *r, const struct image_oci_doc *manifest,
		      struct chosen *c)
{
	size_t nr = manifest->nr_layers;
	char **names = xcalloc(nr + 1, sizeof(*names));
	char *config =
	    xasprintf("blobs/sha256/%s", manifest->config.digest + 7);
	int ret = -1;

	if (read_config(r, config, c) < 0)
		goto out;
	check_digest(r, c->config, manifest->config.digest + 7, "image config");
	free(r->img->config_digest);
	r->img->config_digest = xstrdup(manifest->config.digest);
	for (size_t i = 0; i < nr; i++)
		names[i] = xasprintf("blobs/sha256/%s",
				     manifest->layers[i].digest + 7);
	if (r->dir &&
	    image_blob_prefetch(&r->blobs, r->dir, (const char *const *)names,
				nr, false, r->e) < 0)
		goto out;
	if (r->registry) {
		/* a blob longer than its descriptor says is cut off there */
		uint64_t *max = xcalloc(nr + 1, sizeof(*max));
		int rc;

		for (size_t i = 0; i < nr; i++)
			max[i] = manifest->layers[i].size;
		rc = image_remote_fetch(&r->blobs, r->registry,
					(const char *const *)names, max, nr,
					false, r->e);
		free(max);
		if (rc < 0)
			goto out;
	}
	c->layers = xcalloc(nr + 1, sizeof(*c->layers));
	c->expected = xcalloc(nr + 1, sizeof(*c->expected));
	for (size_t i = 0; i < nr; i++) {
		const struct image_descriptor *d = &manifest->layers[i];
		struct blob *b = get_blob(r, names[i], USE_LAYER);

		if (!b) {
			if (!r->e->set)
				err_set(r->e, "layer %s is missing from '%s'",
					d->digest, r->source);
			goto out;
		}
		c->layers[c->nr_layers] = b;
		c->expected[c->nr_layers++] = xstrdup(d->digest + 7);
		if (d->size && b->size != d->size)
			integrity(r,
				  "layer %s has %llu bytes, its descriptor "
				  "says %llu",
				  d->digest, (unsigned long long)b->size,
				  (unsigned long long)d->size);
	}
	ret = 0;
out:
	image_strv_free(names, nr);
	free(config);
	return ret;
}

/* OCI layout: index.json, then manifests, config and layers by digest. */
static int choose_oci(struct reader *r, const struct blob *ij, struct chosen *c)
{
	struct image_oci_doc index, manifest;
	struct oci_walk w = {0};
	const struct candidate *pick;
	const char *ref = r->opts ? r->opts->ref : NULL;
	int ret = -1;

	memset(&index, 0, sizeof(index));
	memset(&manifest, 0, sizeof(manifest));
	if (image_json_oci(ij->json, ij->json_len, "index.json", &index, r->e) <
	    0)
		goto out;
	if (!index.is_index) {
		err_set(r->e, "index.json in '%s' is not an OCI index",
			r->source);
		goto out;
	}
	for (size_t i = 0; i < index.nr_manifests; i++)
		if (collect(r, &w, &index.manifests[i], NULL, 0) < 0)
			goto out;
	keep_matching(&w, ref);
	pick = pick_candidate(r, &w, ref);
	if (!pick)
		goto out;
	if (pick->name || pick->ref_name)
		r->img->ref = xstrdup(pick->name ? pick->name : pick->ref_name);
	r->img->digest = xstrdup(pick->digest);
	if (read_image_manifest(r, pick, &manifest) < 0 ||
	    oci_layers(r, &manifest, c) < 0)
		goto out;
	ret = 0;
out:
	oci_walk_release(&w);
	image_oci_doc_release(&manifest);
	image_oci_doc_release(&index);
	return ret;
}

struct build {
	struct image *img;
	struct image_internal *in;
	size_t alloc;
};

static void add_file(void *ctx, const char *path, const struct view_node *dir,
		     struct layer_file *f, const char *target)
{
	struct build *bd = ctx;
	struct image *img = bd->img;
	struct image_internal *in = bd->in;
	struct image_file *file;
	size_t old = bd->alloc;

	XGROW(img->files, img->nr_files + 1, bd->alloc);
	if (bd->alloc != old) {
		in->dirs = xrealloc(in->dirs, bd->alloc * sizeof(*in->dirs));
		in->contents =
		    xrealloc(in->contents, bd->alloc * sizeof(*in->contents));
	}
	file = &img->files[img->nr_files];
	memset(file, 0, sizeof(*file));
	file->path = xstrdup(path);
	file->link_target = target ? xstrdup(target) : NULL;
	memcpy(file->sha256, f->sha256, sizeof(file->sha256));
	file->size = f->size;
	file->is_jar = layer_name_is_jar(layer_basename(path));
	if (f->jar)
		file->jar = *f->jar; /* shared: f stays referenced below */
	file->jar_error =
	    file->is_jar && (!f->jar || f->jar_error || f->unread);
	file->content = f->content;
	file->content_len = f->content_len;
	file->content_truncated = f->content_truncated;
	in->dirs[img->nr_files] = dir;
	in->contents[img->nr_files] = layer_file_ref(f);
	img->nr_files++;
}

/* Checks the chosen layers and applies them in order. */
static int apply_layers(struct reader *r, struct chosen *c,
			struct image_internal *in)
{
	if (c->nr_diff_ids != c->nr_layers)
		integrity(r,
			  "the image config lists %zu diff_ids for %zu "
			  "layers",
			  c->nr_diff_ids, c->nr_layers);
	for (size_t i = 0, j; i < c->nr_layers; i++) {
		struct blob *b = c->layers[i];
		bool bad = false;

		if (c->expected[i])
			bad = !check_digest(r, b, c->expected[i], "layer");
		if (i < c->nr_diff_ids && b->diff_id[0] && !bad) {
			const char *want = c->diff_ids[i];

			if (strncmp(want, "sha256:", 7) ||
			    strcmp(want + 7, b->diff_id)) {
				integrity(r,
					  "layer '%s' is corrupt: its tar "
					  "has SHA-256 %s, the config's "
					  "diff_id is %.80s",
					  b->name, b->diff_id, want);
				bad = true;
			}
		}
		if (b->kind != BLOB_LAYER || b->err.set) {
			if (bad)
				continue; /* reported: corrupt, not malformed */
			if (b->err.set) {
				*r->e = b->err;
				r->e->code = EXIT_USAGE;
				return -1;
			}
			return err_set(r->e,
				       "layer '%s' in '%s' is not a tar "
				       "archive (plain, gzip or zstd)",
				       b->name, r->source);
		}
		if (b->layer.nr_unsafe)
			findings_add(&r->img->integrity, r->source, 0, 0,
				     SEVERITY_WARNING, "unsafe-path",
				     "layer '%s' has %zu entries leaving the "
				     "image root (first: '%.200s'); kept "
				     "inside it",
				     b->name, b->layer.nr_unsafe,
				     b->layer.first_unsafe);
		image_view_apply(in->view, &b->layer);
		if (image_view_full(in->view))
			return err_set(
			    r->e,
			    "image '%s' has more than %u directories "
			    "and links",
			    r->source, VIEW_MAX_NODES);
		/* The view has what it needs: free the record after its last
		 * use, so records and view do not peak together. */
		for (j = i + 1; j < c->nr_layers && c->layers[j] != b; j++)
			;
		if (j == c->nr_layers)
			layer_release(&b->layer);
	}
	return 0;
}

/* Bytes in memory, handed out at once. */
struct mem_source {
	const char *data;
	size_t len;
};

static ssize_t mem_read(void *ctx, const void **buf)
{
	struct mem_source *m = ctx;
	size_t n = m->len;

	*buf = m->data;
	m->len = 0;
	return (ssize_t)n;
}

/* A registry image: its manifest, and an index.json naming it. */
static int read_registry(struct reader *r)
{
	const struct image_options *o = r->opts;
	struct mem_source src;
	char name[96], *index;
	int ret = 0;

	if (!o->manifest || !o->manifest_digest ||
	    strncmp(o->manifest_digest, "sha256:", 7))
		return err_set(r->e, "no image manifest for '%s'", r->source);
	r->registry = o->registry;
	snprintf(name, sizeof(name), "blobs/sha256/%.64s",
		 o->manifest_digest + 7);
	src.data = o->manifest;
	src.len = o->manifest_len;
	if (!blob_set_add(&r->blobs, name, mem_read, &src, false, r->e))
		return -1;
	index = xasprintf("{\"schemaVersion\":2,\"manifests\":[{"
			  "\"mediaType\":\"application/"
			  "vnd.oci.image.manifest.v1+json\",\"digest\":"
			  "\"%.71s\",\"size\":%zu}]}",
			  o->manifest_digest, o->manifest_len);
	src.data = index;
	src.len = strlen(index);
	if (!blob_set_add(&r->blobs, "index.json", mem_read, &src, false, r->e))
		ret = -1;
	free(index);
	return ret;
}

static int read_source(struct reader *r)
{
	struct stat st;
	int fd, ret;

	if (r->opts && r->opts->registry)
		return read_registry(r);
	if (!strcmp(r->source, "-"))
		return image_blob_read_tar(&r->blobs, STDIN_FILENO, "-", r->e);
	if (stat(r->source, &st) < 0)
		return err_set_errno(r->e, EXIT_USAGE, "cannot open '%s'",
				     r->source);
	if (S_ISDIR(st.st_mode)) {
		r->dir = r->source;
		return 0;
	}
	fd = open(r->source, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set_errno(r->e, EXIT_USAGE, "cannot open '%s'",
				     r->source);
	ret = image_blob_read_tar(&r->blobs, fd, r->source, r->e);
	close(fd);
	return ret;
}

int image_read(const char *source, const struct image_options *opts,
	       struct image *out, struct error *e)
{
	struct reader r = {.source = source, .opts = opts, .img = out, .e = e};
	struct image_internal *in = xcalloc(1, sizeof(*in));
	struct chosen c;
	const struct blob *mj, *ij;
	struct build bd = {.img = out, .in = in};
	int ret = -1, rc;

	memset(out, 0, sizeof(*out));
	memset(&c, 0, sizeof(c));
	out->source = xstrdup(source);
	out->internal = in;
	in->view = image_view_new();
	blob_set_init(&r.blobs);
	r.blobs.jar_flags = opts ? opts->jar_flags : 0;
	r.blobs.stream = opts && opts->stream;
	r.blobs.max_layer_bytes = image_max_layer_bytes();
	r.blobs.max_total_bytes = r.blobs.max_layer_bytes > UINT64_MAX / 4
				      ? UINT64_MAX
				      : 4 * r.blobs.max_layer_bytes;
	r.blobs.max_entries = MAX_LAYER_ENTRIES;
	r.blobs.workers = pool_cpus(4);
	if (read_source(&r) < 0)
		goto out;
	mj = get_blob(&r, "manifest.json", USE_DOC);
	ij = e->set ? NULL : get_blob(&r, "index.json", USE_DOC);
	if (e->set)
		goto out;
	if (mj && mj->kind == BLOB_JSON) {
		rc = choose_docker(&r, mj, &c);
		if (rc > 0 && ij && ij->kind == BLOB_JSON)
			rc = choose_oci(&r, ij, &c);
		else if (rc > 0)
			err_set(e, "no image '%s' in '%s'", opts->ref, source);
	} else if (ij && ij->kind == BLOB_JSON) {
		rc = choose_oci(&r, ij, &c);
	} else {
		rc = err_set(e,
			     "'%s' is not a container image: it has neither "
			     "manifest.json nor index.json",
			     source);
	}
	if (rc)
		goto out;
	blob_set_wait(&r.blobs);
	if (apply_layers(&r, &c, in) < 0)
		goto out;
	image_view_each_file(in->view, add_file, &bd);
	image_view_prune(in->view);
	out->diff_ids = c.diff_ids;
	out->nr_diff_ids = c.nr_diff_ids;
	c.diff_ids = NULL;
	c.nr_diff_ids = 0;
	ret = 0;
out:
	chosen_release(&c);
	blob_set_release(&r.blobs);
	if (ret < 0) {
		if (e->code != EXIT_IO)
			e->code = EXIT_USAGE;
		image_release(out);
	}
	return ret;
}

void image_release(struct image *img)
{
	struct image_internal *in = img->internal;

	free(img->source);
	free(img->ref);
	image_strv_free(img->env, img->nr_env);
	image_strv_free(img->cmd, img->nr_cmd);
	image_strv_free(img->entrypoint, img->nr_entrypoint);
	for (size_t i = 0; i < img->nr_labels; i++) {
		free(img->labels[i].key);
		free(img->labels[i].value);
	}
	free(img->labels);
	free(img->user);
	image_strv_free(img->diff_ids, img->nr_diff_ids);
	free(img->digest);
	free(img->config_digest);
	free(img->platform);
	for (size_t i = 0; i < img->nr_files; i++) {
		free(img->files[i].path);
		free(img->files[i].link_target);
		if (in)
			layer_file_unref(in->contents[i]);
	}
	free(img->files);
	findings_release(&img->integrity);
	if (in) {
		image_view_free(in->view);
		free(in->dirs);
		free(in->contents);
		free(in);
	}
	memset(img, 0, sizeof(*img));
}

size_t image_list_dir(const struct image *img, const char *dir,
		      size_t **indexes)
{
	struct image_internal *in = img->internal;
	const struct view_node *node;
	size_t nr = 0;

	*indexes = NULL;
	if (!in || !dir)
		return 0;
	node = image_view_lookup(in->view, dir, true);
	if (!node || view_node_type(node) != LAYER_DIR)
		return 0;
	for (size_t i = 0; i < img->nr_files; i++)
		if (in->dirs[i] == node) {
			if (!*indexes)
				*indexes =
				    xcalloc(img->nr_files, sizeof(**indexes));
			(*indexes)[nr++] = i;
		}
	return nr;
}

bool image_same_dir(const struct image *img, const char *a, const char *b)
{
	struct image_internal *in = img->internal;
	const struct view_node *na, *nb;

	if (!strcmp(a, b))
		return true;
	if (!in)
		return false;
	na = image_view_lookup(in->view, a, true);
	nb = image_view_lookup(in->view, b, true);
	return na && na == nb && view_node_type(na) == LAYER_DIR;
}

const struct image_file *image_find(const struct image *img, const char *path)
{
	const char *slash = path ? strrchr(path, '/') : NULL;
	const struct image_file *found = NULL;
	size_t *idx = NULL, nr;
	char *dir;

	if (!slash || !slash[1])
		return NULL;
	dir = xstrndup(path, (size_t)(slash - path));
	nr = image_list_dir(img, *dir ? dir : "/", &idx);
	for (size_t i = 0; i < nr && !found; i++) {
		const char *name = strrchr(img->files[idx[i]].path, '/') + 1;

		if (!strcmp(name, slash + 1))
			found = &img->files[idx[i]];
	}
	free(idx);
	free(dir);
	return found;
}

const char *image_label(const struct image *img, const char *key)
{
	for (size_t i = 0; i < img->nr_labels; i++)
		if (!strcmp(img->labels[i].key, key))
			return img->labels[i].value;
	return NULL;
}

const char *image_env(const struct image *img, const char *name)
{
	size_t n = strlen(name);

	/* The last definition wins, as for a process environment. */
	for (size_t i = img->nr_env; i-- > 0;)
		if (!strncmp(img->env[i], name, n) && img->env[i][n] == '=')
			return img->env[i] + n + 1;
	return NULL;
}
