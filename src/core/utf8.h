#ifndef JARBAKE_UTF8_H
#define JARBAKE_UTF8_H

#include <stddef.h>

/*
 * The length (1 to 4) of the valid UTF-8 sequence at s (NUL-terminated),
 * its code point in *cp (may be NULL); 0 when s starts with a byte that
 * is not valid UTF-8 there (overlong forms and surrogates are invalid).
 */
size_t utf8_sequence(const char *s, unsigned *cp);

#endif
