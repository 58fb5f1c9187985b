#include "image/image_blob.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/digest.h"
#include "core/fsutil.h"
#include "image/image_json.h"
#include "image/image_pipe.h"
#include "image/tar_reader.h"
#include "core/inflate.h"
#include "core/pool.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* Pipe between inflating and parsing a layer: 8 x 256 KiB. */
#define PIPE_BUFS 8
#define PIPE_BUF_SIZE (256u << 10)
/* Read size for files and standard input. */
#define READ_SIZE (1u << 20)
/* Most files in an outer archive (blobs, JSON, legacy directories). */
#define MAX_ARCHIVE_ENTRIES 100000
/* Enough bytes to tell a tar from JSON (the tar magic sits at 257). */
#define SNIFF_SIZE 512

/* A layer tar being parsed in its own thread. */
struct layer_job {
	struct pool_stage stage;
	struct blob_set *set;
	struct image_pipe *pipe;
	struct layer_options opts;
	struct blob *blob;
	char display[96];
	struct error err;
};

void blob_set_init(struct blob_set *s)
{
	memset(s, 0, sizeof(*s));
	s->workers = 2;
}

static ssize_t job_read(void *ctx, const void **buf)
{
	return image_pipe_read(ctx, buf);
}

static void *job_main(void *arg)
{
	struct layer_job *job = arg;

	if (layer_read(&job->blob->layer, job_read, job->pipe, &job->opts,
		       &job->err) < 0)
		image_pipe_abort(job->pipe);
	return NULL;
}

static void finish_job(struct layer_job *job);

static void join_one(struct blob_set *s)
{
	finish_job(s->jobs[s->next_join++]);
}

void blob_set_wait(struct blob_set *s)
{
	while (s->next_join < s->nr_jobs)
		join_one(s);
}

/*
 * Starts parsing b's tar in a thread. Tracked jobs (the streaming reader)
 * are joined later, at most s->workers at once; untracked ones (a worker
 * that reads a blob by itself) are joined by finish_job().
 */
static struct layer_job *start_job(struct blob_set *s, struct blob *b,
				   bool tracked)
{
	struct layer_job *job = xcalloc(1, sizeof(*job));
	char hex[65];

	while (tracked &&
	       s->nr_jobs - s->next_join >= (s->workers ? s->workers : 1))
		join_one(s);
	if (image_blob_name_digest(b->name, hex))
		snprintf(job->display, sizeof(job->display), "sha256:%.12s",
			 hex);
	else
		snprintf(job->display, sizeof(job->display), "'%.80s'",
			 b->name);
	job->blob = b;
	job->set = s;
	job->pipe = image_pipe_new(PIPE_BUFS, PIPE_BUF_SIZE);
	job->opts.jar_flags = s->jar_flags;
	job->opts.max_bytes = s->max_layer_bytes;
	job->opts.max_entries = s->max_entries;
	job->opts.display = job->display;
	/* no thread: the pipe refuses the layer, the job's error says why */
	if (pool_stage_start(&job->stage, job_main, job, &job->err))
		image_pipe_abort(job->pipe);
	if (tracked) {
		XGROW(s->jobs, s->nr_jobs + 1, s->alloc_jobs);
		s->jobs[s->nr_jobs++] = job;
	}
	b->job = job;
	return job;
}

/* Jobs finish in several threads (workers join their own). */
static pthread_mutex_t name_bytes_lock = PTHREAD_MUTEX_INITIALIZER;

static void finish_job(struct layer_job *job)
{
	struct blob_set *s = job->set;
	size_t max =
	    s->max_name_bytes ? s->max_name_bytes : (size_t)BLOB_MAX_NAME_BYTES;
	bool over;

	pool_stage_join(&job->stage);
	if (job->err.set && !job->blob->err.set)
		job->blob->err = job->err;
	pthread_mutex_lock(&name_bytes_lock);
	over = job->blob->layer.name_bytes > max - s->name_bytes;
	if (!over)
		s->name_bytes += job->blob->layer.name_bytes;
	pthread_mutex_unlock(&name_bytes_lock);
	if (over) {
		/* refused: its record goes now, not after the last layer */
		layer_release(&job->blob->layer);
		if (!job->blob->err.set)
			err_set(&job->blob->err,
				"the layers hold more than %zu bytes of file "
				"names",
				max);
	}
	image_pipe_free(job->pipe);
	job->blob->job = NULL;
	free(job);
}

