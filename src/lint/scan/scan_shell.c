#define _GNU_SOURCE /* memmem, strncasecmp */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "lint/shellwords.h"

/*
 * Shell scripts (and the shell parts of other formats). Besides each
 * command's words it follows what a script keeps in variables: options in
 * a variable or an array ("$PKGS", "${ARGS[@]}", the array that holds the
 * launcher), command substitutions ($(...), `...`), JSON in a word, and
 * here-documents, judged by where they are written (a file, a variable
 * naming one) or else by their content.
 */

#define VAR_MAX 256    /* variables remembered per script */
#define VAR_WORDS 4096 /* words kept for them, in all */

struct var {
	char name[64];
	size_t first, count; /* in vars.words */
	bool array;
	bool has_text; /* a scalar's value, copied to vars.buf at text */
	size_t text, text_len;
};

struct var_word {
	size_t off, len; /* in vars.buf */
	unsigned line, col;
	const char *src;
	size_t src_len;
};

struct vars {
	struct var *v;
	size_t nr, alloc;
	struct var_word *words;
	size_t nr_words, words_alloc;
	struct strbuf buf;
	bool full;    /* compacting frees too little: not tried again */
	bool dropped; /* a variable or a word was not kept: a cap */
	bool noted;   /* and the output said so */
};

struct shell_scan {
	const struct lint_ctx *ctx;
	const char *text;
	struct vars vars;
	struct lint_word *ew; /* expanded words */
	size_t ew_alloc;
	struct strbuf ebuf; /* text of expanded words */
	/* "echo TEXT |" or "printf ... |": its words, for a "tee FILE" next */
	struct lint_word *pw;
	size_t nr_pw, pw_alloc;
	struct strbuf pbuf;
};

static bool is_ident_start(char c)
{
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static bool word_is(const struct lint_word *w, const char *lit)
{
	return w->len == strlen(lit) && !memcmp(w->s, lit, w->len);
}

static bool is_shell_name(const char *s, size_t len)
{
	static const char *const shells[] = {"sh",  "bash", "dash",
					     "zsh", "ksh",  "ash"};
	const char *b = lint_basename(s, &len);

	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strlen(shells[i]) == len && !memcmp(b, shells[i], len))
			return true;
	return false;
}

/* ---- variables ---- */

static struct var *find_var(struct vars *vs, const char *name, size_t len)
{
	/* the last assignment wins */
	for (size_t i = vs->nr; i-- > 0;)
		if (strlen(vs->v[i].name) == len &&
		    !memcmp(vs->v[i].name, name, len))
			return &vs->v[i];
	return NULL;
}

/*
 * Drops the assignments a later one of the same name hides, and their
 * words: a long script reassigns the same few names. Made when the table
 * is full; when it frees less than half, the table stays full (so this
 * costs O(1) an assignment on average) and later names are not kept.
 */
static void vars_compact(struct vars *vs)
{
	size_t kept = 0, words = 0;

	for (size_t i = 0; i < vs->nr; i++) {
		bool hidden = false;

		for (size_t j = i + 1; j < vs->nr && !hidden; j++)
			hidden = !strcmp(vs->v[i].name, vs->v[j].name);
		if (hidden)
			continue;
		memmove(vs->words + words, vs->words + vs->v[i].first,
			vs->v[i].count * sizeof(*vs->words));
		vs->v[kept] = vs->v[i];
		vs->v[kept++].first = words;
		words += vs->v[i].count;
	}
	vs->nr = kept;
	vs->nr_words = words;
	if (kept > VAR_MAX / 2 || words > VAR_WORDS / 2)
		vs->full = true;
}

static struct var *new_var(struct vars *vs, const char *name, size_t len,
			   bool append)
{
	const struct var *found;
	struct var old, *v;

	if (len >= sizeof(v->name))
		return NULL;
	if (!vs->full && (vs->nr >= VAR_MAX || vs->nr_words >= VAR_WORDS))
		vars_compact(vs);
	if (vs->nr >= VAR_MAX) {
		vs->dropped = true;
		return NULL;
	}
	found = find_var(vs, name, len);
	old = found ? *found : (struct var){0};
	/* may move vs->v: the old assignment is a copy */
	XGROW(vs->v, vs->nr + 1, vs->alloc);
	v = &vs->v[vs->nr++];
	memset(v, 0, sizeof(*v));
	memcpy(v->name, name, len);
	v->first = vs->nr_words;
	if (append && found && vs->nr_words + old.count <= VAR_WORDS) {
		/* NAME+=(...): a copy of the old words, then the new */
		for (size_t i = 0; i < old.count; i++) {
			XGROW(vs->words, vs->nr_words + 1, vs->words_alloc);
			vs->words[vs->nr_words++] = vs->words[old.first + i];
		}
		v->count = old.count;
		v->array = old.array;
	} else if (append && found) {
		vs->dropped = true;
	}
	return v;
}

