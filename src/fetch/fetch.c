#include "fetch/fetch.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "net/cache.h"
#include "core/clock.h"
#include "core/digest.h"
#include "core/pool.h"
#include "core/fsutil.h"
#include "net/http.h"
#include "jar/jar.h"
#include "manifest/maven.h"
#include "net/url.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* A sidecar checksum file is a line of hex and maybe a file name. */
#define SIDECAR_MAX_BYTES 4096
#define MAX_WORKERS 8
/*
 * libcurl hands the body over in pieces of 16 KiB: written in pieces this
 * large instead, the page cache takes them in large folios, with fewer
 * system calls (bench/fetch.sh: a cold fetch's CPU 0.50 -> 0.40 s, with
 * cache.c's writeback at block boundaries).
 */
#define WRITE_BUF_BYTES (1u << 20)
/* ... or this old: a part a killed run leaves behind (to resume) lacks
 * at most the last moments of a slow download. */
#define WRITE_BUF_MS 100

enum { SC_SHA256, SC_SHA512, SC_SHA1, NR_SIDECARS };
static const enum digest_algo sidecar_algo[NR_SIDECARS] = {
    DIGEST_SHA256, DIGEST_SHA512, DIGEST_SHA1};
static const char *const sidecar_ext[NR_SIDECARS] = {".sha256", ".sha512",
						     ".sha1"};

struct job;

struct sidecar {
	struct job *job;
	int which;
	struct strbuf body;
	bool present;
	char want[DIGEST_HEX_MAX];
};

struct worker {
	struct run *run;
	struct http *http;
	unsigned active; /* jobs in flight (under run.lock) */
	/* its share of the JARs, largest first; others may steal the tail */
	size_t *queue;
	size_t head, tail;
	uint64_t weight;
};

struct job {
	struct run *run;
	struct worker *w;
	size_t idx;
	const struct manifest_jar *jar;
	char *url;
	bool pinned;
	double t0;
	unsigned sidecars_pending;
	struct sidecar sc[NR_SIDECARS];
	struct cache_tmp tmp;
	struct digest *d[NR_SIDECARS]; /* [SC_SHA256] always */
	uint64_t bytes;		       /* received and hashed */
	unsigned char *wbuf;	       /* the last wlen bytes received, */
	size_t wlen;		       /* not yet written */
	uint64_t wbuf_ms;	       /* when it was last empty */
	bool resumed_part;
	bool restarted;
	struct job *commit_next;  /* in run.commits */
	char got[DIGEST_HEX_MAX]; /* its SHA-256, once downloaded */
};

struct run {
	const struct manifest *m;
	const struct fetch_options *o;
	struct fetch_result *results;
	struct cache cache;
	char *dest;
	struct job *jobs;
	pthread_mutex_t lock; /* the queues, each worker's active, commits */
	struct worker *workers;
	unsigned nr_workers;
	/* Downloaded and checked JARs waiting for their fsync and rename:
	 * one more thread does those, so that a worker's other transfers
	 * go on while the disk catches up. */
	struct job *commits, **commits_tail;
	unsigned workers_running;
	pthread_cond_t commit_cond;
	unsigned per_worker;
	const struct fetch_events *ev;
};

/*
 * JARs of o's queue that o cannot start now, its transfers all busy: the
 * ones another worker may take. An idle worker may take any.
 */
static size_t stealable(const struct worker *o, const struct worker *thief)
{
	size_t queued = o->tail - o->head;
	unsigned free_slots = o->run->per_worker - o->active;

	if (!thief->active)
		return queued;
	return queued > free_slots ? queued - free_slots : 0;
}

/*
 * A worker's next JAR: its own, else the smallest left to the busiest,
 * one that worker would not start now (each worker's thread hashes its
 * own bytes: taking what its owner is about to start leaves a CPU idle).
 */
static struct job *take_job(struct worker *w)
{
	struct run *r = w->run;
	struct job *j = NULL;

	pthread_mutex_lock(&r->lock);
	if (w->active >= r->per_worker) {
		/* its transfers are all busy */
	} else if (w->head < w->tail) {
		j = &r->jobs[w->queue[w->head++]];
	} else {
		struct worker *victim = NULL;
		size_t most = 0;

		for (unsigned i = 0; i < r->nr_workers; i++) {
			struct worker *o = &r->workers[i];
			size_t n = o == w ? 0 : stealable(o, w);

			if (n > most) {
				victim = o;
				most = n;
			}
		}
		if (victim)
			j = &r->jobs[victim->queue[--victim->tail]];
	}
	if (j)
		w->active++;
	pthread_mutex_unlock(&r->lock);
	return j;
}

struct weighted {
	uint64_t weight;
	size_t idx;
};

static uint64_t jar_weight(const struct manifest_jar *jar)
{
	/* unknown sizes count as a typical JAR */
	return jar->has_size ? jar->size + 1 : (UINT64_C(4) << 20);
}

