/*
 * libarchive, loaded on first use (core/dynlib.h): its functions, defined
 * here over the symbols of libarchive.so.13, so that tar_reader.c calls
 * libarchive as usual. archive_read_new loads the library; the others
 * take its handle, which only a loaded library gives.
 */
#include <archive.h>
#include <archive_entry.h>

#include "core/dynlib.h"
#include "image/archive_lib.h"

static struct {
	struct archive *(*read_new)(void);
	__LA_MODE_T (*entry_filetype)(struct archive_entry *e);
	const char *(*entry_hardlink)(struct archive_entry *e);
	const char *(*entry_hardlink_utf8)(struct archive_entry *e);
	const char *(*entry_pathname)(struct archive_entry *e);
	const char *(*entry_pathname_utf8)(struct archive_entry *e);
	la_int64_t (*entry_size)(struct archive_entry *e);
	int (*entry_size_is_set)(struct archive_entry *e);
	int (*entry_sparse_count)(struct archive_entry *e);
	const char *(*entry_symlink)(struct archive_entry *e);
	const char *(*entry_symlink_utf8)(struct archive_entry *e);
	const char *(*error_string)(struct archive *a);
	la_int64_t (*filter_bytes)(struct archive *a, int n);
	int (*read_data_block)(struct archive *a, const void **buf,
			       size_t *size, la_int64_t *offset);
	int (*read_free)(struct archive *a);
	int (*read_next_header)(struct archive *a, struct archive_entry **e);
	int (*read_open)(struct archive *a, void *data,
			 archive_open_callback *open,
			 archive_read_callback *read,
			 archive_close_callback *close);
	int (*read_open_fd)(struct archive *a, int fd, size_t block_size);
	int (*read_support_filter_all)(struct archive *a);
	int (*read_support_format_empty)(struct archive *a);
	int (*read_support_format_tar)(struct archive *a);
} fn;

#define SYM(name)                                                              \
	{                                                                      \
		"archive_" #name, (void **)&fn.name                            \
	}

static const struct dynlib_sym syms[] = {
    SYM(read_new),
    SYM(entry_filetype),
    SYM(entry_hardlink),
    SYM(entry_hardlink_utf8),
    SYM(entry_pathname),
    SYM(entry_pathname_utf8),
    SYM(entry_size),
    SYM(entry_size_is_set),
    SYM(entry_sparse_count),
    SYM(entry_symlink),
    SYM(entry_symlink_utf8),
    SYM(error_string),
    SYM(filter_bytes),
    SYM(read_data_block),
    SYM(read_free),
    SYM(read_next_header),
    SYM(read_open),
    SYM(read_open_fd),
    SYM(read_support_filter_all),
    SYM(read_support_format_empty),
    SYM(read_support_format_tar),
};

static struct dynlib lib = DYNLIB_INIT("libarchive.so.13", syms);

const char *archive_lib_error(void)
{
	return dynlib_load(&lib) ? NULL : lib.error;
}

struct archive *archive_read_new(void)
{
	return dynlib_load(&lib) ? fn.read_new() : NULL;
}

__LA_MODE_T archive_entry_filetype(struct archive_entry *e)
{
	return fn.entry_filetype(e);
}

const char *archive_entry_hardlink(struct archive_entry *e)
{
	return fn.entry_hardlink(e);
}

const char *archive_entry_hardlink_utf8(struct archive_entry *e)
{
	return fn.entry_hardlink_utf8(e);
}

const char *archive_entry_pathname(struct archive_entry *e)
{
	return fn.entry_pathname(e);
}

const char *archive_entry_pathname_utf8(struct archive_entry *e)
{
	return fn.entry_pathname_utf8(e);
}

la_int64_t archive_entry_size(struct archive_entry *e)
{
	return fn.entry_size(e);
}

int archive_entry_size_is_set(struct archive_entry *e)
{
	return fn.entry_size_is_set(e);
}

int archive_entry_sparse_count(struct archive_entry *e)
{
	return fn.entry_sparse_count(e);
}

const char *archive_entry_symlink(struct archive_entry *e)
{
	return fn.entry_symlink(e);
}

const char *archive_entry_symlink_utf8(struct archive_entry *e)
{
	return fn.entry_symlink_utf8(e);
}

const char *archive_error_string(struct archive *a)
{
	return fn.error_string(a);
}

la_int64_t archive_filter_bytes(struct archive *a, int n)
{
	return fn.filter_bytes(a, n);
}

int archive_read_data_block(struct archive *a, const void **buf, size_t *size,
			    la_int64_t *offset)
{
	return fn.read_data_block(a, buf, size, offset);
}

int archive_read_free(struct archive *a)
{
	return fn.read_free(a);
}

int archive_read_next_header(struct archive *a, struct archive_entry **e)
{
	return fn.read_next_header(a, e);
}

int archive_read_open(struct archive *a, void *data,
		      archive_open_callback *open, archive_read_callback *read,
		      archive_close_callback *close)
{
	return fn.read_open(a, data, open, read, close);
}

int archive_read_open_fd(struct archive *a, int fd, size_t block_size)
{
	return fn.read_open_fd(a, fd, block_size);
}

int archive_read_support_filter_all(struct archive *a)
{
	return fn.read_support_filter_all(a);
}

int archive_read_support_format_empty(struct archive *a)
{
	return fn.read_support_format_empty(a);
}

int archive_read_support_format_tar(struct archive *a)
{
	return fn.read_support_format_tar(a);
}
