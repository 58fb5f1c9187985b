#include <getopt.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "manifest/manifest.h"
#include "out/diff_output.h"
#include "out/errors.h"
#include "verify/diff.h"

static void usage(FILE *out)
{
	fputs("usage: jarbake diff [--format text|json] [--all] "
	      "[--jars-dir DIR]\n"
	      "                    [--platform OS/ARCH[/VARIANT]] "
	      "[--cacert FILE]\n"
	      "                    [--insecure-registry HOST] [--retries N] "
	      "OLD NEW\n"
	      "\n"
	      "What a bump changed in the JARs of jars_dir: added, removed, "
	      "another\n"
	      "version, other bytes at the same version (a red flag), and for "
	      "each changed\n"
	      "JAR the classes gained and lost, the bytecode level; class "
	      "conflicts\n"
	      "introduced or resolved. OLD and NEW: images (any form verify "
	      "reads, registry\n"
	      "images docker://HOST[:PORT]/REPO:TAG among them) or "
	      "directories of fetched JARs.\n"
	      "\n"
	      "  -f, --format FORMAT   text (default) or json\n"
	      "  -a, --all             also list the JARs that did not change\n"
	      "      --jars-dir DIR    the JAR directory in the images "
	      "(default: the\n"
	      "                        manifest's image.jars_dir)\n"
	      "      --platform P      the image of a docker:// index to read "
	      "(default:\n"
	      "                        this machine's platform)\n"
	      "      --cacert FILE     also trust these CA certificates for "
	      "registries\n"
	      "      --insecure-registry HOST  plain http to HOST allowed\n"
	      "      --retries N       retries of a failed registry request "
	      "(0-100)\n"
	      "  -m, --manifest FILE   the JAR manifest (for jars_dir)\n"
	      "  -h, --help            show this help\n"
	      "\n"
	      "exit status: 0 no red flag; 1 a JAR changed bytes without "
	      "changing version\n"
	      "(or a side has more than 100000 conflicting pairs);\n"
	      "2 bad option, unreadable or malformed input; 3 I/O failure.\n",
	      out);
}

enum { OPT_JARS_DIR = 256 };

int cmd_diff(int argc, char **argv, const struct cli *cli)
{
	static const struct option options[] = {
	    {"format", required_argument, NULL, 'f'},
	    {"all", no_argument, NULL, 'a'},
	    {"jars-dir", required_argument, NULL, OPT_JARS_DIR},
	    CLI_REGISTRY_LONGOPTS,
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct jarset old = JARSET_INIT, new = JARSET_INIT;
	struct diff_report r = DIFF_REPORT_INIT;
	struct diff_output out;
	struct error e = ERROR_INIT;
	struct cli_registry cr;
	struct jarset_remote remote = {&cr.o, NULL};
	const char *manifest_path = cli_manifest_path(cli);
	const char *jars_dir = NULL;
	bool json = false, all = false;
	int code, c, rc;
	const struct cli_common cc = {"diff", usage, &manifest_path, NULL,
				      NULL};

	memset(&cr, 0, sizeof(cr));
	cr.o.retries = -1;
	while ((c = getopt_long(argc, argv, "f:am:h", options, NULL)) != -1) {
		switch (c) {
		case 'f':
			if (!strcmp(optarg, "json"))
				json = true;
			else if (!strcmp(optarg, "text"))
				json = false;
			else
				return cli_usage_error(
				    "diff",
				    "unknown format '%s' (text or json)",
				    optarg);
			break;
		case 'a':
			all = true;
			break;
		case OPT_JARS_DIR:
			jars_dir = optarg;
			break;
		default:
			rc = cli_registry_option("diff", c, optarg, &cr,
						 &remote.platform);
			if (!rc)
				break;
			if (rc != 1)
				return rc;
			code = cli_common_option(&cc, c, optarg);
			if (code != CLI_OPTION_TAKEN)
				return cli_finish(code);
		}
	}
	if (argc - optind != 2)
		return cli_usage_error("diff",
				       "expected OLD and NEW, got %d "
				       "argument%s",
				       argc - optind,
				       argc - optind == 1 ? "" : "s");
	for (int i = 0; i < 2; i++) {
		const char *t = cli_registry_transport_error(argv[optind + i]);

		if (t)
			return cli_usage_error(
			    "diff",
			    "'%s': jarbake reads no %s storage; copy the image "
			    "out with skopeo copy %s docker-archive:FILE",
			    argv[optind + i], t, argv[optind + i]);
	}
	cli_registry_env(&cr);
	/* jars_dir matters only for images: the manifest is read then. */
	if (!jars_dir && (!jarset_is_jar_dir(argv[optind]) ||
			  !jarset_is_jar_dir(argv[optind + 1]))) {
		if (manifest_load(&m, manifest_path, &e)) {
			code = err_print(&e);
			goto out;
		}
		jars_dir = m.image.jars_dir;
	}
	for (int i = 0; i < 2; i++) {
		const char *src = argv[optind + i];

		if (jarset_read(src, jars_dir, &remote, i ? &new : &old, &e)) {
			err_locate(&e, src, 0, 0);
			code = err_print(&e);
			goto out;
		}
	}
	diff_jarsets(&old, &new, &r);
	out.old_name = argv[optind];
	out.new_name = argv[optind + 1];
	out.old = &old;
	out.new = &new;
	out.report = &r;
	if (json ? diff_print_json(stdout, &out)
		 : diff_print_text(stdout, &out, all))
		code = EXIT_IO;
	else
		code =
		    r.red_flags || r.conflicts_truncated ? EXIT_CHECK : EXIT_OK;
out:
	diff_report_release(&r);
	jarset_release(&new);
	jarset_release(&old);
	manifest_release(&m);
	cli_registry_release(&cr);
	return cli_finish(code);
}