static int by_weight_desc(const void *a, const void *b)
{
	const struct weighted *x = a, *y = b;

	if (x->weight != y->weight)
		return x->weight < y->weight ? 1 : -1;
	return x->idx < y->idx ? -1 : 1;
}

/*
 * Deals the JARs to the workers, largest first to the least loaded
 * (hashing is the work, so bytes are the measure): each thread gets a
 * fair share of the bytes from the start.
 */
static void deal_jobs(struct run *r)
{
	const struct manifest *m = r->m;
	struct weighted *order =
	    xcalloc(m->nr_jars ? m->nr_jars : 1, sizeof(*order));

	for (size_t i = 0; i < m->nr_jars; i++) {
		order[i].weight = jar_weight(&m->jars[i]);
		order[i].idx = i;
	}
	qsort(order, m->nr_jars, sizeof(*order), by_weight_desc);
	for (unsigned k = 0; k < r->nr_workers; k++) {
		r->workers[k].queue =
		    xcalloc(m->nr_jars ? m->nr_jars : 1, sizeof(size_t));
		r->workers[k].head = r->workers[k].tail = 0;
		r->workers[k].weight = 0;
	}
	for (size_t i = 0; i < m->nr_jars; i++) {
		struct worker *best = &r->workers[0];

		for (unsigned k = 1; k < r->nr_workers; k++)
			if (r->workers[k].weight < best->weight)
				best = &r->workers[k];
		best->queue[best->tail++] = order[i].idx;
		best->weight += order[i].weight;
	}
	free(order);
}

static void job_free_download(struct job *j)
{
	for (int i = 0; i < NR_SIDECARS; i++) {
		digest_free(j->d[i]);
		j->d[i] = NULL;
		strbuf_release(&j->sc[i].body);
	}
	free(j->wbuf);
	j->wbuf = NULL;
	j->wlen = 0;
}

static void event_begin(struct job *j, uint64_t have, uint64_t total)
{
	const struct fetch_events *ev = j->run->ev;

	if (ev && ev->begin)
		ev->begin(ev->ctx, j->idx, have, total);
}

static void event_done(struct job *j, uint64_t size, double secs,
		       const char *source)
{
	const struct fetch_events *ev = j->run->ev;

	if (ev && ev->done)
		ev->done(ev->ctx, j->idx, size, secs, source);
}

static int flush_written(struct job *j, struct error *e);

/* The job is over: record and let the worker take another. */
static void job_finish(struct job *j, const struct error *err,
		       const char *sha256, uint64_t size, bool from_cache)
{
	struct fetch_result *res = &j->run->results[j->idx];
	double secs = clock_seconds() - j->t0;

	if (err && err->set) {
		res->ok = false;
		res->error = *err;
		err_locate(&res->error, j->run->m->path, j->jar->line,
			   j->jar->column);
		event_done(j, 0, secs, NULL);
	} else {
		res->ok = true;
		memcpy(res->sha256, sha256, 65);
		res->size = size;
		res->from_cache = from_cache;
		res->seconds = secs;
		event_done(j, size, secs, from_cache ? "cache" : "network");
	}
	if (j->tmp.fd >= 0 || j->tmp.path) {
		/* a part of a pinned JAR is kept for the next run to resume,
		 * unless what it holds is known to be wrong */
		if (j->pinned && !(err && err->code == EXIT_CHECK) &&
		    j->tmp.path && strstr(j->tmp.path, j->jar->sha256)) {
			struct error ignored = ERROR_INIT;

			/* all it received: a failed write leaves a prefix */
			(void)flush_written(j, &ignored);
			close(j->tmp.fd);
			j->tmp.fd = -1;
			free(j->tmp.path);
			j->tmp.path = NULL;
		} else {
			cache_tmp_discard(&j->tmp);
		}
	}
	job_free_download(j);
	if (j->w) {
		pthread_mutex_lock(&j->run->lock);
		j->w->active--;
		pthread_mutex_unlock(&j->run->lock);
	}
}

