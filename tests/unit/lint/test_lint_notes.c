/* Lint: nothing is skipped silently. Files that are not their format,
 * caps reached (YAML depth, words of a command, directory depth, size of
 * a file named), per-format statistics, and ignore globs that used to take
 * exponential time. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "lint/lint.h"
#include "lint/lint_walk.h"

static char result[4096];

/* Lints text as name; returns its notes as "line rule: message; ..." and
 * its findings' count in *nr. */
static const char *notes_of(const char *name, const char *text, size_t len,
			    size_t *nr, struct lint_file_info *info)
{
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	size_t n = 0;

	result[0] = '\0';
	assert_int_equal(lint_file(name, text, len, &f, &notes, info, NULL), 0);
	for (size_t i = 0; i < notes.nr; i++)
		n += (size_t)snprintf(result + n, sizeof(result) - n,
				      "%s%u %s: %s", i ? "; " : "",
				      notes.items[i].line, notes.items[i].rule,
				      notes.items[i].message);
	*nr = f.nr;
	findings_release(&f);
	findings_release(&notes);
	return result;
}

static void test_fallback(void **state)
{
	struct lint_file_info info;
	size_t nr;
	const char *yaml = "a: 1\nb: [x\nspark.jars: x.jar\n";
	const char *json = "// comment\n{\"spark.jars\": \"x.jar\"}\n";

	(void)state;
	/* where parsing stopped, and what the line scan still found */
	assert_string_equal(
	    notes_of("v.yaml", yaml, strlen(yaml), &nr, &info),
	    "3 parse-fallback: cannot parse as yaml (did not find expected "
	    "',' or ']'); read line by line");
	assert_int_equal(nr, 1);
	assert_true(info.fell_back);
	assert_string_equal(lint_format_name(info.format), "yaml");
	assert_string_equal(
	    notes_of("s.json", json, strlen(json), &nr, &info),
	    "1 parse-fallback: cannot parse as json (invalid token near "
	    "'/'); read line by line");
	assert_int_equal(nr, 1);
	/* a good file: no note */
	assert_string_equal(notes_of("ok.yaml", "a: jar\n", 7, &nr, &info), "");
	assert_false(info.fell_back);
}

static void test_yaml_depth_cap(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	(void)state;
	for (int i = 0; i < 70; i++) {
		for (int j = 0; j < i; j++)
			strbuf_adds(&sb, " ");
		strbuf_addf(&sb, "k%d:\n", i);
	}
	for (int j = 0; j < 70; j++)
		strbuf_adds(&sb, " ");
	strbuf_adds(&sb, "spark.jars: x.jar\n");
	assert_string_equal(
	    notes_of("deep.yaml", sb.buf, sb.len, &nr, &info),
	    "66 cap-reached: not checked past a cap: YAML nested deeper than "
	    "64 levels");
	assert_int_equal(info.caps, 1);
	strbuf_release(&sb);
}

static void test_words_cap(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	(void)state;
	strbuf_adds(&sb, "spark-submit");
	for (int i = 0; i < 5000; i++)
		strbuf_adds(&sb, " --conf spark.x=1");
	strbuf_adds(&sb, " --jars x.jar app.py\n");
	assert_string_equal(notes_of("run.sh", sb.buf, sb.len, &nr, &info),
			    "1 cap-reached: not checked past a cap: a command "
			    "line of more than 4096 words");
	strbuf_release(&sb);
}

/* sb set to head, s n times, tail. */
static void repeat_into(struct strbuf *sb, const char *head, const char *s,
			int n, const char *tail)
{
	strbuf_reset(sb);
	strbuf_adds(sb, head);
	for (int i = 0; i < n; i++)
		strbuf_adds(sb, s);
	strbuf_adds(sb, tail);
}

#define VARS_CAP                                                               \
	"not checked past a cap: shell variables of more than 256 names or "   \
	"4096 words, later ones not kept"

