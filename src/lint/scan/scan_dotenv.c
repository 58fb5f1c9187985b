#include <string.h>

#include "core/strbuf.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/* .env files: NAME=value lines, "export" and quotes as docker compose and
 * python-dotenv read them. */

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
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
		s = lint_skip_word(s, le, "export");
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
		lint_emit_kv(ctx, name, (size_t)(ne - name), value.buf,
			     value.len, value.len > 0, line,
			     (unsigned)(name - p) + 1, line, vcol);
		/* SPARK_ARGS=--packages x: options, used or not */
		if (!lines &&
		    lint_holds_options(name, (size_t)(ne - name), value.buf,
				       value.len) &&
		    !lint_wants_env(ctx, name, (size_t)(ne - name)))
			lint_emit_options(ctx, value.buf, value.len, line, vcol,
					  NULL);
		line += lines + 1;
		p = le < end ? le + 1 : end;
	}
	strbuf_release(&value);
}
