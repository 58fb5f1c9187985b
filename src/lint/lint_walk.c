#include "lint/lint_walk.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/pool.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "lint/detect.h"
#include "lint/lint.h"

/* Caps: ignore-file size and pattern count, directory depth. */
#define IGNORE_FILE_MAX (1u << 20)
#define IGNORE_PATTERNS_MAX 10000
/*
 * Matching every pattern against every path costs patterns x paths x the
 * steps of one match. Real patterns take a few steps each; thousands of
 * patterns that each take thousands of steps over a big tree would take
 * hours. Past IGNORE_WORK_BASE steps and IGNORE_WORK_PER_MATCH per match
 * on average, patterns are no longer applied (the rest is linted whole)
 * and a note says so.
 */
#define IGNORE_WORK_BASE (1ul << 26)
#define IGNORE_WORK_PER_MATCH 64ul
/* Threads that read and lint files (the walker is one of them). */
#define LINT_MAX_THREADS 8

/* Directories never linted: VCS data, dependencies, build output. */
static const char *const skipped_dirs[] = {
    ".git",	   ".hg",   ".svn", "node_modules", "build",	     "target",
    "__pycache__", ".venv", ".tox", ".mypy_cache",  ".pytest_cache", ".gradle",
};

struct pattern {
	char *glob;
	bool negate, dir_only, anchored;
	size_t base_len; /* length of its directory's path below the root */
	/* for the ignore files of the root's parents: the path from their
	 * directory to the root ("deploy/k8s"), else NULL */
	char *prefix;
};

/* What one thread found, merged at the end. */
struct worker {
	struct findings out, notes;
	struct lint_walk_stats stats;
	char *buf; /* the read buffer, reused */
	size_t buf_alloc;
	int failed;
	struct error e; /* the last unreadable input */
};

/* A file to lint: its path and how findings name it. */
struct job {
	char *path;
	const char *display; /* in path */
	bool named;	     /* named on the command line */
};

/*
 * The walk runs on one thread (worker 0) and queues the files it keeps;
 * every worker, the walker too once it is done, reads and lints them.
 */
struct queue {
	const struct lint_walk_options *opt;
	pthread_mutex_t lock;
	pthread_cond_t more;
	struct job *jobs;
	size_t head, nr, alloc;
	bool done;
	struct worker *workers;
	const char *const *paths;
	size_t nr_paths;
	size_t findings;     /* kept in all, for LINT_MAX_FINDINGS */
	bool findings_noted; /* the cap was said */
};

struct walker {
	const struct lint_walk_options *opt;
	struct queue *q;
	struct worker *k;   /* the walker's own results */
	bool deep_noted;    /* the depth cap was noted for this path */
	struct strbuf path; /* the file system path */
	size_t rel_start;   /* where the path below the root starts */
	bool dot_root;	    /* the root is "." (no "./" in names) */
	struct pattern *pats;
	size_t nr_pats, alloc_pats;
	/* matching steps taken and matches made, for the cap below */
	unsigned long glob_work, glob_calls;
	bool glob_over; /* past the cap: patterns no longer applied */
};

/* ---- globs ---- */

static bool class_match(const char **pp, char c)
{
	const char *p = *pp + 1;
	bool negate = false, match = false;

	if (*p == '!' || *p == '^') {
		negate = true;
		p++;
	}
	for (bool first = true; *p && (first || *p != ']'); first = false) {
		char lo = *p, hi = *p;

		if (p[1] == '-' && p[2] && p[2] != ']') {
			hi = p[2];
			p += 3;
		} else {
			p++;
		}
		if (c >= lo && c <= hi)
			match = true;
	}
	if (*p != ']')
		return false;
	*pp = p + 1;
	return match != negate;
}

/*
 * Results of glob(), as in git's wildmatch: besides a match or not, "no
 * later position can match" cuts the backtracking of every enclosing '*'
 * (the text ran out), or of those up to the nearest "**" (a '*' met a
 * '/'). Without the cut, "*a*a*a*...b" takes exponential time. A double
 * star still branches at every position, and twenty of them followed by
 * slashes over a deep path took exponential time too (CI hung): after a
 * few thousand steps, each (pattern, text) position pair is computed
 * once, remembered in a table.
 */
