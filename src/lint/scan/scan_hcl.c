#include <stdlib.h>
#include <string.h>

#include "core/xalloc.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"

/*
 * Terraform / HCL (*.tf, *.tfvars): a tolerant tokenizer, no HCL library
 * exists for C. It emits
 * - a setting for every attribute "key = value" or object entry
 *   "key" = value / key: value (spark_conf maps, spark_env_vars, Glue
 *   default_arguments): the rules know which keys matter;
 * - Databricks libraries (library { jar, maven { coordinates, repo,
 *   exclusions } }, resource "databricks_library", libraries = [...]) as
 *   settings named "libraries.jar", "maven.coordinates", ...;
 * - every list of strings as an argument vector (EMR step args), as
 *   spark-submit options under spark_submit_task; the parameters of other
 *   Databricks tasks are the application's own;
 * - heredocs (<<EOF, <<-EOF) as documents, JSON when they look like it,
 *   else judged by the attribute's name and their content; strings that
 *   hold a command line as shell.
 * Anything it does not understand is skipped; it never fails.
 */

enum tok_kind {
	T_EOF,
	T_NL,
	T_IDENT,
	T_STRING, /* s, len: the text between the quotes, undecoded */
	T_HEREDOC,
	T_PUNCT,
	T_OTHER,
};

struct tok {
	enum tok_kind kind;
	const char *s;
	size_t len;
	unsigned line, col; /* of the first byte (the quote of a string) */
	unsigned vline;	    /* heredoc: line of the body's first byte */
};

struct lexer {
	const char *p, *end, *bol; /* bol: start of the current line */
	unsigned line;
};

#define MAX_DEPTH 64

enum frame_kind { F_BLOCK, F_OBJECT, F_LIST, F_PAREN };

struct frame {
	enum frame_kind kind;
	const char *name; /* block type or attribute key */
	size_t nlen;
	const char *label; /* first block label: the resource type */
	size_t llen;
	struct tok key; /* list: its attribute's key */
	size_t start;	/* list: its first word in parser.words */
	bool others;	/* list: elements that are not strings */
};

struct parser {
	const struct lint_ctx *ctx;
	struct lexer lx;
	struct frame stack[MAX_DEPTH];
	size_t depth;
	/* the strings of the open lists, innermost last */
	struct lint_word *words;
	size_t nr, alloc;
};

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r';
}

static unsigned col_of(const struct lexer *lx, const char *p)
{
	return (unsigned)(p - lx->bol) + 1;
}

static void newline(struct lexer *lx, const char *p)
{
	lx->line++;
	lx->bol = p + 1;
}

/* Skips a quoted string from p (at the quote); nested ${ ... "x" ... }
 * interpolations may hold quotes. Returns the closing quote or end. */
static const char *skip_string(struct lexer *lx, const char *p)
{
	unsigned interp = 0;

	for (p++; p < lx->end; p++) {
		if (*p == '\\' && p + 1 < lx->end) {
			p++;
			continue;
		}
		if (*p == '\n') {
			if (!interp)
				return p; /* unterminated: stop at the line */
			newline(lx, p);
			continue;
		}
		if ((*p == '$' || *p == '%') && p + 1 < lx->end &&
		    p[1] == '{') {
			interp++;
			p++;
			continue;
		}
		if (interp && *p == '}') {
			interp--;
			continue;
		}
		if (interp && *p == '"') {
			/* a string inside an interpolation */
			const char *q = skip_string(lx, p);

			p = q < lx->end ? q : lx->end - 1;
			continue;
		}
		if (!interp && *p == '"')
			return p;
	}
	return lx->end;
}

