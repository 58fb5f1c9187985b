#include "fetch/lock.h"

#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/fsutil.h"
#include "image/image.h"
#include "image/image_remote.h"
#include "manifest/manifest.h"
#include "manifest/manifest_edit.h"
#include "manifest/maven.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "jar/jar.h"
#include "net/cache.h"
#include "jar/bytecode.h"

/* Where a missing "sha256" goes: after the JAR's source; "size" after it. */
static const char *const after_source[] = {"maven", "url", "file", NULL};
static const char *const after_sha256[] = {"sha256", NULL};

#define CHANGED_IN_PLACE                                                       \
	"the repository changed the artifact in place: an attack or an "       \
	"accident; re-run with --force if intended"

int lock_parse_set(char *arg, struct lock_set *set, struct error *e)
{
	char *eq = strchr(arg, '=');

	if (!eq || eq == arg || !eq[1])
		return err_set(e, "invalid --set '%s': expected NAME=VERSION",
			       arg);
	*eq = '\0';
	set->name = arg;
	set->version = eq + 1;
	return 0;
}

/* Characters that are safe in a Maven coordinate, a URL path and a file. */
static bool version_valid(const char *v)
{
	size_t len = strlen(v);

	return len && len <= LOCK_VERSION_MAX &&
	       strspn(v, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ"
			 "0123456789._+~-") == len &&
	       strcmp(v, ".") && strcmp(v, "..");
}

/* s with every occurrence of from replaced by to; the caller frees it. */
static char *replace_all(const char *s, const char *from, const char *to)
{
	struct strbuf sb = STRBUF_INIT;
	size_t n = strlen(from);
	const char *hit;

	while ((hit = strstr(s, from)) != NULL) {
		strbuf_add(&sb, s, (size_t)(hit - s));
		strbuf_adds(&sb, to);
		s = hit + n;
	}
	strbuf_adds(&sb, s);
	return strbuf_detach(&sb, NULL);
}

/*
 * The part of url where a version may be replaced: from the '/' that ends
 * "scheme://authority", so that a version that also reads as part of the
 * host or port ("2" in "dl2.example.org:8002") never moves the download
 * to another server.
 */
static const char *url_path(const char *url)
{
	const char *p = strstr(url, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return p ? p : url + strlen(url);
}

/* Index of the --set naming JAR name, or -1. */
static long find_set(const struct lock_options *o, const char *name)
{
	for (size_t i = 0; i < o->nr_sets; i++)
		if (!strcmp(o->sets[i].name, name))
			return (long)i;
	return -1;
}

static int check_sets(const struct manifest *m, const struct lock_options *o,
		      struct error *e)
{
	for (size_t i = 0; i < o->nr_sets; i++) {
		const struct lock_set *s = &o->sets[i];

		if (!manifest_find_jar(m, s->name))
			return err_set(e,
				       "--set %s=%s: no JAR named '%s' in "
				       "'%s'",
				       s->name, s->version, s->name, m->path);
		if (!version_valid(s->version))
			return err_set(e,
				       "--set %s=%s: invalid version: "
				       "expected 1 to %d of [A-Za-z0-9._+~-]",
				       s->name, s->version, LOCK_VERSION_MAX);
		if (find_set(o, s->name) != (long)i)
			return err_set(e, "--set names '%s' twice", s->name);
	}
	return 0;
}

/*
 * Changes the version of JAR i in the text: the coordinates of a Maven
 * JAR; every occurrence in the url path of a url JAR (which must contain
 * it) and its "version"; every occurrence in an explicit "file".
 */
static int set_version(struct manifest_edit *me, size_t i,
		       const struct manifest_jar *jar, const char *version,
		       struct error *e)
{
	char *value = NULL;
	int ret = -1;

	if (jar->maven) {
		value =
		    xasprintf("%s:%s:%s", jar->group, jar->artifact, version);
		if (manifest_edit_jar_set_string(me, i, "maven", value, NULL,
						 e))
			goto out;
	} else {
		const char *path = url_path(jar->url);
		char *tail;

		if (!strstr(path, jar->version)) {
			err_set(
			    e,
			    "--set %s=%s: the url path of '%s' does not "
			    "contain its version '%s'; edit the manifest by "
			    "hand",
			    jar->name, version, jar->name, jar->version);
			goto out;
		}
		tail = replace_all(path, jar->version, version);
		value =
		    xasprintf("%.*s%s", (int)(path - jar->url), jar->url, tail);
		free(tail);
		if (manifest_edit_jar_set_string(me, i, "url", value, NULL,
						 e) ||
		    manifest_edit_jar_set_string(me, i, "version", version,
						 NULL, e))
			goto out;
	}
	if (manifest_edit_jar_has(me, i, "file") &&
	    strstr(jar->file, jar->version)) {
		free(value);
		value = replace_all(jar->file, jar->version, version);
		if (manifest_edit_jar_set_string(me, i, "file", value, NULL, e))
			goto out;
	}
	ret = 0;
out:
	free(value);
	return ret;
}

static int cmp_base_jar(const void *a, const void *b)
{
	return strcmp(((const struct manifest_base_jar *)a)->file,
		      ((const struct manifest_base_jar *)b)->file);
}

static bool is_manifest_file(const struct manifest *m, const char *file)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!strcmp(m->jars[i].file, file))
			return true;
	return false;
}

