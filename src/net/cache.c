/* sync_file_range(2) */
#define _GNU_SOURCE
#include "net/cache.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <linux/fs.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "core/digest.h"
#include "core/fsutil.h"
#include "core/xalloc.h"

#define HASH_BUF_SIZE (1u << 20)
#define CACHE_WRITEBACK_BYTES (8u << 20)
/* Writeback starts at this alignment: a multiple of any page size. */
#define CACHE_WRITEBACK_ALIGN (1u << 16)
/* A unique temporary file unlocked for this long belongs to a dead run. */
#define DEAD_RUN_TMP_SECONDS 60
/* A resumable part nobody came back for. */
#define ABANDONED_PART_SECONDS (7 * 24 * 3600)

static atomic_uint tmp_counter;

static bool is_hex_part(const char *name)
{
	size_t len = strlen(name);

	return len == 64 + 5 && !strcmp(name + 64, ".part");
}

/*
 * Something no run of ours creates (a symbolic link, FIFO, socket or
 * device planted in tmp/): removed at once, the link itself, never what
 * it points to. Directories are left alone.
 */
static bool remove_planted(const char *path)
{
	struct stat st;

	if (lstat(path, &st) || S_ISREG(st.st_mode) || S_ISDIR(st.st_mode))
		return false;
	(void)unlink(path);
	return true;
}

/* Removes temporary files whose owner died (their flock is free). */
static void clean_tmp(const struct cache *c)
{
	DIR *d = opendir(c->tmp_dir);
	struct dirent *de;
	time_t now = time(NULL);

	if (!d)
		return;
	while ((de = readdir(d))) {
		struct error ignored = ERROR_INIT;
		uint64_t size;
		struct stat st;
		char *path;
		int fd;
		time_t age;

		if (de->d_name[0] == '.')
			continue;
		path = xasprintf("%s/%s", c->tmp_dir, de->d_name);
		fd = remove_planted(path)
			 ? -1
			 : fs_open_regular(path, 0, &size, &ignored);
		if (fd < 0 || fstat(fd, &st)) {
			if (fd >= 0)
				close(fd);
			free(path);
			continue;
		}
		age = now - st.st_mtime;
		if (flock(fd, LOCK_EX | LOCK_NB) == 0 &&
		    age > (is_hex_part(de->d_name) ? ABANDONED_PART_SECONDS
						   : DEAD_RUN_TMP_SECONDS))
			unlink(path);
		close(fd);
		free(path);
	}
	closedir(d);
}

int cache_open(struct cache *c, const char *dir, struct error *e)
{
	char *root, *sub;

	if (!dir)
		return err_set_code(e, EXIT_IO,
				    "no cache directory: set JARBAKE_CACHE or "
				    "HOME, or use --cache DIR");
	root = xstrdup(dir);
	c->root = root;
	c->jar_mtime = CACHE_DEFAULT_MTIME;
	c->tmp_dir = xasprintf("%s/tmp", root);
	sub = xasprintf("%s/sha256", root);
	if (fs_mkdir_p(c->tmp_dir, e) || fs_mkdir_p(sub, e)) {
		free(sub);
		e->code = EXIT_IO;
		return -1;
	}
	free(sub);
	clean_tmp(c);
	return 0;
}

void cache_release(struct cache *c)
{
	free(c->root);
	free(c->tmp_dir);
	c->root = c->tmp_dir = NULL;
}

char *cache_entry_path(const struct cache *c, const char *sha256)
{
	return xasprintf("%s/sha256/%.2s/%s", c->root, sha256, sha256);
}

static int open_unique(struct cache *c, struct cache_tmp *t, struct error *e)
{
	char *path = xasprintf("%s/dl-XXXXXX", c->tmp_dir);
	int fd = mkstemp(path);

	if (fd < 0) {
		err_set_errno(e, EXIT_IO, "cannot create a file in '%s'",
			      c->tmp_dir);
		free(path);
		return -1;
	}
	/*
	 * Nobody else uses the name, but another run's clean_tmp() may
	 * hold the lock for a moment while it looks at the new file: wait
	 * for it, or the file stays unlocked for good and could be removed
	 * as a dead run's once a retry leaves it unwritten for a while.
	 * Without locks (some NFS) it goes on unlocked.
	 */
	while (flock(fd, LOCK_EX) && errno == EINTR)
		;
	(void)fcntl(fd, F_SETFD, FD_CLOEXEC);
	t->fd = fd;
	t->path = path;
	t->size = 0;
	return 0;
}

