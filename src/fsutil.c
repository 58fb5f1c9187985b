#include "fsutil.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "xalloc.h"

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

int fs_write_atomic(const char *path, const void *data, size_t len, mode_t mode,
		    struct error *e)
{
	char *tmp = xasprintf("%s.tmp.XXXXXX", path);
	const char *p = data;
	struct stat st;
	int fd = mkstemp(tmp);

	if (fd < 0) {
		err_set_errno(e, EXIT_IO,
			      "cannot create a temporary file "
			      "beside '%s'",
			      path);
		free(tmp);
		return -1;
	}
	if (stat(path, &st) == 0)
		mode = st.st_mode & 07777;
	while (len) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			goto fail;
		p += n;
		len -= (size_t)n;
	}
	if (fchmod(fd, mode) || fsync(fd))
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
	return 0;
fail:
	err_set_errno(e, EXIT_IO, "cannot write '%s'", path);
	if (fd >= 0)
		close(fd);
	unlink(tmp);
	free(tmp);
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
