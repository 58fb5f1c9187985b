#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "jar/classes.h"
#include "cli/cli.h"
#include "cli/outopts.h"
#include "core/error.h"
#include "image/image.h"
#include "manifest/manifest.h"
#include "out/report.h"
#include "out/sbom.h"
#include "out/verify_output.h"
#include "core/xalloc.h"
#include "verify/verify.h"
#include "out/errors.h"

static void usage(FILE *out)
{
	fputs("usage: jarbake verify [-f text|json|sarif|github] [--sbom FILE] "
	      "[--classes]\n"
	      "                      [--ref REF] [--conf FILE]... "
	      "[--exit-zero] [-q] "
	      "IMAGE\n"
	      "\n"
	      "Proves that the image holds exactly the manifest's JARs in "
	      "jars_dir: each\n"
	      "present once with its pinned sha256, no stale or incompatible "
	      "JARs, no\n"
	      "run-time JAR settings, the manifest label matching.\n"
	      "IMAGE: a docker save / podman save / docker-archive tar, an OCI "
	      "image-layout\n"
	      "tar or directory, optionally compressed, or - for standard "
	      "input.\n"
	      "\n",
	      out);
	outopts_usage(out, OUTOPTS_ALL);
	fputs(
	    "      --exit-zero         exit 0 even when a check failed (the "
	    "report says so)\n"
	    "      --sbom FILE         also write an SBOM of jars_dir (bundled "
	    "libraries too)\n"
	    "      --sbom-format F     cyclonedx (CycloneDX 1.5 JSON, default) "
	    "or spdx\n"
	    "                          (SPDX 2.3 JSON)\n"
	    "      --classes           report classes that several JARs "
	    "provide\n"
	    "      --ref REF           the image of a multi-image archive\n"
	    "      --conf FILE         also check the classes that FILE's "
	    "settings name\n"
	    "                          (spark-defaults.conf, Helm values...); "
	    "repeatable\n"
	    "  -m, --manifest FILE     the JAR manifest\n"
	    "  -h, --help              show this help\n"
	    "\n"
	    "exit status: 0 everything verified (or --exit-zero); 1 a check "
	    "failed;\n"
	    "2 bad option, invalid manifest, unreadable or malformed image; 3 "
	    "I/O failure.\n",
	    out);
}

/* The report in the format asked; -q prints nothing. -1: output lost. */
static int print_report(const struct outopts *fmt,
			const struct verify_output *out,
			const struct report_run *run)
{
	if (fmt->quiet)
		return 0;
	switch (fmt->format) {
	case REPORT_JSON:
		return verify_print_json(stdout, out);
	case REPORT_SARIF:
	case REPORT_GITHUB:
		return report_print_run(stdout, fmt->format,
					&out->report->findings, run);
	case REPORT_TEXT:
	default:
		return verify_print_text(stdout, out);
	}
}

enum {
	OPT_SBOM = 256,
	OPT_CLASSES,
	OPT_REF,
	OPT_EXIT_ZERO,
	OPT_SBOM_FORMAT,
	OPT_CONF
};

/* The SBOM's timestamp: SOURCE_DATE_EPOCH, else now. */
static time_t sbom_time(void)
{
	time_t t;

	return cli_source_date_epoch(&t) ? t : time(NULL);
}