void blob_set_release(struct blob_set *s)
{
	blob_set_wait(s);
	for (size_t i = 0; i < s->nr; i++) {
		struct blob *b = s->items[i];

		free(b->name);
		free(b->alias);
		free(b->json);
		layer_release(&b->layer);
		free(b);
	}
	free(s->items);
	free(s->jobs);
	memset(s, 0, sizeof(*s));
}

bool image_blob_name_digest(const char *name, char hex[65])
{
	const char *base = strrchr(name, '/');
	size_t dirlen = base ? (size_t)(base - name) : 0;
	size_t len;

	base = base ? base + 1 : name;
	len = strlen(base);
	if (len < 64)
		return false;
	memcpy(hex, base, 64);
	hex[64] = '\0';
	if (!digest_hex_valid(DIGEST_SHA256, hex))
		return false;
	/* blobs/sha256/<hex> (OCI), <hex>.tar and <hex>.json (docker) */
	if (len == 64)
		return !dirlen ||
		       (dirlen >= 6 && !strncmp(base - 7, "sha256", 6));
	return !dirlen &&
	       (!strcmp(base + 64, ".tar") || !strcmp(base + 64, ".json"));
}

static struct blob *new_blob(struct blob_set *s, const char *name)
{
	struct blob *b = xcalloc(1, sizeof(*b));

	b->name = xstrdup(name);
	XGROW(s->items, s->nr + 1, s->alloc);
	s->items[s->nr++] = b;
	return b;
}

void blob_set_alias(struct blob_set *s, const char *name, const char *target)
{
	new_blob(s, name)->alias = xstrdup(target);
}

struct blob *blob_set_find(const struct blob_set *s, const char *name)
{
	char norm[LAYER_PATH_MAX];
	int hops = 0;

	if (layer_path_normalise(name, norm, sizeof(norm), NULL) < 0)
		return NULL;
	while (hops++ < 8) {
		struct blob *b = NULL;

		/* The last one of a name wins, as when extracting. */
		for (size_t i = s->nr; i-- > 0;)
			if (!strcmp(s->items[i]->name, norm)) {
				b = s->items[i];
				break;
			}
		if (!b || !b->alias)
			return b;
		snprintf(norm, sizeof(norm), "%s", b->alias);
	}
	return NULL;
}

/* What a blob holds, from its first bytes. */
static enum blob_kind sniff(const unsigned char *p, size_t len,
			    enum blob_compression *comp)
{
	static const unsigned char zstd_magic[4] = {0x28, 0xb5, 0x2f, 0xfd};
	size_t i = 0;

	*comp = BLOB_PLAIN;
	if (gz_is_gzip(p, len)) {
		*comp = BLOB_GZIP;
		return BLOB_LAYER;
	}
	if (len >= 4 && !memcmp(p, zstd_magic, 4)) {
		*comp = BLOB_ZSTD;
		return BLOB_LAYER;
	}
	if (len >= 262 && !memcmp(p + 257, "ustar", 5))
		return BLOB_LAYER;
	if (len >= SNIFF_SIZE) {
		/* An empty tar: end-of-archive zero blocks only. */
		for (i = 0; i < SNIFF_SIZE && !p[i]; i++)
			;
		if (i == SNIFF_SIZE)
			return BLOB_LAYER;
	}
	for (i = 0; i < len && (p[i] == ' ' || p[i] == '\n' || p[i] == '\r' ||
				p[i] == '\t');
	     i++)
		;
	if (i < len && (p[i] == '{' || p[i] == '['))
		return BLOB_JSON;
	return BLOB_OTHER;
}

/* Hashes a layer blob's stored bytes in its own thread. */
struct hasher {
	struct pool_stage stage;
	struct image_pipe *pipe;
	struct digest *sha;
};

static void *hash_main(void *arg)
{
	struct hasher *h = arg;
	const void *buf;
	ssize_t n;

	while ((n = image_pipe_read(h->pipe, &buf)) > 0)
		digest_update(h->sha, buf, (size_t)n);
	return NULL;
}

/* Feeding one blob: hash it, and for a layer, inflate it into the pipe. */
struct feeder {
	struct blob *blob;
	struct layer_job *job;
	struct digest *sha;	/* of the blob as stored (not layers) */
	struct hasher *hasher;	/* of a layer blob as stored */
	struct digest *tar_sha; /* of the uncompressed tar, or NULL */
	struct gz_inflater *gz;
	struct strbuf json;
	uint64_t max_bytes, out_bytes;
	bool stopped; /* inflating gave up: only hash now */
};

