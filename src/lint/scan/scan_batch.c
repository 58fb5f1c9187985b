#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/xalloc.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * Windows batch files (*.bat, *.cmd): rewritten in a copy, byte for byte,
 * into the shell the dispatcher reads, so lines and columns stay the
 * file's: a "^" ending a line continues it (as "\"), "\" in paths becomes
 * "/", "REM" and "::" lines are blanked, and so are an "@" prefix and the
 * "set " before NAME=value; %VAR% stays a word.
 */

static bool is_blank(char c)
{
	return c == ' ' || c == '\t';
}

static void blank(char *a, const char *b)
{
	for (; a < b; a++)
		*a = ' ';
}

static bool word_at(const char *s, const char *e, const char *w)
{
	size_t n = strlen(w);

	return (size_t)(e - s) >= n && !strncasecmp(s, w, n) &&
	       ((size_t)(e - s) == n || is_blank(s[n]));
}

void scan_batch(const struct lint_ctx *ctx, const char *text, size_t len)
{
	char *buf = xmalloc(len ? len : 1), *p, *end;

	memcpy(buf, text, len);
	for (p = buf, end = buf + len; p < end;) {
		char *eol = memchr(p, '\n', (size_t)(end - p)), *s = p, *t;

		if (!eol)
			eol = end;
		t = eol;
		if (t > p && t[-1] == '\r')
			*--t = ' ';
		while (s < t && is_blank(*s))
			s++;
		if (s < t && *s == '@')
			*s++ = ' ';
		if (word_at(s, t, "rem") ||
		    (t - s >= 2 && s[0] == ':' && s[1] == ':')) {
			blank(s, t);
		} else {
			if (word_at(s, t, "set"))
				blank(s, s + 3);
			for (char *q = s; q < t; q++)
				if (*q == '\\')
					*q = '/';
			while (t > s && is_blank(t[-1]))
				t--;
			/* the "\\" right before the newline, over a '\r' */
			if (t > s && t[-1] == '^') {
				t[-1] = ' ';
				eol[-1] = '\\';
			}
		}
		p = eol < end ? eol + 1 : end;
	}
	lint_emit_text(ctx, LINT_FMT_SHELL, buf, len, 1, 1);
	free(buf);
}