/* A heredoc after "<<" or "<<-" at p; false when it is not one. */
static bool lex_heredoc(struct lexer *lx, const char *p, struct tok *t)
{
	const char *d = p + 2, *de, *q;
	size_t dlen;

	if (d < lx->end && *d == '-')
		d++;
	for (de = d; de < lx->end && lint_is_ident_char(*de); de++)
		;
	dlen = (size_t)(de - d);
	q = de;
	while (q < lx->end && is_blank(*q))
		q++;
	if (!dlen || q >= lx->end || *q != '\n')
		return false;
	t->kind = T_HEREDOC;
	t->line = lx->line;
	t->col = col_of(lx, p);
	newline(lx, q);
	t->s = q + 1;
	t->vline = lx->line;
	for (q = t->s; q < lx->end;) {
		const char *le = lint_line_end(q, lx->end), *a = q, *b = le;

		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		if ((size_t)(b - a) == dlen && !memcmp(a, d, dlen)) {
			t->len = (size_t)(q - t->s);
			lx->p = le;
			return true;
		}
		if (le >= lx->end)
			break;
		newline(lx, le);
		q = le + 1;
	}
	t->len = (size_t)(lx->end - t->s);
	lx->p = lx->end;
	return true;
}

static void next(struct lexer *lx, struct tok *t)
{
	const char *p = lx->p;

	memset(t, 0, sizeof(*t));
	for (;;) {
		while (p < lx->end && is_blank(*p))
			p++;
		if (p >= lx->end) {
			lx->p = p;
			t->kind = T_EOF;
			return;
		}
		if (*p == '#' ||
		    (*p == '/' && p + 1 < lx->end && p[1] == '/')) {
			p = lint_line_end(p, lx->end);
			continue;
		}
		if (*p == '/' && p + 1 < lx->end && p[1] == '*') {
			for (p += 2; p < lx->end; p++) {
				if (*p == '\n')
					newline(lx, p);
				else if (*p == '*' && p + 1 < lx->end &&
					 p[1] == '/') {
					p += 2;
					break;
				}
			}
			continue;
		}
		break;
	}
	t->line = lx->line;
	t->col = col_of(lx, p);
	t->s = p;
	if (*p == '\n') {
		t->kind = T_NL;
		newline(lx, p);
		lx->p = p + 1;
		return;
	}
	if (*p == '"') {
		const char *q = skip_string(lx, p);

		t->kind = T_STRING;
		t->s = p + 1;
		t->len = (size_t)(q - p - 1);
		lx->p = q < lx->end && *q == '"' ? q + 1 : q;
		return;
	}
	if (*p == '<' && p + 1 < lx->end && p[1] == '<' &&
	    lex_heredoc(lx, p, t))
		return;
	if (lint_is_ident_char(*p) || *p == '-') {
		const char *q = p + 1;

		while (q < lx->end &&
		       (lint_is_ident_char(*q) || *q == '-' || *q == '.'))
			q++;
		t->kind = T_IDENT;
		t->len = (size_t)(q - p);
		lx->p = q;
		return;
	}
	t->kind = strchr("{}[]()=:,", *p) ? T_PUNCT : T_OTHER;
	t->len = 1;
	lx->p = p + 1;
}

static bool tok_is(const struct tok *t, char c)
{
	return t->kind == T_PUNCT && *t->s == c;
}

static bool span_is(const char *s, size_t len, const char *lit)
{
	return len == strlen(lit) && !memcmp(s, lit, len);
}

static bool frame_named(const struct frame *f, const char *name)
{
	return f->name && span_is(f->name, f->nlen, name);
}

/* Inside a Databricks library: a library block, a libraries list, or the
 * body of resource "databricks_library". */
static bool in_library(const struct parser *ps)
{
	for (size_t i = 0; i < ps->depth; i++) {
		const struct frame *f = &ps->stack[i];

		if (frame_named(f, "library") || frame_named(f, "libraries"))
			return true;
		/* dynamic "library" { content { ... } } */
		if (frame_named(f, "dynamic") && f->label &&
		    span_is(f->label, f->llen, "library"))
			return true;
		if (frame_named(f, "resource") && f->label &&
		    span_is(f->label, f->llen, "databricks_library"))
			return true;
	}
	return false;
}

static const struct frame *top(const struct parser *ps)
{
	return ps->depth ? &ps->stack[ps->depth - 1] : NULL;
}

