#ifndef JARBAKE_TERM_H
#define JARBAKE_TERM_H

#include <stdbool.h>
#include <stdio.h>

enum term_color { TERM_RESET, TERM_RED, TERM_YELLOW, TERM_GREEN, TERM_BOLD };

/* --color: auto (the default) decides per stream as below. */
enum term_color_mode { TERM_COLOR_AUTO, TERM_COLOR_ALWAYS, TERM_COLOR_NEVER };
void term_set_color_mode(enum term_color_mode mode);

/*
 * With the mode auto: true when stream is a terminal, NO_COLOR is unset
 * or empty and TERM is not "dumb". always and never decide alone.
 */
bool term_use_color(FILE *stream);

/* The escape sequence for color on stream, or "" when color is off. */
const char *term_color(FILE *stream, enum term_color color);

/*
 * Writes s with every control character as '?': C0 and C1 controls
 * (U+0080..U+009F, CSI among them), DEL, the bidirectional controls that
 * reorder what a terminal shows (U+202A..U+202E, U+2066..U+2069, ...), and
 * every byte that is not valid UTF-8. File names and messages that quote
 * input (an image's paths, a repository's file names) must not move the
 * cursor, clear the terminal, forge another line or read backwards.
 */
void term_fputs_printable(const char *s, FILE *out);
/*
 * Writes the one character at s as term_fputs_printable() would (itself
 * or '?') and returns its length in bytes: the one filter of the above.
 */
size_t term_put_printable(const char *s, FILE *out);

#endif
