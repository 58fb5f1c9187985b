#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "jar/classes.h"
#include "cli/cli.h"
#include "core/error.h"
#include "core/findings.h"
#include "jar/jar.h"
#include "out/report.h"
#include "core/term.h"
#include "fetch/fetch.h"
#include "manifest/manifest.h"
#include "out/progress.h"
#include "core/xalloc.h"
#include "verify/bytecode.h"

/*
 * Warns about classes that two of the manifest's JARs both provide, before
 * any image exists (verify --classes fails on them later; allowed pairs
 * show as notes with their reason), when warn; with image.java_version,
 * fails JARs whose bytecode is too new for it. Returns the errors.
 */
static size_t check_jars(const struct manifest *m, const char *dir, bool warn)
{
	struct jar_info *infos = xcalloc(m->nr_jars + 1, sizeof(*infos));
	struct classes_jar *jars = xcalloc(m->nr_jars + 1, sizeof(*jars));
	struct class_conflicts conflicts = CLASS_CONFLICTS_INIT;
	struct findings findings = FINDINGS_INIT;
	unsigned java = m->image.java_version;
	char *source = xasprintf("image.java_version in '%s'", m->path);
	size_t nr = 0, errors;

	for (size_t i = 0; i < m->nr_jars; i++) {
		struct error e = ERROR_INIT;
		char *path = xasprintf("%s/%s", dir, m->jars[i].file);

		if (!jar_read_file(path,
				   (warn ? JAR_READ_CLASSES : 0) |
				       (java ? JAR_READ_VERSIONS : 0),
				   &infos[i], &e)) {
			jars[nr++] =
			    (struct classes_jar){m->jars[i].file, &infos[i]};
			bytecode_check(path, &infos[i], java, source,
				       &findings);
		}
		free(path);
	}
	if (warn) {
		classes_find_conflicts(jars, nr, &conflicts);
		classes_apply_allowed(&conflicts, m);
		classes_report(&conflicts, dir, SEVERITY_WARNING, &findings);
	}
	findings_sort(&findings);
	report_print(stderr, REPORT_TEXT, &findings, "fetch");
	errors = findings_count(&findings, SEVERITY_ERROR);
	free(source);
	findings_release(&findings);
	class_conflicts_release(&conflicts);
	for (size_t i = 0; i < m->nr_jars; i++)
		jar_info_release(&infos[i]);
	free(jars);
	free(infos);
	return errors;
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
	    "                     [--cacert FILE] [--json | -q]\n"
	    "\n"
	    "Downloads every JAR of the manifest, checks its sha256 (and "
	    "size)\n"
	    "and places it in DIR; DIR ends up holding exactly the manifest's "
	    "JARs.\n"
	    "\n"
	    "  -o, --output DIR        where the JARs go (default "
	    "build/<image.name>/jars)\n"
	    "      --cache DIR         the download cache (default "
	    "$JARBAKE_CACHE,\n"
	    "                          $XDG_CACHE_HOME/jarbake, "
	    "~/.cache/jarbake)\n"
	    "      --mirror URL        replaces the repository of Maven JARs "
	    "(env\n"
	    "                          JARBAKE_MIRROR)\n"
	    "  -j, --jobs N            concurrent downloads (default 8)\n"
	    "      --offline           use only the cache; list what is "
	    "missing\n"
	    "      --cacert FILE       also trust the CA certificates in FILE\n"
	    "      --check-sidecars    also check pinned JARs against the "
	    "repository's\n"
	    "                          .sha256/.sha512/.sha1 files\n"
	    "      --allow-http        allow plain http to non-loopback "
	    "hosts\n"
	    "      --retries N         retries of a failed download "
	    "(default 4)\n"
	    "      --retry-delay MS    first backoff delay (default 500)\n"
	    "      --connect-timeout S connect timeout (default 15)\n"
	    "      --timeout S         abort a transfer below 1 KiB/s for S "
	    "seconds\n"
	    "                          (default 30)\n"
	    "      --json              one JSON document on standard output\n"
	    "  -q, --quiet             print nothing but errors\n"
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

enum {
	OPT_CACHE = 256,
	OPT_MIRROR,
	OPT_OFFLINE,
	OPT_CACERT,
	OPT_ALLOW_HTTP,
	OPT_JSON,
	OPT_RETRIES,
	OPT_RETRY_DELAY,
	OPT_CONNECT_TIMEOUT,
	OPT_TIMEOUT,
	OPT_CHECK_SIDECARS,
};

int cmd_fetch(int argc, char **argv, const struct cli *cli)
{
	static const struct option options[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"cache", required_argument, NULL, OPT_CACHE},
	    {"mirror", required_argument, NULL, OPT_MIRROR},
	    {"jobs", required_argument, NULL, 'j'},
	    {"offline", no_argument, NULL, OPT_OFFLINE},
	    {"cacert", required_argument, NULL, OPT_CACERT},
	    {"allow-http", no_argument, NULL, OPT_ALLOW_HTTP},
	    {"check-sidecars", no_argument, NULL, OPT_CHECK_SIDECARS},
	    {"json", no_argument, NULL, OPT_JSON},
	    {"quiet", no_argument, NULL, 'q'},
	    {"retries", required_argument, NULL, OPT_RETRIES},
	    {"retry-delay", required_argument, NULL, OPT_RETRY_DELAY},
	    {"connect-timeout", required_argument, NULL, OPT_CONNECT_TIMEOUT},
	    {"timeout", required_argument, NULL, OPT_TIMEOUT},
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;
	struct fetch_options o;
	struct fetch_result *results = NULL;
	const char *manifest_path = cli_manifest_path(cli);
	char *dest = NULL;
	bool json = false, quiet = false;
	double t0 = progress_now();
	int code = EXIT_OK, c;
	long v;

	memset(&o, 0, sizeof(o));
	while ((c = getopt_long(argc, argv, "o:j:qm:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			o.dest_dir = optarg;
			break;
		case OPT_CACHE:
			o.cache_dir = optarg;
			break;
		case OPT_MIRROR:
			o.mirror = optarg;
			break;
		case 'j':
			if (cli_parse_number(optarg, 1, 64, &v))
				return cli_usage_error(
				    "fetch", "-j wants 1 to 64, not '%s'",
				    optarg);
			o.jobs = (int)v;
			break;
		case OPT_OFFLINE:
			o.offline = true;
			break;
		case OPT_CACERT:
			o.cacert = optarg;
			break;
		case OPT_CHECK_SIDECARS:
			o.check_sidecars = true;
			break;
		case OPT_ALLOW_HTTP:
			o.allow_http = true;
			break;
		case OPT_JSON:
			json = true;
			break;
		case 'q':
			quiet = true;
			break;
		case OPT_RETRIES:
			if (cli_parse_number(optarg, 0, 100, &v))
				return cli_usage_error(
				    "fetch",
				    "--retries wants 0 to 100, not '%s'",
				    optarg);
			o.retries = v ? (int)v : -1;
			break;
		case OPT_RETRY_DELAY:
			if (cli_parse_number(optarg, 1, 600000, &v))
				return cli_usage_error(
				    "fetch",
				    "--retry-delay wants milliseconds, "
				    "not '%s'",
				    optarg);
			o.retry_delay_ms = (unsigned)v;
			break;
		case OPT_CONNECT_TIMEOUT:
		case OPT_TIMEOUT:
			if (cli_parse_number(optarg, 1, 3600, &v))
				return cli_usage_error(
				    "fetch",
				    "%s wants 1 to 3600 seconds, "
				    "not '%s'",
				    c == OPT_TIMEOUT ? "--timeout"
						     : "--connect-timeout",
				    optarg);
			if (c == OPT_TIMEOUT)
				o.stall_timeout_s = (unsigned)v;
			else
				o.connect_timeout_s = (unsigned)v;
			break;
		case 'm':
			manifest_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return cli_finish(EXIT_OK);
		default:
			return cli_option_error("fetch");
		}
	}
	if (optind < argc)
		return cli_usage_error("fetch", "unexpected argument '%s'",
				       argv[optind]);
	if (json && quiet)
		return cli_usage_error("fetch", "--json and -q exclude each "
						"other");
	if (!o.mirror) {
		const char *env = getenv("JARBAKE_MIRROR");

		if (env && *env)
			o.mirror = env;
	}
	if (!json && !quiet)
		o.on_removed = print_removed;
	o.output = json	   ? FETCH_OUTPUT_JSON
		   : quiet ? FETCH_OUTPUT_QUIET
			   : FETCH_OUTPUT_AUTO;

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
	if (code == EXIT_OK && (m.image.java_version || (!quiet && !json)) &&
	    check_jars(&m, o.dest_dir, !quiet && !json))
		code = EXIT_CHECK;
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
			o.dest_dir, progress_now() - t0);
	}
out:
	free(results);
	free(dest);
	manifest_release(&m);
	return cli_finish(code);
}
