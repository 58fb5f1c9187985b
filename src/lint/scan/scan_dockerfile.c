#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/*
 * Dockerfiles: RUN, CMD, ENTRYPOINT in shell and exec form (shell form
 * and heredocs go back as shell documents), ENV, ARG.
 */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* True when the line [s, e) ends with a backslash (before blanks). */
static bool continued(const char *s, const char *e)
{
	while (e > s && is_ws(e[-1]))
		e--;
	return e > s && e[-1] == '\\';
}

/* ---- exec form: ["spark-submit", "--jars", "x.jar"] ---- */

struct exec_words {
	struct strbuf buf;
	struct lint_word *w;
	size_t *off; /* offsets of each word's text in buf */
	size_t nr, alloc, off_alloc;
};

/* Parses a JSON array of strings at [p, end); line/col of p. */
static bool parse_exec_form(const char *p, const char *end, unsigned line,
			    unsigned col, struct exec_words *x)
{
	if (p >= end || *p != '[')
		return false;
	p++;
	col++;
	for (;;) {
		const char *start;
		unsigned sline, scol;

		while (p < end &&
		       (is_ws(*p) || *p == '\n' || *p == '\\' || *p == ',')) {
			if (*p == '\n') {
				line++;
				col = 1;
			} else {
				col++;
			}
			p++;
		}
		if (p >= end || *p == ']')
			return true;
		if (*p != '"' || x->nr >= LINT_MAX_WORDS)
			return false;
		start = p;
		sline = line;
		scol = col;
		XGROW(x->w, x->nr + 1, x->alloc);
		XGROW(x->off, x->nr + 1, x->off_alloc);
		x->off[x->nr] = x->buf.len;
		for (p++, col++; p < end && *p != '"' && *p != '\n';
		     p++, col++) {
			if (*p == '\\' && p + 1 < end) {
				p++;
				col++;
				strbuf_addch(&x->buf, *p == 'n'	  ? '\n'
						      : *p == 't' ? '\t'
								  : *p);
				continue;
			}
			strbuf_addch(&x->buf, *p);
		}
		if (p >= end || *p != '"')
			return false;
		p++;
		col++;
		x->w[x->nr] = (struct lint_word){
		    NULL,  x->buf.len - x->off[x->nr], sline, scol,
		    start, (size_t)(p - start),	       false};
		strbuf_addch(&x->buf, '\0');
		x->nr++;
	}
}

/* Checks a JSON-array command line at [p, end); false if it is not one. */
static bool check_exec_form(const struct lint_ctx *ctx, const char *p,
			    const char *end, unsigned line, unsigned col,
			    unsigned flags, bool *launcher)
{
	struct exec_words x = {STRBUF_INIT, NULL, NULL, 0, 0, 0};
	bool ok;

	strbuf_init(&x.buf);
	ok = parse_exec_form(p, end, line, col, &x);
	if (ok) {
		for (size_t i = 0; i < x.nr; i++)
			x.w[i].s = x.buf.buf + x.off[i];
		lint_emit_argv(ctx, x.w, x.nr, flags);
		if (launcher)
			*launcher =
			    x.nr && lint_is_launcher(ctx, x.w[0].s, x.w[0].len);
	}
	strbuf_release(&x.buf);
	free(x.w);
	free(x.off);
	return ok;
}

/* ---- Dockerfile ---- */

/* The end of a here-document started on the line [s, le), or le. */
static const char *heredoc_end(const char *s, const char *le, const char *end)
{
	const char *h = memmem(s, (size_t)(le - s), "<<", 2);
	char delim[128];
	size_t n = 0;
	const char *p;

	if (!h)
		return le;
	h += 2;
	if (h < le && *h == '-')
		h++;
	if (h < le && (*h == '"' || *h == '\''))
		h++;
	while (h < le && lint_is_ident_char(*h) && n < sizeof(delim) - 1)
		delim[n++] = *h++;
	if (!n)
		return le;
	for (p = le; p < end;) {
		const char *ls = p + 1, *e;

		if (ls >= end)
			return end;
		e = lint_line_end(ls, end);
		while (ls < e && *ls == '\t')
			ls++;
		if ((size_t)(e - ls) >= n && !memcmp(ls, delim, n) &&
		    (e - ls == (long)n ||
		     (e - ls == (long)n + 1 && ls[n] == '\r')))
			return e;
		p = e;
	}
	return end;
}

/* State across instructions: is the ENTRYPOINT (exec form) a launcher? */
struct dockerfile_state {
	bool entrypoint_launcher;
};

