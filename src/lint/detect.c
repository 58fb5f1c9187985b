#define _GNU_SOURCE /* memmem */
#include "lint/detect.h"

#include <string.h>

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static bool span_eq(const char *s, size_t len, const char *lit)
{
	return strlen(lit) == len && !memcmp(s, lit, len);
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
		for (size_t i = 0; i < COUNT(shells); i++)
			if (span_eq(p, (size_t)(e - p), shells[i]))
				return LINT_FMT_SHELL;
	}
	return LINT_FMT_NONE;
}

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
    {".zpln", LINT_FMT_JSON}, /* a Zeppelin note */
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
    /* JavaScript and TypeScript (CDK and Pulumi stacks, Node scripts):
     * '...' and "..." are strings, as in Groovy */
    {".ts", LINT_FMT_GROOVY},
    {".js", LINT_FMT_GROOVY},
    {".mjs", LINT_FMT_GROOVY},
    {".cjs", LINT_FMT_GROOVY},
    {".dockerfile", LINT_FMT_DOCKERFILE},
    {".Dockerfile", LINT_FMT_DOCKERFILE},
    {".containerfile", LINT_FMT_DOCKERFILE},
    {".mk", LINT_FMT_MAKEFILE},
    {".env", LINT_FMT_DOTENV},
    {".tf", LINT_FMT_HCL},
    {".tfvars", LINT_FMT_HCL},
    {".just", LINT_FMT_JUSTFILE},
    {".bat", LINT_FMT_BATCH},
    {".cmd", LINT_FMT_BATCH},
    {".bashrc", LINT_FMT_SHELL},
    {".zshrc", LINT_FMT_SHELL},
    {".profile", LINT_FMT_SHELL},
    {".j2", LINT_FMT_TEMPLATE},
    {".jinja", LINT_FMT_TEMPLATE},
    {".jinja2", LINT_FMT_TEMPLATE},
    {".tpl", LINT_FMT_TEMPLATE},
    {".gotmpl", LINT_FMT_TEMPLATE},
    {".tmpl", LINT_FMT_TEMPLATE},
};

static const struct {
	const char *name;
	enum lint_format fmt;
} names[] = {
    {"Dockerfile", LINT_FMT_DOCKERFILE}, {"Containerfile", LINT_FMT_DOCKERFILE},
    {"Makefile", LINT_FMT_MAKEFILE},	 {"makefile", LINT_FMT_MAKEFILE},
    {"GNUmakefile", LINT_FMT_MAKEFILE},	 {"Jenkinsfile", LINT_FMT_GROOVY},
    {".bashrc", LINT_FMT_SHELL},	 {".bash_profile", LINT_FMT_SHELL},
    {".profile", LINT_FMT_SHELL},	 {".zshrc", LINT_FMT_SHELL},
    {"justfile", LINT_FMT_JUSTFILE},	 {"Justfile", LINT_FMT_JUSTFILE},
    {".justfile", LINT_FMT_JUSTFILE},
};

/* The format a file name says, or LINT_FMT_NONE. */
static enum lint_format detect_name(const char *name, size_t len)
{
	const char *base = lint_basename(name, &len);

	for (size_t i = 0; i < COUNT(names); i++)
		if (span_eq(base, len, names[i].name))
			return names[i].fmt;
	if (starts_with(base, len, "Dockerfile.") ||
	    starts_with(base, len, "Containerfile."))
		return LINT_FMT_DOCKERFILE;
	if (starts_with(base, len, ".env.") || span_eq(base, len, ".env"))
		return LINT_FMT_DOTENV;
	for (size_t i = 0; i < COUNT(suffixes); i++)
		if (lint_ends_with(base, len, suffixes[i].suffix))
			return suffixes[i].fmt;
	return LINT_FMT_NONE;
}

/* Configuration that holds template syntax is a template of itself (JSON
 * is not looked at: its objects make the search slow, templated JSON is
 * rare and its scanner falls back to a tolerant scan). */
static bool templated(enum lint_format f, const char *text, size_t len)
{
	const char *p = text, *end = text + len;

	if (f != LINT_FMT_YAML && f != LINT_FMT_PROPERTIES)
		return false;
	/* one pass for both openers */
	while ((p = memchr(p, '{', (size_t)(end - p))) && ++p < end)
		if (*p == '{' || *p == '%')
			return true;
	return false;
}

