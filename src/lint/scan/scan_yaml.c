#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "core/xalloc.h"

/*
 * YAML, loaded document by document with libyaml: Helm values (sparkConf
 * maps, nested keys), ConfigMaps embedding a spark-defaults.conf or a
 * script, SparkApplication deps, Kubernetes command/args and env lists,
 * docker-compose command/entrypoint/environment, CI "run:" scripts.
 * Block scalars are scanned in place, so positions are exact. A file that
 * libyaml rejects (a Helm template) is scanned line by line from there.
 */

#define YAML_MAX_DEPTH 64
#define CAP_DEPTH "YAML nested deeper than 64 levels"
/* libyaml's own work grows as anchors x (anchors + aliases): more than
 * this is not loaded */
#define ANCHOR_WORK_MAX (1u << 24)
#define CAP_ANCHORS "YAML anchors x (anchors + aliases) over 16777216"
#define PATH_MAX_LEN 512
#define HANDLED_MAX 16

struct ywalk {
	const struct lint_ctx *ctx;
	const char *text;
	size_t len;
	yaml_document_t *doc;
	bool
	    spark_app; /* kind: SparkApplication or ScheduledSparkApplication */
	bool has_kind; /* the document says its kind */
	bool launchers; /* the text mentions a launcher somewhere */
	const char *path[YAML_MAX_DEPTH];      /* mapping keys from the root */
	yaml_node_t *maps[YAML_MAX_DEPTH + 1]; /* the mapping at each depth */
	size_t path_len[YAML_MAX_DEPTH];
	size_t depth;
	yaml_node_t *handled[HANDLED_MAX]; /* sequences checked as argv */
	unsigned char *seen; /* per node of doc: walked already (aliases) */
	size_t *lines;	     /* byte offset of each line's start */
	size_t *line_chars;  /* characters before each line's start */
	size_t nr_lines;
	size_t *char_at; /* byte offset of character k * CHAR_BLOCK */
	size_t nr_char_at;
	size_t nr_handled;
};

/* Characters per entry of the table that finds a character's offset. */
#define CHAR_BLOCK 256

static bool is_char_start(unsigned char c)
{
	return (c & 0xc0) != 0x80;
}

/* Where each line starts, with libyaml's line breaks: CR LF, CR, LF, and
 * U+0085, U+2028, U+2029; and where every CHAR_BLOCK-th character is. */
static void index_lines(struct ywalk *w)
{
	const unsigned char *t = (const unsigned char *)w->text;
	size_t alloc = 0, alloc_lc = 0, alloc_chars = 0, i = 0, chars = 0;

	XGROW(w->lines, 1, alloc);
	XGROW(w->line_chars, 1, alloc_lc);
	w->lines[0] = w->line_chars[0] = 0;
	w->nr_lines = 1;
	while (i < w->len) {
		size_t brk = 0;

		if (t[i] == '\r')
			brk = i + 1 < w->len && t[i + 1] == '\n' ? 2 : 1;
		else if (t[i] == '\n')
			brk = 1;
		else if (t[i] == 0xc2 && i + 1 < w->len && t[i + 1] == 0x85)
			brk = 2;
		else if (t[i] == 0xe2 && i + 2 < w->len && t[i + 1] == 0x80 &&
			 (t[i + 2] == 0xa8 || t[i + 2] == 0xa9))
			brk = 3;
		for (size_t k = i; k < i + (brk ? brk : 1); k++) {
			if (!is_char_start(t[k]))
				continue;
			if (!(chars % CHAR_BLOCK)) {
				XGROW(w->char_at, w->nr_char_at + 1,
				      alloc_chars);
				w->char_at[w->nr_char_at++] = k;
			}
			chars++;
		}
		if (!brk) {
			i++;
			continue;
		}
		i += brk;
		XGROW(w->lines, w->nr_lines + 1, alloc);
		XGROW(w->line_chars, w->nr_lines + 1, alloc_lc);
		w->line_chars[w->nr_lines] = chars;
		w->lines[w->nr_lines++] = i;
	}
}

/*
 * The byte offset of a libyaml mark (its line and its column, which counts
 * characters), found through the table of characters: no walk along a
 * long line for each mark.
 */
static size_t mark_offset(const struct ywalk *w, const yaml_mark_t *m)
{
	size_t off, next, c, k;

	if (m->line >= w->nr_lines)
		return w->len;
	next = m->line + 1 < w->nr_lines ? w->lines[m->line + 1] : w->len;
	c = w->line_chars[m->line] + m->column;
	k = c / CHAR_BLOCK;
	if (k >= w->nr_char_at)
		return next;
	off = w->char_at[k];
	for (c -= k * CHAR_BLOCK; c && off < next; c--) {
		off++;
		while (off < next &&
		       !is_char_start((unsigned char)w->text[off]))
			off++;
	}
	return off < next ? off : next;
}

/* The 1-based column of a mark in bytes (libyaml counts characters). */
static unsigned mark_col(const struct ywalk *w, const yaml_mark_t *m)
{
	size_t off = mark_offset(w, m);

	return m->line < w->nr_lines ? (unsigned)(off - w->lines[m->line]) + 1
				     : 1;
}

static const char *scalar(const yaml_node_t *n, size_t *len)
{
	if (!n || n->type != YAML_SCALAR_NODE)
		return NULL;
	*len = n->data.scalar.length;
	return (const char *)n->data.scalar.value;
}

static bool scalar_is(const yaml_node_t *n, const char *lit)
{
	size_t len;
	const char *s = scalar(n, &len);

	return s && len == strlen(lit) && !memcmp(s, lit, len);
}

static bool node_set(const yaml_node_t *n)
{
	size_t len;
	const char *s;

	switch (n->type) {
	case YAML_SCALAR_NODE:
		s = scalar(n, &len);
		if (n->data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    ((len == 4 && !memcmp(s, "null", 4)) ||
		     (len == 1 && *s == '~')))
			return false;
		return len > 0;
	case YAML_SEQUENCE_NODE:
		return n->data.sequence.items.top >
		       n->data.sequence.items.start;
	case YAML_MAPPING_NODE:
		return n->data.mapping.pairs.top > n->data.mapping.pairs.start;
	default:
		return false;
	}
}