static void dockerfile_instruction(const struct lint_ctx *ctx,
				   struct dockerfile_state *st,
				   const char *name, size_t nlen,
				   const char *args, const char *end,
				   unsigned line, unsigned col)
{
	size_t len = (size_t)(end - args);

#define IS(lit) (nlen == sizeof(lit) - 1 && !strncasecmp(name, lit, nlen))
	if (IS("FROM")) {
		st->entrypoint_launcher = false;
	} else if (IS("RUN") || IS("CMD") || IS("ENTRYPOINT")) {
		bool entrypoint = IS("ENTRYPOINT");
		/* CMD's words are arguments of a launcher ENTRYPOINT */
		unsigned flags =
		    IS("CMD") && st->entrypoint_launcher ? LINT_ARGV_SPARK : 0;

		if (args < end && *args == '[' &&
		    check_exec_form(ctx, args, end, line, col, flags,
				    entrypoint ? &st->entrypoint_launcher
					       : NULL))
			return;
		if (entrypoint)
			st->entrypoint_launcher = false;
		lint_emit_text(ctx, LINT_FMT_SHELL, args, len, line, col);
	} else if (IS("ENV") || IS("ARG")) {
		const char *sp = args;

		while (sp < end && lint_is_ident_char(*sp))
			sp++;
		if (sp < end && *sp == '=') {
			lint_emit_text(ctx, LINT_FMT_SHELL, args, len, line,
				       col);
			return;
		}
		/* legacy "ENV NAME value with spaces" */
		{
			const char *v = sp;

			while (v < end && is_ws(*v))
				v++;
			while (end > v && (is_ws(end[-1]) || end[-1] == '\n'))
				end--;
			lint_emit_kv(ctx, args, (size_t)(sp - args), v,
				     (size_t)(end - v), v < end, line, col,
				     line, col + (unsigned)(v - args));
		}
	}
#undef IS
}

/* A line [s, e) that is a comment (its first non-blank is '#'). */
static bool is_comment_line(const char *s, const char *e)
{
	while (s < e && is_ws(*s))
		s++;
	return s < e && *s == '#';
}

/*
 * A copy of the instruction text [s, e) whose comment lines after the
 * first are blanked and end in a backslash: the shell and exec-form
 * parsers see one continued command, at the same line and column.
 */
static char *without_comment_lines(const char *s, const char *e)
{
	size_t len = (size_t)(e - s);
	char *copy = xmalloc(st_add(len, 1)), *end = copy + len, *p;

	memcpy(copy, s, len);
	*end = '\0';
	p = memchr(copy, '\n', len);

	while (p && p < end) {
		char *ls = p + 1, *le = ls;

		while (le < end && *le != '\n')
			le++;
		if (is_comment_line(ls, le)) {
			memset(ls, ' ', (size_t)(le - ls));
			le[-1] = '\\';
		}
		p = le < end ? le : NULL;
	}
	return copy;
}

void scan_dockerfile(const struct lint_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;
	struct dockerfile_state st = {false};

	while (p < end) {
		const char *le = lint_line_end(p, end), *s = p, *name, *args,
			   *ie;
		const char *first = p;
		unsigned start_line = line;
		size_t nlen;
		bool comments = false;

		while (s < le && is_ws(*s))
			s++;
		if (s == le || *s == '#') {
			p = le + 1;
			line++;
			continue;
		}
		name = s;
		while (s < le && !is_ws(*s))
			s++;
		nlen = (size_t)(s - name);
		while (s < le && is_ws(*s))
			s++;
		args = s;
		/* the instruction goes on while lines end with a backslash;
		 * comment lines inside it are dropped (Docker does) */
		ie = heredoc_end(args, le, end);
		while (ie == le && continued(p, le) && le < end) {
			p = le + 1;
			le = lint_line_end(p, end);
			line++;
			while (le < end && is_comment_line(p, le)) {
				comments = true;
				p = le + 1;
				le = lint_line_end(p, end);
				line++;
			}
			ie = le;
		}
		for (const char *c = le; c < ie; c++)
			line += *c == '\n';
		if (comments) {
			char *copy = without_comment_lines(args, ie);

			dockerfile_instruction(ctx, &st, name, nlen, copy,
					       copy + (ie - args), start_line,
					       (unsigned)(args - first) + 1);
			free(copy);
		} else {
			dockerfile_instruction(ctx, &st, name, nlen, args, ie,
					       start_line,
					       (unsigned)(args - first) + 1);
		}
		p = ie < end ? ie + 1 : end;
		line++;
	}
}
