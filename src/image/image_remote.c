#include "image/image_remote.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/utsname.h>

#include "core/pool.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "image/image.h"
#include "image/image_json.h"
#include "image/image_pipe.h"
#include "net/registry.h"

/* Between the network thread and the reader of one blob: 4 x 256 KiB. */
#define NET_PIPE_BUFS 4
#define NET_PIPE_BUF_SIZE (256u << 10)
#define MAX_PLATFORMS 64

const char *image_host_platform(void)
{
	static const struct {
		const char *machine, *platform;
	} map[] = {
	    {"x86_64", "linux/amd64"},	  {"aarch64", "linux/arm64"},
	    {"arm64", "linux/arm64"},	  {"armv7l", "linux/arm/v7"},
	    {"armv6l", "linux/arm/v6"},	  {"i686", "linux/386"},
	    {"i386", "linux/386"},	  {"ppc64le", "linux/ppc64le"},
	    {"s390x", "linux/s390x"},	  {"riscv64", "linux/riscv64"},
	    {"mips64", "linux/mips64le"},
	};
	static char other[80];
	struct utsname u;

	if (uname(&u) < 0)
		return "linux/amd64";
	for (size_t i = 0; i < sizeof(map) / sizeof(*map); i++)
		if (!strcmp(u.machine, map[i].machine))
			return map[i].platform;
	snprintf(other, sizeof(other), "linux/%.60s", u.machine);
	return other;
}

/* "linux/arm64/v8" is "linux/arm64"; a wanted platform without a variant
 * takes any variant. */
static bool platform_matches(const char *have, const char *want)
{
	size_t n = strlen(want);
	const char *w_slash = strchr(want, '/');
	bool want_variant = w_slash && strchr(w_slash + 1, '/');

	if (!have)
		return false;
	if (!strcmp(have, want))
		return true;
	if (!strcmp(want, "linux/arm64") && !strcmp(have, "linux/arm64/v8"))
		return true;
	if (!strcmp(want, "linux/arm64/v8") && !strcmp(have, "linux/arm64"))
		return true;
	return !want_variant && !strncmp(have, want, n) && have[n] == '/';
}

static int fetch_manifest(struct registry *reg, const char *reference,
			  struct registry_doc *doc, struct image_oci_doc *oci,
			  struct error *e)
{
	if (registry_get_manifest(reg, reference, doc, e) < 0)
		return -1;
	if (image_json_oci(doc->body, doc->len, reference, oci, e) < 0) {
		registry_doc_release(doc);
		return -1;
	}
	return 0;
}

static void take(struct image_platform *p, const char *platform,
		 struct registry_doc *doc)
{
	memset(p, 0, sizeof(*p));
	p->platform = platform ? xstrdup(platform) : NULL;
	memcpy(p->digest, doc->digest, sizeof(p->digest));
	p->manifest = doc->body;
	p->len = doc->len;
	doc->body = NULL;
	registry_doc_release(doc);
}

int image_remote_resolve(struct registry *reg, const char *reference,
			 const char *platform, bool all,
			 struct image_platform **out, size_t *nr,
			 char ref_digest[72], struct error *e)
{
	struct registry_doc doc;
	struct image_oci_doc index;
	struct strbuf seen = STRBUF_INIT;
	const char *want = platform ? platform : image_host_platform();
	int ret = -1;

	*out = NULL;
	*nr = 0;
	if (fetch_manifest(reg, reference, &doc, &index, e) < 0)
		return -1;
	memcpy(ref_digest, doc.digest, 72);
	if (!index.is_index) {
		image_oci_doc_release(&index);
		*out = xcalloc(1, sizeof(**out));
		take(*out, NULL, &doc);
		*nr = 1;
		return 0;
	}
	registry_doc_release(&doc);
	*out = xcalloc(index.nr_manifests + 1, sizeof(**out));
	for (size_t i = 0; i < index.nr_manifests && *nr < MAX_PLATFORMS; i++) {
		const struct image_descriptor *d = &index.manifests[i];
		struct image_oci_doc m;

		if (d->attestation ||
		    (d->platform && !strncmp(d->platform, "unknown/", 8)))
			continue;
		if (seen.len)
			strbuf_adds(&seen, ", ");
		strbuf_adds(&seen, d->platform ? d->platform : "(none)");
		if (!all && !platform_matches(d->platform, want))
			continue;
		if (fetch_manifest(reg, d->digest, &doc, &m, e) < 0)
			goto out;
		if (m.is_index) {
			image_oci_doc_release(&m);
			registry_doc_release(&doc);
			err_set_code(e, EXIT_USAGE,
				     "'%s' nests an index in an index, which "
				     "is not supported",
				     reference);
			goto out;
		}
		image_oci_doc_release(&m);
		take(&(*out)[(*nr)++], d->platform, &doc);
		if (!all)
			break;
	}
	if (!*nr) {
		err_set_code(e, EXIT_USAGE,
			     "no image for platform %s in the index (it has: "
			     "%s); choose one with --platform",
			     want, seen.len ? seen.buf : "none");
		goto out;
	}
	ret = 0;
out:
	if (ret < 0) {
		image_platforms_free(*out, *nr);
		*out = NULL;
		*nr = 0;
	}
	strbuf_release(&seen);
	image_oci_doc_release(&index);
	return ret;
}

void image_platforms_free(struct image_platform *v, size_t nr)
{
	for (size_t i = 0; i < nr; i++) {
		free(v[i].platform);
		free(v[i].manifest);
	}
	free(v);
}

/* ---- blobs: a network thread per blob feeds a worker through a pipe ---- */

struct fetch_item {
	struct blob *blob;
	char digest[72];
	uint64_t max_bytes;
};

