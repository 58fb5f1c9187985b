#include "manifest/jsonpos.h"

#include <stddef.h>

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
				if (cp >= 0xd800 && cp < 0xdc00 &&
				    p + 7 < len && text[p + 6] == '\\' &&
				    text[p + 7] == 'u') {
					raw = 12;
					decoded = 4;
				} else {
					decoded = cp < 0x80    ? 1
						  : cp < 0x800 ? 2
							       : 3;
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
		const char *esc = token[i] == '~'   ? "~0"
				  : token[i] == '/' ? "~1"
						    : NULL;

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
