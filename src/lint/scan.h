#ifndef JARBAKE_LINT_SCAN_H
#define JARBAKE_LINT_SCAN_H

#include <stdbool.h>
#include <stddef.h>

/*
 * The scanner interface: how a format reader (src/lint/scan/scan_*.c) hands
 * what it found to lint. Data flows one way:
 *
 *   file ──dispatcher (lint.c)──▶ scanner ──▶ settings, argument vectors,
 *        embedded documents ──▶ sink: settings and argv to the rules
 *        (rules.c), documents back to the dispatcher, which picks their
 *        scanner by format hint, target name, else content.
 *
 * Contract for a scanner:
 * - it is a function void scan_X(const struct lint_ctx *ctx, const char
 *   *text, size_t len) listed in the dispatcher's table; it parses text
 *   (its buffer, borrowed, not NUL-terminated) and emits through the
 *   lint_emit_* functions below; it never names another scanner nor a
 *   rule, never prints, and reports positions 1-based in its own buffer,
 *   columns in bytes;
 * - text it does not interpret itself (a heredoc body, a block scalar, a
 *   notebook cell, a string that holds a command or JSON) is emitted as a
 *   document with a position in its buffer (or a child context with an
 *   exact map, lint_ctx_mapped) and, when known, where it is written
 *   (target) or what format it is;
 * - when the text is not its format after all, it calls lint_emit_fallback
 *   once, with the line where parsing stopped, then scans tolerantly;
 * - it may ask the lint_wants_* prefilters (tables of the rules) so as not
 *   to compute positions for keys no rule is about.
 * The scanner's options for this buffer are in ctx->flags and ctx->via.
 */

/* Caps: on the depth of nested documents and on a command's word count. */
#define LINT_MAX_NEST 8
#define LINT_MAX_WORDS 4096

/* The formats a buffer can be read as. Add a row in lint.c's scanner table
 * and in detect.c for a new one. */
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
	LINT_FMT_HCL,	 /* Terraform */
	LINT_FMT_JUSTFILE,
	LINT_FMT_TEMPLATE, /* Jinja, Go templates: another format inside */
	LINT_FMT_BATCH,	   /* Windows *.bat, *.cmd */
	LINT_FMT_COUNT
};

/* ctx->flags: how the buffer is to be read. */
enum {
	LINT_DOC_FOLDED = 1,	 /* shell: newlines separate words only */
	LINT_DOC_SPARK_ARGS = 2, /* shell: words are spark-submit options */
	LINT_DOC_DATA = 4,	 /* text written or printed: read by content as
				    properties, YAML or JSON, never as a script */
	LINT_DOC_LIVY = 8, /* JSON: a Livy session or batch body (sparkmagic's
			      %%configure): its "jars" are JARs */
};

struct lint_file;
struct lint_sink;

/*
 * Where a scanner's buffer sits in the file: the scanner reports positions
 * relative to its buffer (1-based); the context maps them to the file,
 * then through parent contexts (text embedded in YAML, JSON, shell...).
 */
