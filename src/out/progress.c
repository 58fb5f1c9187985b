#include "out/progress.h"

#include <inttypes.h>
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "core/clock.h"
#include "core/xalloc.h"
#include "out/json.h"

/* Transient lines shown for transfers in flight. */
#define LIVE_MAX_ACTIVE 8

enum slot_state { SLOT_WAITING, SLOT_ACTIVE, SLOT_DONE, SLOT_PRINTED };

struct slot {
	const char *name;
	enum slot_state state;
	uint64_t have, total, size;
	uint64_t expected; /* the pinned size, 0 if unknown */
	double start, seconds;
	const char *source;
};

struct progress {
	enum progress_mode mode;
	FILE *out;
	pthread_mutex_t lock;
	struct slot *slots;
	size_t nr, nr_done;
	unsigned lines_drawn;
	double start;
	size_t name_width;
};

const char *progress_format_size(uint64_t bytes, char *buf, size_t len)
{
	static const char *const units[] = {"KiB", "MiB", "GiB", "TiB"};
	double v = (double)bytes;
	int u = -1;

	if (bytes < 1024) {
		snprintf(buf, len, "%" PRIu64 " B", bytes);
		return buf;
	}
	while (v >= 1024 && u < 3) {
		v /= 1024;
		u++;
	}
	snprintf(buf, len, "%.1f %s", v, units[u]);
	return buf;
}

static void format_eta(double seconds, char *buf, size_t len)
{
	long s;

	if (seconds < 0 || seconds > 360000) {
		snprintf(buf, len, "--:--");
		return;
	}
	s = (long)(seconds + 0.5);
	if (s >= 3600)
		snprintf(buf, len, "%ld:%02ld:%02ld", s / 3600, s / 60 % 60,
			 s % 60);
	else
		snprintf(buf, len, "%ld:%02ld", s / 60, s % 60);
}

struct progress *progress_new(enum progress_mode mode, FILE *out,
			      const char *const *names, size_t nr)
{
	struct progress *p = xcalloc(1, sizeof(*p));

	p->mode = mode;
	p->out = out;
	pthread_mutex_init(&p->lock, NULL);
	p->slots = xcalloc(nr ? nr : 1, sizeof(*p->slots));
	p->nr = nr;
	p->start = clock_seconds();
	for (size_t i = 0; i < nr; i++) {
		size_t w = strlen(names[i]);

		p->slots[i].name = names[i];
		if (w > p->name_width)
			p->name_width = w;
	}
	if (p->name_width > 50)
		p->name_width = 50;
	return p;
}

void progress_free(struct progress *p)
{
	if (!p)
		return;
	pthread_mutex_destroy(&p->lock);
	free(p->slots);
	free(p);
}

void progress_expect(struct progress *p, size_t i, uint64_t size)
{
	if (!p || i >= p->nr)
		return;
	pthread_mutex_lock(&p->lock);
	p->slots[i].expected = size;
	pthread_mutex_unlock(&p->lock);
}

void progress_begin(struct progress *p, size_t i, uint64_t have, uint64_t total)
{
	if (!p || i >= p->nr)
		return;
	pthread_mutex_lock(&p->lock);
	if (p->slots[i].state == SLOT_WAITING)
		p->slots[i].start = clock_seconds();
	p->slots[i].state = SLOT_ACTIVE;
	p->slots[i].have = have;
	p->slots[i].total = total ? total : p->slots[i].expected;
	pthread_mutex_unlock(&p->lock);
}

void progress_add(struct progress *p, size_t i, uint64_t bytes)
{
	if (!p || i >= p->nr || p->mode != PROGRESS_LIVE)
		return;
	pthread_mutex_lock(&p->lock);
	p->slots[i].have += bytes;
	pthread_mutex_unlock(&p->lock);
}

/* Called with the lock held. */
static void print_done_line(struct progress *p, struct slot *s)
{
	char size[32];

	fprintf(p->out, "%-*s %10s %7.2fs  %s%s\n", (int)p->name_width, s->name,
		progress_format_size(s->size, size, sizeof(size)), s->seconds,
		s->source, p->mode == PROGRESS_LIVE ? "\033[K" : "");
	s->state = SLOT_PRINTED;
}

void progress_done(struct progress *p, size_t i, uint64_t size, double seconds,
		   const char *source)
{
	struct slot *s;

	if (!p || i >= p->nr)
		return;
	pthread_mutex_lock(&p->lock);
	s = &p->slots[i];
	s->size = size;
	s->have = size;
	s->total = size;
	s->seconds = seconds;
	s->source = source;
	s->state = SLOT_DONE;
	p->nr_done++;
	if (!source)
		s->state = SLOT_PRINTED; /* the error is printed later */
	else if (p->mode == PROGRESS_LINES) {
		print_done_line(p, s);
		fflush(p->out);
	}
	pthread_mutex_unlock(&p->lock);
}

