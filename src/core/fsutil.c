/* O_TMPFILE and linkat's AT_SYMLINK_FOLLOW through /proc (Linux). */
#define _GNU_SOURCE
#include "core/fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/xalloc.h"

int fs_open_regular(const char *path, uint64_t max, uint64_t *size,
		    struct error *e)
{
	struct stat st;
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);

	if (fd < 0 && errno == ELOOP)
		return err_set(e, "'%s' is a symbolic link, not a regular file",
			       path);
	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", path);
	if (fstat(fd, &st) < 0)
		err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
	else if (!S_ISREG(st.st_mode))
		err_set(e, "'%s' is not a regular file", path);
	else if (max && (uint64_t)st.st_size > max)
		err_set(e, "'%s' has %llu bytes, more than the %llu allowed",
			path, (unsigned long long)st.st_size,
			(unsigned long long)max);
	else {
		*size = (uint64_t)st.st_size;
		return fd;
	}
	close(fd);
	return -1;
}

int fs_read_file(const char *path, size_t max, char **data, size_t *len,
		 enum exit_code code, struct error *e)
{
	char *buf = NULL;
	size_t used = 0, alloc = 0;
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	*data = NULL;
	*len = 0;
	if (fd < 0)
		return err_set_errno(e, code, "cannot open '%s'", path);
	for (;;) {
		if (used + 65536 + 1 > alloc)
			XGROW(buf, used + 65536 + 1, alloc);
		n = read(fd, buf + used, alloc - used - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		used += (size_t)n;
		if (used > max) {
			free(buf);
			close(fd);
			return err_set_code(e, code,
					    "'%s' is larger than %zu bytes",
					    path, max);
		}
	}
	if (n < 0) {
		err_set_errno(e, code, "cannot read '%s'", path);
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	if (!buf)
		buf = xmalloc(1);
	buf[used] = '\0';
	*data = buf;
	*len = used;
	return 0;
}

int fs_sync_parent(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir =
	    slash ? xstrndup(path, slash == path ? 1 : (size_t)(slash - path))
		  : xstrdup(".");
	int fd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	int ret = 0;

	free(dir);
	if (fd < 0)
		return -1;
	if (fsync(fd) && errno != EINVAL)
		ret = -1;
	close(fd);
	return ret;
}

int fs_write_all(int fd, const void *data, size_t len)
{
	const char *p = data;

	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -1;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

/* A device, a FIFO or a socket (/dev/stdout, /dev/null): written in place. */
static int write_special(const char *path, const void *data, size_t len,
			 struct error *e)
{
	int fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);

	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", path);
	if (fs_write_all(fd, data, len)) {
		err_set_errno(e, EXIT_IO, "cannot write '%s'", path);
		close(fd);
		return -1;
	}
	if (close(fd))
		return err_set_errno(e, EXIT_IO, "cannot write '%s'", path);
	return 0;
}

/*
 * A new file beside path for fs_write_atomic(): unnamed (O_TMPFILE) where
 * the file system allows, then *tmp is NULL; else a named temporary file
 * whose name goes to *tmp. -1 on failure.
 */
static int open_unnamed(const char *path, char **tmp)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? xstrndup(path, (size_t)(slash - path)) : NULL;
	int fd;

	*tmp = NULL;
#ifdef O_TMPFILE
	/* naming it later goes through /proc (a chroot may lack it) */
	fd = access("/proc/self/fd", X_OK)
		 ? -1
		 : open(dir ? (*dir ? dir : "/") : ".",
			O_TMPFILE | O_WRONLY | O_CLOEXEC, 0600);
	free(dir);
	if (fd >= 0)
		return fd;
#else
	free(dir);
#endif
	*tmp = xasprintf("%s.tmp.XXXXXX", path);
	fd = mkstemp(*tmp);
	if (fd < 0) {
		free(*tmp);
		*tmp = NULL;
	}
	return fd;
}

/* Gives the unnamed file fd a unique name beside path, in *tmp. */
static int link_unnamed(int fd, const char *path, char **tmp)
{
	char proc[64];

	snprintf(proc, sizeof(proc), "/proc/self/fd/%d", fd);
	for (unsigned i = 0; i < 100; i++) {
		*tmp = xasprintf("%s.tmp.%ld.%u", path, (long)getpid(), i);
		if (!linkat(AT_FDCWD, proc, AT_FDCWD, *tmp, AT_SYMLINK_FOLLOW))
			return 0;
		free(*tmp);
		*tmp = NULL;
		if (errno != EEXIST)
			return -1;
	}
	return -1;
}

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    struct error *e)
{
	char *tmp, *real = NULL;
	const char *p = data;
	struct stat st, lst;
	int fd;

	/*
	 * Only a regular file is replaced by a rename. Anything else that
	 * exists is written in place (renaming over /dev/null would make it
	 * a file for every process); a symbolic link keeps pointing where it
	 * did: its target is replaced.
	 */
	if (stat(path, &st) == 0 && !S_ISREG(st.st_mode)) {
		if (S_ISDIR(st.st_mode))
			return err_set_code(e, EXIT_IO,
					    "cannot write '%s': Is a directory",
					    path);
		return write_special(path, data, len, e);
	}
	if (lstat(path, &lst) == 0 && S_ISLNK(lst.st_mode)) {
		real = realpath(path, NULL);
		if (!real)
			return err_set_errno(e, EXIT_IO, "cannot resolve '%s'",
					     path);
		path = real;
	}
	fd = open_unnamed(path, &tmp);
	if (fd < 0) {
		err_set_errno(e, EXIT_IO,
			      "cannot create a temporary file "
			      "beside '%s'",
			      path);
		free(real);
		return -1;
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	if (fs_write_all(fd, p, len))
		goto fail;
	if (fchmod(fd, mode) || fsync(fd))
		goto fail;
	/* An unnamed file gets its temporary name only now, an instant
	 * before the rename: a process killed before leaves nothing. */
	if (!tmp && link_unnamed(fd, path, &tmp))
		goto fail;
	if (close(fd)) {
		fd = -1;
		goto fail;
	}
	fd = -1;
	if (rename(tmp, path))
		goto fail;
	fs_sync_parent(path);
	free(tmp);
	free(real);
	return 0;
fail:
	err_set_errno(e, EXIT_IO, "cannot write '%s'", path);
	if (fd >= 0)
		close(fd);
	if (tmp)
		unlink(tmp);
	free(tmp);
	free(real);
	return -1;
}

int fs_mkdir_p(const char *dir, struct error *e)
{
	char *copy = xstrdup(dir);
	int ret = 0;

	/* past a leading '/' (the root exists); "" fails in mkdir */
	for (char *p = copy + (copy[0] == '/');; p++) {
		if (*p != '/' && *p)
			continue;
		char saved = *p;

		*p = '\0';
		if (mkdir(copy, 0755) && errno != EEXIST) {
			ret = err_set_errno(
			    e, EXIT_IO, "cannot create directory '%s'", copy);
			break;
		}
		*p = saved;
		if (!saved)
			break;
	}
	free(copy);
	return ret;
}
