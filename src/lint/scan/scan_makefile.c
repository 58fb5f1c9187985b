#include <string.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "core/strbuf.h"

/* Makefiles: recipes (shell) and variable assignments. */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static bool continued(const char *s, const char *e)
{
	size_t n = 0;

	while (e > s && e[-1] == '\r')
		e--;
	while (e > s && e[-1] == '\\') {
		n++;
		e--;
	}
	return n % 2 == 1;
}

/* A Makefile assignment "NAME op value" in [s, e); returns the value. */
static const char *make_assignment(const char *s, const char *e,
				   const char **name_end)
{
	const char *n = s;

	while (n < e && (lint_is_ident_char(*n) || *n == '.' || *n == '-'))
		n++;
	if (n == s)
		return NULL;
	*name_end = n;
	while (n < e && is_ws(*n))
		n++;
	if (n < e && *n == '=')
		n += 1;
	else if (e - n >= 3 && !memcmp(n, "::=", 3))
		n += 3;
	else if (e - n >= 2 && n[1] == '=' &&
		 (*n == ':' || *n == '?' || *n == '+' || *n == '!'))
		n += 2;
	else
		return NULL;
	while (n < e && is_ws(*n))
		n++;
	return n;
}

void scan_makefile(const struct lint_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;

	while (p < end) {
		const char *le = lint_line_end(p, end), *s = p, *v, *ne;
		unsigned lines = 0;

		while (le < end && continued(p, le)) {
			le = lint_line_end(le + 1, end);
			lines++;
		}
		if (*s == '\t') {
			s++;
			while (s < le && (is_ws(*s) || *s == '@' || *s == '-' ||
					  *s == '+'))
				s++;
			lint_emit_text(ctx, LINT_FMT_SHELL, s, (size_t)(le - s),
				       line, (unsigned)(s - p) + 1);
		} else {
			while (s < le && is_ws(*s))
				s++;
			s = lint_skip_word(s, le, "export");
			s = lint_skip_word(s, le, "override");
			v = s < le && *s != '#' ? make_assignment(s, le, &ne)
						: NULL;
			if (v && lint_wants_env(ctx, s, (size_t)(ne - s)))
				lint_emit_kv(ctx, s, (size_t)(ne - s), v,
					     (size_t)(le - v), true, line,
					     (unsigned)(s - p) + 1, line,
					     (unsigned)(v - p) + 1);
			else if (v && lint_mentions_launcher(ctx, v,
							     (size_t)(le - v)))
				lint_emit_text(ctx, LINT_FMT_SHELL, v,
					       (size_t)(le - v), line,
					       (unsigned)(v - p) + 1);
		}
		line += lines + 1;
		p = le < end ? le + 1 : end;
	}
}
