#include "out/term.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/utf8.h"

static enum term_color_mode color_mode = TERM_COLOR_AUTO;

void term_set_color_mode(enum term_color_mode mode)
{
	color_mode = mode;
}

bool term_use_color(FILE *stream)
{
	const char *no_color = getenv("NO_COLOR");
	const char *term = getenv("TERM");

	if (color_mode != TERM_COLOR_AUTO)
		return color_mode == TERM_COLOR_ALWAYS;
	if (no_color && *no_color)
		return false;
	if (term && !strcmp(term, "dumb"))
		return false;
	return isatty(fileno(stream));
}

const char *term_color(FILE *stream, enum term_color color)
{
	static const char *const codes[] = {
	    [TERM_RESET] = "\033[0m",	  [TERM_RED] = "\033[1;31m",
	    [TERM_YELLOW] = "\033[1;33m", [TERM_GREEN] = "\033[1;32m",
	    [TERM_BOLD] = "\033[1m",
	};

	return term_use_color(stream) ? codes[color] : "";
}

/* Controls that change how a terminal shows text, not text. */
static bool is_control(unsigned cp)
{
	return cp < 0x20 || (cp >= 0x7f && cp <= 0x9f) || cp == 0x61c ||
	       cp == 0x200e || cp == 0x200f || (cp >= 0x202a && cp <= 0x202e) ||
	       (cp >= 0x2066 && cp <= 0x2069);
}

size_t term_put_printable(const char *s, FILE *out)
{
	unsigned cp;
	size_t n = utf8_decode(s, &cp);

	if (!n || is_control(cp)) {
		putc('?', out);
		return n ? n : 1;
	}
	fwrite(s, 1, n, out);
	return n;
}

void term_fputs_printable(const char *s, FILE *out)
{
	while (*s)
		s += term_put_printable(s, out);
}