/* The setting name of a Databricks library attribute, or NULL. */
static const char *library_key(const struct parser *ps, const struct tok *k)
{
	const struct frame *f = top(ps);

	if (!in_library(ps))
		return NULL;
	if (span_is(k->s, k->len, "jar"))
		return "libraries.jar";
	if (!f || !frame_named(f, "maven"))
		return NULL;
	if (span_is(k->s, k->len, "coordinates"))
		return "maven.coordinates";
	if (span_is(k->s, k->len, "repo"))
		return "maven.repo";
	if (span_is(k->s, k->len, "exclusions"))
		return "maven.exclusions";
	return NULL;
}

/* A SparkApplication's deps in a kubernetes_manifest: "spec.deps.KEY". */
static const char *deps_key(const struct parser *ps, const struct tok *k)
{
	static const char *const keys[] = {
	    "spec.deps.jars", "spec.deps.packages", "spec.deps.repositories",
	    "spec.deps.excludePackages"};
	const struct frame *f = top(ps);

	if (!f || !frame_named(f, "deps"))
		return NULL;
	for (size_t i = 0; i < sizeof(keys) / sizeof(keys[0]); i++)
		if (span_is(k->s, k->len, keys[i] + 10))
			return keys[i];
	return NULL;
}

static void emit_kv(const struct parser *ps, const struct tok *k,
		    const char *value, size_t vlen, bool set, unsigned vline,
		    unsigned vcol)
{
	struct lint_setting st = {0};
	const char *lib = library_key(ps, k);

	if (!lib)
		lib = deps_key(ps, k);
	st.key = lib ? lib : k->s;
	st.key_len = lib ? strlen(lib) : k->len;
	st.shown = k->s;
	st.shown_len = k->len;
	st.value = value;
	st.value_len = vlen;
	st.set = set;
	st.line = k->line;
	st.col = k->col;
	st.vline = vline;
	st.vcol = vcol;
	lint_emit_setting(ps->ctx, &st);
}

static void emit_string(const struct parser *ps, const struct tok *k,
			const struct tok *v)
{
	struct lint_word w = {0};

	if (memchr(v->s, '\n', v->len))
		return; /* an unterminated string ran to the line's end */
	emit_kv(ps, k, v->s, v->len, v->len > 0, v->line, v->col + 1);
	/* helm_release: set { name = "sparkConf.spark\\.jars" value = ... } */
	if (k->kind != T_EOF && span_is(k->s, k->len, "name") && top(ps) &&
	    frame_named(top(ps), "set")) {
		char key[64];
		size_t n = lint_helm_key(v->s, v->len, key, sizeof(key));

		if (n)
			lint_emit_kv(ps->ctx, key, n, NULL, 0, true, v->line,
				     v->col + 1, 0, 0);
	}
	/* spark_params = "--jars ...": options, used here or not */
	if (k->kind != T_EOF &&
	    lint_holds_options(k->s, k->len, v->s, v->len) &&
	    !lint_wants_env(ps->ctx, k->s, k->len))
		lint_emit_options(ps->ctx, v->s, v->len, v->line, v->col + 1,
				  NULL);
	w.s = v->s;
	w.len = v->len;
	w.line = v->line;
	w.col = v->col;
	w.src = v->s - 1;
	w.src_len = v->len + 2;
	lint_emit_word_script(ps->ctx, &w);
}

/* The first line at p is a YAML mapping key: "name:" or "name: value". */
static bool yaml_like(const char *p, const char *end)
{
	const char *e = lint_line_end(p, end), *q = p;

	while (q < e && (lint_is_ident_char(*q) || *q == '-' || *q == '.'))
		q++;
	return q > p && q < e && *q == ':' &&
	       (q + 1 == e || q[1] == ' ' || q[1] == '\r');
}

static void emit_heredoc(const struct parser *ps, const struct tok *k,
			 const struct tok *v)
{
	struct lint_doc d = {0};
	const char *p = v->s, *end = v->s + v->len;

	emit_kv(ps, k, v->s, v->len, v->len > 0, v->vline, 1);
	while (p < end && (is_blank(*p) || *p == '\n'))
		p++;
	d.text = v->s;
	d.len = v->len;
	d.line = v->vline;
	d.col = 1;
	if (p < end && (*p == '[' || *p == '{'))
		d.format = LINT_FMT_JSON;
	else if (lint_mentions_launcher(ps->ctx, v->s, v->len))
		d.format = LINT_FMT_SHELL;
	else if (yaml_like(p, end))
		d.format =
		    LINT_FMT_YAML; /* helm_release values, k8s manifests */
	if (k->kind != T_EOF) {
		d.target = k->s;
		d.target_len = k->len;
	}
	lint_emit_document(ps->ctx, &d);
}

