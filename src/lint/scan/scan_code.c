#define _GNU_SOURCE /* memmem */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/*
 * Python and Scala/Java/Kotlin/Groovy source: a tokenizer that knows
 * comments, string literals (prefixes, triple quotes, escapes) and
 * brackets, enough to see
 *   .config("spark.jars.packages", ...)   SparkConf().set("spark.jars", ...)
 *   {"spark.jars": ...}   "spark.jars" -> ...
 *   os.environ["PYSPARK_SUBMIT_ARGS"] = "--packages ..."
 *   subprocess.run(["spark-submit", "--jars", ...])   os.system("...")
 *   spark.addArtifact(s)("x.jar")   sc.addJar(...)
 * Notebook cells may hold "!command" lines and %%bash cells.
 */

#define MAX_DEPTH 64
#define IDENT_MAX 48

struct group {
	char open;
	char callee[IDENT_MAX]; /* identifier before '(' */
	/* with the identifier before it and a '.': "LivyBatch.create" */
	char qcallee[2 * IDENT_MAX];
	/* the name a list is assigned or added to: cmd = [...], cmd += [...],
	 * cmd.extend([...]) */
	char target[IDENT_MAX];
	const char *at; /* the opening bracket */
};

/* A command line being collected from a list literal. */
struct argv_collect {
	bool active;
	size_t depth; /* group depth of the list */
	struct strbuf buf;
	struct lint_word *w;
	size_t *off;
	size_t nr, alloc, off_alloc;
	bool elem_other; /* the current element is not one plain literal */
	size_t elem_lit; /* index of its literal word, SIZE_MAX when none */
	bool spark;	 /* the words are spark-submit's options already */
};

/*
 * A string expression: literals joined by implicit concatenation or '+',
 * names of strings assigned before, f-string fields naming them. Its text
 * with, per piece, where the piece's first byte is in the buffer.
 */
#define SEG_MAX 32
#define EXPR_MAX 8192

struct strexpr {
	struct strbuf text;
	struct seg {
		size_t off;
		unsigned line, col;
		bool exact; /* the piece is written as its text (no escapes) */
	} seg[SEG_MAX];
	size_t nr_seg;
	bool truncated; /* a piece past the caps was left out */
};

#define VARS_MAX 64

struct strvar {
	char name[32];
	struct strexpr e;
};

struct code {
	const struct lint_ctx *ctx;
	const char *text, *p, *end;
	bool python;
	bool squote; /* '...' is a string (Python, Groovy), else a char */
	unsigned line;
	const char *ls; /* start of the current line */
	bool line_has_token;
	/* MAX_DEPTH of them, allocated: a peek at the text (a copy of this
	 * struct) shares them instead of copying them */
	struct group *groups;
	size_t depth;
	char prev;	       /* last significant character, 0 at the start */
	char prev2;	       /* the one before */
	char ident[IDENT_MAX]; /* last identifier when prev_ident */
	char qual[IDENT_MAX];  /* the identifier before ".ident", or "" */
	bool prev_ident;
	bool launchers; /* the text mentions a launcher */
	struct strbuf lit;
	struct argv_collect argv;
	struct strvar *vars; /* strings assigned to names, for later uses */
	size_t nr_vars, vars_alloc;
	/* a list holding only a launcher (cmds=["spark-submit"]): its
	 * arguments= list in the same call goes on its command line */
	struct lint_word pending;
	char pending_text[64];
	size_t pending_depth;
	bool has_pending;
	/* names of lists that hold a launcher's command line (cmd =
	 * ["spark-submit", ...]): what is added to them later are options */
	char cmd_lists[8][IDENT_MAX];
	size_t nr_cmd_lists;
};

static bool is_ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       c == '$';
}

static bool is_ident_char(char c)
{
	return is_ident_start(c) || (c >= '0' && c <= '9');
}

static unsigned col_of(const struct code *c, const char *p)
{
	return (unsigned)(p - c->ls) + 1;
}

static void newline(struct code *c, const char *nl)
{
	c->line++;
	c->ls = nl + 1;
	c->line_has_token = false;
}

/* Advances over [from, to) counting lines. */
static void count_lines(struct code *c, const char *from, const char *to)
{
	for (const char *q = from; q < to; q++)
		if (*q == '\n')
			newline(c, q);
}

/* The innermost bracket, or an empty one outside any (or too deep). */
static const struct group *innermost(const struct code *c)
{
	static const struct group none = {0, "", "", "", NULL};

	return c->depth && c->depth <= MAX_DEPTH ? &c->groups[c->depth - 1]
						 : &none;
}

static bool in_set(const char *s, const char *const *set, size_t n)
{
	for (size_t i = 0; i < n; i++)
		if (!strcmp(s, set[i]))
			return true;
	return false;
}

/* Calls that run a command line given as a string. */
static bool is_exec_callee(const char *s)
{
	static const char *const set[] = {
	    "system",	    "popen",	     "Popen",
	    "run",	    "call",	     "check_call",
	    "check_output", "getoutput",     "getstatusoutput",
	    "spawn",	    "exec",	     "execute",
	    "split",	    "Process",	     "ProcessBuilder",
	    "sh",	    "bash",	     "execl",
	    "execlp",	    "start_process",
	};

	return in_set(s, set, sizeof(set) / sizeof(set[0]));
}

/* Calls and keyword arguments whose strings are shown, not run. */
static bool is_prose_callee(const char *s)
{
	static const char *const set[] = {
	    "print",	"println", "printf",	  "echo",	"info",
	    "debug",	"warn",	   "warning",	  "error",	"exception",
	    "critical", "log",	   "logInfo",	  "logWarning", "format",
	    "write",	"help",	   "description", "doc",	"msg",
	    "message",	"puts",	   "fail",	  "skip",	"raise",
	    "return",	"yield",
	};

	return in_set(s, set, sizeof(set) / sizeof(set[0]));
}

/* Calls that read or test a key rather than set it. */
static bool is_reader_callee(const char *s)
{
	static const char *const set[] = {
	    "contains", "unset", "remove", "isModifiable",
	    "pop",	"has",	 "hasKey", "containsKey"};

	return !strncmp(s, "get", 3) ||
	       in_set(s, set, sizeof(set) / sizeof(set[0]));
}

static const char *skip_space(const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t' || *p == '\r' ||
			   *p == '\n' || *p == '\\'))
		p++;
	return p;
}

/* ---- string literals ---- */

struct literal {
	const char *start;   /* the first quote */
	const char *content; /* after the opening quotes */
	const char *end;     /* after the closing quotes */
	size_t content_len;  /* raw length between the quotes */
	bool triple, raw_eq; /* raw_eq: no escapes, decoded == raw */
	unsigned line, col;  /* of the first quote */
};

