#define _GNU_SOURCE /* memmem */
#include "lint/scan.h"

#include <string.h>
#include <stdlib.h>
#include <strings.h>

#include "core/xalloc.h"

/* The scanner interface's helpers: contexts, positions, text. */

struct lint_ctx lint_ctx_at(const struct lint_ctx *ctx, unsigned line,
			    unsigned col)
{
	struct lint_ctx c = {0};

	c.file = ctx->file;
	c.sink = ctx->sink;
	c.parent = ctx;
	c.depth = ctx->depth + 1;
	c.dline = line ? line - 1 : 0;
	c.dcol_first = col ? col - 1 : 0;
	return c;
}

struct lint_ctx lint_ctx_mapped(const struct lint_ctx *ctx,
				void (*map)(const struct lint_ctx *ctx,
					    unsigned *line, unsigned *col),
				const void *data)
{
	struct lint_ctx c = lint_ctx_at(ctx, 1, 1);

	/* a map is no level of nesting: the document scanned in it is */
	c.depth = ctx->depth;
	c.map = map;
	c.map_data = data;
	return c;
}

void lint_ctx_to_file(const struct lint_ctx *ctx, unsigned *line, unsigned *col)
{
	for (; ctx; ctx = ctx->parent) {
		if (ctx->map) {
			ctx->map(ctx, line, col);
			continue;
		}
		*col += *line <= 1 ? ctx->dcol_first : ctx->dcol_rest;
		*line += ctx->dline;
	}
}

bool lint_emit_kv(const struct lint_ctx *ctx, const char *key, size_t klen,
		  const char *value, size_t vlen, bool set, unsigned line,
		  unsigned col, unsigned vline, unsigned vcol)
{
	struct lint_setting s = {0};

	s.key = key;
	s.key_len = klen;
	s.value = value;
	s.value_len = vlen;
	s.set = set;
	s.line = line;
	s.col = col;
	s.vline = vline;
	s.vcol = vcol;
	return lint_emit_setting(ctx, &s);
}

void lint_emit_text(const struct lint_ctx *ctx, enum lint_format format,
		    const char *text, size_t len, unsigned line, unsigned col)
{
	struct lint_doc d = {.text = text,
			     .len = len,
			     .line = line,
			     .col = col,
			     .format = format};

	lint_emit_document(ctx, &d);
}

bool lint_is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

size_t lint_env_assignment(const struct lint_ctx *ctx, const char *s,
			   size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t n = eq ? (size_t)(eq - s) : 0;

	if (!n || (s[0] >= '0' && s[0] <= '9'))
		return 0;
	for (size_t i = 0; i < n; i++)
		if (!lint_is_ident_char(s[i]))
			return 0;
	return lint_wants_env(ctx, s, n) ? n : 0;
}

void lint_emit_options(const struct lint_ctx *ctx, const char *text, size_t len,
		       unsigned line, unsigned col, const char *via)
{
	struct lint_doc d = {.text = text,
			     .len = len,
			     .line = line,
			     .col = col,
			     .format = LINT_FMT_SHELL,
			     .flags = LINT_DOC_SPARK_ARGS | LINT_DOC_FOLDED,
			     .via = via};

	lint_emit_document(ctx, &d);
}

static bool contains_nocase(const char *s, size_t len, const char *lit)
{
	size_t n = strlen(lit);

	for (size_t i = 0; i + n <= len; i++)
		if (!strncasecmp(s + i, lit, n))
			return true;
	return false;
}

bool lint_names_spark_options(const char *name, size_t len)
{
	return (contains_nocase(name, len, "submit") ||
		contains_nocase(name, len, "spark")) &&
	       (contains_nocase(name, len, "arg") ||
		contains_nocase(name, len, "opt") ||
		contains_nocase(name, len, "param") ||
		contains_nocase(name, len, "conf"));
}

/* The value of the option at s (after '=' or blanks) up to a blank. */
static size_t option_value(const char *s, const char *end, size_t k,
			   const char **v)
{
	const char *p = s + k, *e;

	if (p >= end || (*p != '=' && *p != ' ' && *p != '\t'))
		return 0;
	while (p < end && (*p == '=' || *p == ' ' || *p == '\t'))
		p++;
	for (e = p; e < end && *e != ' ' && *e != '\t' && *e != '\n';)
		e++;
	*v = p;
	return (size_t)(e - p);
}

/* Text that is spark-submit's options by its look: a first option that
 * takes JARs whose value names JARs (x.jar) or Maven coordinates
 * (g:a:v), a repository URL, or "--conf spark.jars...". */
static bool options_text(const char *s, size_t len)
{
	static const char *const opts[] = {"--jars",
					   "--packages",
					   "--driver-class-path",
					   "--exclude-packages",
					   "--repositories",
					   "--conf"};
	const char *end = s + len, *v;

	for (size_t i = 0; i < sizeof(opts) / sizeof(opts[0]); i++) {
		size_t k = strlen(opts[i]), vlen, colons = 0;

		if (len <= k || memcmp(s, opts[i], k) ||
		    !(vlen = option_value(s, end, k, &v)))
			continue;
		if (i == 5)
			return vlen > 11 && !memcmp(v, "spark.jars", 10);
		if (i == 4)
			return vlen > 8 && !memcmp(v, "http", 4);
		if (memmem(v, vlen, ".jar", 4))
			return true;
		for (size_t j = 0; j < vlen; j++)
			colons += v[j] == ':';
		return colons >= 2 && !memchr(v, '/', vlen);
	}
	return false;
}