/* ---- scalars as embedded text ---- */

static bool is_blank_line(const char *p, const char *le)
{
	while (p < le && (*p == ' ' || *p == '\t' || *p == '\r'))
		p++;
	return p == le;
}

/* The raw lines of a block scalar whose indicator is at off. */
static bool block_region(const struct ywalk *w, size_t off, size_t *start,
			 size_t *end)
{
	const char *t = w->text, *p, *e = w->text + w->len;
	size_t indent = 0;
	bool first = true;

	p = memchr(t + off, '\n', w->len - off);
	if (!p)
		return false;
	*start = (size_t)(p + 1 - t);
	for (p = p + 1; p < e;) {
		const char *le = memchr(p, '\n', (size_t)(e - p)), *q = p;

		if (!le)
			le = e;
		if (!is_blank_line(p, le)) {
			while (q < le && *q == ' ')
				q++;
			if (first) {
				indent = (size_t)(q - p);
				first = false;
			}
			if ((size_t)(q - p) < indent || !indent)
				break;
		}
		p = le < e ? le + 1 : e;
	}
	*end = (size_t)(p - t);
	return true;
}

/*
 * A flow scalar (plain or quoted) is scanned as its decoded value, whose
 * line breaks are folded and escapes decoded: a context whose map takes a
 * position in the value back to the source, so findings inside multi-line
 * or escaped scalars point at the right line and column.
 */
struct yflow_mark {
	size_t d, pos; /* a byte of the value and where it starts */
	unsigned line, col;
};

struct yflow {
	const struct ywalk *w;
	const yaml_node_t *n;
	/* built on the first position mapped (flow_release frees them):
	 * where the value's lines start, and a mark every FLOW_MARK_STEP
	 * bytes of value or source, so that each finding in a long scalar
	 * costs a lookup, not a walk from its start */
	size_t end;
	size_t *vlines;
	size_t nr_vlines;
	struct yflow_mark *marks;
	size_t nr_marks;
};

#define FLOW_MARK_STEP 256

static bool is_yaml_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/* The UTF-8 length of the code point of a \\x, \\u or \\U escape. */
static size_t escape_utf8_len(const char *hex, size_t n)
{
	unsigned long cp = 0;

	for (size_t i = 0; i < n; i++) {
		char c = hex[i];

		cp = cp << 4 |
		     (unsigned long)(c >= '0' && c <= '9'   ? c - '0'
				     : c >= 'a' && c <= 'f' ? c - 'a' + 10
				     : c >= 'A' && c <= 'F' ? c - 'A' + 10
							    : 0);
	}
	return cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
}

/* One step through the source of a flow scalar from pos (before end):
 * the next pos; *d advanced by the bytes of value that step makes. */
static size_t flow_step(const char *t, size_t pos, size_t end,
			yaml_scalar_style_t style, size_t *d)
{
	bool dq = style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	bool sq = style == YAML_SINGLE_QUOTED_SCALAR_STYLE;
	char c = t[pos];

	if (is_yaml_space(c)) {
		size_t q = pos, breaks = 0;

		while (q < end && is_yaml_space(t[q]))
			breaks += t[q++] == '\n';
		if (!breaks)
			q = pos + 1;
		/* folded: one space, or a newline per empty line */
		*d += breaks <= 1 ? 1 : breaks - 1;
		return q;
	}
	if (dq && c == '\\' && pos + 1 < end) {
		char x = t[pos + 1];
		size_t hex = x == 'x' ? 2 : x == 'u' ? 4 : x == 'U' ? 8 : 0;

		if (x == '\n' || x == '\r') {
			/* an escaped line break: nothing */
			for (pos += 2; pos < end && is_yaml_space(t[pos]);)
				pos++;
			return pos;
		}
		if (hex > end - pos - 2)
			hex = end - pos - 2;
		*d += hex ? escape_utf8_len(t + pos + 2, hex) : 1;
		return pos + 2 + hex;
	}
	(*d)++;
	return sq && c == '\'' && pos + 1 < end && t[pos + 1] == '\'' ? pos + 2
								      : pos + 1;
}

/* Moves mark k along the source from its pos to pos. */
static void flow_move(const char *t, struct yflow_mark *k, size_t pos)
{
	for (; k->pos < pos; k->pos++) {
		if (t[k->pos] == '\n') {
			k->line++;
			k->col = 1;
		} else {
			k->col++;
		}
	}
}

/* The lines and marks of m's scalar: one pass over its value and source. */
static void flow_index(struct yflow *m)
{
	const yaml_node_t *n = m->n;
	const char *t = m->w->text, *v = (const char *)n->data.scalar.value;
	yaml_scalar_style_t style = n->data.scalar.style;
	size_t quoted = style == YAML_SINGLE_QUOTED_SCALAR_STYLE ||
			style == YAML_DOUBLE_QUOTED_SCALAR_STYLE;
	size_t start = mark_offset(m->w, &n->start_mark);
	size_t end = mark_offset(m->w, &n->end_mark), alloc = 0;
	struct yflow_mark k = {0, start, (unsigned)n->start_mark.line + 1,
			       mark_col(m->w, &n->start_mark)};
	size_t next_d = 0, next_pos = 0;

	XGROW(m->vlines, 1, alloc);
	m->vlines[m->nr_vlines++] = 0;
	for (size_t i = 0; i < n->data.scalar.length; i++)
		if (v[i] == '\n') {
			XGROW(m->vlines, m->nr_vlines + 1, alloc);
			m->vlines[m->nr_vlines++] = i + 1;
		}
	if (end > m->w->len)
		end = m->w->len;
	if (start > end)
		start = end;
	if (quoted && end > start + 1)
		end--;
	m->end = end;
	flow_move(t, &k, start + quoted < end ? start + quoted : end);
	alloc = 0;
	for (;;) {
		if (k.d >= next_d || k.pos >= next_pos || k.pos >= end) {
			XGROW(m->marks, m->nr_marks + 1, alloc);
			m->marks[m->nr_marks++] = k;
			next_d = k.d + FLOW_MARK_STEP;
			next_pos = k.pos + FLOW_MARK_STEP;
		}
		if (k.pos >= end)
			break;
		flow_move(t, &k, flow_step(t, k.pos, end, style, &k.d));
	}
}