static void free_base_jars(struct manifest_base_jar *jars, size_t nr)
{
	for (size_t i = 0; i < nr; i++)
		free(jars[i].file);
	free(jars);
}

/*
 * The JARs directly in the image's jars_dir that are not the manifest's
 * own, sorted by file name.
 */
/* The image of a registry reference, kept by read_base_image(). */
struct base_capture {
	struct image *img;
	char *ref_digest;
};

static int capture_base(void *ctx, struct image *img, const char *platform,
			const char *ref_digest)
{
	struct base_capture *c = ctx;

	(void)platform;
	*c->img = *img;
	memset(img, 0, sizeof(*img));
	c->ref_digest = xstrdup(ref_digest);
	return 0;
}

/*
 * The base image: an archive or layout directory, or docker://REF from a
 * registry. *digest gets what a FROM can pin: the digest the reference
 * resolves to (an index's for a multi-platform image), else the image
 * manifest's digest of an OCI layout, else NULL (docker save).
 */
static int read_base_image(const struct lock_options *o, struct image *img,
			   char **digest, struct error *e)
{
	struct image_options io = {.ref = o->base_ref};

	*digest = NULL;
	if (!strncmp(o->base_image, "docker://", 9)) {
		struct base_capture c = {img, NULL};

		if (!o->registry)
			return err_set_code(e, EXIT_USAGE,
					    "no registry access for '%s'",
					    o->base_image);
		if (image_remote_read(o->base_image + 9, o->registry, &io,
				      o->platform, false, capture_base, &c,
				      e) < 0)
			return -1;
		*digest = c.ref_digest;
		return 0;
	}
	if (image_read(o->base_image, &io, img, e))
		return -1;
	if (img->digest)
		*digest = xstrdup(img->digest);
	return 0;
}

static int read_base_jars(const struct manifest *m,
			  const struct lock_options *o,
			  struct manifest_base_jar **out, size_t *nr,
			  struct image *img_out, char **digest, struct error *e)
{
	struct image img = IMAGE_INIT;
	size_t *idx = NULL, n, alloc = 0;
	int ret = -1;

