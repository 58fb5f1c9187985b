/* Lint: shell word splitting, properties parsing, the rules, suppressions,
 * file recognition and the API verify uses (lint_argv, lint_env). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "lint_result.h"

#include <stdio.h>
#include <string.h>

#include "lint/lint.h"
#include "lint/detect.h"
#include "lint/rules.h"
#include "lint/lint_walk.h"
#include "lint/shellwords.h"

/* Lints text as if it were the file name; returns "line:col rule ..." */
static const char *lint(const char *name, const char *text)
{
	return lint_result(name, text);
}

/* ---- shell words ---- */

static void split(const char *src, const char *want)
{
	struct shell_lexer lx;
	char got[1024];
	size_t n = 0;

	shell_lexer_init(&lx, src, strlen(src));
	got[0] = '\0';
	while (shell_next_command(&lx)) {
		for (size_t i = 0; i < lx.nr; i++)
			n += (size_t)snprintf(
			    got + n, sizeof(got) - n, "[%s]%u:%u ",
			    shell_word_text(&lx, i), lx.words[i].line,
			    lx.words[i].col);
		n += (size_t)snprintf(got + n, sizeof(got) - n, "| ");
	}
	shell_lexer_release(&lx);
	assert_string_equal(got, want);
}

static void test_shellwords_quotes(void **state)
{
	(void)state;
	split("a 'b c' \"d $e\" f\\ g",
	      "[a]1:1 [b c]1:3 [d $e]1:9 [f g]1:16 | ");
	split("x=\"1 2\"'3'", "[x=1 23]1:1 | ");
	split("echo \"a\\\"b\" $'c\\nd'", "[echo]1:1 [a\"b]1:6 [c\nd]1:13 | ");
}

static void test_shellwords_continuation_and_comments(void **state)
{
	(void)state;
	split("spark-submit \\\n  --jars a.jar # comment --packages\nnext",
	      "[spark-submit]1:1 [--jars]2:3 [a.jar]2:10 | [next]3:1 | ");
	split("a#b #c", "[a#b]1:1 | ");
	split("ab\\\ncd", "[abcd]1:1 | ");
}

static void test_shellwords_operators(void **state)
{
	(void)state;
	split("a && b || c; d | e & f", "[a]1:1 | [b]1:6 | [c]1:11 | [d]1:14 | "
					"[e]1:18 | [f]1:22 | ");
	split("echo x >>out.conf 2>&1",
	      "[echo]1:1 [x]1:6 [>>]1:8 [out.conf]1:10 [2]1:19 [>&]1:20 "
	      "[1]1:22 | ");
	split("x=$(a b) `c d` ${e:-f g}",
	      "[x=$(a b)]1:1 [`c d`]1:10 [${e:-f g}]1:16 | ");
}

static void test_shellwords_heredoc(void **state)
{
	struct shell_lexer lx;
	const char *src = "cat > f.conf <<'EOF'\nspark.jars x\nEOF\nnext\n";

	(void)state;
	shell_lexer_init(&lx, src, strlen(src));
	assert_true(shell_next_command(&lx));
	/* cat > f.conf << EOF: operators and the delimiter are words too */
	assert_int_equal(lx.nr, 5);
	assert_true(lx.words[3].flags & SHELL_WORD_OP);
	assert_int_equal(lx.nr_heredocs, 1);
	assert_int_equal(lx.heredocs[0].line, 2);
	assert_int_equal(lx.heredocs[0].end - lx.heredocs[0].start, 13);
	assert_true(shell_next_command(&lx));
	assert_string_equal(shell_word_text(&lx, 0), "next");
	assert_int_equal(lx.words[0].line, 4);
	shell_lexer_release(&lx);
}

/* ---- properties ---- */

static void test_properties(void **state)
{
	(void)state;
	assert_string_equal(lint("spark-defaults.conf",
				 "# spark.jars x\n! spark.jars x\n"
				 "spark.jars.packages  a:b:1\n"
				 "  spark.jars.ivy:/tmp\n"
				 "spark.jars.repositories=https://r\n"
				 "spark.jars=\n"
				 "spark.jars.dir /x\n"
				 "spark.driver.extraJavaOptions -Dx\n"),
			    "3:1 runtime-packages 4:3 runtime-ivy "
			    "5:1 runtime-repositories");
}

