#include <jansson.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "manifest/jsonloc.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/*
 * JSON: Livy batches and sessions, EMR configurations and steps,
 * Databricks cluster and job specs (conf objects, argument lists), and
 * Jupyter notebooks, whose code cells are scanned as Python (or Scala)
 * with every position mapped back to the cell's line in the file.
 * jansson parses; jsonloc says where keys and values are in the raw text
 * (built on the first lookup: most files need none) and where the
 * characters of a string are.
 */

#define PTR_MAX 2048
#define JSON_MAX_DEPTH 128

/* A place in the text: byte offset, 1-based line and column. */
struct jpos {
	size_t offset;
	unsigned line, column;
};

struct jwalk {
	const struct lint_ctx *ctx;
	const char *text;
	size_t len;
	struct jsonloc loc; /* built by locate() when first needed */
	bool indexed;
	size_t hint;		 /* where the next lookup starts in loc.items */
	struct lint_lines lines; /* of text, built on the first position */
	char ptr[PTR_MAX];
	size_t plen;
	unsigned depth;
};

static bool value_set(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return json_string_length(v) > 0;
	case JSON_ARRAY:
		return json_array_size(v) > 0;
	case JSON_OBJECT:
		return json_object_size(v) > 0;
	case JSON_NULL:
	case JSON_FALSE:
		return false;
	default:
		return true;
	}
}

/*
 * A key's value as a setting: a declaration table's entry
 * ({"name": "spark.jars", "value": ""}, Zeppelin's interpreter.json) is
 * set only when its "value" is.
 */
static bool setting_set(json_t *v)
{
	json_t *inner = json_object_get(v, "value");

	if (inner && json_is_object(v))
		return value_set(inner);
	return value_set(v);
}

/* Line and column (bytes, as every scanner counts) of off, through an
 * index of the text's lines: any order of lookups costs O(log n) each. */
static void position(struct jwalk *w, size_t off, struct jpos *p)
{
	if (off > w->len)
		off = w->len;
	if (!w->lines.nr)
		lint_lines_build(&w->lines, w->text, w->len);
	p->offset = off;
	lint_lines_position(&w->lines, off, &p->line, &p->column);
}

/* Where the key (or the value, when key is false) at ptr is. */
static bool locate(struct jwalk *w, const char *ptr, bool key, struct jpos *p)
{
	const struct jsonloc_entry *e = NULL;
	size_t n;

	if (!w->indexed) {
		jsonloc_scan(&w->loc, w->text, w->len);
		w->indexed = true;
	}
	/* entries are in document order: start after the last one found */
	n = w->loc.nr;
	for (size_t k = 0; k < n && !e; k++) {
		size_t i = (w->hint + k) % n;

		if (!strcmp(w->loc.items[i].pointer, ptr)) {
			e = &w->loc.items[i];
			w->hint = i + 1;
		}
	}
	if (!e || (key && e->key_offset == e->value_offset))
		return false;
	position(w, key ? e->key_offset : e->value_offset, p);
	return true;
}

/* ---- a context over one decoded JSON string ---- */

/* Every JSTR_STEP decoded bytes of a string, where they are: a lookup
 * seeks from the nearest, not from the quote. */
#define JSTR_STEP 256

struct jstr_map {
	struct jwalk *w;
	size_t quote;
	const char *decoded;
	size_t dlen;
	/* built on the first position mapped (jstr_release frees them) */
	struct lint_lines lines; /* of decoded */
	struct jsonloc_cursor *marks;
	size_t nr_marks;
};

