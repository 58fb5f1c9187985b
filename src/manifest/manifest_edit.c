#include "manifest/manifest_edit.h"

#include <inttypes.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "manifest/jsonloc.h"
#include "core/xalloc.h"

/* A member of an object: offsets of its key's quote, one past the key's
 * closing quote, and its value. */
struct member {
	const char *name; /* the pointer's last segment, borrowed from loc */
	size_t key, key_end, value, value_end;
};

static int edit_error(const struct manifest_edit *me, size_t off,
		      const char *what, struct error *e)
{
	unsigned line, col;

	jsonloc_line_column(me->text.buf, off < me->text.len ? off : 0, &line,
			    &col);
	return err_set_at(e, me->path, line, col, "%s", what);
}

static bool is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * The members of the object at pointer, in text order (jsonloc records
 * entries in document order; a direct child's pointer adds one segment).
 * Returns the count; *out is the caller's to free.
 */
static size_t list_members(const struct jsonloc *loc, const char *pointer,
			   struct member **out)
{
	size_t plen = strlen(pointer), nr = 0, alloc = 0;

	*out = NULL;
	for (size_t i = 0; i < loc->nr; i++) {
		const struct jsonloc_entry *en = &loc->items[i];
		struct member m;
		size_t p;

		if (strncmp(en->pointer, pointer, plen) ||
		    en->pointer[plen] != '/' ||
		    strchr(en->pointer + plen + 1, '/'))
			continue;
		/* Back from the value over ':' and blanks to the key's end. */
		p = en->value_offset;
		while (p > en->key_offset && is_space(loc->text[p - 1]))
			p--;
		if (p > en->key_offset && loc->text[p - 1] == ':')
			p--;
		while (p > en->key_offset && is_space(loc->text[p - 1]))
			p--;
		m.name = en->pointer + plen + 1;
		m.key = en->key_offset;
		m.key_end = p;
		m.value = en->value_offset;
		m.value_end = en->value_end;
		XGROW(*out, nr + 1, alloc);
		(*out)[nr++] = m;
	}
	return nr;
}

/*
 * Index of the member named key, or -1. Keys are compared as pointer
 * segments, which is exact for the plain ASCII keys of a manifest.
 */
static long find_member(const struct member *items, size_t nr, const char *key)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(items[i].name, key))
			return (long)i;
	return -1;
}

/* Replaces text[start, end) with len bytes of with. */
static void splice(struct strbuf *text, size_t start, size_t end,
		   const char *with, size_t len)
{
	struct strbuf out = STRBUF_INIT;

	strbuf_add(&out, text->buf, start);
	strbuf_add(&out, with, len);
	strbuf_add(&out, text->buf + end, text->len - end);
	strbuf_release(text);
	*text = out;
}

static const char *newline_of(const char *s, size_t len)
{
	const char *nl = memchr(s, '\n', len);

	return nl && nl > s && nl[-1] == '\r' ? "\r\n" : "\n";
}

/*
 * The indentation of the line holding offset off when only whitespace
 * precedes off on it (then returns true), else as many spaces as off's
 * column (then false).
 */
static bool indent_of(const char *s, size_t off, struct strbuf *out)
{
	size_t bol = off;
	bool blank = true;

	while (bol > 0 && s[bol - 1] != '\n')
		bol--;
	for (size_t i = bol; i < off; i++)
		if (s[i] != ' ' && s[i] != '\t')
			blank = false;
	strbuf_reset(out);
	if (blank) {
		strbuf_add(out, s + bol, off - bol);
		return true;
	}
	for (size_t i = bol; i < off; i++)
		strbuf_addch(out, ' ');
	return false;
}

/*
 * The separator to put between a new member and the member it follows:
 * the one already between two siblings, else one made from the layout of
 * a lone member (own line: newline and its indentation; else ", ").
 */
static void member_separator(const char *s, size_t obj,
			     const struct member *items, size_t nr,
			     size_t after, struct strbuf *sep)
{
	strbuf_reset(sep);
	if (after + 1 < nr) {
		strbuf_add(sep, s + items[after].value_end,
			   items[after + 1].key - items[after].value_end);
	} else if (after > 0) {
		strbuf_add(sep, s + items[after - 1].value_end,
			   items[after].key - items[after - 1].value_end);
	} else if (memchr(s + obj, '\n', items[0].key - obj)) {
		struct strbuf ind = STRBUF_INIT;

		indent_of(s, items[0].key, &ind);
		strbuf_addch(sep, ',');
		strbuf_adds(sep, newline_of(s + obj, items[0].key - obj));
		strbuf_add(sep, ind.buf, ind.len);
		strbuf_release(&ind);
	} else {
		strbuf_adds(sep, ", ");
	}
}

