/* verify's report: text for people, one JSON document for machines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "out/term.h"
#include "jar/classes.h"
#include "out/json.h"
#include "out/report.h"
#include "out/verify_output.h"

static enum term_color status_color(enum verify_status s)
{
	if (s == VERIFY_OK || s == VERIFY_BASE_OK)
		return TERM_GREEN;
	if (s == VERIFY_BASE)
		return TERM_RESET;
	return TERM_RED;
}

/* "3 ok, 1 missing, 120 base": the statuses present, in enum order. */
static void add_counts(struct strbuf *sb, const struct verify_report *r)
{
	bool first = true;

	for (int s = 0; s < VERIFY_NR_STATUS; s++) {
		if (!r->counts[s])
			continue;
		strbuf_addf(sb, "%s%zu %s", first ? "" : ", ", r->counts[s],
			    verify_status_name((enum verify_status)s));
		first = false;
	}
	if (first)
		strbuf_adds(sb, "no JARs");
}

int verify_print_text(FILE *out, const struct verify_output *o)
{
	const struct verify_report *r = o->report;
	struct strbuf sum = STRBUF_INIT;
	size_t errors = findings_count(&r->findings, SEVERITY_ERROR);
	size_t warnings = findings_count(&r->findings, SEVERITY_WARNING);

	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_entry *e = &r->entries[i];

		fprintf(
		    out, "%s%-13s%s ", term_color(out, status_color(e->status)),
		    verify_status_name(e->status), term_color(out, TERM_RESET));
		term_fputs_printable(e->path, out);
		if (e->mjar)
			fprintf(out, " (%s %s)", e->mjar->name,
				e->mjar->version);
		fputc('\n', out);
	}
	if (r->findings.nr &&
	    report_print(out, REPORT_TEXT, &r->findings, "verify"))
		return -1;
	add_counts(&sum, r);
	if (o->conflicts)
		strbuf_addf(&sum, "; %zu class conflict%s", o->conflicts->nr,
			    o->conflicts->nr == 1 ? "" : "s");
	fprintf(out, "%s: %s: %s; %zu error%s, %zu warning%s\n", o->image,
		errors ? "FAILED" : "verified", sum.buf, errors,
		errors == 1 ? "" : "s", warnings, warnings == 1 ? "" : "s");
	strbuf_release(&sum);
	fflush(out);
	return ferror(out) ? -1 : 0;
}

/* ---- JSON ---- */

static void add_entry(struct json_writer *w, const struct verify_entry *e)
{
	const struct manifest_jar *j = e->mjar;

	jw_object(w, NULL);
	jw_string(w, "path", e->path);
	jw_string(w, "file", e->file);
	jw_string(w, "status", verify_status_name(e->status));
	jw_string(w, "name", j ? j->name : NULL);
	jw_string(w, "group", e->group);
	jw_string(w, "artifact", e->artifact);
	jw_string(w, "version", e->version);
	jw_string(w, "sha256", e->present && e->sha256[0] ? e->sha256 : NULL);
	if (e->present)
		jw_uint(w, "size", e->size);
	else
		jw_null(w, "size");
	if (e->jar && e->jar->max_major)
		jw_uint(w, "bytecode_java",
			JAR_JAVA_FEATURE(e->jar->max_major));
	else
		jw_null(w, "bytecode_java");
	if (j) {
		jw_string(w, "expected_sha256",
			  j->sha256[0] ? j->sha256 : NULL);
		if (j->has_size)
			jw_uint(w, "expected_size", j->size);
	}
	jw_end(w);
}

static void add_conflicts(struct json_writer *w,
			  const struct class_conflicts *c)
{
	jw_array(w, "class_conflicts");
	for (size_t i = 0; i < c->nr; i++) {
		const struct class_conflict *p = &c->items[i];

		jw_object(w, NULL);
		jw_string(w, "first", p->first);
		jw_string(w, "second", p->second);
		jw_uint(w, "count", p->count);
		jw_array(w, "examples");
		for (size_t k = 0; k < p->nr_examples; k++)
			jw_string(w, NULL, p->examples[k]);
		jw_end(w);
		jw_bool(w, "allowed", p->allowed_reason != NULL);
		jw_string(w, "reason", p->allowed_reason);
		jw_end(w);
	}
	jw_end(w);
}

int verify_print_json(FILE *out, const struct verify_output *o)
{
	const struct verify_report *r = o->report;
	const struct manifest *m = o->manifest;
	struct json_writer *w = jw_new();
	size_t errors = findings_count(&r->findings, SEVERITY_ERROR);

	jw_object(w, NULL);
	jw_string(w, "image", o->image);
	jw_string(w, "ref", o->ref);
	jw_string(w, "manifest", m->path);
	jw_string(w, "manifest_sha256", m->sha256);
	jw_string(w, "jars_dir", m->image.jars_dir);
	if (r->java_version)
		jw_uint(w, "java_version", r->java_version);
	else
		jw_null(w, "java_version");
	jw_string(w, "java_source", r->java_source);
	jw_bool(w, "verified", !errors);
	jw_object(w, "summary");
	for (int s = 0; s < VERIFY_NR_STATUS; s++)
		if (r->counts[s])
			jw_uint(w, verify_status_name((enum verify_status)s),
				r->counts[s]);
	jw_end(w);
	jw_uint(w, "errors", errors);
	jw_uint(w, "warnings", findings_count(&r->findings, SEVERITY_WARNING));
	jw_array(w, "jars");
	for (size_t i = 0; i < r->nr; i++)
		add_entry(w, &r->entries[i]);
	jw_end(w);
	if (o->conflicts)
		add_conflicts(w, o->conflicts);
	report_json_findings(w, "findings", &r->findings);
	if (jw_print(w, out))
		return -1;
	fflush(out);
	return ferror(out) ? -1 : 0;
}