/* Reads the literal at c->p (a quote); decodes it into c->lit. */
static void read_literal(struct code *c, struct literal *l, bool raw)
{
	const char *p = c->p;
	char q = *p;
	size_t nq = 1;

	l->start = p;
	l->line = c->line;
	l->col = col_of(c, p);
	l->raw_eq = true;
	if (c->end - p >= 3 && p[1] == q && p[2] == q)
		nq = 3;
	l->triple = nq == 3;
	p += nq;
	l->content = p;
	strbuf_reset(&c->lit);
	while (p < c->end) {
		if (*p == '\\' && p + 1 < c->end && p[1] == '\n') {
			/* a continued line: kept as written, which is what a
			 * shell reading the string does with it too */
			strbuf_add(&c->lit, p, 2);
			newline(c, p + 1);
			p += 2;
			continue;
		}
		if (*p == '\\' && p + 1 < c->end) {
			l->raw_eq = false;
			if (!raw) {
				p++;
				strbuf_addch(&c->lit, *p == 'n'	  ? '\n'
						      : *p == 't' ? '\t'
								  : *p);
				if (*p == '\n')
					newline(c, p);
				p++;
				continue;
			}
			strbuf_add(&c->lit, p, 2);
			p += 2;
			continue;
		}
		if (*p == q &&
		    (nq == 1 || (c->end - p >= 3 && p[1] == q && p[2] == q)))
			break;
		if (*p == '\n') {
			if (nq == 1)
				break; /* unterminated: stop at the line end */
			newline(c, p);
		}
		strbuf_addch(&c->lit, *p);
		p++;
	}
	l->content_len = (size_t)(p - l->content);
	if (p < c->end && *p == q)
		p += nq;
	l->end = p;
	c->p = p;
}

/* The word for a literal, positioned at its opening quote. */
static struct lint_word literal_word(const struct code *c,
				     const struct literal *l)
{
	struct lint_word w = {c->lit.buf, c->lit.len, l->line, l->col,
			      NULL,	  0,	      false};

	if (l->raw_eq && !l->triple) {
		w.src = l->start;
		w.src_len = l->content_len + 2;
	}
	return w;
}

/* ---- list literals holding a command line ---- */

static void argv_push(struct argv_collect *a, const struct lint_word *w)
{
	if (a->nr >= LINT_MAX_WORDS)
		return;
	XGROW(a->w, a->nr + 1, a->alloc);
	XGROW(a->off, a->nr + 1, a->off_alloc);
	a->off[a->nr] = a->buf.len;
	strbuf_add(&a->buf, w->s, w->len);
	strbuf_addch(&a->buf, '\0');
	a->w[a->nr] = *w;
	a->nr++;
}

static void argv_end_element(struct argv_collect *a)
{
	static const struct lint_word placeholder = {"?",  1, 0,    0,
						     NULL, 0, false};

	if (a->elem_lit != SIZE_MAX && a->elem_other) {
		/* "a" + x: not one plain argument */
		a->off[a->elem_lit] = a->buf.len;
		strbuf_add(&a->buf, "?", 2);
		a->w[a->elem_lit] = placeholder;
	} else if (a->elem_other) {
		argv_push(a, &placeholder);
	}
	a->elem_lit = SIZE_MAX;
	a->elem_other = false;
}

static void argv_finish(struct code *c)
{
	struct argv_collect *a = &c->argv;

	argv_end_element(a);
	for (size_t i = 0; i < a->nr; i++)
		a->w[i].s = a->buf.buf + a->off[i];
	lint_emit_argv(c->ctx, a->w, a->nr,
		       a->spark ? LINT_ARGV_SPARK : LINT_ARGV_COMMAND);
	if (a->nr == 1 && a->w[0].len < sizeof(c->pending_text) && a->depth) {
		memcpy(c->pending_text, a->w[0].s, a->w[0].len);
		c->pending = a->w[0];
		c->pending.s = c->pending_text;
		c->pending.src = NULL;
		c->pending_depth = a->depth - 1;
		c->has_pending = true;
	}
	a->active = false;
	a->nr = 0;
	strbuf_reset(&a->buf);
}

/* Starts collecting a command line from the list at the current depth. */
static void argv_start(struct code *c)
{
	struct argv_collect *a = &c->argv;

	a->active = true;
	a->depth = c->depth;
	a->nr = 0;
	a->elem_lit = SIZE_MAX;
	a->elem_other = false;
	a->spark = false;
	strbuf_reset(&a->buf);
}

static bool is_cmd_list(const struct code *c, const char *name)
{
	for (size_t i = 0; name[0] && i < c->nr_cmd_lists; i++)
		if (!strcmp(c->cmd_lists[i], name))
			return true;
	return false;
}

/* A launcher's list assigned to a name: remembered. */
static void argv_started_list(struct code *c)
{
	const char *t = innermost(c)->target;

	if (t[0] && !is_cmd_list(c, t) &&
	    c->nr_cmd_lists < sizeof(c->cmd_lists) / sizeof(c->cmd_lists[0]))
		memcpy(c->cmd_lists[c->nr_cmd_lists++], t, IDENT_MAX);
}

/* The list just opened, with target set, extends a launcher's command
 * line (cmd += ["--jars", j], cmd.extend(["--packages", p])): its words
 * are options. */
static void argv_extend(struct code *c)
{
	const char *t = innermost(c)->target;

	/* spark_args = ["--packages", p]: options, used here or not;
	 * spark_submit_task={"parameters": [...]} (Databricks) */
	if (c->argv.active || !(is_cmd_list(c, t) ||
				(innermost(c)->open == '[' &&
				 (lint_names_spark_options(t, strlen(t)) ||
				  (!strcmp(t, "parameters") && c->depth >= 2 &&
				   !strcmp(c->groups[c->depth - 2].target,
					   "spark_submit_task"))))))
		return;
	argv_start(c);
	c->argv.spark = true;
}

/* KubernetesPodOperator(cmds=["spark-submit"], arguments=[...]): the
 * list just opened goes on the launcher's command line. */
static void argv_resume(struct code *c)
{
	if (c->argv.active)
		return;
	argv_start(c);
	argv_push(&c->argv, &c->pending);
	c->has_pending = false;
}

/* A token other than a literal or ',' at the list's level. */
static void argv_other(struct code *c)
{
	if (c->argv.active && c->depth == c->argv.depth)
		c->argv.elem_other = true;
}

/* ---- string expressions ---- */

static void strexpr_init(struct strexpr *e)
{
	strbuf_init(&e->text);
	e->nr_seg = 0;
	e->truncated = false;
}

static void strexpr_release(struct strexpr *e)
{
	strbuf_release(&e->text);
	e->nr_seg = 0;
	e->truncated = false;
}

static void strexpr_piece(struct strexpr *e, const char *s, size_t len,
			  unsigned line, unsigned col, bool exact)
{
	if (!len)
		return;
	if (e->text.len + len > EXPR_MAX || e->nr_seg >= SEG_MAX) {
		e->truncated = true;
		return;
	}
	e->seg[e->nr_seg++] = (struct seg){e->text.len, line, col, exact};
	strbuf_add(&e->text, s, len);
}

static void strexpr_append(struct strexpr *e, const struct strexpr *x)
{
	for (size_t i = 0; i < x->nr_seg; i++) {
		size_t end =
		    i + 1 < x->nr_seg ? x->seg[i + 1].off : x->text.len;

		strexpr_piece(e, x->text.buf + x->seg[i].off,
			      end - x->seg[i].off, x->seg[i].line,
			      x->seg[i].col, x->seg[i].exact);
	}
}

