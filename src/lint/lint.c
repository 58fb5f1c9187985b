#define _GNU_SOURCE /* memmem */
#include "lint/lint.h"

#include <stdlib.h>
#include <string.h>

#include "lint/lint_scan.h"
#include "core/xalloc.h"

/* The rules: the platform never loads JARs at run time. */
static const struct lint_rule_info rules[RULE_COUNT] = {
    [RULE_JARS] = {"runtime-jars", "JARs loaded at run time"},
    [RULE_PACKAGES] = {"runtime-packages",
		       "Maven packages downloaded at run time"},
    [RULE_REPOSITORIES] = {"runtime-repositories",
			   "repositories for run-time package downloads"},
    [RULE_CLASSPATH] = {"runtime-classpath", "class path extended at run time"},
    [RULE_IVY] = {"runtime-ivy", "Ivy settings for run-time downloads"},
    [RULE_EXCLUDES] = {"runtime-excludes",
		       "exclusions for run-time package downloads"},
    [RULE_ARTIFACT] = {"runtime-artifact",
		       "JAR added by addJar or addArtifact(s)"},
    [RULE_SUPPRESSION] = {"suppression-reason",
			  "suppression comment without a rule or a reason"},
};

/* What each rule's subject does, for messages ("'--jars' loads ..."). */
static const char *const rule_effect[RULE_COUNT] = {
    [RULE_JARS] = "loads JARs at run time",
    [RULE_PACKAGES] = "downloads Maven packages at run time",
    [RULE_REPOSITORIES] = "adds repositories for run-time downloads",
    [RULE_CLASSPATH] = "adds JARs to the class path at run time",
    [RULE_IVY] = "configures Ivy for run-time downloads",
    [RULE_EXCLUDES] = "tunes run-time package downloads",
    [RULE_ARTIFACT] = "loads a JAR at run time",
};

static const struct {
	const char *key;
	enum lint_rule rule;
} keys[] = {
    {"spark.jars", RULE_JARS},
    {"spark.jars.packages", RULE_PACKAGES},
    {"spark.jars.repositories", RULE_REPOSITORIES},
    {"spark.jars.ivy", RULE_IVY},
    {"spark.jars.ivySettings", RULE_IVY},
    {"spark.jars.excludes", RULE_EXCLUDES},
    {"spark.driver.extraClassPath", RULE_CLASSPATH},
    {"spark.executor.extraClassPath", RULE_CLASSPATH},
};

enum opt_kind { OPT_RULE, OPT_CONF, OPT_JAVA, OPT_VALUE };

/* spark-submit options we look at, and those that take a value. */
static const struct {
	const char *name;
	enum opt_kind kind;
	enum lint_rule rule;
} options[] = {
    {"--jars", OPT_RULE, RULE_JARS},
    {"--packages", OPT_RULE, RULE_PACKAGES},
    {"--repositories", OPT_RULE, RULE_REPOSITORIES},
    {"--exclude-packages", OPT_RULE, RULE_EXCLUDES},
    {"--driver-class-path", OPT_RULE, RULE_CLASSPATH},
    {"--conf", OPT_CONF, 0},
    {"-c", OPT_CONF, 0},
    {"--driver-java-options", OPT_JAVA, 0},
    {"--master", OPT_VALUE, 0},
    {"--remote", OPT_VALUE, 0},
    {"--deploy-mode", OPT_VALUE, 0},
    {"--class", OPT_VALUE, 0},
    {"--name", OPT_VALUE, 0},
    {"--py-files", OPT_VALUE, 0},
    {"--files", OPT_VALUE, 0},
    {"--archives", OPT_VALUE, 0},
    {"--properties-file", OPT_VALUE, 0},
    {"--driver-memory", OPT_VALUE, 0},
    {"--driver-library-path", OPT_VALUE, 0},
    {"--driver-cores", OPT_VALUE, 0},
    {"--executor-memory", OPT_VALUE, 0},
    {"--executor-cores", OPT_VALUE, 0},
    {"--total-executor-cores", OPT_VALUE, 0},
    {"--num-executors", OPT_VALUE, 0},
    {"--proxy-user", OPT_VALUE, 0},
    {"--principal", OPT_VALUE, 0},
    {"--keytab", OPT_VALUE, 0},
    {"--queue", OPT_VALUE, 0},
    {"--kill", OPT_VALUE, 0},
    {"--status", OPT_VALUE, 0},
    {"-e", OPT_VALUE, 0}, /* spark-sql */
    {"-f", OPT_VALUE, 0},
    {"-i", OPT_VALUE, 0},
    {"-d", OPT_VALUE, 0},
    {"--hiveconf", OPT_VALUE, 0},
    {"--hivevar", OPT_VALUE, 0},
    {"--database", OPT_VALUE, 0},
};

