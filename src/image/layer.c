#include "image/layer.h"
#include "image/tar_reader.h"

#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "jar/jar.h"

int layer_path_normalise(const char *in, char *out, size_t size, bool *clamped)
{
	size_t len = 0;

	if (!size)
		return -1;
	while (*in) {
		const char *end;
		size_t n;

		while (*in == '/')
			in++;
		end = strchr(in, '/');
		if (!end)
			end = in + strlen(in);
		n = (size_t)(end - in);
		if (!n || (n == 1 && in[0] == '.')) {
			/* nothing */
		} else if (n == 2 && in[0] == '.' && in[1] == '.') {
			if (!len) {
				if (clamped)
					*clamped = true;
			} else {
				while (len && out[len - 1] != '/')
					len--;
				if (len)
					len--; /* the '/' before it */
			}
		} else {
			if (len + !!len + n + 1 > size)
				return -1;
			if (len)
				out[len++] = '/';
			memcpy(out + len, in, n);
			len += n;
		}
		in = end;
	}
	out[len] = '\0';
	return 0;
}

const char *layer_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

bool layer_name_is_jar(const char *name)
{
	return jar_file_name(name);
}

bool layer_name_is_conf(const char *name)
{
	/* "release": a JDK's, for the image's Java version; spark-env.sh:
	 * sourced by every Spark launch script */
	return !strcmp(name, "spark-defaults.conf") ||
	       !strcmp(name, "spark-env.sh") || !strcmp(name, "release");
}

struct layer_file *layer_file_ref(struct layer_file *f)
{
	if (f)
		f->refs++;
	return f;
}

void layer_file_unref(struct layer_file *f)
{
	if (!f || --f->refs)
		return;
	if (f->jar) {
		jar_info_release(f->jar);
		free(f->jar);
	}
	free(f->content);
	free(f);
}

/* Chunks of packed strings: one allocation per 64 KiB, not per name. */
#define CHUNK_SIZE (64u << 10)

struct layer_chunk {
	struct layer_chunk *next;
	size_t used, size;
	char data[];
};

static const char *layer_strdup(struct layer *l, const char *s)
{
	size_t len = strlen(s) + 1;
	struct layer_chunk *c = l->chunks;
	char *p;

	if (!c || c->size - c->used < len) {
		size_t size = len > CHUNK_SIZE ? len : CHUNK_SIZE;

		c = xmalloc(st_add(sizeof(*c), size));
		c->next = l->chunks;
		c->used = 0;
		c->size = size;
		l->chunks = c;
	}
	p = c->data + c->used;
	memcpy(p, s, len);
	c->used += len;
	l->name_bytes += len;
	return p;
}

struct layer_entry *layer_add(struct layer *l, enum layer_entry_type type,
			      const char *path, const char *link)
{
	struct layer_entry *ent;

	XGROW(l->entries, l->nr + 1, l->alloc);
	ent = &l->entries[l->nr++];
	memset(ent, 0, sizeof(*ent));
	ent->path = layer_strdup(l, path);
	ent->link = link ? layer_strdup(l, link) : NULL;
	ent->type = type;
	return ent;
}

void layer_release(struct layer *l)
{
	for (size_t i = 0; i < l->nr; i++)
		layer_file_unref(l->entries[i].file);
	while (l->chunks) {
		struct layer_chunk *next = l->chunks->next;

		free(l->chunks);
		l->chunks = next;
	}
	free(l->entries);
	free(l->first_unsafe);
	memset(l, 0, sizeof(*l));
}

struct layer_reader {
	struct tar_reader *t;
	layer_read_fn read;
	void *ctx;
	const struct layer_options *opts;
	struct digest *sha;
	struct error *e;
	bool source_failed;
};

static ssize_t source_read(void *data, const void **buf)
{
	struct layer_reader *r = data;
	ssize_t n = r->read(r->ctx, buf);

	if (n < 0) {
		r->source_failed = true;
		return -1;
	}
	return n;
}

static int over_cap(struct layer_reader *r, uint64_t bytes)
{
	if (!r->opts->max_bytes || bytes <= r->opts->max_bytes)
		return 0;
	return err_set(r->e,
		       "layer %s holds more than %llu uncompressed bytes "
		       "(cap JARBAKE_MAX_LAYER_BYTES): refused as a zip bomb",
		       r->opts->display,
		       (unsigned long long)r->opts->max_bytes);
}

static int fail_archive(struct layer_reader *r, const char *what)
{
	const char *msg = tar_reader_error(r->t);

	if (r->e->set)
		return -1;
	if (r->source_failed)
		return err_set(r->e, "cannot read layer %s", r->opts->display);
	return err_set(r->e, "%s layer %s: %s", what, r->opts->display,
		       msg ? msg : "malformed tar");
}

