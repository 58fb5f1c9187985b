#ifndef JARBAKE_FSUTIL_H
#define JARBAKE_FSUTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#include "core/error.h"

/*
 * Reads the whole file at path (at most max bytes, else an error) into a
 * NUL-terminated buffer that the caller frees. Errors use code.
 */
int fs_read_file(const char *path, size_t max, char **data, size_t *len,
		 enum exit_code code, struct error *e);

/*
 * Replaces path with data atomically: a temporary file in the same
 * directory, fsync, rename. Readers see the old or the new file, never a
 * part. mode applies to a new file; an existing file keeps its mode. A
 * symbolic link's target is replaced, not the link; a device or FIFO
 * (/dev/stdout) is written in place; a directory is an error.
 */
int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    struct error *e);

/*
 * Opens path for reading only if it is a regular file (not through a last
 * symbolic link, never blocking on a FIFO) of at most max bytes (0: any);
 * *size gets its size. The fd, or -1 with e: EXIT_USAGE when something
 * else is there or it is too large, EXIT_IO when it cannot be opened.
 */
int fs_open_regular(const char *path, uint64_t max, uint64_t *size,
		    struct error *e);

/* Writes all of data to fd (a short write or EINTR goes on); -1 with
 * errno. */
int fs_write_all(int fd, const void *data, size_t len);

/* Creates dir and its missing parents (mode 0755). */
int fs_mkdir_p(const char *dir, struct error *e);

/* fsyncs the directory holding path, so a rename in it is durable. */
int fs_sync_parent(const char *path);

#endif