static const char *const launchers[] = {
    "spark-submit",
    "pyspark",
    "spark-shell",
    "spark-sql",
    "sparkR",
    "start-connect-server.sh",
    "start-thriftserver.sh",
};

/* Environment variables whose value spark-submit or its JVM reads. */
static const struct {
	const char *name;
	bool java; /* -Dspark.key=value options, else spark-submit options */
} envs[] = {
    {"PYSPARK_SUBMIT_ARGS", false}, {"SPARK_SUBMIT_OPTS", true},
    {"JAVA_TOOL_OPTIONS", true},    {"JDK_JAVA_OPTIONS", true},
    {"_JAVA_OPTIONS", true},
};

/* Commands that run the command line given in their arguments. */
static const char *const wrappers[] = {
    "exec",	 "sudo",    "nohup",  "time",	 "env",	      "nice",
    "ionice",	 "timeout", "stdbuf", "gosu",	 "su-exec",   "tini",
    "dumb-init", "runuser", "chpst",  "setpriv", "docker",    "podman",
    "nerdctl",	 "kubectl", "xargs",  "command", "catatonit", "caffeinate",
};

const struct lint_rule_info *lint_rules(void)
{
	return rules;
}

static bool span_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && !memcmp(s, lit, len);
}

static int key_index(const char *key, size_t len)
{
	/* every key starts "spark." and is short: reject most text fast */
	if (len < 10 || len > 29 || memcmp(key, "spark.", 6))
		return -1;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (span_eq(key, len, keys[i].key))
			return (int)i;
	return -1;
}

bool lint_is_key(const char *key, size_t len)
{
	return key_index(key, len) >= 0;
}

static int env_index(const char *name, size_t len)
{
	for (size_t i = 0; i < sizeof(envs) / sizeof(envs[0]); i++)
		if (span_eq(name, len, envs[i].name))
			return (int)i;
	return -1;
}

bool lint_is_env(const char *name, size_t len)
{
	return env_index(name, len) >= 0;
}

static const char *basename_of(const char *word, size_t *len)
{
	const char *b = word;

	for (size_t i = 0; i < *len; i++)
		if (word[i] == '/' || word[i] == '\\')
			b = word + i + 1;
	*len -= (size_t)(b - word);
	return b;
}

bool lint_is_launcher(const char *word, size_t len)
{
	const char *b = basename_of(word, &len);

	if (len > 4 && !memcmp(b + len - 4, ".cmd", 4))
		len -= 4;
	for (size_t i = 0; i < sizeof(launchers) / sizeof(launchers[0]); i++)
		if (span_eq(b, len, launchers[i]))
			return true;
	return false;
}

static bool is_word_edge(int c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '"' ||
	       c == '\'' || c == ';' || c == '&' || c == '|' || c == '(' ||
	       c == ')' || c == '`' || c == ',' || c == '[' || c == ']';
}

bool lint_mentions_launcher(const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "spark", 5);
		const char *s;

		if (!hit)
			break;
		/* back up over "py" of pyspark and over a path */
		s = hit >= text + 2 && !memcmp(hit - 2, "py", 2) ? hit - 2
								 : hit;
		if (s == text || is_word_edge(s[-1]) || s[-1] == '/') {
			const char *e = hit + 5;

			while (e < end && !is_word_edge(*e))
				e++;
			if (lint_is_launcher(s, (size_t)(e - s)))
				return true;
		}
		p = hit + 5;
	}
	return memmem(text, len, "start-connect-server.sh", 23) ||
	       memmem(text, len, "start-thriftserver.sh", 21);
}

struct lint_ctx lint_ctx_at(const struct lint_ctx *ctx, unsigned line,
			    unsigned col)
{
	struct lint_ctx c = {0};

	c.file = ctx->file;
	c.parent = ctx;
	c.depth = ctx->depth + 1;
	c.dline = line ? line - 1 : 0;
	c.dcol_first = col ? col - 1 : 0;
	return c;
}

struct lint_ctx lint_ctx_mapped(const struct lint_ctx *ctx,
				void (*map)(const struct lint_ctx *ctx,
					    unsigned *line, unsigned *col),
				const void *data)
{
	struct lint_ctx c = lint_ctx_at(ctx, 1, 1);

	c.map = map;
	c.map_data = data;
	return c;
}