	*out = NULL;
	*nr = 0;
	if (read_base_image(o, &img, digest, e))
		goto out;
	if (img.integrity.nr) {
		err_set_code(e, EXIT_CHECK,
			     "image '%s' failed its integrity check (%s); not "
			     "pinning its JARs",
			     o->base_image, img.integrity.items[0].message);
		goto out;
	}
	n = image_list_dir(&img, m->image.jars_dir, &idx);
	for (size_t i = 0; i < n; i++) {
		const struct image_file *f = &img.files[idx[i]];
		const char *slash = strrchr(f->path, '/');
		const char *file = slash ? slash + 1 : f->path;
		size_t len = strlen(file);

		if (!f->is_jar || len < 5 || strcmp(file + len - 4, ".jar") ||
		    is_manifest_file(m, file))
			continue;
		/* Refused here with the reason, rather than as an invalid
		 * rewritten manifest by the self-check. */
		if (!f->sha256[0]) {
			err_set_code(
			    e, EXIT_CHECK,
			    "image '%s': '%s' is a symbolic link to no "
			    "JAR the image holds; not pinning its JARs",
			    o->base_image, f->path);
			goto out;
		}
		if (!maven_file_name_valid(file)) {
			err_set_code(e, EXIT_CHECK,
				     "image '%s': cannot record '%s' in "
				     "base_jars: not a plain JAR file name",
				     o->base_image, f->path);
			goto out;
		}
		XGROW(*out, *nr + 1, alloc);
		(*out)[*nr].file = xstrdup(file);
		memcpy((*out)[*nr].sha256, f->sha256, sizeof(f->sha256));
		++*nr;
	}
	if (!*nr) {
		err_set(e,
			"image '%s' has no JARs in '%s' besides the "
			"manifest's own; is it the base image?",
			o->base_image, m->image.jars_dir);
		goto out;
	}
	qsort(*out, *nr, sizeof(**out), cmp_base_jar);
	ret = 0;
out:
	if (ret) {
		free_base_jars(*out, *nr);
		*out = NULL;
		*nr = 0;
	}
	free(idx);
	/* the layers are what --base-image pins next */
	img_out->diff_ids = img.diff_ids;
	img_out->nr_diff_ids = img.nr_diff_ids;
	img.diff_ids = NULL;
	img.nr_diff_ids = 0;
	image_release(&img);
	return ret;
}

/*
 * --base-image: the new image.base ("NAME:TAG@DIGEST", the name kept from
 * the manifest) into *base; the caller frees it. An archive without a
 * digest leaves the name as it is, unless it already pins one.
 */
static int new_base(const struct manifest *m, const struct lock_options *o,
		    const char *digest, char **base, struct error *e)
{
	const char *at = strchr(m->image.base, '@');
	size_t name_len =
	    at ? (size_t)(at - m->image.base) : strlen(m->image.base);

	if (!digest) {
		if (at)
			return err_set_code(
			    e, EXIT_USAGE,
			    "'%s' records no image digest (docker save "
			    "keeps none), so the pinned '%s' cannot be "
			    "renewed from it: use --base-image docker://REF "
			    "or an OCI archive",
			    o->base_image, m->image.base);
		*base = xstrdup(m->image.base);
		return 0;
	}
	*base = xasprintf("%.*s@%s", (int)name_len, m->image.base, digest);
	return 0;
}

static bool same_base_pin(const struct manifest *m, const char *base,
			  char *const *layers, size_t nr)
{
	if (strcmp(m->image.base, base) || !m->image.has_base_layers ||
	    m->image.nr_base_layers != nr)
		return false;
	for (size_t i = 0; i < nr; i++)
		if (strcmp(m->image.base_layers[i], layers[i]))
			return false;
	return true;
}

static bool same_base_jars(const struct manifest *m,
			   const struct manifest_base_jar *jars, size_t nr)
{
	if (!m->has_base_jars || m->nr_base_jars != nr)
		return false;
	for (size_t i = 0; i < nr; i++)
		if (strcmp(m->base_jars[i].file, jars[i].file) ||
		    strcmp(m->base_jars[i].sha256, jars[i].sha256))
			return false;
	return true;
}

/*
 * Downloads every JAR of m as if unpinned: lock must see what the
 * repository serves now (a warm cache would hide an artifact changed in
 * place), and decides itself what a different hash means. --offline can
 * only re-check the pins against the cache (it is content-addressed).
 */
