#ifndef JARBAKE_LINT_WALK_H
#define JARBAKE_LINT_WALK_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/findings.h"

/*
 * File discovery for "jarbake lint": recurses into directories, skips
 * .git/, node_modules/, build output (build/, target/), binary and huge
 * files, honours .gitignore and .jarbakeignore (globs, "dir/", "!negation",
 * anchored "/pattern" and "a/b", "**") in the walk and in the directories
 * above it up to the repository's top (with .git/info/exclude), and lints
 * each file it keeps with lint_buffer. Files are read with one read into a
 * reused buffer.
 */

/* Files larger than this are skipped as huge (not config). */
#define LINT_MAX_FILE_BYTES (16u << 20)
/* Findings kept in one run (each file also keeps at most 10,000): their
 * report stays within memory (SARIF takes about 3 KB a finding). */
#define LINT_MAX_FINDINGS 25000
/* Directories deeper than this below a path named are not walked. */
#define LINT_MAX_DEPTH 256
/* Room for every format's counters (lint_format_count() of them). */
#define LINT_STATS_FORMATS 32

struct lint_walk_options {
	bool no_ignore; /* do not read .gitignore / .jarbakeignore */
	/* called for each path that cannot be read; may be NULL */
	void (*on_error)(const struct error *e, void *data);
	void *data;
};

struct lint_walk_stats {
	size_t files;	/* regular files seen */
	size_t scanned; /* files handed to lint_file */
	size_t errors;	/* paths that could not be read */
	size_t special; /* not read: FIFOs, sockets, devices, links to
			   directories or to nothing (each a note) */
	/* per format (lint_format_name()), by name for skipped files */
	size_t read[LINT_STATS_FORMATS];
	size_t fell_back[LINT_STATS_FORMATS];
	size_t binary[LINT_STATS_FORMATS];
	size_t too_large[LINT_STATS_FORMATS];
	size_t caps; /* caps reached: in files, directory depth */
};

/*
 * Lints every path (a file or a directory tree) into out. A path named
 * "." is shown without a "./" prefix. notes (may be NULL) gets a warning
 * for every file that could not be parsed as its format, every cap
 * reached (a directory deeper than LINT_MAX_DEPTH, a file over
 * LINT_MAX_FILE_BYTES named on the command line, caps inside files).
 * Returns 0, or -1 when some input could not be read (each reported
 * through on_error; the last one is in e, code EXIT_USAGE); linting goes
 * on past unreadable inputs.
 */
int lint_paths(const char *const *paths, size_t n,
	       const struct lint_walk_options *opt, struct findings *out,
	       struct findings *notes, struct lint_walk_stats *stats,
	       struct error *e);

/* Matches path against a gitignore-style glob: '*' and '?' stop at '/',
 * "**" crosses it, [a-z] classes, backslash escapes. Exposed for tests. */
bool lint_glob_match(const char *pattern, const char *path);

#endif
