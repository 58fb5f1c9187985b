#define _GNU_SOURCE /* memmem */
#include "lint/finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "lint/lint.h"

/* A parsed "jarbake: allow RULE[,RULE] -- reason" directive. */
struct directive {
	const char *rules;
	size_t rules_len;
	bool has_reason;
	size_t marker; /* offset in the line of the comment marker */
};

/* Longer lists of rules are cut: each finding on the line reads it. */
#define DIRECTIVE_RULES_MAX 1024

/* A suppression comment and its line, parsed once per file. */
struct directive_line {
	unsigned line;
	bool alone; /* the comment is the whole line */
	struct directive d;
};

/* Bytes per block of the index: a lookup reads at most one block. */
#define INDEX_BLOCK 256

struct lint_index {
	size_t nr_blocks;	     /* 0 until the blocks are counted */
	size_t *newlines;	     /* '\n' bytes before each block */
	size_t *chars;		     /* characters started before each block */
	size_t nr_lines;	     /* '\n' bytes in the file */
	bool directives;	     /* the directives below were collected */
	struct directive_line *dirs; /* by line */
	size_t nr_dirs, alloc_dirs;
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
	if (d->rules_len > DIRECTIVE_RULES_MAX)
		d->rules_len = DIRECTIVE_RULES_MAX;
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

static struct lint_index *file_index(struct lint_file *f)
{
	if (!f->index)
		f->index = xcalloc(1, sizeof(*f->index));
	return f->index;
}

/* The index's blocks, counted on first use: one pass over the file. */
static struct lint_index *file_blocks(struct lint_file *f)
{
	struct lint_index *x = file_index(f);
	size_t lines = 0, chars = 0;

	if (x->nr_blocks)
		return x;
	x->nr_blocks = f->len / INDEX_BLOCK + 1;
	x->newlines = xcalloc(x->nr_blocks, sizeof(*x->newlines));
	x->chars = xcalloc(x->nr_blocks, sizeof(*x->chars));
	for (size_t i = 0; i < f->len; i++) {
		if (!(i % INDEX_BLOCK)) {
			x->newlines[i / INDEX_BLOCK] = lines;
			x->chars[i / INDEX_BLOCK] = chars;
		}
		lines += f->text[i] == '\n';
		chars += ((unsigned char)f->text[i] & 0xc0) != 0x80;
	}
	if (!(f->len % INDEX_BLOCK)) {
		x->newlines[f->len / INDEX_BLOCK] = lines;
		x->chars[f->len / INDEX_BLOCK] = chars;
	}
	x->nr_lines = lines;
	return x;
}

/* The offset of the start of line (1-based); false past the last line. */
static bool line_start(struct lint_file *f, size_t line, size_t *off)
{
	struct lint_index *x = file_blocks(f);
	size_t k = line - 1, lo = 0, hi = x->nr_blocks, seen;

	if (!line || k > x->nr_lines)
		return false;
	if (!k) {
		*off = 0;
		return true;
	}
	/* the last block with fewer than k newlines before it holds the
	 * k-th */
	while (hi - lo > 1) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->newlines[mid] < k)
			lo = mid;
		else
			hi = mid;
	}
	seen = x->newlines[lo];
	for (size_t i = lo * INDEX_BLOCK; i < f->len; i++)
		if (f->text[i] == '\n' && ++seen == k) {
			*off = i + 1;
			return true;
		}
	return false;
}

/* Characters started before offset off. */
static size_t chars_before(struct lint_file *f, size_t off)
{
	const struct lint_index *x = file_blocks(f);
	size_t n = x->chars[off / INDEX_BLOCK];

	for (size_t i = off - off % INDEX_BLOCK; i < off; i++)
		n += ((unsigned char)f->text[i] & 0xc0) != 0x80;
	return n;
}

/*
 * Scanners count columns in bytes; a finding's column counts characters
 * (Unicode code points), as editors and SARIF's columnKind expect.
 */
static unsigned char_column(struct lint_file *f, unsigned line, unsigned col)
{
	size_t start, end, n;

	if (!f->text || col <= 1 || !line_start(f, line, &start))
		return col;
	if (!line_start(f, (size_t)line + 1, &end))
		end = f->len + 1;
	n = col - 1 < end - 1 - start ? col - 1 : end - 1 - start;
	return 1 +
	       (unsigned)(chars_before(f, start + n) - chars_before(f, start)) +
	       (unsigned)(col - 1 - n);
}

/* The suppression comments of the file, with their lines: one pass. */
static const struct lint_index *file_directives(struct lint_file *f)
{
	struct lint_index *x = file_index(f);
	const char *p = f->text, *end = f->text + f->len;
	const char *counted = f->text;
	unsigned line = 1;

	if (x->directives)
		return x;
	x->directives = true;
	while (p < end) {
		const char *hit = memmem(p, (size_t)(end - p), "jarbake:", 8);
		const char *ls, *le;
		struct directive_line dl;

		if (!hit)
			break;
		for (ls = hit; ls > p && ls[-1] != '\n'; ls--)
			;
		le = memchr(hit, '\n', (size_t)(end - hit));
		if (!le)
			le = end;
		for (; counted < ls; counted++)
			line += *counted == '\n';
		if (parse_directive(ls, (size_t)(le - ls), &dl.d)) {
			dl.line = line;
			dl.alone = directive_alone(ls, &dl.d);
			XGROW(x->dirs, x->nr_dirs + 1, x->alloc_dirs);
			x->dirs[x->nr_dirs++] = dl;
		}
		p = le;
	}
	return x;
}

