#include "core/findings.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"

void findings_init(struct findings *f)
{
	f->items = NULL;
	f->nr = f->alloc = 0;
}

void findings_truncate(struct findings *f, size_t nr)
{
	for (size_t i = nr; i < f->nr; i++) {
		free(f->items[i].file);
		free(f->items[i].rule);
		free(f->items[i].message);
	}
	if (nr < f->nr)
		f->nr = nr;
}

void findings_release(struct findings *f)
{
	findings_truncate(f, 0);
	free(f->items);
	findings_init(f);
}

void findings_add(struct findings *f, const char *file, unsigned line,
		  unsigned column, enum severity severity, const char *rule,
		  const char *fmt, ...)
{
	struct finding *item;
	va_list ap;
	int len;

	XGROW(f->items, f->nr + 1, f->alloc);
	item = &f->items[f->nr++];
	item->file = xstrdup(file ? file : "");
	item->line = line;
	item->column = column;
	item->severity = severity;
	item->rule = xstrdup(rule ? rule : "");
	va_start(ap, fmt);
	len = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	item->message = xmalloc(len > 0 ? (size_t)len + 1 : 1);
	item->message[0] = '\0';
	va_start(ap, fmt);
	if (len > 0)
		vsnprintf(item->message, (size_t)len + 1, fmt, ap);
	va_end(ap);
}

static int finding_cmp(const void *a, const void *b)
{
	const struct finding *x = a, *y = b;
	int c = strcmp(x->file, y->file);

	if (c)
		return c;
	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	c = strcmp(x->rule, y->rule);
	return c ? c : strcmp(x->message, y->message);
}

void findings_sort(struct findings *f)
{
	if (f->nr > 1)
		qsort(f->items, f->nr, sizeof(*f->items), finding_cmp);
}

size_t findings_count(const struct findings *f, enum severity severity)
{
	size_t n = 0;

	for (size_t i = 0; i < f->nr; i++)
		n += f->items[i].severity == severity;
	return n;
}
