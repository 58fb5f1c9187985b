#include "image/image_view.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

/* One name of the view; about 60 bytes and its name, one allocation. */
struct view_node {
	struct view_node *parent;
	struct view_node *first, *next, *prev; /* children; siblings */
	struct view_node *hnext;	       /* hash chain */
	union {
		struct layer_file *file; /* LAYER_REG: NULL when not read */
		char *link;		 /* LAYER_SYMLINK */
	} u;
	enum layer_entry_type type;
	unsigned depth; /* the root is 0 */
	char name[];
};

/* Children are found through one hash table keyed by (parent, name). */
struct image_view {
	struct view_node *root;
	struct view_node **table;
	size_t size, count; /* size is a power of two */
	size_t max_nodes;
	bool full; /* an add_child hit max_nodes */
};

static size_t hash_key(const struct view_node *parent, const char *name,
		       size_t len)
{
	uint64_t h = 1469598103934665603ull ^ (uint64_t)(uintptr_t)parent;

	for (size_t i = 0; i < len; i++) {
		h ^= (unsigned char)name[i];
		h *= 1099511628211ull;
	}
	return (size_t)(h ^ (h >> 29));
}

struct image_view *image_view_new(void)
{
	struct image_view *v = xcalloc(1, sizeof(*v));

	v->root = xcalloc(1, sizeof(*v->root) + 1);
	v->root->type = LAYER_DIR;
	v->size = 1024;
	v->max_nodes = VIEW_MAX_NODES;
	v->table = xcalloc(v->size, sizeof(*v->table));
	return v;
}

static struct view_node *find_child(const struct image_view *v,
				    const struct view_node *dir,
				    const char *name, size_t len)
{
	struct view_node *n =
	    v->table[hash_key(dir, name, len) & (v->size - 1)];

	for (; n; n = n->hnext)
		if (n->parent == dir && !strncmp(n->name, name, len) &&
		    !n->name[len])
			return n;
	return NULL;
}

static void table_insert(struct image_view *v, struct view_node *n)
{
	size_t slot;

	if (v->count + 1 > v->size / 4 * 3) {
		size_t size = v->size * 2;
		struct view_node **table = xcalloc(size, sizeof(*table));

		for (size_t i = 0; i < v->size; i++) {
			struct view_node *m = v->table[i], *next;

			for (; m; m = next) {
				next = m->hnext;
				slot = hash_key(m->parent, m->name,
						strlen(m->name)) &
				       (size - 1);
				m->hnext = table[slot];
				table[slot] = m;
			}
		}
		free(v->table);
		v->table = table;
		v->size = size;
	}
	slot = hash_key(n->parent, n->name, strlen(n->name)) & (v->size - 1);
	n->hnext = v->table[slot];
	v->table[slot] = n;
	v->count++;
}

static void table_remove(struct image_view *v, struct view_node *n)
{
	size_t slot =
	    hash_key(n->parent, n->name, strlen(n->name)) & (v->size - 1);
	struct view_node **pp = &v->table[slot];

	while (*pp && *pp != n)
		pp = &(*pp)->hnext;
	if (*pp) {
		*pp = n->hnext;
		v->count--;
	}
}

/* A new child of dir; NULL below VIEW_MAX_DEPTH or over VIEW_MAX_NODES. */
static struct view_node *add_child(struct image_view *v, struct view_node *dir,
				   const char *name, size_t len,
				   enum layer_entry_type type)
{
	struct view_node *n;

	if (dir->depth >= VIEW_MAX_DEPTH)
		return NULL;
	if (v->count >= v->max_nodes) {
		v->full = true;
		return NULL;
	}
	n = xmalloc(st_add(sizeof(*n), st_add(len, 1)));
	memset(n, 0, sizeof(*n));
	n->depth = dir->depth + 1;
	memcpy(n->name, name, len);
	n->name[len] = '\0';
	n->type = type;
	n->parent = dir;
	n->next = dir->first;
	if (dir->first)
		dir->first->prev = n;
	dir->first = n;
	table_insert(v, n);
	return n;
}

static void free_children(struct image_view *v, struct view_node *dir);