/* Prose, data and archives: never a script, whatever their first line. */
static const char *const unread_suffixes[] = {
    ".md",  ".markdown", ".rst",     ".adoc", ".csv", ".tsv",  ".log", ".png",
    ".jpg", ".jpeg",	 ".gif",     ".svg",  ".ico", ".pdf",  ".jar", ".class",
    ".zip", ".gz",	 ".tgz",     ".bz2",  ".xz",  ".zst",  ".tar", ".whl",
    ".so",  ".pyc",	 ".parquet", ".avro", ".orc", ".html", ".css",
};

static bool unread_name(const char *name, size_t len)
{
	const char *base = lint_basename(name, &len);

	for (size_t i = 0; i < COUNT(unread_suffixes); i++)
		if (lint_ends_with(base, len, unread_suffixes[i]))
			return true;
	return false;
}

bool lint_detect_unread(const char *name)
{
	return unread_name(name, strlen(name));
}

enum lint_format lint_detect(const char *name, const char *text, size_t len)
{
	enum lint_format f = detect_name(name, strlen(name));

	if (templated(f, text, len))
		return LINT_FMT_TEMPLATE;
	if (f == LINT_FMT_NONE && lint_detect_unread(name))
		return LINT_FMT_NONE;
	return f != LINT_FMT_NONE ? f : detect_shebang(text, len);
}

enum lint_format lint_detect_embedded(const char *target, size_t target_len,
				      const char *text, size_t len)
{
	enum lint_format f = LINT_FMT_NONE;

	while (target_len && (target[target_len - 1] == '"' ||
			      target[target_len - 1] == '\''))
		target_len--;
	if (target && target_len) {
		if (memmem(target, target_len, "spark-defaults", 14))
			return LINT_FMT_PROPERTIES;
		f = detect_name(target, target_len);
		if (f != LINT_FMT_NONE)
			return f;
		/* text appended to a log or a Markdown page is not config */
		if (unread_name(target, target_len))
			return LINT_FMT_NONE;
	}
	return lint_detect_content(text, len);
}

/* "spark.x value", "spark.x=value", "spark.x: value" */
static bool is_property_line(const char *p, const char *e)
{
	const char *k = p;

	if (e - p < 8 || memcmp(p, "spark.", 6))
		return false;
	while (k < e && *k != ' ' && *k != '\t' && *k != '=' && *k != ':')
		k++;
	while (k < e && (*k == ' ' || *k == '\t' || *k == '=' || *k == ':'))
		k++;
	return k < e && k > p + 6;
}

/* "key: value", "key:" or "- item" with key an identifier */
static bool is_yaml_line(const char *p, const char *e)
{
	const char *k = p;

	if (e - p >= 2 && p[0] == '-' && (p[1] == ' ' || p[1] == '\t'))
		return true;
	if (k < e && (*k == '"' || *k == '\''))
		k++;
	while (k < e &&
	       (lint_is_ident_char(*k) || *k == '.' || *k == '-' || *k == '/'))
		k++;
	if (k < e && (*k == '"' || *k == '\''))
		k++;
	return k > p && k < e && *k == ':' &&
	       (k + 1 == e || k[1] == ' ' || k[1] == '\t' || k[1] == '\r');
}

enum lint_format lint_detect_content(const char *text, size_t len)
{
	const char *p = text, *end = text + len;
	size_t props = 0, yaml = 0, other = 0, nested_yaml = 0;
	enum lint_format f = detect_shebang(text, len);

	if (f != LINT_FMT_NONE)
		return f;
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'))
		p++;
	if (p < end && (*p == '{' || (*p == '[' && p + 1 < end &&
				      (p[1] == '{' || p[1] == '"' ||
				       p[1] == '\n' || p[1] == ' '))))
		return LINT_FMT_JSON;
	/* a bounded look at the lines: enough to tell */
	for (size_t lines = 0; p < end && lines < 400; lines++) {
		const char *le = lint_line_end(p, end), *s = p;

		while (s < le && (*s == ' ' || *s == '\t'))
			s++;
		if (s == le || *s == '#' || (*s == '\r' && s + 1 == le)) {
			/* blank or comment */
		} else if (is_property_line(s, le)) {
			props++;
			if (s > p && is_yaml_line(s, le))
				nested_yaml++;
		} else if (is_yaml_line(s, le)) {
			yaml++;
		} else {
			other++;
		}
		p = le < end ? le + 1 : end;
	}
	/* "Usage: ..." alone is prose */
	if ((yaml >= 2 || nested_yaml) && yaml + props > other)
		return LINT_FMT_YAML;
	if (props && props >= other)
		return LINT_FMT_PROPERTIES;
	return LINT_FMT_NONE;
}