struct fetch_pool {
	struct blob_set *s;
	struct registry *reg;
	struct fetch_item *items;
	size_t nr, next;
	bool want_diff_id;
	pthread_mutex_t lock;
	struct error err;
};

struct net_job {
	struct pool_stage stage;
	struct fetch_pool *pool;
	struct fetch_item *item;
	struct image_pipe *pipe;
	struct error err;
};

static int net_write(void *ctx, const void *data, size_t len, struct error *e)
{
	struct net_job *j = ctx;

	/* the reader gave up: its own error says why */
	if (image_pipe_write(j->pipe, data, len) < 0)
		return err_set(e, "stopped reading blob %s", j->item->digest);
	return 0;
}

static void *net_main(void *arg)
{
	struct net_job *j = arg;
	int rc = registry_get_blob(j->pool->reg, j->item->digest,
				   j->item->max_bytes, net_write, j, &j->err);

	image_pipe_close(j->pipe, rc < 0);
	return NULL;
}

static ssize_t pipe_read(void *ctx, const void **buf)
{
	return image_pipe_read(ctx, buf);
}

static void worker_main(void *arg, size_t worker)
{
	struct fetch_pool *p = arg;

	(void)worker;
	for (;;) {
		struct net_job j;
		struct fetch_item *it;
		int rc;

		pthread_mutex_lock(&p->lock);
		it = p->next < p->nr && !p->err.set ? &p->items[p->next++]
						    : NULL;
		pthread_mutex_unlock(&p->lock);
		if (!it)
			break;
		memset(&j, 0, sizeof(j));
		j.pool = p;
		j.item = it;
		j.pipe = image_pipe_new(NET_PIPE_BUFS, NET_PIPE_BUF_SIZE);
		if (pool_stage_start(&j.stage, net_main, &j, &j.err) < 0) {
			rc = -1;
		} else {
			rc = blob_fill_worker(p->s, it->blob, pipe_read, j.pipe,
					      p->want_diff_id);
			image_pipe_abort(j.pipe);
			pool_stage_join(&j.stage);
		}
		image_pipe_free(j.pipe);
		if (rc < 0 || j.err.set) {
			pthread_mutex_lock(&p->lock);
			if (j.err.set)
				p->err = j.err;
			else
				err_set_code(&p->err, EXIT_IO,
					     "cannot read blob %s", it->digest);
			pthread_mutex_unlock(&p->lock);
		}
	}
}

int image_remote_fetch(struct blob_set *s, struct registry *reg,
		       const char *const *names, const uint64_t *max, size_t nr,
		       bool want_diff_id, struct error *e)
{
	struct fetch_pool p = {
	    .s = s, .reg = reg, .want_diff_id = want_diff_id};
	size_t n;

	p.items = xcalloc(nr + 1, sizeof(*p.items));
	for (size_t i = 0; i < nr; i++) {
		char hex[65];

		if (blob_set_find(s, names[i]))
			continue;
		if (!image_blob_name_digest(names[i], hex)) {
			free(p.items);
			return err_set_code(e, EXIT_USAGE,
					    "'%s' names no blob digest",
					    names[i]);
		}
		snprintf(p.items[p.nr].digest, sizeof(p.items[p.nr].digest),
			 "sha256:%s", hex);
		p.items[p.nr].max_bytes =
		    max && max[i] ? max[i] : image_max_layer_bytes();
		p.items[p.nr++].blob = blob_set_new(s, names[i]);
	}
	n = s->workers ? s->workers : 1;
	if (n > p.nr)
		n = p.nr;
	pthread_mutex_init(&p.lock, NULL);
	pool_run(n, worker_main, &p, NULL, NULL);
	pthread_mutex_destroy(&p.lock);
	free(p.items);
	if (p.err.set) {
		*e = p.err;
		return -1;
	}
	return 0;
}

int image_remote_read(const char *text, const struct registry_options *ro,
		      const struct image_options *io, const char *platform,
		      bool all, image_remote_each_fn each, void *ctx,
		      struct error *e)
{
	struct registry_ref ref;
	struct registry *reg = NULL;
	struct image_platform *imgs = NULL;
	size_t nr = 0;
	char *source = xasprintf("docker://%s", text);
	char ref_digest[72];
	int ret = -1;

	if (registry_ref_parse(text, &ref, e) < 0)
		goto out;
	reg = registry_open(&ref, ro, e);
	if (!reg)
		goto out;
	if (image_remote_resolve(reg, ref.digest ? ref.digest : ref.tag,
				 platform, all, &imgs, &nr, ref_digest, e) < 0)
		goto out;
	ret = 0;
	for (size_t i = 0; i < nr && !ret; i++) {
		struct image_options o = *io;
		struct image img = IMAGE_INIT;

		o.registry = reg;
		o.manifest = imgs[i].manifest;
		o.manifest_len = imgs[i].len;
		o.manifest_digest = imgs[i].digest;
		if (image_read(source, &o, &img, e) < 0) {
			ret = -1;
			break;
		}
		/* a lone manifest: its config says what platform it is */
		if (!imgs[i].platform && platform && img.platform &&
		    !platform_matches(img.platform, platform)) {
			err_set_code(e, EXIT_USAGE,
				     "the image is for %s, not %s (it is no "
				     "index of several platforms)",
				     img.platform, platform);
			image_release(&img);
			ret = -1;
			break;
		}
		if (!img.ref)
			img.ref = registry_ref_string(&ref);
		ret = each(ctx, &img, imgs[i].platform, ref_digest);
	}
out:
	image_platforms_free(imgs, nr);
	registry_close(reg);
	registry_ref_release(&ref);
	free(source);
	return ret;
}