/* Unlinks n from its directory and frees it with everything below. */
static void remove_node(struct image_view *v, struct view_node *n)
{
	free_children(v, n);
	table_remove(v, n);
	if (n->prev)
		n->prev->next = n->next;
	else
		n->parent->first = n->next;
	if (n->next)
		n->next->prev = n->prev;
	if (n->type == LAYER_REG)
		layer_file_unref(n->u.file);
	else if (n->type == LAYER_SYMLINK)
		free(n->u.link);
	free(n);
}

static void free_children(struct image_view *v, struct view_node *dir)
{
	while (dir->first)
		remove_node(v, dir->first);
}

void image_view_free(struct image_view *v)
{
	if (!v)
		return;
	free_children(v, v->root);
	free(v->root);
	free(v->table);
	free(v);
}

enum layer_entry_type view_node_type(const struct view_node *n)
{
	return n->type;
}

struct layer_file *view_node_file(const struct view_node *n)
{
	return n->type == LAYER_REG ? n->u.file : NULL;
}

char *view_node_path(const struct view_node *n)
{
	size_t len = 0, depth = 0;
	const struct view_node *m;
	char *path, *end;

	for (m = n; m->parent; m = m->parent) {
		len += strlen(m->name) + 1;
		depth++;
	}
	if (!depth)
		return xstrdup("/");
	path = xmalloc(len + 1);
	end = path + len;
	*end = '\0';
	for (m = n; m->parent; m = m->parent) {
		size_t nl = strlen(m->name);

		end -= nl;
		memcpy(end, m->name, nl);
		*--end = '/';
	}
	return path;
}

/*
 * Resolves path from the root, following symbolic links inside the root
 * (absolute targets restart at the root, ".." stops at it). With create,
 * missing directories are made and non-directories in the way replaced,
 * as unpacking a layer does. NULL when a loop, a dead end or the caps
 * stop it.
 */
static struct view_node *walk(struct image_view *v, const char *path,
			      bool follow_last, bool create)
{
	struct strbuf rest = STRBUF_INIT;
	struct view_node *cur = v->root;
	size_t pos = 0;
	int hops = 0;

	strbuf_adds(&rest, path);
	while (cur) {
		const char *comp, *end;
		size_t len;
		bool last;
		struct view_node *child;

		while (pos < rest.len && rest.buf[pos] == '/')
			pos++;
		if (pos >= rest.len)
			break;
		comp = rest.buf + pos;
		end = strchr(comp, '/');
		len = end ? (size_t)(end - comp) : strlen(comp);
		pos += len;
		while (pos < rest.len && rest.buf[pos] == '/')
			pos++;
		last = pos >= rest.len;
		if (len == 1 && comp[0] == '.')
			continue;
		if (len == 2 && comp[0] == '.' && comp[1] == '.') {
			if (cur->parent)
				cur = cur->parent;
			continue;
		}
		child = find_child(v, cur, comp, len);
		if (!child) {
			if (!create) {
				cur = NULL;
				break;
			}
			child = add_child(v, cur, comp, len, LAYER_DIR);
			if (!child) {
				cur = NULL;
				break;
			}
		}
		if (child->type == LAYER_SYMLINK && (!last || follow_last)) {
			struct strbuf next = STRBUF_INIT;

			if (++hops > VIEW_MAX_HOPS ||
			    strlen(child->u.link) + rest.len - pos >
				2 * LAYER_PATH_MAX) {
				cur = NULL;
				break;
			}
			strbuf_adds(&next, child->u.link);
			strbuf_addch(&next, '/');
			strbuf_add(&next, rest.buf + pos, rest.len - pos);
			strbuf_release(&rest);
			rest = next;
			pos = 0;
			if (child->u.link[0] == '/')
				cur = v->root;
			continue;
		}
		if (!last && child->type != LAYER_DIR) {
			if (!create) {
				cur = NULL;
				break;
			}
			remove_node(v, child);
			child = add_child(v, cur, comp, len, LAYER_DIR);
			if (!child) {
				cur = NULL;
				break;
			}
		}
		cur = child;
	}
	strbuf_release(&rest);
	return cur;
}

struct view_node *image_view_lookup(struct image_view *v, const char *path,
				    bool follow_last)
{
	return walk(v, path, follow_last, false);
}