/* The raw offset of decoded index off of m's string. */
static size_t jstr_offset(struct jstr_map *m, size_t off)
{
	struct jsonloc_cursor c;
	size_t k;

	if (!m->marks) {
		size_t alloc = 0;

		c.raw = m->quote + 1;
		c.decoded = 0;
		for (size_t at = 0;; at += JSTR_STEP) {
			jsonloc_string_seek(m->w->text, m->w->len, &c, at);
			XGROW(m->marks, m->nr_marks + 1, alloc);
			m->marks[m->nr_marks++] = c;
			if (c.raw >= m->w->len || m->w->text[c.raw] == '"')
				break;
		}
	}
	k = off / JSTR_STEP < m->nr_marks ? off / JSTR_STEP : m->nr_marks - 1;
	c = m->marks[k];
	jsonloc_string_seek(m->w->text, m->w->len, &c, off);
	return c.raw < m->w->len ? c.raw : m->w->len;
}

static void jstr_map(const struct lint_ctx *ctx, unsigned *line, unsigned *col)
{
	/* the emitter's, not const: its index is built here */
	struct jstr_map *m = (struct jstr_map *)ctx->map_data;
	struct jpos p;

	if (!m->lines.nr)
		lint_lines_build(&m->lines, m->decoded, m->dlen);
	position(m->w,
		 jstr_offset(m, lint_lines_offset(&m->lines, *line, *col)), &p);
	*line = p.line;
	*col = p.column;
}

static void jstr_release(struct jstr_map *m)
{
	lint_lines_release(&m->lines);
	free(m->marks);
	m->marks = NULL;
	m->nr_marks = 0;
}

static struct lint_ctx string_ctx(struct jwalk *w, struct jstr_map *m,
				  size_t quote, const char *s, size_t len)
{
	memset(m, 0, sizeof(*m));
	m->w = w;
	m->quote = quote;
	m->decoded = s;
	m->dlen = len;
	return lint_ctx_mapped(w->ctx, jstr_map, m);
}

/* A string value: "NAME=value" assignments, embedded command lines. */
static void check_string(struct jwalk *w, json_t *v, const char *env_name,
			 bool options)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), nlen;
	struct jpos loc;
	struct jstr_map m;
	struct lint_ctx c;

	if (!len || w->ctx->depth >= LINT_MAX_NEST)
		return;
	nlen = lint_env_assignment(w->ctx, s, len);
	if (!env_name && !nlen && !options &&
	    !lint_mentions_launcher(w->ctx, s, len))
		return;
	if (!locate(w, w->ptr, false, &loc) || w->text[loc.offset] != '"')
		return;
	c = string_ctx(w, &m, loc.offset, s, len);
	if (env_name)
		lint_emit_kv(&c, env_name, strlen(env_name), s, len, true, 1, 1,
			     1, 1);
	else if (nlen)
		lint_emit_kv(&c, s, nlen, s + nlen + 1, len - nlen - 1, true, 1,
			     1, 1, (unsigned)nlen + 2);
	else if (options)
		lint_emit_options(&c, s, len, 1, 1, NULL);
	else if (memchr(s, ' ', len) || memchr(s, '\n', len))
		lint_emit_text(&c, LINT_FMT_SHELL, s, len, 1, 1);
	jstr_release(&m);
}

/*
 * A Zeppelin paragraph's "text": "%spark.conf" (properties), "%sh", "%pyspark"
 * or "%spark.pyspark" (Python), "%spark" (Scala) read as such; the
 * interpreter line is blanked so lines keep their numbers; "%md" and the
 * other interpreters are not read.
 */
static bool word_eq(const char *s, size_t n, const char *lit)
{
	return strlen(lit) == n && !memcmp(s, lit, n);
}

/* The format of a Zeppelin interpreter's paragraphs, or LINT_FMT_NONE. */
static enum lint_format interpreter_format(const char *s, size_t n)
{
	if (word_eq(s, n, "%spark.conf"))
		return LINT_FMT_PROPERTIES;
	if (word_eq(s, n, "%sh"))
		return LINT_FMT_SHELL;
	if (word_eq(s, n, "%pyspark") || word_eq(s, n, "%spark.pyspark") ||
	    word_eq(s, n, "%spark.ipyspark"))
		return LINT_FMT_PYTHON;
	if (word_eq(s, n, "%spark") || word_eq(s, n, "%spark.spark"))
		return LINT_FMT_JVM;
	return LINT_FMT_NONE;
}