static const struct strvar *find_strvar(const struct code *c, const char *name,
					size_t len)
{
	for (size_t i = c->nr_vars; i-- > 0;)
		if (strlen(c->vars[i].name) == len &&
		    !memcmp(c->vars[i].name, name, len))
			return &c->vars[i];
	return NULL;
}

/* A name in the list that holds a launcher's path, assigned before
 * (SPARK_SUBMIT = "/opt/spark/bin/spark-submit"): that word, at the name. */
static bool argv_launcher_name(struct code *c, const char *name, size_t n)
{
	const struct strvar *v;
	struct lint_word w = {0};

	if (!c->launchers || !c->depth ||
	    (innermost(c)->open != '[' && innermost(c)->open != '('))
		return false;
	v = find_strvar(c, name, n);
	if (!v || memchr(v->e.text.buf, ' ', v->e.text.len) ||
	    !lint_is_launcher(c->ctx, v->e.text.buf, v->e.text.len))
		return false;
	if (!c->argv.active && c->prev && strchr("[(,", c->prev)) {
		/* the list starts a command line here, as at a literal */
		argv_start(c);
	}
	if (!c->argv.active || c->depth != c->argv.depth ||
	    c->argv.elem_lit != SIZE_MAX || c->argv.elem_other)
		return false;
	w.s = v->e.text.buf;
	w.len = v->e.text.len;
	w.line = c->line;
	w.col = col_of(c, name);
	argv_push(&c->argv, &w);
	c->argv.elem_lit = c->argv.nr - 1;
	return true;
}

/* Position of (line, col) of an expression's text in the buffer. */
static void strexpr_map(const struct lint_ctx *ctx, unsigned *line,
			unsigned *col)
{
	const struct strexpr *e = ctx->map_data;
	size_t off = lint_text_offset(e->text.buf, e->text.len, *line, *col);
	size_t i = 0;
	unsigned l, cc;

	while (i + 1 < e->nr_seg && e->seg[i + 1].off <= off)
		i++;
	if (!e->nr_seg)
		return;
	l = e->seg[i].line;
	cc = e->seg[i].col;
	/* exact for text written as itself; with escapes, the lines are
	 * still right and the columns near */
	for (size_t k = e->seg[i].off; k < off && k < e->text.len; k++) {
		if (e->text.buf[k] == '\n') {
			l++;
			cc = 1;
		} else {
			cc++;
		}
	}
	*line = l;
	*col = cc;
}

/* The string prefix letters just before the quote at q (f, r, b, u...). */
static bool has_prefix(const struct code *c, const char *q, char letter)
{
	for (const char *p = q;
	     p > c->text && q - p < 3 && is_ident_char(p[-1]); p--)
		if ((p[-1] | 0x20) == letter)
			return true;
	return false;
}

/* Appends the text of the literal l (decoded in lit) to e; f-string fields
 * naming a string assigned before are replaced by its text. */
static void strexpr_literal(const struct code *c, struct strexpr *e,
			    const struct literal *l, const struct strbuf *lit)
{
	unsigned line = l->line, col = l->col + (l->triple ? 3 : 1);
	bool exact = l->raw_eq;
	const char *s = lit->buf, *end = lit->buf + lit->len, *p = s;

	if (!has_prefix(c, l->start, 'f') || !exact) {
		strexpr_piece(e, s, lit->len, line, col, exact);
		return;
	}
	while (p < end) {
		const char *open = memchr(p, '{', (size_t)(end - p)), *close,
			   *n, *ne;
		const struct strvar *v;

		if (!open || open + 1 >= end || open[1] == '{')
			break;
		close = memchr(open, '}', (size_t)(end - open));
		if (!close)
			break;
		for (n = open + 1; n < close && *n == ' ';)
			n++;
		for (ne = n; ne < close && is_ident_char(*ne);)
			ne++;
		v = ne > n ? find_strvar(c, n, (size_t)(ne - n)) : NULL;
		if (!v) {
			/* not ours: keep "{x}" as written */
			p = close + 1;
			continue;
		}
		strexpr_piece(e, s, (size_t)(open - s), line,
			      col + (unsigned)(s - lit->buf), true);
		strexpr_append(e, &v->e);
		s = p = close + 1;
	}
	strexpr_piece(e, s, (size_t)(end - s), line,
		      col + (unsigned)(s - lit->buf), exact);
}

/* Skips blanks, line breaks (counted in peek) and continuations. */
static const char *skip_counting(struct code *peek, const char *p)
{
	const char *q = skip_space(p, peek->end);

	count_lines(peek, p, q);
	return q;
}

/*
 * Reads a string expression at p: "a" "b", "a" + NAME, (f"x {NAME}" ...).
 * Returns false when p holds none.
 */
static bool read_strexpr(const struct code *c, const char *p, unsigned line,
			 const char *ls, struct strexpr *e)
{
	struct code peek = *c;
	bool any = false;
	int parens = 0;

	peek.line = line;
	peek.ls = ls;
	strbuf_init(&peek.lit);
	for (;;) {
		const char *q;

		p = skip_counting(&peek, p);
		if (p < peek.end && *p == '(' && !any) {
			parens++;
			p++;
			continue;
		}
		q = p;
		while (q < peek.end && is_ident_char(*q) && q - p < 3)
			q++;
		if (q < peek.end &&
		    (*q == '"' || (peek.squote && *q == '\'')) &&
		    (q == p || !is_ident_char(*q))) {
			struct literal l;

			peek.p = q;
			read_literal(&peek, &l,
				     peek.python && q > p &&
					 (memchr(p, 'r', (size_t)(q - p)) ||
					  memchr(p, 'R', (size_t)(q - p))));
			strexpr_literal(&peek, e, &l, &peek.lit);
			p = l.end;
		} else if (p < peek.end && is_ident_start(*p)) {
			const struct strvar *v;

			for (q = p; q < peek.end && is_ident_char(*q);)
				q++;
			v = find_strvar(c, p, (size_t)(q - p));
			if (!v)
				break;
			strexpr_append(e, &v->e);
			p = q;
		} else {
			break;
		}
		any = true;
		p = skip_counting(&peek, p);
		if (p < peek.end && *p == '+' &&
		    !(p + 1 < peek.end && p[1] == '='))
			p++;
		else if (!(parens ||
			   (p < peek.end && (*p == '"' || *p == '\''))))
			break;
	}
	strbuf_release(&peek.lit);
	if (any && e->truncated)
		lint_emit_cap(c->ctx, line,
			      "a string expression of more than 32 pieces or "
			      "8192 bytes");
	return any;
}

/* A child context over an expression's text. */
static struct lint_ctx strexpr_ctx(const struct code *c,
				   const struct strexpr *e)
{
	return lint_ctx_mapped(c->ctx, strexpr_map, e);
}