/* Counts, caps and (for diff_ids) hashes the tar bytes of a layer. */
static int tar_bytes(struct feeder *f, const void *data, size_t len,
		     struct error *e)
{
	struct blob_set *s = f->job->set;
	/* layers may be read by several workers at once (a registry) */
	uint64_t total =
	    __atomic_add_fetch(&s->total_bytes, len, __ATOMIC_RELAXED);
	bool all = s->max_total_bytes && total > s->max_total_bytes;

	f->out_bytes += len;
	if (all || (f->max_bytes && f->out_bytes > f->max_bytes))
		return err_set(e,
			       "layer %s %s more than %llu uncompressed bytes "
			       "(cap %sJARBAKE_MAX_LAYER_BYTES): refused as a "
			       "zip bomb",
			       f->job->display,
			       all ? "and those before it hold" : "holds",
			       (unsigned long long)(all ? s->max_total_bytes
							: f->max_bytes),
			       all ? "4 x " : "");
	if (f->tar_sha)
		digest_update(f->tar_sha, data, len);
	return 0;
}

/* A plain or zstd layer: its bytes are copied into the parser's pipe. */
static int to_pipe(struct feeder *f, const void *data, size_t len,
		   struct error *e)
{
	if (tar_bytes(f, data, len, e) < 0)
		return -1;
	if (image_pipe_write(f->job->pipe, data, len) < 0)
		f->stopped = true; /* the parser gave up: its error says why */
	return 0;
}

/* A gzip layer is inflated straight into the parser's pipe. */
static void *pipe_room(void *ctx, size_t *len)
{
	struct feeder *f = ctx;
	void *room = image_pipe_reserve(f->job->pipe, len);

	if (!room)
		f->stopped = true; /* the parser gave up: its error says why */
	return room;
}

static int pipe_commit(void *ctx, const void *data, size_t len, struct error *e)
{
	struct feeder *f = ctx;

	if (tar_bytes(f, data, len, e) < 0)
		return -1;
	image_pipe_commit(f->job->pipe, len);
	return 0;
}

static void feed(struct feeder *f, const void *data, size_t len)
{
	struct blob *b = f->blob;

	b->size += len;
	if (f->hasher)
		image_pipe_write(f->hasher->pipe, data, len);
	else
		digest_update(f->sha, data, len);
	if (b->kind == BLOB_JSON) {
		if (f->json.len + len > IMAGE_JSON_MAX)
			b->kind = BLOB_OTHER; /* too big to matter: hash only */
		else
			strbuf_add(&f->json, data, len);
		return;
	}
	if (b->kind != BLOB_LAYER || f->stopped)
		return;
	if (f->gz) {
		struct error e = ERROR_INIT;

		/* When the parser gave up, its error is the one to keep. */
		if (gz_inflater_feed(f->gz, data, len, &e) < 0) {
			if (!f->stopped)
				b->err = e;
			f->stopped = true;
		}
	} else if (to_pipe(f, data, len, &b->err) < 0) {
		f->stopped = true;
	}
}

/*
 * The first read(s) of a blob: at least SNIFF_SIZE bytes when the blob has
 * them, so that sniff() can tell what it is. *buf points at them (in head
 * when several reads were joined). Returns their length, 0 at the end, -1
 * when the source failed.
 */
static ssize_t read_head(blob_read_fn read, void *ctx, struct strbuf *head,
			 const void **buf)
{
	ssize_t n = read(ctx, buf);

	if (n <= 0 || (size_t)n >= SNIFF_SIZE)
		return n;
	while (n > 0 && head->len + (size_t)n < SNIFF_SIZE) {
		strbuf_add(head, *buf, (size_t)n);
		n = read(ctx, buf);
	}
	if (n > 0)
		strbuf_add(head, *buf, (size_t)n);
	if (n < 0)
		return -1;
	*buf = head->buf;
	return (ssize_t)head->len;
}

/* A layer: starts the hashing thread and the parsing job f feeds. */
static void layer_start(struct blob_set *s, struct feeder *f, struct hasher *h,
			bool want_diff_id, bool tracked)
{
	struct blob *b = f->blob;

	h->pipe = image_pipe_new(PIPE_BUFS, PIPE_BUF_SIZE);
	h->sha = digest_new(DIGEST_SHA256);
	if (pool_stage_start(&h->stage, hash_main, h, &b->err))
		image_pipe_abort(h->pipe);
	f->hasher = h;
	f->job = start_job(s, b, tracked);
	f->max_bytes = s->max_layer_bytes;
	if (b->compression == BLOB_GZIP) {
		f->gz = gz_inflater_new_direct(pipe_room, pipe_commit, f);
		if (want_diff_id)
			f->tar_sha = digest_new(DIGEST_SHA256);
	}
}