static void test_properties_continuation(void **state)
{
	(void)state;
	/* a continued value, then a key split across lines */
	assert_string_equal(lint("app.properties",
				 "spark.jars \\\n   /a.jar,\\\n   /b.jar\n"
				 "spark.ja\\\n   rs.excludes x\n"
				 "other=\\\\\n"
				 "spark.executor.extraClassPath=/c.jar\n"),
			    "1:1 runtime-jars 4:1 runtime-excludes "
			    "7:1 runtime-classpath");
	/* keys decoded as Properties.load does: \\uXXXX escapes */
	assert_string_equal(lint("spark-defaults.conf",
				 "spark.jar\\u0073 /a.jar\n"
				 "spark\\u002ejars\\u002Epackages a:b:c\n"
				 "spark.jar\\u00e9 x\n"),
			    "1:1 runtime-jars 2:1 runtime-packages");
	/* a byte order mark does not hide the first key */
	assert_string_equal(lint("a.conf", "\xef\xbb\xbfspark.jars x\n"),
			    "1:1 runtime-jars");
	/* an empty value continued onto a blank line is still empty */
	assert_string_equal(lint("x.properties", "spark.jars=\\\n\n"), "");
}

/* ---- shell and friends ---- */

static void test_shell_submit(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("run.sh", "spark-submit --master local --jars a.jar "
			   "--conf spark.jars.packages=x -c spark.jars.ivy=y "
			   "--packages=p --exclude-packages e "
			   "--driver-class-path d app.py --jars mine\n"),
	    "1:29 runtime-jars 1:49 runtime-packages 1:74 runtime-ivy "
	    "1:91 runtime-packages 1:104 runtime-excludes "
	    "1:125 runtime-classpath");
}

static void test_shell_negatives(void **state)
{
	(void)state;
	assert_string_equal(lint("x.sh",
				 "npm install --packages x\n"
				 "mvn -Dpackages=x -Djars=y\n"
				 "jarsigner -keystore k.jks a.jar\n"
				 "echo 'spark-submit --jars x'\n"
				 "# spark-submit --jars x\n"
				 "pip install pyspark --jars\n"
				 "spark-submit --conf spark.jars.dir=x app.py\n"
				 "spark-submit --conf spark.jars= app.py\n"
				 "cp a.jar /opt/spark/jars/\n"),
			    "");
}

static void test_shell_env_and_wrappers(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("x.sh",
		 "export PYSPARK_SUBMIT_ARGS='--jars a pyspark-shell'\n"
		 "SPARK_SUBMIT_OPTS=\"-Dspark.jars.packages=p\" run\n"
		 "if true; then exec sudo -u s pyspark --packages p; fi\n"
		 "bash -c 'spark-shell --repositories r'\n"),
	    "1:29 runtime-jars 2:20 runtime-packages 3:38 runtime-packages "
	    "4:22 runtime-repositories");
}

static void test_dockerfile(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("Dockerfile",
		 "FROM x\nCOPY jars/ /opt/spark/jars/\n"
		 "ENV A=1 \\\n    PYSPARK_SUBMIT_ARGS=\"--jars j\"\n"
		 "ENTRYPOINT [\"spark-submit\", \"--packages\", \"p\"]\n"
		 "CMD [\"--repositories\", \"r\", \"app.py\"]\n"
		 "RUN spark-submit \\\n  --driver-class-path d app.py\n"),
	    "4:26 runtime-jars 5:29 runtime-packages "
	    "6:6 runtime-repositories 8:3 runtime-classpath");
}

static void test_dotenv_and_makefile(void **state)
{
	(void)state;
	assert_string_equal(lint(".env", "# x\nPYSPARK_SUBMIT_ARGS=\"--jars a "
					 "pyspark-shell\"\nNOTE=--jars\n"),
			    "2:22 runtime-jars");
	assert_string_equal(lint("Makefile",
				 "run:\n\tspark-submit --packages p "
				 "app.py\nV = --jars x\n"),
			    "2:15 runtime-packages");
}