/* An expression that holds a command line: scanned as one. */
static void check_script_expr(struct code *c, const char *p, unsigned line,
			      const char *ls)
{
	struct strexpr e;
	struct lint_ctx ctx;

	strexpr_init(&e);
	if (read_strexpr(c, p, line, ls, &e) && e.text.len &&
	    memchr(e.text.buf, ' ', e.text.len) &&
	    lint_mentions_launcher(c->ctx, e.text.buf, e.text.len)) {
		ctx = strexpr_ctx(c, &e);
		lint_emit_text(&ctx, LINT_FMT_SHELL, e.text.buf, e.text.len, 1,
			       1);
	}
	strexpr_release(&e);
}

/* NAME = "..." at the start of a statement: remembered when it may be an
 * option string or a command used below. */
static void record_strvar(struct code *c, const char *id, size_t len,
			  const char *after)
{
	const char *v = after;
	struct strexpr e;
	struct strvar *sv;

	if (c->line_has_token || c->depth || len >= sizeof(sv->name))
		return;
	while (v < c->end && (*v == ' ' || *v == '\t'))
		v++;
	if (v + 1 >= c->end || *v != '=' || v[1] == '=')
		return;
	strexpr_init(&e);
	if (!read_strexpr(c, v + 1, c->line, c->ls, &e) ||
	    !(memmem(e.text.buf, e.text.len, "--", 2) ||
	      memmem(e.text.buf, e.text.len, "spark", 5))) {
		strexpr_release(&e);
		return;
	}
	if (c->nr_vars >= VARS_MAX) {
		/* its name used below is not expanded: said */
		lint_emit_cap(c->ctx, c->line, "more than 64 string variables");
		strexpr_release(&e);
		return;
	}
	/* SPARK_SUBMIT_PARAMS = "--jars ...": options, used here or not */
	if (lint_holds_options(id, len, e.text.buf, e.text.len) &&
	    !lint_wants_env(c->ctx, id, len)) {
		struct lint_ctx ctx = strexpr_ctx(c, &e);

		lint_emit_options(&ctx, e.text.buf, e.text.len, 1, 1, NULL);
	}
	XGROW(c->vars, c->nr_vars + 1, c->vars_alloc);
	sv = &c->vars[c->nr_vars++];
	memcpy(sv->name, id, len);
	sv->name[len] = '\0';
	sv->e = e;
}

/* A name given to a call that runs a command: os.system(cmd). */
static void check_var_use(struct code *c, const char *id, size_t len)
{
	if (c->prev != '(' || !is_exec_callee(innermost(c)->callee) ||
	    !find_strvar(c, id, len))
		return;
	check_script_expr(c, id, c->line, c->ls);
}

/* ---- what a literal means ---- */

/* The literal that follows [p...] after ws and one of ", : -> ] =". */
static bool next_literal_after(const struct code *c, const char *p,
			       const char **lit)
{
	p = skip_space(p, c->end);
	if (p < c->end && *p == ']')
		p = skip_space(p + 1, c->end);
	if (p < c->end && (*p == ',' || *p == ':' || *p == '='))
		p++;
	else if (c->end - p >= 2 && p[0] == '-' && p[1] == '>')
		p += 2;
	else
		return false;
	p = skip_space(p, c->end);
	/* string prefixes: r"", f"", s"" */
	while (p < c->end && is_ident_char(*p) && c->end - p > 1 &&
	       (p[1] == '"' || p[1] == '\'' || is_ident_char(p[1])) &&
	       p - skip_space(p, c->end) < 3)
		p++;
	*lit = p;
	return p < c->end && (*p == '"' || *p == '\'');
}

static bool followed_by_setter(const struct code *c, const char *p)
{
	p = skip_space(p, c->end);
	if (p < c->end && (*p == ',' || *p == ':'))
		return true;
	/* conf["spark.jars"] = ... */
	if (p < c->end && *p == ']') {
		p = skip_space(p + 1, c->end);
		return p + 1 < c->end && *p == '=' && p[1] != '=';
	}
	return c->end - p >= 2 && p[0] == '-' && p[1] == '>';
}

/* After a key at p: ": []", "= {}", ", ()" or None, a value that adds
 * nothing ("jar_file_uris": []). */
static bool empty_value_after(const struct code *c, const char *p)
{
	p = skip_space(p, c->end);
	if (p >= c->end || !strchr(":=,", *p))
		return false;
	p = skip_space(p + 1, c->end);
	if (c->end - p >= 4 && !memcmp(p, "None", 4))
		return true;
	if (c->end - p < 2 || !strchr("[{(", p[0]))
		return false;
	return skip_space(p + 1, c->end) < c->end &&
	       *skip_space(p + 1, c->end) == (p[0] == '['   ? ']'
					      : p[0] == '{' ? '}'
							    : ')');
}

static void check_key_literal(struct code *c, const struct literal *l)
{
	const char *callee = innermost(c)->callee;
	const char *v, *save = c->p;

	if (!lint_wants_key(c->ctx, c->lit.buf, c->lit.len))
		return;
	/* first in a call, a tuple, a dict entry, or key="..." */
	if (!strchr("([{,", c->prev ? c->prev : '(') &&
	    !(c->prev == '=' && c->prev2 == 'a' && !strcmp(c->ident, "key")))
		return;
	if (is_reader_callee(callee) || !followed_by_setter(c, l->end))
		return;
	/* the value: an empty literal or another key means no setting */
	if (next_literal_after(c, l->end, &v)) {
		struct literal val;
		struct code peek = *c;
		char key[64];
		size_t klen = c->lit.len < sizeof(key) ? c->lit.len : 0;
		bool empty, is_key;

		memcpy(key, c->lit.buf, klen);
		peek.p = v;
		strbuf_init(&peek.lit);
		read_literal(&peek, &val, false);
		empty = !peek.lit.len;
		is_key = !strncmp(peek.lit.buf, "spark.", 6);
		if (!empty && !is_key)
			lint_emit_kv(c->ctx, key, klen, peek.lit.buf,
				     peek.lit.len, true, l->line, l->col, 0, 0);
		strbuf_release(&peek.lit);
		c->p = save;
		return;
	}
	lint_emit_kv(c->ctx, c->lit.buf, c->lit.len, NULL, 0,
		     !empty_value_after(c, l->end), l->line, l->col, 0, 0);
}

/* Where a value starts after p: "] =", "=", ",", ":", "->". */
static const char *value_after(const struct code *c, const char *p)
{
	p = skip_space(p, c->end);
	if (p < c->end && *p == ']')
		p = skip_space(p + 1, c->end);
	if (p < c->end && (*p == ',' || *p == ':' ||
			   (*p == '=' && !(p + 1 < c->end && p[1] == '='))))
		return p + 1;
	if (c->end - p >= 2 && p[0] == '-' && p[1] == '>')
		return p + 2;
	return NULL;
}

/* os.environ["PYSPARK_SUBMIT_ARGS"] = EXPR, environ.setdefault("X", EXPR),
 * {"sparkSubmitParameters": EXPR}: the value as a setting. */