int cache_tmp_open(struct cache *c, const char *sha256, struct cache_tmp *t,
		   struct error *e)
{
	*t = (struct cache_tmp)CACHE_TMP_INIT;
	if (!sha256 || !*sha256)
		return open_unique(c, t, e);
	for (int tries = 0; tries < 3; tries++) {
		char *path = xasprintf("%s/%s.part", c->tmp_dir, sha256);
		struct stat fst, pst;
		int fd =
		    open(path,
			 O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK,
			 0644);

		if (fd >= 0 && (fstat(fd, &fst) || !S_ISREG(fst.st_mode))) {
			close(fd);
			fd = -1;
			errno = EINVAL;
		}
		/* Not a file a run of ours left (a planted link or FIFO):
		 * removed, then the part starts afresh. */
		if (fd < 0 && errno != EACCES && remove_planted(path)) {
			free(path);
			continue;
		}
		if (fd < 0) {
			err_set_errno(e, EXIT_IO, "cannot create '%s'", path);
			free(path);
			return -1;
		}
		if (flock(fd, LOCK_EX | LOCK_NB)) {
			/* another run is downloading it: go our own way */
			close(fd);
			free(path);
			return open_unique(c, t, e);
		}
		/* the previous owner may have renamed it into place
		 * between our open() and flock(): start again */
		if (fstat(fd, &fst) || stat(path, &pst) ||
		    fst.st_ino != pst.st_ino || fst.st_dev != pst.st_dev) {
			close(fd);
			free(path);
			continue;
		}
		if (lseek(fd, 0, SEEK_END) < 0) {
			err_set_errno(e, EXIT_IO, "cannot seek in '%s'", path);
			close(fd);
			free(path);
			return -1;
		}
		t->fd = fd;
		t->path = path;
		t->size = (uint64_t)fst.st_size;
		return 0;
	}
	return open_unique(c, t, e);
}

/* Every JAR's mtime, as a pair for futimens() and utimensat(). */
static void jar_times(time_t mtime, struct timespec times[2])
{
	times[0] = (struct timespec){.tv_sec = mtime, .tv_nsec = 0};
	times[1] = times[0];
}

int cache_tmp_commit(struct cache *c, struct cache_tmp *t, const char *sha256,
		     struct error *e)
{
	char *entry = cache_entry_path(c, sha256);
	char *dir = xasprintf("%s/sha256/%.2s", c->root, sha256);
	int rc = -1;

	if (fs_mkdir_p(dir, e)) {
		e->code = EXIT_IO;
		goto out;
	}
	if (fsync(t->fd)) {
		err_set_errno(e, EXIT_IO, "cannot write '%s'", t->path);
		goto out;
	}
	(void)fchmod(t->fd, 0644);
	{
		struct timespec times[2];

		jar_times(c->jar_mtime, times);
		(void)futimens(t->fd, times);
	}
	if (rename(t->path, entry)) {
		err_set_errno(e, EXIT_IO, "cannot rename '%s' to '%s'", t->path,
			      entry);
		goto out;
	}
	/*
	 * The entry's directory is not synced: a name lost in a crash is a
	 * cache miss, never a wrong entry (its bytes were synced before the
	 * rename, and every use hashes them again), and one disk flush less
	 * per JAR. What fetch places in DIR is linked from here, and DIR is
	 * synced.
	 */
	/* the name is the entry's now: nothing to unlink */
	free(t->path);
	t->path = NULL;
	close(t->fd);
	t->fd = -1;
	rc = 0;
out:
	free(dir);
	free(entry);
	return rc;
}

void cache_tmp_wrote(struct cache_tmp *t, uint64_t end)
{
	/*
	 * Start writing back what is complete, so that the fsync before the
	 * rename has little left to wait for. Only whole blocks: a page
	 * sent to the disk half full is written again by the next bytes,
	 * and the next call would wait for its first write to finish.
	 */
	uint64_t upto = end & ~(uint64_t)(CACHE_WRITEBACK_ALIGN - 1);

	if (end < t->synced) {
		t->synced = 0; /* truncated: start over */
	} else if (upto >= t->synced + CACHE_WRITEBACK_BYTES) {
		(void)sync_file_range(t->fd, (off_t)t->synced,
				      (off_t)(upto - t->synced),
				      SYNC_FILE_RANGE_WRITE);
		t->synced = upto;
	}
}

void cache_tmp_discard(struct cache_tmp *t)
{
	if (t->path)
		unlink(t->path);
	if (t->fd >= 0)
		close(t->fd);
	free(t->path);
	*t = (struct cache_tmp)CACHE_TMP_INIT;
}

int cache_hash_copy(const char *path, int dest_fd, const char *dest,
		    char hex[65], uint64_t *size, struct error *e)
{
	unsigned char *buf;
	struct digest *d;
	char full[DIGEST_HEX_MAX];
	uint64_t total = 0;
	ssize_t n;
	int fd = fs_open_regular(path, 0, &total, e);

	if (fd < 0)
		return -1;
	total = 0;
#ifdef POSIX_FADV_SEQUENTIAL
	(void)posix_fadvise(fd, 0, 0, POSIX_FADV_SEQUENTIAL);
#endif
	buf = xmalloc(HASH_BUF_SIZE);
	d = digest_new(DIGEST_SHA256);
	while ((n = read(fd, buf, HASH_BUF_SIZE)) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
			goto fail;
		}
		digest_update(d, buf, (size_t)n);
		if (dest_fd >= 0 && fs_write_all(dest_fd, buf, (size_t)n)) {
			err_set_errno(e, EXIT_IO, "cannot write '%s'", dest);
			goto fail;
		}
		total += (uint64_t)n;
	}
	digest_final_hex(d, full);
	memcpy(hex, full, 65);
	digest_free(d);
	free(buf);
	close(fd);
	if (size)
		*size = total;
	return 0;