/* A layer read to its end (failed when failed): joins the hashing thread,
 * closes the job's input, records the digests. */
static void layer_finish(struct feeder *f, struct hasher *h, bool failed,
			 bool tracked)
{
	struct blob *b = f->blob;

	image_pipe_close(f->job->pipe, failed || b->err.set);
	image_pipe_close(h->pipe, 0);
	pool_stage_join(&h->stage);
	digest_final_hex(h->sha, b->sha256);
	if (b->compression == BLOB_PLAIN)
		memcpy(b->diff_id, b->sha256, sizeof(b->diff_id));
	else if (f->tar_sha && !b->err.set)
		digest_final_hex(f->tar_sha, b->diff_id);
	if (!tracked)
		finish_job(f->job);
	image_pipe_free(h->pipe);
	digest_free(h->sha);
}

/*
 * Reads blob b from read(ctx, ...): hashes it and keeps JSON; a layer is
 * hashed, inflated and parsed by three threads at once (this one
 * inflates). tracked: see start_job(). -1 when the source failed.
 */
static int blob_fill(struct blob_set *s, struct blob *b, blob_read_fn read,
		     void *ctx, bool want_diff_id, bool tracked)
{
	struct feeder f = {.blob = b, .json = STRBUF_INIT};
	struct strbuf head = STRBUF_INIT;
	struct hasher h = {0};
	const void *buf = NULL;
	ssize_t n;
	int ret = 0;

	n = read_head(read, ctx, &head, &buf);
	if (n < 0) {
		strbuf_release(&head);
		return -1;
	}
	b->kind = sniff(buf, (size_t)n, &b->compression);
	if (b->kind == BLOB_LAYER)
		layer_start(s, &f, &h, want_diff_id, tracked);
	else
		f.sha = digest_new(DIGEST_SHA256);
	while (n > 0) {
		feed(&f, buf, (size_t)n);
		n = read(ctx, &buf);
	}
	if (n < 0)
		ret = -1;
	else if (f.gz && !f.stopped && gz_inflater_finish(f.gz, &b->err) < 0)
		f.stopped = true;
	if (b->kind == BLOB_LAYER) {
		layer_finish(&f, &h, ret < 0, tracked);
	} else {
		digest_final_hex(f.sha, b->sha256);
		if (b->kind == BLOB_JSON)
			b->json = strbuf_detach(&f.json, &b->json_len);
	}
	gz_inflater_free(f.gz);
	digest_free(f.sha);
	digest_free(f.tar_sha);
	strbuf_release(&f.json);
	strbuf_release(&head);
	return ret;
}

struct blob *blob_set_new(struct blob_set *s, const char *name)
{
	return new_blob(s, name);
}

int blob_fill_worker(struct blob_set *s, struct blob *b, blob_read_fn read,
		     void *ctx, bool want_diff_id)
{
	return blob_fill(s, b, read, ctx, want_diff_id, false);
}

struct blob *blob_set_add(struct blob_set *s, const char *name,
			  blob_read_fn read, void *ctx, bool want_diff_id,
			  struct error *e)
{
	struct blob *b = new_blob(s, name);

	if (blob_fill(s, b, read, ctx, want_diff_id, true) < 0) {
		if (!e->set)
			err_set(e, "cannot read '%s'", name);
		return NULL;
	}
	return b;
}

/* Standard input or a file, read in large chunks. */
struct fd_source {
	int fd;
	unsigned char *buf;
	size_t peeked; /* bytes already in buf, served first */
	bool failed;
	int saved_errno;
};

static ssize_t fd_read(void *ctx, const void **out)
{
	struct fd_source *src = ctx;
	ssize_t n;

	if (src->peeked) {
		n = (ssize_t)src->peeked;
		src->peeked = 0;
		*out = src->buf;
		return n;
	}
	do
		n = read(src->fd, src->buf, READ_SIZE);
	while (n < 0 && errno == EINTR);
	if (n < 0) {
		src->failed = true;
		src->saved_errno = errno;
		return -1;
	}
	*out = src->buf;
	return n;
}

