#define _GNU_SOURCE /* memmem */
#include "lint/lint.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "lint/detect.h"
#include "lint/finding.h"
#include "lint/rules.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * The dispatcher: picks a file's scanner, gives scanners a sink that takes
 * settings and argument vectors to the rules and embedded documents back
 * here, to the scanner of their format.
 */

static const struct {
	enum lint_format fmt;
	const char *name;
	void (*scan)(const struct lint_ctx *ctx, const char *text, size_t len);
} scanners[] = {
    {LINT_FMT_PROPERTIES, "properties", scan_properties},
    {LINT_FMT_YAML, "yaml", scan_yaml},
    {LINT_FMT_JSON, "json", scan_json},
    {LINT_FMT_SHELL, "shell", scan_shell},
    {LINT_FMT_DOCKERFILE, "dockerfile", scan_dockerfile},
    {LINT_FMT_MAKEFILE, "makefile", scan_makefile},
    {LINT_FMT_DOTENV, "dotenv", scan_dotenv},
    {LINT_FMT_PYTHON, "python", scan_python},
    {LINT_FMT_JVM, "jvm", scan_jvm},
    {LINT_FMT_GROOVY, "groovy", scan_groovy},
    {LINT_FMT_HCL, "terraform", scan_hcl},
    {LINT_FMT_JUSTFILE, "justfile", scan_justfile},
    {LINT_FMT_TEMPLATE, "template", scan_template},
    {LINT_FMT_BATCH, "batch", scan_batch},
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

int lint_format_count(void)
{
	return LINT_FMT_COUNT;
}

int lint_format_of(const char *name)
{
	return (int)lint_detect(name, "", 0);
}

const char *lint_format_name(int fmt)
{
	for (size_t i = 0; i < COUNT(scanners); i++)
		if ((int)scanners[i].fmt == fmt)
			return scanners[i].name;
	return "other";
}

static void scan_as(const struct lint_ctx *ctx, enum lint_format fmt,
		    const char *text, size_t len)
{
	for (size_t i = 0; i < COUNT(scanners); i++)
		if (scanners[i].fmt == fmt) {
			scanners[i].scan(ctx, text, len);
			return;
		}
}

static void sink_argv(const struct lint_ctx *ctx, const struct lint_word *w,
		      size_t n, unsigned flags)
{
	rules_argv(ctx, w, n, flags);
}

static void sink_notice(const struct lint_ctx *ctx, enum lint_notice kind,
			unsigned line, const char *text)
{
	struct lint_file *f = ctx->file;
	unsigned col = 1;

	if (kind == LINT_NOTICE_FALLBACK) {
		/* a document guessed from content that is not its format
		 * after all is no news; a file's own format is */
		if (ctx->depth || f->fell_back)
			return;
		f->fell_back = true;
	} else {
		/* one note per file and cap: among this file's notes only
		 * (the list holds every file a worker linted) */
		if (f->caps++ && f->notes)
			for (size_t i = f->notes_from; i < f->notes->nr; i++)
				if (!strcmp(f->notes->items[i].rule,
					    LINT_NOTE_CAP) &&
				    strstr(f->notes->items[i].message, text))
					return;
	}
	if (!f->notes)
		return;
	lint_ctx_to_file(ctx, &line, &col);
	if (kind == LINT_NOTICE_FALLBACK)
		findings_add(f->notes, f->display, line, 0, SEVERITY_WARNING,
			     LINT_NOTE_FALLBACK,
			     "cannot parse as %s (%s); read line by line",
			     lint_format_name((int)f->format), text);
	else
		findings_add(f->notes, f->display, line, 0, SEVERITY_WARNING,
			     LINT_NOTE_CAP, "not checked past a cap: %s", text);
}

static void sink_document(const struct lint_ctx *ctx, const struct lint_doc *d)
{
	enum lint_format fmt = d->format;
	struct lint_ctx child;

	if (!d->len)
		return;
	if (ctx->depth >= LINT_MAX_NEST) {
		sink_notice(ctx, LINT_NOTICE_CAP, d->line,
			    "documents nested deeper than 8");
		return;
	}
	if (fmt == LINT_FMT_NONE)
		fmt = lint_detect_embedded(d->target, d->target_len, d->text,
					   d->len);
	/* nothing else tells: a command line, if it runs a launcher (not
	 * text written to a file or printed: data) */
	if (fmt == LINT_FMT_NONE && !(d->flags & LINT_DOC_DATA) &&
	    rules_mentions_launcher(d->text, d->len))
		fmt = LINT_FMT_SHELL;
	if (fmt == LINT_FMT_NONE)
		return;
	child = lint_ctx_at(ctx, d->line, d->col);
	child.flags = d->flags;
	child.via = d->via;
	scan_as(&child, fmt, d->text, d->len);
}

static const struct lint_sink sink = {
    rules_setting,   sink_argv,	   sink_document,     sink_notice,
    rules_is_key,    rules_is_env, rules_is_launcher, rules_mentions_launcher,
    rules_next_word,
};

static void file_ctx(struct lint_file *f, struct lint_ctx *ctx,
		     const char *display, struct findings *out)
{
	memset(f, 0, sizeof(*f));
	memset(ctx, 0, sizeof(*ctx));
	f->display = display;
	f->out = out;
	f->out_from = out->nr;
	ctx->file = f;
	ctx->sink = &sink;
}

int lint_file(const char *display, const char *text, size_t len,
	      struct findings *out, struct findings *notes,
	      struct lint_file_info *info, struct error *e)
{
	struct lint_file f;
	struct lint_ctx ctx;
	struct lint_file_info local;
	enum lint_format fmt;
	size_t before;

	if (!info)
		info = &local;
	memset(info, 0, sizeof(*info));
	/* a UTF-8 byte order mark is not part of the first line's text */
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	fmt = lint_detect(display, text, len);
	info->format = (int)fmt;
	if (memchr(text, '\0', len < 8192 ? len : 8192)) {
		info->binary = true;
		return err_set_at(e, display, 0, 0, "binary file, not text");
	}
	/* the name first (cheap), then the words any rule needs */
	if (fmt == LINT_FMT_NONE || !rules_worth_scanning(text, len))
		return 0;
	file_ctx(&f, &ctx, display, out);
	f.text = text;
	f.len = len;
	f.notes = notes;
	f.notes_from = notes ? notes->nr : 0;
	f.format = fmt;
	before = out->nr;
	scan_as(&ctx, fmt, text, len);
	lint_check_directives(&f, lint_rules()[RULE_SUPPRESSION].id);
	lint_drop_duplicates(out, before);
	lint_file_release(&f);
	info->fell_back = f.fell_back;
	info->caps = f.caps;
	return 0;
}

int lint_buffer(const char *display, const char *text, size_t len,
		struct findings *out, struct error *e)
{
	return lint_file(display, text, len, out, NULL, NULL, e);
}

/* Positions are meaningless in an image's config: line 0 names the whole
 * origin. */
static void clear_positions(struct findings *out, size_t from)
{
	for (size_t i = from; i < out->nr; i++)
		out->items[i].line = out->items[i].column = 0;
}

void lint_command(const char *origin, char *const *entrypoint,
		  size_t nr_entrypoint, char *const *cmd, size_t nr_cmd,
		  struct findings *out)
{
	struct lint_file f;
	struct lint_ctx ctx;
	size_t n = 0, before = out->nr;
	struct lint_word *w;

	file_ctx(&f, &ctx, origin, out);
	w = xcalloc(st_add(st_add(nr_entrypoint, nr_cmd), 1), sizeof(*w));
	for (size_t i = 0; i < nr_entrypoint && n < LINT_MAX_WORDS; i++, n++) {
		w[n].s = entrypoint[i];
		w[n].len = strlen(entrypoint[i]);
	}
	for (size_t i = 0; i < nr_cmd && n < LINT_MAX_WORDS; i++, n++) {
		w[n].s = cmd[i];
		w[n].len = strlen(cmd[i]);
	}
	rules_argv(&ctx, w, n, LINT_ARGV_COMMAND);
	free(w);
	clear_positions(out, before);
}

void lint_argv(const char *origin, char *const *argv, size_t argc,
	       struct findings *out)
{
	lint_command(origin, argv, argc, NULL, 0, out);
}

void lint_env(const char *origin, const char *assignment, struct findings *out)
{
	struct lint_file f;
	struct lint_ctx ctx;
	struct lint_word w = {0};
	size_t before = out->nr;

	file_ctx(&f, &ctx, origin, out);
	w.s = assignment;
	w.len = strlen(assignment);
	/* one word holding only an assignment: judged as a setting */
	rules_argv(&ctx, &w, 1, LINT_ARGV_COMMAND);
	clear_positions(out, before);
}

/* ---- settings for other modules (verify's class names) ---- */

/* The file of a settings scan: the dispatcher's, and where they go. */
struct settings_file {
	struct lint_file f;
	lint_setting_fn fn;
	void *arg;
};

static bool is_spark_key(const char *s, size_t len)
{
	return len > 6 && !memcmp(s, "spark.", 6);
}

static bool settings_setting(const struct lint_ctx *ctx,
			     const struct lint_setting *s)
{
	struct settings_file *sf =
	    (struct settings_file *)((char *)ctx->file -
				     offsetof(struct settings_file, f));
	struct lint_found_setting out;

	if (!s->set || !s->value || !is_spark_key(s->key, s->key_len))
		return false;
	out.key = s->key;
	out.key_len = s->key_len;
	out.value = s->value;
	out.value_len = s->value_len;
	out.line = s->line;
	out.col = s->col;
	lint_ctx_to_file(ctx, &out.line, &out.col);
	sf->fn(sf->arg, &out);
	return false;
}

static void settings_argv(const struct lint_ctx *ctx, const struct lint_word *w,
			  size_t n, unsigned flags)
{
	(void)ctx;
	(void)w;
	(void)n;
	(void)flags;
}

static void settings_notice(const struct lint_ctx *ctx, enum lint_notice kind,
			    unsigned line, const char *text)
{
	(void)ctx;
	(void)kind;
	(void)line;
	(void)text;
}

static bool no_env(const char *s, size_t len)
{
	(void)s;
	(void)len;
	return false;
}

static size_t next_spark(const char *s, size_t len, size_t from)
{
	const char *p =
	    from < len ? memmem(s + from, len - from, "spark.", 6) : NULL;

	return p ? (size_t)(p - s) : len;
}

static const struct lint_sink settings_sink = {
    settings_setting, settings_argv, sink_document,	settings_notice,
    is_spark_key,     no_env,	     rules_is_launcher, rules_mentions_launcher,
    next_spark,
};

int lint_settings(const char *display, const char *text, size_t len,
		  lint_setting_fn fn, void *arg, struct error *e)
{
	struct settings_file sf;
	struct findings scratch = FINDINGS_INIT;
	struct lint_ctx ctx;
	enum lint_format fmt;

	if (memchr(text, '\0', len < 8192 ? len : 8192))
		return err_set_at(e, display, 0, 0, "binary file, not text");
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3)) {
		text += 3;
		len -= 3;
	}
	fmt = lint_detect(display, text, len);
	if (fmt == LINT_FMT_NONE || next_spark(text, len, 0) == len)
		return 0;
	file_ctx(&sf.f, &ctx, display, &scratch);
	ctx.sink = &settings_sink;
	sf.f.text = text;
	sf.f.len = len;
	sf.f.format = fmt;
	sf.fn = fn;
	sf.arg = arg;
	scan_as(&ctx, fmt, text, len);
	lint_file_release(&sf.f);
	findings_release(&scratch);
	return 0;
}