static void yflow_map(const struct lint_ctx *ctx, unsigned *line, unsigned *col)
{
	/* the yflow is the emitter's, not const: its index is built here */
	struct yflow *m = (struct yflow *)ctx->map_data;
	size_t want, lo = 0, hi;
	struct yflow_mark k;

	if (!m->marks)
		flow_index(m);
	/* the byte of the value at (line, col) */
	want = m->vlines[*line && *line <= m->nr_vlines ? *line - 1
			 : *line			? m->nr_vlines - 1
							: 0] +
	       (*col ? *col - 1 : 0);
	/* the last mark before it, then step to it */
	hi = m->nr_marks;
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (m->marks[mid].d < want)
			lo = mid;
		else
			hi = mid;
	}
	k = m->marks[lo];
	while (k.pos < m->end && k.d < want)
		flow_move(m->w->text, &k,
			  flow_step(m->w->text, k.pos, m->end,
				    m->n->data.scalar.style, &k.d));
	*line = k.line;
	*col = k.col;
}

static void flow_release(struct yflow *m)
{
	free(m->vlines);
	free(m->marks);
	memset(m, 0, sizeof(*m));
}

static struct lint_ctx flow_ctx(const struct ywalk *w, struct yflow *m,
				const yaml_node_t *n)
{
	memset(m, 0, sizeof(*m));
	m->w = w;
	m->n = n;
	return lint_ctx_mapped(w->ctx, yflow_map, m);
}

/*
 * A scalar holding a document: a block scalar is emitted as its raw lines
 * (exact positions), a flow scalar as its decoded value in a context that
 * maps positions back. target is the key it belongs to (a file name in a
 * ConfigMap), format LINT_FMT_NONE to let the dispatcher decide.
 */
static void emit_scalar(const struct ywalk *w, const yaml_node_t *n,
			enum lint_format format, const char *target,
			size_t target_len, unsigned flags)
{
	const yaml_mark_t *m = &n->start_mark;
	size_t len = 0, start, end;
	const char *s = scalar(n, &len);
	yaml_scalar_style_t style = n->data.scalar.style;
	struct lint_doc d = {0};
	struct lint_ctx c;
	struct yflow map;

	d.format = format;
	d.target = target;
	d.target_len = target_len;
	if ((style == YAML_LITERAL_SCALAR_STYLE ||
	     style == YAML_FOLDED_SCALAR_STYLE) &&
	    block_region(w, mark_offset(w, m), &start, &end)) {
		d.text = w->text + start;
		d.len = end - start;
		d.line = (unsigned)m->line + 2; /* the next line, 1-based */
		d.col = 1;
		d.flags =
		    flags |
		    (style == YAML_FOLDED_SCALAR_STYLE ? LINT_DOC_FOLDED : 0);
		lint_emit_document(w->ctx, &d);
		return;
	}
	c = flow_ctx(w, &map, n);
	d.text = s;
	d.len = len;
	d.line = d.col = 1;
	d.flags = flags | LINT_DOC_FOLDED; /* flow scalars fold line breaks */
	lint_emit_document(&c, &d);
	flow_release(&map);
}

/* The value of an environment variable NAME, in any scalar style. */
static void check_env_value(const struct ywalk *w, const char *name,
			    size_t nlen, const yaml_node_t *v)
{
	size_t vlen = 0, start, end;
	const char *s = scalar(v, &vlen);
	yaml_scalar_style_t style = v->data.scalar.style;
	struct yflow map;
	struct lint_ctx c;

	if ((style == YAML_LITERAL_SCALAR_STYLE ||
	     style == YAML_FOLDED_SCALAR_STYLE) &&
	    block_region(w, mark_offset(w, &v->start_mark), &start, &end)) {
		unsigned line = (unsigned)v->start_mark.line + 2;

		lint_emit_kv(w->ctx, name, nlen, w->text + start, end - start,
			     true, line, 1, line, 1);
		return;
	}
	c = flow_ctx(w, &map, v);
	lint_emit_kv(&c, name, nlen, s, vlen, true, 1, 1, 1, 1);
	flow_release(&map);
}

/* A key that names a file (a ConfigMap's "spark-defaults.conf: |"). */
static bool names_file(const char *key, size_t klen)
{
	return memchr(key, '.', klen) ||
	       memmem(key, klen, "spark-defaults", 14);
}

