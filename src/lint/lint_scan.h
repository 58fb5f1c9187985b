#ifndef JARBAKE_LINT_SCAN_H
#define JARBAKE_LINT_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"

/*
 * Internals shared by lint.c (the rules) and the scanners (scan_*.c):
 * a scanner parses one format, finds keys, command lines and environment
 * assignments, and hands them with their position to the lint_check_*
 * rules below. Not for other modules: they use lint.h.
 */

/* Caps: on the depth of nested scanning and on a command's word count. */
#define LINT_MAX_NEST 8
#define LINT_MAX_WORDS 4096

/* The formats a file can be recognised as. */
enum lint_format {
	LINT_FMT_NONE, /* prose, unknown or binary: not scanned */
	LINT_FMT_PROPERTIES,
	LINT_FMT_YAML,
	LINT_FMT_JSON,
	LINT_FMT_SHELL,
	LINT_FMT_DOCKERFILE,
	LINT_FMT_MAKEFILE,
	LINT_FMT_DOTENV,
	LINT_FMT_PYTHON,
	LINT_FMT_JVM,	 /* Scala, Java, Kotlin */
	LINT_FMT_GROOVY, /* Groovy, Jenkinsfile, Gradle: '...' are strings */
};

/* Per-file state shared by every context of one file. */
struct lint_file {
	const char *display; /* path named in findings */
	const char *text;    /* the whole file, for suppressions */
	size_t len;
	struct findings *out;
	/* cursor of the line index: offset of the start of line 'line' */
	unsigned cur_line;
	size_t cur_off;
};

/*
 * Where a scanner's buffer sits in the file: the scanner reports positions
 * relative to its buffer (1-based); the context maps them to the file, then
 * through parent contexts (text embedded in YAML, JSON, shell words...).
 */
struct lint_ctx {
	struct lint_file *file;
	const struct lint_ctx *parent; /* NULL at the top */
	unsigned depth;
	unsigned dline;	     /* added to every line */
	unsigned dcol_first; /* added to columns on the buffer's first line */
	unsigned dcol_rest;  /* added to columns on the other lines */
	/* optional exact mapping, used instead of the offsets above */
	void (*map)(const struct lint_ctx *ctx, unsigned *line, unsigned *col);
	const void *map_data;
};

/* A child context whose buffer starts at (line, col) of ctx's buffer. */
struct lint_ctx lint_ctx_at(const struct lint_ctx *ctx, unsigned line,
			    unsigned col);

/* A child context whose positions map() takes to ctx's buffer; data is
 * the map's (ctx->map_data), borrowed. */
struct lint_ctx lint_ctx_mapped(const struct lint_ctx *ctx,
				void (*map)(const struct lint_ctx *ctx,
					    unsigned *line, unsigned *col),
				const void *data);

/* The rules, each with its id and what it is about. */
enum lint_rule {
	RULE_JARS,
	RULE_PACKAGES,
	RULE_REPOSITORIES,
	RULE_CLASSPATH,
	RULE_IVY,
	RULE_EXCLUDES,
	RULE_ARTIFACT,
	RULE_SUPPRESSION,
	RULE_COUNT
};

struct lint_rule_info {
	const char *id;
	const char *summary; /* for rule tables: SARIF, documentation */
};

/* The rule table, RULE_COUNT entries. */
const struct lint_rule_info *lint_rules(void);

/*
 * Records a finding at (line, col) of ctx's buffer unless a suppression
 * comment covers it. what is the quoted subject ("--jars", a key).
 */
void lint_report(const struct lint_ctx *ctx, unsigned line, unsigned col,
		 enum lint_rule rule, const char *what, size_t what_len,
		 const char *via);

/* A word with its position in ctx's buffer. */
struct lint_word {
	const char *s;
	size_t len;
	unsigned line, col;
	const char *src; /* the word as written (quotes...), NULL if unknown */
	size_t src_len;
	bool op; /* a shell redirection operator: ends the options */
};

/*
 * The rules report what they find through lint_report. lint_check_key:
 * KEY (reported at line, col) with a value, value_set false when it is
 * empty; returns true when KEY is refused and was reported.
 */
