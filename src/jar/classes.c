#include "jar/classes.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

void class_conflicts_release(struct class_conflicts *c)
{
	for (size_t i = 0; i < c->nr; i++) {
		struct class_conflict *p = &c->items[i];

		free(p->first);
		free(p->second);
		for (size_t k = 0; k < p->nr_examples; k++)
			free(p->examples[k]);
		free(p->allowed_reason);
	}
	free(c->items);
	c->items = NULL;
	c->nr = c->alloc = 0;
}

bool classes_ignored(const char *name)
{
	return jar_entry_versioned(name, strlen(name));
}

/* ---- the merge ---- */

struct cursor {
	size_t jar, pos;
};

struct heap {
	struct cursor *items;
	size_t nr;
	const struct classes_jar *jars;
};

static const char *cursor_name(const struct heap *h, const struct cursor *c)
{
	return h->jars[c->jar].info->classes[c->pos].name;
}

static bool heap_less(const struct heap *h, size_t a, size_t b)
{
	int c =
	    strcmp(cursor_name(h, &h->items[a]), cursor_name(h, &h->items[b]));

	return c < 0 || (c == 0 && h->items[a].jar < h->items[b].jar);
}

static void heap_swap(struct heap *h, size_t a, size_t b)
{
	struct cursor t = h->items[a];

	h->items[a] = h->items[b];
	h->items[b] = t;
}

static void heap_down(struct heap *h, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < h->nr && heap_less(h, l, m))
			m = l;
		if (r < h->nr && heap_less(h, r, m))
			m = r;
		if (m == i)
			return;
		heap_swap(h, i, m);
		i = m;
	}
}

/* Advances the top cursor; drops it at the end of its JAR. */
static void heap_advance(struct heap *h)
{
	struct cursor *top = &h->items[0];

	if (++top->pos >= h->jars[top->jar].info->nr_classes)
		h->items[0] = h->items[--h->nr];
	if (h->nr)
		heap_down(h, 0);
}

/* ---- pairs ---- */

struct pair_slot {
	uint32_t a, b;	 /* jar indexes + 1; 0 = empty */
	size_t conflict; /* index into the result */
};

struct pairs {
	struct pair_slot *slots;
	size_t cap, used;
};

static size_t pair_hash(uint32_t a, uint32_t b)
{
	uint64_t x = ((uint64_t)a << 32 | b) * 0x9e3779b97f4a7c15ull;

	return (size_t)(x >> 17);
}

static struct pair_slot *pair_find(struct pairs *p, uint32_t a, uint32_t b)
{
	size_t i = pair_hash(a, b) & (p->cap - 1);

	while (p->slots[i].a && (p->slots[i].a != a || p->slots[i].b != b))
		i = (i + 1) & (p->cap - 1);
	return &p->slots[i];
}

static void pairs_grow(struct pairs *p)
{
	struct pairs bigger = {NULL, p->cap ? 2 * p->cap : 64, p->used};

	bigger.slots = xcalloc(bigger.cap, sizeof(*bigger.slots));
	for (size_t i = 0; i < p->cap; i++)
		if (p->slots[i].a)
			*pair_find(&bigger, p->slots[i].a, p->slots[i].b) =
			    p->slots[i];
	free(p->slots);
	*p = bigger;
}

static void count_pair(const struct classes_jar *jars, size_t x, size_t y,
		       const char *class_name, struct pairs *p,
		       struct class_conflicts *out)
{
	struct class_conflict *c;
	struct pair_slot *slot;
	uint32_t a, b;

	/* Order by name, so the pair reads the same whatever the input
	 * order. */
	if (strcmp(jars[x].name, jars[y].name) > 0) {
		size_t t = x;

		x = y;
		y = t;
	}
	a = (uint32_t)x + 1;
	b = (uint32_t)y + 1;
	if ((p->used + 1) * 2 > p->cap)
		pairs_grow(p);
	slot = pair_find(p, a, b);
	if (!slot->a) {
		slot->a = a;
		slot->b = b;
		slot->conflict = out->nr;
		p->used++;
		XGROW(out->items, out->nr + 1, out->alloc);
		c = &out->items[out->nr++];
		memset(c, 0, sizeof(*c));
		c->first = xstrdup(jars[x].name);
		c->second = xstrdup(jars[y].name);
	}
	c = &out->items[slot->conflict];
	c->count++;
	if (c->nr_examples < CLASSES_EXAMPLES)
		c->examples[c->nr_examples++] = xstrdup(class_name);
}

static int conflict_cmp(const void *pa, const void *pb)
{
	const struct class_conflict *a = pa, *b = pb;
	int c = strcmp(a->first, b->first);

	return c ? c : strcmp(a->second, b->second);
}