/* A scalar that holds a JSON object or array (after blanks). */
static bool json_text(const char *s, size_t len)
{
	size_t i = 0, j = len;

	while (i < len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	while (j > i &&
	       (s[j - 1] == ' ' || s[j - 1] == '\n' || s[j - 1] == '\t'))
		j--;
	return j - i >= 2 && ((s[i] == '{' && s[j - 1] == '}') ||
			      (s[i] == '[' && s[j - 1] == ']'));
}

/* "spark.jars.packages=a:b:1" as a list item (a chart's extraSparkConf
 * list joined into --conf options): a setting. A mapping's value is not
 * read so (a Secret's token may hold anything). */
static bool check_pair_scalar(const struct ywalk *w, const yaml_node_t *n,
			      const char *s, size_t len)
{
	size_t at = 0;
	struct yflow map;
	struct lint_ctx c;

	/* or an environment item holding them: SPARK_PROPERTIES=spark... */
	while (at < len && lint_is_ident_char(s[at]))
		at++;
	at = at && at < len && s[at] == '=' ? at + 1 : 0;
	if (len - at <= 11 || memcmp(s + at, "spark.", 6) ||
	    !memchr(s + at, '=', len - at) || memchr(s, '\n', len))
		return false;
	c = flow_ctx(w, &map, n);
	lint_emit_pairs(&c, s + at, len - at, 1, 1 + (unsigned)at);
	flow_release(&map);
	return true;
}

/* Text that is a Kubernetes manifest: its first line (after blank and
 * comment lines, "---") is "apiVersion:" or "kind:", and it has both. */
static bool starts_manifest(const char *s, size_t len)
{
	const char *p = s, *end = s + len;

	if (!memchr(s, '\n', len) || !memmem(s, len, "apiVersion:", 11) ||
	    !memmem(s, len, "kind:", 5))
		return false;
	while (p < end) {
		const char *le = lint_line_end(p, end), *q = p;

		while (q < le && (*q == ' ' || *q == '\t'))
			q++;
		if (q < le && *q != '#' &&
		    !(le - q >= 3 && !memcmp(q, "---", 3)))
			return (le - q >= 11 &&
				!memcmp(q, "apiVersion:", 11)) ||
			       (le - q >= 5 && !memcmp(q, "kind:", 5));
		p = le < end ? le + 1 : end;
	}
	return false;
}

/* A scalar value; key is the mapping key it belongs to, or NULL. */
static void check_scalar(const struct ywalk *w, const yaml_node_t *n,
			 const char *key, size_t klen)
{
	size_t len = 0, nlen;
	const char *s = scalar(n, &len);
	struct yflow map;
	struct lint_ctx c;

	if (!len)
		return;
	nlen = lint_env_assignment(w->ctx, s, len);
	if (nlen) {
		/* compose "environment:" list items */
		c = flow_ctx(w, &map, n);
		lint_emit_kv(&c, s, nlen, s + nlen + 1, len - nlen - 1, true, 1,
			     1, 1, (unsigned)nlen + 2);
		flow_release(&map);
		return;
	}
	if (!key && check_pair_scalar(w, n, s, len))
		return;
	if (key && names_file(key, klen))
		emit_scalar(w, n, LINT_FMT_NONE, key, klen, 0);
	else if (key && lint_holds_options(key, klen, s, len))
		emit_scalar(w, n, LINT_FMT_SHELL, NULL, 0, LINT_DOC_SPARK_ARGS);
	else if ((len > 2 && s[0] == '#' && s[1] == '!') ||
		 (w->launchers &&
		  (memchr(s, ' ', len) || memchr(s, '\n', len)) &&
		  lint_mentions_launcher(w->ctx, s, len)))
		emit_scalar(w, n, LINT_FMT_SHELL, NULL, 0, 0);
	else if (starts_manifest(s, len))
		/* a manifest kept in a string (Argo's resource template,
		 * kubectl apply of a scalar): YAML */
		emit_scalar(w, n, LINT_FMT_YAML, NULL, 0, 0);
	else if (json_text(s, len))
		/* a JSON document in a string: a job definition in CI */
		emit_scalar(w, n, LINT_FMT_JSON, NULL, 0, 0);
	else if (key && klen == 3 && !memcmp(key, "run", 3) &&
		 memchr(s, '{', len))
		/* a CI step's script that passes JSON (databricks --json) */
		emit_scalar(w, n, LINT_FMT_SHELL, NULL, 0, 0);
}

/* ---- sequences holding a command line ---- */

static bool handled(const struct ywalk *w, const yaml_node_t *n)
{
	for (size_t i = 0; i < w->nr_handled; i++)
		if (w->handled[i] == n)
			return true;
	return false;
}

static size_t add_words(const struct ywalk *w, yaml_node_t *seq,
			struct lint_word **words, size_t *nr, size_t *alloc)
{
	size_t added = 0;

	if (!seq || seq->type != YAML_SEQUENCE_NODE)
		return 0;
	if (seq->data.sequence.items.top - seq->data.sequence.items.start >
	    LINT_MAX_WORDS)
		lint_emit_cap(w->ctx, (unsigned)seq->start_mark.line + 1,
			      "a list of more than 4096 words");
	for (yaml_node_item_t *it = seq->data.sequence.items.start;
	     it < seq->data.sequence.items.top && *nr < LINT_MAX_WORDS; it++) {
		yaml_node_t *e = yaml_document_get_node(w->doc, *it);
		struct lint_word *lw;
		size_t len;
		const char *s = scalar(e, &len);
		bool simple;

		XGROW(*words, *nr + 1, *alloc);
		lw = &(*words)[(*nr)++];
		memset(lw, 0, sizeof(*lw));
		lw->s = s ? s : "?";
		lw->len = s ? len : 1;
		if (e) {
			lw->line = (unsigned)e->start_mark.line + 1;
			lw->col = mark_col(w, &e->start_mark);
			size_t so = mark_offset(w, &e->start_mark);

			simple = mark_offset(w, &e->end_mark) - so == len + 2;
			if (s &&
			    e->data.scalar.style != YAML_PLAIN_SCALAR_STYLE &&
			    simple) {
				lw->src = w->text + so;
				lw->src_len = len + 2;
			}
		}
		added++;
	}
	return added;
}

static bool has_launcher(const struct lint_ctx *ctx,
			 const struct lint_word *words, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (lint_is_launcher(ctx, words[i].s, words[i].len))
			return true;
	return false;
}

/*
 * An argument list with no launcher that is spark-submit's all the same: a
 * Helm chart's "args:" handed to a spark-submit entrypoint. Told by options
 * only spark-submit has; "--conf spark.*" alone is enough.
 */
/* A value that names JARs (x.jar, x.jar,y.jar) or Maven coordinates
 * (group:artifact:version). */
static bool names_jars(const char *s, size_t len)
{
	size_t colons = 0;

	if (len > 4 && memmem(s, len, ".jar", 4))
		return true;
	for (size_t i = 0; i < len; i++) {
		if (s[i] == ' ' || s[i] == '/')
			return false;
		colons += s[i] == ':';
	}
	return colons >= 2;
}

/* The value of option opt in words[i]: after '=' or a blank in the word,
 * else the next word; NULL when words[i] is not opt. */
static const char *option_value(const struct lint_word *words, size_t n,
				size_t i, const char *opt, size_t *len)
{
	const struct lint_word *o = &words[i];
	size_t k = strlen(opt);

	if (o->len < k || memcmp(o->s, opt, k))
		return NULL;
	if (o->len == k) {
		if (i + 1 >= n)
			return NULL;
		*len = words[i + 1].len;
		return words[i + 1].s;
	}
	if (o->s[k] != '=' && o->s[k] != ' ')
		return NULL;
	*len = o->len - k - 1;
	return o->s + k + 1;
}

/*
 * An argument list with no launcher that is spark-submit's all the same: a
 * Helm chart's "args:" handed to a spark-submit entrypoint. Told by options
 * only spark-submit has ("--conf spark.*" is enough), or by --jars and
 * --packages naming JARs or Maven coordinates; an option and its value may
 * be one item ("--packages g:a:v").
 */
static bool looks_like_spark_args(const struct lint_word *words, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		const char *v;
		size_t vlen = 0;

		if (option_value(words, n, i, "--master", &vlen) ||
		    option_value(words, n, i, "--deploy-mode", &vlen))
			return true;
		v = option_value(words, n, i, "--conf", &vlen);
		if (!v)
			v = option_value(words, n, i, "-c", &vlen);
		if (v && vlen > 6 && !memcmp(v, "spark.", 6))
			return true;
		v = option_value(words, n, i, "--jars", &vlen);
		if (!v)
			v = option_value(words, n, i, "--packages", &vlen);
		if (v && names_jars(v, vlen))
			return true;
	}
	return false;
}