static void job_fail(struct job *j, enum exit_code code, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void job_fail(struct job *j, enum exit_code code, const char *fmt, ...)
{
	struct error e = ERROR_INIT;
	va_list ap;

	va_start(ap, fmt);
	e.set = true;
	e.code = code;
	vsnprintf(e.message, sizeof(e.message), fmt, ap);
	va_end(ap);
	job_finish(j, &e, NULL, 0, false);
}

/* Places the cache entry into the destination directory. */
static int place(struct job *j, const char *entry, bool hashed, struct error *e)
{
	const struct manifest_jar *jar = j->jar;
	const char *sha =
	    j->pinned ? jar->sha256 : j->run->results[j->idx].sha256;
	struct cache_pin pin = {sha, jar->has_size, jar->size};

	if (!j->run->dest)
		return 0;
	return cache_place(&j->run->cache, entry, j->run->dest, jar->file, &pin,
			   hashed, e);
}

/*
 * A pinned JAR already in the cache (or already in DIR): verify and place
 * it. Returns 1 when done, 0 when it must be downloaded, -1 on error.
 */
static int try_cache(struct job *j, struct error *e)
{
	const struct manifest_jar *jar = j->jar;
	char *entry = cache_entry_path(&j->run->cache, jar->sha256);
	struct stat st;
	int rc = 0;

	if (!stat(entry, &st)) {
		bool ok = true;

		if (j->run->dest) {
			if (place(j, entry, false, e)) {
				if (e->code != EXIT_CHECK) {
					rc = -1;
					goto out;
				}
				ok = false;
			}
		} else if (cache_verify(entry, jar->sha256, jar->has_size,
					jar->size, &ok, e)) {
			rc = -1;
			goto out;
		}
		if (ok) {
			rc = 1;
			goto out;
		}
		/* a damaged entry: drop it and download again */
		err_clear(e);
		unlink(entry);
	} else if (j->run->dest) {
		/* no entry, but DIR may hold the file from an earlier run
		 * (or another cache): adopt it when it matches */
		char *path = xasprintf("%s/%s", j->run->dest, jar->file);
		bool ok = false;
		struct error ignored = ERROR_INIT;

		if (!lstat(path, &st) && S_ISREG(st.st_mode) &&
		    !cache_verify(path, jar->sha256, jar->has_size, jar->size,
				  &ok, &ignored) &&
		    ok) {
			char *dir = xasprintf("%s/sha256/%.2s",
					      j->run->cache.root, jar->sha256);

			/* on another file system it stays uncached */
			if (!fs_mkdir_p(dir, &ignored))
				(void)link(path, entry);
			free(dir);
			rc = 1;
		}
		free(path);
	}
out:
	if (rc == 1) {
		j->run->results[j->idx].size = jar->has_size ? jar->size : 0;
		if (!jar->has_size && !stat(entry, &st))
			j->run->results[j->idx].size = (uint64_t)st.st_size;
	}
	free(entry);
	return rc;
}

static int sink_begin(void *ctx, uint64_t offset, uint64_t total,
		      struct error *e)
{
	struct job *j = ctx;
	const struct manifest_jar *jar = j->jar;

	if (offset == 0 && j->bytes) {
		/* the server started over: so do we */
		j->wlen = 0;
		if (ftruncate(j->tmp.fd, 0) || lseek(j->tmp.fd, 0, SEEK_SET))
			return err_set_errno(e, EXIT_IO, "cannot truncate '%s'",
					     j->tmp.path);
		for (int i = 0; i < NR_SIDECARS; i++)
			if (j->d[i])
				digest_reset(j->d[i]);
		j->bytes = 0;
		j->resumed_part = false;
	}
	if (offset != j->bytes)
		return err_set_code(e, EXIT_IO,
				    "'%s': resumed at %" PRIu64 " but %" PRIu64
				    " bytes are held",
				    j->url, offset, j->bytes);
	/* a smaller body still gets hashed, for a message with both hashes */
	if (jar->has_size && total > jar->size)
		return err_set_code(
		    e, EXIT_CHECK,
		    "'%s': size mismatch for '%s': the manifest "
		    "pins %" PRIu64 " bytes, the server "
		    "sends %" PRIu64,
		    jar->name, j->url, jar->size, total);
	event_begin(j, offset, total);
	return 0;
}

/* Writes what the buffer holds: the file then holds j->bytes. */
static int flush_written(struct job *j, struct error *e)
{
	if (!j->wlen)
		return 0;
	if (fs_write_all(j->tmp.fd, j->wbuf, j->wlen))
		return err_set_errno(e, EXIT_IO, "cannot write '%s'",
				     j->tmp.path);
	j->wlen = 0;
	cache_tmp_wrote(&j->tmp, j->bytes);
	return 0;
}

/* The buffer is full enough, or old enough, to be written. */
static bool flush_due(const struct job *j, size_t more)
{
	return j->wlen && (j->wlen + more > WRITE_BUF_BYTES ||
			   clock_ms() - j->wbuf_ms >= WRITE_BUF_MS);
}

static int sink_write(void *ctx, const void *data, size_t len, struct error *e)
{
	struct job *j = ctx;

	/* hashed while it is hot in the cache, written a buffer at a time
	 * (a part left behind for the next run is a shorter prefix) */
	for (int i = 0; i < NR_SIDECARS; i++)
		if (j->d[i])
			digest_update(j->d[i], data, len);
	if (flush_due(j, len) && flush_written(j, e))
		return -1;
	if (len >= WRITE_BUF_BYTES) {
		if (fs_write_all(j->tmp.fd, data, len))
			return err_set_errno(e, EXIT_IO, "cannot write '%s'",
					     j->tmp.path);
		j->bytes += len;
		cache_tmp_wrote(&j->tmp, j->bytes);
	} else {
		if (!j->wbuf)
			j->wbuf = xmalloc(WRITE_BUF_BYTES);
		if (!j->wlen)
			j->wbuf_ms = clock_ms();
		memcpy(j->wbuf + j->wlen, data, len);
		j->wlen += len;
		j->bytes += len;
	}
	if (j->run->ev && j->run->ev->add)
		j->run->ev->add(j->run->ev->ctx, j->idx, len);
	return 0;
}

static void jar_done(void *ctx, const struct http_outcome *out);
static const struct http_sink jar_sink = {sink_begin, sink_write, jar_done};

static void start_jar(struct job *j);

/*
 * Hands a downloaded JAR to the commit thread: its worker's slot is free
 * from now on (the worker no longer touches the job).
 */
static void queue_commit(struct job *j)
{
	struct run *r = j->run;

	pthread_mutex_lock(&r->lock);
	j->w->active--;
	j->w = NULL;
	j->commit_next = NULL;
	*r->commits_tail = j;
	r->commits_tail = &j->commit_next;
	pthread_cond_signal(&r->commit_cond);
	pthread_mutex_unlock(&r->lock);
}

/* Everything arrived: check it all, then into the cache and DIR. */
static void verify_and_place(struct job *j)
{
	const struct manifest_jar *jar = j->jar;
	char got[NR_SIDECARS][DIGEST_HEX_MAX];
	struct error e = ERROR_INIT;

	if (flush_written(j, &e)) {
		job_finish(j, &e, NULL, 0, false);
		return;
	}
	for (int i = 0; i < NR_SIDECARS; i++)
		if (j->d[i])
			digest_final_hex(j->d[i], got[i]);
	if (j->pinned && (strcmp(got[SC_SHA256], jar->sha256) ||
			  (jar->has_size && j->bytes != jar->size))) {
		if (j->resumed_part && !j->restarted) {
			/* the part left by an earlier run was bad: once more
			 * from the start */
			j->restarted = true;
			j->resumed_part = false;
			cache_tmp_discard(&j->tmp);
			job_free_download(j);
			j->bytes = 0;
			start_jar(j);
			return;
		}
		if (strcmp(got[SC_SHA256], jar->sha256))
			job_fail(j, EXIT_CHECK,
				 "'%s': sha256 mismatch for '%s': expected "
				 "%s, got %s (%" PRIu64 " bytes)",
				 jar->name, j->url, jar->sha256, got[SC_SHA256],
				 j->bytes);
		else
			job_fail(j, EXIT_CHECK,
				 "'%s': size mismatch for '%s': expected "
				 "%" PRIu64 " bytes, got %" PRIu64,
				 jar->name, j->url, jar->size, j->bytes);
		return;
	}
	for (int i = 0; i < NR_SIDECARS; i++) {
		if (!j->sc[i].present || !j->d[i])
			continue;
		if (strcmp(j->sc[i].want, got[i])) {
			job_fail(j, EXIT_CHECK,
				 "'%s': the repository's checksum '%s%s' says "
				 "%s %s, the download has %s",
				 jar->name, j->url, sidecar_ext[i],
				 digest_name(sidecar_algo[i]), j->sc[i].want,
				 got[i]);
			return;
		}
	}
	memcpy(j->got, got[SC_SHA256], 65);
	queue_commit(j);
}

/* On the commit thread: a sane JAR, synced, into the cache and DIR. */
static void commit_jar(struct job *j)
{
	const struct manifest_jar *jar = j->jar;
	struct fetch_result *res = &j->run->results[j->idx];
	struct error e = ERROR_INIT;
	char *entry;

	if (jar_check_file(j->tmp.path, jar->group, jar->artifact, jar->version,
			   &e)) {
		job_fail(j, EXIT_CHECK, "'%s': '%s' is not a sane JAR: %s",
			 jar->name, j->url, e.message);
		return;
	}
	memcpy(res->sha256, j->got, 65);
	if (cache_tmp_commit(&j->run->cache, &j->tmp, j->got, &e)) {
		job_finish(j, &e, NULL, 0, false);
		return;
	}
	entry = cache_entry_path(&j->run->cache, j->got);
	if (place(j, entry, true, &e)) {
		free(entry);
		job_finish(j, &e, NULL, 0, false);
		return;
	}
	free(entry);
	job_finish(j, NULL, j->got, j->bytes, false);
}

static void jar_done(void *ctx, const struct http_outcome *out)
{
	struct job *j = ctx;

	if (!out->ok) {
		struct error e = out->error;
		char prefix[512];

		/* a 404 names what was asked for, not only where: the
		 * coordinates (or version) to check before re-pinning */
		if (out->not_found && j->jar->maven)
			snprintf(prefix, sizeof(prefix),
				 "'%s': %s is not in the repository: ",
				 j->jar->name, j->jar->maven);
		else if (out->not_found)
			snprintf(prefix, sizeof(prefix),
				 "'%s': version %s is not at its url: ",
				 j->jar->name, j->jar->version);
		else
			snprintf(prefix, sizeof(prefix),
				 "'%s': ", j->jar->name);
		size_t pl = strlen(prefix), ml = strlen(e.message);

		if (strncmp(e.message, prefix, pl)) {
			if (ml > sizeof(e.message) - 1 - pl)
				ml = sizeof(e.message) - 1 - pl;
			memmove(e.message + pl, e.message, ml);
			memcpy(e.message, prefix, pl);
			e.message[pl + ml] = '\0';
		}
		if (out->not_found)
			e.code = EXIT_IO;
		job_finish(j, &e, NULL, 0, false);
		return;
	}
	verify_and_place(j);
}

/* Feeds what a resumable part already holds to the digests. */
static int hash_existing(struct job *j, struct error *e)
{
	unsigned char *buf = xmalloc(1u << 20);
	uint64_t left = j->tmp.size;
	off_t off = 0;

	while (left) {
		size_t want = left < (1u << 20) ? (size_t)left : (1u << 20);
		ssize_t n = pread(j->tmp.fd, buf, want, off);

		if (n <= 0) {
			if (n < 0 && errno == EINTR)
				continue;
			free(buf);
			return err_set_errno(e, EXIT_IO, "cannot read '%s'",
					     j->tmp.path);
		}
		for (int i = 0; i < NR_SIDECARS; i++)
			if (j->d[i])
				digest_update(j->d[i], buf, (size_t)n);
		off += n;
		left -= (uint64_t)n;
	}
	free(buf);
	j->bytes = j->tmp.size;
	return 0;
}

static void start_jar(struct job *j)
{
	const struct manifest_jar *jar = j->jar;
	struct http_request req;
	struct error e = ERROR_INIT;

	if (cache_tmp_open(&j->run->cache, j->pinned ? jar->sha256 : NULL,
			   &j->tmp, &e)) {
		job_finish(j, &e, NULL, 0, false);
		return;
	}
	j->d[SC_SHA256] = digest_new(DIGEST_SHA256);
	for (int i = 0; i < NR_SIDECARS; i++)
		if (i != SC_SHA256 && j->sc[i].present)
			j->d[i] = digest_new(sidecar_algo[i]);
	j->bytes = 0;
	if (j->tmp.size && jar->has_size && j->tmp.size > jar->size) {
		if (ftruncate(j->tmp.fd, 0) || lseek(j->tmp.fd, 0, SEEK_SET))
			j->tmp.size = 0;
		j->tmp.size = 0;
	}
	if (j->tmp.size) {
		if (hash_existing(j, &e)) {
			job_finish(j, &e, NULL, 0, false);
			return;
		}
		j->resumed_part = true;
		if (jar->has_size && j->tmp.size == jar->size) {
			/* killed after the last byte: nothing to download */
			event_begin(j, j->bytes, jar->size);
			verify_and_place(j);
			return;
		}
	}
	memset(&req, 0, sizeof(req));
	req.url = j->url;
	req.start = j->bytes;
	req.max_bytes = jar->has_size ? jar->size : 0;
	req.sink = &jar_sink;
	req.ctx = j;
	event_begin(j, j->bytes, 0);
	if (http_add(j->w->http, &req, &e))
		job_finish(j, &e, NULL, 0, false);
}

static int sc_begin(void *ctx, uint64_t offset, uint64_t total, struct error *e)
{
	struct sidecar *sc = ctx;

	(void)offset;
	(void)total;
	(void)e;
	strbuf_reset(&sc->body);
	return 0;
}

static int sc_write(void *ctx, const void *data, size_t len, struct error *e)
{
	struct sidecar *sc = ctx;

	(void)e;
	strbuf_add(&sc->body, data, len);
	return 0;
}

/* "HEX" or "HEX  file.jar", any case: the first word, when it fits. */
static void parse_sidecar(struct sidecar *sc)
{
	enum digest_algo algo = sidecar_algo[sc->which];
	size_t want = digest_hex_len(algo), n = 0;
	const char *p = sc->body.buf ? sc->body.buf : "";

	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	while (p[n] && n < want + 1 && p[n] != ' ' && p[n] != '\t' &&
	       p[n] != '\r' && p[n] != '\n') {
		char c = p[n];

		if (c >= 'A' && c <= 'F')
			c = (char)(c - 'A' + 'a');
		sc->want[n++] = c;
	}
	sc->want[n < DIGEST_HEX_MAX ? n : 0] = '\0';
	sc->present = n == want && digest_hex_valid(algo, sc->want);
}

static void sc_done(void *ctx, const struct http_outcome *out)
{
	struct sidecar *sc = ctx;
	struct job *j = sc->job;

	/* missing (404), unreachable or garbled: no sidecar */
	if (out->ok)
		parse_sidecar(sc);
	strbuf_release(&sc->body);
	if (--j->sidecars_pending)
		return;
	start_jar(j);
}

static const struct http_sink sc_sink = {sc_begin, sc_write, sc_done};

static void start_job(struct worker *w, struct job *j)
{
	const struct manifest_jar *jar = j->jar;
	struct error e = ERROR_INIT;
	int rc;

	j->w = w;
	j->t0 = clock_seconds();
	if (j->pinned) {
		rc = try_cache(j, &e);
		if (rc < 0) {
			job_finish(j, &e, NULL, 0, false);
			return;
		}
		if (rc > 0) {
			job_finish(j, NULL, jar->sha256,
				   j->run->results[j->idx].size, true);
			return;
		}
	}
	if (j->run->o->offline) {
		job_fail(j, EXIT_IO,
			 "'%s' (%s, sha256 %s) is not in the cache and "
			 "--offline forbids the download",
			 jar->name, jar->file,
			 j->pinned ? jar->sha256 : "unpinned");
		return;
	}
	/* A pin proves the bytes; the repository's checksum files only where
	 * there is none (lock, first pinning), or when asked. */
	if (!jar->maven || (j->pinned && !j->run->o->check_sidecars)) {
		start_jar(j);
		return;
	}
	j->sidecars_pending = NR_SIDECARS;
	for (int i = 0; i < NR_SIDECARS; i++) {
		struct http_request req;
		char *url = xasprintf("%s%s", j->url, sidecar_ext[i]);

		j->sc[i].job = j;
		j->sc[i].which = i;
		memset(&req, 0, sizeof(req));
		req.url = url;
		req.max_bytes = SIDECAR_MAX_BYTES;
		/* the JAR waits for its sidecars, and a missing one is
		 * fine: a failing one must not hold it through every
		 * retry and backoff */
		req.once = true;
		req.sink = &sc_sink;
		req.ctx = &j->sc[i];
		if (http_add(w->http, &req, &e)) {
			/* cannot happen: the JAR's URL passed */
			j->sidecars_pending--;
		}
		free(url);
	}
	if (!j->sidecars_pending)
		start_jar(j);
}

static void worker_tick(void *ctx, struct http *h)
{
	struct worker *w = ctx;

	(void)h;
	for (;;) {
		struct job *j = take_job(w);

		if (!j)
			break;
		start_job(w, j);
	}
}

/* The commit thread: until every worker is done and nothing is left. */
static void commit_main(struct run *r)
{
	pthread_mutex_lock(&r->lock);
	for (;;) {
		struct job *j = r->commits;

		if (!j) {
			if (!r->workers_running)
				break;
			pthread_cond_wait(&r->commit_cond, &r->lock);
			continue;
		}
		r->commits = j->commit_next;
		if (!r->commits)
			r->commits_tail = &r->commits;
		pthread_mutex_unlock(&r->lock);
		commit_jar(j);
		pthread_mutex_lock(&r->lock);
	}
	pthread_mutex_unlock(&r->lock);
}

/*
 * Thread i of the pool: worker i's HTTP transfers until its jobs are
 * done; the last one is the commit thread.
 */
static void worker_main(void *ctx, size_t i)
{
	struct run *r = ctx;

	if (i == r->nr_workers) {
		commit_main(r);
		return;
	}
	http_run(r->workers[i].http, worker_tick, &r->workers[i]);
	pthread_mutex_lock(&r->lock);
	r->workers_running--;
	pthread_cond_signal(&r->commit_cond);
	pthread_mutex_unlock(&r->lock);
}

static bool name_in_manifest(const struct manifest *m, const char *name)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!strcmp(m->jars[i].file, name))
			return true;
	return false;
}

