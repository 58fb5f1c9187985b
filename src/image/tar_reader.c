#include "image/tar_reader.h"

#include <archive.h>
#include <archive_entry.h>
#include <stdlib.h>

#include "core/xalloc.h"
#include "image/archive_lib.h"

struct tar_reader {
	struct archive *a;
	tar_source_fn src;
	void *ctx;
};

struct tar_reader *tar_reader_new(unsigned flags)
{
	struct tar_reader *t = xcalloc(1, sizeof(*t));

	t->a = archive_read_new();
	if (!t->a) {
		/* tar_reader_open says why (archive_lib_error) */
		if (!archive_lib_error())
			xalloc_die_oom(sizeof(struct tar_reader));
		return t;
	}
	archive_read_support_format_tar(t->a);
	if (flags & TAR_EMPTY_OK)
		archive_read_support_format_empty(t->a);
	if (flags & TAR_ANY_FILTER)
		archive_read_support_filter_all(t->a);
	return t;
}

void tar_reader_free(struct tar_reader *t)
{
	if (!t)
		return;
	if (t->a)
		archive_read_free(t->a);
	free(t);
}

static la_ssize_t read_cb(struct archive *a, void *data, const void **buf)
{
	struct tar_reader *t = data;

	(void)a;
	return t->src(t->ctx, buf);
}

int tar_reader_open(struct tar_reader *t, tar_source_fn src, void *ctx)
{
	t->src = src;
	t->ctx = ctx;
	if (!t->a)
		return -1;
	return archive_read_open(t->a, t, NULL, read_cb, NULL) == ARCHIVE_OK
		   ? 0
		   : -1;
}

int tar_reader_open_fd(struct tar_reader *t, int fd)
{
	if (!t->a)
		return -1;
	return archive_read_open_fd(t->a, fd, 64 << 10) == ARCHIVE_OK ? 0 : -1;
}

static enum tar_kind kind_of(struct archive_entry *ae)
{
	switch (archive_entry_filetype(ae)) {
	case AE_IFREG:
		return TAR_REG;
	case AE_IFDIR:
		return TAR_DIR;
	case AE_IFLNK:
		return TAR_SYMLINK;
	default:
		return TAR_OTHER;
	}
}

/* The UTF-8 form when libarchive has one, else the raw bytes. */
static const char *utf8_or(const char *utf8, const char *raw)
{
	return utf8 ? utf8 : raw;
}

int tar_reader_next(struct tar_reader *t, struct tar_entry *out)
{
	struct archive_entry *ae;
	int rc = archive_read_next_header(t->a, &ae);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc < ARCHIVE_WARN)
		return -1;
	out->raw_path = archive_entry_pathname(ae);
	out->path = utf8_or(archive_entry_pathname_utf8(ae), out->raw_path);
	out->raw_hardlink = archive_entry_hardlink(ae);
	out->hardlink =
	    utf8_or(archive_entry_hardlink_utf8(ae), out->raw_hardlink);
	out->raw_symlink = archive_entry_symlink(ae);
	out->symlink =
	    utf8_or(archive_entry_symlink_utf8(ae), out->raw_symlink);
	out->kind = kind_of(ae);
	out->size_is_set = archive_entry_size_is_set(ae) != 0;
	out->size = archive_entry_size(ae);
	out->sparse_count = archive_entry_sparse_count(ae);
	return 1;
}

int tar_reader_data(struct tar_reader *t, const void **buf, size_t *len,
		    int64_t *offset)
{
	la_int64_t off;
	int rc = archive_read_data_block(t->a, buf, len, &off);

	if (rc == ARCHIVE_EOF)
		return 0;
	if (rc < ARCHIVE_WARN)
		return -1;
	*offset = off;
	return 1;
}

uint64_t tar_reader_offset(struct tar_reader *t)
{
	return (uint64_t)archive_filter_bytes(t->a, 0);
}

const char *tar_reader_error(struct tar_reader *t)
{
	if (!t->a)
		return archive_lib_error();
	return archive_error_string(t->a);
}