/* Feeds len bytes of a regular file to its hash, JAR reader and text. */
static void file_bytes(struct layer_reader *r, struct layer_file *f,
		       struct jar_stream *js, struct strbuf *text,
		       const void *buf, size_t len)
{
	digest_update(r->sha, buf, len);
	if (js)
		jar_stream_feed(js, buf, len);
	if (text) {
		size_t n = len;

		if (n > LAYER_CONTENT_MAX - text->len) {
			n = LAYER_CONTENT_MAX - text->len;
			f->content_truncated = true;
		}
		strbuf_add(text, buf, n);
	}
}

/*
 * Reads one regular file's bytes chunk by chunk: SHA-256, the zip
 * directory of a JAR, the text of spark-defaults.conf (capped).
 */
static int read_file(struct layer_reader *r, struct layer_file *f,
		     bool want_text, const char *display)
{
	static const unsigned char zeros[4096];
	struct jar_stream *js =
	    f->jar ? jar_stream_new(r->opts->jar_flags) : NULL;
	struct strbuf text = STRBUF_INIT;
	struct error je = ERROR_INIT;
	uint64_t pos = 0;
	int ret = -1;

	for (;;) {
		const void *buf;
		size_t len;
		int64_t off;
		int rc = tar_reader_data(r->t, &buf, &len, &off);

		if (rc == 0)
			break;
		if (rc < 0) {
			fail_archive(r, "truncated or malformed tar in");
			goto out;
		}
		if (off < 0 || (uint64_t)off < pos) {
			err_set(r->e, "malformed sparse file in layer %s",
				r->opts->display);
			goto out;
		}
		/* Holes of sparse files read as zeros. */
		while (pos < (uint64_t)off) {
			uint64_t gap = (uint64_t)off - pos;
			size_t n =
			    gap > sizeof(zeros) ? sizeof(zeros) : (size_t)gap;

			file_bytes(r, f, js, want_text ? &text : NULL, zeros,
				   n);
			pos += n;
		}
		file_bytes(r, f, js, want_text ? &text : NULL, buf, len);
		pos += len;
		if (over_cap(r, tar_reader_offset(r->t)) < 0)
			goto out;
	}
	f->size = pos;
	digest_final_hex(r->sha, f->sha256);
	if (want_text)
		f->content = strbuf_detach(&text, &f->content_len);
	ret = 0;
out:
	if (js && jar_stream_finish(js, display, f->jar, &je) < 0)
		f->jar_error = true;
	if (ret < 0)
		digest_reset(r->sha);
	strbuf_release(&text);
	return ret;
}

/*
 * A hard link named like a file verify reads, to an earlier file of this
 * layer that was skipped (another name): it becomes that file, unread.
 */
static void link_to_unread(struct layer *l, struct layer_entry *ent)
{
	for (size_t i = l->nr - 1; i-- > 0;) {
		struct layer_entry *t = &l->entries[i];

		if (strcmp(t->path, ent->link))
			continue;
		if (t->type == LAYER_REG && !t->file) {
			ent->type = LAYER_REG;
			ent->file = xcalloc(1, sizeof(*ent->file));
			ent->file->refs = 1;
			ent->file->unread = true;
		}
		return;
	}
}

/* A whiteout (".wh.NAME") or an opaque directory (".wh..wh..opq"). */
static void record_whiteout(struct layer *l, const char *path, const char *base)
{
	size_t dirlen = (size_t)(base - path);
	char target[LAYER_PATH_MAX];

	if (!strcmp(base, ".wh..wh..opq")) {
		memcpy(target, path, dirlen);
		target[dirlen ? dirlen - 1 : 0] = '\0';
		layer_add(l, LAYER_OPAQUE, target, NULL);
	} else if (strncmp(base, ".wh..wh.", 8) && base[4]) {
		/* ".wh..wh.*" are aufs bookkeeping, not whiteouts */
		memcpy(target, path, dirlen);
		strcpy(target + dirlen, base + 4);
		layer_add(l, LAYER_WHITEOUT, target, NULL);
	}
}

/* A hard link at path to hardlink; 1 (nothing to read), -1 on error. */
static int record_hardlink(struct layer_reader *r, struct layer *l,
			   const char *path, const char *base,
			   const char *hardlink)
{
	char link[LAYER_PATH_MAX];
	bool clamped = false;
	struct layer_entry *ent;

	if (layer_path_normalise(hardlink, link, sizeof(link), &clamped) < 0)
		return err_set(r->e,
			       "link target longer than %d bytes in layer %s",
			       LAYER_PATH_MAX, r->opts->display);
	ent = layer_add(l, LAYER_HARDLINK, path, link);
	if (layer_name_is_jar(base) || layer_name_is_conf(base))
		link_to_unread(l, ent);
	return 1;
}