static bool suppressed(struct lint_file *f, unsigned line, const char *id)
{
	const struct lint_index *x = file_directives(f);
	unsigned from = line > 1 ? line - 1 : line;
	size_t lo = 0, hi = x->nr_dirs;

	/* the first directive on line from or after */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (x->dirs[mid].line < from)
			lo = mid + 1;
		else
			hi = mid;
	}
	for (size_t i = lo; i < x->nr_dirs && x->dirs[i].line <= line; i++)
		if ((x->dirs[i].line == line || x->dirs[i].alone) &&
		    directive_allows(&x->dirs[i].d, id))
			return true;
	return false;
}

void lint_file_release(struct lint_file *f)
{
	if (!f->index)
		return;
	free(f->index->newlines);
	free(f->index->chars);
	free(f->index->dirs);
	free(f->index);
	f->index = NULL;
}

void lint_report(const struct lint_ctx *ctx, unsigned line, unsigned col,
		 const char *rule_id, const char *fmt, ...)
{
	struct lint_file *f = ctx->file;
	char msg[1024];
	va_list ap;

	lint_ctx_to_file(ctx, &line, &col);
	col = char_column(f, line, col);
	if (f->text && suppressed(f, line, rule_id))
		return;
	if (f->findings_full)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	findings_add(f->out, f->display, line, col, SEVERITY_ERROR, rule_id,
		     "%s", msg);
	if (++f->reports < LINT_FILE_FINDINGS_MAX)
		return;
	/* many reports: first drop the repeats (a variable used at every
	 * line is one finding), then cap what is left */
	f->reports = 0;
	lint_drop_duplicates(f->out, f->out_from);
	if (f->out->nr - f->out_from < LINT_FILE_FINDINGS_MAX)
		return;
	f->findings_full = true;
	f->caps++;
	if (f->notes)
		findings_add(f->notes, f->display, line, 0, SEVERITY_WARNING,
			     LINT_NOTE_CAP,
			     "not checked past a cap: more than %d findings in "
			     "one file",
			     LINT_FILE_FINDINGS_MAX);
}

/* Reports a directive without a rule or without a reason. */
static void report_directive(struct lint_file *f, const struct directive *d,
			     unsigned line, const char *rule_id)
{
	if (!d->rules_len)
		findings_add(f->out, f->display, line,
			     char_column(f, line, (unsigned)d->marker + 1),
			     SEVERITY_ERROR, rule_id,
			     "suppression names no rule; write "
			     "'# jarbake: allow RULE -- REASON'");
	else if (!d->has_reason)
		findings_add(f->out, f->display, line,
			     char_column(f, line, (unsigned)d->marker + 1),
			     SEVERITY_ERROR, rule_id,
			     "suppression of '%.*s' has no reason; write "
			     "'# jarbake: allow %.*s -- REASON'",
			     (int)d->rules_len, d->rules, (int)d->rules_len,
			     d->rules);
}

void lint_check_directives(struct lint_file *f, const char *rule_id)
{
	const struct lint_index *x;

	if (!f->text)
		return;
	x = file_directives(f);
	for (size_t i = 0; i < x->nr_dirs; i++)
		report_directive(f, &x->dirs[i].d, x->dirs[i].line, rule_id);
}

/* Findings by place (line, column, rule), then by their order. */
static int by_place(const void *a, const void *b)
{
	const struct finding *x = *(const struct finding *const *)a;
	const struct finding *y = *(const struct finding *const *)b;
	int r;

	if (x->line != y->line)
		return x->line < y->line ? -1 : 1;
	if (x->column != y->column)
		return x->column < y->column ? -1 : 1;
	r = strcmp(x->rule, y->rule);
	if (r)
		return r;
	return x < y ? -1 : x > y;
}

static bool same_place(const struct finding *x, const struct finding *y)
{
	return x->line == y->line && x->column == y->column &&
	       !strcmp(x->rule, y->rule);
}

void lint_drop_duplicates(struct findings *f, size_t start)
{
	size_t n = f->nr - start, kept = start;
	struct finding **order;
	bool *drop;

	if (n < 2)
		return;
	/* sorted by place: each group of repeats together, O(n log n) */
	order = xcalloc(n, sizeof(*order));
	drop = xcalloc(n, sizeof(*drop));
	for (size_t i = 0; i < n; i++)
		order[i] = &f->items[start + i];
	qsort(order, n, sizeof(*order), by_place);
	for (size_t i = 0, j; i < n; i = j) {
		struct finding *first = order[i];

		/* one place read two ways (an option string kept in a
		 * variable and where it is used): one finding, the message
		 * that says more ("in PYSPARK_SUBMIT_ARGS") */
		for (j = i + 1; j < n && same_place(first, order[j]); j++) {
			if (strlen(order[j]->message) >
			    strlen(first->message)) {
				char *m = first->message;

				first->message = order[j]->message;
				order[j]->message = m;
			}
			drop[order[j] - (f->items + start)] = true;
		}
	}
	for (size_t i = 0; i < n; i++) {
		struct finding *it = &f->items[start + i];

		if (drop[i]) {
			free(it->file);
			free(it->rule);
			free(it->message);
		} else {
			f->items[kept++] = *it;
		}
	}
	f->nr = kept;
	free(order);
	free(drop);
}