static bool has_suffix(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && !strcmp(s + a - b, suffix);
}

/*
 * DIR holds exactly the manifest's JARs: remove other *.jar (an earlier
 * version) and our temporary files left by a killed run. Everything else
 * is left alone.
 */
static int clean_dest(const struct manifest *m, const char *dir, bool jars_too,
		      const struct fetch_options *opts, struct error *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;

	if (!d)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", dir);
	while ((de = readdir(d))) {
		const char *n = de->d_name;
		bool ours_tmp =
		    n[0] == '.' && has_suffix(n, CACHE_PLACE_TMP_SUFFIX);
		/* what a class-path wildcard takes: hidden and ".JAR"
		 * names too */
		bool foreign_jar = jars_too && !ours_tmp && jar_file_name(n) &&
				   !name_in_manifest(m, n);
		struct stat st;
		char *path;

		if (!ours_tmp && !foreign_jar)
			continue;
		path = xasprintf("%s/%s", dir, n);
		if (!lstat(path, &st) &&
		    (S_ISREG(st.st_mode) || S_ISLNK(st.st_mode))) {
			if (unlink(path) && errno != ENOENT) {
				err_set_errno(e, EXIT_IO, "cannot remove '%s'",
					      path);
				free(path);
				closedir(d);
				return -1;
			}
			if (foreign_jar && opts && opts->on_removed)
				opts->on_removed(path, opts->on_removed_arg);
		}
		free(path);
	}
	closedir(d);
	return 0;
}