int cmd_verify(int argc, char **argv, const struct cli *cli)
{
	static const struct option options[] = {
	    OUTOPTS_LONG,
	    {"sbom", required_argument, NULL, OPT_SBOM},
	    {"sbom-format", required_argument, NULL, OPT_SBOM_FORMAT},
	    {"classes", no_argument, NULL, OPT_CLASSES},
	    {"exit-zero", no_argument, NULL, OPT_EXIT_ZERO},
	    {"ref", required_argument, NULL, OPT_REF},
	    {"conf", required_argument, NULL, OPT_CONF},
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct image img = IMAGE_INIT;
	struct image_options io = {.ref = NULL};
	struct verify_report r = VERIFY_REPORT_INIT;
	struct class_conflicts conflicts = CLASS_CONFLICTS_INIT;
	struct verify_output out;
	struct verify_options vo;
	struct {
		char **items;
		size_t nr, alloc;
	} conf = {NULL, 0, 0};
	struct error e = ERROR_INIT;
	const char *manifest_path = cli_manifest_path(cli);
	const char *sbom = NULL, *source;
	enum sbom_format sbom_format = SBOM_CYCLONEDX;
	struct outopts fmt = {OUTOPTS_ALL, REPORT_TEXT, false};
	struct report_run run;
	bool classes = false, exit_zero = false;
	int code, c;

	while ((c = getopt_long(argc, argv, "m:h" OUTOPTS_SHORT, options,
				NULL)) != -1) {
		switch (c) {
		case OPT_SBOM:
			/* stdout carries the report: an SBOM there would mix */
			if (!strcmp(optarg, "-"))
				return cli_usage_error(
				    "verify", "--sbom needs a file name, not "
					      "'-' (standard output carries "
					      "the report)");
			sbom = optarg;
			break;
		case OPT_SBOM_FORMAT:
			if (!strcmp(optarg, "cyclonedx"))
				sbom_format = SBOM_CYCLONEDX;
			else if (!strcmp(optarg, "spdx"))
				sbom_format = SBOM_SPDX;
			else
				return cli_usage_error(
				    "verify",
				    "--sbom-format wants cyclonedx or spdx, "
				    "not '%s'",
				    optarg);
			break;
		case OPT_CLASSES:
			classes = true;
			break;
		case OPT_EXIT_ZERO:
			exit_zero = true;
			break;
		case OPT_REF:
			io.ref = optarg;
			break;
		case OPT_CONF:
			XGROW(conf.items, conf.nr + 1, conf.alloc);
			conf.items[conf.nr++] = optarg;
			break;
		case 'm':
			manifest_path = optarg;
			break;
		case 'h':
			usage(stdout);
			return cli_finish(EXIT_OK);
		default:
			switch (outopts_parse("verify", c, optarg, &fmt)) {
			case 1:
				break;
			case -1:
				return EXIT_USAGE;
			default:
				return cli_option_error("verify");
			}
		}
	}
	if (outopts_check("verify", &fmt))
		return EXIT_USAGE;
	if (optind >= argc)
		return cli_usage_error("verify", "missing IMAGE");
	if (optind + 1 < argc)
		return cli_usage_error("verify", "unexpected argument '%s'",
				       argv[optind + 1]);
	source = argv[optind];

	if (manifest_load(&m, manifest_path, &e)) {
		code = err_print(&e);
		goto out;
	}
	/* class names and versions: the class-not-found and bytecode checks */
	io.jar_flags = JAR_READ_CLASSES | JAR_READ_VERSIONS;
	io.stream = getenv("JARBAKE_STREAM") != NULL;
	if (image_read(source, &io, &img, &e)) {
		err_locate(&e, source, 0, 0);
		code = err_print(&e);
		goto out;
	}
	vo.conflicts = classes ? &conflicts : NULL;
	vo.conf_files = conf.items;
	vo.nr_conf_files = conf.nr;
	if (verify_image(&m, &img, &vo, &r, &e)) {
		code = err_print(&e);
		goto out;
	}

	out.image = source;
	out.ref = img.ref;
	out.manifest = &m;
	out.report = &r;
	out.conflicts = classes ? &conflicts : NULL;
	cli_report_run(&run, cli, "verify", source);
	if (print_report(&fmt, &out, &run)) {
		code = cli_finish(EXIT_IO);
		goto out;
	}
	code = verify_failed(&r) && !exit_zero ? EXIT_CHECK : EXIT_OK;
	if (sbom &&
	    sbom_write_as(sbom, sbom_format, &m, &r,
			  img.ref ? img.ref : m.image.name, sbom_time(), &e)) {
		err_print(&e);
		code = EXIT_IO;
	}
	code = cli_finish(code);
out:
	free(conf.items);
	class_conflicts_release(&conflicts);
	verify_report_release(&r);
	image_release(&img);
	manifest_release(&m);
	return code;
}
