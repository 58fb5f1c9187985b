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
	c->truncated = false;
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

/* -1 when a new pair would pass CLASSES_MAX_PAIRS. */
static int count_pair(const struct classes_jar *jars, size_t x, size_t y,
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
	if (!slot->a && out->nr >= CLASSES_MAX_PAIRS) {
		out->truncated = true;
		return -1;
	}
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
	return 0;
}

/* A JAR providing the class at hand, with that class's bytes' key. */
struct member {
	size_t jar;
	uint32_t crc32;
	uint64_t size;
};

static int member_cmp(const void *pa, const void *pb)
{
	const struct member *a = pa, *b = pb;

	if (a->crc32 != b->crc32)
		return a->crc32 < b->crc32 ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	return a->jar < b->jar ? -1 : a->jar > b->jar;
}

/*
 * Counts every pair of g[0..n) whose class bytes differ. Sorted by bytes,
 * each member is paired only with the runs after its own: a thousand
 * copies of one JAR cost no comparison. -1 at the cap.
 */
static int count_group(const struct classes_jar *jars, struct member *g,
		       size_t n, const char *name, struct pairs *p,
		       struct class_conflicts *out)
{
	size_t next = 0; /* where the run after i's starts */

	qsort(g, n, sizeof(*g), member_cmp);
	for (size_t i = 0; i < n; i++) {
		if (next <= i)
			for (next = i + 1;
			     next < n && g[next].crc32 == g[i].crc32 &&
			     g[next].size == g[i].size;
			     next++)
				;
		for (size_t k = next; k < n; k++)
			if (count_pair(jars, g[i].jar, g[k].jar, name, p, out))
				return -1;
	}
	return 0;
}

static int conflict_cmp(const void *pa, const void *pb)
{
	const struct class_conflict *a = pa, *b = pb;
	int c = strcmp(a->first, b->first);

	return c ? c : strcmp(a->second, b->second);
}

/* ---- copies: JARs that share one parsed directory (links to one file) */

struct copy {
	const void *key; /* the class list: equal for links to one file */
	size_t jar;
};

static int copy_cmp(const void *pa, const void *pb)
{
	const struct copy *a = pa, *b = pb;
	uintptr_t x = (uintptr_t)a->key, y = (uintptr_t)b->key;

	if (x != y)
		return x < y ? -1 : 1;
	return a->jar < b->jar ? -1 : a->jar > b->jar;
}

/*
 * JARs sorted so that copies sit together: rep[i] is the first copy of
 * jars[i]'s file, the only one merged; the copies of rep r are
 * c[start[r] .. start[r] + len[r]).
 */
struct copies {
	struct copy *c;
	size_t *rep, *start, *len;
};

static void copies_init(struct copies *cp, const struct classes_jar *jars,
			size_t nr)
{
	size_t n = nr ? nr : 1;

	cp->c = xcalloc(n, sizeof(*cp->c));
	cp->rep = xcalloc(n, sizeof(*cp->rep));
	cp->start = xcalloc(n, sizeof(*cp->start));
	cp->len = xcalloc(n, sizeof(*cp->len));
	for (size_t i = 0; i < nr; i++)
		cp->c[i] = (struct copy){
		    jars[i].info ? (const void *)jars[i].info->classes : NULL,
		    i};
	qsort(cp->c, nr, sizeof(*cp->c), copy_cmp);
	for (size_t i = 0, r = 0; i < nr; i++) {
		if (!i || !cp->c[i].key || cp->c[i].key != cp->c[i - 1].key) {
			r = cp->c[i].jar;
			cp->start[r] = i;
		}
		cp->rep[cp->c[i].jar] = r;
		cp->len[r]++;
	}
}

static void copies_release(struct copies *cp)
{
	free(cp->c);
	free(cp->rep);
	free(cp->start);
	free(cp->len);
}

/* Each pair found between two files, for every other pair of their
 * copies (the same classes, the same bytes). */
