#include "jsonloc.h"

#include <stdlib.h>
#include <string.h>

#include "strbuf.h"
#include "xalloc.h"

#define JSONLOC_MAX_DEPTH 512

struct scanner {
	struct jsonloc *loc;
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

static void add_entry(struct jsonloc *loc, const char *pointer,
		      size_t key_offset, size_t value_offset, size_t value_end)
{
	struct jsonloc_entry *e;

	XGROW(loc->items, loc->nr + 1, loc->alloc);
	e = &loc->items[loc->nr++];
	e->pointer = xstrdup(pointer);
	e->key_offset = key_offset;
	e->value_offset = value_offset;
	e->value_end = value_end;
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
				/* Kept verbatim: keys we look up are ASCII. */
				strbuf_adds(pointer, "\\u");
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

static void skip_string(struct scanner *s)
{
	const char *t = s->loc->text;

	s->pos++;
	while (s->pos < s->loc->len && t[s->pos] != '"')
		s->pos += t[s->pos] == '\\' ? 2 : 1;
	s->pos++;
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
	XGROW(s->loc->items, s->loc->nr + 1, s->loc->alloc);
	index = s->loc->nr;
	add_entry(s->loc, pointer->buf, key_offset, start, start);
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

void jsonloc_init(struct jsonloc *loc, const char *text, size_t len)
{
	struct scanner s = {.loc = loc};
	struct strbuf pointer = STRBUF_INIT;

	memset(loc, 0, sizeof(*loc));
	loc->text = text;
	loc->len = len;
	strbuf_adds(&pointer, "");
	skip_space(&s);
	scan_value(&s, &pointer, s.pos);
	strbuf_release(&pointer);
}

void jsonloc_release(struct jsonloc *loc)
{
	for (size_t i = 0; i < loc->nr; i++)
		free(loc->items[i].pointer);
	free(loc->items);
	memset(loc, 0, sizeof(*loc));
}

const struct jsonloc_entry *jsonloc_get(const struct jsonloc *loc,
					const char *pointer)
{
	for (size_t i = 0; i < loc->nr; i++)
		if (!strcmp(loc->items[i].pointer, pointer))
			return &loc->items[i];
	return NULL;
}

void jsonloc_line_column(const char *text, size_t offset, unsigned *line,
			 unsigned *column)
{
	*line = 1;
	*column = 1;
	for (size_t i = 0; i < offset; i++) {
		if (text[i] == '\n') {
			++*line;
			*column = 1;
		} else if (((unsigned char)text[i] & 0xc0) != 0x80) {
			++*column;
		}
	}
}

bool jsonloc_find(const struct jsonloc *loc, const char *pointer, bool at_value,
		  unsigned *line, unsigned *column)
{
	const struct jsonloc_entry *e = jsonloc_get(loc, pointer);

	*line = *column = 0;
	if (!e)
		return false;
	jsonloc_line_column(loc->text,
			    at_value ? e->value_offset : e->key_offset, line,
			    column);
	return true;
}