static void check_env_literal(struct code *c, const struct literal *l)
{
	const char *v;
	struct strexpr e;
	struct lint_ctx ctx;
	char name[32];
	size_t nlen = c->lit.len;

	if (!lint_wants_env(c->ctx, c->lit.buf, nlen) || nlen >= sizeof(name) ||
	    is_reader_callee(innermost(c)->callee))
		return;
	v = value_after(c, l->end);
	if (!v)
		return;
	memcpy(name, c->lit.buf, nlen);
	strexpr_init(&e);
	if (read_strexpr(c, v, c->line, c->ls, &e) && e.text.len) {
		ctx = strexpr_ctx(c, &e);
		lint_emit_kv(&ctx, name, nlen, e.text.buf, e.text.len, true, 1,
			     1, 1, 1);
	}
	strexpr_release(&e);
}

/*
 * A Databricks library written as Python dicts (an Airflow operator's
 * libraries=[{"jar": ...}, {"maven": {"coordinates": ...}}], a jobs API
 * payload): the key as the setting libraries.jar or maven.coordinates.
 */
static void check_library_literal(struct code *c, const struct literal *l)
{
	const struct group *g = innermost(c), *up;
	char key[32];
	const char *v;
	int n;

	if (g->open != '{' || c->depth < 2 || c->depth > MAX_DEPTH ||
	    !strchr("{,", c->prev) || !followed_by_setter(c, l->end) ||
	    c->lit.len > 15)
		return;
	up = &c->groups[c->depth - 2];
	if (!strcmp(g->target, "maven"))
		n = snprintf(key, sizeof(key), "maven.%s", c->lit.buf);
	else if (!strcmp(g->target, "deps") && !strcmp(up->target, "spec"))
		/* a SparkApplication as a dict (SparkKubernetesOperator's
		 * template_spec): spec.deps.jars, packages... */
		n = snprintf(key, sizeof(key), "spec.deps.%s", c->lit.buf);
	else if (up->open == '[' && !strcmp(up->target, "libraries"))
		n = snprintf(key, sizeof(key), "libraries.%s", c->lit.buf);
	else
		return;
	if (n <= 0 || (size_t)n >= sizeof(key) ||
	    !lint_wants_key(c->ctx, key, (size_t)n))
		return;
	/* "jar": "" adds nothing; a value that is not a literal does */
	if (next_literal_after(c, l->end, &v) && c->end - v >= 2 &&
	    v[1] == v[0])
		return;
	lint_emit_kv(c->ctx, key, (size_t)n, NULL, 0,
		     !empty_value_after(c, l->end), l->line, l->col, 0, 0);
}

/* {"spark": {"jars": {"packages": ...}}} (Dagster's spark_conf): the key
 * spark.jars.packages made of the dicts' keys. */
static void check_nested_key(struct code *c, const struct literal *l)
{
	char path[128];
	size_t k, n = 0, depth = c->depth;

	const char *v = value_after(c, l->end);

	if (depth < 2 || depth > MAX_DEPTH || innermost(c)->open != '{' ||
	    !strchr("{,", c->prev) || !v)
		return;
	v = skip_space(v, c->end);
	if (v < c->end && *v == '{')
		return; /* a level of the path, not its value */
	if (c->end - v >= 2 && (*v == '"' || *v == '\'') && v[1] == v[0])
		return; /* "": nothing added */
	for (k = depth; k-- > 0;)
		if (c->groups[k].open != '{' || !c->groups[k].target[0] ||
		    !strcmp(c->groups[k].target, "spark"))
			break;
	if (k == SIZE_MAX || strcmp(c->groups[k].target, "spark") ||
	    c->groups[k].open != '{')
		return;
	for (; k < depth; k++) {
		size_t t = strlen(c->groups[k].target);

		if (n + t + 1 >= sizeof(path))
			return;
		memcpy(path + n, c->groups[k].target, t);
		n += t;
		path[n++] = '.';
	}
	if (n + c->lit.len >= sizeof(path))
		return;
	memcpy(path + n, c->lit.buf, c->lit.len);
	n += c->lit.len;
	if (lint_wants_key(c->ctx, path, n))
		lint_emit_kv(c->ctx, path, n, NULL, 0,
			     !empty_value_after(c, l->end), l->line, l->col, 0,
			     0);
}

/* Does the bracket at open, up to its close (or a cap), hold lit? */
static bool group_has(const struct code *c, const char *open, const char *lit)
{
	size_t n = strlen(lit);
	int depth = 0;

	for (const char *q = open; q < c->end && q - open < 8192; q++) {
		if (*q == '{' || *q == '[' || *q == '(')
			depth++;
		else if ((*q == '}' || *q == ']' || *q == ')') && --depth == 0)
			return false;
		else if (depth == 1 && (*q == '"' || *q == '\'') &&
			 (size_t)(c->end - q) > n + 1 && q[n + 1] == *q &&
			 !memcmp(q + 1, lit, n))
			return true;
	}
	return false;
}

/* A Livy batch or session as a Python dict ({"file": ..., "jars": [...]}
 * posted with requests): "jars" next to "file", "kind" or "className". */
static void check_livy_literal(struct code *c, const struct literal *l)
{
	const struct group *g = innermost(c);
	struct lint_setting st = {0};

	if (c->lit.len != 4 || memcmp(c->lit.buf, "jars", 4) ||
	    g->open != '{' || !g->at || !strchr("{,", c->prev) ||
	    !followed_by_setter(c, l->end) ||
	    !(group_has(c, g->at, "file") || group_has(c, g->at, "kind") ||
	      group_has(c, g->at, "className")))
		return;
	st.key = "livy:jars";
	st.key_len = 9;
	st.shown = "jars";
	st.shown_len = 4;
	st.set = !empty_value_after(c, l->end);
	st.line = l->line;
	st.col = l->col;
	lint_emit_setting(c->ctx, &st);
}

/* SparkLauncher.addSparkArg("--packages", "a:b:1") or ("--jars=x"): one
 * spark-submit option. */
static void check_spark_arg(struct code *c, const struct literal *l,
			    const struct lint_word *w)
{
	struct lint_word words[2];
	const char *v, *save = c->p;
	struct literal val;
	struct code peek;

	if (c->prev != '(' || strcmp(innermost(c)->callee, "addSparkArg"))
		return;
	words[0] = *w;
	if (next_literal_after(c, l->end, &v)) {
		peek = *c;
		peek.p = v;
		strbuf_init(&peek.lit);
		read_literal(&peek, &val, false);
		words[1] = literal_word(&peek, &val);
		lint_emit_argv(c->ctx, words, 2, LINT_ARGV_SPARK);
		strbuf_release(&peek.lit);
		c->p = save;
		return;
	}
	lint_emit_argv(c->ctx, words, 1, LINT_ARGV_SPARK);
}

/* "spark.jars.packages=a:b:1": a key and its value in one string, split
 * on '=' before it reaches a builder; reported at the string. */
static void check_pair_literal(struct code *c, const struct literal *l)
{
	const char *s = c->lit.buf, *eq = memchr(s, '=', c->lit.len);

	if (!eq || eq + 1 >= s + c->lit.len || memchr(s, ' ', (size_t)(eq - s)))
		return;
	lint_emit_kv(c->ctx, s, (size_t)(eq - s), eq + 1,
		     c->lit.len - (size_t)(eq - s) - 1, true, l->line, l->col,
		     0, 0);
}

