/* verify's report: text for people, one JSON document for machines. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jar/classes.h"
#include "out/report.h"
#include "core/strbuf.h"
#include "core/term.h"
#include "verify/verify.h"
#include "core/xalloc.h"

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

static void json_str(struct strbuf *sb, const char *s)
{
	if (!s) {
		strbuf_adds(sb, "null");
		return;
	}
	strbuf_addch(sb, '"');
	strbuf_add_json_escaped(sb, s);
	strbuf_addch(sb, '"');
}

static void json_key(struct strbuf *sb, const char *indent, const char *key)
{
	strbuf_addf(sb, "%s\"%s\": ", indent, key);
}

static void add_entry(struct strbuf *sb, const struct verify_entry *e)
{
	const struct manifest_jar *j = e->mjar;

	strbuf_adds(sb, "    {");
	json_key(sb, "", "path");
	json_str(sb, e->path);
	json_key(sb, ", ", "file");
	json_str(sb, e->file);
	json_key(sb, ", ", "status");
	json_str(sb, verify_status_name(e->status));
	json_key(sb, ", ", "name");
	json_str(sb, j ? j->name : NULL);
	json_key(sb, ", ", "group");
	json_str(sb, e->group);
	json_key(sb, ", ", "artifact");
	json_str(sb, e->artifact);
	json_key(sb, ", ", "version");
	json_str(sb, e->version);
	json_key(sb, ", ", "sha256");
	json_str(sb, e->present && e->sha256[0] ? e->sha256 : NULL);
	json_key(sb, ", ", "size");
	if (e->present)
		strbuf_addf(sb, "%llu", (unsigned long long)e->size);
	else
		strbuf_adds(sb, "null");
	json_key(sb, ", ", "bytecode_java");
	if (e->jar && e->jar->max_major)
		strbuf_addf(sb, "%u", JAR_JAVA_FEATURE(e->jar->max_major));
	else
		strbuf_adds(sb, "null");
	if (j) {
		json_key(sb, ", ", "expected_sha256");
		json_str(sb, j->sha256[0] ? j->sha256 : NULL);
		if (j->has_size) {
			json_key(sb, ", ", "expected_size");
			strbuf_addf(sb, "%llu", (unsigned long long)j->size);
		}
	}
	strbuf_adds(sb, "}");
}

static void add_conflicts(struct strbuf *sb, const struct class_conflicts *c)
{
	strbuf_adds(sb, "[");
	for (size_t i = 0; i < c->nr; i++) {
		const struct class_conflict *p = &c->items[i];

		strbuf_adds(sb, i ? ",\n    {" : "\n    {");
		json_key(sb, "", "first");
		json_str(sb, p->first);
		json_key(sb, ", ", "second");
		json_str(sb, p->second);
		strbuf_addf(sb, ", \"count\": %zu, \"examples\": [", p->count);
		for (size_t k = 0; k < p->nr_examples; k++) {
			if (k)
				strbuf_adds(sb, ", ");
			json_str(sb, p->examples[k]);
		}
		strbuf_addf(sb, "], \"allowed\": %s",
			    p->allowed_reason ? "true" : "false");
		json_key(sb, ", ", "reason");
		json_str(sb, p->allowed_reason);
		strbuf_adds(sb, "}");
	}
	strbuf_adds(sb, c->nr ? "\n  ]" : "]");
}

static const char *severity_name(enum severity s)
{
	return s == SEVERITY_ERROR     ? "error"
	       : s == SEVERITY_WARNING ? "warning"
				       : "note";
}

/* Only when the printer has no JSON form (yet): the same fields. */
static void add_findings_plain(struct strbuf *sb, const struct findings *f)
{
	strbuf_adds(sb, "[");
	for (size_t i = 0; i < f->nr; i++) {
		const struct finding *it = &f->items[i];

		strbuf_adds(sb, i ? ",\n    {" : "\n    {");
		json_key(sb, "", "file");
		json_str(sb, it->file);
		strbuf_addf(sb, ", \"line\": %u, \"column\": %u", it->line,
			    it->column);
		json_key(sb, ", ", "severity");
		json_str(sb, severity_name(it->severity));
		json_key(sb, ", ", "rule");
		json_str(sb, it->rule);
		json_key(sb, ", ", "message");
		json_str(sb, it->message);
		strbuf_adds(sb, "}");
	}
	strbuf_adds(sb, f->nr ? "\n  ]" : "]");
}