/* "S", JSON-escaped. */
static void add_json_string(struct strbuf *out, const char *s)
{
	strbuf_addch(out, '"');
	strbuf_add_json_escaped(out, s);
	strbuf_addch(out, '"');
}

/*
 * Sets key in the object at pointer to json (see manifest_edit_jar_set).
 * *key_off (may be NULL) gets the offset of the key in the new text.
 */
static int object_set(struct manifest_edit *me, const char *pointer,
		      const char *key, const char *json,
		      const char *const *after, size_t *key_off,
		      struct error *e)
{
	struct strbuf ins = STRBUF_INIT;
	const char *s = me->text.buf;
	const struct jsonloc_entry *obj;
	struct member *items = NULL;
	struct jsonloc loc;
	size_t nr, at, start, end;
	long idx, anchor = -1;
	int ret = -1;

	jsonloc_init(&loc, me->text.buf, me->text.len);
	obj = jsonloc_get(&loc, pointer);
	if (!obj) {
		err_set(e, "no '%s' in '%s'", pointer, me->path);
		goto out;
	}
	if (s[obj->value_offset] != '{' ||
	    obj->value_end - obj->value_offset < 2 ||
	    s[obj->value_end - 1] != '}') {
		edit_error(me, obj->value_offset, "expected a JSON object", e);
		goto out;
	}
	nr = list_members(&loc, pointer, &items);
	idx = find_member(items, nr, key);
	if (idx >= 0) {
		at = items[idx].key;
		start = items[idx].value;
		end = items[idx].value_end;
		strbuf_adds(&ins, json);
		goto splice;
	}
	for (size_t i = 0; i < nr; i++)
		for (size_t k = 0; after && after[k]; k++)
			if (!strcmp(items[i].name, after[k]))
				anchor = (long)i;
	if (anchor < 0)
		anchor = (long)nr - 1;
	if (anchor < 0) {
		/* An empty object: "{}" becomes "{ "key": value }". */
		start = obj->value_offset + 1;
		end = obj->value_end - 1;
		at = start + 1;
		strbuf_adds(&ins, " ");
	} else {
		const struct member *a = &items[anchor];

		member_separator(s, obj->value_offset, items, nr,
				 (size_t)anchor, &ins);
		start = end = a->value_end;
		at = start + ins.len;
	}
	add_json_string(&ins, key);
	/* The key-value separator of a sibling, e.g. ": " or " : ". */
	if (anchor >= 0)
		strbuf_add(&ins, s + items[anchor].key_end,
			   items[anchor].value - items[anchor].key_end);
	else
		strbuf_adds(&ins, ": ");
	strbuf_adds(&ins, json);
	if (anchor < 0)
		strbuf_adds(&ins, " ");
splice:
	jsonloc_release(&loc); /* it borrows the text that splice replaces */
	splice(&me->text, start, end, ins.buf, ins.len);
	if (key_off)
		*key_off = at;
	ret = 0;
out:
	jsonloc_release(&loc);
	free(items);
	strbuf_release(&ins);
	return ret;
}

void manifest_edit_init(struct manifest_edit *me, const char *path,
			const char *text, size_t len)
{
	me->path = xstrdup(path ? path : "");
	strbuf_init(&me->text);
	strbuf_add(&me->text, text, len);
}

void manifest_edit_release(struct manifest_edit *me)
{
	free(me->path);
	me->path = NULL;
	strbuf_release(&me->text);
}

int manifest_edit_jar_set(struct manifest_edit *me, size_t jar, const char *key,
			  const char *json, const char *const *after,
			  struct error *e)
{
	char pointer[48];

	snprintf(pointer, sizeof(pointer), "/jars/%zu", jar);
	return object_set(me, pointer, key, json, after, NULL, e);
}

bool manifest_edit_jar_has(const struct manifest_edit *me, size_t jar,
			   const char *key)
{
	struct jsonloc loc;
	char *pointer = xasprintf("/jars/%zu/%s", jar, key);
	bool found;

	jsonloc_init(&loc, me->text.buf, me->text.len);
	found = jsonloc_get(&loc, pointer) != NULL;
	jsonloc_release(&loc);
	free(pointer);
	return found;
}

int manifest_edit_jar_set_string(struct manifest_edit *me, size_t jar,
				 const char *key, const char *value,
				 const char *const *after, struct error *e)
{
	struct strbuf json = STRBUF_INIT;
	int ret;

	add_json_string(&json, value);
	ret = manifest_edit_jar_set(me, jar, key, json.buf, after, e);
	strbuf_release(&json);
	return ret;
}

