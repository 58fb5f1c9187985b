#include <string.h>

#include "lint/lint_scan.h"
#include "core/strbuf.h"

/* Makefiles (recipes and variable assignments) and .env files. */

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

static const char *skip_word(const char *s, const char *e, const char *word)
{
	size_t n = strlen(word);

	if ((size_t)(e - s) > n && !memcmp(s, word, n) && is_ws(s[n])) {
		s += n;
		while (s < e && is_ws(*s))
			s++;
	}
	return s;
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
			struct lint_ctx child;

			s++;
			while (s < le && (is_ws(*s) || *s == '@' || *s == '-' ||
					  *s == '+'))
				s++;
			child = lint_ctx_at(ctx, line, (unsigned)(s - p) + 1);
			scan_shell(&child, s, (size_t)(le - s));
		} else {
			while (s < le && is_ws(*s))
				s++;
			s = skip_word(s, le, "export");
			s = skip_word(s, le, "override");
			v = s < le && *s != '#' ? make_assignment(s, le, &ne)
						: NULL;
			if (v && lint_is_env(s, (size_t)(ne - s)))
				lint_check_env(ctx, s, (size_t)(ne - s), v,
					       (size_t)(le - v), line,
					       (unsigned)(v - p) + 1);
			else if (v &&
				 lint_mentions_launcher(v, (size_t)(le - v)))
				lint_check_command_text(
				    ctx, v, (size_t)(le - v), line,
				    (unsigned)(v - p) + 1, 0, NULL);
		}
		line += lines + 1;
		p = le < end ? le + 1 : end;
	}
}

void scan_dotenv(const struct lint_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;
	struct strbuf value = STRBUF_INIT;

	while (p < end) {
		const char *le = lint_line_end(p, end), *s = p, *name, *ne, *v;
		unsigned vcol, lines = 0;

		while (s < le && is_ws(*s))
			s++;
		s = skip_word(s, le, "export");
		name = s;
		while (s < le && lint_is_ident_char(*s))
			s++;
		ne = s;
		while (s < le && is_ws(*s))
			s++;
		if (ne == name || s >= le || *s != '=' || *name == '#') {
			p = le < end ? le + 1 : end;
			line++;
			continue;
		}
		for (s++; s < le && is_ws(*s);)
			s++;
		strbuf_reset(&value);
		vcol = (unsigned)(s - p) + 1;
		if (s < end && (*s == '"' || *s == '\'')) {
			char q = *s;

			vcol++;
			for (v = s + 1; v < end && *v != q; v++) {
				if (*v == '\n')
					lines++;
				if (q == '"' && *v == '\\' && v + 1 < end) {
					v++;
					strbuf_addch(&value,
						     *v == 'n' ? '\n' : *v);
					continue;
				}
				strbuf_addch(&value, *v);
			}
			le = lint_line_end(v < end ? v : end, end);
		} else {
			const char *e = s;

			while (e < le && !(*e == '#' && e > s && is_ws(e[-1])))
				e++;
			while (e > s && is_ws(e[-1]))
				e--;
			strbuf_add(&value, s, (size_t)(e - s));
		}
		lint_check_env(ctx, name, (size_t)(ne - name), value.buf,
			       value.len, line, vcol);
		line += lines + 1;
		p = le < end ? le + 1 : end;
	}
	strbuf_release(&value);
}