/* Checks words as a command line, or as spark-submit's own arguments. */
/* A program that forwards to spark-submit (gcloud dataproc, aws emr): its
 * words are a command line to judge. (A shell's script is a scalar that
 * is read as one when it mentions a launcher.) */
static bool runs_commands(const struct lint_word *w)
{
	static const char *const progs[] = {"gcloud", "aws", "databricks"};
	size_t len = w->len;
	const char *b = lint_basename(w->s, &len);

	for (size_t i = 0; i < sizeof(progs) / sizeof(progs[0]); i++)
		if (len == strlen(progs[i]) && !memcmp(b, progs[i], len))
			return true;
	return false;
}

static bool check_argument_words(struct ywalk *w, const struct lint_word *words,
				 size_t nr, bool app_args)
{
	if (!nr)
		return false;
	if (has_launcher(w->ctx, words, nr) || runs_commands(&words[0]))
		lint_emit_argv(w->ctx, words, nr, LINT_ARGV_COMMAND);
	else if (!app_args && looks_like_spark_args(words, nr))
		lint_emit_argv(w->ctx, words, nr, LINT_ARGV_SPARK);
	else
		return false;
	return true;
}

/* Cloud Build's gcloud builder image (its entrypoint is gcloud). */
static bool ends_with_gcloud(const yaml_node_t *n)
{
	size_t len = 0;
	const char *s = scalar(n, &len);

	return s && len > 7 && !memcmp(s + len - 7, "/gcloud", 7);
}

/* entrypoint + command (compose), command + args (Kubernetes). */
static void check_command(struct ywalk *w, yaml_node_t *map)
{
	yaml_node_t *parts[3] = {NULL, NULL, NULL};
	static const char *const names[3] = {"entrypoint", "command", "args"};
	yaml_node_t *image = NULL, *prog;
	struct lint_word *words = NULL;
	size_t nr = 0, alloc = 0;

	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(w->doc, p->key);

		for (size_t i = 0; i < 3; i++)
			if (scalar_is(k, names[i]))
				parts[i] =
				    yaml_document_get_node(w->doc, p->value);
		if (scalar_is(k, "name"))
			image = yaml_document_get_node(w->doc, p->value);
	}
	/* Cloud Build: "entrypoint: gcloud", or the gcloud builder's image */
	if (parts[2] && parts[2]->type == YAML_SEQUENCE_NODE &&
	    (prog = parts[0] && parts[0]->type == YAML_SCALAR_NODE ? parts[0]
		    : !parts[0] && ends_with_gcloud(image)	   ? image
								   : NULL)) {
		size_t len;
		const char *s = scalar(prog, &len);

		XGROW(words, nr + 1, alloc);
		memset(&words[nr], 0, sizeof(words[nr]));
		words[nr].s = prog == image ? "gcloud" : s;
		words[nr].len = prog == image ? 6 : len;
		words[nr].line = (unsigned)prog->start_mark.line + 1;
		words[nr].col = mark_col(w, &prog->start_mark);
		if (prog == image || !memchr(s, ' ', len))
			nr++;
	}
	for (size_t i = 0; i < 3; i++)
		add_words(w, parts[i], &words, &nr, &alloc);
	if (check_argument_words(w, words, nr, false)) {
		for (size_t i = 0; i < 3; i++)
			if (parts[i] && parts[i]->type == YAML_SEQUENCE_NODE &&
			    w->nr_handled < HANDLED_MAX)
				w->handled[w->nr_handled++] = parts[i];
	}
	free(words);
}

/* Keys of an application's own arguments (a SparkApplication's, an EMR
 * Serverless job's, Airflow's SparkSubmitOperator's). */
static bool is_app_args_key(const char *key, size_t klen)
{
	static const char *const keys[] = {"arguments", "entryPointArguments",
					   "application_args", "appArgs"};

	for (size_t i = 0; key && i < sizeof(keys) / sizeof(keys[0]); i++)
		if (klen == strlen(keys[i]) && !memcmp(key, keys[i], klen))
			return true;
	return false;
}

static void check_sequence(struct ywalk *w, yaml_node_t *seq, const char *key,
			   size_t klen)
{
	struct lint_word *words = NULL;
	size_t nr = 0, alloc = 0;

	if (handled(w, seq))
		return;
	add_words(w, seq, &words, &nr, &alloc);
	check_argument_words(w, words, nr, is_app_args_key(key, klen));
	free(words);
}

/* ---- keys ---- */

/* A Helm template action, "{{ ... }}", which libyaml reads as a flow
 * mapping holding a flow mapping. */
static bool is_template_action(const struct ywalk *w, const yaml_node_t *v)
{
	size_t off;

	if (v->type != YAML_MAPPING_NODE ||
	    v->data.mapping.style != YAML_FLOW_MAPPING_STYLE)
		return false;
	off = mark_offset(w, &v->start_mark);
	return off + 1 < w->len && w->text[off] == '{' &&
	       w->text[off + 1] == '{';
}