/* ---- YAML, JSON, code ---- */

static void test_yaml(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("values.yaml", "sparkConf:\n  spark.jars: a.jar\n"
				"  spark.jars.dir: x\n"
				"spark:\n  jars:\n    packages: [p]\n"
				"conf: |\n  spark-submit --jars j app.py\n"
				"---\nargs: [\"--jars\", \"no launcher\"]\n"),
	    "2:3 runtime-jars 6:5 runtime-packages 8:16 runtime-jars");
	/* -D options over several lines of a block */
	assert_string_equal(lint("p.yaml", "env:\n  SPARK_SUBMIT_OPTS: >\n"
					   "    -Dx=1\n    -Dspark.jars=j\n"),
			    "4:5 runtime-jars");
	/* an alias or a merge key does not repeat a finding */
	assert_string_equal(lint("a.yaml", "d: &d\n  spark.jars: x\n"
					   "a:\n  <<: *d\nb: *d\n"),
			    "2:3 runtime-jars");
}

static void test_json(void **state)
{
	(void)state;
	assert_string_equal(lint("livy.json",
				 "{\"file\": \"a.py\", \"jars\": [\"x.jar\"],\n"
				 " \"conf\": {\"spark.jars.packages\": \"p\",\n"
				 "  \"spark.jars\": \"\"}}\n"),
			    "1:18 runtime-jars 2:11 runtime-packages");
}

/* Large JSON: data that no rule needs is skipped, not misread: the
 * lines, the Livy keys next to "jars" and a notebook's cells still count. */
static void test_json_large(void **state)
{
	char doc[8192], cell[4096];
	size_t n = 0;

	(void)state;
	n += (size_t)snprintf(doc + n, sizeof(doc) - n, "{\"rows\": [\n");
	for (int i = 0; i < 60; i++)
		n += (size_t)snprintf(doc + n, sizeof(doc) - n,
				      " {\"id\": %d, \"v\": \"driver\"},\n", i);
	n += (size_t)snprintf(doc + n, sizeof(doc) - n,
			      " {}],\n \"file\": {\"path\": \"%0300d\"},\n"
			      " \"jars\": [\"s3://b/lib\"]}\n",
			      0);
	assert_string_equal(lint("livy.json", doc), "64:2 runtime-jars");

	n = 0;
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(cell + n, sizeof(cell) - n,
				      "iVBORw0KGgoAAAANSUhEUgAAA%02d", i);
	snprintf(doc, sizeof(doc),
		 "{\"cells\": [{\"cell_type\": \"code\", \"outputs\": [\n"
		 "  {\"data\": {\"image/png\": \"%s\"}}],\n"
		 "  \"source\": [\"import os\\n\",\n"
		 "   \"os.environ['PYSPARK_SUBMIT_ARGS'] = "
		 "'--jars x.jar pyspark-shell'\\n\"]}],\n"
		 " \"metadata\": {}, \"nbformat\": 4}\n",
		 cell);
	assert_string_equal(lint("nb.ipynb", doc), "4:42 runtime-jars");
}

/* The prefilter finds each word at every alignment of its 16-byte steps
 * and in the tail, and nothing in text made of the anchors' bytes. */
static void test_prefilter(void **state)
{
	static const char *const words[] = {
	    "--jars",	  "spark.jars",	     "Jars",	    "addJar",
	    "--packages", "excludePackages", "ClassPath",   "CLASSPATH",
	    "class-path", "--repositories",  "addArtifact", "maven",
	};
	static const char filler[] =
	    "jk-PAv Pv-k jj AA vv -- kk PP xjar+jar/jar package ";
	char text[256];

	(void)state;
	assert_int_equal(rules_next_word(filler, strlen(filler), 0),
			 strlen(filler));
	for (size_t w = 0; w < sizeof(words) / sizeof(words[0]); w++)
		for (size_t at = 0; at < 40; at++) {
			size_t n =
			    (size_t)snprintf(text, sizeof(text), "%.*s %s %s",
					     (int)at, filler, words[w], filler);
			size_t hit = rules_next_word(text, n, 0);

			assert_true(hit >= at &&
				    hit < at + 1 + strlen(words[w]));
			assert_int_equal(rules_next_word(text, n, hit + 1), n);
		}
}