static void var_add_word(struct vars *vs, struct var *v, const char *s,
			 size_t len, unsigned line, unsigned col,
			 const char *src, size_t src_len)
{
	struct var_word *w;

	if (vs->nr_words >= VAR_WORDS) {
		vs->dropped = true;
		return;
	}
	XGROW(vs->words, vs->nr_words + 1, vs->words_alloc);
	w = &vs->words[vs->nr_words++];
	w->off = vs->buf.len;
	w->len = len;
	w->line = line;
	w->col = col;
	w->src = src;
	w->src_len = src_len;
	strbuf_add(&vs->buf, s, len);
	v->count++;
}

static struct var *word_var(struct shell_scan *sc, const struct lint_word *w,
			    size_t *prefix);

/* The words of ref added to v, where ref's were written. */
static void var_splice(struct vars *vs, struct var *v, const struct var *ref)
{
	struct strbuf copy = STRBUF_INIT;

	for (size_t j = 0; j < ref->count; j++) {
		/* copied: adding to vs->buf may move it */
		struct var_word vw = vs->words[ref->first + j];

		if (vs->nr_words >= VAR_WORDS) {
			vs->dropped = true;
			break;
		}
		strbuf_reset(&copy);
		strbuf_add(&copy, vs->buf.buf + vw.off, vw.len);
		var_add_word(vs, v, copy.buf, vw.len, vw.line, vw.col, vw.src,
			     vw.src_len);
	}
	strbuf_release(&copy);
}

/*
 * Splits a scalar's value into words, as "$NAME" unquoted does; the value
 * is raw source text at (line, col) when exact, else every word is put at
 * (line, col). A word that is "$OTHER" of a variable kept (the one being
 * assigned too: OPTS="$OPTS --jars x") becomes its words, already split:
 * one level, no recursion, so "x=$x$x" sixty times stops at the cap.
 */
static void var_split(struct shell_scan *sc, struct var *v, const char *value,
		      size_t len, unsigned line, unsigned col, bool exact)
{
	struct vars *vs = &sc->vars;
	struct shell_lexer lx;
	char first = v->name[0];

	/* v itself is not "$NAME" yet: the assignment before it is */
	v->name[0] = '\0';
	shell_lexer_init(&lx, value, len);
	lx.folded = true;
	while (shell_next_command(&lx)) {
		for (size_t i = 0; i < lx.nr; i++) {
			const struct shell_word *sw = &lx.words[i];
			struct lint_word ref_word = {0};
			const struct var *ref;
			size_t prefix;
			unsigned l = line, c = col;

			if (sw->flags & SHELL_WORD_OP)
				continue;
			ref_word.s = shell_word_text(&lx, i);
			ref_word.len = sw->len;
			ref = word_var(sc, &ref_word, &prefix);
			if (ref && !prefix) {
				var_splice(vs, v, ref);
				continue;
			}
			if (exact) {
				l = line + sw->line - 1;
				c = sw->line == 1 ? col + sw->col - 1 : sw->col;
			}
			var_add_word(vs, v, shell_word_text(&lx, i), sw->len, l,
				     c, exact ? value + sw->src : NULL,
				     exact ? sw->src_end - sw->src : 0);
		}
	}
	shell_lexer_release(&lx);
	v->name[0] = first;
}

/* The length of NAME in "NAME=..." or "NAME+=..." as written, else 0. */
static size_t assignment_name(const struct lint_word *w, bool *append)
{
	size_t n = 0;

	if (!w->src || !w->len || !is_ident_start(w->s[0]))
		return 0;
	while (n < w->len && lint_is_ident_char(w->s[n]))
		n++;
	*append = n + 1 < w->len && w->s[n] == '+' && w->s[n + 1] == '=';
	if (!(n < w->len && (w->s[n] == '=' || *append)))
		return 0;
	if (w->src_len <= n || memcmp(w->src, w->s, n))
		return 0;
	return n;
}