int manifest_edit_jar_set_uint(struct manifest_edit *me, size_t jar,
			       const char *key, uint64_t value,
			       const char *const *after, struct error *e)
{
	char json[24];

	snprintf(json, sizeof(json), "%" PRIu64, value);
	return manifest_edit_jar_set(me, jar, key, json, after, e);
}

/* Renders item i of a list (the items: a list_item_fn's own type). */
typedef void (*list_item_fn)(struct strbuf *out, const void *items, size_t i);

/*
 * Sets key of the object at pointer to a list of nr items: one a line in
 * the file's indentation when the key stands on its own line, else on one
 * line. A new key goes after the first of after that exists.
 */
static int set_list(struct manifest_edit *me, const char *pointer,
		    const char *key, const char *const *after,
		    list_item_fn item, const void *items, size_t nr,
		    struct error *e)
{
	struct strbuf ind = STRBUF_INIT, json = STRBUF_INIT;
	const char *nl = newline_of(me->text.buf, me->text.len);
	size_t key_off = 0;
	bool own_line;
	int ret = -1;

	/*
	 * Insert a placeholder first: only then is the key's place, and so
	 * its indentation, known. Then render the list for that place.
	 */
	if (object_set(me, pointer, key, "[]", after, &key_off, e))
		goto out;
	own_line = indent_of(me->text.buf, key_off, &ind);
	strbuf_addch(&json, '[');
	for (size_t i = 0; i < nr; i++) {
		if (own_line)
			strbuf_addf(&json, "%s%s  ", nl, ind.buf);
		else if (i)
			strbuf_addch(&json, ' ');
		item(&json, items, i);
		if (i + 1 < nr)
			strbuf_addch(&json, ',');
	}
	if (own_line && nr)
		strbuf_addf(&json, "%s%s", nl, ind.buf);
	strbuf_addch(&json, ']');
	if (object_set(me, pointer, key, json.buf, NULL, NULL, e))
		goto out;
	ret = 0;
out:
	strbuf_release(&json);
	strbuf_release(&ind);
	return ret;
}

static void base_jar_item(struct strbuf *out, const void *items, size_t i)
{
	const struct manifest_base_jar *j =
	    (const struct manifest_base_jar *)items + i;

	strbuf_adds(out, "{ \"file\": ");
	add_json_string(out, j->file);
	strbuf_adds(out, ", \"sha256\": ");
	add_json_string(out, j->sha256);
	strbuf_adds(out, " }");
}

int manifest_edit_set_base_jars(struct manifest_edit *me,
				const struct manifest_base_jar *jars, size_t nr,
				struct error *e)
{
	static const char *const after[] = {"jars", NULL};

	return set_list(me, "", "base_jars", after, base_jar_item, jars, nr, e);
}

static void string_item(struct strbuf *out, const void *items, size_t i)
{
	add_json_string(out, ((char *const *)items)[i]);
}

int manifest_edit_set_base(struct manifest_edit *me, const char *base,
			   char *const *layers, size_t nr, struct error *e)
{
	static const char *const after[] = {"base", NULL};
	struct strbuf json = STRBUF_INIT;
	int ret;

	add_json_string(&json, base);
	ret = object_set(me, "/image", "base", json.buf, NULL, NULL, e);
	strbuf_release(&json);
	if (ret)
		return ret;
	return set_list(me, "/image", "base_layers", after, string_item, layers,
			nr, e);
}

void manifest_edit_final_newline(struct manifest_edit *me)
{
	if (me->text.len && me->text.buf[me->text.len - 1] == '\n')
		return;
	strbuf_adds(&me->text, newline_of(me->text.buf, me->text.len));
}

int manifest_write_atomic(const char *path, const char *text, size_t len,
			  const char *expect, size_t expect_len,
			  struct error *e)
{
	char *real = realpath(path, NULL), *now = NULL;
	size_t now_len;
	int ret = -1;

	/* Through a symlink, replace its target, not the link. */
	if (!real)
		return err_set_errno(e, EXIT_IO, "cannot resolve '%s'", path);
	if (expect) {
		if (fs_read_file(real, MANIFEST_MAX_BYTES, &now, &now_len,
				 EXIT_IO, e))
			goto out;
		if (now_len != expect_len || memcmp(now, expect, now_len)) {
			err_set_code(e, EXIT_IO,
				     "'%s' changed while it was being locked; "
				     "nothing written, run 'jarbake lock' "
				     "again",
				     path);
			goto out;
		}
	}
	ret = fs_write_atomic(real, text, len, 0644, e);
out:
	free(now);
	free(real);
	return ret;
}
