#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * justfiles (justfile, .justfile, *.just): the recipes' lines are shell.
 * A copy of the file keeps only them, at their place: headers, settings,
 * assignments and comments at the start of a line become blanks, the
 * line prefixes '@' and '-' become a blank, and {{ interpolations }}
 * become a placeholder word; the copy is one shell document with the
 * file's lines and columns.
 */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

/* A recipe header: "name args...:" (dependencies may follow), not an
 * assignment or setting (":="). */
static bool is_header(const char *s, const char *e)
{
	if (s >= e || *s == '#' || *s == '[' || is_blank(*s))
		return false;
	for (const char *p = s; p < e; p++) {
		if (*p == '"' || *p == '\'') {
			const char *q = memchr(p + 1, *p, (size_t)(e - p - 1));

			if (!q)
				return false;
			p = q;
			continue;
		}
		if (*p == ':')
			return p + 1 >= e || p[1] != '=';
	}
	return false;
}

static void fill(char *a, const char *b)
{
	for (; a < b; a++)
		if (*a != '\n')
			*a = ' ';
}

/* {{ expr }} becomes x's; "{{{{" is a literal "{{". */
static void neutralise_line(char *s, char *e)
{
	for (char *p = s; p + 1 < e; p++) {
		char *c;

		if (p[0] != '{' || p[1] != '{')
			continue;
		if (p + 3 < e && p[2] == '{' && p[3] == '{') {
			p += 3;
			continue;
		}
		c = memmem(p + 2, (size_t)(e - p - 2), "}}", 2);
		if (!c)
			return;
		for (char *q = p; q < c + 2; q++)
			*q = 'x';
		p = c + 1;
	}
}

/*
 * A variable: "[export] NAME := 'value'" (or "..."), one line. Its value
 * is a setting (export PYSPARK_SUBMIT_ARGS := ...) and, under a name that
 * says so, spark-submit's options.
 */
static void check_assignment(const struct lint_ctx *ctx, const char *s,
			     const char *e, const char *ls, unsigned line)
{
	const char *n, *ne, *v, *q;

	if (e - s > 7 && !memcmp(s, "export", 6) && is_blank(s[6]))
		for (s += 6; s < e && is_blank(*s);)
			s++;
	for (n = ne = s; ne < e && lint_is_ident_char(*ne);)
		ne++;
	for (v = ne; v < e && is_blank(*v);)
		v++;
	if (ne == n || e - v < 4 || v[0] != ':' || v[1] != '=')
		return;
	for (v += 2; v < e && is_blank(*v);)
		v++;
	if (v >= e || (*v != '"' && *v != '\'') ||
	    !(q = memchr(v + 1, *v, (size_t)(e - v - 1))))
		return;
	v++;
	lint_emit_kv(ctx, n, (size_t)(ne - n), v, (size_t)(q - v), q > v, line,
		     (unsigned)(n - ls) + 1, line, (unsigned)(v - ls) + 1);
	if (lint_holds_options(n, (size_t)(ne - n), v, (size_t)(q - v)) &&
	    !lint_wants_env(ctx, n, (size_t)(ne - n)))
		lint_emit_options(ctx, v, (size_t)(q - v), line,
				  (unsigned)(v - ls) + 1, NULL);
}

void scan_justfile(const struct lint_ctx *ctx, const char *text, size_t len)
{
	unsigned line = 1;
	char *buf = xmalloc(len ? len : 1), *p, *end;
	bool in_recipe = false, cont = false;

	memcpy(buf, text, len);
	for (p = buf, end = buf + len; p < end;) {
		char *eol = (char *)lint_line_end(p, end), *s = p;

		while (s < eol && is_blank(*s))
			s++;
		if (s == eol) {
			/* blank lines do not end a recipe */
		} else if (s == p) {
			in_recipe = is_header(p, eol);
			cont = false;
			if (!in_recipe)
				check_assignment(ctx, text + (p - buf),
						 text + (eol - buf),
						 text + (p - buf), line);
			fill(p, eol);
		} else if (!in_recipe) {
			fill(p, eol);
		} else {
			const char *t = eol;

			/* the prefixes mark a command's first line only */
			while (!cont && s < eol && (*s == '@' || *s == '-'))
				*s++ = ' ';
			neutralise_line(s, eol);
			while (t > s && is_blank(t[-1]))
				t--;
			cont = t > s && t[-1] == '\\';
		}
		p = eol < end ? eol + 1 : end;
		line++;
	}
	lint_emit_text(ctx, LINT_FMT_SHELL, buf, len, 1, 1);
	free(buf);
}