/* Inflates a gzip-compressed outer archive in its own thread. */
struct outer_gz {
	struct pool_stage stage;
	struct fd_source *src;
	struct image_pipe *pipe;
	struct error err;
};

static int outer_sink(void *ctx, const void *data, size_t len, struct error *e)
{
	struct outer_gz *g = ctx;

	(void)e;
	return image_pipe_write(g->pipe, data, len) < 0 ? -1 : 0;
}

static void *outer_gz_main(void *arg)
{
	struct outer_gz *g = arg;
	struct gz_inflater *z = gz_inflater_new(outer_sink, g);
	const void *buf;
	ssize_t n;
	int failed = 0;

	while ((n = fd_read(g->src, &buf)) > 0)
		if (gz_inflater_feed(z, buf, (size_t)n, &g->err) < 0) {
			failed = 1;
			break;
		}
	if (n < 0)
		failed = 1;
	else if (!failed && gz_inflater_finish(z, &g->err) < 0)
		failed = 1;
	gz_inflater_free(z);
	image_pipe_close(g->pipe, failed);
	return NULL;
}

struct outer {
	struct fd_source *src;
	struct outer_gz *gz;
};

static ssize_t outer_read(void *ctx, const void **buf)
{
	struct outer *o = ctx;

	if (o->gz)
		return image_pipe_read(o->gz->pipe, buf);
	return fd_read(o->src, buf);
}

/* One file of the outer archive, read through libarchive. */
struct entry_source {
	struct tar_reader *t;
	int64_t pos;
	bool failed;
};

static ssize_t entry_read(void *ctx, const void **out)
{
	struct entry_source *src = ctx;

	for (;;) {
		size_t len;
		int64_t off;
		int rc = tar_reader_data(src->t, out, &len, &off);

		if (rc == 0)
			return 0;
		if (rc < 0 || off != src->pos) {
			src->failed = true;
			return -1;
		}
		src->pos += (int64_t)len;
		if (len)
			return (ssize_t)len;
	}
}

/* Where a link in the archive points, as a normalised archive path. */
static void link_target(const char *name, const char *target, bool symlink,
			char *out, size_t size)
{
	char joined[2 * LAYER_PATH_MAX + 2];
	const char *slash = strrchr(name, '/');

	if (symlink && target[0] != '/' && slash)
		snprintf(joined, sizeof(joined), "%.*s/%s", (int)(slash - name),
			 name, target);
	else
		snprintf(joined, sizeof(joined), "%s", target);
	if (layer_path_normalise(joined, out, size, NULL) < 0)
		out[0] = '\0';
}

/*
 * Sorts an entry of the outer archive: links become aliases, directories
 * are skipped; true (with its normalised name) for a file to read.
 */
static bool outer_entry(struct blob_set *s, const struct tar_entry *te,
			char name[LAYER_PATH_MAX])
{
	char target[LAYER_PATH_MAX];
	const char *p = te->raw_path;
	const char *link;

	if (!p || layer_path_normalise(p, name, LAYER_PATH_MAX, NULL) < 0)
		return false;
	link = te->raw_hardlink;
	if (link) {
		link_target(name, link, false, target, sizeof(target));
		blob_set_alias(s, name, target);
		return false;
	}
	if (te->kind == TAR_SYMLINK) {
		link = te->raw_symlink;
		if (link) {
			link_target(name, link, true, target, sizeof(target));
			blob_set_alias(s, name, target);
		}
		return false;
	}
	return te->kind == TAR_REG;
}

static int archive_failed(struct tar_reader *t, struct outer *o,
			  const char *display, const char *in, struct error *e)
{
	const char *msg = tar_reader_error(t);

	if (e->set)
		return -1;
	if (o->gz && o->gz->err.set)
		return err_set(e, "corrupt gzip compression of '%s': %s",
			       display, o->gz->err.message);
	if (o->src->failed) {
		errno = o->src->saved_errno;
		return err_set_errno(e, EXIT_IO, "cannot read '%s'", display);
	}
	if (in)
		return err_set(
		    e, "truncated or malformed archive '%s' in '%s': %s",
		    display, in, msg ? msg : "unexpected end");
	return err_set(e, "truncated or malformed archive '%s': %s", display,
		       msg ? msg : "unexpected end");
}

/* A byte range of a file, read with pread (so threads can share fd). */
struct range_source {
	int fd;
	uint64_t off, left;
	unsigned char *buf;
	bool short_read;
	int saved_errno;
};