/* The directory an entry goes into and its name (a normalised path). */
static struct view_node *entry_parent(struct image_view *v, const char *path,
				      const char **name, bool create)
{
	const char *slash = strrchr(path, '/');
	struct view_node *dir;
	char *dirpath;

	*name = slash ? slash + 1 : path;
	if (!slash)
		return v->root;
	dirpath = xstrndup(path, (size_t)(slash - path));
	dir = walk(v, dirpath, true, create);
	free(dirpath);
	return dir && dir->type == LAYER_DIR ? dir : NULL;
}

static struct view_node *place(struct image_view *v, const char *path,
			       enum layer_entry_type type);

static size_t apply_hiding(struct image_view *v, const struct layer_entry *ent)
{
	const char *name;
	struct view_node *dir, *n;

	if (ent->type == LAYER_OPAQUE) {
		/* The opaque directory itself is this layer's: whatever the
		 * lower layers had at its name (a link too) is hidden. */
		n = *ent->path ? place(v, ent->path, LAYER_DIR) : v->root;
		if (!n)
			return 1;
		free_children(v, n);
		return 0;
	}
	if (!*ent->path)
		return 0;
	dir = entry_parent(v, ent->path, &name, false);
	n = dir ? find_child(v, dir, name, strlen(name)) : NULL;
	if (n)
		remove_node(v, n);
	return 0;
}

/* Puts a node of type at path, replacing what was there (but an existing
 * directory stays a directory when a directory entry comes again). */
static struct view_node *place(struct image_view *v, const char *path,
			       enum layer_entry_type type)
{
	const char *name;
	struct view_node *dir = entry_parent(v, path, &name, true);
	struct view_node *n;

	if (!dir)
		return NULL;
	n = find_child(v, dir, name, strlen(name));
	if (n && n->type == LAYER_DIR && type == LAYER_DIR)
		return n;
	if (n)
		remove_node(v, n);
	return add_child(v, dir, name, strlen(name), type);
}

/* Removes what is at path, as a new file of no interest replaces it. */
static size_t unplace(struct image_view *v, const char *path)
{
	const char *name;
	struct view_node *dir = entry_parent(v, path, &name, true);
	struct view_node *n;

	if (!dir)
		return 1;
	n = find_child(v, dir, name, strlen(name));
	if (n)
		remove_node(v, n);
	return 0;
}

/*
 * A file verify reads whose bytes were not read (a hard link to a file of
 * another name from an earlier layer): kept, marked unread, so that
 * verify reports it instead of never seeing it.
 */
static size_t place_unread(struct image_view *v, const char *path)
{
	struct view_node *n = place(v, path, LAYER_REG);

	if (!n)
		return 1;
	n->u.file = xcalloc(1, sizeof(*n->u.file));
	n->u.file->refs = 1;
	n->u.file->unread = true;
	return 0;
}

static size_t apply_entry(struct image_view *v, const struct layer_entry *ent)
{
	struct view_node *n, *target;

	if (!*ent->path)
		return 0; /* the root itself: nothing to place */
	switch (ent->type) {
	case LAYER_REG:
	case LAYER_OTHER:
		/* Files that verify does not read take no node: most of an
		 * image, so the view stays small. They still replace what was
		 * at their path. */
		if (ent->type == LAYER_OTHER || !ent->file)
			return unplace(v, ent->path);
		n = place(v, ent->path, LAYER_REG);
		if (!n)
			return 1;
		n->u.file = layer_file_ref(ent->file);
		return 0;
	case LAYER_DIR:
		return place(v, ent->path, ent->type) ? 0 : 1;
	case LAYER_SYMLINK:
		n = place(v, ent->path, LAYER_SYMLINK);
		if (!n)
			return 1;
		n->u.link = xstrdup(ent->link);
		return 0;
	case LAYER_HARDLINK:
		/* A hard link names an earlier entry: that file's content. */
		target = walk(v, ent->link, false, false);
		if (!target && (layer_name_is_jar(layer_basename(ent->path)) ||
				layer_name_is_conf(layer_basename(ent->path))))
			return place_unread(v, ent->path);
		if (!target || target->type == LAYER_DIR)
			return 1;
		if (target->type == LAYER_REG) {
			struct layer_file *f = layer_file_ref(target->u.file);

			n = place(v, ent->path, LAYER_REG);
			if (n)
				n->u.file = f;
			else
				layer_file_unref(f);
		} else if (target->type == LAYER_SYMLINK) {
			char *link = xstrdup(target->u.link);

			n = place(v, ent->path, LAYER_SYMLINK);
			if (n)
				n->u.link = link;
			else
				free(link);
		} else {
			n = place(v, ent->path, target->type);
		}
		return n ? 0 : 1;
	default:
		return 0;
	}
}