static void add_copy_pairs(const struct classes_jar *jars,
			   const struct copies *cp, const struct pairs *p,
			   struct class_conflicts *out)
{
	for (size_t s = 0; s < p->cap && !out->truncated; s++) {
		const struct pair_slot *slot = &p->slots[s];
		size_t a = slot->a - 1, b = slot->b - 1;

		if (!slot->a || (cp->len[a] == 1 && cp->len[b] == 1))
			continue;
		for (size_t i = 0; i < cp->len[a] && !out->truncated; i++)
			for (size_t k = 0; k < cp->len[b]; k++) {
				size_t x = cp->c[cp->start[a] + i].jar;
				size_t y = cp->c[cp->start[b] + k].jar;
				const struct class_conflict *f =
				    &out->items[slot->conflict];
				struct class_conflict *c;

				if ((x == a && y == b) || (x == b && y == a))
					continue;
				if (out->nr >= CLASSES_MAX_PAIRS) {
					out->truncated = true;
					break;
				}
				if (strcmp(jars[x].name, jars[y].name) > 0) {
					size_t t = x;

					x = y;
					y = t;
				}
				XGROW(out->items, out->nr + 1, out->alloc);
				f = &out->items[slot->conflict];
				c = &out->items[out->nr++];
				memset(c, 0, sizeof(*c));
				c->first = xstrdup(jars[x].name);
				c->second = xstrdup(jars[y].name);
				c->count = f->count;
				c->nr_examples = f->nr_examples;
				for (size_t e = 0; e < f->nr_examples; e++)
					c->examples[e] =
					    xstrdup(f->examples[e]);
			}
	}
}

void classes_find_conflicts(const struct classes_jar *jars, size_t nr,
			    struct class_conflicts *out)
{
	struct heap h = {xcalloc(nr ? nr : 1, sizeof(struct cursor)), 0, jars};
	struct member *group = xcalloc(nr ? nr : 1, sizeof(*group));
	struct pairs pairs = {NULL, 0, 0};
	struct copies cp;

	/* Links to one file are merged once: a thousand hard links to a
	 * JAR cost one JAR's merge, not a thousand. */
	copies_init(&cp, jars, nr);
	for (size_t i = 0; i < nr; i++)
		if (jars[i].info && jars[i].info->nr_classes && cp.rep[i] == i)
			h.items[h.nr++] = (struct cursor){i, 0};
	for (size_t i = h.nr / 2; i-- > 0;)
		heap_down(&h, i);

	while (h.nr) {
		const char *name = cursor_name(&h, &h.items[0]);
		size_t n = 0;

		/* Every JAR providing name, once each. */
		while (h.nr && !strcmp(cursor_name(&h, &h.items[0]), name)) {
			const struct cursor *top = &h.items[0];
			const struct jar_class *c =
			    &jars[top->jar].info->classes[top->pos];

			if (!n || group[n - 1].jar != top->jar)
				group[n++] = (struct member){top->jar, c->crc32,
							     c->size};
			/* name stays valid: it points into the info. */
			heap_advance(&h);
		}
		if (n < 2 || classes_ignored(name))
			continue;
		if (count_group(jars, group, n, name, &pairs, out))
			break;
	}
	if (pairs.cap)
		add_copy_pairs(jars, &cp, &pairs, out);
	if (out->nr > 1)
		qsort(out->items, out->nr, sizeof(*out->items), conflict_cmp);
	copies_release(&cp);
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

void classes_report_cap(const struct class_conflicts *c, const char *file,
			struct findings *out)
{
	if (c->truncated)
		findings_add(out, file, 0, 0, SEVERITY_ERROR, "class-conflict",
			     "more than %d pairs of JARs provide the same "
			     "classes with other bytes: the rest were not "
			     "checked",
			     CLASSES_MAX_PAIRS);
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
	classes_report_cap(&conflicts, dir, out);
	class_conflicts_release(&conflicts);
	for (size_t i = 0; i < m->nr_jars; i++)
		jar_info_release(&infos[i]);
	free(jars);
	free(infos);
}