bool lint_check_key(const struct lint_ctx *ctx, const char *key, size_t len,
		    bool value_set, unsigned line, unsigned col,
		    const char *via);

/* True when key (len bytes) is one of the refused configuration keys. */
bool lint_is_key(const char *key, size_t len);

/* True when name is an environment variable carrying Spark options. */
bool lint_is_env(const char *name, size_t len);

/* True when word is a Spark launcher (spark-submit, pyspark, ...). */
bool lint_is_launcher(const char *word, size_t len);

/* True when text mentions a launcher as a word (spark-submit, .../pyspark). */
bool lint_mentions_launcher(const char *text, size_t len);

enum {
	LINT_ARGV_SPARK = 1, /* the words are spark-submit options already */
};

/*
 * A command line: checks NAME=value words of the variables lint_is_env
 * knows, finds a launcher run as the command (or after a wrapper: exec,
 * sudo, env, docker, "--"), then checks its options up to the application
 * (primary resource). Words holding a whole command line (sh -c '...') are
 * for lint_check_embedded_words.
 */
void lint_check_words(const struct lint_ctx *ctx, const struct lint_word *w,
		      size_t n, unsigned flags, const char *via);

/*
 * An environment assignment NAME=VALUE; value starts at (vline, vcol) and
 * positions inside it are taken as consecutive columns.
 */
void lint_check_env(const struct lint_ctx *ctx, const char *name,
		    size_t name_len, const char *value, size_t value_len,
		    unsigned vline, unsigned vcol);

/*
 * Splits text as shell words (quotes, backslashes) and checks them as a
 * command line with flags; text starts at (line, col) of ctx's buffer.
 */
void lint_check_command_text(const struct lint_ctx *ctx, const char *text,
			     size_t len, unsigned line, unsigned col,
			     unsigned flags, const char *via);

/* Checks a word's text as an embedded script when it mentions a launcher
 * (sh -c '...', a compose command string). */
void lint_check_embedded_word(const struct lint_ctx *ctx,
			      const struct lint_word *w);

/* Checks the words of a command line that are scripts themselves: the one
 * after "-c" (sh -c, su -c), the arguments of eval and ssh. */
void lint_check_embedded_words(const struct lint_ctx *ctx,
			       const struct lint_word *w, size_t n);

/* Recognises a file's format from its name and content. */
enum lint_format lint_detect(const char *name, const char *text, size_t len);

/* True when text holds a word any rule could be about (a fast prefilter). */
bool lint_worth_scanning(const char *text, size_t len);

/* Scans a buffer of format fmt in ctx (dispatch to the scanners). */
void lint_scan(const struct lint_ctx *ctx, enum lint_format fmt,
	       const char *text, size_t len);

/* The scanners: each parses text (its buffer) and reports through ctx. */
void scan_properties(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_shell(const struct lint_ctx *ctx, const char *text, size_t len);
/* scan_shell with lint_check_words flags, a via label, and folded (newlines
 * separate words only, as in folded YAML). */
void scan_shell_words(const struct lint_ctx *ctx, const char *text, size_t len,
		      unsigned flags, const char *via, bool folded);
void scan_dockerfile(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_makefile(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_dotenv(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_python(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_jvm(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_groovy(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_yaml(const struct lint_ctx *ctx, const char *text, size_t len);
void scan_json(const struct lint_ctx *ctx, const char *text, size_t len);

/* Small text helpers shared by the scanners. */
bool lint_ends_with(const char *s, size_t len, const char *suffix);
bool lint_is_ident_char(char c);
/* The byte offset of 1-based (line, col) in s (len bytes). */
size_t lint_text_offset(const char *s, size_t len, unsigned line, unsigned col);
/* The end of the line at p: its '\n', or end. */
const char *lint_line_end(const char *p, const char *end);
/* For "NAME=value" with NAME a variable lint_is_env knows, the length of
 * NAME; else 0. */
size_t lint_env_assignment(const char *s, size_t len);

#endif
