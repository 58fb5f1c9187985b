#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>

#include "cli/cli.h"
#include "cli/outopts.h"
#include "core/error.h"
#include "core/findings.h"
#include "out/term.h"
#include "lint/lint.h"
#include "lint/lint_walk.h"
#include "out/lint_stats.h"
#include "out/report.h"
#include "out/errors.h"

static void usage(FILE *out)
{
	fputs("usage: jarbake lint [-f text|json|sarif|github] [--exit-zero] "
	      "[-q] [--stats]\n"
	      "                    [PATH...]\n"
	      "\n"
	      "Finds every config that adds JARs at run time (--jars, "
	      "--packages,\n"
	      "spark.jars*, extraClassPath, addJar...) in PATH (default '.'):\n"
	      "spark-defaults.conf and properties, YAML, JSON and notebooks, "
	      "shell,\n"
	      "Dockerfiles, Makefiles, .env, Python, Scala and Java.\n"
	      "\n",
	      out);
	outopts_usage(out, OUTOPTS_ALL);
	fputs("      --exit-zero         exit 0 even when there are findings "
	      "(for reports\n"
	      "                          that a later step uploads)\n"
	      "      --no-ignore         do not honour .gitignore and "
	      ".jarbakeignore\n"
	      "      --stats             print per format the files read, "
	      "those that fell\n"
	      "                          back to a tolerant scan and those "
	      "skipped (stderr)\n"
	      "  -m, --manifest FILE     the JAR manifest (unused)\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "Suppress one finding with a comment on its line or the line "
	      "above:\n"
	      "  # jarbake: allow RULE -- REASON\n"
	      "\n"
	      "exit status: 0 no finding (or --exit-zero), 1 findings,\n"
	      "2 usage error or unreadable input, 3 output lost.\n",
	      out);
}

static void print_error(const struct error *e, void *data)
{
	(void)data;
	err_print(e);
}

/* What could not be checked: "jarbake: FILE:LINE: warning: ..." */
static void print_notes(const struct findings *notes)
{
	for (size_t i = 0; i < notes->nr; i++) {
		const struct finding *it = &notes->items[i];

		fputs("jarbake: ", stderr);
		term_fputs_printable(it->file, stderr);
		if (it->line)
			fprintf(stderr, ":%u", it->line);
		fputs(": warning: ", stderr);
		term_fputs_printable(it->message, stderr);
		fprintf(stderr, " [%s]\n", it->rule);
	}
}

int cmd_lint(int argc, char **argv, const struct cli *cli)
{
	enum { OPT_NO_IGNORE = 256, OPT_EXIT_ZERO, OPT_STATS };
	static const struct option options[] = {
	    OUTOPTS_LONG,
	    {"no-ignore", no_argument, NULL, OPT_NO_IGNORE},
	    {"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
	    {"stats", no_argument, NULL, OPT_STATS},
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	static const char *const dot[] = {"."};
	struct lint_walk_options opt = {false, print_error, NULL};
	struct findings findings = FINDINGS_INIT, notes = FINDINGS_INIT;
	struct lint_walk_stats stats;
	bool want_stats = false;
	struct outopts out = {OUTOPTS_ALL, REPORT_TEXT, false};
	struct report_run run;
	const char *const *paths = dot;
	size_t nr_paths = 1;
	bool exit_zero = false;
	int c, r, code, failed;
	const struct cli_common cc = {"lint", usage, NULL, NULL, &out};
	while ((c = getopt_long(argc, argv, "m:h" OUTOPTS_SHORT, options,
				NULL)) != -1) {
		switch (c) {
		case OPT_NO_IGNORE:
			opt.no_ignore = true;
			break;
		case OPT_STATS:
			want_stats = true;
			break;
		case OPT_EXIT_ZERO:
			exit_zero = true;
			break;
		default:
			r = cli_common_option(&cc, c, optarg);
			if (r != CLI_OPTION_TAKEN)
				return cli_finish(r);
		}
	}
	if (outopts_check("lint", &out))
		return EXIT_USAGE;
	if (optind < argc) {
		paths = (const char *const *)argv + optind;
		nr_paths = (size_t)(argc - optind);
	}
	failed =
	    lint_paths(paths, nr_paths, &opt, &findings, &notes, &stats, NULL);
	findings_sort(&findings);
	findings_sort(&notes);
	/* what could not be checked is never silent */
	print_notes(&notes);
	if (want_stats)
		report_lint_stats(stderr, &stats);
	cli_report_run(&run, cli, "lint", NULL);
	run.notes = &notes;
	if (!out.quiet && report_print_run(stdout, out.format, &findings, &run))
		code = EXIT_IO;
	else if (failed)
		code = EXIT_USAGE;
	else
		code = findings.nr && !exit_zero ? EXIT_CHECK : EXIT_OK;
	findings_release(&findings);
	findings_release(&notes);
	return cli_finish(code);
}