/* Refuses unpinned JARs (unless accepted) before any download. */
static int check_pins(const struct manifest *m, bool accept_unpinned,
		      struct error *e)
{
	size_t nr = 0;
	const struct manifest_jar *first = NULL;

	if (accept_unpinned)
		return 0;
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!m->jars[i].sha256[0]) {
			if (!first)
				first = &m->jars[i];
			nr++;
		}
	if (!nr)
		return 0;
	if (nr == 1)
		return err_set_at(e, m->path, first->line, first->column,
				  "JAR '%s' has no sha256: run 'jarbake lock' "
				  "to pin it",
				  first->name);
	return err_set_at(e, m->path, first->line, first->column,
			  "JAR '%s' and %zu more have no sha256: run "
			  "'jarbake lock' to pin them",
			  first->name, nr - 1);
}

static void run_release(struct run *r)
{
	if (r->jobs)
		for (size_t i = 0; i < r->m->nr_jars; i++) {
			job_free_download(&r->jobs[i]);
			free(r->jobs[i].url);
			if (r->jobs[i].tmp.fd >= 0 || r->jobs[i].tmp.path)
				cache_tmp_discard(&r->jobs[i].tmp);
		}
	if (r->workers)
		for (unsigned i = 0; i < r->nr_workers; i++) {
			http_free(r->workers[i].http);
			free(r->workers[i].queue);
		}
	free(r->workers);
	free(r->jobs);
	free(r->dest);
	cache_release(&r->cache);
	pthread_mutex_destroy(&r->lock);
	pthread_cond_destroy(&r->commit_cond);
}