size_t lint_helm_key(const char *s, size_t len, char *out, size_t cap)
{
	const char *at = memmem(s, len, "spark\\", 6);
	size_t n = 0;

	if (!at)
		return 0;
	/* back to the segment's start: "x.spark\.jars", "x.\"spark\.jars\"" */
	for (const char *p = at; p < s + len && n + 1 < cap; p++) {
		if (*p == '\\' || *p == '"')
			continue;
		if (*p == '.' && p[-1] != '\\')
			break; /* the next unescaped level */
		out[n++] = *p;
	}
	return n;
}

void lint_emit_pairs(const struct lint_ctx *ctx, const char *text, size_t len,
		     unsigned line, unsigned col)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *e = memchr(p, ',', (size_t)(end - p)), *eq;

		if (!e)
			e = end;
		eq = memchr(p, '=', (size_t)(e - p));
		if (eq && eq > p && lint_wants_key(ctx, p, (size_t)(eq - p)))
			lint_emit_kv(ctx, p, (size_t)(eq - p), eq + 1,
				     (size_t)(e - eq - 1), e > eq + 1, line,
				     col + (unsigned)(p - text), 0, 0);
		p = e + 1;
	}
}

bool lint_holds_options(const char *name, size_t nlen, const char *value,
			size_t vlen)
{
	return vlen > 2 && value[0] == '-' && value[1] == '-' &&
	       (lint_names_spark_options(name, nlen) ||
		options_text(value, vlen));
}

const char *lint_line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

size_t lint_text_offset(const char *s, size_t len, unsigned line, unsigned col)
{
	size_t off = 0;

	for (unsigned l = 1; l < line && off < len; l++) {
		const char *nl = memchr(s + off, '\n', len - off);

		if (!nl)
			break;
		off = (size_t)(nl - s) + 1;
	}
	return off + (col ? col - 1 : 0);
}

void lint_lines_build(struct lint_lines *l, const char *s, size_t len)
{
	l->nr = 0;
	XGROW(l->start, 1, l->alloc);
	l->start[l->nr++] = 0;
	for (const char *p = s, *end = s + len;
	     (p = memchr(p, '\n', (size_t)(end - p))) != NULL;) {
		p++;
		XGROW(l->start, l->nr + 1, l->alloc);
		l->start[l->nr++] = (size_t)(p - s);
	}
}

void lint_lines_release(struct lint_lines *l)
{
	free(l->start);
	memset(l, 0, sizeof(*l));
}

size_t lint_lines_offset(const struct lint_lines *l, unsigned line,
			 unsigned col)
{
	size_t i = !line ? 0 : line <= l->nr ? line - 1 : l->nr - 1;

	return l->start[i] + (col ? col - 1 : 0);
}

size_t lint_last_at_or_before(const size_t *starts, size_t nr, size_t off)
{
	size_t lo = 0, hi = nr;

	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (starts[mid] <= off)
			lo = mid;
		else
			hi = mid;
	}
	return lo;
}

void lint_lines_position(const struct lint_lines *l, size_t off, unsigned *line,
			 unsigned *col)
{
	size_t lo = lint_last_at_or_before(l->start, l->nr, off);

	*line = (unsigned)lo + 1;
	*col = (unsigned)(off - l->start[lo]) + 1;
}

bool lint_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

static bool has_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
			return true;
	return false;
}

void lint_emit_word_script(const struct lint_ctx *ctx,
			   const struct lint_word *w)
{
	bool quoted =
	    w->src && w->src_len && (w->src[0] == '"' || w->src[0] == '\'');

	if (!has_space(w->s, w->len) ||
	    !lint_mentions_launcher(ctx, w->s, w->len))
		return;
	/* an assignment is judged as one (a setting) */
	if (lint_env_assignment(ctx, w->s, w->len))
		return;
	if (quoted && w->src_len == w->len + 2)
		lint_emit_text(ctx, LINT_FMT_SHELL, w->src + 1, w->len, w->line,
			       w->col + 1);
	else
		lint_emit_text(ctx, LINT_FMT_SHELL, w->s, w->len, w->line,
			       w->col + quoted);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

const char *lint_skip_word(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(e - s) > n && !memcmp(s, word, n) && is_blank(s[n])) {
		s += n;
		while (s < e && is_blank(*s))
			s++;
	}
	return s;
}

const char *lint_basename(const char *s, size_t *len)
{
	const char *b = s;

	for (size_t i = 0; i < *len; i++)
		if (s[i] == '/' || s[i] == '\\')
			b = s + i + 1;
	*len -= (size_t)(b - s);
	return b;
}