void classes_find_conflicts(const struct classes_jar *jars, size_t nr,
			    struct class_conflicts *out)
{
	struct heap h = {xcalloc(nr ? nr : 1, sizeof(struct cursor)), 0, jars};
	struct cursor *group = xcalloc(nr ? nr : 1, sizeof(*group));
	struct pairs pairs = {NULL, 0, 0};

	for (size_t i = 0; i < nr; i++)
		if (jars[i].info && jars[i].info->nr_classes)
			h.items[h.nr++] = (struct cursor){i, 0};
	for (size_t i = h.nr / 2; i-- > 0;)
		heap_down(&h, i);

	while (h.nr) {
		const char *name = cursor_name(&h, &h.items[0]);
		size_t n = 0;

		/* Every JAR providing name, once each. */
		while (h.nr && !strcmp(cursor_name(&h, &h.items[0]), name)) {
			if (!n || group[n - 1].jar != h.items[0].jar)
				group[n++] = h.items[0];
			/* name stays valid: it points into the info. */
			heap_advance(&h);
		}
		if (n < 2 || classes_ignored(name))
			continue;
		for (size_t i = 0; i < n; i++) {
			const struct jar_class *ci =
			    &jars[group[i].jar].info->classes[group[i].pos];

			for (size_t k = i + 1; k < n; k++) {
				const struct jar_class *ck =
				    &jars[group[k].jar]
					 .info->classes[group[k].pos];

				if (ci->crc32 == ck->crc32 &&
				    ci->size == ck->size)
					continue;
				count_pair(jars, group[i].jar, group[k].jar,
					   name, &pairs, out);
			}
		}
	}
	if (out->nr > 1)
		qsort(out->items, out->nr, sizeof(*out->items), conflict_cmp);
	free(pairs.slots);
	free(group);
	free(h.items);
}

void classes_apply_allowed(struct class_conflicts *c, const struct manifest *m)
{
	for (size_t i = 0; i < c->nr; i++) {
		struct class_conflict *p = &c->items[i];

		for (size_t k = 0; k < m->nr_allowed_overlaps; k++) {
			const struct manifest_allowed_overlap *o =
			    &m->allowed_overlaps[k];

			if ((!strcmp(o->first, p->first) &&
			     !strcmp(o->second, p->second)) ||
			    (!strcmp(o->first, p->second) &&
			     !strcmp(o->second, p->first))) {
				free(p->allowed_reason);
				p->allowed_reason =
				    xstrdup(o->reason ? o->reason : "");
				break;
			}
		}
	}
}

void classes_report(const struct class_conflicts *c, const char *dir,
		    enum severity severity, struct findings *out)
{
	for (size_t i = 0; i < c->nr; i++)
		classes_report_one(&c->items[i], dir, severity, out);
}

void classes_report_one(const struct class_conflict *p, const char *dir,
			enum severity severity, struct findings *out)
{
	struct strbuf msg = STRBUF_INIT;
	size_t n = dir ? strlen(dir) : 0;
	char *file =
	    dir ? xasprintf("%s%s%s", dir, n && dir[n - 1] == '/' ? "" : "/",
			    p->first)
		: xstrdup(p->first);

	strbuf_addf(&msg, "%zu class%s also in '%s' (", p->count,
		    p->count == 1 ? "" : "es", p->second);
	for (size_t k = 0; k < p->nr_examples; k++)
		strbuf_addf(&msg, "%s%s", k ? ", " : "", p->examples[k]);
	strbuf_adds(&msg, p->count > p->nr_examples ? ", ...)" : ")");
	if (p->allowed_reason)
		strbuf_addf(&msg, "; allowed by the manifest: %s",
			    p->allowed_reason);
	findings_add(out, file, 0, 0,
		     p->allowed_reason ? SEVERITY_NOTE : severity,
		     "class-conflict", "%s", msg.buf);
	strbuf_release(&msg);
	free(file);
}

void classes_check_dir(const struct manifest *m, const char *dir,
		       struct findings *out)
{
	struct jar_info *infos = xcalloc(m->nr_jars + 1, sizeof(*infos));
	struct classes_jar *jars = xcalloc(m->nr_jars + 1, sizeof(*jars));
	struct class_conflicts conflicts = CLASS_CONFLICTS_INIT;
	size_t nr = 0;

	for (size_t i = 0; i < m->nr_jars; i++) {
		struct error e = ERROR_INIT;
		char *path = xasprintf("%s/%s", dir, m->jars[i].file);

		if (!jar_read_file(path, JAR_READ_CLASSES, &infos[i], &e))
			jars[nr++] =
			    (struct classes_jar){m->jars[i].file, &infos[i]};
		free(path);
	}
	classes_find_conflicts(jars, nr, &conflicts);
	classes_apply_allowed(&conflicts, m);
	classes_report(&conflicts, dir, SEVERITY_WARNING, out);
	class_conflicts_release(&conflicts);
	for (size_t i = 0; i < m->nr_jars; i++)
		jar_info_release(&infos[i]);
	free(jars);
	free(infos);
}