static void test_python(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("job.py", "\"\"\"spark-submit --jars x.\"\"\"\n"
			   "s.config(\"spark.jars\", \"a.jar\")\n"
			   "v = s.conf.get(\"spark.jars.packages\", \"\")\n"
			   "sc.addJar(path)\n"
			   "s.addArtifacts('x.py', pyfile=True)\n"
			   "# s.config(\"spark.jars\", \"a.jar\")\n"),
	    "2:10 runtime-jars 4:4 runtime-artifact");
}

static void test_jvm_and_groovy(void **state)
{
	(void)state;
	/* Scala: '"' is a char, not the start of a string */
	assert_string_equal(lint("A.scala",
				 "val q = '\"'\n"
				 "conf.set(\"spark.jars\", \"a\")\n"),
			    "2:10 runtime-jars");
	/* Groovy: '...' is a string; sh runs it */
	assert_string_equal(lint("Jenkinsfile",
				 "environment { PYSPARK_SUBMIT_ARGS = "
				 "'--jars j pyspark-shell' }\n"
				 "sh 'spark-submit --packages p app.py'\n"
				 "echo 'spark-submit --packages p'\n"),
			    "1:38 runtime-jars 2:18 runtime-packages");
}

/* ---- suppressions ---- */

static void test_suppression(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("x.sh", "# jarbake: allow runtime-jars -- vetted\n"
			 "spark-submit --jars a app.py\n"
			 "spark-submit --jars b app.py # jarbake: allow "
			 "runtime-packages,runtime-jars -- also vetted\n"
			 "# jarbake: allow runtime-jars\n"
			 "spark-submit --jars c app.py\n"
			 "# jarbake: allow runtime-packages -- other rule\n"
			 "spark-submit --jars d app.py\n"),
	    "4:1 suppression-reason 5:14 runtime-jars 7:14 runtime-jars");
	/* a suppression must name its rule */
	assert_string_equal(lint("x.sh", "# jarbake: allow -- why\n"
					 "spark-submit --jars a app.py\n"),
			    "1:1 suppression-reason 2:14 runtime-jars");
	/* a directive after code covers that line, not the next one */
	assert_string_equal(
	    lint("x.sh", "spark-submit --jars a app.py # jarbake: allow "
			 "runtime-jars -- vetted\n"
			 "spark-submit --jars b app.py\n"),
	    "2:14 runtime-jars");
	/* the // form in code */
	assert_string_equal(lint("A.java", "// jarbake: allow runtime-artifact "
					   "-- built here\nsc.addJar(p);\n"),
			    "");
}

/* Columns count characters in every format (SARIF's unicodeCodePoints),
 * whatever the scanner counts inside. */
static void test_columns_are_characters(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("a.sh",
		 "echo \"\xc3\xa9\xe2\x9c\x93\"; spark-submit --jars x a.py\n"),
	    "1:25 runtime-jars");
	assert_string_equal(lint("b.py",
				 "s = \"\xc3\xa9\xe2\x9c\x93\"; "
				 "spark.conf.set(\"spark.jars\", \"x\")\n"),
			    "1:26 runtime-jars");
	assert_string_equal(lint("c.json",
				 "{\"\xc3\xa9\xe2\x9c\x93\": 1, \"conf\": "
				 "{\"spark.jars\": \"x\"}}\n"),
			    "1:20 runtime-jars");
	assert_string_equal(
	    lint("d.yaml",
		 "a: \"\xc3\xa9\xe2\x9c\x93\"\n"
		 "c: [spark-submit, --name, \"\xc3\xa9\xe2\x9c\x93\", "
		 "--jars, x]\n"),
	    "2:33 runtime-jars");
	assert_string_equal(lint("spark-defaults.conf",
				 "# \xc3\xa9\n"
				 "spark.app.name \xc3\xa9 \\\n"
				 " x\n\xc3\xa9=1\n spark.jars x\n"),
			    "5:2 runtime-jars");
}

