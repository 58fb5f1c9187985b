#include "manifest/jsonloc.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

#define JSONLOC_MAX_DEPTH 512

struct scanner {
	struct jsonloc *loc;
	struct strbuf names;
	size_t pos;
	unsigned depth;
};

static void skip_space(struct scanner *s)
{
	const char *t = s->loc->text;

	while (s->pos < s->loc->len && (t[s->pos] == ' ' || t[s->pos] == '\t' ||
					t[s->pos] == '\n' || t[s->pos] == '\r'))
		s->pos++;
}

/* Pointers are kept in one buffer (an allocation per member costs more
 * than the scan); entries hold offsets into it until the scan ends. */
static void add_entry(struct jsonloc *loc, struct strbuf *names,
		      const struct strbuf *pointer, size_t key_offset,
		      size_t value_offset, size_t value_end)
{
	struct jsonloc_entry *e;

	XGROW(loc->items, loc->nr + 1, loc->alloc);
	e = &loc->items[loc->nr++];
	e->pointer = (char *)(uintptr_t)names->len;
	strbuf_add(names, pointer->buf, pointer->len + 1);
	e->key_offset = key_offset;
	e->value_offset = value_offset;
	e->value_end = value_end;
}

/* Four hex digits at s->pos, consumed; -1 if malformed. */
static long read_hex4(struct scanner *s)
{
	long v = 0;

	if (s->loc->len - s->pos < 4)
		return -1;
	for (int i = 0; i < 4; i++) {
		char c = s->loc->text[s->pos + (size_t)i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= c - '0';
		else if (c >= 'a' && c <= 'f')
			v |= c - 'a' + 10;
		else if (c >= 'A' && c <= 'F')
			v |= c - 'A' + 10;
		else
			return -1;
	}
	s->pos += 4;
	return v;
}

/* The code point of a backslash-u escape (a surrogate pair whole),
 * the escape at s->pos just after the 'u'; U+FFFD when malformed. */
static long read_u_escape(struct scanner *s)
{
	long hi = read_hex4(s), lo;

	if (hi < 0xd800 || hi > 0xdbff)
		return hi < 0 || (hi >= 0xdc00 && hi <= 0xdfff) ? 0xfffd : hi;
	if (s->loc->len - s->pos < 6 || s->loc->text[s->pos] != '\\' ||
	    s->loc->text[s->pos + 1] != 'u')
		return 0xfffd;
	s->pos += 2;
	lo = read_hex4(s);
	if (lo < 0xdc00 || lo > 0xdfff)
		return 0xfffd;
	return 0x10000 + ((hi - 0xd800) << 10) + (lo - 0xdc00);
}

/* Appends code point cp as UTF-8, as jansson decodes it. */
static void add_utf8(struct strbuf *sb, long cp)
{
	if (cp < 0x80) {
		strbuf_addch(sb, (char)cp);
	} else if (cp < 0x800) {
		strbuf_addch(sb, (char)(0xc0 | (cp >> 6)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else if (cp < 0x10000) {
		strbuf_addch(sb, (char)(0xe0 | (cp >> 12)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	} else {
		strbuf_addch(sb, (char)(0xf0 | (cp >> 18)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 12) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | ((cp >> 6) & 0x3f)));
		strbuf_addch(sb, (char)(0x80 | (cp & 0x3f)));
	}
}

/* Appends a decoded JSON string (at s->pos, a quote) escaped for a pointer. */
static void scan_key(struct scanner *s, struct strbuf *pointer)
{
	const char *t = s->loc->text;

	s->pos++;
	while (s->pos < s->loc->len && t[s->pos] != '"') {
		char c = t[s->pos++];

		if (c == '\\' && s->pos < s->loc->len) {
			c = t[s->pos++];
			switch (c) {
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
				add_utf8(pointer, read_u_escape(s));
				continue;
			default:
				break;
			}
		}
		if (c == '~')
			strbuf_adds(pointer, "~0");
		else if (c == '/')
			strbuf_adds(pointer, "~1");
		else
			strbuf_addch(pointer, c);
	}
	s->pos++;
}

/* Past the string at s->pos: the next quote not escaped, found with
 * memchr (strings such as a notebook's images are most of the bytes). */
static void skip_string(struct scanner *s)
{
	const char *t = s->loc->text;
	size_t p = s->pos + 1;

	for (;;) {
		const char *q = p < s->loc->len
				    ? memchr(t + p, '"', s->loc->len - p)
				    : NULL;
		size_t bs = 0;

		if (!q) {
			s->pos = s->loc->len + 1;
			return;
		}
		p = (size_t)(q - t);
		while (p - bs > s->pos + 1 && t[p - bs - 1] == '\\')
			bs++;
		p++;
		if (!(bs & 1)) {
			s->pos = p;
			return;
		}
	}
}

static void scan_value(struct scanner *s, struct strbuf *pointer,
		       size_t key_offset);

static void scan_members(struct scanner *s, struct strbuf *pointer, bool object)
{
	const char *t = s->loc->text;
	size_t base = pointer->len;
	size_t index = 0;

	s->pos++;
	for (;;) {
		size_t key_offset;

		skip_space(s);
		if (s->pos >= s->loc->len || t[s->pos] == (object ? '}' : ']'))
			break;
		key_offset = s->pos;
		strbuf_addch(pointer, '/');
		if (object) {
			if (t[s->pos] != '"')
				break;
			scan_key(s, pointer);
			skip_space(s);
			if (s->pos >= s->loc->len || t[s->pos] != ':')
				break;
			s->pos++;
			skip_space(s);
		} else {
			strbuf_addf(pointer, "%zu", index++);
		}
		scan_value(s, pointer, key_offset);
		pointer->len = base;
		pointer->buf[base] = '\0';
		skip_space(s);
		if (s->pos < s->loc->len && t[s->pos] == ',')
			s->pos++;
		else
			break;
	}
	pointer->len = base;
	pointer->buf[base] = '\0';
	skip_space(s);
	if (s->pos < s->loc->len)
		s->pos++;
}

static void scan_value(struct scanner *s, struct strbuf *pointer,
		       size_t key_offset)
{
	const char *t = s->loc->text;
	size_t start = s->pos;
	size_t index;

	if (s->pos >= s->loc->len)
		return;
	index = s->loc->nr;
	add_entry(s->loc, &s->names, pointer, key_offset, start, start);
	if ((t[s->pos] == '{' || t[s->pos] == '[') &&
	    s->depth < JSONLOC_MAX_DEPTH) {
		s->depth++;
		scan_members(s, pointer, t[s->pos] == '{');
		s->depth--;
	} else if (t[s->pos] == '"') {
		skip_string(s);
	} else {
		while (s->pos < s->loc->len && !strchr(",]} \t\r\n", t[s->pos]))
			s->pos++;
	}
	s->loc->items[index].value_end =
	    s->pos > s->loc->len ? s->loc->len : s->pos;
}

/* Moves the cursor (offset *off at *line, *column) to offset to. */
static void advance(const char *text, size_t *off, unsigned *line,
		    unsigned *column, size_t to)
{
	if (to < *off) {
		*off = 0;
		*line = *column = 1;
	}
	for (; *off < to; ++*off) {
		if (text[*off] == '\n') {
			++*line;
			*column = 1;
		} else if (((unsigned char)text[*off] & 0xc0) != 0x80) {
			++*column;
		}
	}
}

static int entry_cmp(const void *a, const void *b)
{
	const struct jsonloc_entry *const *x = a, *const *y = b;
	int c = strcmp((*x)->pointer, (*y)->pointer);

	/* Equal pointers (a duplicate key) keep document order. */
	if (!c && *x != *y)
		return *x < *y ? -1 : 1;
	return c;
}

static int pointer_cmp(const void *key, const void *member)
{
	const struct jsonloc_entry *const *m = member;

	return strcmp(key, (*m)->pointer);
}

void jsonloc_scan(struct jsonloc *loc, const char *text, size_t len)
{
	struct scanner s = {.loc = loc, .names = STRBUF_INIT};
	struct strbuf pointer = STRBUF_INIT;

	memset(loc, 0, sizeof(*loc));
	loc->text = text;
	loc->len = len;
	strbuf_adds(&pointer, "");
	skip_space(&s);
	scan_value(&s, &pointer, s.pos);
	strbuf_release(&pointer);
	loc->names = strbuf_detach(&s.names, NULL);
	for (size_t i = 0; i < loc->nr; i++)
		loc->items[i].pointer =
		    loc->names + (uintptr_t)loc->items[i].pointer;
}

void jsonloc_init(struct jsonloc *loc, const char *text, size_t len)
{
	jsonloc_scan(loc, text, len);
	/* Offsets only grow from one entry to the next: one pass gives every
	 * line and column (a lookup per message would be quadratic). */
	{
		size_t off = 0;
		unsigned line = 1, column = 1;

		for (size_t i = 0; i < loc->nr; i++) {
			struct jsonloc_entry *e = &loc->items[i];

			advance(text, &off, &line, &column, e->key_offset);
			e->key_line = line;
			e->key_column = column;
			advance(text, &off, &line, &column, e->value_offset);
			e->value_line = line;
			e->value_column = column;
		}
	}
	/* Lookups by pointer in O(log n): a manifest of 10,000 JARs asks
	 * for every JAR's position. */
	loc->by_pointer = xcalloc(loc->nr + 1, sizeof(*loc->by_pointer));
	for (size_t i = 0; i < loc->nr; i++)
		loc->by_pointer[i] = &loc->items[i];
	qsort(loc->by_pointer, loc->nr, sizeof(*loc->by_pointer), entry_cmp);
}

void jsonloc_release(struct jsonloc *loc)
{
	free(loc->names);
	free(loc->items);
	free(loc->by_pointer);
	memset(loc, 0, sizeof(*loc));
}

const struct jsonloc_entry *jsonloc_get(const struct jsonloc *loc,
					const char *pointer)
{
	struct jsonloc_entry **found;

	if (!loc->by_pointer)
		return NULL;
	found = bsearch(pointer, loc->by_pointer, loc->nr,
			sizeof(*loc->by_pointer), pointer_cmp);
	if (!found)
		return NULL;
	/* The first in document order, as a duplicate key's reader sees. */
	while (found > loc->by_pointer && !strcmp(found[-1]->pointer, pointer))
		found--;
	return *found;
}

void jsonloc_line_column(const char *text, size_t offset, unsigned *line,
			 unsigned *column)
{
	size_t off = 0;

	*line = *column = 1;
	advance(text, &off, line, column, offset);
}

bool jsonloc_find(const struct jsonloc *loc, const char *pointer, bool at_value,
		  unsigned *line, unsigned *column)
{
	const struct jsonloc_entry *e = jsonloc_get(loc, pointer);

	*line = *column = 0;
	if (!e)
		return false;
	*line = at_value ? e->value_line : e->key_line;
	*column = at_value ? e->value_column : e->key_column;
	return true;
}

/* ---- inside strings, and pointers ---- */

static unsigned hex4_at(const char *t, size_t len, size_t p)
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

void jsonloc_string_seek(const char *text, size_t len, struct jsonloc_cursor *c,
			 size_t index)
{
	while (c->raw < len && text[c->raw] != '"') {
		size_t raw = 1, decoded = 1, p = c->raw;

		if (text[p] == '\\' && p + 1 < len) {
			raw = 2;
			if (text[p + 1] == 'u') {
				unsigned cp = hex4_at(text, len, p + 2);

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
		if (index < c->decoded + decoded)
			return;
		c->decoded += decoded;
		c->raw += raw;
	}
	if (c->raw > len)
		c->raw = len;
}

size_t jsonloc_string_offset(const char *text, size_t len, size_t quote,
			     size_t index)
{
	struct jsonloc_cursor c = {quote + 1, 0};

	jsonloc_string_seek(text, len, &c, index);
	return c.raw < len ? c.raw : len;
}

int jsonloc_pointer_push(char *pointer, size_t len, size_t cap,
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
