#ifndef JARBAKE_TAR_READER_H
#define JARBAKE_TAR_READER_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/*
 * The one wrapper of libarchive: tar archives read entry by entry, from a
 * callback or a file descriptor, for the image's outer archive and its
 * layers. No libarchive type leaves tar_reader.c.
 */
struct tar_reader;

/* Next bytes of the source: their count, 0 at the end, -1 on failure. */
typedef ssize_t (*tar_source_fn)(void *ctx, const void **buf);

enum tar_kind { TAR_OTHER, TAR_REG, TAR_DIR, TAR_SYMLINK };

/* One entry's header; the strings live until the next tar_reader_next. */
struct tar_entry {
	const char *path, *raw_path;	     /* UTF-8 when it converts; raw */
	const char *hardlink, *raw_hardlink; /* NULL: not a hard link */
	const char *symlink, *raw_symlink;   /* NULL: none */
	enum tar_kind kind;
	bool size_is_set;
	int64_t size;
	int sparse_count;
};

#define TAR_ANY_FILTER                                                         \
	1u		/* compressed as a whole: any filter libarchive has    \
			 */
#define TAR_EMPTY_OK 2u /* an empty stream is an empty archive */

struct tar_reader *tar_reader_new(unsigned flags);
void tar_reader_free(struct tar_reader *t);

/* Starts reading from src(ctx, ...), or from fd; -1 (tar_reader_error). */
int tar_reader_open(struct tar_reader *t, tar_source_fn src, void *ctx);
int tar_reader_open_fd(struct tar_reader *t, int fd);

/* The next entry: 1, 0 at the end, -1 when malformed or the source failed. */
int tar_reader_next(struct tar_reader *t, struct tar_entry *out);

/*
 * The next block of the current entry's data at *offset within it (sparse
 * files have holes): 1, 0 at its end, -1 when malformed.
 */
int tar_reader_data(struct tar_reader *t, const void **buf, size_t *len,
		    int64_t *offset);

/* Bytes read from the source so far (compressed, before any filter). */
uint64_t tar_reader_offset(struct tar_reader *t);

/* What libarchive said about the last failure, or NULL. */
const char *tar_reader_error(struct tar_reader *t);

#endif
