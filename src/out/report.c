#include "out/report.h"

#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "out/term.h"
#include "core/xalloc.h"
#include "lint/rules.h"
#include "out/json.h"
#include "out/rule_doc.h"

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
	for (size_t n = 1; *s; s += n) {
		n = 1;
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
			n = term_put_printable(s, out);
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
	const struct rule_doc *d = rule_doc_find(id);
	char *uri = xasprintf("%s#%s", TOOL_URI, d->anchor);

	jw_object(w, NULL);
	jw_string(w, "id", id);
	jw_string(w, "name", d->name);
	sarif_text(w, "shortDescription", d->short_text);
	sarif_text(w, "fullDescription", d->full_text);
	jw_string(w, "helpUri", uri);
	sarif_text(w, "help", d->full_text);
	jw_object(w, "defaultConfiguration");
	jw_string(w, "level", "error");
	jw_end(w);
	jw_end(w);
	free(uri);
}

/* '/'-separated path with ".", ".." and "//" folded; absolute stays so. */
static char *normalize_path(const char *path)
{
	struct strbuf sb = STRBUF_INIT;
	char *copy = xstrdup(path), *save = NULL;
	const char **segs = NULL;
	size_t nr = 0, alloc = 0, up = 0;
	bool abs = path[0] == '/';

	for (char *t = strtok_r(copy, "/", &save); t;
	     t = strtok_r(NULL, "/", &save)) {
		if (!strcmp(t, "."))
			continue;
		if (!strcmp(t, "..")) {
			if (nr > up)
				nr--;
			else if (!abs) {
				XGROW(segs, nr + 1, alloc);
				segs[nr++] = "..";
				up = nr;
			}
			continue;
		}
		XGROW(segs, nr + 1, alloc);
		segs[nr++] = t;
	}
	if (abs)
		strbuf_addch(&sb, '/');
	for (size_t i = 0; i < nr; i++) {
		if (i)
			strbuf_addch(&sb, '/');
		strbuf_adds(&sb, segs[i]);
	}
	free(segs);
	free(copy);
	return strbuf_detach(&sb, NULL);
}

/*
 * Where a finding's file is, for SARIF: relative to the repository root
 * (uriBaseId %SRCROOT%) when it is inside it, an absolute file: URI when
 * not, relative to the image root (IMAGEROOT) for verify's image paths.
 * Returns the URI; *base is the base id or NULL.
 */
static char *artifact_uri(const char *file, const struct report_run *run,
			  const char **base)
{
	char *abs, *norm, *uri;
	size_t rl;

	*base = NULL;
	if (run && run->image && file[0] == '/') {
		*base = "IMAGEROOT";
		return path_uri(file + 1);
	}
	/* verify's "config.Env", "config.Labels": a part of the image */
	if (run && run->image && strcmp(file, run->image))
		file = run->image;
	if (!run || !run->cwd || !run->root) {
		*base = "%SRCROOT%";
		return path_uri(file);
	}
	abs =
	    file[0] == '/' ? xstrdup(file) : xasprintf("%s/%s", run->cwd, file);
	norm = normalize_path(abs);
	free(abs);
	rl = strlen(run->root);
	if (!strncmp(norm, run->root, rl) &&
	    (norm[rl] == '/' || (rl == 1 && run->root[0] == '/'))) {
		*base = "%SRCROOT%";
		uri = path_uri(norm + rl + (norm[rl] == '/'));
	} else {
		char *enc = path_uri(norm);

		uri = xasprintf("file://%s", enc);
		free(enc);
	}
	free(norm);
	return uri;
}