static void check_paragraph(struct jwalk *w, json_t *v)
{
	const char *s = json_string_value(v);
	size_t len = json_string_length(v), n = 0;
	enum lint_format format;
	struct jpos loc;
	struct jstr_map m;
	struct lint_ctx c;

	while (n < len && s[n] != '\n' && s[n] != ' ' && s[n] != '(')
		n++;
	format = interpreter_format(s, n);
	if (format == LINT_FMT_NONE || !locate(w, w->ptr, false, &loc) ||
	    w->text[loc.offset] != '"')
		return;
	/* the body after the interpreter's line */
	while (n < len && s[n] != '\n')
		n++;
	if (n + 1 >= len)
		return;
	c = string_ctx(w, &m, loc.offset, s, len);
	lint_emit_text(&c, format, s + n + 1, len - n - 1, 2, 1);
	jstr_release(&m);
}

/* An array of strings holding a command line, or spark-submit options. */
static void check_argv(struct jwalk *w, json_t *a, unsigned flags)
{
	size_t n = json_array_size(a), i;
	struct lint_word *words;
	bool launcher = flags & LINT_ARGV_SPARK;
	char ptr[PTR_MAX];

	for (i = 0; i < n && !launcher; i++) {
		json_t *e = json_array_get(a, i);

		launcher = json_is_string(e) &&
			   lint_is_launcher(w->ctx, json_string_value(e),
					    json_string_length(e));
	}
	if (!launcher)
		return;
	if (n > LINT_MAX_WORDS) {
		struct jpos at;

		if (locate(w, w->ptr, false, &at))
			lint_emit_cap(w->ctx, at.line,
				      "a command line of more than 4096 words");
		n = LINT_MAX_WORDS;
	}
	words = xcalloc(n, sizeof(*words));
	for (i = 0; i < n; i++) {
		json_t *e = json_array_get(a, i);
		struct jpos loc = {0, 0, 0};
		char idx[24];
		int plen;

		words[i].s = json_is_string(e) ? json_string_value(e) : "?";
		words[i].len = json_is_string(e) ? json_string_length(e) : 1;
		memcpy(ptr, w->ptr, w->plen + 1);
		snprintf(idx, sizeof(idx), "%zu", i);
		plen = jsonloc_pointer_push(ptr, w->plen, sizeof(ptr), idx,
					    strlen(idx));
		if (plen >= 0 && locate(w, ptr, false, &loc)) {
			words[i].line = loc.line;
			words[i].col = loc.column;
			words[i].src = w->text + loc.offset;
			words[i].src_len =
			    jsonloc_string_offset(w->text, w->len, loc.offset,
						  (size_t)-1) +
			    1 - loc.offset;
		}
	}
	lint_emit_argv(w->ctx, words, n, flags);
	free(words);
}

static void walk(struct jwalk *w, json_t *v, const char *parent_key);

/* The member at loc as the setting a form names (name), quoting key. */
static void emit_named(struct jwalk *w, const char *name, size_t nlen,
		       const char *key, size_t klen, const struct jpos *loc)
{
	struct lint_setting st = {0};

	st.key = name;
	st.key_len = nlen;
	st.shown = key;
	st.shown_len = klen;
	st.set = true;
	st.line = loc->line;
	st.col = loc->column;
	lint_emit_setting(w->ctx, &st);
}

/* KEY under PARENT, named "PARENT.KEY" for the rule tables' forms
 * (Databricks libraries: "maven.coordinates", "libraries.jar"). */
