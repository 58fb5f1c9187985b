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
#include "image/image_remote.h"
#include "manifest/manifest.h"
#include "out/report.h"
#include "out/sbom.h"
#include "out/verify_output.h"
#include "verify/verify.h"
#include "out/errors.h"
#include "core/xalloc.h"

static void usage(FILE *out)
{
	fputs(
	    "usage: jarbake verify [-f text|json|sarif|github] [--sbom FILE] "
	    "[--classes]\n"
	    "                      [--ref REF] [--conf FILE]... [--exit-zero] "
	    "[-q] "
	    "[--platform OS/ARCH[/VARIANT]]\n"
	    "                      [--all-platforms] [--cacert FILE] "
	    "[--insecure-registry HOST]\n"
	    "                      [--retries N] IMAGE\n"
	    "\n"
	    "Proves that the image holds exactly the manifest's JARs in "
	    "jars_dir: each\n"
	    "present once with its pinned sha256, no stale or incompatible "
	    "JARs, no\n"
	    "run-time JAR settings, the manifest label matching.\n"
	    "IMAGE: a docker save / podman save / docker-archive tar, an OCI "
	    "image-layout\n"
	    "tar or directory, optionally compressed, - for standard input, "
	    "or a\n"
	    "registry image docker://HOST[:PORT]/REPO:TAG or "
	    "docker://HOST/REPO@sha256:DIGEST.\n"
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
	    "      --platform P        the image of a registry index (default: "
	    "this\n"
	    "                          machine's)\n"
	    "      --all-platforms     verify every image of a registry index\n"
	    "      --cacert FILE       also trust these CA certificates "
	    "(registry)\n"
	    "      --insecure-registry HOST  plain http to HOST allowed "
	    "(repeatable)\n"
	    "      --retries N         retries of a failed registry request "
	    "(default 4)\n"
	    "  -m, --manifest FILE     the JAR manifest\n"
	    "  -h, --help              show this help\n"
	    "\n"
	    "exit status: 0 everything verified (or --exit-zero); 1 a check "
	    "failed;\n"
	    "2 bad option, invalid manifest, unreadable or malformed image, "
	    "reference not\n"
	    "found; 3 I/O or network failure, registry access refused.\n",
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
	OPT_ALL_PLATFORMS,
	OPT_SBOM_FORMAT,
	OPT_CONF,
};

/* The SBOM's timestamp: SOURCE_DATE_EPOCH, else now. */
static time_t sbom_time(void)
{
	time_t t;

	return cli_source_date_epoch(&t) ? t : time(NULL);
}

/* What every image of one run is checked and reported with. */
struct run {
	const struct cli *cli;
	const struct manifest *m;
	const struct outopts *fmt;
	const char *source, *sbom;
	enum sbom_format sbom_format;
	bool classes, many, exit_zero;
	char **conf_files; /* --conf */
	size_t nr_conf_files;
	size_t nr_images;
	int code;
};

/* Verifies and reports one image; the worst exit code is kept. */
static int report_image(void *ctx, struct image *img, const char *platform,
			const char *ref_digest)
{
	struct run *run = ctx;
	struct verify_report r = VERIFY_REPORT_INIT;
	struct class_conflicts conflicts = CLASS_CONFLICTS_INIT;
	struct verify_output out;
	struct report_run rr;
	struct error e = ERROR_INIT;
	char *display = NULL;
	bool json = run->fmt->format == REPORT_JSON && !run->fmt->quiet;
	int code;

	(void)ref_digest;
	struct verify_options vo = {run->classes ? &conflicts : NULL,
				    run->conf_files, run->nr_conf_files};

	if (verify_image(run->m, img, &vo, &r, &e)) {
		code = err_print(&e);
		if (code > run->code)
			run->code = code;
		class_conflicts_release(&conflicts);
		verify_report_release(&r);
		image_release(img);
		return 0;
	}
	if (platform && run->many)
		display = xasprintf("%s (%s)", run->source, platform);
	out.image = display ? display : run->source;
	out.ref = img->ref;
	out.manifest = run->m;
	out.report = &r;
	out.conflicts = run->classes ? &conflicts : NULL;
	if (json && run->many)
		fputs(run->nr_images ? ",\n" : "[\n", stdout);
	else if (run->many && run->nr_images && !run->fmt->quiet)
		putchar('\n');
	run->nr_images++;
	cli_report_run(&rr, run->cli, "verify", out.image);
	if (print_report(run->fmt, &out, &rr))
		code = EXIT_IO;
	else
		code =
		    verify_failed(&r) && !run->exit_zero ? EXIT_CHECK : EXIT_OK;
	/* one SBOM: of the first image */
	if (run->sbom && run->nr_images == 1 &&
	    sbom_write_as(run->sbom, run->sbom_format, run->m, &r,
			  img->ref ? img->ref : run->m->image.name,
			  img->digest ? img->digest : img->config_digest,
			  sbom_time(), &e)) {
		err_print(&e);
		code = EXIT_IO;
	}
	if (code > run->code)
		run->code = code;
	free(display);
	class_conflicts_release(&conflicts);
	verify_report_release(&r);
	image_release(img);
	return 0;
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
	    {"all-platforms", no_argument, NULL, OPT_ALL_PLATFORMS},
	    CLI_REGISTRY_LONGOPTS,
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct image img = IMAGE_INIT;
	struct image_options io = {.ref = NULL};
	struct cli_registry cr;
	struct run run;
	struct {
		char **items;
		size_t nr, alloc;
	} conf = {NULL, 0, 0};
	struct error e = ERROR_INIT;
	const char *manifest_path = cli_manifest_path(cli);
	const char *sbom = NULL, *source, *platform = NULL, *transport;
	enum sbom_format sbom_format = SBOM_CYCLONEDX;
	struct outopts fmt = {OUTOPTS_ALL, REPORT_TEXT, false};
	bool classes = false, exit_zero = false, all = false;
	int code, c, r;
	const struct cli_common cc = {"verify", usage, &manifest_path, NULL,
				      &fmt};

	memset(&cr, 0, sizeof(cr));
	cr.o.retries = -1;
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
		case OPT_ALL_PLATFORMS:
			all = true;
			break;
		default:
			r = cli_registry_option("verify", c, optarg, &cr,
						&platform);
			if (!r)
				break;
			if (r != 1)
				return r;
			r = cli_common_option(&cc, c, optarg);
			if (r != CLI_OPTION_TAKEN)
				return cli_finish(r);
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
	transport = cli_registry_transport_error(source);
	if (transport)
		return cli_usage_error(
		    "verify",
		    "'%s': jarbake reads no %s storage; copy the image out "
		    "and verify the stream:\n"
		    "  skopeo copy %s docker-archive:/dev/stdout | jarbake "
		    "verify -",
		    source, transport, source);
	if ((platform || all) && strncmp(source, "docker://", 9))
		return cli_usage_error("verify",
				       "--platform and --all-platforms are for "
				       "docker:// images (use --ref for "
				       "archives)");

	if (manifest_load(&m, manifest_path, &e)) {
		code = err_print(&e);
		goto out;
	}
	/* class names and versions: the class-not-found and bytecode checks */
	io.jar_flags = JAR_READ_CLASSES | JAR_READ_VERSIONS;
	io.stream = getenv("JARBAKE_STREAM") != NULL;
	memset(&run, 0, sizeof(run));
	run.cli = cli;
	run.m = &m;
	run.fmt = &fmt;
	run.source = source;
	run.sbom = sbom;
	run.sbom_format = sbom_format;
	run.classes = classes;
	run.many = all;
	run.exit_zero = exit_zero;
	run.conf_files = conf.items;
	run.nr_conf_files = conf.nr;
	if (!strncmp(source, "docker://", 9)) {
		cli_registry_env(&cr);
		if (image_remote_read(source + 9, &cr.o, &io, platform, all,
				      report_image, &run, &e) < 0) {
			err_locate(&e, source, 0, 0);
			code = err_print(&e);
			if (run.code > code)
				code = run.code;
			goto out;
		}
	} else if (image_read(source, &io, &img, &e)) {
		err_locate(&e, source, 0, 0);
		code = err_print(&e);
		goto out;
	} else {
		report_image(&run, &img, NULL, NULL);
	}
	if (fmt.format == REPORT_JSON && !fmt.quiet && run.many &&
	    run.nr_images)
		fputs("\n]\n", stdout);
	code = cli_finish(run.code);
out:
	free(conf.items);
	cli_registry_release(&cr);
	image_release(&img);
	manifest_release(&m);
	return code;
}