static void test_shell_variable_caps(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	(void)state;
	/* "$OPTS" in OPTS's own value: the words before, not the text
	 * "$OPTS" (which read as the application hid the options after) */
	assert_string_equal(notes_of("run.sh",
				     "OPTS=\"\"\nOPTS=\"$OPTS --verbose\"\n"
				     "OPTS=\"$OPTS --jars x.jar\"\n"
				     "spark-submit $OPTS app.py\n",
				     83, &nr, &info),
			    "");
	assert_int_equal(nr, 1);
	/* x="$x $x" thirty times: 2^30 words once, now the cap, said */
	strbuf_adds(&sb, "x=--verbose\n");
	for (int i = 0; i < 30; i++)
		strbuf_adds(&sb, "x=\"$x $x\"\n");
	strbuf_adds(&sb, "spark-submit $x --jars y.jar app.py\n");
	assert_string_equal(notes_of("run.sh", sb.buf, sb.len, &nr, &info),
			    "13 cap-reached: " VARS_CAP);
	assert_int_equal(nr, 1);
	/* 300 names: the 257th and later are not kept, and that is said
	 * (it was silent: "$X" of a name dropped hid its --jars) */
	strbuf_reset(&sb);
	for (int i = 0; i < 300; i++)
		strbuf_addf(&sb, "D%d=1\n", i);
	strbuf_adds(&sb, "X=\"--verbose --jars x.jar\"\n"
			 "spark-submit $X app.py\n");
	assert_string_equal(notes_of("run.sh", sb.buf, sb.len, &nr, &info),
			    "257 cap-reached: " VARS_CAP);
	assert_int_equal(nr, 0);
	/* one name assigned 1,000 times is one variable: no cap */
	strbuf_reset(&sb);
	for (int i = 0; i < 1000; i++)
		strbuf_addf(&sb, "N=%d\n", i);
	strbuf_adds(&sb, "X=\"--verbose --jars x.jar\"\n"
			 "spark-submit $X app.py\n");
	assert_string_equal(notes_of("run.sh", sb.buf, sb.len, &nr, &info), "");
	assert_int_equal(nr, 1);
	strbuf_release(&sb);
}

/* name holding head, open n times, inner, close n times: its notes are
 * want. */
static void nested_note(const char *name, const char *head, const char *open,
			int n, const char *inner, char close, const char *want)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	repeat_into(&sb, head, open, n, inner);
	for (int i = 0; i < n; i++)
		strbuf_addch(&sb, close);
	assert_string_equal(notes_of(name, sb.buf, sb.len, &nr, &info), want);
	strbuf_release(&sb);
}

/* The depth and size caps of the JSON, HCL and Python readers were
 * silent: what lay beyond them was not read and lint said nothing. */
static void test_scanner_caps_said(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	(void)state;
	nested_note("x.json", "", "{\"a\": ", 130, "{\"spark.jars\": \"x\"}",
		    '}',
		    "1 cap-reached: not checked past a cap: JSON nested deeper "
		    "than 128 levels");
	nested_note("main.tf", "x = ", "[", 70,
		    "{ \"spark.jars\" = \"x.jar\" }", ']',
		    "1 cap-reached: not checked past a cap: HCL nested deeper "
		    "than 64 levels");
	repeat_into(&sb, "os.system(\"spark-submit \" + ", "\"--verbose \" + ",
		    1000, "\"--jars x.jar app.py\")\n");
	assert_string_equal(notes_of("job.py", sb.buf, sb.len, &nr, &info),
			    "1 cap-reached: not checked past a cap: a string "
			    "expression of more than 32 pieces or 8192 bytes");
	strbuf_reset(&sb);
	for (int i = 0; i < 100; i++)
		strbuf_addf(&sb, "D%d = \"--verbose\"\n", i);
	strbuf_adds(&sb, "A = \"--verbose --jars x.jar\"\n"
			 "os.system(\"spark-submit \" + A + \" app.py\")\n");
	assert_string_equal(notes_of("job.py", sb.buf, sb.len, &nr, &info),
			    "65 cap-reached: not checked past a cap: more than "
			    "64 string variables");
	strbuf_release(&sb);
}