static int fetch_all(const struct manifest *m, const struct lock_options *o,
		     struct fetch_result *results, struct error *e)
{
	struct fetch_options fo = o->fetch;
	struct manifest bare = *m;
	int ret;

	fo.accept_unpinned = true;
	fo.dest_dir = NULL;
	bare.jars = xcalloc(m->nr_jars, sizeof(*bare.jars));
	for (size_t i = 0; i < m->nr_jars; i++) {
		bare.jars[i] = m->jars[i];
		if (fo.offline)
			continue;
		bare.jars[i].sha256[0] = '\0';
		bare.jars[i].has_size = false;
		bare.jars[i].size = 0;
	}
	ret = fetch_run(&bare, &fo, results, e);
	free(bare.jars);
	if (ret)
		return -1;
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!digest_hex_valid(DIGEST_SHA256, results[i].sha256))
			return err_set_code(e, EXIT_IO,
					    "no hash was learned for '%s'",
					    m->jars[i].name);
	return 0;
}

static void report_jars(const struct manifest *old, const struct manifest *m,
			const struct lock_options *o,
			const struct fetch_result *results,
			struct lock_report *r)
{
	r->jars = xcalloc(m->nr_jars, sizeof(*r->jars));
	r->nr_jars = m->nr_jars;
	for (size_t i = 0; i < m->nr_jars; i++) {
		const struct manifest_jar *was = &old->jars[i];
		struct lock_jar *j = &r->jars[i];

		j->name = xstrdup(m->jars[i].name);
		j->old_version = xstrdup(was->version);
		j->new_version = xstrdup(m->jars[i].version);
		memcpy(j->old_sha256, was->sha256, sizeof(j->old_sha256));
		memcpy(j->new_sha256, results[i].sha256, sizeof(j->new_sha256));
		j->had_size = was->has_size;
		j->old_size = was->size;
		j->new_size = results[i].size;
		if (strcmp(j->old_version, j->new_version))
			j->status = LOCK_BUMPED;
		else if (!was->sha256[0])
			j->status = LOCK_PINNED;
		else if (strcmp(was->sha256, j->new_sha256))
			j->status = o->force ? LOCK_REPINNED : LOCK_CONFLICT;
		else if (!was->has_size || was->size != j->new_size)
			j->status = LOCK_PINNED;
		else
			j->status = LOCK_UNCHANGED;
		if (j->status == LOCK_CONFLICT)
			r->nr_conflicts++;
	}
}

static int pin_jars(struct manifest_edit *me, const struct manifest *m,
		    const struct fetch_result *results, struct error *e)
{
	for (size_t i = 0; i < m->nr_jars; i++) {
		const struct manifest_jar *jar = &m->jars[i];

		if (strcmp(jar->sha256, results[i].sha256) &&
		    manifest_edit_jar_set_string(
			me, i, "sha256", results[i].sha256, after_source, e))
			return -1;
		if ((!jar->has_size || jar->size != results[i].size) &&
		    manifest_edit_jar_set_uint(me, i, "size", results[i].size,
					       after_sha256, e))
			return -1;
	}
	return 0;
}

/* What --base-image records. */
struct base_pin {
	char *base;
	char **diff_ids;
	size_t nr_diff_ids;
};

/*
 * Parses the rewritten text again and checks that it says what was meant:
 * a bug in the editor must never reach the file.
 */
static int self_check(const struct manifest_edit *me,
		      const struct manifest *want,
		      const struct fetch_result *results,
		      const struct manifest_base_jar *base, size_t nr_base,
		      bool has_base, const struct base_pin *pin,
		      struct error *e)
{
	struct manifest check = MANIFEST_INIT;
	struct error pe = ERROR_INIT;
	bool ok;

