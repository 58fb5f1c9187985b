#ifndef JARBAKE_PROGRESS_H
#define JARBAKE_PROGRESS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "core/error.h"
#include "fetch/fetch.h"
#include "manifest/manifest.h"

/*
 * What fetch shows while it works. Every call is thread-safe (download
 * threads report, the main thread draws). LIVE redraws per-JAR and total
 * bytes, rate and ETA in place (a terminal); LINES prints one line per
 * JAR when it is done (CI logs); NONE prints nothing.
 */
enum progress_mode { PROGRESS_NONE, PROGRESS_LIVE, PROGRESS_LINES };

struct progress;

/* nr slots; names are borrowed and must outlive the progress. */
struct progress *progress_new(enum progress_mode mode, FILE *out,
			      const char *const *names, size_t nr);
void progress_free(struct progress *p);

/*
 * Slot i's size is known in advance (the manifest pins it): the total is
 * shown from the start, not only once every transfer has begun.
 */
void progress_expect(struct progress *p, size_t i, uint64_t size);
/* A body starts for slot i (again): have bytes held, total 0 if unknown. */
void progress_begin(struct progress *p, size_t i, uint64_t have,
		    uint64_t total);
void progress_add(struct progress *p, size_t i, uint64_t bytes);
/* Slot i is finished; source is "network" or "cache", NULL on failure. */
void progress_done(struct progress *p, size_t i, uint64_t size, double seconds,
		   const char *source);
/* Redraws the live display (at most ~10 times a second is plenty). */
void progress_draw(struct progress *p);
/* Final redraw; the display is left clean for the messages after it. */
void progress_finish(struct progress *p);

/*
 * fetch's events (fetch.h) drawn by a progress in mode on out: set
 * fetch_options.events to &view->events. The progress is made when fetch
 * starts, for the JARs it names.
 */
struct progress_view {
	enum progress_mode mode;
	FILE *out;
	struct progress *p;
	struct fetch_events events;
};
void progress_view_init(struct progress_view *v, enum progress_mode mode,
			FILE *out);
void progress_view_release(struct progress_view *v);

/* "12.3 MiB": human size into buf. */
const char *progress_format_size(uint64_t bytes, char *buf, size_t len);

/*
 * One JSON document for --json: per JAR name, file, sha256, size, source,
 * seconds, ok and error; ok and exit_code overall.
 */
void progress_print_json(FILE *out, const struct manifest *m,
			 const struct fetch_result *results, int exit_code);

#endif
