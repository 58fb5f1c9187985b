#include "out/term.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

char term_printable(char c)
{
	return (unsigned char)c < 0x20 || c == 0x7f ? '?' : c;
}

void term_fputs_printable(const char *s, FILE *out)
{
	for (; *s; s++)
		putc(term_printable(*s), out);
}