/* "locations": [{"physicalLocation": ...}] of a finding or a note. */
static void sarif_locations(struct json_writer *w, const struct finding *it,
			    const struct report_run *run)
{
	const char *base;
	char *uri = artifact_uri(it->file, run, &base);

	jw_array(w, "locations");
	jw_object(w, NULL);
	jw_object(w, "physicalLocation");
	jw_object(w, "artifactLocation");
	jw_string(w, "uri", uri);
	if (base)
		jw_string(w, "uriBaseId", base);
	jw_end(w);
	if (it->line) {
		jw_object(w, "region");
		jw_int(w, "startLine", it->line);
		if (it->column)
			jw_int(w, "startColumn", it->column);
		jw_end(w);
	}
	jw_end(w);
	if (run && run->image && it->file[0] != '/' &&
	    strcmp(it->file, run->image)) {
		/* verify's "config.Env": a part of the image */
		jw_array(w, "logicalLocations");
		jw_object(w, NULL);
		jw_string(w, "fullyQualifiedName", it->file);
		jw_string(w, "kind", "member");
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
	free(uri);
}

static void sarif_result(struct json_writer *w, const struct finding *it,
			 struct rule_ids *rules, const struct report_run *run)
{
	struct finding at = *it;

	if (at.line && !at.column)
		at.column = 1;
	jw_object(w, NULL);
	jw_string(w, "ruleId", it->rule);
	jw_int(w, "ruleIndex", (long long)rule_index(rules, it->rule));
	jw_string(w, "level", severity_name(it->severity));
	sarif_text(w, "message", it->message);
	sarif_locations(w, &at, run);
	jw_end(w);
}

/* A note as a SARIF notification: what could not be checked, where. */
static void sarif_notification(struct json_writer *w, const struct finding *it,
			       const struct report_run *run)
{
	jw_object(w, NULL);
	jw_string(w, "level", "warning");
	sarif_text(w, "message", it->message);
	jw_object(w, "descriptor");
	jw_string(w, "id", it->rule);
	jw_end(w);
	sarif_locations(w, it, run);
	jw_end(w);
}

/* "a b 'c d'": the command line, quoted as a POSIX shell would read it. */
static char *command_line(int argc, char *const *argv)
{
	struct strbuf sb = STRBUF_INIT;

	for (int i = 0; i < argc; i++) {
		const char *a = argv[i];

		if (i)
			strbuf_addch(&sb, ' ');
		if (*a &&
		    !a[strspn(a, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMN"
				 "OPQRSTUVWXYZ0123456789-_./=:,+@%")]) {
			strbuf_adds(&sb, a);
			continue;
		}
		strbuf_addch(&sb, '\'');
		for (; *a; a++) {
			if (*a == '\'')
				strbuf_adds(&sb, "'\\''");
			else
				strbuf_addch(&sb, *a);
		}
		strbuf_addch(&sb, '\'');
	}
	return strbuf_detach(&sb, NULL);
}

static void sarif_invocation(struct json_writer *w,
			     const struct report_run *run,
			     const struct findings *notes)
{
	jw_array(w, "invocations");
	jw_object(w, NULL);
	jw_bool(w, "executionSuccessful", true);
	if (run && run->argc > 0 && run->argv) {
		char *line = command_line(run->argc, run->argv);

		jw_string(w, "commandLine", line);
		free(line);
		jw_array(w, "arguments");
		for (int i = 1; i < run->argc; i++)
			jw_string(w, NULL, run->argv[i]);
		jw_end(w);
	}
	if (run && run->cwd) {
		char *enc = path_uri(run->cwd),
		     *uri = xasprintf("file://%s/", enc);

		jw_object(w, "workingDirectory");
		jw_string(w, "uri", uri);
		jw_end(w);
		free(uri);
		free(enc);
	}
	if (notes && notes->nr) {
		jw_array(w, "toolExecutionNotifications");
		for (size_t i = 0; i < notes->nr; i++)
			sarif_notification(w, &notes->items[i], run);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
}

/* %SRCROOT% (the repository) and, for verify, IMAGEROOT (the image). */
static void sarif_base_ids(struct json_writer *w, const struct report_run *run)
{
	jw_object(w, "originalUriBaseIds");
	if (run && run->root) {
		char *enc = path_uri(run->root);
		char *uri = xasprintf("file://%s%s", enc,
				      strcmp(run->root, "/") ? "/" : "");

		jw_object(w, "%SRCROOT%");
		jw_string(w, "uri", uri);
		sarif_text(w, "description", "the repository's top directory");
		jw_end(w);
		free(uri);
		free(enc);
	}
	if (run && run->image) {
		char *text = xasprintf("the root file system of the image '%s'",
				       run->image);

		jw_object(w, "IMAGEROOT");
		sarif_text(w, "description", text);
		jw_end(w);
		free(text);
	}
	jw_end(w);
}

/* verify: the image is the run's artifact, the target of the analysis. */
static void sarif_artifacts(struct json_writer *w, const struct report_run *run)
{
	const char *base;
	char *uri;

	if (!run || !run->image)
		return;
	jw_array(w, "artifacts");
	jw_object(w, NULL);
	jw_object(w, "location");
	if (!strcmp(run->image, "-") || !strncmp(run->image, "docker://", 9)) {
		jw_string(w, "uri", run->image);
	} else {
		uri = artifact_uri(run->image, run, &base);
		jw_string(w, "uri", uri);
		if (base)
			jw_string(w, "uriBaseId", base);
		free(uri);
	}
	jw_end(w);
	jw_array(w, "roles");
	jw_string(w, NULL, "analysisTarget");
	jw_end(w);
	sarif_text(w, "description", "the container image verified");
	jw_end(w);
	jw_end(w);
}

static int print_sarif(FILE *out, const struct findings *f,
		       const struct findings *notes,
		       const struct report_run *run)
{
	struct json_writer *w = jw_new();
	struct rule_ids rules = {NULL, 0, 0};
	const char *command = run ? run->command : NULL;
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
	sarif_invocation(w, run, notes);
	sarif_base_ids(w, run);
	sarif_artifacts(w, run);
	jw_array(w, "results");
	for (size_t i = 0; i < f->nr; i++)
		sarif_result(w, &f->items[i], &rules, run);
	jw_end(w);
	jw_string(w, "columnKind", "unicodeCodePoints");
	if (command) {
		jw_object(w, "automationDetails");
		jw_string(w, "id", command);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
	jw_end(w);
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
	struct report_run run = {tool_command, 0, NULL, NULL, NULL, NULL, NULL};

	run.notes = notes;
	return report_print_run(out, format, findings, &run);
}

int report_print_run(FILE *out, enum report_format format,
		     const struct findings *findings,
		     const struct report_run *run)
{
	const struct findings *notes = run ? run->notes : NULL;
	int ret = 0;

	switch (format) {
	case REPORT_JSON:
		ret = print_json(out, findings, notes);
		break;
	case REPORT_SARIF:
		ret = print_sarif(out, findings, notes, run);
		break;
	case REPORT_GITHUB:
		print_github(out, findings);
		if (notes)
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
