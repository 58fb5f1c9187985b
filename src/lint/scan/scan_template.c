#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "lint/finding.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * Templates: Jinja (*.j2, *.jinja, Ansible), Go templates (Helm's
 * templates/, *.tpl, *.gotmpl, *.tmpl) and files of another format that
 * hold {{ }} or {% %}. The template syntax is neutralised in a copy of the
 * same length, every newline kept, so lines and columns stay those of the
 * file; what is left is handed on as a document of the format the name
 * says once the template suffix is gone (spark-defaults.conf.j2 is a
 * properties file, deploy.yaml.j2 YAML), whose scanner falls back to a
 * tolerant scan where the text still is not that format.
 *
 * - comments ({# #}, {{/​* *​/}}) and statements ({% %}, {{ if }}, {{ end
 * }},
 *   {{ range }}...) become blanks: a line that held only them is empty;
 * - an expression ({{ .Values.x }}, {{ var }}) inside other text becomes
 *   a placeholder word of x's (1 and 0s in JSON), a value that is set;
 * - an expression alone on its line (toYaml, include) is a block of
 *   unknown content: the value of the key above it when it is indented
 *   under "key:", else a blank.
 */

static const char *const suffixes[] = {
    ".j2", ".jinja", ".jinja2", ".tpl", ".gotmpl", ".tmpl", ".template",
};

