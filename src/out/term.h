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
 * Writes s with every character that could act on a terminal as '?':
 * file names and messages that quote input (an image's paths, a
 * repository's file names) must not move the cursor, clear the terminal,
 * forge another line or reorder what is shown.
 */
void term_fputs_printable(const char *s, FILE *out);

/*
 * The one filter of the above: the bytes at s (NUL-terminated) that make
 * one character (*len, 1 to 4), and whether they may be shown as they
 * are: false for a control character (C0, DEL, C1 U+0080..U+009F, also
 * UTF-8 encoded: terminals obey them), a bidirectional override or
 * isolate (U+202A..U+202E, U+2066..U+2069) and a byte that is not UTF-8.
 */
bool term_printable_at(const char *s, size_t *len);

#endif