/* The dotted key path ending in key, checked at each "spark." suffix. */
static void check_key_path(const struct ywalk *w, const char *key, size_t klen,
			   const yaml_node_t *k, const yaml_node_t *v)
{
	size_t vlen = 0;
	const char *value = scalar(v, &vlen);
	char buf[PATH_MAX_LEN];
	size_t n = 0;
	unsigned line = (unsigned)k->start_mark.line + 1;
	unsigned col = mark_col(w, &k->start_mark);

	if (lint_emit_kv(w->ctx, key, klen, value, vlen, true, line, col, 0, 0))
		return;
	/* named with its parent ("maven.coordinates", "libraries.jar") */
	for (size_t i = w->depth; i-- > 0;) {
		int q;

		if (w->path_len[i] == 1 && w->path[i][0] == '-')
			continue;
		q = snprintf(buf, sizeof(buf), "%.*s.%.*s", (int)w->path_len[i],
			     w->path[i], (int)klen, key);
		if (q > 0 && (size_t)q < sizeof(buf) &&
		    lint_wants_key(w->ctx, buf, (size_t)q) &&
		    lint_emit_kv(w->ctx, buf, (size_t)q, NULL, 0, true, line,
				 col, 0, 0))
			return;
		break;
	}
	/* nested maps: spark: {jars: {packages: ...}} */
	for (size_t i = 0; i < w->depth; i++) {
		if (n + w->path_len[i] + 1 >= sizeof(buf))
			return;
		memcpy(buf + n, w->path[i], w->path_len[i]);
		n += w->path_len[i];
		buf[n++] = '.';
	}
	if (n + klen >= sizeof(buf) || !n)
		return;
	memcpy(buf + n, key, klen);
	n += klen;
	for (size_t i = 0; i + 6 <= n; i++) {
		if ((i == 0 || buf[i - 1] == '.') &&
		    !memcmp(buf + i, "spark.", 6) && i + klen < n) {
			if (lint_emit_kv(w->ctx, buf + i, n - i, value, vlen,
					 true, line, col, 0, 0))
				return;
		}
	}
}

/* A mapping that is a SparkApplication's spec: keys only it has. */
static bool is_spark_spec(const yaml_node_t *map, yaml_document_t *doc)
{
	static const char *const keys[] = {
	    "sparkVersion",  "mainApplicationFile", "mainClass",
	    "sparkConf",     "hadoopConf",	    "sparkConfigMap",
	    "pythonVersion", "dynamicAllocation",
	};

	if (!map || map->type != YAML_MAPPING_NODE)
		return false;
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++)
		for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
			if (scalar_is(yaml_document_get_node(doc, p->key),
				      keys[i]))
				return true;
	return false;
}

/* Every item of a sequence (or a scalar) names JARs or coordinates, or for
 * repositories, URLs. */
static bool deps_shape(yaml_document_t *doc, const yaml_node_t *v, bool urls)
{
	size_t len, n = 0;
	const char *s;

	if (v->type == YAML_SCALAR_NODE) {
		s = scalar(v, &len);
		return s && (urls ? memmem(s, len, "://", 3) != NULL
				  : names_jars(s, len));
	}
	if (v->type != YAML_SEQUENCE_NODE)
		return false;
	for (yaml_node_item_t *it = v->data.sequence.items.start;
	     it < v->data.sequence.items.top; it++, n++)
		if (!deps_shape(doc, yaml_document_get_node(doc, *it), urls))
			return false;
	return n > 0;
}

/*
 * A SparkApplication's deps (jars, packages, repositories,
 * excludePackages): named settings spec.deps.*. Also cut out of its
 * document (no kind:): when the mapping around deps is a Spark spec, or
 * when the values have the shape of JARs, coordinates and repositories.
 */
static void check_deps(const struct ywalk *w, const char *key, size_t klen,
		       const yaml_node_t *k, const yaml_node_t *v)
{
	static const char *const deps[] = {"jars", "packages", "repositories",
					   "excludePackages"};
	char what[64];
	int n;
	bool known = false, spark;

	if (w->depth < 1 || w->path_len[w->depth - 1] != 4 ||
	    memcmp(w->path[w->depth - 1], "deps", 4))
		return;
	for (size_t i = 0; i < sizeof(deps) / sizeof(deps[0]); i++)
		known |= klen == strlen(deps[i]) && !memcmp(key, deps[i], klen);
	if (!known)
		return;
	/* a document of another kind means something else by deps */
	if (w->has_kind && !w->spark_app)
		return;
	spark = w->spark_app || is_spark_spec(w->maps[w->depth - 1], w->doc);
	if (!spark && (klen == 15 || !deps_shape(w->doc, v, klen == 12)))
		return;
	n = snprintf(what, sizeof(what), "spec.deps.%.*s", (int)klen, key);
	if (n <= 0 || (size_t)n >= sizeof(what))
		return;
	lint_emit_kv(w->ctx, what, (size_t)n, NULL, 0, true,
		     (unsigned)k->start_mark.line + 1,
		     mark_col(w, &k->start_mark), 0, 0);
}

static void walk(struct ywalk *w, yaml_node_t *n, const char *key, size_t klen);

/* A setting whose key is the scalar node k, its value v. */
static void emit_key_node(const struct ywalk *w, const char *key, size_t klen,
			  const yaml_node_t *k, const yaml_node_t *v)
{
	size_t vlen = 0;
	const char *value = scalar(v, &vlen);

	lint_emit_kv(w->ctx, key, klen, value, vlen, node_set(v),
		     (unsigned)k->start_mark.line + 1,
		     mark_col(w, &k->start_mark), 0, 0);
}