static void map_to_file(const struct lint_ctx *ctx, unsigned *line,
			unsigned *col)
{
	for (; ctx; ctx = ctx->parent) {
		if (ctx->map) {
			ctx->map(ctx, line, col);
			continue;
		}
		*col += *line <= 1 ? ctx->dcol_first : ctx->dcol_rest;
		*line += ctx->dline;
	}
}

/* The bounds of line (1-based) of the file, using the file's cursor. */
static bool file_line(struct lint_file *f, unsigned line, const char **start,
		      size_t *len)
{
	const char *nl;

	if (!line)
		return false;
	if (line < f->cur_line || !f->cur_line) {
		f->cur_line = 1;
		f->cur_off = 0;
	}
	while (f->cur_line < line) {
		nl = memchr(f->text + f->cur_off, '\n', f->len - f->cur_off);
		if (!nl)
			return false;
		f->cur_off = (size_t)(nl - f->text) + 1;
		f->cur_line++;
	}
	*start = f->text + f->cur_off;
	nl = memchr(*start, '\n', f->len - f->cur_off);
	*len = nl ? (size_t)(nl - *start) : f->len - f->cur_off;
	return true;
}

/* A parsed "jarbake: allow RULE[,RULE] -- reason" directive. */
struct directive {
	const char *rules;
	size_t rules_len;
	bool has_reason;
	size_t marker; /* offset in the line of the comment marker */
};

static bool parse_directive(const char *line, size_t len, struct directive *d)
{
	const char *hit = memmem(line, len, "jarbake:", 8);
	const char *p, *end = line + len, *m;

	if (!hit)
		return false;
	/* it must follow a comment marker: '#' or "//" */
	for (m = hit; m > line && (m[-1] == ' ' || m[-1] == '\t'); m--)
		;
	if (m > line && m[-1] == '#')
		m--;
	else if (m > line + 1 && m[-1] == '/' && m[-2] == '/')
		m -= 2;
	else
		return false;
	d->marker = (size_t)(m - line);
	p = hit + 8;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	if (end - p < 5 || memcmp(p, "allow", 5))
		return false;
	p += 5;
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	d->rules = p;
	while (p < end && !(p + 1 < end && p[0] == '-' && p[1] == '-'))
		p++;
	d->rules_len = (size_t)(p - d->rules);
	/* rule ids and separators only: not the '\n",' of a notebook line */
	for (size_t i = 0; i < d->rules_len; i++) {
		char c = d->rules[i];

		if (!lint_is_ident_char(c) && c != '-' && c != ',' &&
		    c != ' ' && c != '\t') {
			d->rules_len = i;
			break;
		}
	}
	while (d->rules_len && (d->rules[d->rules_len - 1] == ' ' ||
				d->rules[d->rules_len - 1] == '\t'))
		d->rules_len--;
	d->has_reason = false;
	if (p < end) {
		for (p += 2; p < end; p++) {
			if (*p != ' ' && *p != '\t' && *p != '\r' &&
			    *p != '"' && *p != '\'' && *p != ',' &&
			    *p != '\\') {
				d->has_reason = true;
				break;
			}
		}
	}
	return true;
}

static bool directive_allows(const struct directive *d, const char *id)
{
	size_t idlen = strlen(id);
	const char *p = d->rules, *end = d->rules + d->rules_len;

	if (!d->has_reason)
		return false;
	while (p < end) {
		const char *s;

		while (p < end && (*p == ',' || *p == ' ' || *p == '\t'))
			p++;
		s = p;
		while (p < end && *p != ',' && *p != ' ' && *p != '\t')
			p++;
		if ((size_t)(p - s) == idlen && !memcmp(s, id, idlen))
			return true;
	}
	return false;
}

/* The directive is the whole line (but quotes: a notebook's source line):
 * a comment after code is about that code only. */
static bool directive_alone(const char *s, const struct directive *d)
{
	for (size_t i = 0; i < d->marker; i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '"' && s[i] != '\'')
			return false;
	return true;
}

static bool suppressed(struct lint_file *f, unsigned line, const char *id)
{
	for (unsigned l = line > 1 ? line - 1 : line; l <= line; l++) {
		struct directive d;
		const char *s;
		size_t len;

		if (file_line(f, l, &s, &len) && parse_directive(s, len, &d) &&
		    (l == line || directive_alone(s, &d)) &&
		    directive_allows(&d, id))
			return true;
	}
	return false;
}

/*
 * Scanners count columns in bytes; a finding's column counts characters
 * (Unicode code points), as editors and SARIF's columnKind expect.
 */
