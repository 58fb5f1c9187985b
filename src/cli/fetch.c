#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jar/classes.h"
#include "cli/cli.h"
#include "cli/outopts.h"
#include "cli/netopts.h"
#include "core/clock.h"
#include "core/error.h"
#include "core/findings.h"
#include "out/report.h"
#include "out/term.h"
#include "fetch/fetch.h"
#include "manifest/manifest.h"
#include "out/progress.h"
#include "core/xalloc.h"
#include "out/errors.h"
#include "jar/bytecode.h"

/*
 * Warns about classes that two of the manifest's JARs both provide, before
 * any image exists (verify --classes fails on them later).
 */
static void warn_class_conflicts(const struct manifest *m, const char *dir)
{
	struct findings findings = FINDINGS_INIT;

	classes_check_dir(m, dir, &findings);
	report_print(stderr, REPORT_TEXT, &findings, "fetch");
	findings_release(&findings);
}

/* fetch's report of a stale JAR it removed (an earlier version). */
static void print_removed(const char *path, void *arg)
{
	(void)arg;
	fputs("removed stale ", stderr);
	term_fputs_printable(path, stderr);
	fputc('\n', stderr);
}

static void usage(FILE *out)
{
	fputs(
	    "usage: jarbake fetch [-o DIR] [--cache DIR] [--mirror URL] "
	    "[-j N] [--offline]\n"
	    "                     [--cacert FILE] [-f text|json | -q]\n"
	    "\n"
	    "Downloads every JAR of the manifest, checks its sha256 (and "
	    "size)\n"
	    "and places it in DIR; DIR ends up holding exactly the manifest's "
	    "JARs.\n"
	    "\n"
	    "  -o, --output DIR        where the JARs go (default "
	    "build/<image.name>/jars)\n",
	    out);
	netopts_usage(out);
	outopts_usage(out, OUTOPTS_TEXT_JSON);
	fputs(
	    "      --check-sidecars    also check pinned JARs against the "
	    "repository's\n"
	    "                          .sha256/.sha512/.sha1 files\n"
	    "  -m, --manifest FILE     the JAR manifest\n"
	    "  -h, --help              show this help\n"
	    "\n"
	    "exit status: 0 every JAR verified and in place; 1 a sha256, size "
	    "or\n"
	    "checksum-file mismatch; 2 invalid manifest, unpinned JAR or bad "
	    "option;\n"
	    "3 network or disk failure after retries, or --offline and a JAR "
	    "is not\n"
	    "in the cache.\n",
	    out);
}

enum { OPT_CHECK_SIDECARS = 512 };

int cmd_fetch(int argc, char **argv, const struct cli *cli)
{
	static const struct option options[] = {
	    {"output", required_argument, NULL, 'o'},
	    NETOPTS_LONG,
	    OUTOPTS_LONG,
	    {"check-sidecars", no_argument, NULL, OPT_CHECK_SIDECARS},
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;
	struct fetch_options o;
	struct fetch_result *results = NULL;
	struct progress_view view;
	const char *manifest_path = cli_manifest_path(cli);
	char *dest = NULL, *cache_dir = NULL;
	struct outopts fmt = {OUTOPTS_TEXT_JSON, REPORT_TEXT, false};
	bool json, quiet;
	double t0 = clock_seconds();
	int code = EXIT_OK, c, r;
	const struct cli_common cc = {"fetch", usage, &manifest_path, &o, &fmt};

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "o:m:h" NETOPTS_SHORT OUTOPTS_SHORT,
				options, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.dest_dir = optarg;
			break;
		case OPT_CHECK_SIDECARS:
			o.check_sidecars = true;
			break;
		default:
			r = cli_common_option(&cc, c, optarg);
			if (r != CLI_OPTION_TAKEN)
				return cli_finish(r);
		}
	}
	if (optind < argc)
		return cli_usage_error("fetch", "unexpected argument '%s'",
				       argv[optind]);
	if (outopts_check("fetch", &fmt))
		return EXIT_USAGE;
	json = fmt.format == REPORT_JSON;
	quiet = fmt.quiet;
	cache_dir = netopts_defaults(&o);
	if (!json && !quiet)
		o.on_removed = print_removed;
	progress_view_init(&view,
			   json || quiet	  ? PROGRESS_NONE
			   : cli_stderr_is_live() ? PROGRESS_LIVE
						  : PROGRESS_LINES,
			   stderr);
	o.events = &view.events;

	if (manifest_load(&m, manifest_path, &e)) {
		code = err_print(&e);
		goto out;
	}
	if (!o.dest_dir)
		o.dest_dir = dest = xasprintf("build/%s/jars", m.image.name);
	results = xcalloc(m.nr_jars ? m.nr_jars : 1, sizeof(*results));
	if (fetch_run(&m, &o, results, &e)) {
		bool printed = false;

		for (size_t i = 0; i < m.nr_jars; i++)
			if (!results[i].ok && results[i].error.set) {
				err_print(&results[i].error);
				printed = true;
			}
		if (!printed)
			err_print(&e);
		code = e.code ? (int)e.code : EXIT_IO;
	}
	if (code == EXIT_OK && !quiet && !json)
		warn_class_conflicts(&m, o.dest_dir);
	if (code == EXIT_OK && m.image.java_version) {
		struct findings f = FINDINGS_INIT;

		if (bytecode_check_dir(&m, o.dest_dir, &f))
			code = EXIT_CHECK;
		report_print(stderr, REPORT_TEXT, &f, "fetch");
		findings_release(&f);
	}
	if (json) {
		progress_print_json(stdout, &m, results, code);
	} else if (!quiet && code == EXIT_OK) {
		uint64_t total = 0;
		size_t cached = 0;
		char size[32];

		for (size_t i = 0; i < m.nr_jars; i++) {
			total += results[i].size;
			cached += results[i].from_cache;
		}
		fprintf(stderr,
			"jarbake: %zu JAR%s (%s, %zu from the cache) in '%s' "
			"in %.2fs\n",
			m.nr_jars, m.nr_jars == 1 ? "" : "s",
			progress_format_size(total, size, sizeof(size)), cached,
			o.dest_dir, clock_seconds() - t0);
	}
out:
	progress_view_release(&view);
	free(cache_dir);
	free(results);
	free(dest);
	manifest_release(&m);
	return cli_finish(code);
}
