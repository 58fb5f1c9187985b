#include "jsonpos.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

/* Nesting cap, as in JSON parsers (jansson's is 2048). */
#define JSONPOS_MAX_DEPTH 2048

static size_t skip_ws(const char *t, size_t len, size_t p)
{
	while (p < len &&
	       (t[p] == ' ' || t[p] == '\t' || t[p] == '\n' || t[p] == '\r'))
		p++;
	return p;
}

/* The offset after the string whose quote is at p, or len when unended. */
static size_t skip_string(const char *t, size_t len, size_t p)
{
	for (p++; p < len; p++) {
		if (t[p] == '\\')
			p++;
		else if (t[p] == '"')
			return p + 1;
	}
	return len;
}

/* The offset after the value at p; len when malformed. */
static size_t skip_value(const char *t, size_t len, size_t p)
{
	size_t depth = 0;

	do {
		if (p >= len)
			return len;
		switch (t[p]) {
		case '"':
			p = skip_string(t, len, p);
			continue;
		case '{':
		case '[':
			if (++depth > JSONPOS_MAX_DEPTH)
				return len;
			p++;
			continue;
		case '}':
		case ']':
			if (!depth)
				return p; /* the end of the enclosing value */
			depth--;
			p++;
			continue;
		default:
			if (!depth) {
				/* a scalar: up to a delimiter */
				while (p < len && t[p] != ',' && t[p] != '}' &&
				       t[p] != ']' && t[p] != ' ' &&
				       t[p] != '\n' && t[p] != '\t' &&
				       t[p] != '\r')
					p++;
				return p;
			}
			p++;
		}
	} while (depth);
	return p;
}

/* Compares the JSON string at p (quote) with the decoded token. */
static bool string_equals(const char *t, size_t len, size_t p,
			  const char *tok, size_t tok_len)
{
	size_t i = 0;

	for (p++; p < len && t[p] != '"'; p++) {
		char c = t[p];

		if (c == '\\') {
			if (++p >= len)
				return false;
			switch (t[p]) {
			case 'n':
				c = '\n';
				break;
			case 't':
				c = '\t';
				break;
			case 'r':
				c = '\r';
				break;
			case 'b':
				c = '\b';
				break;
			case 'f':
				c = '\f';
				break;
			case 'u':
				return false; /* rare in keys: no match */
			default:
				c = t[p];
			}
		}
		if (i >= tok_len || tok[i] != c)
			return false;
		i++;
	}
	return i == tok_len;
}

/* Decodes the next pointer token into buf (~1 is /, ~0 is ~). */
static size_t next_token(const char **ptr, char *buf, size_t cap)
{
	const char *p = *ptr;
	size_t n = 0;

	for (p++; *p && *p != '/'; p++) {
		char c = *p;

		if (c == '~' && (p[1] == '0' || p[1] == '1')) {
			c = p[1] == '0' ? '~' : '/';
			p++;
		}
		if (n < cap)
			buf[n] = c;
		n++;
	}
	*ptr = p;
	return n;
}

void jsonpos_locate(const char *text, size_t len, size_t off,
		    struct jsonpos_loc *loc)
{
	unsigned line = 1;
	size_t ls = 0;

	if (off > len)
		off = len;
	for (const char *p = text; (p = memchr(p, '\n', (size_t)(text + off - p)));
	     p++) {
		line++;
		ls = (size_t)(p - text) + 1;
	}
	loc->offset = off;
	loc->line = line;
	loc->column = (unsigned)(off - ls) + 1;
}

int jsonpos_find(const char *text, size_t len, const char *pointer,
		 struct jsonpos_loc *key, struct jsonpos_loc *value)
{
	size_t p = skip_ws(text, len, 0), key_at = (size_t)-1;
	char tok[512];

	if (*pointer && *pointer != '/')
		return -1;
	while (*pointer) {
		size_t n = next_token(&pointer, tok, sizeof(tok));
		bool found = false;

		if (n >= sizeof(tok) || p >= len)
			return -1;
		if (text[p] == '{') {
			p = skip_ws(text, len, p + 1);
			while (p < len && text[p] == '"') {
				size_t k = p;
				bool match = string_equals(text, len, p, tok, n);

				p = skip_ws(text, len, skip_string(text, len, p));
				if (p >= len || text[p] != ':')
					return -1;
				p = skip_ws(text, len, p + 1);
				if (match) {
					key_at = k;
					found = true;
					break;
				}
				p = skip_ws(text, len, skip_value(text, len, p));
				if (p < len && text[p] == ',')
					p = skip_ws(text, len, p + 1);
			}
		} else if (text[p] == '[') {
			char *endp;
			unsigned long idx;

			tok[n] = '\0';
			idx = strtoul(tok, &endp, 10);
			if (!n || *endp)
				return -1;
			p = skip_ws(text, len, p + 1);
			for (unsigned long i = 0; p < len && text[p] != ']';
			     i++) {
				if (i == idx) {
					found = true;
					key_at = (size_t)-1;
					break;
				}
				p = skip_ws(text, len, skip_value(text, len, p));
				if (p < len && text[p] == ',')
					p = skip_ws(text, len, p + 1);
			}
		}
		if (!found)
			return -1;
	}
	if (p >= len)
		return -1;
	if (value)
		jsonpos_locate(text, len, p, value);
	if (key) {
		if (key_at == (size_t)-1)
			return value ? 0 : -1;
		jsonpos_locate(text, len, key_at, key);
	}
	return 0;
}

static unsigned hex4(const char *t, size_t len, size_t p)
{
	unsigned v = 0;

	for (size_t i = 0; i < 4; i++) {
		char c = p + i < len ? t[p + i] : '0';

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
	}
	return v;
}

size_t jsonpos_string_offset(const char *text, size_t len, size_t quote,
			     size_t index)
{
	size_t p = quote + 1, at = 0;

	while (p < len && text[p] != '"') {
		size_t raw = 1, decoded = 1;

		if (text[p] == '\\' && p + 1 < len) {
			raw = 2;
			if (text[p + 1] == 'u') {
				unsigned cp = hex4(text, len, p + 2);

				raw = 6;
				if (cp >= 0xd800 && cp < 0xdc00 && p + 7 < len &&
				    text[p + 6] == '\\' && text[p + 7] == 'u') {
					raw = 12;
					decoded = 4;
				} else {
					decoded = cp < 0x80 ? 1 : cp < 0x800 ? 2 : 3;
				}
			}
		}
		if (index < at + decoded)
			return p;
		at += decoded;
		p += raw;
	}
	return p < len ? p : len;
}

int jsonpos_pointer_push(char *pointer, size_t len, size_t cap,
			 const char *token, size_t token_len)
{
	size_t n = len;

	if (n + 1 >= cap)
		return -1;
	pointer[n++] = '/';
	for (size_t i = 0; i < token_len; i++) {
		const char *esc = token[i] == '~' ? "~0" : token[i] == '/' ? "~1" : NULL;

		if (n + (esc ? 2 : 1) >= cap) {
			pointer[len] = '\0';
			return -1;
		}
		if (esc) {
			pointer[n++] = esc[0];
			pointer[n++] = esc[1];
		} else {
			pointer[n++] = token[i];
		}
	}
	pointer[n] = '\0';
	return (int)n;
}