size_t image_view_apply(struct image_view *v, const struct layer *l)
{
	size_t failed = 0;

	for (size_t i = 0; i < l->nr; i++)
		if (l->entries[i].type == LAYER_WHITEOUT ||
		    l->entries[i].type == LAYER_OPAQUE)
			failed += apply_hiding(v, &l->entries[i]);
	for (size_t i = 0; i < l->nr; i++)
		if (l->entries[i].type != LAYER_WHITEOUT &&
		    l->entries[i].type != LAYER_OPAQUE)
			failed += apply_entry(v, &l->entries[i]);
	return failed;
}

bool image_view_full(const struct image_view *v)
{
	return v->full;
}

void image_view_set_max_nodes(struct image_view *v, size_t max)
{
	v->max_nodes = max;
}

static int cmp_node_name(const void *a, const void *b)
{
	const struct view_node *const *x = a, *const *y = b;

	return strcmp((*x)->name, (*y)->name);
}

static bool interesting(const char *name)
{
	return layer_name_is_jar(name) || layer_name_is_conf(name);
}

/*
 * A JAR name whose content is unknown: a link to a file of another name
 * (its bytes were not read: only the files verify reads are), a dangling
 * or looping link. Passed on marked unread.
 */
static void emit(view_file_fn fn, void *ctx, const char *path,
		 const struct view_node *dir, struct layer_file *f,
		 const char *target)
{
	struct layer_file *unread = NULL;

	if (!f) {
		unread = xcalloc(1, sizeof(*unread));
		unread->refs = 1;
		unread->unread = true;
	}
	fn(ctx, path, dir, f ? f : unread, target);
	layer_file_unref(unread);
}

static void each_file(struct image_view *v, struct view_node *dir,
		      struct strbuf *path, view_file_fn fn, void *ctx)
{
	struct view_node **kids = NULL;
	size_t nr = 0, alloc = 0, base = path->len;

	for (struct view_node *n = dir->first; n; n = n->next) {
		XGROW(kids, nr + 1, alloc);
		kids[nr++] = n;
	}
	if (nr > 1)
		qsort(kids, nr, sizeof(*kids), cmp_node_name);
	for (size_t i = 0; i < nr; i++) {
		struct view_node *n = kids[i];

		strbuf_addch(path, '/');
		strbuf_adds(path, n->name);
		if (n->type == LAYER_DIR) {
			each_file(v, n, path, fn, ctx);
		} else if (interesting(n->name) && n->type == LAYER_REG) {
			emit(fn, ctx, path->buf, dir, n->u.file, NULL);
		} else if (interesting(n->name) && n->type == LAYER_SYMLINK) {
			struct view_node *t = walk(v, path->buf, true, false);
			char *target = t ? view_node_path(t) : NULL;

			/* Dangling, looping, or to a file not read: listed,
			 * unread; a link to a directory is not a file. */
			if (!t || t->type == LAYER_REG)
				emit(fn, ctx, path->buf, dir,
				     t ? t->u.file : NULL, target);
			free(target);
		}
		path->len = base;
		path->buf[base] = '\0';
	}
	free(kids);
}

void image_view_each_file(struct image_view *v, view_file_fn fn, void *ctx)
{
	struct strbuf path = STRBUF_INIT;

	strbuf_adds(&path, "");
	each_file(v, v->root, &path, fn, ctx);
	strbuf_release(&path);
}

static void prune(struct image_view *v, struct view_node *dir)
{
	struct view_node *n = dir->first, *next;

	for (; n; n = next) {
		next = n->next;
		if (n->type == LAYER_DIR)
			prune(v, n);
		else if (n->type == LAYER_REG || n->type == LAYER_OTHER)
			remove_node(v, n);
	}
}

void image_view_prune(struct image_view *v)
{
	prune(v, v->root);
}