/* libyaml breaks lines at CR too: offsets follow its lines, or a later
 * scalar was looked for past the end of the text (fuzzing found it). */
static void test_yaml_cr_breaks(void **state)
{
	(void)state;
	assert_string_equal(
	    lint("cm.yaml", "a: \"x\n \r\r\r\r   y\"\r"
			    "data:\r  spark-defaults.conf: \"spark.master x\\n"
			    "spark.jars /y\\n\"\n"),
	    "8:41 runtime-jars");
}

/* ---- recognition, lint_argv, lint_env ---- */

static void test_detect(void **state)
{
	(void)state;
	assert_int_equal(lint_detect("a/spark-defaults.conf", "", 0),
			 LINT_FMT_PROPERTIES);
	assert_int_equal(lint_detect("Dockerfile.dev", "", 0),
			 LINT_FMT_DOCKERFILE);
	assert_int_equal(lint_detect("x/entrypoint", "#!/bin/bash\n", 12),
			 LINT_FMT_SHELL);
	assert_int_equal(lint_detect("tool", "#!/usr/bin/env python3\n", 23),
			 LINT_FMT_PYTHON);
	assert_int_equal(lint_detect("README.md", "", 0), LINT_FMT_NONE);
	/* prose and data are not read, even when they start like a script */
	assert_int_equal(lint_detect("notes.md", "#!/bin/sh\n", 10),
			 LINT_FMT_NONE);
	assert_true(lint_detect_unread("docs/notes.md"));
	assert_true(lint_detect_unread("out/app.log"));
	assert_false(lint_detect_unread("bin/entrypoint"));
	assert_false(lint_detect_unread("run.sh"));
	assert_int_equal(lint_detect("config/prod.env", "", 0),
			 LINT_FMT_DOTENV);
	assert_int_equal(lint_detect("nb.ipynb", "", 0), LINT_FMT_JSON);
}

static void test_binary(void **state)
{
	struct findings f = FINDINGS_INIT;
	struct error e = ERROR_INIT;
	const char bin[] = "spark.jars x\n\0\1";

	(void)state;
	assert_int_equal(lint_buffer("a.conf", bin, sizeof(bin), &f, &e), -1);
	assert_true(e.set);
	assert_int_equal(f.nr, 0);
}

static void test_argv_and_env(void **state)
{
	struct findings f = FINDINGS_INIT;
#define S(x) ((char *)(x))
	char *argv[] = {S("/opt/spark/bin/spark-submit"),
			S("--packages"),
			S("p"),
			S("--conf"),
			S("spark.jars=x"),
			S("app.py")};
	char *sh[] = {S("/bin/sh"), S("-c"),
		      S("exec spark-submit --jars j app.py")};
#undef S

	(void)state;
	lint_argv("image Cmd", argv, 6, &f);
	lint_argv("image Entrypoint", sh, 3, &f);
	lint_env("image Env", "PYSPARK_SUBMIT_ARGS=--repositories r x", &f);
	lint_env("image Env", "SPARK_SUBMIT_OPTS=-Dspark.jars.ivy=/t", &f);
	lint_env("image Env", "PATH=/usr/bin --jars", &f);
	assert_int_equal(f.nr, 5);
	assert_string_equal(f.items[0].rule, "runtime-packages");
	assert_string_equal(f.items[1].rule, "runtime-jars");
	assert_string_equal(f.items[2].rule, "runtime-jars");
	assert_string_equal(f.items[3].rule, "runtime-repositories");
	assert_string_equal(f.items[4].rule, "runtime-ivy");
	assert_string_equal(f.items[3].file, "image Env");
	assert_int_equal(f.items[3].line, 0);
	assert_non_null(strstr(f.items[3].message, "PYSPARK_SUBMIT_ARGS"));
	findings_release(&f);
}

