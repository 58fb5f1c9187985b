#include "out/report.h"

#include <jansson.h>
#include <stdlib.h>
#include <string.h>

#include "lint/rules.h"
#include "core/strbuf.h"
#include "core/term.h"

/*
 * The one printer of findings: text (GCC style), JSON (an array of
 * findings), SARIF 2.1.0 (code-scanning uploads) and GitHub workflow
 * annotations. jansson writes the JSON formats.
 */

#define SARIF_SCHEMA "https://json.schemastore.org/sarif-2.1.0.json"
#define TOOL_URI "https://github.com/akko/jarbake"

static const char *severity_name(enum severity s)
{
	switch (s) {
	case SEVERITY_ERROR:
		return "error";
	case SEVERITY_WARNING:
		return "warning";
	default:
		return "note";
	}
}

int report_format_parse(const char *name, enum report_format *out)
{
	static const struct {
		const char *name;
		enum report_format format;
	} formats[] = {
	    {"text", REPORT_TEXT},
	    {"json", REPORT_JSON},
	    {"sarif", REPORT_SARIF},
	    {"github", REPORT_GITHUB},
	};

	for (size_t i = 0; i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (!strcmp(name, formats[i].name)) {
			*out = formats[i].format;
			return 0;
		}
	}
	return -1;
}

static void print_text(FILE *out, const struct findings *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		const struct finding *it = &f->items[i];
		const char *color = term_color(
		    out,
		    it->severity == SEVERITY_ERROR ? TERM_RED : TERM_YELLOW);

		term_fputs_printable(it->file, out);
		if (it->line)
			fprintf(out, ":%u:%u", it->line,
				it->column ? it->column : 1);
		fprintf(out, ": %s%s:%s ", color, severity_name(it->severity),
			term_color(out, TERM_RESET));
		term_fputs_printable(it->message, out);
		fprintf(out, " [%s]\n", it->rule);
	}
}

/* ---- GitHub workflow commands ---- */

/* Escapes s for a workflow command: data, or a property (also ':' ','). */
static void github_escape(FILE *out, const char *s, bool property)
{
	for (; *s; s++) {
		switch (*s) {
		case '%':
			fputs("%25", out);
			break;
		case '\r':
			fputs("%0D", out);
			break;
		case '\n':
			fputs("%0A", out);
			break;
		case ':':
			fputs(property ? "%3A" : ":", out);
			break;
		case ',':
			fputs(property ? "%2C" : ",", out);
			break;
		default:
			fputc(*s, out);
		}
	}
}

static void print_github(FILE *out, const struct findings *f)
{
	for (size_t i = 0; i < f->nr; i++) {
		const struct finding *it = &f->items[i];
		const char *kind = it->severity == SEVERITY_ERROR ? "error"
				   : it->severity == SEVERITY_WARNING
				       ? "warning"
				       : "notice";

		fprintf(out, "::%s file=", kind);
		github_escape(out, it->file, true);
		if (it->line)
			fprintf(out, ",line=%u,col=%u", it->line,
				it->column ? it->column : 1);
		fputs(",title=", out);
		github_escape(out, it->rule, true);
		fputs("::", out);
		github_escape(out, it->message, false);
		fprintf(out, " [%s]\n", it->rule);
	}
}

/* ---- JSON ---- */

static int dump(FILE *out, json_t *doc)
{
	int ret;

	if (!doc)
		return -1;
	ret = json_dumpf(doc, out, JSON_INDENT(2) | JSON_ENSURE_ASCII);
	json_decref(doc);
	if (!ret && fputc('\n', out) == EOF)
		ret = -1;
	return ret;
}

/* Length of the valid UTF-8 sequence at s, else 0. */
static size_t utf8_sequence(const unsigned char *s)
{
	unsigned cp;
	size_t n;

	if (s[0] < 0x80)
		return 1;
	if (s[0] >= 0xc2 && s[0] <= 0xdf)
		n = 2, cp = s[0] & 0x1fu;
	else if (s[0] >= 0xe0 && s[0] <= 0xef)
		n = 3, cp = s[0] & 0x0fu;
	else if (s[0] >= 0xf0 && s[0] <= 0xf4)
		n = 4, cp = s[0] & 0x07u;
	else
		return 0;
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3fu);
	}
	if ((n == 3 && (cp < 0x800 || (cp >= 0xd800 && cp <= 0xdfff))) ||
	    (n == 4 && (cp < 0x10000 || cp > 0x10ffff)))
		return 0;
	return n;
}

/*
 * s as valid UTF-8, each invalid byte replaced by U+FFFD: JSON strings
 * must be UTF-8, and a path or a message quoting an image's file name
 * need not be. The caller frees.
 */
static char *utf8_clean(const char *s)
{
	struct strbuf sb = STRBUF_INIT;
	const unsigned char *p = (const unsigned char *)s;

	strbuf_adds(&sb, "");
	while (*p) {
		size_t n = utf8_sequence(p);

		if (n) {
			strbuf_add(&sb, p, n);
			p += n;
		} else {
			strbuf_adds(&sb, "\xef\xbf\xbd");
			p++;
		}
	}
	return strbuf_detach(&sb, NULL);
}

