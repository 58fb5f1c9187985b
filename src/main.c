#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/error.h"
#include "core/xalloc.h"

static const struct command {
	const char *name;
	int (*run)(int argc, char **argv, const struct cli *cli);
	const char *summary;
} commands[] = {
    {"fetch", cmd_fetch, "download and verify the manifest's JARs"},
    {"dockerfile", cmd_dockerfile, "write the image's Dockerfile"},
    {"lint", cmd_lint, "refuse configs that add JARs at run time"},
    {"verify", cmd_verify, "prove the JAR set of a built image"},
    {"lock", cmd_lock, "pin sha256 and size of every JAR"},
    {"diff", cmd_diff, "what changed between two images' JARs"},
};

static const struct command *find_command(const char *name)
{
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

static void usage(FILE *out)
{
	fputs("usage: jarbake [-m FILE] COMMAND [OPTIONS] [ARGS]\n"
	      "\n"
	      "  -m, --manifest FILE  the JAR manifest (default "
	      "manifests/akko-spark.json,\n"
	      "                       env JARBAKE_MANIFEST)\n"
	      "  -h, --help           show this help\n"
	      "  -V, --version        show the version\n"
	      "\n"
	      "commands:\n",
	      out);
	for (size_t i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		fprintf(out, "  %-12s %s\n", commands[i].name,
			commands[i].summary);
	fputs(
	    "  help         show the help of a command\n"
	    "\n'jarbake help COMMAND' (or 'jarbake COMMAND --help') describes "
	    "its options.\n"
	    "\n"
	    "environment (see jarbake(1)): JARBAKE_MANIFEST, JARBAKE_MIRROR,\n"
	    "  JARBAKE_CACHE, XDG_CACHE_HOME, HOME, SOURCE_DATE_EPOCH,\n"
	    "  CURL_CA_BUNDLE and SSL_CERT_FILE (replace the system bundle; "
	    "--cacert adds),\n"
	    "  HTTPS_PROXY, HTTP_PROXY, ALL_PROXY, NO_PROXY, "
	    "JARBAKE_MAX_LAYER_BYTES,\n"
	    "  JARBAKE_STREAM, NO_COLOR, TERM, REGISTRY_AUTH_FILE, "
	    "XDG_RUNTIME_DIR,\n"
	    "  DOCKER_CONFIG (registry credentials)\n"
	    "\n"
	    "exit status: 0 success, 1 a check failed, 2 usage error or "
	    "invalid input,\n3 network or I/O failure.\n",
	    out);
}

int main(int argc, char **argv)
{
	static char program_name[] = "jarbake";
	static const struct option options[] = {
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {"version", no_argument, NULL, 'V'},
	    {NULL, 0, NULL, 0},
	};
	/* static: reachable until exit, as the arguments themselves */
	static char **args;
	struct cli cli = {NULL, 0, NULL};
	const struct command *cmd;
	int c;

	/* A closed pipe is a write error we report, not a silent death. */
	signal(SIGPIPE, SIG_IGN);
	/* getopt's messages name "jarbake", not the path it was run by. */
	argv[0] = program_name;
	/* a copy before getopt permutes: reports record the real command */
	cli.argc = argc;
	cli.argv = args = xcalloc((size_t)argc + 1, sizeof(*args));
	memcpy(args, argv, (size_t)argc * sizeof(*args));
	/* Stop at the command name: the rest belongs to the command. */
	while ((c = getopt_long(argc, argv, "+m:hV", options, NULL)) != -1) {
		switch (c) {
		case 'm':
			cli.manifest_option = optarg;
			break;
		case 'h':
			usage(stdout);
			return cli_finish(EXIT_OK);
		case 'V':
			printf("jarbake %s\n", JARBAKE_VERSION);
			return cli_finish(EXIT_OK);
		default:
			fputs("Try 'jarbake --help' for more information.\n",
			      stderr);
			return EXIT_USAGE;
		}
	}
	if (optind >= argc) {
		usage(stderr);
		return EXIT_USAGE;
	}
	/* "jarbake help CMD" is "jarbake CMD --help" */
	if (!strcmp(argv[optind], "help")) {
		static char help_option[] = "--help";

		if (optind + 1 >= argc) {
			usage(stdout);
			return cli_finish(EXIT_OK);
		}
		if (optind + 2 < argc)
			return cli_usage_error(NULL, "help takes one command");
		argv[optind] = argv[optind + 1];
		argv[optind + 1] = help_option;
	}
	cmd = find_command(argv[optind]);
	if (cmd) {
		char **sub_argv = argv + optind;
		int sub_argc = argc - optind;
		char *name = xasprintf("jarbake %s", cmd->name);
		int code;

		/* getopt's messages then read "jarbake fetch: ...". */
		sub_argv[0] = name;
		optind = 0; /* reset getopt for the command */
		code = cmd->run(sub_argc, sub_argv, &cli);
		free(name);
		return code;
	}
	return cli_usage_error(NULL, "unknown command '%s'", argv[optind]);
}