struct lint_ctx {
	struct lint_file *file;	       /* the dispatcher's, opaque */
	const struct lint_sink *sink;  /* where emissions go */
	const struct lint_ctx *parent; /* NULL at the top */
	unsigned depth;
	unsigned dline;	     /* added to every line */
	unsigned dcol_first; /* added to columns on the buffer's first line */
	unsigned dcol_rest;  /* added to columns on the other lines */
	/* optional exact mapping, used instead of the offsets above */
	void (*map)(const struct lint_ctx *ctx, unsigned *line, unsigned *col);
	const void *map_data;
	unsigned flags;	 /* LINT_DOC_* */
	const char *via; /* "in X" of messages (a variable), or NULL */
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

/* Takes (line, col) of ctx's buffer to the file's, through every parent. */
void lint_ctx_to_file(const struct lint_ctx *ctx, unsigned *line,
		      unsigned *col);

/*
 * A setting: KEY = VALUE. key is looked up in the rule tables: Spark keys
 * (spark.jars...), environment variables (PYSPARK_SUBMIT_ARGS...), and
 * names a scanner gives to a form it recognised ("spec.deps.jars" of a
 * SparkApplication, "livy:jars", "airflow:jars", "call:addJar"). shown is
 * what messages quote (NULL: key). set is false when the value is empty,
 * null or None: then nothing is added and nothing is reported.
 */
struct lint_setting {
	const char *key;
	size_t key_len;
	const char *shown;
	size_t shown_len;
	const char *value; /* decoded, NULL when not text (a list...) */
	size_t value_len;
	bool set;
	unsigned line, col;   /* of the key in ctx's buffer */
	unsigned vline, vcol; /* of the value's first byte; the value's
				 bytes take consecutive columns; 0 when
				 unknown (then an environment variable's
				 value is not judged) */
};

/* A word of a command line with its position in ctx's buffer. */
struct lint_word {
	const char *s;
	size_t len;
	unsigned line, col;
	const char *src; /* the word as written (quotes...), NULL if unknown */
	size_t src_len;
	bool op; /* a shell redirection operator: ends the options */
};

/* lint_emit_argv flags: what launched the words. */
enum {
	LINT_ARGV_COMMAND = 0, /* a command line: the rules find a launcher */
	LINT_ARGV_SPARK = 1,   /* spark-submit's options already */
};

/*
 * An embedded document: text at (line, col) of ctx's buffer (or at (1, 1)
 * of a mapped child context), to be scanned as format; LINT_FMT_NONE lets
 * the dispatcher decide from target (the file or variable it is written
 * to, e.g. "$SPARK_HOME/conf/spark-defaults.conf", a YAML key) and then
 * from the content. flags and via become the child context's.
 */
struct lint_doc {
	const char *text;
	size_t len;
	unsigned line, col;
	enum lint_format format;
	const char *target; /* may be NULL */
	size_t target_len;
	unsigned flags;
	const char *via;
};

/* What a scanner tells besides findings: it could not parse its buffer
 * as its format (and went on tolerantly), or it stopped at a cap. */
enum lint_notice {
	LINT_NOTICE_FALLBACK,
	LINT_NOTICE_CAP,
};

/* The sink, filled by the dispatcher; scanners use the wrappers below. */
struct lint_sink {
	bool (*setting)(const struct lint_ctx *ctx,
			const struct lint_setting *s);
	void (*argv)(const struct lint_ctx *ctx, const struct lint_word *w,
		     size_t n, unsigned flags);
	void (*document)(const struct lint_ctx *ctx, const struct lint_doc *d);
	void (*notice)(const struct lint_ctx *ctx, enum lint_notice kind,
		       unsigned line, const char *text);
	/* prefilters from the rule tables */
	bool (*is_key)(const char *s, size_t len);
	bool (*is_env)(const char *s, size_t len);
	bool (*is_launcher)(const char *s, size_t len);
	bool (*mentions_launcher)(const char *s, size_t len);
	size_t (*next_word)(const char *s, size_t len, size_t from);
};

/* Judges a setting; true when a rule refused it (and reported it). */
static inline bool lint_emit_setting(const struct lint_ctx *ctx,
				     const struct lint_setting *s)
{
	return ctx->sink->setting(ctx, s);
}

/* Judges a command line of n words (at most LINT_MAX_WORDS). */
static inline void lint_emit_argv(const struct lint_ctx *ctx,
				  const struct lint_word *w, size_t n,
				  unsigned flags)
{
	ctx->sink->argv(ctx, w, n, flags);
}

/* Scans an embedded document (nesting is capped at LINT_MAX_NEST). */
static inline void lint_emit_document(const struct lint_ctx *ctx,
				      const struct lint_doc *d)
{
	ctx->sink->document(ctx, d);
}

/* The buffer is not the format its scanner reads from line on (why: the
 * parser's message): noted in the output (a warning, --stats); the
 * scanner goes on tolerantly. */
static inline void lint_emit_fallback(const struct lint_ctx *ctx, unsigned line,
				      const char *why)
{
	ctx->sink->notice(ctx, LINT_NOTICE_FALLBACK, line, why);
}

/* A cap stopped the scanner at line (what: "YAML nested deeper than
 * 64"): what lies beyond was not checked, and the output says so. */
static inline void lint_emit_cap(const struct lint_ctx *ctx, unsigned line,
				 const char *what)
{
	ctx->sink->notice(ctx, LINT_NOTICE_CAP, line, what);
}

/* A setting whose value starts at (vline, vcol); key at (line, col). */
bool lint_emit_kv(const struct lint_ctx *ctx, const char *key, size_t klen,
		  const char *value, size_t vlen, bool set, unsigned line,
		  unsigned col, unsigned vline, unsigned vcol);

/* A document of format at (line, col) of ctx's buffer. */
void lint_emit_text(const struct lint_ctx *ctx, enum lint_format format,
		    const char *text, size_t len, unsigned line, unsigned col);

static inline bool lint_wants_key(const struct lint_ctx *ctx, const char *s,
				  size_t len)
{
	return ctx->sink->is_key(s, len);
}

static inline bool lint_wants_env(const struct lint_ctx *ctx, const char *s,
				  size_t len)
{
	return ctx->sink->is_env(s, len);
}

static inline bool lint_is_launcher(const struct lint_ctx *ctx, const char *s,
				    size_t len)
{
	return ctx->sink->is_launcher(s, len);
}

static inline bool lint_mentions_launcher(const struct lint_ctx *ctx,
					  const char *s, size_t len)
{
	return ctx->sink->mentions_launcher(s, len);
}

static inline bool lint_worth_scanning(const struct lint_ctx *ctx,
				       const char *s, size_t len)
{
	return ctx->sink->next_word(s, len, 0) < len;
}

/* Where the next word any rule needs is at or after from (an offset
 * inside it); len when there is none. */
static inline size_t lint_next_word(const struct lint_ctx *ctx, const char *s,
				    size_t len, size_t from)
{
	return ctx->sink->next_word(s, len, from);
}

/* A word that is itself a command line (the script of "sh -c", the string
 * given to os.system): emitted as a shell document when it holds a space
 * and mentions a launcher. */
void lint_emit_word_script(const struct lint_ctx *ctx,
			   const struct lint_word *w);

/* For "NAME=value" with NAME a variable the rules know, the length of
 * NAME; else 0. */
size_t lint_env_assignment(const struct lint_ctx *ctx, const char *s,
			   size_t len);

/* A name that says it holds spark-submit options (submitArgs,
 * SPARK_SUBMIT_PARAMS, spark_opts, extraSparkArgs): "submit" or "spark"
 * with "arg", "opt" or "param", case aside. Its value, when it starts
 * with "--", is read as spark-submit's options, used or not. */
bool lint_names_spark_options(const char *name, size_t len);

/* A value kept under name that is spark-submit's options: it starts with
 * "--" and the name says so, or its first option adds JARs and its value
 * looks like them ("--jars=gs://x.jar", "--packages g:a:v"). */
bool lint_holds_options(const char *name, size_t nlen, const char *value,
			size_t vlen);

/* Text at (line, col) of ctx's buffer read as spark-submit's options
 * (newlines separate words); via names the variable in messages, or
 * NULL. */
void lint_emit_options(const struct lint_ctx *ctx, const char *text, size_t len,
		       unsigned line, unsigned col, const char *via);

/* "spark.jars.packages=a:b:1,spark.x=y" (one line, at (line, col) of
 * ctx's buffer, written as is): each pair whose key a rule knows is a
 * setting (a variable later given to --properties or --conf). */
void lint_emit_pairs(const struct lint_ctx *ctx, const char *text, size_t len,
		     unsigned line, unsigned col);

/* A Helm value path naming a Spark key with escaped dots
 * ("sparkConf.spark\.jars\.packages", HCL's "spark\\.jars"): the key
 * ("spark.jars.packages") copied to out (cap bytes), its length; else 0. */
size_t lint_helm_key(const char *s, size_t len, char *out, size_t cap);

/* Small text helpers shared by the scanners. */
bool lint_ends_with(const char *s, size_t len, const char *suffix);
bool lint_is_ident_char(char c);
/* The byte offset of 1-based (line, col) in s (len bytes). */
size_t lint_text_offset(const char *s, size_t len, unsigned line, unsigned col);

/* Where each line of a buffer starts: lint_text_offset and its inverse
 * in O(log n), for maps that take many findings in one long text. */
struct lint_lines {
	size_t *start;
	size_t nr, alloc;
};

/* Fills l (zeroed or released) for s. */
void lint_lines_build(struct lint_lines *l, const char *s, size_t len);
void lint_lines_release(struct lint_lines *l);
/* lint_text_offset through l. */
size_t lint_lines_offset(const struct lint_lines *l, unsigned line,
			 unsigned col);
/* The index of the last of starts[0..nr) (ascending, starts[0] <= off)
 * that is at or before off; 0 when nr is 0. */
size_t lint_last_at_or_before(const size_t *starts, size_t nr, size_t off);
/* The 1-based line and column (bytes) of offset off. */
void lint_lines_position(const struct lint_lines *l, size_t off, unsigned *line,
			 unsigned *col);
/* The end of the line at p: its '\n', or end. */
const char *lint_line_end(const char *p, const char *end);
/* After word and the blanks that follow it when [s, e) starts with word
 * and a blank ("export NAME=..."), else s. */
const char *lint_skip_word(const char *s, const char *e, const char *word);
/* The last path component of s (len updated): '/' and '\\' separate. */
const char *lint_basename(const char *s, size_t *len);

#endif