enum glob_result { GLOB_MATCH, GLOB_NOMATCH, GLOB_ABORT_ALL, GLOB_ABORT_DIR };

/* Calls before the table is used: most patterns never get there. */
#define GLOB_FAST_STEPS 2048
/* Largest table (pattern length x text length): bigger never matches. */
#define GLOB_TABLE_MAX (4u << 20)

struct glob_state {
	const char *p0, *s0;
	size_t slen;
	unsigned char *memo; /* result + 1 per position pair, 0: unknown */
	unsigned long steps;
	bool over; /* too many steps without a table: start again with one */
};

static enum glob_result glob(struct glob_state *g, const char *p,
			     const char *s);

static enum glob_result glob_body(struct glob_state *g, const char *p,
				  const char *s)
{
	while (*p) {
		if (p[0] == '*' && p[1] == '*') {
			const char *rest = p + 2;

			while (*rest == '*')
				rest++;
			/* "**" + "/": zero or more directories */
			if (*rest == '/') {
				enum glob_result r = glob(g, rest + 1, s);

				if (r == GLOB_MATCH || r == GLOB_ABORT_ALL)
					return r;
			}
			if (!*rest)
				return GLOB_MATCH;
			for (const char *t = s; *t && !g->over; t++) {
				enum glob_result r = glob(g, rest, t);

				if (r != GLOB_NOMATCH && r != GLOB_ABORT_DIR)
					return r;
			}
			return GLOB_ABORT_ALL;
		}
		if (*p == '*') {
			if (!p[1])
				return strchr(s, '/') ? GLOB_ABORT_DIR
						      : GLOB_MATCH;
			for (const char *t = s; !g->over; t++) {
				enum glob_result r = glob(g, p + 1, t);

				if (r != GLOB_NOMATCH)
					return r;
				if (!*t)
					return GLOB_ABORT_ALL;
				if (*t == '/')
					return GLOB_ABORT_DIR;
			}
			return GLOB_ABORT_ALL;
		}
		if (!*s)
			return GLOB_ABORT_ALL;
		if (*p == '?') {
			if (*s == '/')
				return GLOB_NOMATCH;
		} else if (*p == '[') {
			const char *q = p;

			if (*s == '/' || !class_match(&q, *s))
				return GLOB_NOMATCH;
			p = q;
			s++;
			continue;
		} else {
			if (*p == '\\' && p[1])
				p++;
			if (*p != *s)
				return GLOB_NOMATCH;
		}
		p++;
		s++;
	}
	return *s ? GLOB_NOMATCH : GLOB_MATCH;
}

static enum glob_result glob(struct glob_state *g, const char *p, const char *s)
{
	size_t at = 0;
	enum glob_result r;

	if (g->memo) {
		at = (size_t)(p - g->p0) * (g->slen + 1) + (size_t)(s - g->s0);
		if (g->memo[at])
			return (enum glob_result)(g->memo[at] - 1);
	} else if (g->steps >= GLOB_FAST_STEPS) {
		g->over = true;
		return GLOB_ABORT_ALL;
	}
	g->steps++;
	r = glob_body(g, p, s);
	if (g->memo)
		g->memo[at] = (unsigned char)(r + 1);
	return r;
}

/* lint_glob_match, adding the steps it took to *work. */
static bool glob_match_work(const char *p, const char *s, unsigned long *work)
{
	struct glob_state g = {p, s, strlen(s), NULL, 0, false};
	size_t cells;
	enum glob_result r = glob(&g, p, s);

	if (!g.over) {
		*work += g.steps;
		return r == GLOB_MATCH;
	}
	/* a pattern that branches a lot: each position pair once */
	cells = (strlen(p) + 1) * (g.slen + 1);
	if (cells > GLOB_TABLE_MAX) {
		*work += g.steps;
		return false;
	}
	g.memo = xcalloc(cells, 1);
	g.over = false;
	r = glob(&g, p, s);
	free(g.memo);
	*work += g.steps;
	return r == GLOB_MATCH;
}

bool lint_glob_match(const char *p, const char *s)
{
	unsigned long work = 0;

	return glob_match_work(p, s, &work);
}

/* ---- ignore files ---- */