fail:
	digest_free(d);
	free(buf);
	close(fd);
	return -1;
}

int cache_verify(const char *path, const char *sha256, bool has_size,
		 uint64_t size, bool *ok, struct error *e)
{
	char hex[65];
	uint64_t got;

	*ok = false;
	if (cache_hash_copy(path, -1, NULL, hex, &got, e)) {
		if (e->code != EXIT_USAGE)
			return -1;
		err_clear(e); /* not a regular file: not a good copy */
		return 0;
	}
	*ok = !strcmp(hex, sha256) && (!has_size || got == size);
	return 0;
}

static int check_placed(const char *tmp, const char *sha256, bool has_size,
			uint64_t size, const char *dst, struct error *e)
{
	bool ok;

	if (cache_verify(tmp, sha256, has_size, size, &ok, e))
		return -1;
	if (!ok)
		return err_set_code(e, EXIT_CHECK,
				    "'%s': the cached copy no longer matches "
				    "sha256 %s",
				    dst, sha256);
	return 0;
}

/*
 * tmp as a reflink or else a hard link to src (open as sfd): 1 when made,
 * 0 when neither works here (tmp absent), -1 with e.
 */
static int link_into(int sfd, const char *src, const char *tmp, struct error *e)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);

	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot create '%s'", tmp);
#ifdef FICLONE
	if (ioctl(fd, FICLONE, sfd) == 0) {
		close(fd);
		return 1;
	}
#else
	(void)sfd;
#endif
	close(fd);
	unlink(tmp);
	return link(src, tmp) == 0;
}

/* Copies src into a new tmp, hashing as it goes: it must be what is
 * pinned, else EXIT_CHECK naming dst. */
static int copy_checked(const char *src, const char *tmp,
			const struct cache_pin *pin, const char *dst,
			struct error *e)
{
	int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
	char hex[65];
	uint64_t got;
	int rc = -1;

	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot create '%s'", tmp);
	if (cache_hash_copy(src, fd, dst, hex, &got, e))
		goto out;
	if (strcmp(hex, pin->sha256) || (pin->has_size && got != pin->size)) {
		err_set_code(e, EXIT_CHECK,
			     "'%s': the cached copy no longer matches "
			     "sha256 %s",
			     dst, pin->sha256);
		goto out;
	}
	if (fsync(fd)) {
		err_set_errno(e, EXIT_IO, "cannot write '%s'", tmp);
		goto out;
	}
	rc = 0;
out:
	close(fd);
	return rc;
}

/* tmp, complete, becomes dst with every JAR's mtime; the caller syncs
 * the directory once it has placed them all. */
static int commit_placed(const char *tmp, const char *dst, time_t mtime,
			 struct error *e)
{
	struct timespec times[2];

	jar_times(mtime, times);
	(void)utimensat(AT_FDCWD, tmp, times, 0);
	if (rename(tmp, dst))
		return err_set_errno(e, EXIT_IO, "cannot rename '%s' to '%s'",
				     tmp, dst);
	return 0;
}

int cache_place(const struct cache *c, const char *src, const char *dir,
		const char *file, const struct cache_pin *pin, bool src_hashed,
		struct error *e)
{
	char *dst = xasprintf("%s/%s", dir, file);
	char *tmp = xasprintf(
	    "%s/" CACHE_PLACE_TMP_PREFIX "%s.%ld.%u" CACHE_PLACE_TMP_SUFFIX,
	    dir, file, (long)getpid(), atomic_fetch_add(&tmp_counter, 1));
	struct stat sst, dst_st;
	uint64_t ssize;
	int rc = -1, linked;
	int sfd = fs_open_regular(src, 0, &ssize, e);

	if (sfd < 0) {
		/* a link or FIFO planted as the entry: not a good copy */
		if (e->code == EXIT_USAGE)
			e->code = EXIT_CHECK;
		goto out;
	}
	if (fstat(sfd, &sst)) {
		err_set_errno(e, EXIT_IO, "cannot stat '%s'", src);
		goto out;
	}
	if (!lstat(dst, &dst_st) && dst_st.st_ino == sst.st_ino &&
	    dst_st.st_dev == sst.st_dev) {
		/* already in place (a link to the entry) */
		rc = src_hashed ? 0
				: check_placed(dst, pin->sha256, pin->has_size,
					       pin->size, dst, e);
		goto out;
	}
	linked = link_into(sfd, src, tmp, e);
	if (linked < 0)
		goto out;
	if (linked && !src_hashed &&
	    check_placed(tmp, pin->sha256, pin->has_size, pin->size, dst, e))
		goto out;
	/* another file system, or no links: copy, hashing as we go */
	if (!linked && copy_checked(src, tmp, pin, dst, e))
		goto out;
	rc = commit_placed(tmp, dst, c->jar_mtime, e);
out:
	if (sfd >= 0)
		close(sfd);
	if (rc)
		unlink(tmp);
	free(tmp);
	free(dst);
	return rc;
}
