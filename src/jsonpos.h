#ifndef JARBAKE_JSONPOS_H
#define JARBAKE_JSONPOS_H

#include <stddef.h>

/*
 * Positions in raw JSON text, which JSON parsers (jansson) do not keep:
 * where the key and the value named by a JSON pointer (RFC 6901, e.g.
 * "/cells/3/source/0") sit, and where a character of a decoded string is
 * in the raw text. Generic: it knows JSON, nothing of our formats.
 * It scans the text each call (no index kept), so it suits a few lookups
 * per document, such as one per finding. Malformed text fails softly.
 */

struct jsonpos_loc {
	size_t offset; /* byte offset of the first character */
	unsigned line, column; /* 1-based; column counts bytes */
};

/*
 * Finds the value at pointer. Fills *value (its first character: the
 * quote of a string, '{', '[', a digit...) and, when the value is an
 * object member and key is not NULL, *key (the key's opening quote).
 * Returns 0, or -1 when the pointer names nothing or the text is malformed.
 */
int jsonpos_find(const char *text, size_t len, const char *pointer,
		 struct jsonpos_loc *key, struct jsonpos_loc *value);

/*
 * For the string whose opening quote is at offset quote, the raw offset
 * of the byte at decoded index (escapes such as \n, \u00e9 decoded as UTF-8
 * the way JSON parsers do). An index past the end gives the closing quote.
 */
size_t jsonpos_string_offset(const char *text, size_t len, size_t quote,
			     size_t index);

/* Line and column (1-based) of byte offset off. */
void jsonpos_locate(const char *text, size_t len, size_t off,
		    struct jsonpos_loc *loc);

/*
 * Appends token to a JSON pointer buffer of size cap, as "/" + the token
 * escaped (~ as ~0, / as ~1). Returns the new length, or -1 when it would
 * not fit (the buffer is then unchanged).
 */
int jsonpos_pointer_push(char *pointer, size_t len, size_t cap,
			 const char *token, size_t token_len);

#endif