/* Remembers NAME=value (a scalar): its words for "$NAME" later. */
static void record_scalar(struct shell_scan *sc, const struct lint_word *w)
{
	bool append = false;
	size_t n = assignment_name(w, &append), skip = n + 1 + append;
	const char *value = w->s + skip, *raw;
	size_t vlen = w->len - skip;
	struct var *v;
	bool quoted, exact;

	/* NAME= is kept too: "$NAME" is then nothing (OPTS=""; then
	 * OPTS="$OPTS --jars x") */
	if (!n || memmem(value, vlen, "$(", 2) || memchr(value, '`', vlen))
		return;
	v = new_var(&sc->vars, w->s, n, append);
	if (!v)
		return;
	/* the lexer's buffer holds the next command soon: keep a copy */
	v->has_text = true;
	v->text = sc->vars.buf.len;
	v->text_len = vlen;
	strbuf_add(&sc->vars.buf, value, vlen);
	raw = w->src + skip;
	quoted = w->src_len == w->len + 2 && (*raw == '"' || *raw == '\'');
	exact = w->src_len == w->len || quoted;
	if (exact)
		raw += quoted;
	else
		raw = value;
	var_split(sc, v, raw, vlen, w->line, w->col + (unsigned)skip + quoted,
		  exact);
	/* CMD="spark-submit --packages x app.py": a command kept to be run
	 * ("eval "$CMD"", "$CMD", ssh host "$CMD"), judged where it is */
	if (memchr(value, ' ', vlen) &&
	    lint_mentions_launcher(sc->ctx, value, vlen))
		lint_emit_text(sc->ctx, LINT_FMT_SHELL, raw, vlen, w->line,
			       w->col + (unsigned)skip + quoted);
	/* SPARK_ARGS="--packages x": options, whether used here or not */
	else if (exact && vlen > 11 && !memcmp(value, "spark.", 6) &&
		 memchr(value, '=', vlen) && !memchr(value, '\n', vlen))
		/* PROPS="spark.jars.packages=a:b:1,spark.x=y", for later */
		lint_emit_pairs(sc->ctx, raw, vlen, w->line,
				w->col + (unsigned)skip + quoted);
	else if (lint_holds_options(w->s, n, value, vlen) &&
		 !lint_wants_env(sc->ctx, w->s, n))
		lint_emit_options(sc->ctx, raw, vlen, w->line,
				  w->col + (unsigned)skip + quoted, NULL);
}

/* Remembers NAME=(a b c): its elements for "${NAME[@]}" later. */
static void record_array(struct shell_scan *sc, const struct shell_lexer *lx,
			 const struct lint_word *w, size_t n)
{
	const struct lint_word *a = &w[lx->array_at];
	size_t end = lx->array_end < n ? lx->array_end : n, len = a->len - 1;
	bool append = len && a->s[len - 1] == '+';
	struct var *v = new_var(&sc->vars, a->s, len - append, append);

	if (!v)
		return;
	v->array = true;
	/* SPARK_ARGS=(--packages x ...): options, used here or not */
	if (lx->array_at + 1 < end && w[lx->array_at + 1].len &&
	    w[lx->array_at + 1].s[0] == '-' &&
	    lint_names_spark_options(a->s, len - append))
		lint_emit_argv(sc->ctx, &w[lx->array_at + 1],
			       end - lx->array_at - 1, LINT_ARGV_SPARK);
	for (size_t i = lx->array_at + 1; i < end; i++) {
		const char *eq;

		if (w[i].op)
			continue;
		var_add_word(&sc->vars, v, w[i].s, w[i].len, w[i].line,
			     w[i].col, w[i].src, w[i].src_len);
		/* PROPS=("spark.jars.packages=a:b:1" ...), joined later into
		 * --properties or --conf: each element is a setting */
		eq = memchr(w[i].s, '=', w[i].len);
		if (eq && eq > w[i].s &&
		    lint_wants_key(sc->ctx, w[i].s, (size_t)(eq - w[i].s)))
			lint_emit_kv(sc->ctx, w[i].s, (size_t)(eq - w[i].s),
				     eq + 1,
				     w[i].len - (size_t)(eq - w[i].s) - 1,
				     eq + 1 < w[i].s + w[i].len, w[i].line,
				     w[i].col, 0, 0);
	}
}

static bool is_declaration(const struct lint_word *w)
{
	return word_is(w, "export") || word_is(w, "local") ||
	       word_is(w, "declare") || word_is(w, "readonly") ||
	       word_is(w, "typeset");
}

