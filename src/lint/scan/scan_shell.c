#define _GNU_SOURCE /* memmem */
#include <stdlib.h>
#include <string.h>

#include "lint/scan.h"
#include "lint/scan/scanners.h"
#include "lint/shellwords.h"
#include "core/xalloc.h"

/* Scanner for shell scripts (and the shell parts of other formats). */

static bool is_conf_path(const char *s, size_t len)
{
	while (len && (s[len - 1] == '"' || s[len - 1] == '\''))
		len--;
	return lint_ends_with(s, len, ".conf") ||
	       lint_ends_with(s, len, ".properties");
}

static bool is_shell_name(const char *s, size_t len)
{
	static const char *const shells[] = {"sh",  "bash", "dash",
					     "zsh", "ksh",  "ash"};
	const char *b = s;

	for (size_t i = 0; i < len; i++)
		if (s[i] == '/')
			b = s + i + 1;
	len -= (size_t)(b - s);
	for (size_t i = 0; i < sizeof(shells) / sizeof(shells[0]); i++)
		if (strlen(shells[i]) == len && !memcmp(b, shells[i], len))
			return true;
	return false;
}

/* The command writes a properties file: "> x.conf" or "tee x.conf". */
static bool writes_conf(const struct lint_word *w, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (w[i].op && (w[i].s[0] == '>' || w[i].s[0] == '&') &&
		    i + 1 < n && is_conf_path(w[i + 1].s, w[i + 1].len))
			return true;
		if (!w[i].op && w[i].len == 3 && !memcmp(w[i].s, "tee", 3))
			for (size_t j = i + 1; j < n && !w[j].op; j++)
				if (is_conf_path(w[j].s, w[j].len))
					return true;
	}
	return false;
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
	static const char *const cmds[] = {"ssh", "kubectl", "docker",
					   "podman"};

	for (size_t i = 0; i < sizeof(cmds) / sizeof(cmds[0]); i++)
		if (w->len == strlen(cmds[i]) && !memcmp(w->s, cmds[i], w->len))
			return true;
	return false;
}

/* A word as written, checked as lines of a properties file. */
static void check_word_as_properties(const struct lint_ctx *ctx,
				     const struct lint_word *w)
{
	bool simple = w->src && w->src_len == w->len + 2;

	lint_emit_text(ctx, LINT_FMT_PROPERTIES, simple ? w->src + 1 : w->s,
		       w->len, w->line, w->col + simple);
}

static void check_heredoc(const struct lint_ctx *ctx,
			  const struct shell_lexer *lx,
			  const struct shell_heredoc *h,
			  const struct lint_word *w, size_t n)
{
	const char *body = lx->src + h->start;
	size_t len = h->end - h->start;
	/* a script: "RUN <<EOF" (no command), "bash <<EOF", "ssh host <<EOF",
	 * "cat > x.sh <<EOF"; not text that "cat <<EOF" prints */
	bool script = !n || w[0].op || is_shell_name(w[0].s, w[0].len) ||
		      is_remote(&w[0]) || writes_script(w, n);

	if (writes_conf(w, n))
		lint_emit_text(ctx, LINT_FMT_PROPERTIES, body, len, h->line, 1);
	else if (script)
		lint_emit_text(ctx, LINT_FMT_SHELL, body, len, h->line, 1);
}

/*
 * Shell source, or with LINT_DOC_FOLDED (options kept in a variable, a
 * folded YAML scalar) newlines separating words only; with
 * LINT_DOC_SPARK_ARGS the words are spark-submit's options.
 */
void scan_shell(const struct lint_ctx *ctx, const char *text, size_t len)
{
	struct shell_lexer lx;
	struct lint_word *w = NULL;
	size_t alloc = 0;
	unsigned flags = ctx->flags & LINT_DOC_SPARK_ARGS ? LINT_ARGV_SPARK
							  : LINT_ARGV_COMMAND;

	shell_lexer_init(&lx, text, len);
	lx.folded = (ctx->flags & LINT_DOC_FOLDED) != 0;
	while (shell_next_command(&lx)) {
		size_t n = lx.nr;
		bool conf;

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
		}
		lint_emit_argv(ctx, w, n, flags);
		conf = n && writes_conf(w, n);
		for (size_t i = 1; conf && i < n && !w[i].op; i++)
			check_word_as_properties(ctx, &w[i]);
		for (size_t i = 0; i < lx.nr_heredocs; i++)
			check_heredoc(ctx, &lx, &lx.heredocs[i], w, n);
	}
	free(w);
	shell_lexer_release(&lx);
}