	if (manifest_parse(&check, me->path, me->text.buf, me->text.len, &pe)) {
		manifest_release(&check);
		return err_set_code(e, EXIT_IO,
				    "internal error: the rewritten manifest "
				    "is invalid (%u:%u: %s); nothing written",
				    pe.line, pe.column, pe.message);
	}
	ok = check.nr_jars == want->nr_jars;
	for (size_t i = 0; ok && i < check.nr_jars; i++)
		ok = !strcmp(check.jars[i].name, want->jars[i].name) &&
		     !strcmp(check.jars[i].url, want->jars[i].url) &&
		     !strcmp(check.jars[i].file, want->jars[i].file) &&
		     !strcmp(check.jars[i].sha256, results[i].sha256) &&
		     check.jars[i].has_size &&
		     check.jars[i].size == results[i].size;
	if (ok && has_base)
		ok = same_base_jars(&check, base, nr_base);
	if (ok && pin)
		ok = same_base_pin(&check, pin->base, pin->diff_ids,
				   pin->nr_diff_ids);
	manifest_release(&check);
	if (!ok)
		return err_set_code(e, EXIT_IO,
				    "internal error: the rewritten manifest "
				    "does not hold the new pins; nothing "
				    "written");
	return 0;
}

void lock_conflict_error(const struct lock_jar *j, struct error *e)
{
	err_set_code(
	    e, EXIT_CHECK,
	    "'%s' %s: pinned sha256 %s, downloaded %s: " CHANGED_IN_PLACE,
	    j->name, j->new_version, j->old_sha256, j->new_sha256);
}

/* One refused JAR: its own message; several: a summary (the report lists
 * them). */
static int conflict_error(const struct lock_report *r, const char *path,
			  struct error *e)
{
	for (size_t i = 0; r->nr_conflicts == 1 && i < r->nr_jars; i++)
		if (r->jars[i].status == LOCK_CONFLICT) {
			lock_conflict_error(&r->jars[i], e);
			return -1;
		}
	return err_set_code(e, EXIT_CHECK,
			    "%zu JARs changed for an unchanged version; '%s' "
			    "not updated: " CHANGED_IN_PLACE,
			    r->nr_conflicts, path);
}

/*
 * With image.java_version: every downloaded JAR (in the cache) against it,
 * before anything is written, so a bump to a JAR built for a newer Java
 * fails here rather than in the image.
 */
static int check_bytecode(const struct manifest *m,
			  const struct lock_options *o,
			  const struct fetch_result *results,
			  struct lock_report *r, struct error *e)
{
	struct cache c = CACHE_INIT;
	char *source;

	if (!m->image.java_version)
		return 0;
	if (cache_open(&c, o->fetch.cache_dir, e))
		return -1;
	source = xasprintf("image.java_version in '%s'", m->path);
	for (size_t i = 0; i < m->nr_jars; i++) {
		char *path = cache_entry_path(&c, results[i].sha256);
		struct jar_info info = JAR_INFO_INIT;

		if (!jar_read_file(path, JAR_READ_VERSIONS, &info, NULL))
			bytecode_check(m->jars[i].file, &info,
				       m->image.java_version, source,
				       &r->bytecode);
		jar_info_release(&info);
		free(path);
	}
	free(source);
	cache_release(&c);
	if (!r->bytecode.nr)
		return 0;
	return err_set_code(e, EXIT_CHECK,
			    "%zu JAR%s need%s a newer Java than "
			    "image.java_version %u; '%s' not updated",
			    r->bytecode.nr, r->bytecode.nr == 1 ? "" : "s",
			    r->bytecode.nr == 1 ? "s" : "",
			    m->image.java_version, m->path);
}

int lock_run(const char *path, const struct lock_options *o,
	     struct lock_report *r, struct error *e)
{
	struct manifest old = MANIFEST_INIT, m = MANIFEST_INIT;
	struct manifest_edit me = MANIFEST_EDIT_INIT;
	struct manifest_base_jar *base = NULL;
	struct image base_img = IMAGE_INIT;
	struct base_pin pin = {NULL, NULL, 0};
	char *base_digest = NULL;
	struct fetch_result *results = NULL;
	size_t len, nr_base = 0;
	char *text = NULL;
	int ret = -1;