static ssize_t range_read(void *ctx, const void **out)
{
	struct range_source *src = ctx;
	size_t want = src->left < READ_SIZE ? (size_t)src->left : READ_SIZE;
	ssize_t n;

	if (!want)
		return 0;
	do
		n = pread(src->fd, src->buf, want, (off_t)src->off);
	while (n < 0 && errno == EINTR);
	if (n <= 0) {
		src->short_read = n == 0;
		src->saved_errno = n < 0 ? errno : 0;
		return -1;
	}
	src->off += (uint64_t)n;
	src->left -= (uint64_t)n;
	*out = src->buf;
	return n;
}

/*
 * The file name inside layout directory dir, its links resolved, as long
 * as it stays inside dir (a link out of it is refused). Missing: 1 and
 * *out NULL; refused: -1 and e; else 0 and *out is the caller's.
 */
static int resolve_in_dir(const char *dir, const char *name, char **out,
			  struct error *e)
{
	char *path = xasprintf("%s/%s", dir, name);
	char *real = realpath(path, NULL), *root = NULL;
	size_t n;
	int ret = -1;

	*out = NULL;
	if (!real) {
		ret = errno == ENOENT ? 1 : -1;
		if (ret < 0)
			err_set_errno(e, EXIT_IO, "cannot open '%s'", path);
		goto out;
	}
	root = realpath(dir, NULL);
	n = root ? strlen(root) : 0;
	if (!root || strncmp(real, root, n) || (real[n] != '/' && n > 1)) {
		err_set(e, "'%s' leads out of the image layout (to '%s')", path,
			real);
		goto out;
	}
	*out = real;
	real = NULL;
	ret = 0;
out:
	free(root);
	free(real);
	free(path);
	return ret;
}

/* Layer blobs read side by side, each by one worker from its range. */
struct queue_item {
	struct blob *blob;
	int fd;	    /* shared, or -1: open path */
	char *path; /* for messages and for opening */
	uint64_t off, size;
	bool want_diff_id;
};

struct layer_queue {
	struct blob_set *s;
	struct queue_item *items;
	size_t nr, alloc, next;
	pthread_mutex_t lock;
	struct error err;
};

static void queue_fail(struct layer_queue *p, struct range_source *src,
		       const struct queue_item *it)
{
	pthread_mutex_lock(&p->lock);
	if (src->short_read)
		err_set(&p->err, "truncated archive: '%s' ends early",
			it->path);
	else if (src->saved_errno) {
		errno = src->saved_errno;
		err_set_errno(&p->err, EXIT_IO, "cannot read '%s'", it->path);
	}
	pthread_mutex_unlock(&p->lock);
}

/* A worker of the pool: takes the queue's next blob until none is left. */
static void queue_main(void *arg, size_t worker)
{
	struct layer_queue *p = arg;
	struct range_source src = {.fd = -1};

	src.buf = xmalloc(READ_SIZE);
	for (;;) {
		struct queue_item *it;

		pthread_mutex_lock(&p->lock);
		it = p->next < p->nr ? &p->items[p->next++] : NULL;
		pthread_mutex_unlock(&p->lock);
		if (!it)
			break;
		src.fd = it->fd;
		src.off = it->off;
		src.left = it->size;
		src.short_read = false;
		src.saved_errno = 0;
		if (it->fd < 0) {
			struct error oe = ERROR_INIT;

			src.fd = fs_open_regular(it->path, 0, &src.left, &oe);
			if (src.fd < 0) {
				pthread_mutex_lock(&p->lock);
				if (!p->err.set)
					p->err = oe;
				pthread_mutex_unlock(&p->lock);
				continue;
			}
		}
		if (blob_fill(p->s, it->blob, range_read, &src,
			      it->want_diff_id, false) < 0)
			queue_fail(p, &src, it);
		if (it->fd < 0)
			close(src.fd);
	}
	free(src.buf);
	(void)worker;
}

static void queue_add(struct layer_queue *p, struct blob *b, int fd,
		      const char *path, uint64_t off, uint64_t size,
		      bool want_diff_id)
{
	struct queue_item *it;

	XGROW(p->items, p->nr + 1, p->alloc);
	it = &p->items[p->nr++];
	it->blob = b;
	it->fd = fd;
	it->path = xstrdup(path);
	it->off = off;
	it->size = size;
	it->want_diff_id = want_diff_id;
}