/* The URL of a JAR: the mirror's for Maven JARs when there is one. */
static char *jar_url(const struct manifest_jar *jar, const char *mirror)
{
	char *url, *base;
	size_t len;

	if (!jar->maven || !mirror)
		return xstrdup(jar->url);
	base = xstrdup(mirror);
	len = strlen(base);
	while (len && base[len - 1] == '/')
		base[--len] = '\0';
	url = maven_url(base, jar->group, jar->artifact, jar->version);
	free(base);
	return url;
}

static void make_jobs(struct run *r)
{
	const struct manifest *m = r->m;

	r->jobs = xcalloc(m->nr_jars ? m->nr_jars : 1, sizeof(*r->jobs));
	for (size_t i = 0; i < m->nr_jars; i++) {
		struct job *j = &r->jobs[i];

		j->run = r;
		j->idx = i;
		j->jar = &m->jars[i];
		j->pinned = m->jars[i].sha256[0] != '\0';
		j->tmp = (struct cache_tmp)CACHE_TMP_INIT;
		j->url = jar_url(&m->jars[i], r->o->mirror);
	}
}

/*
 * Creates DIR and takes the lock on it: one run per DIR at a time. The
 * lock is on the directory itself, so no extra file lands in the image.
 * Returns its descriptor, or -1 with e.
 */