static json_t *finding_json(const struct finding *it)
{
	char *file = utf8_clean(it->file), *message = utf8_clean(it->message);
	json_t *obj = json_pack(
	    "{s:s, s:I, s:I, s:s, s:s, s:s}", "file", file, "line",
	    (json_int_t)it->line, "column",
	    (json_int_t)(it->line && !it->column ? 1 : it->column), "severity",
	    severity_name(it->severity), "rule", it->rule, "message", message);

	free(file);
	free(message);
	return obj;
}

static int print_json(FILE *out, const struct findings *f)
{
	json_t *arr = json_array();

	for (size_t i = 0; i < f->nr; i++)
		json_array_append_new(arr, finding_json(&f->items[i]));
	return dump(out, arr);
}

/* ---- SARIF 2.1.0 ---- */

/* A relative URI reference for a path: unreserved bytes and '/' as is. */
static char *path_uri(const char *path)
{
	static const char hex[] = "0123456789ABCDEF";
	struct strbuf sb = STRBUF_INIT;

	while (path[0] == '.' && path[1] == '/')
		path += 2;
	for (const unsigned char *p = (const unsigned char *)path; *p; p++) {
		if ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9') || strchr("-._~/", *p)) {
			strbuf_addch(&sb, (char)*p);
		} else {
			strbuf_addch(&sb, '%');
			strbuf_addch(&sb, hex[*p >> 4]);
			strbuf_addch(&sb, hex[*p & 15]);
		}
	}
	return strbuf_detach(&sb, NULL);
}

/* The rule's summary when it is a lint rule, else NULL. */
static const char *rule_summary(const char *id)
{
	const struct lint_rule_info *r = lint_rules();

	for (size_t i = 0; i < RULE_COUNT; i++)
		if (!strcmp(r[i].id, id))
			return r[i].summary;
	return NULL;
}

static json_t *sarif_rule(const char *id, const char *summary)
{
	const char *help =
	    "Spark must not load JARs at run time. Add the JAR to the "
	    "manifest, rebuild the image, and remove the setting.";

	return json_pack("{s:s, s:{s:s}, s:{s:s}, s:{s:s}}", "id", id,
			 "shortDescription", "text", summary ? summary : id,
			 "help", "text", help, "defaultConfiguration", "level",
			 "error");
}

/* Index of id in rules, adding it when missing. */
static size_t rule_index(json_t *rules, const char *id)
{
	size_t i;
	json_t *r;

	json_array_foreach(
	    rules, i,
	    r) if (!strcmp(json_string_value(json_object_get(r, "id")),
			   id)) return i;
	json_array_append_new(rules, sarif_rule(id, rule_summary(id)));
	return json_array_size(rules) - 1;
}

static json_t *sarif_result(const struct finding *it, json_t *rules)
{
	char *uri = path_uri(it->file), *message;
	json_t *phys = json_pack("{s:{s:s, s:s}}", "artifactLocation", "uri",
				 uri, "uriBaseId", "%SRCROOT%");
	json_t *res;

	free(uri);
	if (it->line)
		json_object_set_new(
		    phys, "region",
		    json_pack("{s:I, s:I}", "startLine", (json_int_t)it->line,
			      "startColumn",
			      (json_int_t)(it->column ? it->column : 1)));
	message = utf8_clean(it->message);
	res =
	    json_pack("{s:s, s:I, s:s, s:{s:s}, s:[{s:o}]}", "ruleId", it->rule,
		      "ruleIndex", (json_int_t)rule_index(rules, it->rule),
		      "level", severity_name(it->severity), "message", "text",
		      message, "locations", "physicalLocation", phys);
	free(message);
	return res;
}

static int print_sarif(FILE *out, const struct findings *f, const char *command)
{
	json_t *rules = json_array(), *results = json_array(), *doc;
	bool lint = command && !strcmp(command, "lint");

	if (lint)
		for (size_t i = 0; i < RULE_COUNT; i++)
			rule_index(rules, lint_rules()[i].id);
	for (size_t i = 0; i < f->nr; i++)
		json_array_append_new(results,
				      sarif_result(&f->items[i], rules));
	doc = json_pack(
	    "{s:s, s:s, s:[{s:{s:{s:s, s:s, s:s, s:o}}, s:o, s:s, "
	    "s:[{s:b, s:[s]}]}]}",
	    "$schema", SARIF_SCHEMA, "version", "2.1.0", "runs", "tool",
	    "driver", "name", "jarbake", "version", JARBAKE_VERSION,
	    "informationUri", TOOL_URI, "rules", rules, "results", results,
	    "columnKind", "unicodeCodePoints", "invocations",
	    "executionSuccessful", 1, "arguments", command ? command : "");
	return dump(out, doc);
}

int report_print(FILE *out, enum report_format format,
		 const struct findings *findings, const char *tool_command)
{
	int ret = 0;

	switch (format) {
	case REPORT_JSON:
		ret = print_json(out, findings);
		break;
	case REPORT_SARIF:
		ret = print_sarif(out, findings, tool_command);
		break;
	case REPORT_GITHUB:
		print_github(out, findings);
		break;
	case REPORT_TEXT:
	default:
		print_text(out, findings);
		break;
	}
	if (fflush(out) || ferror(out))
		ret = -1;
	return ret;
}