/* Runs the pool's items on up to s->workers threads; -1 and e on failure. */
static int queue_run(struct layer_queue *p, struct error *e)
{
	size_t n = p->s->workers ? p->s->workers : 1;

	if (n > p->nr)
		n = p->nr;
	pthread_mutex_init(&p->lock, NULL);
	pool_run(n, queue_main, p, NULL, NULL);
	pthread_mutex_destroy(&p->lock);
	for (size_t i = 0; i < p->nr; i++)
		free(p->items[i].path);
	free(p->items);
	if (p->err.set) {
		*e = p->err;
		return -1;
	}
	return 0;
}

/* One more file in the outer archive; -1 past the cap. */
static int count_entry(size_t *entries, const char *display, struct error *e)
{
	if (++*entries <= MAX_ARCHIVE_ENTRIES)
		return 0;
	return err_set(e, "'%s' has more than %d files: not an image archive",
		       display, MAX_ARCHIVE_ENTRIES);
}

/*
 * A file of a plain tar at [off, off + size): a layer joins the queue
 * (read later, side by side), anything else is read now.
 */
static int index_entry(struct blob_set *s, struct layer_queue *queue,
		       struct range_source *src, const char *name, uint64_t off,
		       uint64_t size, const char *display, struct error *e)
{
	char head[SNIFF_SIZE];
	enum blob_compression comp;
	struct blob *b = new_blob(s, name);
	ssize_t n =
	    pread(src->fd, head, size < sizeof(head) ? size : sizeof(head),
		  (off_t)off);

	if (n >= 0 &&
	    sniff((unsigned char *)head, (size_t)n, &comp) == BLOB_LAYER) {
		queue_add(queue, b, src->fd, name, off, size,
			  strncmp(name, "blobs/", 6) != 0);
		return 0;
	}
	src->off = off;
	src->left = size;
	if (blob_fill(s, b, range_read, src, false, true) < 0)
		return err_set_errno(e, EXIT_IO, "cannot read '%s'", display);
	return 0;
}

/* A regular tar file: its blobs are read by offset, layers side by side. */
static int read_tar_indexed(struct blob_set *s, int fd, const char *display,
			    uint64_t file_size, struct error *e)
{
	struct tar_reader *t = tar_reader_new(0);
	struct tar_entry te;
	struct layer_queue queue = {.s = s};
	struct range_source src = {.fd = fd};
	size_t entries = 0;
	int ret = -1;

	src.buf = xmalloc(READ_SIZE);
	if (tar_reader_open_fd(t, fd)) {
		err_set(e, "malformed archive '%s': %s", display,
			tar_reader_error(t));
		goto out;
	}
	for (;;) {
		char name[LAYER_PATH_MAX];
		uint64_t off, size;
		int rc = tar_reader_next(t, &te);

		if (rc == 0)
			break;
		if (rc < 0) {
			err_set(e, "truncated or malformed archive '%s': %s",
				display, tar_reader_error(t));
			goto out;
		}
		if (count_entry(&entries, display, e))
			goto out;
		if (!outer_entry(s, &te, name))
			continue;
		off = tar_reader_offset(t);
		size = te.size > 0 ? (uint64_t)te.size : 0;
		if (te.sparse_count > 0) {
			err_set(e, "sparse file '%s' in archive '%s'", name,
				display);
			goto out;
		}
		if (off > file_size || size > file_size - off) {
			err_set(e,
				"truncated or malformed archive '%s' in "
				"'%s': it ends %llu bytes early",
				display, name,
				(unsigned long long)(off + size - file_size));
			goto out;
		}
		if (index_entry(s, &queue, &src, name, off, size, display, e))
			goto out;
	}
	ret = 0;
out:
	tar_reader_free(t);
	if (ret < 0) { /* nothing more to learn from the layers */
		for (size_t i = 0; i < queue.nr; i++)
			free(queue.items[i].path);
		queue.nr = 0;
	}
	if (queue_run(&queue, e) < 0)
		ret = -1;
	free(src.buf);
	return ret;
}

int image_blob_read_tar(struct blob_set *s, int fd, const char *display,
			struct error *e)
{
	struct fd_source src = {.fd = fd};
	struct outer o = {.src = &src};
	struct tar_reader *t = NULL;
	struct tar_entry te;
	size_t entries = 0;
	unsigned char magic[262];
	struct stat st;
	const void *first;
	ssize_t n;
	int ret = -1;