static void add_pattern(struct walker *w, char *line, size_t base_len,
			const char *prefix)
{
	struct pattern *pt;
	size_t len = strlen(line);
	bool negate = false, dir_only = false, anchored;

	while (len && (line[len - 1] == ' ' || line[len - 1] == '\r') &&
	       !(len > 1 && line[len - 2] == '\\'))
		line[--len] = '\0';
	if (!len || line[0] == '#' || w->nr_pats >= IGNORE_PATTERNS_MAX)
		return;
	if (line[0] == '!') {
		negate = true;
		line++;
		len--;
	} else if (line[0] == '\\' && (line[1] == '#' || line[1] == '!')) {
		line++;
		len--;
	}
	if (len && line[len - 1] == '/') {
		dir_only = true;
		line[--len] = '\0';
	}
	if (!len)
		return;
	anchored = memchr(line, '/', len) != NULL;
	if (line[0] == '/') {
		line++;
		len--;
	}
	XGROW(w->pats, w->nr_pats + 1, w->alloc_pats);
	pt = &w->pats[w->nr_pats++];
	pt->glob = xstrndup(line, len);
	pt->negate = negate;
	pt->dir_only = dir_only;
	pt->anchored = anchored;
	pt->base_len = base_len;
	pt->prefix = prefix ? xstrdup(prefix) : NULL;
}

static void drop_patterns(struct walker *w, size_t keep)
{
	for (size_t i = keep; i < w->nr_pats; i++) {
		free(w->pats[i].glob);
		free(w->pats[i].prefix);
	}
	w->nr_pats = keep;
}

/*
 * Reads the ignore file name (a path relative to dfd) whose patterns apply
 * below base_len bytes of the path under the root, or from prefix.
 */