/* A command of assignments only (after export, local...): remembered. */
static void record_assignments(struct shell_scan *sc, const struct lint_word *w,
			       size_t n)
{
	size_t i = 0;
	bool append;

	/* "if ...; then NAME=value; fi", "{ NAME=value; }" */
	while (i < n && (word_is(&w[i], "then") || word_is(&w[i], "else") ||
			 word_is(&w[i], "do") || word_is(&w[i], "{")))
		i++;
	if (i < n && is_declaration(&w[i]))
		for (i++; i < n && w[i].len && w[i].s[0] == '-';)
			i++;
	for (size_t j = i; j < n; j++)
		if (w[j].op || !assignment_name(&w[j], &append))
			return;
	for (; i < n; i++)
		record_scalar(sc, &w[i]);
}

/*
 * The variable a word refers to as a whole: $NAME, ${NAME}, ${NAME[@]},
 * ${NAME[*]}; *prefix is the length of an "--opt=" before it.
 */
static struct var *word_var(struct shell_scan *sc, const struct lint_word *w,
			    size_t *prefix)
{
	const char *s = w->s, *e = w->s + w->len, *d = memchr(s, '$', w->len);
	const char *name, *ne;
	struct var *v;

	*prefix = 0;
	if (!d)
		return NULL;
	if (d > s) {
		/* "--properties=${PROPS[*]}" or "--opt=$X" */
		if (s[0] != '-' || d[-1] != '=' ||
		    memchr(s, '=', (size_t)(d - s)) != d - 1)
			return NULL;
		*prefix = (size_t)(d - s);
	}
	name = d + 1 + (d + 1 < e && d[1] == '{');
	for (ne = name; ne < e && lint_is_ident_char(*ne);)
		ne++;
	if (ne == name)
		return NULL;
	if (d[1] == '{') {
		if (e - ne >= 4 && ne[0] == '[' &&
		    (ne[1] == '@' || ne[1] == '*') && ne[2] == ']' &&
		    ne[3] == '}' && ne + 4 == e)
			;
		else if (ne + 1 != e || *ne != '}')
			return NULL;
	} else if (ne != e) {
		return NULL;
	}
	v = find_var(&sc->vars, name, (size_t)(ne - name));
	return v && (v->count || v->has_text) ? v : NULL;
}

/* A word that holds "${NAME[*]}" or "${NAME[@]}" of an array inside other
 * text ("$(IFS=,; echo "${PROPS[*]}")"). */
static struct var *word_array(struct shell_scan *sc, const struct lint_word *w,
			      size_t *prefix)
{
	const char *s = w->s, *e = w->s + w->len, *p = s;

	*prefix = 0;
	while ((p = memmem(p, (size_t)(e - p), "${", 2)) != NULL) {
		const char *n = p + 2, *ne = n;
		struct var *v;

		while (ne < e && lint_is_ident_char(*ne))
			ne++;
		if (e - ne >= 3 && ne[0] == '[' &&
		    (ne[1] == '@' || ne[1] == '*')) {
			v = find_var(&sc->vars, n, (size_t)(ne - n));
			if (v && v->array && v->count) {
				const char *eq = memchr(s, '=', w->len);

				if (s[0] == '-' && eq && eq < p)
					*prefix = (size_t)(eq - s) + 1;
				return v;
			}
		}
		p += 2;
	}
	return NULL;
}

static void push_word(struct shell_scan *sc, size_t *n,
		      const struct lint_word *w)
{
	XGROW(sc->ew, *n + 1, sc->ew_alloc);
	sc->ew[(*n)++] = *w;
}

/*
 * The words with the variables they name spliced in, positioned where the
 * variable was assigned; NULL when nothing was spliced.
 */
static const struct lint_word *
expand(struct shell_scan *sc, const struct lint_word *w, size_t n, size_t *nr)
{
	bool any = false;
	size_t m = 0;

	if (!sc->vars.nr)
		return NULL;
	for (size_t i = 0; i < n && !any; i++)
		any = !w[i].op && memchr(w[i].s, '$', w[i].len);
	if (!any)
		return NULL;
	any = false;
	for (size_t i = 0; i < n && m < LINT_MAX_WORDS; i++) {
		size_t prefix;
		struct var *v = w[i].op ? NULL : word_var(sc, &w[i], &prefix);

		if (!v && !w[i].op)
			v = word_array(sc, &w[i], &prefix);
		if (!v) {
			push_word(sc, &m, &w[i]);
			continue;
		}
		any = true;
		if (prefix) {
			struct lint_word o = w[i];

			o.len = prefix - 1;
			o.src = NULL;
			push_word(sc, &m, &o);
		}
		for (size_t j = 0; j < v->count && m < LINT_MAX_WORDS; j++) {
			const struct var_word *vw =
			    &sc->vars.words[v->first + j];
			struct lint_word x = {0};

			x.s = sc->vars.buf.buf + vw->off;
			x.len = vw->len;
			x.line = vw->line;
			x.col = vw->col;
			x.src = vw->src;
			x.src_len = vw->src_len;
			push_word(sc, &m, &x);
		}
	}
	if (m >= LINT_MAX_WORDS && any)
		lint_emit_cap(sc->ctx, w[0].line,
			      "a command line of more than 4096 words");
	*nr = m;
	return any ? sc->ew : NULL;
}