static int lock_dest(const char *dir, struct error *e)
{
	int fd;

	if (fs_mkdir_p(dir, e)) {
		e->code = EXIT_IO;
		return -1;
	}
	fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", dir);
	/* a file system without locks (some NFS): go on unlocked */
	while (flock(fd, LOCK_EX) && errno == EINTR)
		;
	return fd;
}

/* Workers (one HTTP multi handle each): one per CPU, within -j and JARs. */
static int make_workers(struct run *r, struct error *e)
{
	const struct fetch_options *o = r->o;
	unsigned jobs = o->jobs > 0 ? (unsigned)o->jobs : FETCH_DEFAULT_JOBS;
	unsigned n = pool_cpus(MAX_WORKERS);
	struct http_options ho;

	if (n > jobs)
		n = jobs;
	if (n > r->m->nr_jars)
		n = (unsigned)r->m->nr_jars;
	if (!n)
		n = 1;
	r->per_worker = (jobs + n - 1) / n;
	memset(&ho, 0, sizeof(ho));
	ho.cacert = o->cacert;
	ho.allow_http = o->allow_http;
	ho.max_parallel = r->per_worker * NR_SIDECARS;
	ho.retries = o->retries == 0 ? -1 : o->retries < 0 ? 0 : o->retries;
	ho.retry_delay_ms = o->retry_delay_ms;
	ho.connect_timeout_s = o->connect_timeout_s;
	ho.stall_timeout_s = o->stall_timeout_s;
	ho.deadline_s = o->deadline_s;
	if (http_global_init(e))
		return -1;
	r->workers = xcalloc(n, sizeof(*r->workers));
	for (unsigned i = 0; i < n; i++) {
		r->workers[i].run = r;
		r->workers[i].http = http_new(&ho, e);
		if (!r->workers[i].http)
			return -1;
		r->nr_workers = i + 1;
	}
	return 0;
}