static void check_qualified(struct jwalk *w, const char *parent,
			    const char *key, size_t klen, json_t *v)
{
	char q[64];
	int n = snprintf(q, sizeof(q), "%s.%s", parent, key);
	struct jpos loc;

	if (n > 0 && (size_t)n < sizeof(q) &&
	    !json_is_object(v) && /* {"spark": {"jars": {...}}}: a level */
	    lint_wants_key(w->ctx, q, (size_t)n) && setting_set(v) &&
	    locate(w, w->ptr, true, &loc))
		emit_named(w, q, (size_t)n, key, klen, &loc);
}

/* {"spark": {"jars": {"packages": "a:b:1"}}} (Dagster's run config): the
 * key made of the path from its "spark" level. */
static void check_nested(struct jwalk *w, const char *key, size_t klen,
			 json_t *v)
{
	const char *at = strstr(w->ptr, "/spark/"), *next;
	char q[64];
	size_t n;
	struct jpos loc;

	if (!at || json_is_object(v) || !value_set(v))
		return;
	/* the last "/spark/" level: spark.jars... under it */
	while ((next = strstr(at + 1, "/spark/")))
		at = next;
	n = strlen(at + 1);
	if (n >= sizeof(q) || !memchr(at + 7, '/', n - 6))
		return; /* "spark.x" alone is check_qualified's */
	memcpy(q, at + 1, n);
	for (size_t i = 0; i < n; i++)
		if (q[i] == '/')
			q[i] = '.';
	if (lint_wants_key(w->ctx, q, n) && locate(w, w->ptr, true, &loc))
		emit_named(w, q, n, key, klen, &loc);
}

/* An EMR step of type Spark: its "Args" are spark-submit's options. */
static bool is_spark_step(json_t *obj)
{
	const char *type = json_string_value(json_object_get(obj, "Type"));

	if (!type)
		type = json_string_value(json_object_get(obj, "type"));
	return type && !strcasecmp(type, "spark");
}

static void walk_member(struct jwalk *w, json_t *obj, const char *key,
			json_t *v, const char *parent_key)
{
	size_t klen = strlen(key), saved = w->plen;
	struct jpos loc;
	int plen =
	    jsonloc_pointer_push(w->ptr, w->plen, sizeof(w->ptr), key, klen);

	if (plen < 0)
		return;
	w->plen = (size_t)plen;
	if (lint_wants_key(w->ctx, key, klen) && setting_set(v) &&
	    locate(w, w->ptr, true, &loc))
		lint_emit_kv(w->ctx, key, klen, json_string_value(v),
			     json_is_string(v) ? json_string_length(v) : 0,
			     true, loc.line, loc.column, 0, 0);
	if (parent_key)
		check_qualified(w, parent_key, key, klen, v);
	check_nested(w, key, klen, v);
	/* [{"key": "spark.jars", "value": "/x.jar"}]: a property list (a
	 * chart's, Synapse's, Data Pipeline's); "name"/"Key"/"Name" alike */
	if (json_is_string(v) && klen <= 4 &&
	    (!strcasecmp(key, "key") || !strcasecmp(key, "name")) &&
	    /* Zeppelin's "spark.jars": {"name": "spark.jars", ...}: once */
	    !(parent_key && !strcmp(parent_key, json_string_value(v))) &&
	    lint_wants_key(w->ctx, json_string_value(v),
			   json_string_length(v))) {
		json_t *val = json_object_get(obj, "value");

		if (!val)
			val = json_object_get(obj, "Value");
		if (val && value_set(val) && locate(w, w->ptr, false, &loc))
			lint_emit_kv(
			    w->ctx, json_string_value(v), json_string_length(v),
			    json_string_value(val),
			    json_is_string(val) ? json_string_length(val) : 0,
			    true, loc.line, loc.column, 0, 0);
	}
	/* Livy batches and sessions: "jars" next to "file" or "kind" */
	if (!strcmp(key, "jars") && value_set(v) &&
	    (json_is_array(v) || json_is_string(v)) && /* not a schema */
	    (json_object_get(obj, "file") || json_object_get(obj, "kind") ||
	     json_object_get(obj, "className") ||
	     /* a sparkmagic %%configure session body */
	     json_object_get(obj, "driverMemory") ||
	     json_object_get(obj, "executorMemory") ||
	     json_object_get(obj, "numExecutors") ||
	     json_object_get(obj, "conf") || json_object_get(obj, "pyFiles") ||
	     (w->depth == 1 && (w->ctx->flags & LINT_DOC_LIVY))) &&
	    locate(w, w->ptr, true, &loc))
		emit_named(w, "livy:jars", 9, key, klen, &loc);
	if (json_is_string(v) && klen == 4 && !strcmp(key, "text") &&
	    json_string_value(v)[0] == '%')
		check_paragraph(w, v);
	else if (json_is_string(v) && lint_wants_env(w->ctx, key, klen))
		check_string(w, v, key, false);
	else if (json_is_string(v) &&
		 lint_holds_options(key, klen, json_string_value(v),
				    json_string_length(v)))
		/* "sparkArgs": "--jars ...": options, used or not */
		check_string(w, v, NULL, true);
	else if (json_is_array(v) &&
		 ((parent_key && !strcmp(parent_key, "spark_submit_task") &&
		   !strcmp(key, "parameters")) ||
		  (!strcasecmp(key, "args") && is_spark_step(obj)) ||
		  (json_is_string(json_array_get(v, 0)) &&
		   !strncmp(json_string_value(json_array_get(v, 0)), "--", 2) &&
		   lint_names_spark_options(key, klen))))
		check_argv(w, v, LINT_ARGV_SPARK);
	else
		walk(w, v, key);
	w->plen = saved;
	w->ptr[saved] = '\0';
}