/* A list closed: its strings are a command line (EMR step args), or
 * spark-submit's options under spark_submit_task; a non-empty list is a
 * set value (exclusions = [...]). */
static void close_list(struct parser *ps, struct frame *f)
{
	const struct frame *parent = top(ps); /* f is popped already */
	bool parameters = frame_named(f, "parameters");

	size_t n = ps->nr - f->start;
	struct lint_word *w = n ? ps->words + f->start : NULL;

	if (f->key.kind != T_EOF)
		emit_kv(ps, &f->key, NULL, 0, n || f->others, 0, 0);
	if (n && ((parameters && parent &&
		   frame_named(parent, "spark_submit_task")) ||
		  (w[0].len > 2 && !memcmp(w[0].s, "--", 2) &&
		   f->key.kind != T_EOF &&
		   lint_names_spark_options(f->key.s, f->key.len))))
		lint_emit_argv(ps->ctx, w, n, LINT_ARGV_SPARK);
	else if (n && !parameters)
		lint_emit_argv(ps->ctx, w, n, LINT_ARGV_COMMAND);
	ps->nr = f->start;
}

static struct frame *push(struct parser *ps, enum frame_kind kind,
			  const struct tok *name)
{
	struct frame *f;

	if (ps->depth >= MAX_DEPTH) {
		/* what lies deeper is read without its keys: said */
		lint_emit_cap(ps->ctx, ps->lx.line,
			      "HCL nested deeper than 64 levels");
		return NULL;
	}
	f = &ps->stack[ps->depth++];
	f->kind = kind;
	f->name = name && name->kind != T_EOF ? name->s : NULL;
	f->nlen = name ? name->len : 0;
	f->label = NULL;
	f->llen = 0;
	memset(&f->key, 0, sizeof(f->key));
	f->start = ps->nr;
	f->others = false;
	return f;
}

/* Closes frames up to and including the innermost one opened by open. */
static void pop(struct parser *ps, char close)
{
	while (ps->depth) {
		struct frame *f = &ps->stack[ps->depth - 1];
		bool match = (close == '}' &&
			      (f->kind == F_BLOCK || f->kind == F_OBJECT)) ||
			     (close == ']' && f->kind == F_LIST) ||
			     (close == ')' && f->kind == F_PAREN);

		ps->depth--;
		if (f->kind == F_LIST)
			close_list(ps, f);
		if (match)
			return;
	}
}

static void list_add(struct parser *ps, struct frame *f, const struct tok *t)
{
	struct lint_word *w;

	if (t->kind != T_STRING || memchr(t->s, '\n', t->len)) {
		f->others = true;
		return;
	}
	if (ps->nr - f->start >= LINT_MAX_WORDS)
		return;
	XGROW(ps->words, ps->nr + 1, ps->alloc);
	w = &ps->words[ps->nr++];
	memset(w, 0, sizeof(*w));
	w->s = t->s;
	w->len = t->len;
	w->line = t->line;
	w->col = t->col;
	w->src = t->s - 1;
	w->src_len = t->len + 2;
}

