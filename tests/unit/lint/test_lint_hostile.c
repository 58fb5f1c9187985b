/* Lint on hostile input: work linear in the input. Each input here took
 * minutes before (quadratic: every finding walked its file or its line
 * from the start); an alarm fails a test that hangs again. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/strbuf.h"
#include "lint/lint.h"

/* Far above what linear work takes, even under ASan and valgrind. */
#define HANG_SECONDS 120

static void hang(int sig)
{
	static const char msg[] = "lint hung on hostile input\n";

	(void)sig;
	if (write(2, msg, sizeof(msg) - 1) < 0)
		_exit(98);
	_exit(99);
}

static int arm(void **state)
{
	(void)state;
	signal(SIGALRM, hang);
	alarm(HANG_SECONDS);
	return 0;
}

static int disarm(void **state)
{
	(void)state;
	alarm(0);
	return 0;
}

/* s repeated n times, between head and tail. */
static void repeat(struct strbuf *sb, const char *head, const char *s, size_t n,
		   const char *tail)
{
	strbuf_reset(sb);
	strbuf_adds(sb, head);
	for (size_t i = 0; i < n; i++)
		strbuf_adds(sb, s);
	strbuf_adds(sb, tail);
}

/* Lints sb as name; checks the count of findings and the place of the
 * last one. */
static void expect(const char *name, const struct strbuf *sb, size_t nr,
		   unsigned line, unsigned col)
{
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;

	assert_int_equal(
	    lint_file(name, sb->buf, sb->len, &f, &notes, NULL, NULL), 0);
	assert_int_equal(f.nr, nr);
	assert_int_equal(f.items[f.nr - 1].line, line);
	assert_int_equal(f.items[f.nr - 1].column, col);
	findings_release(&f);
	findings_release(&notes);
}

/* Findings a file keeps (LINT_FILE_FINDINGS_MAX): the inputs make that
 * many, far apart, so that a walk per finding costs minutes. */
#define N 10000

/* A finding (the finding's text) then fill bytes of filler (": aaa;"). */
static const char *spaced(struct strbuf *u, const char *finding, size_t fill)
{
	strbuf_reset(u);
	strbuf_adds(u, finding);
	strbuf_adds(u, " : ");
	for (size_t i = 0; i < fill; i++)
		strbuf_addch(u, 'a');
	strbuf_adds(u, ";");
	return u->buf;
}

static void test_many_findings(void **state)
{
	struct strbuf sb = STRBUF_INIT, u = STRBUF_INIT;

	(void)state;
	/* a finding every 100 lines of a million: the suppression check
	 * went back a line and restarted from line 1 (minutes) */
	strbuf_adds(&u, "spark-submit --jars x.jar a.py\n");
	for (int i = 0; i < 99; i++)
		strbuf_adds(&u, ":\n");
	repeat(&sb, "", u.buf, N, "");
	expect("a.sh", &sb, N, 1 + 100 * (N - 1), 14);
	/* on one line: each counted the line's characters and read all of
	 * it for a suppression */
	repeat(&sb, "", spaced(&u, "spark-submit --jars x.jar a.py;", 300), N,
	       "\n");
	expect("a.sh", &sb, N, 1, 14 + (unsigned)u.len * (N - 1));
	/* in a YAML string: each walked the scalar */
	repeat(&sb, "x: \"", u.buf, N, "\"\n");
	expect("v.yaml", &sb, N, 1, 18 + (unsigned)u.len * (N - 1));
	/* after a character of two bytes: columns count characters */
	repeat(&sb, "\xc3\xa9: \"", u.buf, N, "\"\n");
	expect("v.yaml", &sb, N, 1, 18 + (unsigned)u.len * (N - 1));
	strbuf_release(&sb);
	strbuf_release(&u);
}

