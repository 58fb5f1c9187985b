#ifndef JARBAKE_JSONLOC_H
#define JARBAKE_JSONLOC_H

#include <stdbool.h>
#include <stddef.h>

/*
 * Positions in JSON text, which jansson does not keep: for every member
 * and element, its JSON pointer (RFC 6901) with the byte offsets of its
 * key and of its value. Used for line:column in messages and by editors
 * that splice values into the text while keeping its formatting.
 */
struct jsonloc_entry {
	char *pointer;	     /* "" for the root, "/jars/0/sha256", ... */
	size_t key_offset;   /* the opening quote of the key, else = value */
	size_t value_offset; /* the first byte of the value */
	size_t value_end;    /* one past the last byte of the value */
	unsigned key_line, key_column;	   /* of key_offset */
	unsigned value_line, value_column; /* of value_offset */
};

struct jsonloc {
	const char *text; /* borrowed */
	size_t len;
	struct jsonloc_entry *items; /* in document order */
	char *names;		     /* the pointers' storage */
	size_t nr, alloc;
	struct jsonloc_entry **by_pointer; /* the same, sorted for lookups */
};

/* Scans text, which should be valid JSON; a malformed tail is ignored. */
void jsonloc_init(struct jsonloc *loc, const char *text, size_t len);
/* The same without lines, columns and the index by pointer: items and
 * their offsets only (jsonloc_get and jsonloc_find find nothing). */
void jsonloc_scan(struct jsonloc *loc, const char *text, size_t len);
void jsonloc_release(struct jsonloc *loc);

/* The entry for pointer, or NULL. */
const struct jsonloc_entry *jsonloc_get(const struct jsonloc *loc,
					const char *pointer);

/*
 * 1-based line and column (in characters) of pointer's key, or of its
 * value when at_value. Returns false (and 0, 0) when pointer is unknown.
 */
bool jsonloc_find(const struct jsonloc *loc, const char *pointer, bool at_value,
		  unsigned *line, unsigned *column);

/* Line and column of a byte offset in text. */
void jsonloc_line_column(const char *text, size_t offset, unsigned *line,
			 unsigned *column);

/*
 * Positions inside raw JSON strings, which jansson does not keep: for the
 * string whose opening quote is at offset quote, the raw offset of the
 * byte at decoded index (escapes such as \n, \u00e9 decoded as UTF-8 the
 * way JSON parsers do). An index past the end gives the closing quote.
 */
size_t jsonloc_string_offset(const char *text, size_t len, size_t quote,
			     size_t index);

/* A place in a raw JSON string: the raw offset of a character and the
 * decoded index of its first byte. */
struct jsonloc_cursor {
	size_t raw, decoded;
};

/* Moves c forward to the character that holds decoded index (or to the
 * closing quote): what jsonloc_string_offset does from a known place, so
 * that many lookups in one long string each cost a step, not a walk. */
void jsonloc_string_seek(const char *text, size_t len, struct jsonloc_cursor *c,
			 size_t index);

/*
 * Appends token to a JSON pointer buffer of size cap, as "/" + the token
 * escaped (~ as ~0, / as ~1), to look values up with jsonloc_get. Returns
 * the new length, or -1 when it would not fit (the buffer is unchanged).
 */
int jsonloc_pointer_push(char *pointer, size_t len, size_t cap,
			 const char *token, size_t token_len);

#endif