/* ---- what a command writes: targets and formats ---- */

/* The file a command writes: "> FILE", ">> FILE", "tee [-a] FILE". */
static const struct lint_word *target_of(const struct lint_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		/* ">&2" duplicates a descriptor: it writes no file */
		if (w[i].op && (w[i].s[0] == '>' || w[i].s[0] == '&') &&
		    w[i].s[w[i].len - 1] != '&' && i + 1 < n && !w[i + 1].op)
			return &w[i + 1];
		if (!w[i].op && word_is(&w[i], "tee"))
			for (size_t j = i + 1; j < n && !w[j].op; j++)
				if (w[j].len && w[j].s[0] != '-')
					return &w[j];
	}
	return NULL;
}

/* A variable's name that says it holds a Spark properties file:
 * SPARK_CONF, CONF_FILE, DEFAULTS... */
static bool names_conf(const char *s, size_t len)
{
	for (size_t i = 0; i + 4 <= len; i++)
		if (!strncasecmp(s + i, "conf", 4) &&
		    !(i + 6 <= len && !strncasecmp(s + i, "config", 6)))
			return true;
	for (size_t i = 0; i + 8 <= len; i++)
		if (!strncasecmp(s + i, "defaults", 8))
			return true;
	return false;
}

/*
 * A document written to target: named by the file (or the value of the
 * variable it is, assigned in this script); a variable known only by its
 * name holds a properties file when the name says so; else the dispatcher
 * reads the content (never as a script: text written to a file is data).
 */
static void emit_written(struct shell_scan *sc, const struct lint_word *t,
			 struct lint_doc *d)
{
	size_t prefix;
	struct var *v = t ? word_var(sc, t, &prefix) : NULL;

	d->format = LINT_FMT_NONE;
	d->flags |= LINT_DOC_DATA;
	if (v && !prefix && !v->array && v->has_text) {
		d->target = sc->vars.buf.buf + v->text;
		d->target_len = v->text_len;
	} else if (t) {
		d->target = t->s;
		d->target_len = t->len;
		if (t->s[0] == '$' && names_conf(t->s, t->len) &&
		    !memchr(t->s, '/', t->len) && !memchr(t->s, '.', t->len))
			d->format = LINT_FMT_PROPERTIES;
	}
	lint_emit_document(sc->ctx, d);
}

/* The command writes a script: "> x.sh". */
static bool writes_script(const struct lint_word *w, size_t n)
{
	for (size_t i = 0; i + 1 < n; i++)
		if (w[i].op && w[i].s[0] == '>' &&
		    lint_ends_with(w[i + 1].s, w[i + 1].len, ".sh"))
			return true;
	return false;
}

/* Commands that run their standard input remotely. */
static bool is_remote(const struct lint_word *w)
{
	static const char *const cmds[] = {"ssh", "kubectl", "docker", "podman",
					   "srun"};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (word_is(w, cmds[i]))
			return true;
	return false;
}

/* kubectl apply|create|replace -f -: standard input is YAML (JSON). */
static bool applies_stdin(const struct lint_word *w, size_t n)
{
	bool apply = false;

	if (!n || !word_is(&w[0], "kubectl"))
		return false;
	for (size_t i = 1; i < n && !w[i].op; i++) {
		if (word_is(&w[i], "apply") || word_is(&w[i], "create") ||
		    word_is(&w[i], "replace"))
			apply = true;
		if (apply && i + 1 < n &&
		    (word_is(&w[i], "-f") || word_is(&w[i], "--filename")) &&
		    word_is(&w[i + 1], "-"))
			return true;
		if (apply && word_is(&w[i], "--filename=-"))
			return true;
	}
	return false;
}