static void test_long_json_strings(void **state)
{
	struct strbuf sb = STRBUF_INIT, u = STRBUF_INIT;

	(void)state;
	/* in one JSON string: each walked the string from its quote and
	 * the file from its start (16,000 close together: 5 s) */
	spaced(&u, "spark-submit --jars x.jar a.py;", 300);
	repeat(&sb, "{\"cmd\": \"", u.buf, N, "\"}");
	expect("x.json", &sb, N, 1, 23 + (unsigned)u.len * (N - 1));
	/* in a notebook cell's source line (16,000 close together: 9 s) */
	repeat(&sb,
	       "{\"nbformat\": 4, \"metadata\": {}, \"cells\": [{"
	       "\"cell_type\": \"code\", \"source\": [\"!",
	       u.buf, N, "\"]}]}");
	expect("nb.ipynb", &sb, N, 1, 91 + (unsigned)u.len * (N - 1));
	strbuf_release(&sb);
	strbuf_release(&u);
}

static void test_long_yaml_line(void **state)
{
	struct strbuf sb = STRBUF_INIT, u = STRBUF_INIT;

	(void)state;
	/* pairs of a flow mapping on one line: each scalar's place was
	 * found by walking the line from its start (80,000: 425 s) */
	strbuf_adds(&u, "k: spark-submit --jars, f: ");
	for (int i = 0; i < 300; i++)
		strbuf_addch(&u, 'a');
	strbuf_adds(&u, ",");
	repeat(&sb, "x: {", u.buf, N, "}\n");
	expect("v.yaml", &sb, N, 1, 21 + (unsigned)u.len * (N - 1));
	strbuf_release(&sb);
	strbuf_release(&u);
}

/* Lints sb as name: no finding, one note, that of a cap reached. */
static void expect_cap(const char *name, const struct strbuf *sb,
		       const char *message)
{
	struct findings f = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_file_info info;

	assert_int_equal(
	    lint_file(name, sb->buf, sb->len, &f, &notes, &info, NULL), 0);
	assert_int_equal(f.nr, 0);
	assert_int_equal(notes.nr, 1);
	assert_string_equal(notes.items[0].rule, LINT_NOTE_CAP);
	assert_string_equal(notes.items[0].message, message);
	assert_int_equal(info.caps, 1);
	findings_release(&f);
	findings_release(&notes);
}

/* n levels of flow sequence, each opened by level, around a Spark key:
 * libyaml must stop at the depth cap. */
static void expect_depth_cap(struct strbuf *sb, const char *level, int n)
{
	repeat(sb, "x: ", level, (size_t)n, "{spark.jars: /x.jar}");
	for (int i = 0; i < n; i++)
		strbuf_addch(sb, ']');
	expect_cap("v.yaml", sb,
		   "not checked past a cap: YAML nested "
		   "deeper than 64 levels");
}

static void test_libyaml_costs(void **state)
{
	struct strbuf sb = STRBUF_INIT;

	(void)state;
	/* 200,000 flow sequences in each other: libyaml's scanner reads
	 * its whole stack of them for each token (80 KB: 6 s) */
	expect_depth_cap(&sb, "[", 200000);
	/* the same, each level's closer hidden in a quoted scalar before it
	 * (a count of brackets alone sees no depth) */
	expect_depth_cap(&sb, "[\"]\", ", 20000);
	/* 30,000 anchors, each used: libyaml looks an alias up among
	 * every anchor before it (16,000: 3 s) */
	strbuf_reset(&sb);
	strbuf_adds(&sb, "a0: &a0 {spark.jars: /x.jar}\n");
	for (int i = 1; i < 30000; i++)
		strbuf_addf(&sb, "a%d: &a%d [*a%d]\n", i, i, i - 1);
	expect_cap("v.yaml", &sb,
		   "not checked past a cap: YAML anchors x "
		   "(anchors + aliases) over 16777216");
	strbuf_release(&sb);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test_setup_teardown(test_many_findings, arm, disarm),
	    cmocka_unit_test_setup_teardown(test_long_yaml_line, arm, disarm),
	    cmocka_unit_test_setup_teardown(test_long_json_strings, arm,
					    disarm),
	    cmocka_unit_test_setup_teardown(test_libyaml_costs, arm, disarm),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