static void test_nesting_and_argv_caps(void **state)
{
	struct strbuf sb = STRBUF_INIT;
	struct lint_file_info info;
	size_t nr;

	(void)state;
	/* here-documents inside here-documents, ten deep */
	for (int i = 1; i <= 10; i++)
		strbuf_addf(&sb, "bash <<E%d\n", i);
	strbuf_adds(&sb, "spark-submit --jars x.jar app.py\n");
	for (int i = 10; i >= 1; i--)
		strbuf_addf(&sb, "E%d\n", i);
	assert_string_equal(notes_of("nest.sh", sb.buf, sb.len, &nr, &info),
			    "10 cap-reached: not checked past a cap: documents "
			    "nested deeper than 8");
	/* a JSON argument list of 5,000 words */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "{\"args\": [\"spark-submit\"");
	for (int i = 0; i < 5000; i++)
		strbuf_adds(&sb, ", \"-v\"");
	strbuf_adds(&sb, ", \"--jars\", \"x.jar\"]}\n");
	assert_string_equal(notes_of("a.json", sb.buf, sb.len, &nr, &info),
			    "1 cap-reached: not checked past a cap: a command "
			    "line of more than 4096 words");
	strbuf_release(&sb);
}

/* A scratch directory, removed by the test with "rm -rf". */
static char *scratch(void)
{
	char tmpl[] = "/tmp/jarbake-notes.XXXXXX";
	char *d = mkdtemp(tmpl);

	assert_non_null(d);
	return strdup(d);
}

static void rm_rf(const char *dir)
{
	char cmd[512];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
	assert_int_equal(system(cmd), 0);
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	assert_int_equal(fclose(f), 0);
}

static void test_walk_caps_and_stats(void **state)
{
	char *root = scratch();
	struct strbuf p = STRBUF_INIT;
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_walk_stats st;
	const char *paths[2];
	int fd;

	(void)state;
	/* a tree deeper than the cap, with a finding at the bottom */
	strbuf_adds(&p, root);
	for (int i = 0; i < LINT_MAX_DEPTH + 2; i++) {
		strbuf_adds(&p, "/d");
		assert_int_equal(mkdir(p.buf, 0755), 0);
	}
	strbuf_adds(&p, "/spark-defaults.conf");
	write_file(p.buf, "spark.jars x.jar\n");
	/* files of each kind */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/a.yaml", root);
	write_file(p.buf, "x: [\nspark.jars: y.jar\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/notes.txt", root);
	write_file(p.buf, "spark-submit --jars x.jar\n");
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/bin.conf", root);
	write_file(p.buf, "jar\n");
	fd = open(p.buf, O_WRONLY | O_APPEND);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "\0\0", 2), 2);
	close(fd);
	/* a file over the size cap, named */
	strbuf_reset(&p);
	strbuf_addf(&p, "%s/huge.conf", root);
	write_file(p.buf, "spark.jars x.jar\n");
	assert_int_equal(truncate(p.buf, (off_t)LINT_MAX_FILE_BYTES + 1), 0);
	paths[0] = root;
	paths[1] = p.buf;
	assert_int_equal(lint_paths(paths, 2, NULL, &f, &notes, &st, NULL), 0);
	findings_sort(&notes);
	assert_int_equal(notes.nr, 3);
	assert_string_equal(notes.items[0].rule, "parse-fallback");
	assert_int_equal(notes.items[0].line, 3);
	assert_string_equal(notes.items[1].rule, "cap-reached");
	assert_non_null(strstr(notes.items[1].message,
			       "directories deeper than 256 levels"));
	assert_string_equal(notes.items[2].rule, "cap-reached");
	assert_non_null(strstr(notes.items[2].file, "huge.conf"));
	assert_non_null(strstr(notes.items[2].message, "larger than 16 MiB"));
	/* the YAML file's line scan still found its key */
	assert_int_equal(f.nr, 1);
	assert_int_equal(st.fell_back[2 /* yaml */], 1);
	assert_int_equal(st.binary[1], 1);
	assert_int_equal(st.read[2 /* yaml */], 1);
	assert_int_equal(st.read[0 /* unknown: notes.txt */], 1);
	assert_int_equal(st.caps, 2);
	findings_release(&f);
	findings_release(&notes);
	strbuf_release(&p);
	rm_rf(root);
	free(root);
}

/* Lints root; the note of the entry named name, or NULL. */
static const char *special_note(const struct findings *notes, const char *name)
{
	for (size_t i = 0; i < notes->nr; i++) {
		const char *slash = strrchr(notes->items[i].file, '/');

		if (slash && !strcmp(slash + 1, name))
			return notes->items[i].message;
	}
	return NULL;
}