static void walk(struct jwalk *w, json_t *v, const char *parent_key)
{
	if (w->depth >= JSON_MAX_DEPTH) {
		struct jpos p = {0, 0, 0};

		/* what lies deeper is not read: said */
		locate(w, w->ptr, false, &p);
		lint_emit_cap(w->ctx, p.line,
			      "JSON nested deeper than 128 levels");
		return;
	}
	w->depth++;
	if (json_is_object(v)) {
		const char *key;
		json_t *m;

		json_object_foreach(v, key, m)
		    walk_member(w, v, key, m, parent_key);
	} else if (json_is_array(v)) {
		size_t saved = w->plen, i;
		json_t *e;

		check_argv(w, v, 0);
		json_array_foreach(v, i, e)
		{
			char idx[24];
			int plen;

			snprintf(idx, sizeof(idx), "%zu", i);
			plen = jsonloc_pointer_push(
			    w->ptr, w->plen, sizeof(w->ptr), idx, strlen(idx));
			if (plen < 0)
				break;
			w->plen = (size_t)plen;
			walk(w, e, parent_key);
			w->plen = saved;
			w->ptr[saved] = '\0';
		}
	} else if (json_is_string(v)) {
		check_string(w, v, NULL, false);
	}
	w->depth--;
}

/* ---- notebooks ---- */

struct nb_map {
	struct jwalk *w;
	size_t cell;
	bool array; /* source is an array of lines, else one string */
	const char *buf;
	size_t blen;
	const size_t *starts; /* offset in buf of each source element */
	size_t n;
	/* built on the first position mapped: buf's lines, and the
	 * element last looked up as a string map (its marks) */
	struct lint_lines lines;
	size_t elem;
	struct jstr_map str;
};