static void walk_mapping(struct ywalk *w, yaml_node_t *map)
{
	yaml_node_t *env_name = NULL, *env_value = NULL;

	w->maps[w->depth] = map;
	check_command(w, map);
	for (yaml_node_pair_t *p = map->data.mapping.pairs.start;
	     p < map->data.mapping.pairs.top; p++) {
		yaml_node_t *k = yaml_document_get_node(w->doc, p->key);
		yaml_node_t *v = yaml_document_get_node(w->doc, p->value);
		size_t klen;
		const char *key = scalar(k, &klen);

		if (!key || !v)
			continue;
		if (scalar_is(k, "name") || scalar_is(k, "key"))
			env_name = v;
		else if (scalar_is(k, "value"))
			env_value = v;
		/* a mapping value is a nested level, not the key's value; a
		 * Helm action ({{ .Values.x }}) reads as a flow mapping but is
		 * a value the template fills in */
		if (is_template_action(w, v) ||
		    (node_set(v) && v->type != YAML_MAPPING_NODE)) {
			check_key_path(w, key, klen, k, v);
			check_deps(w, key, klen, k, v);
		}
		if (is_template_action(w, v))
			continue;
		if (v->type == YAML_SCALAR_NODE &&
		    lint_wants_env(w->ctx, key, klen)) {
			check_env_value(w, key, klen, v);
			continue;
		}
		if (w->depth < YAML_MAX_DEPTH) {
			w->path[w->depth] = key;
			w->path_len[w->depth] = klen;
			w->depth++;
			walk(w, v, key, klen);
			w->depth--;
		} else if (v->type != YAML_SCALAR_NODE) {
			lint_emit_cap(w->ctx, (unsigned)v->start_mark.line + 1,
				      CAP_DEPTH);
		}
	}
	/* Kubernetes env lists: - name: PYSPARK_SUBMIT_ARGS, value: "..." */
	if (env_name && env_value && env_value->type == YAML_SCALAR_NODE) {
		size_t nlen = 0, hlen;
		char helm[64];
		const char *name = scalar(env_name, &nlen);

		if (name && lint_wants_env(w->ctx, name, nlen))
			check_env_value(w, name, nlen, env_value);
		else if (name && lint_wants_key(w->ctx, name, nlen))
			/* - key: spark.jars / value: /x.jar (a chart's conf
			 * list, an EMR or Synapse property list) */
			emit_key_node(w, name, nlen, env_name, env_value);
		else if (name &&
			 (hlen =
			      lint_helm_key(name, nlen, helm, sizeof(helm))) &&
			 lint_wants_key(w->ctx, helm, hlen))
			/* helmfile's set: - name: sparkConf.spark\.jars */
			emit_key_node(w, helm, hlen, env_name, env_value);
	}
}

static void walk(struct ywalk *w, yaml_node_t *n, const char *key, size_t klen)
{
	size_t id = (size_t)(n - w->doc->nodes.start);

	/* an alias shows a node again: walk it once (aliases of aliases
	 * would otherwise grow exponentially) */
	if (n->type != YAML_SCALAR_NODE) {
		if (w->seen[id])
			return;
		w->seen[id] = 1;
	}
	switch (n->type) {
	case YAML_MAPPING_NODE:
		walk_mapping(w, n);
		break;
	case YAML_SEQUENCE_NODE:
		check_sequence(w, n, key, klen);
		if (w->depth >= YAML_MAX_DEPTH) {
			lint_emit_cap(w->ctx, (unsigned)n->start_mark.line + 1,
				      CAP_DEPTH);
			break;
		}
		/* a sequence breaks dotted key paths */
		w->path[w->depth] = "-";
		w->path_len[w->depth] = 1;
		w->depth++;
		for (yaml_node_item_t *it = n->data.sequence.items.start;
		     it < n->data.sequence.items.top; it++) {
			yaml_node_t *e = yaml_document_get_node(w->doc, *it);

			if (e)
				walk(w, e, NULL, 0);
		}
		w->depth--;
		break;
	case YAML_SCALAR_NODE:
		check_scalar(w, n, key, klen);
		break;
	default:
		break;
	}
}

static bool has_kind(yaml_document_t *doc, yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE)
		return false;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++)
		if (scalar_is(yaml_document_get_node(doc, p->key), "kind"))
			return true;
	return false;
}

static bool is_spark_app(yaml_document_t *doc, yaml_node_t *root)
{
	if (root->type != YAML_MAPPING_NODE)
		return false;
	for (yaml_node_pair_t *p = root->data.mapping.pairs.start;
	     p < root->data.mapping.pairs.top; p++) {
		size_t len;
		const char *s;

		if (!scalar_is(yaml_document_get_node(doc, p->key), "kind"))
			continue;
		s = scalar(yaml_document_get_node(doc, p->value), &len);
		return s && memmem(s, len, "SparkApplication", 16);
	}
	return false;
}

/* ---- text libyaml rejects: line by line ---- */

static void scan_lines(const struct lint_ctx *ctx, const char *text, size_t len,
		       unsigned line)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *le = memchr(p, '\n', (size_t)(end - p)), *s = p, *k;

		if (!le)
			le = end;
		while (s < le && (*s == ' ' || *s == '\t' || *s == '-'))
			s++;
		k = s;
		while (s < le && *s != ':' && *s != ' ' && *s != '"' &&
		       *s != '\'')
			s++;
		if (s < le && *s == ':' && k < le && *k != '#') {
			const char *v = s + 1;

			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
			if (v < le && *v != '#' && *v != '|' && *v != '>' &&
			    !lint_emit_kv(ctx, k, (size_t)(s - k), v,
					  (size_t)(le - v), true, line,
					  (unsigned)(k - p) + 1, line,
					  (unsigned)(v - p) + 1) &&
			    lint_mentions_launcher(ctx, v, (size_t)(le - v)))
				lint_emit_text(ctx, LINT_FMT_SHELL, v,
					       (size_t)(le - v), line,
					       (unsigned)(v - p) + 1);
		} else if (k < le && *k != '#' &&
			   lint_mentions_launcher(ctx, k, (size_t)(le - k))) {
			lint_emit_text(ctx, LINT_FMT_SHELL, k, (size_t)(le - k),
				       line, (unsigned)(k - p) + 1);
		}
		line++;
		p = le < end ? le + 1 : end;
	}
}

/*
 * A Helm template is YAML once its template actions are gone: lines that
 * hold nothing but actions ({{- if ... }}, {{- toYaml ... | nindent 4 }},
 * {{- end }}) become blanks of the same length, so that libyaml parses the
 * rest with every offset unchanged. NULL when text has no such line.
 */
