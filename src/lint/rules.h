#ifndef JARBAKE_LINT_RULES_H
#define JARBAKE_LINT_RULES_H

#include <stdbool.h>
#include <stddef.h>

#include "lint/scan.h"

/*
 * The rules against run-time JARs, as tables: refused keys, environment
 * variables that carry Spark options, launchers and their options,
 * wrappers that run a command. They judge settings and argument vectors
 * and know no file format: a command line held in a value goes back to
 * the dispatcher as a document (lint_emit_document).
 */

/* The rules, each with its id and what it is about. */
enum lint_rule {
	RULE_JARS,
	RULE_PACKAGES,
	RULE_REPOSITORIES,
	RULE_CLASSPATH,
	RULE_IVY,
	RULE_EXCLUDES,
	RULE_ARTIFACT,
	RULE_SUPPRESSION,
	RULE_COUNT
};

struct lint_rule_info {
	const char *id;
	const char *summary; /* for rule tables: SARIF, documentation */
};

/* The rule table, RULE_COUNT entries. */
const struct lint_rule_info *lint_rules(void);

/* Judges a setting; true when it is refused (and was reported). */
bool rules_setting(const struct lint_ctx *ctx, const struct lint_setting *s);

/*
 * Judges a command line: NAME=value words of the variables rules_is_env
 * knows, a launcher run as the command (or after a wrapper: exec, sudo,
 * env, docker, "--"), then its options up to the application; the script
 * words of "sh -c", eval and ssh go back as documents. With
 * LINT_ARGV_SPARK the words are a launcher's options already.
 */
void rules_argv(const struct lint_ctx *ctx, const struct lint_word *w, size_t n,
		unsigned flags);

/* Prefilters: a refused key, a variable carrying Spark options, a launcher
 * word, text mentioning a launcher, text holding a word any rule is about. */
bool rules_is_key(const char *s, size_t len);
bool rules_is_env(const char *s, size_t len);
bool rules_is_launcher(const char *s, size_t len);
bool rules_mentions_launcher(const char *s, size_t len);
bool rules_worth_scanning(const char *s, size_t len);
/* The offset of the next such word at or after from (inside the word);
 * len when there is none. */
size_t rules_next_word(const char *s, size_t len, size_t from);

#endif
