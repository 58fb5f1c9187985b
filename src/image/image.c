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
#include "core/xalloc.h"

/* Default zip-bomb cap: uncompressed bytes of one layer. */
#define DEFAULT_MAX_LAYER_BYTES (64ull << 30)
/* Most entries in one layer, layers in one image, nested OCI indexes. */
#define MAX_LAYER_ENTRIES (1u << 20)
#define MAX_LAYERS 1000
#define MAX_INDEX_DEPTH 4

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

/* A blob by name: already read (archive), or read now (directory). */
static struct blob *get_blob(struct reader *r, const char *name,
			     bool want_diff_id)
{
	struct blob *b = blob_set_find(&r->blobs, name);

	if (b || (!r->dir && !r->registry))
		return b;
	if (r->registry) {
		if (strncmp(name, "blobs/sha256/", 13))
			return NULL; /* only blobs live in a registry */
		if (image_remote_fetch(&r->blobs, r->registry, &name, 1,
				       want_diff_id, r->e) < 0)
			return NULL;
		return blob_set_find(&r->blobs, name);
	}
	if (image_blob_read_file(&r->blobs, r->dir, name, want_diff_id, r->e))
		return NULL;
	return blob_set_find(&r->blobs, name);
}

static struct blob *get_digest(struct reader *r, const char *digest)
{
	char name[96];

	snprintf(name, sizeof(name), "blobs/sha256/%s", digest + 7);
	return get_blob(r, name, false);
}