static char *blank_template_lines(const char *text, size_t len)
{
	char *copy = NULL;

	for (size_t start = 0; start < len;) {
		const char *nl = memchr(text + start, '\n', len - start);
		size_t end = nl ? (size_t)(nl - text) : len;
		size_t a = start, b = end;

		while (a < b && (text[a] == ' ' || text[a] == '\t'))
			a++;
		while (b > a && (text[b - 1] == ' ' || text[b - 1] == '\t' ||
				 text[b - 1] == '\r'))
			b--;
		if (b - a >= 4 && !memcmp(text + a, "{{", 2) &&
		    !memcmp(text + b - 2, "}}", 2)) {
			if (!copy) {
				copy = xmalloc(len + 1);
				memcpy(copy, text, len);
				copy[len] = '\0';
			}
			memset(copy + a, ' ', b - a);
		}
		start = end + 1;
	}
	return copy;
}

/*
 * What libyaml must not be given: its scanner costs the depth of flow
 * nesting for every token, and resolving an alias or an anchor costs the
 * anchors before it, so "[[[[..." or thousands of anchors take quadratic
 * time (80 KB of '[': 6 s; 16 MiB: hours). One pass of events, stopped
 * early, says so: the cap's text (*line where it was met), else NULL. The
 * pass is made only when the bytes alone could reach a cap, so ordinary
 * files are parsed once: brackets nested deeper than YAML_MAX_DEPTH
 * (closers in quotes can hide depth, so also more than FLOW_OPENERS_MAX
 * openers, below which the scanner's cost stays under 17M steps), or
 * '&' x ('&' + '*') over ANCHOR_WORK_MAX.
 */
#define FLOW_OPENERS_MAX 4096

static bool may_be_costly(const char *text, size_t len)
{
	size_t depth = 0, deepest = 0, openers = 0, amps = 0, stars = 0;

	for (size_t i = 0; i < len; i++)
		switch (text[i]) {
		case '[':
		case '{':
			openers++;
			if (++depth > deepest)
				deepest = depth;
			break;
		case ']':
		case '}':
			depth -= depth > 0;
			break;
		case '&':
			amps++;
			break;
		case '*':
			stars++;
			break;
		default:
			break;
		}
	return deepest > YAML_MAX_DEPTH || openers > FLOW_OPENERS_MAX ||
	       amps * (amps + stars) > ANCHOR_WORK_MAX;
}

static const char *too_costly(const char *text, size_t len, unsigned *line)
{
	yaml_parser_t parser;
	yaml_event_t ev;
	size_t flow = 0, anchors = 0, aliases = 0;
	const char *cap = NULL;

	if (!may_be_costly(text, len) || !yaml_parser_initialize(&parser))
		return NULL;
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	while (!cap && yaml_parser_parse(&parser, &ev)) {
		bool end = ev.type == YAML_STREAM_END_EVENT;
		const yaml_char_t *anchor = NULL;

		switch (ev.type) {
		case YAML_SEQUENCE_START_EVENT:
			anchor = ev.data.sequence_start.anchor;
			flow += flow || ev.data.sequence_start.style ==
					    YAML_FLOW_SEQUENCE_STYLE;
			break;
		case YAML_MAPPING_START_EVENT:
			anchor = ev.data.mapping_start.anchor;
			flow += flow || ev.data.mapping_start.style ==
					    YAML_FLOW_MAPPING_STYLE;
			break;
		case YAML_SEQUENCE_END_EVENT:
		case YAML_MAPPING_END_EVENT:
			flow -= flow > 0;
			break;
		case YAML_SCALAR_EVENT:
			anchor = ev.data.scalar.anchor;
			break;
		case YAML_ALIAS_EVENT:
			aliases++;
			break;
		default:
			break;
		}
		anchors += anchor != NULL;
		if (flow > YAML_MAX_DEPTH)
			cap = CAP_DEPTH;
		else if ((anchor || ev.type == YAML_ALIAS_EVENT) &&
			 anchors * (anchors + aliases) > ANCHOR_WORK_MAX)
			cap = CAP_ANCHORS;
		*line = (unsigned)ev.start_mark.line + 1;
		yaml_event_delete(&ev);
		if (end)
			break;
	}
	yaml_parser_delete(&parser);
	return cap;
}

void scan_yaml(const struct lint_ctx *ctx, const char *text, size_t len)
{
	yaml_parser_t parser;
	struct ywalk *w;
	size_t done = 0; /* offset where the next document starts */
	unsigned done_line = 1;
	char *untemplated = blank_template_lines(text, len);
	const char *cap;
	unsigned cap_line = 0;

	if (untemplated)
		text = untemplated;
	cap = too_costly(text, len, &cap_line);
	if (cap) {
		lint_emit_cap(ctx, cap_line, cap);
		scan_lines(ctx, text, len, 1);
		free(untemplated);
		return;
	}
	w = xcalloc(1, sizeof(*w));

	w->ctx = ctx;
	w->text = text;
	w->len = len;
	w->launchers = lint_mentions_launcher(ctx, text, len);
	index_lines(w);
	if (!yaml_parser_initialize(&parser)) {
		free(w->lines);
		free(w->line_chars);
		free(w->char_at);
		free(w);
		free(untemplated);
		return;
	}
	yaml_parser_set_input_string(&parser, (const unsigned char *)text, len);
	for (;;) {
		yaml_document_t doc;
		yaml_node_t *root;

		if (!yaml_parser_load(&parser, &doc)) {
			lint_emit_fallback(
			    ctx, (unsigned)parser.problem_mark.line + 1,
			    parser.problem ? parser.problem : "not YAML");
			scan_lines(ctx, text + done, len - done, done_line);
			break;
		}
		root = yaml_document_get_root_node(&doc);
		if (!root) {
			yaml_document_delete(&doc);
			break;
		}
		w->doc = &doc;
		w->spark_app = is_spark_app(&doc, root);
		w->has_kind = has_kind(&doc, root);
		w->depth = 0;
		w->nr_handled = 0;
		w->seen = xcalloc((size_t)(doc.nodes.top - doc.nodes.start), 1);
		walk(w, root, NULL, 0);
		free(w->seen);
		done = mark_offset(w, &doc.end_mark);
		/* from the start of the line of the end mark */
		while (done > 0 && text[done - 1] != '\n')
			done--;
		done_line = (unsigned)doc.end_mark.line + 1;
		if (done > len)
			done = len;
		yaml_document_delete(&doc);
	}
	yaml_parser_delete(&parser);
	free(w->lines);
	free(w->line_chars);
	free(w->char_at);
	free(w);
	free(untemplated);
}