/* The format of a program's standard input script, or LINT_FMT_NONE. */
static enum lint_format stdin_format(const struct lint_word *w, size_t n)
{
	size_t len;
	const char *b;

	if (!n || w[0].op)
		return LINT_FMT_SHELL; /* "RUN <<EOF": no command */
	if (applies_stdin(w, n))
		return LINT_FMT_YAML;
	if (is_shell_name(w[0].s, w[0].len) || is_remote(&w[0]) ||
	    writes_script(w, n))
		return LINT_FMT_SHELL;
	len = w[0].len;
	b = lint_basename(w[0].s, &len);
	if ((len >= 6 && !memcmp(b, "python", 6)) ||
	    (len == 7 && !memcmp(b, "pyspark", 7)))
		return LINT_FMT_PYTHON;
	if (len == 11 && !memcmp(b, "spark-shell", 11))
		return LINT_FMT_JVM;
	return LINT_FMT_NONE;
}

/* Does the command print or write text (cat, tee, echo, printf)? */
static bool writes_text(const struct lint_word *w, size_t n)
{
	return n && (word_is(&w[0], "cat") || word_is(&w[0], "tee") ||
		     word_is(&w[0], "sudo") || target_of(w, n));
}

static void check_heredoc(struct shell_scan *sc, const struct shell_lexer *lx,
			  const struct shell_heredoc *h,
			  const struct lint_word *w, size_t n)
{
	struct lint_doc d = {0};
	const struct lint_word *t = target_of(w, n);

	d.text = lx->src + h->start;
	d.len = h->end - h->start;
	d.line = h->line;
	d.col = 1;
	if (t) {
		emit_written(sc, t, &d);
		return;
	}
	d.format = stdin_format(w, n);
	if (d.format != LINT_FMT_NONE) {
		lint_emit_document(sc->ctx, &d);
		return;
	}
	/* "cat <<EOF" to standard output (a pipe, a capture): by content,
	 * never as a script (usage text) */
	if (writes_text(w, n)) {
		d.flags = LINT_DOC_DATA;
		lint_emit_document(sc->ctx, &d);
	}
}

/* ---- words that hold documents ---- */

/* A word holding a JSON document (aws --job-driver '{...}',
 * --default-arguments, --configurations): scanned as JSON. */
static void check_word_as_json(const struct lint_ctx *ctx,
			       const struct lint_word *w)
{
	const char *s = w->s;
	size_t i = 0;

	while (i < w->len && (s[i] == ' ' || s[i] == '\n' || s[i] == '\t'))
		i++;
	if (w->len - i < 2 || (s[i] != '{' && s[i] != '[') ||
	    !memchr(s, '"', w->len) || !lint_worth_scanning(ctx, s, w->len))
		return;
	if (w->src && w->src_len == w->len + 2)
		lint_emit_text(ctx, LINT_FMT_JSON, w->src + 1, w->len, w->line,
			       w->col + 1);
	else
		lint_emit_text(ctx, LINT_FMT_JSON, s, w->len, w->line, w->col);
}

/* The words of "echo TEXT" (w[0] is echo) as documents written to t. */
static void emit_written_words(struct shell_scan *sc, const struct lint_word *w,
			       size_t n, const struct lint_word *t)
{
	for (size_t i = 1; i < n && !w[i].op; i++) {
		bool simple = w[i].src && w[i].src_len == w[i].len + 2;
		struct lint_doc d = {0};

		if (&w[i] == t || (w[i].len && w[i].s[0] == '-'))
			continue;
		d.text = simple ? w[i].src + 1 : w[i].s;
		d.len = w[i].len;
		d.line = w[i].line;
		d.col = w[i].col + simple;
		emit_written(sc, t, &d);
	}
}

static bool prints(const struct lint_word *w)
{
	return word_is(w, "echo") || word_is(w, "printf");
}

/* The words of "echo TEXT >> FILE": TEXT as a document written to FILE. */
static void check_written_words(struct shell_scan *sc,
				const struct lint_word *w, size_t n)
{
	const struct lint_word *t = target_of(w, n);

	if (t && (prints(&w[0]) || word_is(&w[0], "tee")))
		emit_written_words(sc, w, n, t);
}

/* The text a sed script puts in: s/x/TEXT/, "$a TEXT", "a\\TEXT",
 * "i TEXT", "c TEXT"; its offset in the script, or SIZE_MAX. */