static void tick(void *ctx)
{
	const struct fetch_events *ev = ctx;

	if (ev->tick)
		ev->tick(ev->ctx);
}

/* Downloads on the worker pool, telling the events; the caller's thread
 * ticks them while the workers run. */
static void download_all(struct run *r)
{
	const struct fetch_events *ev = r->ev;
	const char **files = xcalloc(r->m->nr_jars + 1, sizeof(*files));

	for (size_t i = 0; i < r->m->nr_jars; i++)
		files[i] = r->m->jars[i].file;
	if (ev && ev->start)
		ev->start(ev->ctx, files, r->m->nr_jars);
	for (size_t i = 0; ev && ev->expect && i < r->m->nr_jars; i++)
		if (r->m->jars[i].has_size)
			ev->expect(ev->ctx, i, r->m->jars[i].size);
	deal_jobs(r);
	r->commits = NULL;
	r->commits_tail = &r->commits;
	r->workers_running = r->nr_workers;
	pool_run(r->nr_workers + 1, worker_main, r, ev ? tick : NULL,
		 (void *)ev);
	if (ev && ev->finish)
		ev->finish(ev->ctx);
	free(files);
}

/* The error fetch_run reports: the first mismatch, else the first one. */
static const struct error *worst_error(const struct fetch_result *results,
				       size_t nr)
{
	const struct error *worst = NULL;

	for (size_t i = 0; i < nr; i++) {
		const struct error *je = &results[i].error;

		if (results[i].ok || !je->set)
			continue;
		if (!worst ||
		    (je->code == EXIT_CHECK && worst->code != EXIT_CHECK))
			worst = je;
	}
	return worst;
}

/*
 * After a failure: a JAR that failed must not be left from an earlier run
 * under its name; DIR holds only what matched this run.
 */
static void remove_failed(const struct run *r)
{
	const struct manifest *m = r->m;

	for (size_t i = 0; i < m->nr_jars; i++) {
		char *path;

		if (r->results[i].ok || !r->results[i].error.set)
			continue;
		path = xasprintf("%s/%s", r->dest, m->jars[i].file);
		unlink(path);
		free(path);
	}
	(void)clean_dest(m, r->dest, true, r->o, &(struct error)ERROR_INIT);
}

int fetch_run(const struct manifest *m, const struct fetch_options *opts,
	      struct fetch_result *results, struct error *e)
{
	struct run r;
	int dest_fd = -1, rc = -1;
	const struct error *worst;

	memset(&r, 0, sizeof(r));
	pthread_mutex_init(&r.lock, NULL);
	pthread_cond_init(&r.commit_cond, NULL);
	r.m = m;
	r.o = opts;
	r.ev = opts->events;
	r.results = results;
	memset(results, 0, m->nr_jars * sizeof(*results));
	if (check_pins(m, opts->accept_unpinned, e))
		goto out;
	if (opts->mirror &&
	    url_check(opts->mirror, "mirror",
		      opts->allow_http ? URL_HTTP_ANY : URL_HTTP_LOOPBACK_HINT,
		      e))
		goto out;
	if (cache_open(&r.cache, opts->cache_dir, e))
		goto out;
	if (opts->has_source_date)
		r.cache.jar_mtime = opts->source_date;
	make_jobs(&r);
	if (opts->dest_dir) {
		r.dest = xstrdup(opts->dest_dir);
		dest_fd = lock_dest(r.dest, e);
		if (dest_fd < 0 || clean_dest(m, r.dest, false, NULL, e))
			goto out;
	}
	if (make_workers(&r, e))
		goto out;
	download_all(&r);
	worst = worst_error(results, m->nr_jars);
	if (worst) {
		*e = *worst;
		goto out;
	}
	/* the names placed in DIR, on disk at once (their bytes are); as
	 * before, where directories cannot be synced it goes on */
	if (dest_fd >= 0)
		(void)fsync(dest_fd);
	if (r.dest && clean_dest(m, r.dest, true, opts, e))
		goto out;
	rc = 0;
out:
	if (rc && r.dest && dest_fd >= 0 && r.jobs)
		remove_failed(&r);
	if (dest_fd >= 0)
		close(dest_fd);
	run_release(&r);
	return rc;
}
