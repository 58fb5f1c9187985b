#include "out/json.h"

#include <jansson.h>
#include <stdlib.h>

#include "core/utf8.h"
#include "core/xalloc.h"

/* Nesting deeper than this is a bug in a printer, not input. */
#define JW_MAX_DEPTH 32

struct json_writer {
	json_t *root;
	json_t *stack[JW_MAX_DEPTH];
	size_t depth;
};

struct json_writer *jw_new(void)
{
	return xcalloc(1, sizeof(struct json_writer));
}

void jw_free(struct json_writer *w)
{
	if (!w)
		return;
	json_decref(w->root);
	free(w);
}

char *json_utf8_clean(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const char *p = s;

	strbuf_adds(&sb, "");
	while (*p) {
		size_t n = utf8_decode(p, NULL);

		if (n) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			p++;
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* Adds v (a new reference) to the innermost container, or as the root. */
static void add(struct json_writer *w, const char *key, json_t *v)
{
	json_t *parent = w->depth ? w->stack[w->depth - 1] : NULL;

	if (!v)
		xalloc_die_oom(sizeof(json_t));
	if (!parent) {
		if (w->root)
			abort(); /* a printer bug */
		w->root = v;
	} else if (json_is_array(parent)) {
		json_array_append_new(parent, v);
	} else {
		char *k = json_utf8_clean(key ? key : "");

		json_object_set_new(parent, k, v);
		free(k);
	}
}

static void open_container(struct json_writer *w, const char *key, json_t *c)
{
	if (w->depth == JW_MAX_DEPTH)
		abort(); /* a printer bug */
	add(w, key, c);
	w->stack[w->depth++] = c;
}

void jw_object(struct json_writer *w, const char *key)
{
	open_container(w, key, json_object());
}

void jw_array(struct json_writer *w, const char *key)
{
	open_container(w, key, json_array());
}

void jw_end(struct json_writer *w)
{
	if (w->depth)
		w->depth--;
}

void jw_string(struct json_writer *w, const char *key, const char *value)
{
	char *clean;

	if (!value) {
		jw_null(w, key);
		return;
	}
	clean = json_utf8_clean(value);
	add(w, key, json_string(clean));
	free(clean);
}

void jw_int(struct json_writer *w, const char *key, long long value)
{
	add(w, key, json_integer((json_int_t)value));
}

void jw_uint(struct json_writer *w, const char *key, uint64_t value)
{
	add(w, key,
	    value > (uint64_t)INT64_MAX ? json_real((double)value)
					: json_integer((json_int_t)value));
}

void jw_bool(struct json_writer *w, const char *key, bool value)
{
	add(w, key, json_boolean(value));
}

void jw_null(struct json_writer *w, const char *key)
{
	add(w, key, json_null());
}

void jw_millis(struct json_writer *w, const char *key, double value)
{
	add(w, key,
	    json_real(
		(double)(long long)(value * 1000 + (value < 0 ? -0.5 : 0.5)) /
		1000));
}

/* 15 significant digits: jw_millis's values print as written. */
#define JW_FLAGS (JSON_INDENT(2) | JSON_ENSURE_ASCII | JSON_REAL_PRECISION(15))

int jw_print(struct json_writer *w, FILE *out)
{
	int ret = json_dumpf(w->root, out, JW_FLAGS);

	if (!ret && fputc('\n', out) == EOF)
		ret = -1;
	jw_free(w);
	return ret;
}

void jw_render(struct json_writer *w, struct strbuf *sb)
{
	char *s = json_dumps(w->root, JW_FLAGS);

	if (!s)
		xalloc_die_oom(0);
	strbuf_adds(sb, s);
	strbuf_addch(sb, '\n');
	free(s);
	jw_free(w);
}