/* The findings as the one printer writes them in JSON. */
static int add_findings(struct strbuf *sb, const struct findings *f)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem = open_memstream(&buf, &len);
	int ret;

	if (!mem)
		return -1;
	ret = report_print(mem, REPORT_JSON, f, "verify");
	if (fclose(mem))
		ret = -1;
	while (len && (buf[len - 1] == '\n' || buf[len - 1] == ' '))
		len--;
	if (!ret && len && (buf[0] == '[' || buf[0] == '{'))
		strbuf_add(sb, buf, len);
	else if (!ret)
		add_findings_plain(sb, f);
	free(buf);
	return ret;
}

int verify_print_json(FILE *out, const struct verify_output *o)
{
	const struct verify_report *r = o->report;
	const struct manifest *m = o->manifest;
	struct strbuf sb = STRBUF_INIT;
	size_t errors = findings_count(&r->findings, SEVERITY_ERROR);
	bool first = true;
	int ret = 0;

	strbuf_adds(&sb, "{\n");
	json_key(&sb, "  ", "image");
	json_str(&sb, o->image);
	json_key(&sb, ",\n  ", "ref");
	json_str(&sb, o->ref);
	json_key(&sb, ",\n  ", "manifest");
	json_str(&sb, m->path);
	json_key(&sb, ",\n  ", "manifest_sha256");
	json_str(&sb, m->sha256);
	json_key(&sb, ",\n  ", "jars_dir");
	json_str(&sb, m->image.jars_dir);
	json_key(&sb, ",\n  ", "java_version");
	if (r->java_version)
		strbuf_addf(&sb, "%u", r->java_version);
	else
		strbuf_adds(&sb, "null");
	json_key(&sb, ",\n  ", "java_source");
	json_str(&sb, r->java_source);
	strbuf_addf(&sb, ",\n  \"verified\": %s", errors ? "false" : "true");
	strbuf_adds(&sb, ",\n  \"summary\": {");
	for (int s = 0; s < VERIFY_NR_STATUS; s++) {
		if (!r->counts[s])
			continue;
		strbuf_addf(&sb, "%s\"%s\": %zu", first ? "" : ", ",
			    verify_status_name((enum verify_status)s),
			    r->counts[s]);
		first = false;
	}
	strbuf_addf(&sb, "},\n  \"errors\": %zu,\n  \"warnings\": %zu", errors,
		    findings_count(&r->findings, SEVERITY_WARNING));
	strbuf_adds(&sb, ",\n  \"jars\": [");
	for (size_t i = 0; i < r->nr; i++) {
		strbuf_adds(&sb, i ? ",\n" : "\n");
		add_entry(&sb, &r->entries[i]);
	}
	strbuf_adds(&sb, r->nr ? "\n  ]" : "]");
	if (o->conflicts) {
		strbuf_adds(&sb, ",\n  \"class_conflicts\": ");
		add_conflicts(&sb, o->conflicts);
	}
	strbuf_adds(&sb, ",\n  \"findings\": ");
	if (add_findings(&sb, &r->findings))
		ret = -1;
	strbuf_adds(&sb, "\n}\n");
	if (!ret) {
		fwrite(sb.buf, 1, sb.len, out);
		fflush(out);
		ret = ferror(out) ? -1 : 0;
	}
	strbuf_release(&sb);
	return ret;
}