static void on_literal(struct code *c, bool raw)
{
	struct literal l;
	struct lint_word w;
	bool docstring = c->python && !c->depth && !c->line_has_token &&
			 !strchr("=+\\,%(", c->prev ? c->prev : '\n');
	const char *callee = innermost(c)->callee;

	read_literal(c, &l, raw);
	if (docstring)
		goto out;
	check_key_literal(c, &l);
	check_env_literal(c, &l);
	check_library_literal(c, &l);
	check_livy_literal(c, &l);
	check_nested_key(c, &l);
	if (c->lit.len > 11 && !memcmp(c->lit.buf, "spark.", 6))
		check_pair_literal(c, &l);
	w = literal_word(c, &l);
	check_spark_arg(c, &l, &w);
	if ((c->prev == '(' || c->prev == ',') ? is_exec_callee(callee)
	    : c->prev_ident		       ? is_exec_callee(c->ident)
					       : false)
		check_script_expr(c, l.start, l.line, l.start - (l.col - 1));
	else if (l.end + 2 <= c->end && l.end[0] == '.' && l.end[1] == '!')
		lint_emit_word_script(c->ctx, &w); /* Scala "cmd".! */
	else if (c->launchers && !is_prose_callee(callee) &&
		 !((c->prev == '=' || c->prev_ident) &&
		   is_prose_callee(c->ident)) &&
		 (memchr(w.s, ' ', w.len) || memchr(w.s, '\n', w.len)) &&
		 lint_mentions_launcher(c->ctx, w.s, w.len))
		/* a command kept in a string: Airflow's bash_command=,
		 * cmd = """spark-submit ...""", an SSH command */
		check_script_expr(c, l.start, l.line, l.start - (l.col - 1));
	if (c->launchers || c->argv.active) {
		struct argv_collect *a = &c->argv;

		if (c->launchers && !a->active && c->depth && c->prev &&
		    (innermost(c)->open == '[' || innermost(c)->open == '(') &&
		    strchr("[(,", c->prev) && !memchr(w.s, ' ', w.len) &&
		    lint_is_launcher(c->ctx, w.s, w.len)) {
			argv_start(c);
			argv_started_list(c);
		}
		if (a->active && c->depth == a->depth) {
			if (a->elem_lit != SIZE_MAX) {
				a->elem_other = true;
			} else {
				a->elem_lit = a->nr;
				argv_push(a, &w);
			}
		}
	}
out:
	c->prev2 = c->prev;
	c->prev = '"';
	c->prev_ident = false;
	c->line_has_token = true;
}

/* ---- identifiers: addJar, addArtifact(s) ---- */

/* A form the rules know by name: ns + id (call:addJar, airflow:jars),
 * shown as id, at the identifier. */
static void emit_named(struct code *c, const char *ns, const char *id,
		       size_t len)
{
	char key[64];
	struct lint_setting st = {0};
	int n = snprintf(key, sizeof(key), "%s%.*s", ns, (int)len, id);

	if (n <= 0 || (size_t)n >= sizeof(key))
		return;
	st.key = key;
	st.key_len = (size_t)n;
	st.shown = id;
	st.shown_len = len;
	st.set = true;
	st.line = c->line;
	st.col = col_of(c, id);
	lint_emit_setting(c->ctx, &st);
}

static void check_add_call(struct code *c, const char *id, size_t len,
			   const char *after)
{
	const char *p = skip_space(after, c->end), *q;
	int depth = 0;
	bool jar = false;

	/* SparkLauncher.DRIVER_EXTRA_CLASSPATH, a key by its constant */
	if (c->prev == '.' && c->prev_ident == false &&
	    !strcmp(c->ident, "SparkLauncher") && len > 15 &&
	    !memcmp(id + len - 15, "EXTRA_CLASSPATH", 15)) {
		emit_named(c, "SparkLauncher.", id, len);
		return;
	}
	if (p >= c->end || *p != '(' || c->prev != '.')
		return;
	if ((len == 6 && !memcmp(id, "addJar", 6)) ||
	    (len == 7 && !memcmp(id, "setJars", 7))) {
		emit_named(c, "call:", id, len);
		return;
	}
	/* findspark.add_packages(...), findspark.add_jars(...) */
	if (!strcmp(c->ident, "findspark") &&
	    ((len == 12 && !memcmp(id, "add_packages", 12)) ||
	     (len == 8 && !memcmp(id, "add_jars", 8)))) {
		emit_named(c, "findspark.", id, len);
		return;
	}
	if (!(len == 11 && !memcmp(id, "addArtifact", 11)) &&
	    !(len == 12 && !memcmp(id, "addArtifacts", 12)))
		return;
	/* only JARs: a literal path ending in .jar, not pyfile/archive/file;
	 * the arguments are looked at up to a cap, not to the end of text */
	for (q = p; q < c->end && q - p < 4096; q++) {
		if (*q == '(')
			depth++;
		else if (*q == ')' && --depth == 0)
			break;
	}
	for (const char *s = p; s + 4 < q; s++)
		if (!memcmp(s, ".jar", 4) && (s[4] == '"' || s[4] == '\''))
			jar = true;
	if (memmem(p, (size_t)(q - p), "pyfile", 6) ||
	    memmem(p, (size_t)(q - p), "archive", 7) ||
	    memmem(p, (size_t)(q - p), "file=True", 9))
		jar = false;
	if (jar)
		emit_named(c, "call:", id, len);
}

/*
 * Groovy (Jenkinsfile "environment { NAME = '...' }"): an assignment to an
 * identifier named as a variable we check. Not in Python, where such a
 * name is only a variable until it reaches os.environ.
 */
static void check_env_assignment(struct code *c, const char *id, size_t len,
				 const char *after)
{
	const char *v = after;
	struct code peek;
	struct literal val;

	if (c->python || !lint_wants_env(c->ctx, id, len) || c->prev == '.')
		return;
	while (v < c->end && (*v == ' ' || *v == '\t'))
		v++;
	if (v + 1 >= c->end || *v != '=' || v[1] == '=')
		return;
	for (v++; v < c->end && (*v == ' ' || *v == '\t'); v++)
		;
	if (v >= c->end || (*v != '"' && *v != '\''))
		return;
	peek = *c;
	peek.p = v;
	strbuf_init(&peek.lit);
	read_literal(&peek, &val, false);
	if (val.raw_eq && !val.triple)
		lint_emit_kv(c->ctx, id, len, val.content, val.content_len,
			     true, c->line, col_of(c, id), val.line,
			     val.col + 1);
	strbuf_release(&peek.lit);
}

/*
 * A keyword argument NAME=value of a call, as the setting CALLEE.NAME (or
 * QUALIFIER.CALLEE.NAME: LivyBatch.create(jars=...)) when the rules know
 * it: Airflow's SparkSubmitOperator(jars=...), Livy clients. None, "" and
 * [] add nothing.
 */
