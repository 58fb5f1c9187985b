#ifndef JARBAKE_TERM_H
#define JARBAKE_TERM_H

#include <stdbool.h>
#include <stdio.h>

enum term_color { TERM_RESET, TERM_RED, TERM_YELLOW, TERM_GREEN, TERM_BOLD };

/* True when stream is a terminal and NO_COLOR is unset or empty. */
bool term_use_color(FILE *stream);

/* The escape sequence for color on stream, or "" when color is off. */
const char *term_color(FILE *stream, enum term_color color);

/*
 * Writes s with every control byte as '?': file names and messages that
 * quote input (an image's paths, a repository's file names) must not move
 * the cursor, clear the terminal or forge another line.
 */
void term_fputs_printable(const char *s, FILE *out);
/* c, or '?' when it is a control byte: the one filter of the above. */
char term_printable(char c);

#endif
