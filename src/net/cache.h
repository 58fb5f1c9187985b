#ifndef JARBAKE_CACHE_H
#define JARBAKE_CACHE_H

#include <stdbool.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

/*
 * The content-addressed JAR cache, shared by every run and manifest:
 *   ROOT/sha256/ab/abcdef...   a complete file whose SHA-256 is its name
 *   ROOT/tmp/                  downloads in progress, each flock()ed by
 *                              its owner; a pinned one is named after its
 *                              hash so a later run can resume it
 * Entries appear only by rename() of a verified file, so readers never see
 * a part; readers still re-hash what they use.
 */
struct cache {
	char *root;
	char *tmp_dir;
	/*
	 * Every JAR's mtime (SOURCE_DATE_EPOCH, else 1980-01-01): COPY keeps
	 * it in the layer, so the same JAR gives the same layer blob on every
	 * machine and run, and registries reuse it.
	 */
	time_t jar_mtime;
};

#define CACHE_INIT                                                             \
	{                                                                      \
		NULL, NULL, CACHE_DEFAULT_MTIME                                \
	}

/* 1980-01-01T00:00:00Z, the mtime without SOURCE_DATE_EPOCH. */
#define CACHE_DEFAULT_MTIME ((time_t)315532800)

/* What a placed file must be: sha256, and size when has_size. */
struct cache_pin {
	const char *sha256;
	bool has_size;
	uint64_t size;
};

/* Opens (creating) the cache at dir (NULL: an error naming the ways to
 * give one). Removes temporary files left by dead runs. */
int cache_open(struct cache *c, const char *dir, struct error *e);
void cache_release(struct cache *c);

/* ROOT/sha256/ab/HEX; the caller frees it. */
char *cache_entry_path(const struct cache *c, const char *sha256);

/* A download in progress: fd is open for writing and locked. */
struct cache_tmp {
	int fd;
	char *path;
	uint64_t size;	 /* bytes already there (a resumable part), else 0 */
	uint64_t synced; /* writeback started up to here */
};

#define CACHE_TMP_INIT                                                         \
	{                                                                      \
		-1, NULL, 0, 0                                                 \
	}

/*
 * Opens a temporary file for a download. With sha256, takes over the
 * resumable part for that hash when no other process holds it (size says
 * how much is there); otherwise, or without sha256, a fresh unique file.
 */
int cache_tmp_open(struct cache *c, const char *sha256, struct cache_tmp *t,
		   struct error *e);

/* fsyncs the file and renames it to the entry for sha256 (the name is
 * not synced: lost in a crash, it is a cache miss). */
int cache_tmp_commit(struct cache *c, struct cache_tmp *t, const char *sha256,
		     struct error *e);

/* Tells that the file now holds end bytes: starts their writeback early. */
void cache_tmp_wrote(struct cache_tmp *t, uint64_t end);

/* Removes the file (if still there) and closes it; harmless twice. */
void cache_tmp_discard(struct cache_tmp *t);

/*
 * Hashes the regular file at path with SHA-256 in one pass; with dest_fd
 * >= 0 the bytes are also written there (dest names it in messages).
 * *size gets the length.
 */
int cache_hash_copy(const char *path, int dest_fd, const char *dest,
		    char hex[65], uint64_t *size, struct error *e);

/*
 * Places src (a cache entry) as dir/file atomically, with c's jar_mtime:
 * a reflink, else a hard link, else a copy into a temporary file in dir,
 * then rename(). The bytes that end up there are hashed again and must be
 * pin, or nothing is placed (code EXIT_CHECK); with src_hashed (src was
 * hashed as it was written, this run) a link or reflink is not read
 * again. A copy is always hashed as it goes. The bytes are on disk
 * before the rename; the new name is, once the caller fsyncs dir (once,
 * after placing every file).
 */
int cache_place(const struct cache *c, const char *src, const char *dir,
		const char *file, const struct cache_pin *pin, bool src_hashed,
		struct error *e);

/* Prefix and suffix of temporary files in a destination directory. */
#define CACHE_PLACE_TMP_PREFIX "."
#define CACHE_PLACE_TMP_SUFFIX ".jarbake-tmp"

/* Checks that path holds exactly sha256 (and size when has_size). */
int cache_verify(const char *path, const char *sha256, bool has_size,
		 uint64_t size, bool *ok, struct error *e);

#endif
