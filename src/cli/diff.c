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
	      "[--jars-dir DIR] OLD NEW\n"
	      "\n"
	      "What a bump changed in the JARs of jars_dir: added, removed, "
	      "another\n"
	      "version, other bytes at the same version (a red flag), and for "
	      "each changed\n"
	      "JAR the classes gained and lost, the bytecode level; class "
	      "conflicts\n"
	      "introduced or resolved. OLD and NEW: images (any form verify "
	      "reads) or\n"
	      "directories of fetched JARs.\n"
	      "\n"
	      "  -f, --format FORMAT   text (default) or json\n"
	      "  -a, --all             also list the JARs that did not change\n"
	      "      --jars-dir DIR    the JAR directory in the images "
	      "(default: the\n"
	      "                        manifest's image.jars_dir)\n"
	      "  -m, --manifest FILE   the JAR manifest (for jars_dir)\n"
	      "  -h, --help            show this help\n"
	      "\n"
	      "exit status: 0 no red flag; 1 a JAR changed bytes without "
	      "changing version;\n"
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
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct jarset old = JARSET_INIT, new = JARSET_INIT;
	struct diff_report r = DIFF_REPORT_INIT;
	struct diff_output out;
	struct error e = ERROR_INIT;
	const char *manifest_path = cli_manifest_path(cli);
	const char *jars_dir = NULL;
	bool json = false, all = false;
	int code, c;
	const struct cli_common cc = {"diff", usage, &manifest_path, NULL,
				      NULL};

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

		if (jarset_read(src, jars_dir, i ? &new : &old, &e)) {
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
		code = r.red_flags ? EXIT_CHECK : EXIT_OK;
out:
	diff_report_release(&r);
	jarset_release(&new);
	jarset_release(&old);
	manifest_release(&m);
	return cli_finish(code);
}