	/* A plain tar file: read by offsets, layers side by side. */
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    pread(fd, magic, sizeof(magic), 0) == (ssize_t)sizeof(magic) &&
	    !memcmp(magic + 257, "ustar", 5) && !s->stream)
		return read_tar_indexed(s, fd, display, (uint64_t)st.st_size,
					e);
	src.buf = xmalloc(READ_SIZE);
	/* Peek at the first bytes: gzip goes through ISA-L, not zlib. */
	n = fd_read(&src, &first);
	if (n < 0) {
		errno = src.saved_errno;
		err_set_errno(e, EXIT_IO, "cannot read '%s'", display);
		goto out;
	}
	if (!n) {
		err_set(e, "'%s' is empty, not an image archive", display);
		goto out;
	}
	src.peeked = (size_t)n;
	if (gz_is_gzip(first, (size_t)n)) {
		o.gz = xcalloc(1, sizeof(*o.gz));
		o.gz->src = &src;
		o.gz->pipe = image_pipe_new(PIPE_BUFS, PIPE_BUF_SIZE);
		if (pool_stage_start(&o.gz->stage, outer_gz_main, o.gz, e))
			goto out;
	}
	t = tar_reader_new(TAR_ANY_FILTER);
	if (tar_reader_open(t, outer_read, &o)) {
		archive_failed(t, &o, display, NULL, e);
		goto out;
	}
	for (;;) {
		char name[LAYER_PATH_MAX];
		struct entry_source es = {.t = t};
		int rc = tar_reader_next(t, &te);

		if (rc == 0)
			break;
		if (rc < 0) {
			archive_failed(t, &o, display, NULL, e);
			goto out;
		}
		if (count_entry(&entries, display, e))
			goto out;
		if (!outer_entry(s, &te, name))
			continue;
		if (!blob_set_add(s, name, entry_read, &es,
				  strncmp(name, "blobs/", 6) != 0, e)) {
			err_clear(e);
			archive_failed(t, &o, display, name, e);
			goto out;
		}
	}
	ret = 0;
out:
	tar_reader_free(t);
	if (o.gz) {
		image_pipe_abort(o.gz->pipe);
		pool_stage_join(&o.gz->stage);
		image_pipe_free(o.gz->pipe);
		free(o.gz);
	}
	free(src.buf);
	if (ret < 0)
		e->code = e->code == EXIT_IO ? EXIT_IO : EXIT_USAGE;
	return ret;
}

int image_blob_read_file(struct blob_set *s, const char *dir, const char *name,
			 bool want_diff_id, uint64_t max_bytes, struct error *e)
{
	char norm[LAYER_PATH_MAX];
	struct range_source src = {.fd = -1};
	char *path = NULL;
	int ret;

	if (layer_path_normalise(name, norm, sizeof(norm), NULL) < 0 || !*norm)
		return err_set(e, "bad file name '%.200s' in '%s'", name, dir);
	ret = resolve_in_dir(dir, norm, &path, e);
	if (ret)
		return ret;
	ret = -1;
	src.fd = fs_open_regular(path, max_bytes, &src.left, e);
	if (src.fd < 0)
		goto out;
	/* Only the bytes it had when opened: a growing file ends. */
	src.buf = xmalloc(READ_SIZE);
	if (blob_set_add(s, norm, range_read, &src, want_diff_id, e)) {
		ret = 0;
	} else {
		err_clear(e);
		errno = src.saved_errno;
		if (src.short_read)
			err_set(e, "'%s' shrank while it was read", path);
		else
			err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
	}
	close(src.fd);
	free(src.buf);
out:
	free(path);
	return ret;
}

int image_blob_prefetch(struct blob_set *s, const char *dir,
			const char *const *names, size_t nr, bool want_diff_id,
			struct error *e)
{
	struct layer_queue queue = {.s = s};
	int rc = 0;

	for (size_t i = 0; i < nr && rc >= 0; i++) {
		char norm[LAYER_PATH_MAX];
		char *path;

		if (layer_path_normalise(names[i], norm, sizeof(norm), NULL) <
			0 ||
		    !*norm || blob_set_find(s, norm))
			continue;
		rc = resolve_in_dir(dir, norm, &path, e);
		if (rc < 0)
			break;
		if (!rc)
			queue_add(&queue, new_blob(s, norm), -1, path, 0, 0,
				  want_diff_id);
		free(path);
	}
	if (rc < 0) { /* e says why; nothing is read */
		for (size_t i = 0; i < queue.nr; i++)
			free(queue.items[i].path);
		free(queue.items);
		return -1;
	}
	return queue_run(&queue, e);
}
