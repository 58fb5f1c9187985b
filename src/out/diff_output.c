/* jarbake diff's report: text for people, one JSON document for bots. */
#include "out/diff_output.h"

#include <stdio.h>

#include "jar/classes.h"
#include "out/term.h"
#include "out/json.h"

static void print_item(FILE *out, const struct jarset_item *it)
{
	term_fputs_printable(it->file, out);
	if (it->version) {
		fputs(" (", out);
		term_fputs_printable(it->version, out);
		fputc(')', out);
	}
}

static void print_classes(FILE *out, const char *sign,
			  const struct diff_classes *c)
{
	if (!c->count)
		return;
	fprintf(out, "              %s%zu class%s", sign, c->count,
		c->count == 1 ? "" : "es");
	for (size_t i = 0; i < c->nr_examples; i++) {
		fputs(i ? ", " : ": ", out);
		term_fputs_printable(c->examples[i], out);
	}
	fputs(c->count > c->nr_examples ? ", ...\n" : "\n", out);
}

static void print_jar(FILE *out, const struct diff_jar *d)
{
	enum term_color color = d->kind == DIFF_BYTES	    ? TERM_RED
				: d->kind == DIFF_UNCHANGED ? TERM_RESET
							    : TERM_YELLOW;

	fprintf(out, "%s%-13s%s ", term_color(out, color),
		diff_kind_name(d->kind), term_color(out, TERM_RESET));
	if (d->old)
		print_item(out, d->old);
	if (d->old && d->new && d->kind != DIFF_UNCHANGED)
		fputs(" -> ", out);
	if (d->new && (!d->old || d->kind != DIFF_UNCHANGED))
		print_item(out, d->new);
	if (d->kind == DIFF_BYTES)
		fprintf(out,
			": other bytes at the same version (sha256 "
			"%.12s -> %.12s) [red flag]",
			d->old->sha256, d->new->sha256);
	fputc('\n', out);
	print_classes(out, "+", &d->gained);
	print_classes(out, "-", &d->lost);
	if (d->old && d->new && d->old_java != d->new_java && d->old_java &&
	    d->new_java)
		fprintf(out, "              bytecode: Java %u -> Java %u\n",
			d->old_java, d->new_java);
}

int diff_print_text(FILE *out, const struct diff_output *o, bool all)
{
	const struct diff_report *r = o->report;
	size_t introduced = 0;
	char truncated[80] = "";

	for (size_t i = 0; i < r->nr; i++)
		if (all || r->jars[i].kind != DIFF_UNCHANGED)
			print_jar(out, &r->jars[i]);
	for (size_t i = 0; i < r->nr_conflicts; i++) {
		const struct diff_conflict *c = &r->conflicts[i];

		introduced += c->introduced;
		fprintf(out, "%-13s ", c->introduced ? "conflict" : "resolved");
		term_fputs_printable(c->first, out);
		fputs(" and ", out);
		term_fputs_printable(c->second, out);
		fprintf(out, " %s %zu class%s\n",
			c->introduced ? "now share" : "no longer share",
			c->count, c->count == 1 ? "" : "es");
	}
	if (r->conflicts_truncated)
		snprintf(truncated, sizeof(truncated),
			 "; more than %d conflicting pairs: the rest not "
			 "compared",
			 CLASSES_MAX_PAIRS);
	fputs("jarbake diff: ", out);
	term_fputs_printable(o->old_name, out);
	fputs(" -> ", out);
	term_fputs_printable(o->new_name, out);
	fprintf(out,
		": %zu added, %zu removed, %zu version changed, %zu bytes "
		"changed, %zu unchanged; %zu conflict%s introduced, %zu "
		"resolved%s%s\n",
		r->counts[DIFF_ADDED], r->counts[DIFF_REMOVED],
		r->counts[DIFF_VERSION], r->counts[DIFF_BYTES],
		r->counts[DIFF_UNCHANGED], introduced,
		introduced == 1 ? "" : "s", r->nr_conflicts - introduced,
		truncated,
		r->red_flags ? "; RED FLAG: a JAR changed bytes without "
			       "changing version"
			     : "");
	fflush(out);
	return ferror(out) ? -1 : 0;
}

static void json_item(struct json_writer *w, const char *key,
		      const struct jarset_item *it)
{
	if (!it) {
		jw_null(w, key);
		return;
	}
	jw_object(w, key);
	jw_string(w, "file", it->file);
	jw_string(w, "artifact", it->key);
	jw_string(w, "version", it->version);
	jw_string(w, "sha256", it->sha256[0] ? it->sha256 : NULL);
	jw_uint(w, "size", it->size);
	if (it->jar && it->jar->max_major)
		jw_uint(w, "bytecode_java",
			JAR_JAVA_FEATURE(it->jar->max_major));
	else
		jw_null(w, "bytecode_java");
	jw_end(w);
}

static void json_classes(struct json_writer *w, const char *key,
			 const struct diff_classes *c)
{
	jw_object(w, key);
	jw_uint(w, "count", c->count);
	jw_array(w, "examples");
	for (size_t i = 0; i < c->nr_examples; i++)
		jw_string(w, NULL, c->examples[i]);
	jw_end(w);
	jw_end(w);
}

int diff_print_json(FILE *out, const struct diff_output *o)
{
	const struct diff_report *r = o->report;
	struct json_writer *w = jw_new();

	jw_object(w, NULL);
	jw_string(w, "old", o->old_name);
	jw_string(w, "new", o->new_name);
	jw_bool(w, "red_flag", r->red_flags > 0);
	jw_object(w, "summary");
	for (int k = 0; k <= DIFF_BYTES; k++)
		jw_uint(w, diff_kind_name((enum diff_kind)k), r->counts[k]);
	jw_end(w);
	jw_array(w, "jars");
	for (size_t i = 0; i < r->nr; i++) {
		const struct diff_jar *d = &r->jars[i];

		jw_object(w, NULL);
		jw_string(w, "change", diff_kind_name(d->kind));
		jw_bool(w, "red_flag", d->kind == DIFF_BYTES);
		json_item(w, "old", d->old);
		json_item(w, "new", d->new);
		if (d->kind == DIFF_VERSION || d->kind == DIFF_BYTES) {
			json_classes(w, "classes_gained", &d->gained);
			json_classes(w, "classes_lost", &d->lost);
		}
		jw_end(w);
	}
	jw_end(w);
	jw_bool(w, "conflicts_truncated", r->conflicts_truncated);
	jw_array(w, "conflicts");
	for (size_t i = 0; i < r->nr_conflicts; i++) {
		const struct diff_conflict *c = &r->conflicts[i];

		jw_object(w, NULL);
		jw_string(w, "change",
			  c->introduced ? "introduced" : "resolved");
		jw_string(w, "first", c->first);
		jw_string(w, "second", c->second);
		jw_uint(w, "count", c->count);
		jw_end(w);
	}
	jw_end(w);
	jw_end(w);
	if (jw_print(w, out))
		return -1;
	fflush(out);
	return ferror(out) ? -1 : 0;
}
