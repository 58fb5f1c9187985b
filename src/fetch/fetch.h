#ifndef JARBAKE_FETCH_H
#define JARBAKE_FETCH_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"
#include "manifest/manifest.h"

/*
 * The download path shared by fetch and lock: concurrent downloads through
 * the content-addressed cache, hashed while they arrive, placed atomically.
 * Owned by the fetch area; lock calls it.
 */
struct fetch_options {
	const char *dest_dir;  /* where JARs go; NULL: into the cache only */
	const char *cache_dir; /* NULL: $JARBAKE_CACHE, XDG, ~/.cache/jarbake */
	const char *mirror;    /* replaces the repository of Maven JARs */
	const char *cacert;    /* extra CA bundle, NULL for the default */
	int jobs;	       /* concurrent transfers; 0: default */
	bool offline;	       /* use only the cache */
	bool allow_http;       /* allow plain http to non-loopback hosts */
	bool accept_unpinned;  /* lock: download unpinned JARs, learn hashes */
	/* Every placed JAR's mtime when set (SOURCE_DATE_EPOCH), else
	 * 1980-01-01. */
	bool has_source_date;
	time_t source_date;
	/* What fetch tells while it works (NULL: nothing). */
	const struct fetch_events *events;
	/* Check a pinned Maven JAR against the repository's checksum files
	 * (.sha256, .sha512, .sha1) too; an unpinned one always is. The pin
	 * already proves the bytes: the files cost three requests and a
	 * second hash of every byte. */
	bool check_sidecars;
	/* Tuning; 0 everywhere means the defaults of http.h. */
	int retries;		    /* retries after the first try; -1: none */
	unsigned retry_delay_ms;    /* backoff base */
	unsigned connect_timeout_s; /* connect timeout */
	unsigned stall_timeout_s;   /* abort below 1 KiB/s for this long */
	unsigned deadline_s;	    /* every download ends by then */
	/* Told of every JAR not in the manifest (an earlier version) removed
	 * from dest_dir (may be NULL). */
	void (*on_removed)(const char *path, void *arg);
	void *on_removed_arg;
};

/*
 * Progress, for a printer to show (out/progress.h draws it). Every hook may
 * be NULL. start, tick and finish come from fetch_run's thread; begin, add
 * and done from download threads, for JAR i of the manifest.
 */
struct fetch_events {
	void (*start)(void *ctx, const char *const *files, size_t nr);
	/* A body starts for JAR i (again): have bytes held, total 0 if
	 * unknown. */
	void (*begin)(void *ctx, size_t i, uint64_t have, uint64_t total);
	void (*add)(void *ctx, size_t i, uint64_t bytes);
	/* JAR i is finished; source "network" or "cache", NULL on failure. */
	void (*done)(void *ctx, size_t i, uint64_t size, double seconds,
		     const char *source);
	void (*tick)(void *ctx); /* about every 100 ms while downloading */
	void (*finish)(void *ctx);
	void *ctx;
	/* After start: JAR i's pinned size, known before its body starts. */
	void (*expect)(void *ctx, size_t i, uint64_t size);
};

/* Default number of concurrent downloads. */
#define FETCH_DEFAULT_JOBS 8

struct fetch_result {
	char sha256[65];
	uint64_t size;
	bool from_cache;
	double seconds;
	bool ok;	    /* this JAR is in place (and in the cache) */
	struct error error; /* when !ok and fetch_run failed: why */
};

/*
 * Fetches every JAR of m. results has m->nr_jars slots, filled for each
 * JAR that succeeded. Returns 0, or -1 with e->code EXIT_CHECK (mismatch),
 * EXIT_USAGE (unpinned JAR without learn, bad option) or EXIT_IO.
 * With several failures e is the first mismatch, else the first failure;
 * each failed JAR's own error is in its result. Zero-initialised
 * options are the defaults.
 */
int fetch_run(const struct manifest *m, const struct fetch_options *opts,
	      struct fetch_result *results, struct error *e);

#endif
