#ifndef JARBAKE_IMAGE_VIEW_H
#define JARBAKE_IMAGE_VIEW_H

#include <stdbool.h>
#include <stddef.h>

#include "image/layer.h"

/*
 * The root filesystem that the layers of an image build up, as a runtime
 * would unpack them: later entries replace earlier ones, whiteouts delete,
 * opaque directories hide lower layers, symbolic and hard links resolve
 * inside the root and never leave it. Pure data, no I/O: unit-testable.
 */
struct image_view;
struct view_node;

/* Most symbolic links followed while resolving one path (Linux: 40). */
#define VIEW_MAX_HOPS 40
/*
 * Deepest directory level of the view. One path holds at most
 * LAYER_PATH_MAX / 2 levels, but links inside deep directories reach
 * further; the walks over the tree recurse, so the depth is capped.
 */
#define VIEW_MAX_DEPTH (LAYER_PATH_MAX)
/* Most names in the view (directories, links, files read): a bound on
 * memory whatever the layers hold. */
#define VIEW_MAX_NODES (4u << 20)

struct image_view *image_view_new(void);
void image_view_free(struct image_view *v);

/*
 * Applies one layer on top of the view: its whiteouts and opaque markers
 * first (they only hide lower layers), then its entries in order. Takes
 * references to the layer's file contents; l can be released afterwards.
 * Returns how many entries could not be applied (dangling hard link, a
 * parent path looping through symbolic links).
 */
size_t image_view_apply(struct image_view *v, const struct layer *l);

/* True once an entry was refused because the view held its most nodes
 * (VIEW_MAX_NODES, or what image_view_set_max_nodes set, for tests). */
bool image_view_full(const struct image_view *v);
void image_view_set_max_nodes(struct image_view *v, size_t max);

/*
 * The node at path ("/a/b" or "a/b"), following symbolic links on the
 * way (and in the last component when follow_last) inside the root, with
 * ".." clamped at "/". NULL when missing, looping or not a directory.
 */
struct view_node *image_view_lookup(struct image_view *v, const char *path,
				    bool follow_last);

/* What a node is: LAYER_REG, LAYER_DIR, LAYER_SYMLINK or LAYER_OTHER. */
enum layer_entry_type view_node_type(const struct view_node *n);
/* The content of a regular file node, else NULL. */
struct layer_file *view_node_file(const struct view_node *n);
/* The absolute path of a node ("/" for the root); the caller frees it. */
char *view_node_path(const struct view_node *n);

/*
 * Calls fn for every directory entry of the final view whose name is a
 * JAR or spark-defaults.conf and that is a regular file or a symbolic
 * link (but not one to a directory):
 * path is the entry's absolute path (its directories are real ones),
 * dir its directory, f the content, target the resolved file's path when
 * the entry is a symbolic link that resolves (else NULL). Sorted by
 * path. A link that dangles, loops or reaches a file of another name
 * (whose bytes were skipped) gets an f marked unread; fn takes a
 * reference to keep f.
 */
typedef void (*view_file_fn)(void *ctx, const char *path,
			     const struct view_node *dir, struct layer_file *f,
			     const char *target);
void image_view_each_file(struct image_view *v, view_file_fn fn, void *ctx);

/*
 * Drops every regular file node: only the directory and link structure
 * stays, for later lookups. (Files that verify does not read never get a
 * node: a layer entry of such a file only removes what it replaces.)
 */
void image_view_prune(struct image_view *v);

#endif