	memset(r, 0, sizeof(*r));
	if (fs_read_file(path, MANIFEST_MAX_BYTES, &text, &len, EXIT_USAGE,
			 e) ||
	    manifest_parse(&old, path, text, len, e) || check_sets(&old, o, e))
		goto out;

	/* Versions first: the new URLs come from parsing the edited text. */
	manifest_edit_init(&me, path, text, len);
	for (size_t i = 0; i < old.nr_jars; i++) {
		long s = find_set(o, old.jars[i].name);

		if (s >= 0 && strcmp(o->sets[s].version, old.jars[i].version) &&
		    set_version(&me, i, &old.jars[i], o->sets[s].version, e))
			goto out;
	}
	if (manifest_parse(&m, path, me.text.buf, me.text.len, e))
		goto out;

	/* The image is local: read it before spending time on the network. */
	r->base = o->base_image != NULL;
	if (o->base_image &&
	    read_base_jars(&m, o, &base, &nr_base, &base_img, &base_digest, e))
		goto out;
	r->nr_base_jars = nr_base;
	r->base_changed = o->base_image && !same_base_jars(&m, base, nr_base);
	if (o->pin_base) {
		if (!base_img.nr_diff_ids) {
			err_set_code(e, EXIT_USAGE,
				     "image '%s' lists no layers (rootfs "
				     "diff_ids) to pin",
				     o->base_image);
			goto out;
		}
		if (new_base(&m, o, base_digest, &pin.base, e))
			goto out;
		pin.diff_ids = base_img.diff_ids;
		pin.nr_diff_ids = base_img.nr_diff_ids;
		snprintf(r->base_digest, sizeof(r->base_digest), "%s",
			 base_digest ? base_digest : "");
		r->nr_base_layers = pin.nr_diff_ids;
		r->base_pin_changed =
		    !same_base_pin(&m, pin.base, pin.diff_ids, pin.nr_diff_ids);
	}

	results = xcalloc(m.nr_jars ? m.nr_jars : 1, sizeof(*results));
	if (fetch_all(&m, o, results, e)) {
		r->download_errors =
		    xcalloc(m.nr_jars ? m.nr_jars : 1, sizeof(struct error));
		for (size_t i = 0; i < m.nr_jars; i++)
			if (!results[i].ok && results[i].error.set)
				r->download_errors[r->nr_download_errors++] =
				    results[i].error;
		goto out;
	}
	report_jars(&old, &m, o, results, r);
	if (r->nr_conflicts) {
		conflict_error(r, path, e);
		goto out;
	}
	if (check_bytecode(&m, o, results, r, e))
		goto out;

	if (pin_jars(&me, &m, results, e) ||
	    (r->base_changed &&
	     manifest_edit_set_base_jars(&me, base, nr_base, e)) ||
	    (r->base_pin_changed &&
	     manifest_edit_set_base(&me, pin.base, pin.diff_ids,
				    pin.nr_diff_ids, e)))
		goto out;
	manifest_edit_final_newline(&me);
	if (self_check(&me, &m, results, base, nr_base, o->base_image != NULL,
		       o->pin_base ? &pin : NULL, e))
		goto out;
	r->changed = me.text.len != len || memcmp(me.text.buf, text, len);
	if (r->changed && !o->dry_run) {
		if (manifest_write_atomic(path, me.text.buf, me.text.len, text,
					  len, e))
			goto out;
		r->written = true;
	}
	ret = 0;
out:
	free(pin.base);
	free(base_digest);
	image_release(&base_img);
	free_base_jars(base, nr_base);
	free(results);
	manifest_edit_release(&me);
	manifest_release(&m);
	manifest_release(&old);
	free(text);
	return ret;
}

void lock_report_release(struct lock_report *r)
{
	for (size_t i = 0; i < r->nr_jars; i++) {
		free(r->jars[i].name);
		free(r->jars[i].old_version);
		free(r->jars[i].new_version);
	}
	free(r->jars);
	free(r->download_errors);
	findings_release(&r->bytecode);
	memset(r, 0, sizeof(*r));
}