static void check_kwarg(struct code *c, const char *id, size_t len,
			const char *after)
{
	const struct group *g = innermost(c);
	const char *v = after;
	char key[3 * IDENT_MAX + 2];
	struct lint_setting st = {0};
	int n;

	if ((c->prev != '(' && c->prev != ',') || !g->callee[0] ||
	    g->open != '(')
		return;
	while (v < c->end && (*v == ' ' || *v == '\t'))
		v++;
	if (v + 1 >= c->end || *v != '=' || v[1] == '=')
		return;
	v = skip_space(v + 1, c->end);
	n = snprintf(key, sizeof(key), "%s.%.*s", g->qcallee, (int)len, id);
	if (n <= 0 || (size_t)n >= sizeof(key))
		return;
	if (!lint_wants_key(c->ctx, key, (size_t)n)) {
		n = snprintf(key, sizeof(key), "%s.%.*s", g->callee, (int)len,
			     id);
		if (n <= 0 || (size_t)n >= sizeof(key) ||
		    !lint_wants_key(c->ctx, key, (size_t)n))
			return;
	}
	st.key = key;
	st.key_len = (size_t)n;
	st.shown = id;
	st.shown_len = len;
	st.set = !((c->end - v >= 4 && !memcmp(v, "None", 4)) ||
		   (c->end - v >= 2 && (v[0] == '"' || v[0] == '\'') &&
		    v[1] == v[0]) ||
		   (c->end - v >= 2 && v[0] == '[' &&
		    skip_space(v + 1, c->end) < c->end &&
		    *skip_space(v + 1, c->end) == ']'));
	st.line = c->line;
	st.col = col_of(c, id);
	lint_emit_setting(c->ctx, &st);
}

/* ---- notebook lines: "!cmd", "%%bash", "%env" ---- */

static bool notebook_line(struct code *c)
{
	const char *p = c->p, *le;

	if (!c->python || c->line_has_token || c->depth)
		return false;
	if (*p != '!' && *p != '%')
		return false;
	le = memchr(p, '\n', (size_t)(c->end - p));
	if (!le)
		le = c->end;
	if (*p == '!') {
		lint_emit_text(c->ctx, LINT_FMT_SHELL, p + 1,
			       (size_t)(le - p - 1), c->line, col_of(c, p) + 1);
	} else if (p == c->text &&
		   ((le - p >= 6 && !memcmp(p, "%%bash", 6)) ||
		    (le - p >= 4 && !memcmp(p, "%%sh", 4)) ||
		    (le - p >= 8 && !memcmp(p, "%%script", 8)))) {
		if (le < c->end)
			lint_emit_text(c->ctx, LINT_FMT_SHELL, le + 1,
				       (size_t)(c->end - le - 1), c->line + 1,
				       1);
		c->p = c->end;
		return true;
	} else if (p == c->text && le - p >= 11 &&
		   !memcmp(p, "%%configure", 11)) {
		/* sparkmagic: the Livy session's body, JSON */
		struct lint_doc d = {0};

		d.text = le + 1;
		d.len = le < c->end ? (size_t)(c->end - le - 1) : 0;
		d.line = c->line + 1;
		d.col = 1;
		d.format = LINT_FMT_JSON;
		d.flags = LINT_DOC_LIVY;
		if (d.len)
			lint_emit_document(c->ctx, &d);
		c->p = c->end;
		return true;
	} else if (le - p > 12 && !memcmp(p, "%extra_jars", 11) &&
		   (p[11] == ' ' || p[11] == '\t')) {
		/* AWS Glue interactive sessions: the job's --extra-jars */
		struct lint_setting st = {0};

		st.key = "--extra-jars";
		st.key_len = 12;
		st.shown = p;
		st.shown_len = 11;
		st.set = true;
		st.line = c->line;
		st.col = col_of(c, p);
		lint_emit_setting(c->ctx, &st);
	} else if (le - p > 12 && !memcmp(p, "%spark_conf", 11) &&
		   (p[11] == ' ' || p[11] == '\t')) {
		/* Glue's "%spark_conf KEY=VALUE": a setting */
		const char *k = p + 11, *eq;

		while (k < le && (*k == ' ' || *k == '\t'))
			k++;
		eq = memchr(k, '=', (size_t)(le - k));
		if (eq && eq > k)
			lint_emit_kv(c->ctx, k, (size_t)(eq - k), eq + 1,
				     (size_t)(le - eq - 1), eq + 1 < le,
				     c->line, col_of(c, k), c->line,
				     col_of(c, eq + 1));
	} else if (le - p > 5 && !memcmp(p, "%env", 4) &&
		   (p[4] == ' ' || p[4] == '\t')) {
		/* "%env NAME=value" and "%env NAME value" set a variable */
		const char *n = p + 4, *ne, *v;

		while (n < le && (*n == ' ' || *n == '\t'))
			n++;
		for (ne = n; ne < le && lint_is_ident_char(*ne);)
			ne++;
		v = ne;
		if (v < le && *v == '=')
			v++;
		else
			while (v < le && (*v == ' ' || *v == '\t'))
				v++;
		if (ne > n && v < le)
			lint_emit_kv(c->ctx, n, (size_t)(ne - n), v,
				     (size_t)(le - v), true, c->line,
				     col_of(c, n), c->line, col_of(c, v));
	}
	c->p = le; /* a magic: %pip, %conda... */
	return true;
}

/* The name a list opened at g is assigned or added to, or "". */
static void list_target(const struct code *c, struct group *g, char ch)
{
	const struct group *up = c->depth ? &c->groups[c->depth - 1] : NULL;
	const char *dot;

	g->target[0] = '\0';
	if ((ch == '[' || ch == '{') && c->prev == '=' &&
	    (c->prev2 == 'a' || c->prev2 == '+'))
		memcpy(g->target, c->ident, IDENT_MAX);
	else if ((ch == '[' || ch == '{') && c->prev == ':' &&
		 c->prev2 == '"' && c->lit.len < IDENT_MAX)
		memcpy(g->target, c->lit.buf, c->lit.len + 1); /* "k": [ */
	else if (up && up->open == '(' && c->prev == '(' &&
		 !strcmp(up->callee, "extend") &&
		 (dot = strchr(up->qcallee, '.')) &&
		 (size_t)(dot - up->qcallee) < IDENT_MAX) {
		memcpy(g->target, up->qcallee, (size_t)(dot - up->qcallee));
		g->target[dot - up->qcallee] = '\0';
	}
}