static void nb_map(const struct lint_ctx *ctx, unsigned *line, unsigned *col)
{
	/* the emitter's, not const: its index is built here */
	struct nb_map *m = (struct nb_map *)ctx->map_data;
	size_t off, e;
	struct jpos v;
	char ptr[96];

	if (!m->lines.nr)
		lint_lines_build(&m->lines, m->buf, m->blen);
	off = lint_lines_offset(&m->lines, *line, *col);
	e = lint_last_at_or_before(m->starts, m->n, off);
	if (!m->str.w || m->elem != e) {
		if (m->array)
			snprintf(ptr, sizeof(ptr), "/cells/%zu/source/%zu",
				 m->cell, e);
		else
			snprintf(ptr, sizeof(ptr), "/cells/%zu/source",
				 m->cell);
		if (!locate(m->w, ptr, false, &v))
			return;
		jstr_release(&m->str);
		m->str.w = m->w;
		m->str.quote = v.offset;
		m->elem = e;
	}
	position(m->w, jstr_offset(&m->str, off - m->starts[e]), &v);
	*line = v.line;
	*col = v.column;
}

static bool notebook_is_jvm(json_t *root)
{
	json_t *md = json_object_get(root, "metadata");
	const char *lang = json_string_value(
	    json_object_get(json_object_get(md, "language_info"), "name"));

	if (!lang)
		lang = json_string_value(json_object_get(
		    json_object_get(md, "kernelspec"), "language"));
	return lang && (!strcmp(lang, "scala") || !strcmp(lang, "java"));
}

static void scan_notebook(struct jwalk *w, json_t *root, json_t *cells)
{
	struct strbuf buf = STRBUF_INIT;
	size_t *starts = NULL, alloc = 0, i;
	bool jvm = notebook_is_jvm(root);
	json_t *cell;

	json_array_foreach(cells, i, cell)
	{
		json_t *src = json_object_get(cell, "source"), *e;
		const char *type =
		    json_string_value(json_object_get(cell, "cell_type"));
		struct nb_map m = {
		    .w = w, .cell = i, .array = json_is_array(src)};
		struct lint_ctx c;
		size_t j;

		if (!type || strcmp(type, "code"))
			continue;
		strbuf_reset(&buf);
		if (json_is_string(src)) {
			XGROW(starts, 1, alloc);
			starts[m.n++] = 0;
			strbuf_add(&buf, json_string_value(src),
				   json_string_length(src));
		}
		json_array_foreach(src, j, e)
		{
			XGROW(starts, m.n + 1, alloc);
			starts[m.n++] = buf.len;
			if (json_is_string(e))
				strbuf_add(&buf, json_string_value(e),
					   json_string_length(e));
		}
		if (!buf.len || !lint_worth_scanning(w->ctx, buf.buf, buf.len))
			continue;
		m.buf = buf.buf;
		m.blen = buf.len;
		m.starts = starts;
		c = lint_ctx_mapped(w->ctx, nb_map, &m);
		lint_emit_text(&c, jvm ? LINT_FMT_JVM : LINT_FMT_PYTHON,
			       buf.buf, buf.len, 1, 1);
		lint_lines_release(&m.lines);
		jstr_release(&m.str);
	}
	free(starts);
	strbuf_release(&buf);
}

/* ---- text jansson rejects (comments, trailing commas): line by line ---- */

/* The string starting at the quote q, up to its closing quote on the
 * line; NULL when it does not close there. */
static const char *string_end(const char *q, const char *le)
{
	for (const char *p = q + 1; p < le; p++) {
		if (*p == '\\')
			p++;
		else if (*p == '"')
			return p;
	}
	return NULL;
}

