#ifndef JARBAKE_JSONPOS_H
#define JARBAKE_JSONPOS_H

#include <stddef.h>

/*
 * Positions inside raw JSON strings, which JSON parsers (jansson) do not
 * keep and jsonloc (which maps JSON pointers to the offsets of keys and
 * values) does not go into: where the character at a decoded index of a
 * string sits in the text. And building JSON pointers (RFC 6901) to look
 * values up with jsonloc. Generic: nothing here knows our formats.
 */

/*
 * For the string whose opening quote is at offset quote, the raw offset
 * of the byte at decoded index (escapes such as \n, \u00e9 decoded as UTF-8
 * the way JSON parsers do). An index past the end gives the closing quote.
 */
size_t jsonpos_string_offset(const char *text, size_t len, size_t quote,
			     size_t index);

/*
 * Appends token to a JSON pointer buffer of size cap, as "/" + the token
 * escaped (~ as ~0, / as ~1). Returns the new length, or -1 when it would
 * not fit (the buffer is then unchanged).
 */
int jsonpos_pointer_push(char *pointer, size_t len, size_t cap,
			 const char *token, size_t token_len);

#endif
