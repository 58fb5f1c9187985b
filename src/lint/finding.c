#define _GNU_SOURCE /* memmem */
#include "lint/finding.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
		 const char *rule_id, const char *fmt, ...)
{
	struct lint_file *f = ctx->file;
	char msg[1024];
	va_list ap;

	lint_ctx_to_file(ctx, &line, &col);
	col = char_column(f, line, col);
	if (f->text && suppressed(f, line, rule_id))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	findings_add(f->out, f->display, line, col, SEVERITY_ERROR, rule_id,
		     "%s", msg);
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
			report_directive(f, &d, line, rule_id);
		p = le;
	}
}

void lint_drop_duplicates(struct findings *f, size_t start)
{
	size_t kept = start;

	for (size_t i = start; i < f->nr; i++) {
		struct finding *it = &f->items[i];
		struct finding *dup = NULL;

		/* one place read two ways (an option string kept in a
		 * variable and where it is used): one finding, the message
		 * that says more ("in PYSPARK_SUBMIT_ARGS") */
		for (size_t j = start; j < kept && !dup; j++)
			if (f->items[j].line == it->line &&
			    f->items[j].column == it->column &&
			    !strcmp(f->items[j].rule, it->rule))
				dup = &f->items[j];
		if (dup) {
			if (strlen(it->message) > strlen(dup->message)) {
				char *m = dup->message;

				dup->message = it->message;
				it->message = m;
			}
			free(it->file);
			free(it->rule);
			free(it->message);
		} else {
			f->items[kept++] = *it;
		}
	}
	f->nr = kept;
}
