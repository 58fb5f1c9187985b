#ifndef JARBAKE_UTF8_H
#define JARBAKE_UTF8_H

#include <stddef.h>

/*
 * The length (1 to 4) of the valid UTF-8 sequence at s, its code point in
 * *cp (cp may be NULL); 0 when s starts no valid sequence (a stray or
 * truncated byte, an overlong form, a surrogate). s must be NUL-terminated
 * (a NUL is a sequence of length 1).
 */
size_t utf8_decode(const char *s, unsigned *cp);

#endif
