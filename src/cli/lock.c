#include <getopt.h>
#include <inttypes.h>
#include <limits.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "cli/outopts.h"
#include "out/lock_output.h"
#include "cli/netopts.h"
#include "out/report.h"
#include "core/error.h"
#include "fetch/lock.h"
#include "out/progress.h"
#include "core/xalloc.h"
#include "out/errors.h"

/* More --set options than any manifest has JARs is a mistake. */
#define LOCK_MAX_SETS 4096

static void usage(FILE *out)
{
	fputs(
	    "usage: jarbake lock [--set NAME=VERSION]... [--mirror URL] "
	    "[--force]\n"
	    "                    [--base IMAGE [--ref REF]] [--base-image REF "
	    "[--platform P]]\n"
	    "                    [--insecure-registry HOST] [--cacert FILE] "
	    "[--cache DIR]\n"
	    "                    [-j N] [--offline] [--retries N] [-n] "
	    "[-f text|json | -q]\n"
	    "\n"
	    "Downloads every JAR of the manifest, pins its sha256 and size, "
	    "and\n"
	    "rewrites the manifest in place keeping its key order and "
	    "formatting.\n"
	    "\n"
	    "      --set NAME=VERSION  change JAR NAME to VERSION first "
	    "(repeatable)\n"
	    "      --force             accept a new hash for an unchanged "
	    "version\n"
	    "      --base IMAGE        also pin the JAR set of the base image "
	    "IMAGE\n"
	    "                          (docker-archive, oci-archive or OCI "
	    "directory)\n"
	    "      --ref REF           which image of a multi-image archive\n"
	    "      --base-image REF    also pin image.base by digest and its "
	    "layers\n"
	    "                          (base_layers), and its JARs as --base; "
	    "REF:\n"
	    "                          docker://HOST/REPO:TAG, an archive or "
	    "OCI directory\n"
	    "      --platform P        the image of a registry index (default: "
	    "this\n"
	    "                          machine's)\n"
	    "      --insecure-registry HOST  plain http to HOST allowed\n",
	    out);
	netopts_usage(out);
	fputs("  -n, --dry-run           show what would change; write "
	      "nothing\n",
	      out);
	outopts_usage(out, OUTOPTS_TEXT_JSON);
	fputs("  -m, --manifest FILE     the JAR manifest\n"
	      "  -h, --help              show this help\n"
	      "\n"
	      "exit status: 0 done, 1 a pinned JAR changed for the same "
	      "version,\n"
	      "2 usage error or invalid manifest, 3 network or I/O failure.\n",
	      out);
}

static void print_jar(const struct lock_jar *j)
{
	switch (j->status) {
	case LOCK_PINNED:
		printf("pinned    %s %s  sha256:%.12s  %" PRIu64 " bytes\n",
		       j->name, j->new_version, j->new_sha256, j->new_size);
		break;
	case LOCK_BUMPED:
		printf("bumped    %s %s -> %s  sha256:%.12s  %" PRIu64
		       " bytes\n",
		       j->name, j->old_version, j->new_version, j->new_sha256,
		       j->new_size);
		break;
	case LOCK_REPINNED:
		printf("repinned  %s %s  sha256:%.12s -> %.12s (--force)\n",
		       j->name, j->new_version, j->old_sha256, j->new_sha256);
		break;
	case LOCK_UNCHANGED:
	case LOCK_CONFLICT:
		break;
	}
}

static void print_summary(const char *path, const struct lock_report *r,
			  bool dry_run)
{
	size_t counts[LOCK_CONFLICT + 1] = {0};

	for (size_t i = 0; i < r->nr_jars; i++) {
		print_jar(&r->jars[i]);
		counts[r->jars[i].status]++;
	}
	if (r->base)
		printf("base      %zu JAR%s of the base image%s\n",
		       r->nr_base_jars, r->nr_base_jars == 1 ? "" : "s",
		       r->base_changed ? " recorded" : ", unchanged");
	if (r->nr_base_layers)
		printf("base      %s%s%zu layer%s%s\n",
		       r->base_digest[0] ? r->base_digest : "",
		       r->base_digest[0] ? ", "
					 : "(no digest in the archive), ",
		       r->nr_base_layers, r->nr_base_layers == 1 ? "" : "s",
		       r->base_pin_changed ? " recorded" : ", unchanged");
	if (!r->changed) {
		printf("'%s' is up to date: %zu JARs pinned\n", path,
		       r->nr_jars);
		return;
	}
	printf("%s '%s': %zu bumped, %zu pinned, %zu repinned, %zu "
	       "unchanged\n",
	       dry_run ? "would update" : "updated", path, counts[LOCK_BUMPED],
	       counts[LOCK_PINNED], counts[LOCK_REPINNED],
	       counts[LOCK_UNCHANGED]);
}

/* Every refused JAR on its own line, then the summary error. */
static int print_conflicts(const char *path, const struct lock_report *r,
			   struct error *e)
{
	if (r->nr_conflicts > 1) {
		for (size_t i = 0; i < r->nr_jars; i++) {
			struct error one = ERROR_INIT;

			if (r->jars[i].status != LOCK_CONFLICT)
				continue;
			lock_conflict_error(&r->jars[i], &one);
			err_locate(&one, path, 0, 0);
			err_print(&one);
		}
	}
	err_locate(e, path, 0, 0);
	return err_print(e);
}