/* The value after "key =": a string, heredoc, object, list or expression. */
static void value(struct parser *ps, const struct tok *k, struct tok *t)
{
	struct frame *f;

	next(&ps->lx, t);
	if (t->kind == T_STRING) {
		struct tok after;
		struct lexer save = ps->lx;

		/* "a" == "b" ? ...: an expression, not a literal */
		next(&ps->lx, &after);
		ps->lx = save;
		if (after.kind == T_NL || after.kind == T_EOF ||
		    tok_is(&after, ',') || tok_is(&after, '}') ||
		    tok_is(&after, ']') || tok_is(&after, ')'))
			emit_string(ps, k, t);
		else
			emit_kv(ps, k, NULL, 0, true, 0, 0);
		return;
	}
	if (t->kind == T_HEREDOC) {
		emit_heredoc(ps, k, t);
		return;
	}
	if (tok_is(t, '{')) {
		push(ps, F_OBJECT, k);
		return;
	}
	if (tok_is(t, '[')) {
		f = push(ps, F_LIST, k);
		if (f)
			f->key = *k;
		return;
	}
	if (t->kind == T_IDENT && span_is(t->s, t->len, "null")) {
		emit_kv(ps, k, NULL, 0, false, 0, 0);
		return;
	}
	if (t->kind == T_NL || t->kind == T_EOF)
		return;
	/* an expression: var.x, merge(...), each.value */
	emit_kv(ps, k, NULL, 0, true, 0, 0);
	if (tok_is(t, '('))
		push(ps, F_PAREN, k);
}

static void parse(struct parser *ps)
{
	struct tok t, head[3];
	size_t nhead = 0;

	for (next(&ps->lx, &t); t.kind != T_EOF;) {
		struct frame *f = ps->depth ? &ps->stack[ps->depth - 1] : NULL;

		if (f && f->kind == F_LIST) {
			if (tok_is(&t, ']')) {
				pop(ps, ']');
			} else if (tok_is(&t, '{')) {
				push(ps, F_OBJECT, &f->key);
				f->others = true;
			} else if (tok_is(&t, '[') || tok_is(&t, '(')) {
				push(ps, tok_is(&t, '[') ? F_LIST : F_PAREN,
				     &f->key);
				f->others = true;
			} else if (t.kind == T_HEREDOC) {
				/* values = [<<-EOT ... EOT]: a document */
				emit_heredoc(ps, &f->key, &t);
				f->others = true;
			} else if (t.kind == T_STRING || t.kind == T_IDENT) {
				list_add(ps, f, &t);
			} else if (tok_is(&t, '}') || tok_is(&t, ')')) {
				pop(ps, *t.s);
			}
			next(&ps->lx, &t);
			continue;
		}
		if (t.kind == T_NL || tok_is(&t, ',')) {
			nhead = 0;
			next(&ps->lx, &t);
			continue;
		}
		if (tok_is(&t, '}') || tok_is(&t, ')') || tok_is(&t, ']')) {
			pop(ps, *t.s);
			nhead = 0;
			next(&ps->lx, &t);
			continue;
		}
		if (t.kind == T_IDENT || t.kind == T_STRING) {
			if (nhead < 3)
				head[nhead++] = t;
			next(&ps->lx, &t);
			continue;
		}
		if ((tok_is(&t, '=') || tok_is(&t, ':')) && nhead) {
			value(ps, &head[nhead - 1], &t);
			nhead = 0;
			if (t.kind != T_NL)
				next(&ps->lx, &t);
			continue;
		}
		if (tok_is(&t, '{')) {
			/* a block: type and labels; in an expression, an object
			 */
			struct frame *b = push(ps, nhead ? F_BLOCK : F_OBJECT,
					       nhead ? &head[0] : NULL);

			if (b && nhead >= 2) {
				b->label = head[1].s;
				b->llen = head[1].len;
			}
			nhead = 0;
			next(&ps->lx, &t);
			continue;
		}
		if (tok_is(&t, '(') || tok_is(&t, '[')) {
			push(ps, tok_is(&t, '(') ? F_PAREN : F_LIST, NULL);
			nhead = 0;
			next(&ps->lx, &t);
			continue;
		}
		nhead = 0;
		next(&ps->lx, &t);
	}
	while (ps->depth)
		pop(ps, 0);
}

void scan_hcl(const struct lint_ctx *ctx, const char *text, size_t len)
{
	struct parser ps;

	memset(&ps, 0, sizeof(ps));
	ps.ctx = ctx;
	ps.lx.p = text;
	ps.lx.bol = text;
	ps.lx.end = text + len;
	ps.lx.line = 1;
	parse(&ps);
	free(ps.words);
}