/* p set to root/name; its buffer. */
static const char *at(struct strbuf *p, const char *root, const char *name)
{
	strbuf_reset(p);
	strbuf_addf(p, "%s/%s", root, name);
	return p->buf;
}

static void test_walk_special_files(void **state)
{
	char *root = scratch();
	struct strbuf p = STRBUF_INIT;
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_walk_stats st;
	const char *paths[1] = {root};
	static const char *const want[][2] = {
	    {"fifo.sh", "not checked: a FIFO, not a regular file"},
	    {"dangling.sh", "not checked: a symbolic link to nothing, not a "
			    "regular file"},
	    {"loop", "not checked: a symbolic link to nothing, not a regular "
		     "file"},
	    {"root", "not checked: a symbolic link to a directory, not a "
		     "regular file"},
	    {"up", "not checked: a symbolic link to a directory, not a "
		   "regular file"},
	    {"null.sh", "not checked: a symbolic link to a special file, not "
			"a regular file"},
	    {".gitignore", "not checked: a FIFO, not a regular file"},
	};

	(void)state;
	/* a FIFO must not block the walk, links must not loop it or take
	 * it out of the tree: each is said and counted, never silent */
	assert_int_equal(mkfifo(at(&p, root, "fifo.sh"), 0644), 0);
	assert_int_equal(mkfifo(at(&p, root, "ignored.fifo"), 0644), 0);
	write_file(at(&p, root, ".jarbakeignore"), "*.fifo\n");
	assert_int_equal(symlink("nowhere.sh", at(&p, root, "dangling.sh")), 0);
	assert_int_equal(symlink("loop", at(&p, root, "loop")), 0);
	assert_int_equal(symlink("/", at(&p, root, "root")), 0);
	assert_int_equal(symlink("..", at(&p, root, "up")), 0);
	assert_int_equal(symlink("/dev/null", at(&p, root, "null.sh")), 0);
	/* ignore files that are FIFOs are not read (they blocked) */
	assert_int_equal(mkdir(at(&p, root, ".git"), 0755), 0);
	assert_int_equal(mkdir(at(&p, root, ".git/info"), 0755), 0);
	assert_int_equal(mkfifo(at(&p, root, ".git/info/exclude"), 0644), 0);
	assert_int_equal(mkdir(at(&p, root, "sub"), 0755), 0);
	assert_int_equal(mkfifo(at(&p, root, "sub/.gitignore"), 0644), 0);
	/* a link to a file is read */
	write_file(at(&p, root, "real.sh"), "spark-submit --jars x.jar a.py\n");
	assert_int_equal(symlink("real.sh", at(&p, root, "link.sh")), 0);
	assert_int_equal(lint_paths(paths, 1, NULL, &f, &notes, &st, NULL), 0);
	assert_int_equal(f.nr, 2);
	assert_int_equal(notes.nr, 7);
	assert_int_equal(st.special, 7);
	for (size_t i = 0; i < sizeof(want) / sizeof(want[0]); i++) {
		const char *got = special_note(&notes, want[i][0]);

		assert_non_null(got);
		assert_string_equal(got, want[i][1]);
	}
	for (size_t i = 0; i < notes.nr; i++)
		assert_string_equal(notes.items[i].rule, LINT_NOTE_SKIPPED);
	findings_release(&f);
	findings_release(&notes);
	strbuf_release(&p);
	rm_rf(root);
	free(root);
}