static unsigned char_column(struct lint_file *f, unsigned line, unsigned col)
{
	const char *s;
	size_t len, n;
	unsigned chars = 1;

	if (!f->text || col <= 1 || !file_line(f, line, &s, &len))
		return col;
	n = col - 1 < len ? col - 1 : len;
	for (size_t i = 0; i < n; i++)
		chars += ((unsigned char)s[i] & 0xc0) != 0x80;
	return chars + (unsigned)(col - 1 - n);
}

void lint_report(const struct lint_ctx *ctx, unsigned line, unsigned col,
		 enum lint_rule rule, const char *what, size_t what_len,
		 const char *via)
{
	struct lint_file *f = ctx->file;

	map_to_file(ctx, &line, &col);
	col = char_column(f, line, col);
	if (f->text && suppressed(f, line, rules[rule].id))
		return;
	if (what_len > 200)
		what_len = 200;
	findings_add(f->out, f->display, line, col, SEVERITY_ERROR,
		     rules[rule].id,
		     "'%.*s'%s%s %s; add the JAR to the manifest and rebuild "
		     "the image",
		     (int)what_len, what, via ? " in " : "", via ? via : "",
		     rule_effect[rule]);
}

/* Reports a directive without a rule or without a reason. */
static void report_directive(struct lint_file *f, const struct directive *d,
			     unsigned line)
{
	if (!d->rules_len)
		findings_add(f->out, f->display, line,
			     char_column(f, line, (unsigned)d->marker + 1),
			     SEVERITY_ERROR, rules[RULE_SUPPRESSION].id,
			     "suppression names no rule; write "
			     "'# jarbake: allow RULE -- REASON'");
	else if (!d->has_reason)
		findings_add(f->out, f->display, line,
			     char_column(f, line, (unsigned)d->marker + 1),
			     SEVERITY_ERROR, rules[RULE_SUPPRESSION].id,
			     "suppression of '%.*s' has no reason; write "
			     "'# jarbake: allow %.*s -- REASON'",
			     (int)d->rules_len, d->rules, (int)d->rules_len,
			     d->rules);
}

/* Reports directives that lack a reason: a suppression must say why. */
static void check_directives(struct lint_file *f)
{
	const char *p = f->text, *end = f->text + f->len;
	unsigned line = 1;
	const char *counted = f->text;

	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "jarbake:", 8);
		const char *ls, *le;
		struct directive d;

		if (!hit)
			break;
		for (ls = hit; ls > f->text && ls[-1] != '\n'; ls--)
			;
		le = memchr(hit, '\n', (size_t)(end - hit));
		if (!le)
			le = end;
		for (; counted < ls; counted++)
			line += *counted == '\n';
		if (parse_directive(ls, (size_t)(le - ls), &d))
			report_directive(f, &d, line);
		p = le;
	}
}

bool lint_check_key(const struct lint_ctx *ctx, const char *key, size_t len,
		    bool value_set, unsigned line, unsigned col,
		    const char *via)
{
	int i = key_index(key, len);

	if (i < 0 || !value_set)
		return false;
	lint_report(ctx, line, col, keys[i].rule, key, len, via);
	return true;
}

