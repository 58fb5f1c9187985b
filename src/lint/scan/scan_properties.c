#include <string.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * Java properties and spark-defaults.conf, as java.util.Properties.load
 * reads them (Spark uses it): '#' and '!' comment lines, keys ending at an
 * unescaped '=', ':' or whitespace, backslash escapes, and lines ending in
 * an odd number of backslashes continued on the next line.
 */

#define KEY_MAX 256

static bool is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\f';
}

/* True when the natural line [s, e) ends with an odd run of backslashes. */
static bool continues(const char *s, const char *e)
{
	size_t n = 0;

	while (e > s && e[-1] == '\\') {
		n++;
		e--;
	}
	return n % 2 == 1;
}

/*
 * The character of the escape at *p (a backslash, not the last byte of
 * the line), as Properties.load decodes it: backslash and t, n, r, f, or
 * u and four hex digits ('?' outside ASCII: no refused key has such a
 * character), else the character itself. Moves *p past it.
 */
static char unescape(const char **p, const char *le)
{
	const char *k = *p + 1;
	char c = *k++;

	if (c == 'u') {
		unsigned v = 0;
		int n = 0;

		for (; n < 4 && k < le; n++, k++) {
			char h = *k;

			if (h >= '0' && h <= '9')
				v = v << 4 | (unsigned)(h - '0');
			else if ((h | 0x20) >= 'a' && (h | 0x20) <= 'f')
				v = v << 4 | (unsigned)((h | 0x20) - 'a' + 10);
			else
				break;
		}
		*p = k;
		return n == 4 && v < 0x80 ? (char)v : '?';
	}
	*p = k;
	return c == 't'	  ? '\t'
	       : c == 'n' ? '\n'
	       : c == 'r' ? '\r'
	       : c == 'f' ? '\f'
			  : c;
}

static const char *line_end(const char *p, const char *end)
{
	while (p < end && *p != '\n' && *p != '\r')
		p++;
	return p;
}

static const char *next_line(const char *p, const char *end)
{
	if (p < end && *p == '\r')
		p++;
	if (p < end && *p == '\n')
		p++;
	return p;
}

/*
 * HOCON (application.conf of Typesafe Config): "spark { jars.packages = x }"
 * blocks make a prefix of the keys inside; a quoted key "spark.jars" is
 * the dotted key. Java's properties never have either.
 */
struct hocon {
	char prefix[KEY_MAX];
	size_t len;
	size_t at[16]; /* prefix length before each open block */
	size_t depth;
};

/* Key k, "k {" opens a block; "}" closes one. True when the line was one
 * of those (nothing else to read on it). */
static bool hocon_block(struct hocon *h, const char *key, size_t klen,
			const char *v, const char *le)
{
	while (le > v && is_ws(le[-1]))
		le--;
	if (!klen && v < le && *v == '}') {
		if (h->depth)
			h->len = h->at[--h->depth];
		return true;
	}
	if (!klen || le - v != 1 || *v != '{')
		return false;
	if (h->depth < sizeof(h->at) / sizeof(h->at[0])) {
		h->at[h->depth++] = h->len;
		if (h->len + klen + 1 < sizeof(h->prefix)) {
			memcpy(h->prefix + h->len, key, klen);
			h->len += klen;
			h->prefix[h->len++] = '.';
		}
	}
	return true;
}

void scan_properties(const struct lint_ctx *ctx, const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	unsigned line = 1;
	struct hocon h = {{0}, 0, {0}, 0};
	/* values that run a launcher: only when the text mentions one */
	bool launchers = lint_mentions_launcher(ctx, text, len);

	while (p < end) {
		const char *ls = p, *le = line_end(p, end), *k = p;
		char key[KEY_MAX];
		size_t klen = 0;
		unsigned kline, kcol, lines = 0;
		bool has_value = false;

		while (k < le && is_ws(*k))
			k++;
		if (k == le || *k == '#' || *k == '!') {
			p = next_line(le, end);
			line++;
			continue;
		}
		kline = line;
		kcol = (unsigned)(k - ls) + 1;
		/* the key, decoding escapes, across continuation lines */
		while (k < le) {
			if (*k == '\\' && k + 1 == le) {
				if (le == end)
					break;
				ls = next_line(le, end);
				le = line_end(ls, end);
				lines++;
				for (k = ls; k < le && is_ws(*k); k++)
					;
				continue;
			}
			if (*k == '\\') {
				char ch = unescape(&k, le);

				if (klen < KEY_MAX)
					key[klen++] = ch;
				continue;
			}
			if (*k == '=' || *k == ':' || is_ws(*k) ||
			    (*k == '}' && !klen))
				break;
			if (klen < KEY_MAX)
				key[klen++] = *k;
			k++;
		}
		/* the separator, then is there a value? */
		while (k < le && is_ws(*k))
			k++;
		if (k < le && (*k == '=' || *k == ':'))
			k++;
		/* a quoted HOCON key, a key inside HOCON blocks */
		if (klen >= 2 && key[0] == '"' && key[klen - 1] == '"') {
			memmove(key, key + 1, klen - 2);
			klen -= 2;
		}
		{
			const char *v = k;

			while (v < le && is_ws(*v))
				v++;
			if (hocon_block(&h, key, klen, v, le)) {
				p = next_line(le, end);
				line += lines + 1;
				continue;
			}
		}
		if (h.len && klen + h.len <= KEY_MAX) {
			memmove(key + h.len, key, klen);
			memcpy(key, h.prefix, h.len);
			klen += h.len;
			/* geo.spark.jars.packages: the key from a "spark." */
			for (size_t i = 1; i + 6 < klen; i++)
				if (key[i - 1] == '.' &&
				    !memcmp(key + i, "spark.", 6) &&
				    lint_wants_key(ctx, key + i, klen - i)) {
					memmove(key, key + i, klen - i);
					klen -= i;
					break;
				}
		}
		for (;;) {
			while (k < le && is_ws(*k))
				k++;
			if (k < le &&
			    !(k + 1 == le && *k == '\\' && continues(ls, le))) {
				has_value = true;
				break;
			}
			if (!continues(ls, le) || le == end)
				break;
			ls = next_line(le, end);
			le = line_end(ls, end);
			k = ls;
			lines++;
		}
		if (klen < KEY_MAX &&
		    !lint_emit_kv(ctx, key, klen, k, (size_t)(le - k),
				  has_value, kline, kcol, line + lines,
				  (unsigned)(k - ls) + 1) &&
		    has_value && launchers &&

		    lint_mentions_launcher(ctx, k, (size_t)(le - k)))
			/* a command as a value: supervisord's command=... */
			lint_emit_text(ctx, LINT_FMT_SHELL, k, (size_t)(le - k),
				       line + lines, (unsigned)(k - ls) + 1);
		/* skip the rest of the logical line */
		while (le < end && continues(ls, le)) {
			ls = next_line(le, end);
			le = line_end(ls, end);
			lines++;
		}
		p = next_line(le, end);
		line += lines + 1;
	}
}