static void test_ignore_work_cap(void **state)
{
	char *root = scratch();
	struct strbuf p = STRBUF_INIT, pats = STRBUF_INIT;
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_walk_stats st;
	const char *paths[1] = {root};

	(void)state;
	/* 10,000 patterns that each take thousands of steps, over 300
	 * files 30 directories down: 64 s before, patterns x paths x
	 * steps; now the patterns stop applying at the cap, said once */
	for (int i = 0; i < 10000; i++) {
		strbuf_adds(&pats, "**/");
		for (int j = 0; j < 20; j++)
			strbuf_adds(&pats, "*a");
		strbuf_addf(&pats, "*%db\n", i);
	}
	write_file(at(&p, root, ".gitignore"), pats.buf);
	strbuf_reset(&p);
	strbuf_adds(&p, root);
	for (int i = 0; i < 30; i++) {
		strbuf_adds(&p, "/aaaaaaaaaaaaaaaaaaaa");
		assert_int_equal(mkdir(p.buf, 0755), 0);
	}
	for (int i = 0; i < 300; i++) {
		size_t len = p.len;

		strbuf_addf(&p, "/f%d.sh", i);
		write_file(p.buf, "spark-submit --jars x.jar a.py\n");
		p.len = len;
		p.buf[len] = '\0';
	}
	assert_int_equal(lint_paths(paths, 1, NULL, &f, &notes, &st, NULL), 0);
	assert_int_equal(f.nr, 300);
	assert_int_equal(notes.nr, 1);
	assert_string_equal(notes.items[0].rule, "cap-reached");
	assert_non_null(
	    strstr(notes.items[0].message, "ignore patterns not applied"));
	assert_int_equal(st.caps, 1);
	findings_release(&f);
	findings_release(&notes);
	strbuf_release(&p);
	strbuf_release(&pats);
	rm_rf(root);
	free(root);
}

static void test_findings_caps(void **state)
{
	char *root = scratch();
	struct strbuf p = STRBUF_INIT, text = STRBUF_INIT;
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_walk_stats st;
	const char *paths[1] = {root};
	size_t per_file = 0, in_all = 0;

	(void)state;
	/* four files of 12,000 findings: 10,000 kept a file, 25,000 in all
	 * (a report of millions took gigabytes), each cap said */
	for (int i = 0; i < 12000; i++)
		strbuf_adds(&text, "spark-submit --jars x.jar a.py\n");
	for (int i = 0; i < 4; i++) {
		char name[16];

		snprintf(name, sizeof(name), "f%d.sh", i);
		write_file(at(&p, root, name), text.buf);
	}
	assert_int_equal(lint_paths(paths, 1, NULL, &f, &notes, &st, NULL), 0);
	assert_int_equal(f.nr, LINT_MAX_FINDINGS);
	for (size_t i = 0; i < notes.nr; i++) {
		per_file += !!strstr(notes.items[i].message,
				     "more than 10000 findings in one file");
		in_all += !!strstr(notes.items[i].message,
				   "more than 25000 findings in all");
	}
	assert_int_equal(per_file, 4);
	assert_int_equal(in_all, 1);
	findings_release(&f);
	findings_release(&notes);
	strbuf_release(&p);
	strbuf_release(&text);
	rm_rf(root);
	free(root);
}

static void test_glob_linear(void **state)
{
	struct strbuf pat = STRBUF_INIT, path = STRBUF_INIT;

	(void)state;
	/* "**" + "/" twenty-five times over a 30-level path: exponential
	 * before (17.8 s), a table of position pairs now */
	for (int i = 0; i < 25; i++)
		strbuf_adds(&pat, "**/");
	strbuf_adds(&pat, "x");
	for (int i = 0; i < 30; i++)
		strbuf_adds(&path, "a/");
	strbuf_adds(&path, "y");
	assert_false(lint_glob_match(pat.buf, path.buf));
	path.buf[path.len - 1] = 'x';
	assert_true(lint_glob_match(pat.buf, path.buf));
	strbuf_reset(&pat);
	for (int i = 0; i < 20; i++)
		strbuf_adds(&pat, "*a");
	strbuf_adds(&pat, "c");
	assert_false(lint_glob_match(pat.buf, path.buf));
	assert_true(lint_glob_match("**/**/a/**/x", path.buf));
	assert_false(lint_glob_match("**/**/b/**/x", path.buf));
	strbuf_release(&pat);
	strbuf_release(&path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_fallback),
	    cmocka_unit_test(test_yaml_depth_cap),
	    cmocka_unit_test(test_words_cap),
	    cmocka_unit_test(test_shell_variable_caps),
	    cmocka_unit_test(test_scanner_caps_said),
	    cmocka_unit_test(test_nesting_and_argv_caps),
	    cmocka_unit_test(test_walk_caps_and_stats),
	    cmocka_unit_test(test_walk_special_files),
	    cmocka_unit_test(test_ignore_work_cap),
	    cmocka_unit_test(test_findings_caps),
	    cmocka_unit_test(test_glob_linear),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
