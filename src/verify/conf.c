/* Spark settings from configuration text, environment and command lines. */
#include "verify/conf.h"

#include <stdbool.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "lint/lint.h"
#include "lint/shellwords.h"

/* Hands "KEY=VALUE" (a spark.* key) to fn; other words are ignored. */
static void emit_pair(const char *origin, unsigned line, unsigned col,
		      const char *pair, conf_setting_fn fn, void *arg)
{
	const char *eq = strchr(pair, '=');
	char *key;
	struct classref_setting s;

	if (!eq || strncmp(pair, "spark.", 6))
		return;
	key = xstrndup(pair, (size_t)(eq - pair));
	s.file = origin;
	s.line = line;
	s.col = col;
	s.key = key;
	s.value = eq + 1;
	fn(arg, &s);
	free(key);
}

/* Words of a command line or an options variable. */
static void scan_words(const char *origin, const char *const *w, size_t n,
		       conf_setting_fn fn, void *arg)
{
	for (size_t i = 0; i < n; i++) {
		if ((!strcmp(w[i], "--conf") || !strcmp(w[i], "-c")) &&
		    i + 1 < n)
			emit_pair(origin, 0, 0, w[++i], fn, arg);
		else if (!strncmp(w[i], "--conf=", 7))
			emit_pair(origin, 0, 0, w[i] + 7, fn, arg);
		else if (!strncmp(w[i], "-D", 2))
			emit_pair(origin, 0, 0, w[i] + 2, fn, arg);
	}
}

void conf_argv_settings(const char *origin, char *const *argv, size_t argc,
			conf_setting_fn fn, void *arg)
{
	scan_words(origin, (const char *const *)argv, argc, fn, arg);
}

static bool is_options_var(const char *name, size_t len)
{
	static const char *const vars[] = {
	    "SPARK_SUBMIT_OPTS", "JAVA_TOOL_OPTIONS",	"JDK_JAVA_OPTIONS",
	    "_JAVA_OPTIONS",	 "PYSPARK_SUBMIT_ARGS", NULL};

	for (size_t i = 0; vars[i]; i++)
		if (strlen(vars[i]) == len && !memcmp(vars[i], name, len))
			return true;
	/* SPARK_DAEMON_JAVA_OPTS, SPARK_MASTER_OPTS, SPARK_WORKER_OPTS... */
	return len > 11 && !memcmp(name, "SPARK_", 6) &&
	       !memcmp(name + len - 5, "_OPTS", 5);
}

void conf_env_settings(const char *origin, const char *assignment,
		       conf_setting_fn fn, void *arg)
{
	const char *eq = strchr(assignment, '=');
	struct shell_lexer lx;
	const char **words = NULL;
	size_t nr = 0, alloc = 0;

	if (!eq || !is_options_var(assignment, (size_t)(eq - assignment)))
		return;
	shell_lexer_init(&lx, eq + 1, strlen(eq + 1));
	lx.folded = true;
	while (shell_next_command(&lx)) {
		nr = 0;
		for (size_t i = 0; i < lx.nr; i++) {
			XGROW(words, nr + 1, alloc);
			words[nr++] = shell_word_text(&lx, i);
		}
		scan_words(origin, words, nr, fn, arg);
	}
	free(words);
	shell_lexer_release(&lx);
}

/* ---- configuration text: lint's scanners ---- */

struct text_ctx {
	const char *display;
	conf_setting_fn fn;
	void *arg;
};

static void on_found(void *arg, const struct lint_found_setting *f)
{
	struct text_ctx *t = arg;
	char *key = xstrndup(f->key, f->key_len);
	char *value = xstrndup(f->value, f->value_len);
	struct classref_setting s = {t->display, f->line, f->col, key, value};

	t->fn(t->arg, &s);
	free(key);
	free(value);
}

int conf_text_settings(const char *display, const char *text, size_t len,
		       conf_setting_fn fn, void *arg, struct error *e)
{
	struct text_ctx t = {display, fn, arg};

	return lint_settings(display, text, len, on_found, &t, e);
}