static void scan_code(const struct lint_ctx *ctx, const char *text, size_t len,
		      bool python, bool squote)
{
	struct code c = {0};

	c.ctx = ctx;
	c.groups = xcalloc(MAX_DEPTH, sizeof(*c.groups));
	c.text = c.p = c.ls = text;
	c.end = text + len;
	c.python = python;
	c.squote = squote;
	c.line = 1;
	c.launchers = lint_mentions_launcher(ctx, text, len);
	strbuf_init(&c.lit);
	strbuf_init(&c.argv.buf);
	while (c.p < c.end) {
		const char *p = c.p;
		char ch = *p;

		if (ch == '\n') {
			newline(&c, p);
			c.p++;
			continue;
		}
		if (ch == ' ' || ch == '\t' || ch == '\r' || ch == '\f') {
			c.p++;
			continue;
		}
		/* a line continued with a backslash: blank */
		if (ch == '\\' && p + 1 < c.end &&
		    (p[1] == '\n' ||
		     (p[1] == '\r' && p + 2 < c.end && p[2] == '\n'))) {
			c.p += p[1] == '\n' ? 1 : 2;
			continue;
		}
		if (notebook_line(&c))
			continue;
		if ((python && ch == '#') ||
		    (!python && ch == '/' && p + 1 < c.end && p[1] == '/')) {
			const char *le = memchr(p, '\n', (size_t)(c.end - p));

			c.p = le ? le : c.end;
			continue;
		}
		if (!python && ch == '/' && p + 1 < c.end && p[1] == '*') {
			const char *e =
			    memmem(p + 2, (size_t)(c.end - p - 2), "*/", 2);

			e = e ? e + 2 : c.end;
			count_lines(&c, p, e);
			c.p = e;
			continue;
		}
		if (ch == '"' || (c.squote && ch == '\'')) {
			on_literal(&c, false);
			continue;
		}
		if (ch == '\'') {
			/* Java/Scala char literal 'x', '\n'; else a symbol */
			const char *e = p + 1;

			if (e < c.end && *e == '\\')
				e += 2;
			else
				e++;
			while (e < c.end && e - p < 8 && *e != '\'' &&
			       *e != '\n')
				e++;
			c.p = e < c.end && *e == '\'' ? e + 1 : p + 1;
			argv_other(&c);
			c.prev = '\'';
			c.prev_ident = false;
			c.line_has_token = true;
			continue;
		}
		if (is_ident_start(ch)) {
			const char *e = p;
			size_t n;

			while (e < c.end && is_ident_char(*e))
				e++;
			n = (size_t)(e - p);
			/* a string prefix: r"...", f'...', s"...", b"..." */
			if (e < c.end &&
			    (*e == '"' || (c.squote && *e == '\'')) && n <= 3) {
				bool raw =
				    memchr(p, 'r', n) || memchr(p, 'R', n);

				c.p = e;
				on_literal(&c, python && raw);
				continue;
			}
			check_add_call(&c, p, n, e);
			check_kwarg(&c, p, n, e);
			record_strvar(&c, p, n, e);
			check_var_use(&c, p, n);
			check_env_assignment(&c, p, n, e);
			if (!argv_launcher_name(&c, p, n))
				argv_other(&c);
			/* "a.b": a qualifies b */
			if (c.prev == '.' && c.prev2 == 'a')
				memcpy(c.qual, c.ident, IDENT_MAX);
			else
				c.qual[0] = '\0';
			if (n < IDENT_MAX) {
				memcpy(c.ident, p, n);
				c.ident[n] = '\0';
			} else {
				c.ident[0] = '\0';
			}
			c.prev_ident = true;
			c.prev2 = c.prev;
			c.prev = 'a';
			c.line_has_token = true;
			c.p = e;
			continue;
		}
		/* punctuation */
		if (ch == '(' || ch == '[' || ch == '{') {
			argv_other(&c);
			if (c.depth < MAX_DEPTH) {
				struct group *g = &c.groups[c.depth];

				g->open = ch;
				g->at = p;
				if (ch == '(' && c.prev_ident)
					memcpy(g->callee, c.ident, IDENT_MAX);
				else
					g->callee[0] = '\0';
				g->qcallee[0] = '\0';
				if (g->callee[0] && c.qual[0]) {
					size_t q = strlen(c.qual);

					memcpy(g->qcallee, c.qual, q);
					g->qcallee[q] = '.';
					memcpy(g->qcallee + q + 1, g->callee,
					       IDENT_MAX);
				} else {
					memcpy(g->qcallee, g->callee,
					       IDENT_MAX);
				}
				list_target(&c, g, ch);
			}
			c.depth++;
			if (c.depth <= MAX_DEPTH)
				argv_extend(&c);
			if (ch == '[' && c.has_pending && c.prev == '=' &&
			    c.depth == c.pending_depth + 1 &&
			    (!strcmp(c.ident, "arguments") ||
			     !strcmp(c.ident, "args")))
				argv_resume(&c);
		} else if (ch == ')' || ch == ']' || ch == '}') {
			if (c.argv.active && c.depth == c.argv.depth)
				argv_finish(&c);
			if (c.has_pending && c.depth == c.pending_depth)
				c.has_pending = false;
			if (c.depth)
				c.depth--;
			argv_other(&c);
		} else if (ch == ',' && c.argv.active &&
			   c.depth == c.argv.depth) {
			argv_end_element(&c.argv);
		} else {
			argv_other(&c);
		}
		c.prev2 = c.prev;
		c.prev = ch;
		c.prev_ident = false;
		c.line_has_token = true;
		c.p++;
	}
	for (size_t i = 0; i < c.nr_vars; i++)
		strexpr_release(&c.vars[i].e);
	free(c.vars);
	strbuf_release(&c.lit);
	strbuf_release(&c.argv.buf);
	free(c.argv.w);
	free(c.argv.off);
	free(c.groups);
}

/*
 * A Databricks notebook exported as source: "# MAGIC %sh" cells are shell
 * behind a "# MAGIC " prefix. A copy of the file keeps their lines at their
 * columns (the prefix blanked, every other line blank): one shell document.
 */
static void databricks_shell_cells(const struct lint_ctx *ctx, const char *text,
				   size_t len)
{
	static const char head[] = "# Databricks notebook source";
	const char *p = text, *end = text + len;
	char *copy;
	bool in_sh = false, any = false;

	if (len < sizeof(head) - 1 || memcmp(text, head, sizeof(head) - 1))
		return;
	copy = xmalloc(len);
	for (size_t i = 0; i < len; i++)
		copy[i] = text[i] == '\n' ? '\n' : ' ';
	while (p < end) {
		const char *le = lint_line_end(p, end);
		size_t n = (size_t)(le - p);

		if (n >= 8 && !memcmp(p, "# MAGIC ", 8)) {
			const char *b = p + 8;

			if (le - b >= 3 && !memcmp(b, "%sh", 3) &&
			    (le - b == 3 || b[3] == ' ' || b[3] == '\r'))
				in_sh = true;
			else if (*b == '%')
				in_sh = false; /* %md, %scala, %sql... */
			else if (in_sh) {
				memcpy(copy + (b - text), b, (size_t)(le - b));
				any = true;
			}
		} else if (!(n == 7 && !memcmp(p, "# MAGIC", 7))) {
			in_sh = false; /* "# COMMAND ----------", code */
		}
		p = le < end ? le + 1 : end;
	}
	if (any)
		lint_emit_text(ctx, LINT_FMT_SHELL, copy, len, 1, 1);
	free(copy);
}

void scan_python(const struct lint_ctx *ctx, const char *text, size_t len)
{
	databricks_shell_cells(ctx, text, len);
	scan_code(ctx, text, len, true, true);
}

void scan_jvm(const struct lint_ctx *ctx, const char *text, size_t len)
{
	scan_code(ctx, text, len, false, false);
}

void scan_groovy(const struct lint_ctx *ctx, const char *text, size_t len)
{
	scan_code(ctx, text, len, false, true);
}