/* The JSON text of a blob, or an error naming what is missing. */
static const struct blob *json_blob(struct reader *r, const char *name,
				    const char *what)
{
	const struct blob *b = get_blob(r, name, false);

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

		if (image_blob_name_digest(c->config->name, hex))
			check_digest(r, c->config, hex, "image config");
	}
	if (r->dir && image_blob_prefetch(&r->blobs, r->dir,
					  (const char *const *)pick->layers,
					  pick->nr_layers, true, r->e) < 0)
		goto out;
	c->layers = xcalloc(pick->nr_layers + 1, sizeof(*c->layers));
	c->expected = xcalloc(pick->nr_layers + 1, sizeof(*c->expected));
	for (size_t i = 0; i < pick->nr_layers; i++) {
		struct blob *b = get_blob(r, pick->layers[i], true);
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

static bool is_index_type(const char *t)
{
	return t && (strstr(t, "image.index") || strstr(t, "manifest.list"));
}

static int collect(struct reader *r, const struct image_descriptor *d,
		   const struct image_descriptor *parent, int depth,
		   struct candidate **out, size_t *nr, size_t *alloc)
{
	const struct blob *b;
	struct candidate *c;

	if (d->attestation)
		return 0;
	b = get_digest(r, d->digest);
	if (r->e->set)
		return -1;
	if (b && b->kind == BLOB_JSON &&
	    (is_index_type(d->media_type) || !d->media_type)) {
		struct image_oci_doc doc;

		if (!check_digest(r, b, d->digest + 7, "index"))
			return 0;
		if (image_json_oci(b->json, b->json_len, b->name, &doc, r->e) <
		    0)
			return -1;
		if (doc.is_index) {
			int ret = 0;

			if (depth >= MAX_INDEX_DEPTH) {
				image_oci_doc_release(&doc);
				return err_set(r->e,
					       "OCI indexes in '%s' nest "
					       "deeper than %d",
					       r->source, MAX_INDEX_DEPTH);
			}
			for (size_t i = 0; i < doc.nr_manifests && !ret; i++)
				ret =
				    collect(r, &doc.manifests[i],
					    d->ref_name || d->name ? d : parent,
					    depth + 1, out, nr, alloc);
			image_oci_doc_release(&doc);
			return ret;
		}
		image_oci_doc_release(&doc);
	} else if (is_index_type(d->media_type)) {
		return 0; /* a nested index not in the archive */
	}
	XGROW(*out, *nr + 1, *alloc);
	c = &(*out)[(*nr)++];
	memset(c, 0, sizeof(*c));
	c->digest = xstrdup(d->digest);
	c->missing = !b;
	if (!parent || d->ref_name || d->name)
		parent = d;
	c->ref_name = parent->ref_name ? xstrdup(parent->ref_name) : NULL;
	c->name = parent->name ? xstrdup(parent->name) : NULL;
	c->platform = d->platform ? xstrdup(d->platform) : NULL;
	return 0;
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

/* OCI layout: index.json, then manifests, config and layers by digest. */
static int choose_oci(struct reader *r, const struct blob *ij, struct chosen *c)
{
	struct image_oci_doc index, manifest;
	struct candidate *cands = NULL, *pick = NULL;
	size_t nr = 0, alloc = 0, live = 0;
	const struct blob *mb;
	const char *ref = r->opts ? r->opts->ref : NULL;
	int ret = -1;

	memset(&manifest, 0, sizeof(manifest));
	if (image_json_oci(ij->json, ij->json_len, "index.json", &index, r->e) <
	    0)
		return -1;
	if (!index.is_index) {
		image_oci_doc_release(&index);
		return err_set(r->e, "index.json in '%s' is not an OCI index",
			       r->source);
	}
	for (size_t i = 0; i < index.nr_manifests; i++)
		if (collect(r, &index.manifests[i], NULL, 0, &cands, &nr,
			    &alloc) < 0)
			goto out;
	/* Keep what matches --ref and is present in the archive. */
	for (size_t i = 0; i < nr; i++) {
		bool keep = !cands[i].missing;

		if (ref)
			keep = keep && (ref_matches(cands[i].name, ref) ||
					ref_matches(cands[i].ref_name, ref));
		if (keep)
			cands[live++] = cands[i];
		else {
			free(cands[i].digest);
			free(cands[i].ref_name);
			free(cands[i].name);
			free(cands[i].platform);
		}
	}
	nr = live;
	if (nr > 1) {
		/* One name, several platforms: take this machine's. */
		for (size_t i = 0; i < nr; i++)
			if (cands[i].platform &&
			    !strcmp(cands[i].platform, host_platform())) {
				if (pick) {
					pick = NULL;
					break;
				}
				pick = &cands[i];
			}
		if (pick && !ref)
			for (size_t i = 0; i < nr; i++)
				if (strcmp(candidate_label(&cands[i]),
					   candidate_label(pick)))
					pick = NULL;
	} else if (nr == 1) {
		pick = &cands[0];
	}
	if (!pick) {
		char **names = xcalloc(nr + 1, sizeof(*names));

		for (size_t i = 0; i < nr; i++)
			names[i] = (char *)candidate_label(&cands[i]);
		if (!nr && ref)
			err_set(r->e, "no image '%s' in '%s'", ref, r->source);
		else if (!nr)
			err_set(r->e, "no image manifest in '%s'", r->source);
		else
			list_error(r,
				   "the archive holds several images; "
				   "choose one with --ref",
				   names, nr);
		free(names);
		goto out;
	}
	if (pick->name || pick->ref_name)
		r->img->ref = xstrdup(pick->name ? pick->name : pick->ref_name);
	r->img->digest = xstrdup(pick->digest);
	mb = get_digest(r, pick->digest);
	if (!mb || mb->kind != BLOB_JSON) {
		if (!r->e->set)
			err_set(r->e, "image manifest %s in '%s' is not JSON",
				pick->digest, r->source);
		goto out;
	}
	if (!check_digest(r, mb, pick->digest + 7, "image manifest")) {
		err_set(r->e, "image manifest %s in '%s' is corrupt",
			pick->digest, r->source);
		goto out;
	}
	if (image_json_oci(mb->json, mb->json_len, mb->name, &manifest, r->e) <
	    0)
		goto out;
	if (manifest.is_index) {
		err_set(r->e,
			"'%s' is an index where an image manifest was "
			"expected",
			mb->name);
		goto out;
	}
	if (manifest.nr_layers > MAX_LAYERS) {
		err_set(r->e, "image in '%s' has more than %d layers",
			r->source, MAX_LAYERS);
		goto out;
	}
	{
		char name[96];

		snprintf(name, sizeof(name), "blobs/sha256/%s",
			 manifest.config.digest + 7);
		if (read_config(r, name, c) < 0)
			goto out;
		check_digest(r, c->config, manifest.config.digest + 7,
			     "image config");
	}
	if (r->dir || r->registry) {
		char **names = xcalloc(manifest.nr_layers + 1, sizeof(*names));
		int rc;

		for (size_t i = 0; i < manifest.nr_layers; i++)
			names[i] = xasprintf("blobs/sha256/%s",
					     manifest.layers[i].digest + 7);
		rc = r->registry
			 ? image_remote_fetch(&r->blobs, r->registry,
					      (const char *const *)names,
					      manifest.nr_layers, false, r->e)
			 : image_blob_prefetch(&r->blobs, r->dir,
					       (const char *const *)names,
					       manifest.nr_layers, false, r->e);
		image_strv_free(names, manifest.nr_layers);
		if (rc < 0)
			goto out;
	}
	c->layers = xcalloc(manifest.nr_layers + 1, sizeof(*c->layers));
	c->expected = xcalloc(manifest.nr_layers + 1, sizeof(*c->expected));
	for (size_t i = 0; i < manifest.nr_layers; i++) {
		const struct image_descriptor *d = &manifest.layers[i];
		struct blob *b = get_digest(r, d->digest);

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
	for (size_t i = 0; i < nr; i++) {
		free(cands[i].digest);
		free(cands[i].ref_name);
		free(cands[i].name);
		free(cands[i].platform);
	}
	free(cands);
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

static unsigned worker_count(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 4 ? 4 : (unsigned)n;
}

/* A registry image: its manifest, and an index.json naming it. */
static int read_registry(struct reader *r)
{
	const struct image_options *o = r->opts;
	struct mem_source src;
	char name[96], *index;

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
	index = xasprintf("{\"schemaVersion\":2,\"manifests\":[{\"mediaType\":"
			  "\"application/vnd.oci.image.manifest.v1+json\","
			  "\"digest\":\"%.71s\",\"size\":%zu}]}",
			  o->manifest_digest, o->manifest_len);
	src.data = index;
	src.len = strlen(index);
	if (!blob_set_add(&r->blobs, "index.json", mem_read, &src, false,
			  r->e)) {
		free(index);
		return -1;
	}
	free(index);
	return 0;
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
	r.blobs.max_layer_bytes = image_max_layer_bytes();
	r.blobs.max_entries = MAX_LAYER_ENTRIES;
	r.blobs.workers = worker_count();
	if (read_source(&r) < 0)
		goto out;
	mj = get_blob(&r, "manifest.json", false);
	ij = e->set ? NULL : get_blob(&r, "index.json", false);
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