static bool is_ident(const char *s, size_t len)
{
	if (!len || (s[0] >= '0' && s[0] <= '9'))
		return false;
	for (size_t i = 0; i < len; i++) {
		char c = s[i];

		if (!(c == '_' || (c >= 'a' && c <= 'z') ||
		      (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')))
			return false;
	}
	return true;
}

bool lint_is_ident_char(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

const char *lint_line_end(const char *p, const char *end)
{
	const char *nl = memchr(p, '\n', (size_t)(end - p));

	return nl ? nl : end;
}

size_t lint_env_assignment(const char *s, size_t len)
{
	const char *eq = memchr(s, '=', len);
	size_t n = eq ? (size_t)(eq - s) : 0;

	return n && is_ident(s, n) && lint_is_env(s, n) ? n : 0;
}

/* "NAME=value" with a checked NAME: checks the value; true if it was. */
static bool check_assignment_word(const struct lint_ctx *ctx,
				  const struct lint_word *w)
{
	size_t nlen = lint_env_assignment(w->s, w->len), shift = nlen + 1;

	if (!nlen)
		return false;
	if (w->src) {
		const char *seq = memchr(w->src, '=', w->src_len);

		if (seq) {
			shift = (size_t)(seq - w->src) + 1;
			if (shift < w->src_len &&
			    (w->src[shift] == '"' || w->src[shift] == '\''))
				shift++;
		}
	}
	lint_check_env(ctx, w->s, nlen, w->s + nlen + 1, w->len - nlen - 1,
		       w->line, w->col + (unsigned)shift);
	return true;
}

static int option_index(const char *s, size_t len)
{
	for (size_t i = 0; i < sizeof(options) / sizeof(options[0]); i++)
		if (span_eq(s, len, options[i].name))
			return (int)i;
	return -1;
}

/*
 * "-Dspark.jars=x" options of a JVM command line held in one string that
 * starts at (line, col); it may span lines (a YAML block).
 */
static void check_java_options(const struct lint_ctx *ctx, const char *s,
			       size_t len, unsigned line, unsigned col,
			       const char *via)
{
	size_t i = 0, ls = 0; /* ls: where the current line starts */

	while (i < len) {
		size_t start, end;

		for (; i < len && (s[i] == ' ' || s[i] == '\t' ||
				   s[i] == '\n' || s[i] == '"' || s[i] == '\'');
		     i++) {
			if (s[i] == '\n') {
				line++;
				ls = i + 1;
				col = 1;
			}
		}
		start = i;
		while (i < len && s[i] != ' ' && s[i] != '\t' && s[i] != '\n' &&
		       s[i] != '"' && s[i] != '\'')
			i++;
		end = i;
		if (end - start > 2 && s[start] == '-' && s[start + 1] == 'D') {
			const char *k = s + start + 2;
			const char *eq = memchr(k, '=', end - start - 2);
			size_t klen = eq ? (size_t)(eq - k) : end - start - 2;
			bool set = eq && eq + 1 < s + end;

			lint_check_key(ctx, k, klen, set, line,
				       col + (unsigned)(start - ls), via);
		}
	}
}

static void check_conf_value(const struct lint_ctx *ctx, const char *s,
			     size_t len, unsigned line, unsigned col,
			     const char *via)
{
	const char *eq = memchr(s, '=', len);

	if (!eq)
		return;
	lint_check_key(ctx, s, (size_t)(eq - s), eq + 1 < s + len, line, col,
		       via);
}

/* Checks the options after a launcher, from word i to the application. */
static void check_options(const struct lint_ctx *ctx, const struct lint_word *w,
			  size_t n, size_t i, const char *via)
{
	for (; i < n; i++) {
		const struct lint_word *o = &w[i], *v;
		const char *eq;
		size_t nlen;
		int k;

		if (o->op || !o->len || o->s[0] != '-')
			return; /* the application: the rest are its own */
		eq = memchr(o->s, '=', o->len);
		nlen = eq ? (size_t)(eq - o->s) : o->len;
		k = option_index(o->s, nlen);
		if (k < 0)
			continue;
		v = !eq && i + 1 < n && !w[i + 1].op ? &w[i + 1] : NULL;
		switch (options[k].kind) {
		case OPT_RULE:
			lint_report(ctx, o->line, o->col, options[k].rule, o->s,
				    nlen, via);
			break;
		case OPT_CONF:
			if (eq)
				check_conf_value(ctx, eq + 1, o->len - nlen - 1,
						 o->line, o->col, via);
			else if (v)
				check_conf_value(ctx, v->s, v->len, v->line,
						 v->col, via);
			break;
		case OPT_JAVA:
			if (eq)
				check_java_options(
				    ctx, eq + 1, o->len - nlen - 1, o->line,
				    o->col + (unsigned)nlen + 1, via);
			else if (v)
				check_java_options(ctx, v->s, v->len, v->line,
						   v->col +
						       (v->src && v->src_len &&
							(v->src[0] == '"' ||
							 v->src[0] == '\'')),
						   via);
			break;
		case OPT_VALUE:
			break;
		}
		if (!eq)
			i++; /* skip the value */
	}
}

static bool has_space(const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++)
		if (s[i] == ' ' || s[i] == '\t' || s[i] == '\n')
			return true;
	return false;
}

/* Shell words that may precede a command: "if cond; then CMD; fi". */
static bool is_reserved(const struct lint_word *w)
{
	static const char *const words[] = {"if", "then",  "else",  "elif",
					    "do", "while", "until", "!",
					    "{",  "time"};

	for (size_t j = 0; j < sizeof(words) / sizeof(words[0]); j++)
		if (span_eq(w->s, w->len, words[j]))
			return true;
	return false;
}

/* A "NAME=value" prefix word, as written (a quoted name is a command). */
static bool is_assignment(const struct lint_word *w)
{
	const char *eq = memchr(w->s, '=', w->len);
	size_t n = eq ? (size_t)(eq - w->s) : 0;

	return n && is_ident(w->s, n) && w->src && w->src_len > n &&
	       !memcmp(w->src, w->s, n) && w->src[n] == '=';
}

static bool is_wrapper(const struct lint_word *w)
{
	size_t blen = w->len;
	const char *b = basename_of(w->s, &blen);

	for (size_t j = 0; j < sizeof(wrappers) / sizeof(wrappers[0]); j++)
		if (span_eq(b, blen, wrappers[j]))
			return true;
	return false;
}

void lint_check_words(const struct lint_ctx *ctx, const struct lint_word *w,
		      size_t n, unsigned flags, const char *via)
{
	size_t argv0 = n;
	bool wrapped = false;

	if (flags & LINT_ARGV_SPARK) {
		check_options(ctx, w, n, 0, via);
		return;
	}
	/*
	 * The launcher runs when it is the command (after VAR=value words)
	 * or follows a wrapper (exec, sudo, env, docker run ... IMAGE, "--"),
	 * not when prose or another tool mentions it.
	 */
	for (size_t i = 0; i < n; i++) {
		if (w[i].op)
			break;
		if (check_assignment_word(ctx, &w[i]))
			continue;
		if (argv0 == n && (is_reserved(&w[i]) || is_assignment(&w[i])))
			continue;
		if (argv0 == n) {
			argv0 = i;
			wrapped = is_wrapper(&w[i]);
		}
		if (has_space(w[i].s, w[i].len) ||
		    !lint_is_launcher(w[i].s, w[i].len))
			continue;
		if (i == argv0 || wrapped ||
		    (w[i - 1].len == 2 && !memcmp(w[i - 1].s, "--", 2))) {
			check_options(ctx, w, n, i + 1, via);
			return;
		}
	}
}

void lint_check_env(const struct lint_ctx *ctx, const char *name,
		    size_t name_len, const char *value, size_t value_len,
		    unsigned vline, unsigned vcol)
{
	int i = env_index(name, name_len);

	if (i < 0 || !value_len)
		return;
	if (envs[i].java)
		check_java_options(ctx, value, value_len, vline, vcol,
				   envs[i].name);
	else
		lint_check_command_text(ctx, value, value_len, vline, vcol,
					LINT_ARGV_SPARK, envs[i].name);
}

void lint_check_command_text(const struct lint_ctx *ctx, const char *text,
			     size_t len, unsigned line, unsigned col,
			     unsigned flags, const char *via)
{
	struct lint_ctx child;

	if (ctx->depth >= LINT_MAX_NEST)
		return;
	child = lint_ctx_at(ctx, line, col);
	/* options in a variable: line breaks separate words, not commands */
	scan_shell_words(&child, text, len, flags, via,
			 (flags & LINT_ARGV_SPARK) != 0);
}

void lint_check_embedded_word(const struct lint_ctx *ctx,
			      const struct lint_word *w)
{
	if (!has_space(w->s, w->len) || !lint_mentions_launcher(w->s, w->len))
		return;
	/* an assignment is checked as one (check_assignment_word) */
	if (lint_env_assignment(w->s, w->len))
		return;
	if (w->src && w->src_len == w->len + 2 &&
	    (w->src[0] == '"' || w->src[0] == '\''))
		lint_check_command_text(ctx, w->src + 1, w->len, w->line,
					w->col + 1, 0, NULL);
	else
		lint_check_command_text(
		    ctx, w->s, w->len, w->line,
		    w->col + (w->src && w->src_len &&
			      (w->src[0] == '"' || w->src[0] == '\'')),
		    0, NULL);
}

static bool word_is(const struct lint_word *w, const char *lit)
{
	return span_eq(w->s, w->len, lit);
}

void lint_check_embedded_words(const struct lint_ctx *ctx,
			       const struct lint_word *w, size_t n)
{
	size_t argv0 = 0;

	while (argv0 < n && word_is(&w[argv0], "exec"))
		argv0++;
	for (size_t i = argv0 + 1; i < n && !w[i].op; i++)
		if (word_is(&w[i - 1], "-c") || word_is(&w[argv0], "eval") ||
		    word_is(&w[argv0], "ssh"))
			lint_check_embedded_word(ctx, &w[i]);
}

/* ---- files: recognition and dispatch ---- */

size_t lint_text_offset(const char *s, size_t len, unsigned line, unsigned col)
{
	size_t off = 0;

	for (unsigned l = 1; l < line && off < len; l++) {
		const char *nl = memchr(s + off, '\n', len - off);

		if (!nl)
			break;
		off = (size_t)(nl - s) + 1;
	}
	return off + (col ? col - 1 : 0);
}

bool lint_ends_with(const char *s, size_t len, const char *suffix)
{
	size_t n = strlen(suffix);

	return len >= n && !memcmp(s + len - n, suffix, n);
}

static bool starts_with(const char *s, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && !memcmp(s, prefix, n);
}

static enum lint_format detect_shebang(const char *text, size_t len)
{
	const char *nl, *p;
	size_t n;

	if (len < 3 || text[0] != '#' || text[1] != '!')
		return LINT_FMT_NONE;
	nl = memchr(text, '\n', len);
	n = nl ? (size_t)(nl - text) : len;
	if (memmem(text, n, "python", 6))
		return LINT_FMT_PYTHON;
	for (p = text + 2; p < text + n; p++) {
		static const char *const shells[] = {"sh",  "bash", "dash",
						     "zsh", "ksh",  "ash"};
		const char *e;

		if (p[-1] != '/' && p[-1] != ' ')
			continue;
		for (e = p; e < text + n && *e != ' ' && *e != '\r'; e++)
			;
		for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
			if (span_eq(p, (size_t)(e - p), shells[i]))
				return LINT_FMT_SHELL;
	}
	return LINT_FMT_NONE;
}

enum lint_format lint_detect(const char *name, const char *text, size_t len)
{
	static const struct {
		const char *suffix;
		enum lint_format fmt;
	} suffixes[] = {
	    {".properties", LINT_FMT_PROPERTIES},
	    {".conf", LINT_FMT_PROPERTIES},
	    {".ini", LINT_FMT_PROPERTIES},
	    {".cfg", LINT_FMT_PROPERTIES},
	    {".yaml", LINT_FMT_YAML},
	    {".yml", LINT_FMT_YAML},
	    {".json", LINT_FMT_JSON},
	    {".ipynb", LINT_FMT_JSON},
	    {".sh", LINT_FMT_SHELL},
	    {".bash", LINT_FMT_SHELL},
	    {".zsh", LINT_FMT_SHELL},
	    {".ksh", LINT_FMT_SHELL},
	    {".py", LINT_FMT_PYTHON},
	    {".pyw", LINT_FMT_PYTHON},
	    {".scala", LINT_FMT_JVM},
	    {".sc", LINT_FMT_JVM},
	    {".java", LINT_FMT_JVM},
	    {".kt", LINT_FMT_JVM},
	    {".kts", LINT_FMT_JVM},
	    {".groovy", LINT_FMT_GROOVY},
	    {".gradle", LINT_FMT_GROOVY},
	    {".dockerfile", LINT_FMT_DOCKERFILE},
	    {".Dockerfile", LINT_FMT_DOCKERFILE},
	    {".containerfile", LINT_FMT_DOCKERFILE},
	    {".mk", LINT_FMT_MAKEFILE},
	    {".env", LINT_FMT_DOTENV},
	};
	static const struct {
		const char *name;
		enum lint_format fmt;
	} names[] = {
	    {"Dockerfile", LINT_FMT_DOCKERFILE},
	    {"Containerfile", LINT_FMT_DOCKERFILE},
	    {"Makefile", LINT_FMT_MAKEFILE},
	    {"makefile", LINT_FMT_MAKEFILE},
	    {"GNUmakefile", LINT_FMT_MAKEFILE},
	    {"Jenkinsfile", LINT_FMT_GROOVY},
	    {".bashrc", LINT_FMT_SHELL},
	    {".bash_profile", LINT_FMT_SHELL},
	    {".profile", LINT_FMT_SHELL},
	    {".zshrc", LINT_FMT_SHELL},
	};
	size_t blen = strlen(name);
	const char *base = basename_of(name, &blen);

	for (size_t i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (span_eq(base, blen, names[i].name))
			return names[i].fmt;
	if (starts_with(base, blen, "Dockerfile.") ||
	    starts_with(base, blen, "Containerfile."))
		return LINT_FMT_DOCKERFILE;
	if (starts_with(base, blen, ".env.") || span_eq(base, blen, ".env"))
		return LINT_FMT_DOTENV;
	for (size_t i = 0; i < sizeof(suffixes) / sizeof(suffixes[0]); i++)
		if (lint_ends_with(base, blen, suffixes[i].suffix))
			return suffixes[i].fmt;
	return detect_shebang(text, len);
}

bool lint_worth_scanning(const char *text, size_t len)
{
	static const char *const words[] = {
	    "jar",	 "ackage", "epositor",	 "lassPath",
	    "lass-path", "Jar",	   "ddArtifact",
	};

	for (size_t i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (memmem(text, len, words[i], strlen(words[i])))
			return true;
	return false;
}

void lint_scan(const struct lint_ctx *ctx, enum lint_format fmt,
	       const char *text, size_t len)
{
	switch (fmt) {
	case LINT_FMT_PROPERTIES:
		scan_properties(ctx, text, len);
		break;
	case LINT_FMT_YAML:
		scan_yaml(ctx, text, len);
		break;
	case LINT_FMT_JSON:
		scan_json(ctx, text, len);
		break;
	case LINT_FMT_SHELL:
		scan_shell(ctx, text, len);
		break;
	case LINT_FMT_DOCKERFILE:
		scan_dockerfile(ctx, text, len);
		break;
	case LINT_FMT_MAKEFILE:
		scan_makefile(ctx, text, len);
		break;
	case LINT_FMT_DOTENV:
		scan_dotenv(ctx, text, len);
		break;
	case LINT_FMT_PYTHON:
		scan_python(ctx, text, len);
		break;
	case LINT_FMT_JVM:
		scan_jvm(ctx, text, len);
		break;
	case LINT_FMT_GROOVY:
		scan_groovy(ctx, text, len);
		break;
	case LINT_FMT_NONE:
		break;
	}
}

/*
 * Drops findings from index start on that repeat an earlier one of them:
 * a YAML alias or merge key shows the same node twice.
 */
static void drop_duplicates(struct findings *f, size_t start)
{
	size_t kept = start;

	for (size_t i = start; i < f->nr; i++) {
		struct finding *it = &f->items[i];
		bool dup = false;

		for (size_t j = start; j < kept && !dup; j++)
			dup = f->items[j].line == it->line &&
			      f->items[j].column == it->column &&
			      !strcmp(f->items[j].rule, it->rule) &&
			      !strcmp(f->items[j].message, it->message);
		if (dup) {
			free(it->file);
			free(it->rule);
			free(it->message);
		} else {
			f->items[kept++] = *it;
		}
	}
	f->nr = kept;
}

int lint_buffer(const char *display, const char *text, size_t len,
		struct findings *out, struct error *e)
{
	struct lint_file f = {0};
	struct lint_ctx ctx = {0};
	enum lint_format fmt;
	size_t before;

	if (memchr(text, '\0', len < 8192 ? len : 8192))
		return err_set_at(e, display, 0, 0, "binary file, not text");
	/* a UTF-8 byte order mark is not part of the first line's text */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	/* the name first (cheap), then the words any rule needs */
	fmt = lint_detect(display, text, len);
	if (fmt == LINT_FMT_NONE || !lint_worth_scanning(text, len))
		return 0;
	f.display = display;
	f.text = text;
	f.len = len;
	f.out = out;
	ctx.file = &f;
	before = out->nr;
	lint_scan(&ctx, fmt, text, len);
	check_directives(&f);
	drop_duplicates(out, before);
	return 0;
}

void lint_command(const char *origin, char *const *entrypoint,
		  size_t nr_entrypoint, char *const *cmd, size_t nr_cmd,
		  struct findings *out)
{
	struct lint_file f = {0};
	struct lint_ctx ctx = {0};
	size_t n = 0, before = out->nr;
	struct lint_word *w;

	f.display = origin;
	f.out = out;
	ctx.file = &f;
	w = xcalloc(st_add(st_add(nr_entrypoint, nr_cmd), 1), sizeof(*w));
	for (size_t i = 0; i < nr_entrypoint && n < LINT_MAX_WORDS; i++, n++) {
		w[n].s = entrypoint[i];
		w[n].len = strlen(entrypoint[i]);
	}
	for (size_t i = 0; i < nr_cmd && n < LINT_MAX_WORDS; i++, n++) {
		w[n].s = cmd[i];
		w[n].len = strlen(cmd[i]);
	}
	lint_check_words(&ctx, w, n, 0, NULL);
	lint_check_embedded_words(&ctx, w, n);
	free(w);
	/* positions are meaningless here: line 0 names the whole origin */
	for (size_t i = before; i < out->nr; i++)
		out->items[i].line = out->items[i].column = 0;
}

void lint_argv(const char *origin, char *const *argv, size_t argc,
	       struct findings *out)
{
	lint_command(origin, argv, argc, NULL, 0, out);
}

void lint_env(const char *origin, const char *assignment, struct findings *out)
{
	struct lint_file f = {0};
	struct lint_ctx ctx = {0};
	struct lint_word w = {0};
	size_t before = out->nr;

	f.display = origin;
	f.out = out;
	ctx.file = &f;
	w.s = assignment;
	w.len = strlen(assignment);
	check_assignment_word(&ctx, &w);
	for (size_t i = before; i < out->nr; i++)
		out->items[i].line = out->items[i].column = 0;
}