/* Names of text that is prose, not configuration, once rendered. */
static const char *const prose[] = {
    ".md", ".rst", ".txt", ".html", ".adoc",
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum action { A_COMMENT, A_STATEMENT, A_EXPRESSION };

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* Go template control keywords; KW_NONE: not one. */
enum keyword { KW_NONE, KW_OPEN, KW_END, KW_DEFINE, KW_OTHER };

static enum keyword go_keyword(const char *s, const char *e)
{
	static const struct {
		const char *word;
		enum keyword kw;
	} words[] = {
	    {"if", KW_OPEN},	    {"range", KW_OPEN},
	    {"with", KW_OPEN},	    {"block", KW_OPEN},
	    {"define", KW_DEFINE},  {"end", KW_END},
	    {"else", KW_OTHER},	    {"break", KW_OTHER},
	    {"continue", KW_OTHER}, {"template", KW_OTHER},
	};
	const char *w;

	while (s < e && (is_blank(*s) || *s == '-'))
		s++;
	for (w = s; w < e && lint_is_ident_char(*w); w++)
		;
	for (size_t i = 0; i < COUNT(words); i++)
		if ((size_t)(w - s) == strlen(words[i].word) &&
		    !memcmp(s, words[i].word, (size_t)(w - s)))
			return words[i].kw;
	return KW_NONE;
}

/* Go template keywords that are control flow, not values. */
static bool go_control(const char *s, const char *e)
{
	if (go_keyword(s, e) != KW_NONE)
		return true;
	while (s < e && (is_blank(*s) || *s == '-'))
		s++;
	/* a variable declared for later: {{- $x := ... }} */
	return s < e && *s == '$' && memmem(s, (size_t)(e - s), ":=", 2);
}

/* The action that starts at p ("{{", "{%" or "{#"); *end is after its
 * closing delimiter, or NULL when it does not close. */
static enum action classify(const char *p, const char *end, const char **stop)
{
	char open = p[1];
	const char *close = open == '{' ? "}}" : open == '%' ? "%}" : "#}";
	const char *q = p + 2, *c;

	c = memmem(q, (size_t)(end - q), close, 2);
	*stop = c ? c + 2 : NULL;
	if (!c)
		return A_EXPRESSION;
	if (open == '#')
		return A_COMMENT;
	if (open == '%')
		return A_STATEMENT;
	while (q < c && (is_blank(*q) || *q == '-'))
		q++;
	if (q + 1 < c && q[0] == '/' && q[1] == '*')
		return A_COMMENT;
	return go_control(q, c) ? A_STATEMENT : A_EXPRESSION;
}

/* Fills [a, b) with c, keeping newlines. */
static void fill(char *a, char *b, char c)
{
	for (; a < b; a++)
		if (*a != '\n')
			*a = c;
}

/* True when [s, e) holds only blanks. */
static bool blank_span(const char *s, const char *e)
{
	for (; s < e; s++)
		if (!is_blank(*s))
			return false;
	return true;
}

/* The indentation of the line at bol and whether it is "key:" with no
 * value (the parent of a block an include fills in). */
static bool ends_with_key(const char *bol, const char *eol, unsigned *indent)
{
	const char *s = bol, *e = eol;

	while (s < e && *s == ' ')
		s++;
	*indent = (unsigned)(s - bol);
	while (e > s && is_blank(e[-1]))
		e--;
	return e > s && e[-1] == ':' && *s != '#';
}

/* The body of a Go template {{ define }}: a template of its own. */
struct region {
	size_t start, end;
};

#define MAX_REGIONS 64
#define MAX_NEST 64

struct defines {
	struct region r[MAX_REGIONS];
	size_t nr;
	/* open blocks: for each, where its define body starts, or -1 */
	long open[MAX_NEST];
	size_t depth;
};

/* Follows the nesting of Go template blocks to find define bodies. */
static void track(struct defines *d, const char *buf, const char *p,
		  const char *stop)
{
	enum keyword kw;

	if (p[1] != '{')
		return;
	kw = go_keyword(p + 2, stop - 2);
	if (kw == KW_OPEN || kw == KW_DEFINE) {
		if (d->depth < MAX_NEST)
			d->open[d->depth] = kw == KW_DEFINE ? stop - buf : -1;
		d->depth++;
	} else if (kw == KW_END && d->depth) {
		d->depth--;
		if (d->depth < MAX_NEST && d->open[d->depth] >= 0 &&
		    d->nr < MAX_REGIONS) {
			d->r[d->nr].start = (size_t)d->open[d->depth];
			d->r[d->nr].end = (size_t)(p - buf);
			d->nr++;
		}
	}
}

/*
 * Neutralises buf in place. placeholder is the character of expression
 * placeholders. The previous non-blank line decides whether an expression
 * alone on its line is a value. The bodies of defines go to d.
 */
static void neutralise(char *buf, size_t len, char placeholder,
		       struct defines *d)
{
	char *p = buf, *end = buf + len, *bol = buf;
	const char *prev_bol = NULL, *prev_eol = NULL;

	while (p < end) {
		const char *stop;
		enum action a;
		char *eol;

		if (*p == '\n') {
			if (!blank_span(bol, p)) {
				prev_bol = bol;
				prev_eol = p;
			}
			bol = ++p;
			continue;
		}
		if (*p != '{' || p + 1 >= end ||
		    (p[1] != '{' && p[1] != '%' && p[1] != '#')) {
			p++;
			continue;
		}
		a = classify(p, end, &stop);
		if (!stop) {
			/* unclosed: the rest of the line is template text */
			eol = (char *)lint_line_end(p, end);
			fill(p, eol, ' ');
			p = eol;
			continue;
		}
		eol = (char *)lint_line_end(stop, end);
		if (a == A_STATEMENT)
			track(d, buf, p, stop);
		if (a == A_EXPRESSION && blank_span(bol, p) &&
		    blank_span(stop, eol)) {
			unsigned pind, ind = (unsigned)(p - bol);
			bool value = prev_bol &&
				     ends_with_key(prev_bol, prev_eol, &pind) &&
				     ind > pind;

			fill(p, (char *)stop, ' ');
			if (value)
				*p = placeholder;
		} else if (a == A_EXPRESSION) {
			fill(p, (char *)stop, placeholder);
			if (placeholder == '0')
				*p = '1';
		} else {
			fill(p, (char *)stop, ' ');
		}
		/* a multi-line action: keep the line start in step */
		for (char *q = p; q < stop; q++)
			if (*q == '\n')
				bol = q + 1;
		p = (char *)stop;
	}
}

static bool ends_with_any(const char *s, size_t len, const char *const *list,
			  size_t n, size_t *cut)
{
	for (size_t i = 0; i < n; i++)
		if (lint_ends_with(s, len, list[i])) {
			*cut = strlen(list[i]);
			return true;
		}
	return false;
}

/*
 * The name the rendered file would have: the file's name without its
 * template suffix; a Helm template or a .tpl whose name says no format
 * is YAML. Writes into out (cap bytes); returns its length, 0 for prose.
 */
static size_t rendered_name(const char *name, char *out, size_t cap)
{
	size_t len = strlen(name), cut = 0, base_len = len, n;
	const char *base = lint_basename(name, &base_len);
	bool yaml = strstr(name, "templates/") != NULL;

	if (ends_with_any(base, base_len, suffixes, COUNT(suffixes), &cut)) {
		yaml = yaml || lint_ends_with(base, base_len, ".tpl") ||
		       lint_ends_with(base, base_len, ".gotmpl");
		len -= cut;
		base_len -= cut;
	}
	if (ends_with_any(name, len, prose, COUNT(prose), &n) || len + 6 > cap)
		return 0;
	memcpy(out, name, len);
	if (yaml && !memchr(base, '.', base_len)) {
		memcpy(out + len, ".yaml", 5);
		len += 5;
	}
	out[len] = '\0';
	return len;
}

/* Emits buf (len bytes) as the document of the rendered name. */
static void emit(const struct lint_ctx *ctx, const char *buf, size_t len,
		 const char *target, size_t tlen)
{
	struct lint_doc d = {0};

	d.text = buf;
	d.len = len;
	d.line = 1;
	d.col = 1;
	d.format = LINT_FMT_NONE;
	d.target = target;
	d.target_len = tlen;
	lint_emit_document(ctx, &d);
}

void scan_template(const struct lint_ctx *ctx, const char *text, size_t len)
{
	char target[4096];
	size_t tlen = rendered_name(ctx->file->display, target, sizeof(target));
	struct defines *defs;
	char *buf, *part;

	if (!tlen)
		return;
	buf = xmalloc(len ? len : 1);
	defs = xcalloc(1, sizeof(*defs));
	memcpy(buf, text, len);
	neutralise(buf, len, lint_ends_with(target, tlen, ".json") ? '0' : 'x',
		   defs);
	if (!defs->nr) {
		emit(ctx, buf, len, target, tlen);
		goto out;
	}
	/* each define body alone, then the rest without them: one document
	 * each, lines and columns kept by blanking what is not in it */
	part = xmalloc(len);
	for (size_t i = 0; i < defs->nr; i++) {
		const struct region *r = &defs->r[i];

		memcpy(part, buf, len);
		fill(part, part + r->start, ' ');
		fill(part + r->end, part + len, ' ');
		emit(ctx, part, len, target, tlen);
		fill(buf + r->start, buf + r->end, ' ');
	}
	free(part);
	emit(ctx, buf, len, target, tlen);
out:
	free(defs);
	free(buf);
}