static void test_command(void **state)
{
	struct findings f = FINDINGS_INIT;
#define S(x) ((char *)(x))
	char *entrypoint[] = {S("/opt/spark/bin/spark-submit")};
	char *cmd[] = {S("--master"), S("local"),  S("--jars"),
		       S("j"),	      S("app.py"), S("--packages")};
	char *tini[] = {S("/usr/bin/tini"), S("--")};
	char *pyspark[] = {S("pyspark"), S("--repositories"), S("r")};
#undef S

	(void)state;
	lint_command("config", entrypoint, 1, cmd, 6, &f);
	lint_command("config", tini, 2, pyspark, 3, &f);
	lint_command("config", NULL, 0, cmd, 6, &f); /* no launcher */
	assert_int_equal(f.nr, 2);
	assert_string_equal(f.items[0].rule, "runtime-jars");
	assert_string_equal(f.items[1].rule, "runtime-repositories");
	findings_release(&f);
}

static void test_glob(void **state)
{
	(void)state;
	assert_true(lint_glob_match("*.sh", "a.sh"));
	assert_false(lint_glob_match("*.sh", "d/a.sh"));
	assert_true(lint_glob_match("**/gen-*.conf", "gen-a.conf"));
	assert_true(lint_glob_match("sub/**/gen-*.conf", "sub/a/b/gen-x.conf"));
	assert_true(lint_glob_match("sub/**/gen-*.conf", "sub/gen-x.conf"));
	assert_false(lint_glob_match("sub/*/gen-*.conf", "sub/a/b/gen-x.conf"));
	assert_true(lint_glob_match("a?c[0-9]", "abc7"));
	assert_false(lint_glob_match("a[!0-9]", "a7"));
	assert_true(lint_glob_match("logs/**", "logs/a/b"));
	assert_true(lint_glob_match("\\#x", "#x"));
	assert_true(lint_glob_match("a*", "abc"));
	assert_false(lint_glob_match("a*", "a/bc"));
	assert_true(lint_glob_match("*b*/c", "abd/c"));
	assert_false(lint_glob_match("*b*/c", "ad/bc"));
	assert_true(lint_glob_match("**", "x/y"));
	assert_true(lint_glob_match("a/**/b/*.x", "a/b/c/b/y.x"));
	assert_false(lint_glob_match("a/**/b/*.x", "a/b/c/y.x"));
	assert_true(lint_glob_match("**x", "a/bx"));
	/* hostile patterns from a repository's .gitignore stay fast (they
	 * took exponential time: CI hung) */
	{
		char s[200];

		memset(s, 'a', sizeof(s) - 1);
		s[sizeof(s) - 1] = '\0';
		assert_false(
		    lint_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*a*a*b", s));
		assert_false(
		    lint_glob_match("**a**a**a**a**a**a**a**a**a**a**b", s));
		s[100] = '/';
		assert_false(lint_glob_match("*a*a*a*a*a*a*a*a*a*a*a*a*/b", s));
	}
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_shellwords_quotes),
	    cmocka_unit_test(test_shellwords_continuation_and_comments),
	    cmocka_unit_test(test_shellwords_operators),
	    cmocka_unit_test(test_shellwords_heredoc),
	    cmocka_unit_test(test_properties),
	    cmocka_unit_test(test_properties_continuation),
	    cmocka_unit_test(test_shell_submit),
	    cmocka_unit_test(test_shell_negatives),
	    cmocka_unit_test(test_shell_env_and_wrappers),
	    cmocka_unit_test(test_dockerfile),
	    cmocka_unit_test(test_dotenv_and_makefile),
	    cmocka_unit_test(test_yaml),
	    cmocka_unit_test(test_json),
	    cmocka_unit_test(test_json_large),
	    cmocka_unit_test(test_prefilter),
	    cmocka_unit_test(test_python),
	    cmocka_unit_test(test_jvm_and_groovy),
	    cmocka_unit_test(test_suppression),
	    cmocka_unit_test(test_columns_are_characters),
	    cmocka_unit_test(test_yaml_cr_breaks),
	    cmocka_unit_test(test_detect),
	    cmocka_unit_test(test_binary),
	    cmocka_unit_test(test_argv_and_env),
	    cmocka_unit_test(test_command),
	    cmocka_unit_test(test_glob),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