static size_t sed_text(const char *s, size_t len, size_t *tlen)
{
	size_t i = 0, start = 0;

	if (len > 3 && s[0] == 's') {
		char d = s[1];
		int seen = 0;

		for (i = 2; i < len && seen < 2; i++) {
			if (s[i] == '\\')
				i++;
			else if (s[i] == d && ++seen == 1)
				start = i + 1;
		}
		if (seen < 2 || !start)
			return SIZE_MAX;
		*tlen = i - 1 - start;
		return start;
	}
	/* an address ($, 12, 1,$, /re/), then a, i or c */
	while (i < len && strchr("$0123456789, ", s[i]))
		i++;
	if (i < len && s[i] == '/') {
		const char *e = memchr(s + i + 1, '/', len - i - 1);

		i = e ? (size_t)(e - s) + 1 : len;
	}
	if (i + 1 >= len || !strchr("aic", s[i]))
		return SIZE_MAX;
	for (i++; i < len && (s[i] == ' ' || s[i] == '\\');)
		i++;
	*tlen = len - i;
	return i < len ? i : SIZE_MAX;
}

/* sed -i 'SCRIPT' FILE: the text the script writes, as written to FILE
 * ("s|^#spark.jars.*|spark.jars /x.jar|" spark-defaults.conf). */
static void check_sed(struct shell_scan *sc, const struct lint_word *w,
		      size_t n)
{
	size_t i = word_is(&w[0], "sudo") ? 1 : 0, script = SIZE_MAX, off,
	       tlen = 0;
	const struct lint_word *t = NULL;
	bool in_place = false;
	struct lint_doc d = {0};

	if (i >= n || !word_is(&w[i], "sed"))
		return;
	for (i++; i < n && !w[i].op; i++) {
		if (w[i].len >= 2 && w[i].s[0] == '-') {
			in_place |=
			    w[i].s[1] == 'i' ||
			    (w[i].len > 3 && !memcmp(w[i].s, "--in", 4));
			if (word_is(&w[i], "-e") && i + 1 < n && !w[i + 1].op)
				script = ++i;
		} else if (script == SIZE_MAX) {
			script = i;
		} else {
			t = &w[i];
		}
	}
	if (!in_place || !t || script == SIZE_MAX ||
	    (off = sed_text(w[script].s, w[script].len, &tlen)) == SIZE_MAX ||
	    !tlen)
		return;
	d.text = w[script].s + off;
	d.len = tlen;
	d.line = w[script].line;
	d.col = w[script].col + (unsigned)off +
		(w[script].src && w[script].src_len == w[script].len + 2);
	emit_written(sc, t, &d);
}

/*
 * "echo TEXT | sudo tee -a FILE": the words of a printing command whose
 * output is piped are kept (copied: the lexer reuses its buffer) until the
 * next command, which writes them when it is a tee.
 */
static void check_piped_words(struct shell_scan *sc,
			      const struct shell_lexer *lx,
			      const struct lint_word *w, size_t n)
{
	size_t nr = sc->nr_pw;

	sc->nr_pw = 0;
	if (nr && n) {
		bool tee = false;

		for (size_t i = 0; i < n && !w[i].op && !tee; i++)
			tee = word_is(&w[i], "tee");
		if (tee && target_of(w, n))
			emit_written_words(sc, sc->pw, nr, target_of(w, n));
	}
	if (!lx->piped || !n || !prints(&w[0]))
		return;
	strbuf_reset(&sc->pbuf);
	XGROW(sc->pw, n, sc->pw_alloc);
	for (size_t i = 0; i < n && !w[i].op; i++) {
		sc->pw[i] = w[i];
		strbuf_add(&sc->pbuf, w[i].s, w[i].len);
		sc->nr_pw = i + 1;
	}
	/* the copy is complete: point the words into it */
	for (size_t i = 0, off = 0; i < sc->nr_pw; off += sc->pw[i++].len)
		sc->pw[i].s = sc->pbuf.buf + off;
}

/* The source position of byte off of a word's source text. */
static void src_position(const struct lint_word *w, size_t off, unsigned *line,
			 unsigned *col)
{
	*line = w->line;
	*col = w->col;
	for (size_t i = 0; i < off; i++) {
		if (w->src[i] == '\n') {
			(*line)++;
			*col = 1;
		} else {
			(*col)++;
		}
	}
}