static void load_ignore(struct walker *w, int dfd, const char *name,
			size_t base_len, const char *prefix)
{
	struct stat st;
	char *text, *line, *save = NULL;
	int fd;
	ssize_t got;

	/* O_NONBLOCK: an ignore file that is a FIFO must not block */
	fd = openat(dfd, name, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0)
		return;
	if (fstat(fd, &st) || !S_ISREG(st.st_mode) ||
	    st.st_size > IGNORE_FILE_MAX) {
		close(fd);
		return;
	}
	text = xmalloc((size_t)st.st_size + 1);
	got = read(fd, text, (size_t)st.st_size);
	close(fd);
	text[got > 0 ? got : 0] = '\0';
	for (line = strtok_r(text, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		add_pattern(w, line, base_len, prefix);
	free(text);
}

/*
 * The ignore files of the directories above root, up to the repository's
 * top (the nearest with a .git), and its .git/info/exclude; nothing when
 * root is in no repository.
 */
static void load_parents(struct walker *w, const char *root)
{
	char *real = realpath(root, NULL), *top = NULL;
	struct stat st;
	size_t len;

	if (!real)
		return;
	len = strlen(real);
	/* the top: root itself or its nearest parent holding a .git */
	for (size_t n = len;;) {
		char *git = xasprintf("%.*s/.git", (int)n, real);
		bool found = !stat(git, &st);

		free(git);
		if (found) {
			top = xstrndup(real, n);
			break;
		}
		if (n <= 1)
			break; /* "/" */
		while (n > 1 && real[n - 1] != '/')
			n--;
		if (n > 1)
			n--; /* the slash, unless it is the one of "/" */
	}
	if (top) {
		size_t tlen = strlen(top);

		/* from the top down to root's parent, then the exclude file */
		for (size_t n = tlen; n < len;) {
			char *dir = xstrndup(real, n ? n : 1);
			const char *prefix = real + n + (real[n] == '/');
			int dfd = open(dir, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (dfd >= 0) {
				if (!w->opt->no_ignore) {
					load_ignore(w, dfd, ".gitignore", 0,
						    prefix);
					load_ignore(w, dfd, ".jarbakeignore", 0,
						    prefix);
				}
				if (n == tlen)
					load_ignore(w, dfd, ".git/info/exclude",
						    0, prefix);
				close(dfd);
			}
			free(dir);
			for (n++; n < len && real[n] != '/'; n++)
				;
		}
		if (tlen == len) {
			int dfd =
			    open(real, O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (dfd >= 0) {
				load_ignore(w, dfd, ".git/info/exclude", 0,
					    NULL);
				close(dfd);
			}
		}
	}
	free(top);
	free(real);
}

/* The path below the root: "a/b/c". */
static const char *rel_path(const struct walker *w)
{
	const char *r = w->path.buf + w->rel_start;

	return *r == '/' ? r + 1 : r;
}

static const char *display_path(const struct walker *w)
{
	const char *p = w->path.buf;

	if (w->dot_root && p[0] == '.' && p[1] == '/')
		p += 2;
	while (w->dot_root && p[0] == '/' && p != w->path.buf)
		p++;
	return p;
}

/* The ignore patterns cost more than IGNORE_WORK_*: noted once. */
static bool glob_over(struct walker *w)
{
	if (w->glob_over)
		return true;
	if (w->glob_work <=
	    IGNORE_WORK_BASE + IGNORE_WORK_PER_MATCH * w->glob_calls)
		return false;
	w->glob_over = true;
	w->k->stats.caps++;
	findings_add(&w->k->notes, display_path(w), 0, 0, SEVERITY_WARNING,
		     LINT_NOTE_CAP,
		     "ignore patterns not applied from here on: matching them "
		     "took over %lu steps and %lu per path on average",
		     IGNORE_WORK_BASE, IGNORE_WORK_PER_MATCH);
	return true;
}

static bool ignored(struct walker *w, const char *name, bool is_dir)
{
	const char *rel = rel_path(w);
	bool result = false;
	char full[4096];

	if (glob_over(w))
		return false;
	for (size_t i = 0; i < w->nr_pats; i++) {
		const struct pattern *pt = &w->pats[i];
		const char *sub = rel;

		if (pt->dir_only && !is_dir)
			continue;
		/* patterns of ignore files in the directories of the path
		 * being walked: strip that directory ("a/" of "a/b/c") */
		if (pt->base_len) {
			sub = rel + pt->base_len;
			if (*sub == '/')
				sub++;
		}
		/* patterns of the root's parents: put their path in front */
		if (pt->prefix && pt->anchored) {
			int n =
			    snprintf(full, sizeof(full), "%s%s%s", pt->prefix,
				     *pt->prefix ? "/" : "", rel);

			if (n < 0 || (size_t)n >= sizeof(full))
				continue;
			sub = full;
		}
		w->glob_calls++;
		if (glob_match_work(pt->glob, pt->anchored ? sub : name,
				    &w->glob_work))
			result = !pt->negate;
	}
	return result;
}

/* ---- files ---- */

static void fail(struct queue *q, struct worker *k, const char *path)
{
	struct error e = ERROR_INIT;

	err_set_errno(&e, EXIT_USAGE, "cannot open '%s'", path);
	err_locate(&e, path, 0, 0);
	k->stats.errors++;
	k->failed = -1;
	/* the callback prints: one thread at a time */
	pthread_mutex_lock(&q->lock);
	if (q->opt->on_error)
		q->opt->on_error(&e, q->opt->data);
	pthread_mutex_unlock(&q->lock);
	err_clear(&k->e);
	k->e = e;
}

/* Queues the file at w->path for the workers. */
static void enqueue(struct walker *w, bool named)
{
	struct queue *q = w->q;
	struct job j;

	j.path = xstrdup(w->path.buf);
	j.display = j.path + (display_path(w) - w->path.buf);
	j.named = named;
	pthread_mutex_lock(&q->lock);
	XGROW(q->jobs, q->nr + 1, q->alloc);
	q->jobs[q->nr++] = j;
	pthread_cond_signal(&q->more);
	pthread_mutex_unlock(&q->lock);
}

/* The next file to lint; false when the walk is over and none is left. */
static bool dequeue(struct queue *q, struct job *j)
{
	bool got = false;

	pthread_mutex_lock(&q->lock);
	while (q->head == q->nr && !q->done)
		pthread_cond_wait(&q->more, &q->lock);
	if (q->head < q->nr) {
		*j = q->jobs[q->head++];
		got = true;
	}
	pthread_mutex_unlock(&q->lock);
	return got;
}

/* Keeps at most LINT_MAX_FINDINGS findings in all: of the file just
 * linted (k's from index before), those still under the cap. */
static void cap_findings(struct queue *q, struct worker *k, const struct job *j,
			 size_t before)
{
	size_t added = k->out.nr - before, keep = added;
	bool note = false;

	if (!added)
		return;
	pthread_mutex_lock(&q->lock);
	if (q->findings + added > LINT_MAX_FINDINGS) {
		keep = q->findings < LINT_MAX_FINDINGS
			   ? LINT_MAX_FINDINGS - q->findings
			   : 0;
		note = !q->findings_noted;
		q->findings_noted = true;
	}
	q->findings += keep;
	pthread_mutex_unlock(&q->lock);
	if (keep == added)
		return;
	findings_truncate(&k->out, before + keep);
	k->stats.caps++;
	if (note)
		findings_add(&k->notes, j->display, 0, 0, SEVERITY_WARNING,
			     LINT_NOTE_CAP,
			     "not listed past a cap: more than %d findings in "
			     "all",
			     LINT_MAX_FINDINGS);
}

/* Reads and lints one file. */
static void lint_job(struct queue *q, struct worker *k, const struct job *j)
{
	struct stat st;
	struct lint_file_info info;
	size_t got = 0, before;
	int fmt, fd;

	/* prose and data found by the walk are counted, not read */
	if (!j->named && lint_detect_unread(j->display)) {
		k->stats.files++;
		k->stats.read[0]++;
		return;
	}
	/* O_NONBLOCK: a FIFO named on the command line must not block */
	fd = open(j->path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	if (fd < 0) {
		fail(q, k, j->display);
		return;
	}
	if (fstat(fd, &st) || !S_ISREG(st.st_mode)) {
		if (j->named && !S_ISREG(st.st_mode))
			errno = EINVAL;
		close(fd);
		if (j->named)
			fail(q, k, j->display);
		return;
	}
	k->stats.files++;
	if ((size_t)st.st_size > LINT_MAX_FILE_BYTES) {
		close(fd);
		k->stats.too_large[lint_format_of(j->display)]++;
		/* a file named is one the user wants checked: say it was not */
		if (j->named) {
			k->stats.caps++;
			findings_add(&k->notes, j->display, 0, 0,
				     SEVERITY_WARNING, LINT_NOTE_CAP,
				     "not checked: larger than %u MiB",
				     LINT_MAX_FILE_BYTES >> 20);
		}
		return;
	}
	if ((size_t)st.st_size + 1 > k->buf_alloc) {
		free(k->buf);
		k->buf_alloc = (size_t)st.st_size + 1 < 65536
				   ? 65536
				   : (size_t)st.st_size + 1;
		k->buf = xmalloc(k->buf_alloc);
	}
	while (got < (size_t)st.st_size) {
		ssize_t r = read(fd, k->buf + got, (size_t)st.st_size - got);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			close(fd);
			fail(q, k, j->display);
			return;
		}
		if (!r)
			break;
		got += (size_t)r;
	}
	close(fd);
	k->buf[got] = '\0';
	k->stats.scanned++;
	before = k->out.nr;
	lint_file(j->display, k->buf, got, &k->out, &k->notes, &info, NULL);
	cap_findings(q, k, j, before);
	fmt = info.format >= 0 && info.format < LINT_STATS_FORMATS ? info.format
								   : 0;
	if (info.binary) {
		k->stats.binary[fmt]++;
		return;
	}
	k->stats.read[fmt]++;
	k->stats.fell_back[fmt] += info.fell_back;
	k->stats.caps += info.caps;
}

static void drain(struct queue *q, struct worker *k)
{
	struct job j;

	while (dequeue(q, &j)) {
		lint_job(q, k, &j);
		free(j.path);
	}
}

static bool skipped_dir(const char *name)
{
	for (size_t i = 0; i < sizeof(skipped_dirs) / sizeof(skipped_dirs[0]);
	     i++)
		if (!strcmp(name, skipped_dirs[i]))
			return true;
	return false;
}

enum entry_kind { ENTRY_DIR, ENTRY_FILE, ENTRY_OTHER };

/* The name of a file type that is neither a file nor a directory. */
static const char *special_type(mode_t mode)
{
	return S_ISFIFO(mode)			? "a FIFO"
	       : S_ISSOCK(mode)			? "a socket"
	       : S_ISCHR(mode) || S_ISBLK(mode) ? "a device"
						: "a special file";
}

/*
 * What the entry de of the directory dfd is: a directory (never through
 * a symbolic link), a regular file (or a link to one), or else something
 * not read (*what says what: a FIFO, a socket, a device, a link to a
 * directory or to nothing).
 */
static enum entry_kind entry_kind(int dfd, const struct dirent *de,
				  const char **what)
{
	struct stat st;

	switch (de->d_type) {
	case DT_DIR:
		return ENTRY_DIR;
	case DT_REG:
		return ENTRY_FILE;
	case DT_LNK:
		break;
	case DT_UNKNOWN:
		/* the file system does not say: ask, without following */
		if (fstatat(dfd, de->d_name, &st, AT_SYMLINK_NOFOLLOW)) {
			*what = "a file that vanished or cannot be examined";
			return ENTRY_OTHER;
		}
		if (S_ISDIR(st.st_mode))
			return ENTRY_DIR;
		if (S_ISREG(st.st_mode))
			return ENTRY_FILE;
		if (!S_ISLNK(st.st_mode)) {
			*what = special_type(st.st_mode);
			return ENTRY_OTHER;
		}
		break;
	default:
		*what = de->d_type == DT_FIFO	? "a FIFO"
			: de->d_type == DT_SOCK ? "a socket"
			: de->d_type == DT_CHR || de->d_type == DT_BLK
			    ? "a device"
			    : "a special file";
		return ENTRY_OTHER;
	}
	/* a symbolic link: followed to a file, never to a directory */
	if (fstatat(dfd, de->d_name, &st, 0)) {
		*what = "a symbolic link to nothing";
		return ENTRY_OTHER;
	}
	if (S_ISREG(st.st_mode))
		return ENTRY_FILE;
	*what = S_ISDIR(st.st_mode) ? "a symbolic link to a directory"
				    : "a symbolic link to a special file";
	return ENTRY_OTHER;
}

/* Walks the directory open as dfd (closed here), at w->path. */
static void walk_dir(struct walker *w, int dfd, unsigned depth)
{
	size_t dir_len = w->path.len, saved_pats = w->nr_pats;
	DIR *d;
	struct dirent *de;

	if (depth > LINT_MAX_DEPTH) {
		close(dfd);
		w->k->stats.caps++;
		if (!w->deep_noted)
			findings_add(&w->k->notes, display_path(w), 0, 0,
				     SEVERITY_WARNING, LINT_NOTE_CAP,
				     "not walked: directories deeper than %d "
				     "levels",
				     LINT_MAX_DEPTH);
		w->deep_noted = true;
		return;
	}
	d = fdopendir(dfd);
	if (!d) {
		close(dfd);
		fail(w->q, w->k, display_path(w));
		return;
	}
	if (!w->opt->no_ignore) {
		size_t base =
		    dir_len > w->rel_start ? dir_len - w->rel_start : 0;

		load_ignore(w, dfd, ".gitignore", base, NULL);
		load_ignore(w, dfd, ".jarbakeignore", base, NULL);
	}
	while ((de = readdir(d))) {
		const char *name = de->d_name;
		const char *what = NULL;
		enum entry_kind kind;
		bool is_dir, is_file;

		if (name[0] == '.' &&
		    (!name[1] || (name[1] == '.' && !name[2])))
			continue;
		if (dir_len && w->path.buf[dir_len - 1] != '/')
			strbuf_addch(&w->path, '/');
		strbuf_adds(&w->path, name);
		kind = entry_kind(dfd, de, &what);
		is_dir = kind == ENTRY_DIR;
		is_file = kind == ENTRY_FILE;
		if (kind == ENTRY_OTHER && !ignored(w, name, false)) {
			/* no FIFO is opened, no link to a directory followed
			 * (loops, the whole disk): said, counted */
			w->k->stats.special++;
			findings_add(&w->k->notes, display_path(w), 0, 0,
				     SEVERITY_WARNING, LINT_NOTE_SKIPPED,
				     "not checked: %s, not a regular file",
				     what);
		}
		if (is_dir && !skipped_dir(name) && !ignored(w, name, true)) {
			int sub = openat(dfd, name,
					 O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (sub < 0)
				fail(w->q, w->k, display_path(w));
			else
				walk_dir(w, sub, depth + 1);
		} else if (is_file && !ignored(w, name, false)) {
			enqueue(w, false);
		}
		w->path.len = dir_len;
		w->path.buf[dir_len] = '\0';
	}
	closedir(d);
	drop_patterns(w, saved_pats);
}

/* Worker 0: walks every path, queueing files, then lints with the rest. */
static void walk_all(struct queue *q, struct worker *k)
{
	struct walker w = {0};

	w.opt = q->opt;
	w.q = q;
	w.k = k;
	strbuf_init(&w.path);
	for (size_t i = 0; i < q->nr_paths; i++) {
		const char *path = q->paths[i];
		struct stat st;

		strbuf_reset(&w.path);
		strbuf_adds(&w.path, path);
		while (w.path.len > 1 && w.path.buf[w.path.len - 1] == '/')
			w.path.buf[--w.path.len] = '\0';
		w.rel_start = w.path.len;
		w.dot_root = !strcmp(w.path.buf, ".");
		w.deep_noted = false;
		if (stat(w.path.buf, &st)) {
			fail(q, k, path);
			continue;
		}
		if (S_ISDIR(st.st_mode)) {
			int dfd = open(w.path.buf,
				       O_RDONLY | O_DIRECTORY | O_CLOEXEC);

			if (dfd < 0) {
				fail(q, k, path);
				continue;
			}
			if (!w.opt->no_ignore)
				load_parents(&w, w.path.buf);
			walk_dir(&w, dfd, 0);
			drop_patterns(&w, 0);
		} else {
			enqueue(&w, true);
		}
	}
	free(w.pats);
	strbuf_release(&w.path);
	pthread_mutex_lock(&q->lock);
	q->done = true;
	pthread_cond_broadcast(&q->more);
	pthread_mutex_unlock(&q->lock);
}

static void work(void *ctx, size_t i)
{
	struct queue *q = ctx;

	if (!i)
		walk_all(q, &q->workers[0]);
	drain(q, &q->workers[i]);
}

static void add_stats(struct lint_walk_stats *to,
		      const struct lint_walk_stats *from)
{
	to->files += from->files;
	to->scanned += from->scanned;
	to->errors += from->errors;
	to->caps += from->caps;
	to->special += from->special;
	for (size_t f = 0; f < LINT_STATS_FORMATS; f++) {
		to->read[f] += from->read[f];
		to->fell_back[f] += from->fell_back[f];
		to->binary[f] += from->binary[f];
		to->too_large[f] += from->too_large[f];
	}
}

/* Moves every finding of from to the end of to. */
static void take_findings(struct findings *to, struct findings *from)
{
	if (!to || !from->nr) {
		findings_release(from);
		return;
	}
	XGROW(to->items, st_add(to->nr, from->nr), to->alloc);
	memcpy(to->items + to->nr, from->items,
	       from->nr * sizeof(*from->items));
	to->nr += from->nr;
	free(from->items);
	from->items = NULL;
	from->nr = from->alloc = 0;
}

int lint_paths(const char *const *paths, size_t n,
	       const struct lint_walk_options *opt, struct findings *out,
	       struct findings *notes, struct lint_walk_stats *stats,
	       struct error *e)
{
	static const struct lint_walk_options defaults = {false, NULL, NULL};
	struct queue q = {0};
	size_t threads = pool_cpus(LINT_MAX_THREADS);
	int failed = 0;

	if (stats)
		memset(stats, 0, sizeof(*stats));
	q.opt = opt ? opt : &defaults;
	q.paths = paths;
	q.nr_paths = n;
	q.workers = xcalloc(threads, sizeof(*q.workers));
	pthread_mutex_init(&q.lock, NULL);
	pthread_cond_init(&q.more, NULL);
	pool_run(threads, work, &q, NULL, NULL);
	for (size_t i = 0; i < threads; i++) {
		struct worker *k = &q.workers[i];

		take_findings(out, &k->out);
		take_findings(notes, &k->notes);
		if (stats)
			add_stats(stats, &k->stats);
		if (k->failed) {
			failed = -1;
			if (e) {
				err_clear(e);
				*e = k->e;
			}
		}
		free(k->buf);
	}
	pthread_cond_destroy(&q.more);
	pthread_mutex_destroy(&q.lock);
	free(q.jobs);
	free(q.workers);
	return failed;
}