static void scan_lines(const struct lint_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;

	for (; p < end; line++) {
		const char *le = lint_line_end(p, end), *q = p;

		while (q < le) {
			const char *ke, *v, *ve;

			q = memchr(q, '"', (size_t)(le - q));
			if (!q)
				break;
			ke = string_end(q, le);
			if (!ke)
				break;
			for (v = ke + 1; v < le && (*v == ' ' || *v == '\t');)
				v++;
			if (v >= le || *v != ':') {
				/* a string value: a command line? */
				if (lint_mentions_launcher(
					ctx, q + 1, (size_t)(ke - q - 1)))
					lint_emit_text(
					    ctx, LINT_FMT_SHELL, q + 1,
					    (size_t)(ke - q - 1), line,
					    (unsigned)(q - p) + 2);
				q = ke + 1;
				continue;
			}
			for (v++; v < le && (*v == ' ' || *v == '\t');)
				v++;
			ve = v < le && *v == '"' ? string_end(v, le) : NULL;
			if (ve)
				lint_emit_kv(ctx, q + 1, (size_t)(ke - q - 1),
					     v + 1, (size_t)(ve - v - 1),
					     ve > v + 1, line,
					     (unsigned)(q - p) + 1, line,
					     (unsigned)(v - p) + 2);
			else
				lint_emit_kv(
				    ctx, q + 1, (size_t)(ke - q - 1), NULL, 0,
				    v < le &&
					(le - v < 4 || memcmp(v, "null", 4)) &&
					*v != ',' && *v != '}',
				    line, (unsigned)(q - p) + 1, 0, 0);
			q = v;
		}
		p = le < end ? le + 1 : end;
	}
}

/*
 * A copy of text for jansson in which every object and array that holds
 * no word any rule needs, nor has one in its key, is emptied: its bytes
 * but newlines become spaces, so that every offset and line stays where
 * jsonloc found it. jansson then skips a notebook's outputs and a job's
 * data rows instead of decoding them. NULL when nothing is worth emptying.
 * "/metadata" is kept: it says a notebook's language.
 */
#define IDLE_MIN_BYTES 256

static char *without_idle_containers(const struct jwalk *w)
{
	const struct jsonloc *loc = &w->loc;
	char *copy = NULL;
	size_t word = lint_next_word(w->ctx, w->text, w->len, 0);
	size_t skip_until = 0;

	for (size_t i = 0; i < loc->nr; i++) {
		const struct jsonloc_entry *e = &loc->items[i];
		size_t from = e->key_offset, to = e->value_end;
		char open = w->text[e->value_offset], close;

		if (e->value_offset < skip_until ||
		    (open != '{' && open != '[') ||
		    to - e->value_offset < IDLE_MIN_BYTES ||
		    !strcmp(e->pointer, "/metadata"))
			continue;
		close = open == '{' ? '}' : ']';
		if (w->text[to - 1] != close)
			continue;
		while (word < from)
			word =
			    lint_next_word(w->ctx, w->text, w->len, word + 1);
		if (word < to)
			continue;
		if (!copy) {
			copy = xmalloc(w->len);
			memcpy(copy, w->text, w->len);
		}
		for (size_t k = e->value_offset + 1; k + 1 < to; k++)
			if (copy[k] != '\n')
				copy[k] = ' ';
		skip_until = to;
	}
	return copy;
}

void scan_json(const struct lint_ctx *ctx, const char *text, size_t len)
{
	struct jwalk *w = xcalloc(1, sizeof(*w));
	json_error_t err;
	json_t *root, *cells;
	char *lean = NULL;

	w->ctx = ctx;
	w->text = text;
	w->len = len;
	if (len >= 4 * IDLE_MIN_BYTES) {
		jsonloc_scan(&w->loc, text, len);
		w->indexed = true;
		lean = without_idle_containers(w);
	}
	root = json_loadb(lean ? lean : text, len,
			  JSON_DECODE_ANY | JSON_ALLOW_NUL, &err);
	if (!root) {
		/* JSON with comments, a template...: read line by line */
		lint_emit_fallback(ctx, err.line > 0 ? (unsigned)err.line : 1,
				   err.text);
		scan_lines(ctx, text, len);
		goto out;
	}
	cells = json_object_get(root, "cells");
	if (json_is_array(cells) && json_object_get(root, "nbformat"))
		scan_notebook(w, root, cells);
	else
		walk(w, root, NULL);
	json_decref(root);
out:
	if (w->indexed)
		jsonloc_release(&w->loc);
	lint_lines_release(&w->lines);
	free(lean);
	free(w);
}