int cmd_lock(int argc, char **argv, const struct cli *cli)
{
	enum {
		OPT_SET = 256,
		OPT_FORCE,
		OPT_BASE,
		OPT_REF,
		OPT_BASE_IMAGE,
		OPT_PLATFORM,
		OPT_INSECURE,
	};
	static const struct option options[] = {
	    {"set", required_argument, NULL, OPT_SET},
	    {"force", no_argument, NULL, OPT_FORCE},
	    {"base", required_argument, NULL, OPT_BASE},
	    {"ref", required_argument, NULL, OPT_REF},
	    {"base-image", required_argument, NULL, OPT_BASE_IMAGE},
	    {"platform", required_argument, NULL, OPT_PLATFORM},
	    {"insecure-registry", required_argument, NULL, OPT_INSECURE},
	    NETOPTS_LONG,
	    {"dry-run", no_argument, NULL, 'n'},
	    OUTOPTS_LONG,
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct lock_options o = {0};
	struct cli_registry cr;
	struct lock_report r = LOCK_REPORT_INIT;
	struct progress_view view = {0};
	struct error e = ERROR_INIT;
	struct lock_set *sets = NULL;
	char *cache_dir = NULL;
	const char *path = cli_manifest_path(cli);
	size_t alloc = 0;
	struct outopts fmt = {OUTOPTS_TEXT_JSON, REPORT_TEXT, false};
	bool quiet, json;
	int code = EXIT_OK;
	int c;
	const struct cli_common cc = {"lock", usage, &path, &o.fetch, &fmt};

	memset(&cr, 0, sizeof(cr));

	while ((c = getopt_long(argc, argv, "nm:h" NETOPTS_SHORT OUTOPTS_SHORT,
				options, NULL)) != -1) {
		switch (c) {
		case OPT_SET:
			if (o.nr_sets >= LOCK_MAX_SETS) {
				code = cli_usage_error(
				    "lock", "too many --set options");
				goto out;
			}
			XGROW(sets, o.nr_sets + 1, alloc);
			if (lock_parse_set(optarg, &sets[o.nr_sets], &e)) {
				code = cli_usage_error("lock", "%s", e.message);
				goto out;
			}
			o.nr_sets++;
			break;
		case OPT_FORCE:
			o.force = true;
			break;
		case OPT_BASE:
			o.base_image = optarg;
			break;
		case OPT_REF:
			o.base_ref = optarg;
			break;
		case OPT_BASE_IMAGE:
			o.base_image = optarg;
			o.pin_base = true;
			break;
		case OPT_PLATFORM:
			o.platform = optarg;
			break;
		case OPT_INSECURE:
			if (cli_registry_add_insecure(&cr, optarg) < 0) {
				code = cli_usage_error(
				    "lock", "too many --insecure-registry");
				goto out;
			}
			break;
		case 'n':
			o.dry_run = true;
			break;
		default:
			code = cli_common_option(&cc, c, optarg);
			if (code != CLI_OPTION_TAKEN)
				goto out;
			code = EXIT_OK;
		}
	}
	if (outopts_check("lock", &fmt)) {
		code = EXIT_USAGE;
		goto out;
	}
	quiet = fmt.quiet;
	json = fmt.format == REPORT_JSON;
	if (optind < argc) {
		code = cli_usage_error("lock", "unexpected argument '%s'",
				       argv[optind]);
		goto out;
	}
	if (o.fetch.offline && o.nr_sets) {
		code =
		    cli_usage_error("lock", "--offline cannot learn the hash "
					    "of a new version (--set)");
		goto out;
	}
	if (o.base_ref && !o.base_image) {
		code = cli_usage_error("lock", "--ref needs --base");
		goto out;
	}
	if (o.platform &&
	    !(o.base_image && !strncmp(o.base_image, "docker://", 9))) {
		code = cli_usage_error("lock", "--platform needs --base-image "
					       "docker://REF");
		goto out;
	}
	if (o.base_image && cli_registry_transport_error(o.base_image)) {
		code = cli_usage_error(
		    "lock",
		    "'%s': jarbake reads no %s storage; use docker://REF or "
		    "an archive ('skopeo copy %s oci-archive:base.tar')",
		    o.base_image, cli_registry_transport_error(o.base_image),
		    o.base_image);
		goto out;
	}
	cli_registry_env(&cr);
	cr.o.cacert = o.fetch.cacert;
	/* fetch's 0 is "the default", -1 "none"; the registry's <0 is the
	 * default */
	cr.o.retries = o.fetch.retries < 0 ? 0
		       : o.fetch.retries   ? o.fetch.retries
					   : -1;
	o.registry = &cr.o;
	cache_dir = netopts_defaults(&o.fetch);
	progress_view_init(&view,
			   quiet || json	  ? PROGRESS_NONE
			   : cli_stderr_is_live() ? PROGRESS_LIVE
						  : PROGRESS_LINES,
			   stderr);
	o.fetch.events = &view.events;
	o.sets = sets;

	if (lock_run(path, &o, &r, &e)) {
		if (r.nr_conflicts)
			code = print_conflicts(path, &r, &e);
		else if (r.bytecode.nr) {
			report_print(stderr, REPORT_TEXT, &r.bytecode, "lock");
			code = err_print(&e);
		} else if (r.nr_download_errors > 1) {
			/* every JAR that failed, as fetch reports them */
			for (size_t i = 0; i < r.nr_download_errors; i++)
				err_print(&r.download_errors[i]);
			code = e.code ? (int)e.code : EXIT_IO;
		} else
			code = err_print(&e);
		if (json &&
		    lock_print_json(stdout, path, &r, o.dry_run, code, &e))
			code = EXIT_IO;
		goto out;
	}
	if (json) {
		if (lock_print_json(stdout, path, &r, o.dry_run, code, NULL))
			code = EXIT_IO;
	} else if (!quiet)
		print_summary(path, &r, o.dry_run);
out:
	cli_registry_release(&cr);
	progress_view_release(&view);
	free(cache_dir);
	lock_report_release(&r);
	free(sets);
	return cli_finish(code);
}
