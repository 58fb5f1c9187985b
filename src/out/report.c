#include "out/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "out/term.h"
#include "core/xalloc.h"
#include "lint/rules.h"
#include "out/json.h"

/*
 * The one printer of findings: text (GCC style), JSON (an array of
 * findings), SARIF 2.1.0 (code-scanning uploads) and GitHub workflow
 * annotations. The one JSON writer (out/json.h) writes the JSON formats.
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

/*
 * Escapes s for a workflow command: data, or a property (also ':' ',').
 * Other control bytes become '?' as in every other format.
 */
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
			fputc(term_printable(*s), out);
		}
	}
}

static void print_github(FILE *out, const struct findings *f)
{
	for (size_t i = 0; f && i < f->nr; i++) {
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

void report_json_findings(struct json_writer *w, const char *key,
			  const struct findings *f)
{
	jw_array(w, key);
	for (size_t i = 0; i < f->nr; i++) {
		const struct finding *it = &f->items[i];

		jw_object(w, NULL);
		jw_string(w, "file", it->file);
		jw_int(w, "line", it->line);
		jw_int(w, "column", it->line && !it->column ? 1 : it->column);
		jw_string(w, "severity", severity_name(it->severity));
		jw_string(w, "rule", it->rule);
		jw_string(w, "message", it->message);
		jw_end(w);
	}
	jw_end(w);
}

static int print_json(FILE *out, const struct findings *f,
		      const struct findings *notes)
{
	struct json_writer *w = jw_new();

	if (!notes || !notes->nr) {
		report_json_findings(w, NULL, f);
		return jw_print(w, out);
	}
	/* notes after the findings, in the same array: severity "warning" */
	{
		struct findings all = FINDINGS_INIT;
		int ret;

		all.items =
		    xmalloc(st_mult(f->nr + notes->nr, sizeof(*all.items)));
		memcpy(all.items, f->items, f->nr * sizeof(*all.items));
		memcpy(all.items + f->nr, notes->items,
		       notes->nr * sizeof(*all.items));
		all.nr = f->nr + notes->nr;
		report_json_findings(w, NULL, &all);
		free(all.items);
		ret = jw_print(w, out);
		return ret;
	}
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

/* The rule ids a SARIF run lists, each once, in order of first use. */
struct rule_ids {
	const char **ids;
	size_t nr, alloc;
};

/* Index of id in rules, adding it when missing. */
static size_t rule_index(struct rule_ids *rules, const char *id)
{
	for (size_t i = 0; i < rules->nr; i++)
		if (!strcmp(rules->ids[i], id))
			return i;
	XGROW(rules->ids, rules->nr + 1, rules->alloc);
	rules->ids[rules->nr] = id;
	return rules->nr++;
}

static void sarif_text(struct json_writer *w, const char *key, const char *text)
{
	jw_object(w, key);
	jw_string(w, "text", text);
	jw_end(w);
}

static void sarif_rule(struct json_writer *w, const char *id)
{
	const char *summary = rule_summary(id);

	jw_object(w, NULL);
	jw_string(w, "id", id);
	sarif_text(w, "shortDescription", summary ? summary : id);
	sarif_text(w, "help",
		   "Spark must not load JARs at run time. Add the JAR to the "
		   "manifest, rebuild the image, and remove the setting.");
	jw_object(w, "defaultConfiguration");
	jw_string(w, "level", "error");
	jw_end(w);
	jw_end(w);
}

/* "locations": [{"physicalLocation": ...}] of a finding or a note. */
static void sarif_locations(struct json_writer *w, const struct finding *it)
{
	char *uri = path_uri(it->file);

	jw_array(w, "locations");
	jw_object(w, NULL);
	jw_object(w, "physicalLocation");
	jw_object(w, "artifactLocation");
	jw_string(w, "uri", uri);
	jw_string(w, "uriBaseId", "%SRCROOT%");
	jw_end(w);
	if (it->line) {
		jw_object(w, "region");
		jw_int(w, "startLine", it->line);
		if (it->column)
			jw_int(w, "startColumn", it->column);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
	jw_end(w);
	free(uri);
}

static void sarif_result(struct json_writer *w, const struct finding *it,
			 struct rule_ids *rules)
{
	struct finding at = *it;

	if (at.line && !at.column)
		at.column = 1;
	jw_object(w, NULL);
	jw_string(w, "ruleId", it->rule);
	jw_int(w, "ruleIndex", (long long)rule_index(rules, it->rule));
	jw_string(w, "level", severity_name(it->severity));
	sarif_text(w, "message", it->message);
	sarif_locations(w, &at);
	jw_end(w);
}

/* A note as a SARIF notification: what could not be checked, where. */
static void sarif_notification(struct json_writer *w, const struct finding *it)
{
	jw_object(w, NULL);
	jw_string(w, "level", "warning");
	sarif_text(w, "message", it->message);
	jw_object(w, "descriptor");
	jw_string(w, "id", it->rule);
	jw_end(w);
	sarif_locations(w, it);
	jw_end(w);
}

static int print_sarif(FILE *out, const struct findings *f,
		       const struct findings *notes, const char *command)
{
	struct json_writer *w = jw_new();
	struct rule_ids rules = {NULL, 0, 0};
	bool lint = command && !strcmp(command, "lint");

	if (lint)
		for (size_t i = 0; i < RULE_COUNT; i++)
			rule_index(&rules, lint_rules()[i].id);
	for (size_t i = 0; i < f->nr; i++)
		rule_index(&rules, f->items[i].rule);
	jw_object(w, NULL);
	jw_string(w, "$schema", SARIF_SCHEMA);
	jw_string(w, "version", "2.1.0");
	jw_array(w, "runs");
	jw_object(w, NULL);
	jw_object(w, "tool");
	jw_object(w, "driver");
	jw_string(w, "name", "jarbake");
	jw_string(w, "version", JARBAKE_VERSION);
	jw_string(w, "informationUri", TOOL_URI);
	jw_array(w, "rules");
	for (size_t i = 0; i < rules.nr; i++)
		sarif_rule(w, rules.ids[i]);
	jw_end(w);
	jw_end(w);
	jw_end(w);
	jw_array(w, "results");
	for (size_t i = 0; i < f->nr; i++)
		sarif_result(w, &f->items[i], &rules);
	jw_end(w);
	jw_string(w, "columnKind", "unicodeCodePoints");
	jw_array(w, "invocations");
	jw_object(w, NULL);
	jw_bool(w, "executionSuccessful", true);
	jw_array(w, "arguments");
	jw_string(w, NULL, command ? command : "");
	jw_end(w);
	if (notes && notes->nr) {
		jw_array(w, "toolExecutionNotifications");
		for (size_t i = 0; i < notes->nr; i++)
			sarif_notification(w, &notes->items[i]);
		jw_end(w);
	}
	free(rules.ids);
	return jw_print(w, out);
}

int report_print(FILE *out, enum report_format format,
		 const struct findings *findings, const char *tool_command)
{
	return report_print_notes(out, format, findings, NULL, tool_command);
}

int report_print_notes(FILE *out, enum report_format format,
		       const struct findings *findings,
		       const struct findings *notes, const char *tool_command)
{
	int ret = 0;

	switch (format) {
	case REPORT_JSON:
		ret = print_json(out, findings, notes);
		break;
	case REPORT_SARIF:
		ret = print_sarif(out, findings, notes, tool_command);
		break;
	case REPORT_GITHUB:
		print_github(out, findings);
		print_github(out, notes);
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