static void draw_locked(struct progress *p, bool final)
{
	double now = clock_seconds(), elapsed = now - p->start;
	uint64_t have = 0, total = 0;
	unsigned lines = 0, shown = 0;
	bool totals_known = true;
	char a[32], b[32], r[32], eta[32];

	if (p->lines_drawn)
		fprintf(p->out, "\r\033[%uA", p->lines_drawn);
	for (size_t i = 0; i < p->nr; i++)
		if (p->slots[i].state == SLOT_DONE)
			print_done_line(p, &p->slots[i]);
	for (size_t i = 0; i < p->nr; i++) {
		struct slot *s = &p->slots[i];

		uint64_t slot_total = s->total ? s->total : s->expected;

		have += s->have;
		/* a pinned size is known before its transfer starts */
		if (!slot_total)
			totals_known = false;
		total += slot_total ? slot_total : s->have;
		if (final || s->state != SLOT_ACTIVE ||
		    shown >= LIVE_MAX_ACTIVE)
			continue;
		{
			double dt = now - s->start;
			double rate = dt > 0.2 ? (double)s->have / dt : 0;

			progress_format_size(s->have, a, sizeof(a));
			if (s->total)
				progress_format_size(s->total, b, sizeof(b));
			else
				snprintf(b, sizeof(b), "?");
			progress_format_size((uint64_t)rate, r, sizeof(r));
			format_eta(rate > 0 && s->total > s->have
				       ? (double)(s->total - s->have) / rate
				       : -1,
				   eta, sizeof(eta));
			fprintf(p->out,
				"  %-*.*s %10s / %-10s %10s/s  ETA %s\033[K\n",
				(int)p->name_width, (int)p->name_width, s->name,
				a, b, r, eta);
		}
		shown++;
		lines++;
	}
	if (!final) {
		double rate = elapsed > 0.2 ? (double)have / elapsed : 0;

		progress_format_size(have, a, sizeof(a));
		progress_format_size(total, b, sizeof(b));
		progress_format_size((uint64_t)rate, r, sizeof(r));
		format_eta(totals_known && rate > 0 && total > have
			       ? (double)(total - have) / rate
			       : -1,
			   eta, sizeof(eta));
		fprintf(p->out,
			"  [%zu/%zu JARs] %10s / %-10s %10s/s  ETA %s\033[K\n",
			p->nr_done, p->nr, a, totals_known ? b : "?", r, eta);
		lines++;
	}
	fputs("\033[J", p->out);
	p->lines_drawn = lines;
	fflush(p->out);
}

void progress_draw(struct progress *p)
{
	if (!p || p->mode != PROGRESS_LIVE)
		return;
	pthread_mutex_lock(&p->lock);
	draw_locked(p, false);
	pthread_mutex_unlock(&p->lock);
}

void progress_finish(struct progress *p)
{
	if (!p || p->mode != PROGRESS_LIVE)
		return;
	pthread_mutex_lock(&p->lock);
	draw_locked(p, true);
	pthread_mutex_unlock(&p->lock);
}

static void view_start(void *ctx, const char *const *files, size_t nr)
{
	struct progress_view *v = ctx;

	progress_free(v->p);
	v->p = progress_new(v->mode, v->out, files, nr);
}

static void view_begin(void *ctx, size_t i, uint64_t have, uint64_t total)
{
	progress_begin(((struct progress_view *)ctx)->p, i, have, total);
}

static void view_add(void *ctx, size_t i, uint64_t bytes)
{
	progress_add(((struct progress_view *)ctx)->p, i, bytes);
}

static void view_done(void *ctx, size_t i, uint64_t size, double seconds,
		      const char *source)
{
	progress_done(((struct progress_view *)ctx)->p, i, size, seconds,
		      source);
}

static void view_expect(void *ctx, size_t i, uint64_t size)
{
	progress_expect(((struct progress_view *)ctx)->p, i, size);
}

static void view_tick(void *ctx)
{
	progress_draw(((struct progress_view *)ctx)->p);
}

static void view_finish(void *ctx)
{
	progress_finish(((struct progress_view *)ctx)->p);
}

void progress_view_init(struct progress_view *v, enum progress_mode mode,
			FILE *out)
{
	v->mode = mode;
	v->out = out;
	v->p = NULL;
	v->events = (struct fetch_events){
	    view_start, view_begin,  view_add, view_done,
	    view_tick,	view_finish, v,	       view_expect,
	};
}

void progress_view_release(struct progress_view *v)
{
	progress_free(v->p);
	v->p = NULL;
}

void progress_print_json(FILE *out, const struct manifest *m,
			 const struct fetch_result *results, int exit_code)
{
	struct json_writer *w = jw_new();

	jw_object(w, NULL);
	jw_bool(w, "ok", !exit_code);
	jw_int(w, "exit_code", exit_code);
	jw_string(w, "manifest", m->path ? m->path : "");
	jw_array(w, "jars");
	for (size_t i = 0; i < m->nr_jars; i++) {
		const struct manifest_jar *j = &m->jars[i];
		const struct fetch_result *r = &results[i];

		jw_object(w, NULL);
		jw_string(w, "name", j->name ? j->name : "");
		jw_string(w, "file", j->file ? j->file : "");
		jw_bool(w, "ok", r->ok);
		if (r->ok) {
			jw_string(w, "sha256", r->sha256);
			jw_uint(w, "size", r->size);
			jw_string(w, "source",
				  r->from_cache ? "cache" : "network");
			jw_millis(w, "seconds", r->seconds);
		} else if (r->error.set) {
			jw_string(w, "error", r->error.message);
		}
		jw_end(w);
	}
	jw_print(w, out);
}