/* $(...) and `...` inside a word: the commands they run. */
static void check_substitutions(const struct lint_ctx *ctx,
				const struct lint_word *w)
{
	const char *s = w->src, *e = w->src + w->src_len;

	for (const char *p = s; p < e; p++) {
		const char *in, *q;
		int depth = 1;
		unsigned line, col;

		if (*p == '$' && p + 1 < e && p[1] == '(' &&
		    !(p + 2 < e && p[2] == '(')) {
			in = p + 2;
			for (q = in; q < e && depth; q++)
				depth += *q == '(' ? 1 : *q == ')' ? -1 : 0;
		} else if (*p == '`') {
			in = p + 1;
			q = memchr(in, '`', (size_t)(e - in));
			q = q ? q + 1 : e;
		} else {
			continue;
		}
		/* q is past the closing character */
		if (q > in &&
		    lint_mentions_launcher(ctx, in, (size_t)(q - 1 - in))) {
			src_position(w, (size_t)(in - s), &line, &col);
			lint_emit_text(ctx, LINT_FMT_SHELL, in,
				       (size_t)(q - 1 - in), line, col);
		}
		p = q - 1;
	}
}

/*
 * Shell source, or with LINT_DOC_FOLDED (options kept in a variable, a
 * folded YAML scalar) newlines separating words only; with
 * LINT_DOC_SPARK_ARGS the words are spark-submit's options.
 */
void scan_shell(const struct lint_ctx *ctx, const char *text, size_t len)
{
	struct shell_lexer lx;
	struct shell_scan sc = {0};
	struct lint_word *w = NULL;
	size_t alloc = 0;
	unsigned flags = ctx->flags & LINT_DOC_SPARK_ARGS ? LINT_ARGV_SPARK
							  : LINT_ARGV_COMMAND;

	sc.ctx = ctx;
	sc.text = text;
	strbuf_init(&sc.vars.buf);
	strbuf_init(&sc.ebuf);
	strbuf_init(&sc.pbuf);
	shell_lexer_init(&lx, text, len);
	lx.folded = (ctx->flags & LINT_DOC_FOLDED) != 0;
	while (shell_next_command(&lx)) {
		size_t n = lx.nr, m = 0;
		const struct lint_word *x;
		bool subst = false;

		XGROW(w, n + 1, alloc);
		for (size_t i = 0; i < n; i++) {
			const struct shell_word *sw = &lx.words[i];

			w[i].s = shell_word_text(&lx, i);
			w[i].len = sw->len;
			w[i].line = sw->line;
			w[i].col = sw->col;
			w[i].src = text + sw->src;
			w[i].src_len = sw->src_end - sw->src;
			w[i].op = sw->flags & SHELL_WORD_OP;
			subst |= !w[i].op &&
				 (memmem(w[i].src, w[i].src_len, "$(", 2) ||
				  memchr(w[i].src, '`', w[i].src_len));
		}
		if (lx.truncated) {
			lint_emit_cap(ctx, n ? w[0].line : lx.line,
				      "a command line of more than 4096 words");
			lx.truncated = false;
		}
		x = expand(&sc, w, n, &m);
		if (x)
			lint_emit_argv(ctx, x, m, flags);
		else
			lint_emit_argv(ctx, w, n, flags);
		if (lx.array_at != SIZE_MAX)
			record_array(&sc, &lx, w, n);
		else
			record_assignments(&sc, w, n);
		if (sc.vars.dropped && !sc.vars.noted) {
			/* "$NAME" of a name not kept is not expanded */
			lint_emit_cap(ctx, n ? w[0].line : lx.line,
				      "shell variables of more than 256 names "
				      "or 4096 words, later ones not kept");
			sc.vars.noted = true;
		}
		for (size_t i = 1; i < n; i++)
			if (!w[i].op && w[i].len > 1 &&
			    (w[i].s[0] == '{' || w[i].s[0] == '['))
				check_word_as_json(ctx, &w[i]);
		for (size_t i = 0; subst && i < n; i++)
			if (!w[i].op)
				check_substitutions(ctx, &w[i]);
		if (n) {
			check_written_words(&sc, w, n);
			check_sed(&sc, w, n);
		}
		check_piped_words(&sc, &lx, w, n);
		for (size_t i = 0; i < lx.nr_heredocs; i++)
			check_heredoc(&sc, &lx, &lx.heredocs[i], w, n);
	}
	free(w);
	free(sc.ew);
	free(sc.vars.v);
	free(sc.vars.words);
	strbuf_release(&sc.vars.buf);
	strbuf_release(&sc.ebuf);
	strbuf_release(&sc.pbuf);
	free(sc.pw);
	shell_lexer_release(&lx);
}