/* Records one tar entry; 1 when it is to be skipped. */
static int record_entry(struct layer_reader *r, struct layer *l,
			const struct tar_entry *te)
{
	char path[LAYER_PATH_MAX];
	const char *name = te->path;
	const char *hardlink = te->hardlink;
	const char *base;
	struct layer_entry *ent;
	bool clamped = false;

	if (!name)
		return err_set(r->e, "entry without a name in layer %s",
			       r->opts->display);
	if (layer_path_normalise(name, path, sizeof(path), &clamped) < 0)
		return err_set(r->e, "path longer than %d bytes in layer %s",
			       LAYER_PATH_MAX, r->opts->display);
	if (clamped || name[0] == '/') {
		if (!l->nr_unsafe++)
			l->first_unsafe = xstrdup(name);
	}
	base = layer_basename(path);
	if (!strncmp(base, ".wh.", 4)) {
		record_whiteout(l, path, base);
		return 1;
	}
	if (hardlink)
		return record_hardlink(r, l, path, base, hardlink);
	switch (te->kind) {
	case TAR_REG:
		ent = layer_add(l, LAYER_REG, path, NULL);
		/* Only the files verify reads are read; the rest is skipped
		 * (libarchive reads past it, hashed only in the blob). */
		if (!layer_name_is_jar(base) && !layer_name_is_conf(base))
			return 1;
		ent->file = xcalloc(1, sizeof(*ent->file));
		ent->file->refs = 1;
		if (layer_name_is_jar(base))
			ent->file->jar = xcalloc(1, sizeof(*ent->file->jar));
		return read_file(r, ent->file, layer_name_is_conf(base), path);
	case TAR_DIR:
		layer_add(l, LAYER_DIR, path, NULL);
		return 1;
	case TAR_SYMLINK: {
		const char *target = te->symlink;

		if (!target || strlen(target) >= LAYER_PATH_MAX)
			return err_set(r->e,
				       "bad symbolic link '%s' in layer %s",
				       path, r->opts->display);
		layer_add(l, LAYER_SYMLINK, path, target);
		return 1;
	}
	default:
		layer_add(l, LAYER_OTHER, path, NULL);
		return 1;
	}
}

int layer_read(struct layer *out, layer_read_fn read, void *ctx,
	       const struct layer_options *opts, struct error *e)
{
	struct layer_reader r = {0};
	struct tar_entry te;
	uint64_t declared = 0;
	int ret = -1;

	r.t = tar_reader_new(TAR_ANY_FILTER | TAR_EMPTY_OK);
	r.read = read;
	r.ctx = ctx;
	r.opts = opts;
	r.e = e;
	r.sha = digest_new(DIGEST_SHA256);
	if (tar_reader_open(r.t, source_read, &r)) {
		fail_archive(&r, "cannot read");
		goto out;
	}
	for (;;) {
		int rc = tar_reader_next(r.t, &te);

		if (rc == 0)
			break;
		if (rc < 0) {
			fail_archive(&r, "truncated or malformed tar in");
			goto out;
		}
		if (opts->max_entries && out->nr >= opts->max_entries) {
			err_set(e, "layer %s has more than %zu entries",
				opts->display, opts->max_entries);
			goto out;
		}
		if (te.size_is_set && te.size > 0)
			declared += (uint64_t)te.size;
		/* Refuse a zip bomb by its headers, before inflating it. */
		if (over_cap(&r, declared) < 0)
			goto out;
		if (record_entry(&r, out, &te) < 0)
			goto out;
		if (out->name_bytes > (opts->max_name_bytes
					   ? opts->max_name_bytes
					   : LAYER_MAX_NAME_BYTES)) {
			err_set(e,
				"layer %s holds more than %zu bytes of file "
				"names",
				opts->display,
				opts->max_name_bytes
				    ? opts->max_name_bytes
				    : (size_t)LAYER_MAX_NAME_BYTES);
			goto out;
		}
	}
	/* Drain what follows the end-of-archive blocks, so the producer can
	 * finish hashing the whole blob. */
	while (!r.source_failed) {
		const void *buf;
		ssize_t n = read(ctx, &buf);

		if (n <= 0)
			break;
	}
	ret = 0;
out:
	out->bytes = tar_reader_offset(r.t);
	tar_reader_free(r.t);
	digest_free(r.sha);
	return ret;
}
