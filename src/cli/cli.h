#ifndef JARBAKE_CLI_H
#define JARBAKE_CLI_H

#include <stdbool.h>
#include <stdio.h>
#include <time.h>

/* Options given before the command, shared by every command. */
struct cli {
	const char *manifest_option; /* -m FILE, or NULL */
	/* The whole command line as given ("jarbake", ...), for reports
	 * that record it (SARIF invocations); argv[argc] is NULL. */
	int argc;
	char *const *argv;
};

/* Every command: parses its own options with getopt_long, returns an exit
 * code from error.h. argv[0] is the command name. */
int cmd_fetch(int argc, char **argv, const struct cli *cli);
int cmd_dockerfile(int argc, char **argv, const struct cli *cli);
int cmd_lint(int argc, char **argv, const struct cli *cli);
int cmd_verify(int argc, char **argv, const struct cli *cli);
int cmd_lock(int argc, char **argv, const struct cli *cli);
int cmd_diff(int argc, char **argv, const struct cli *cli);

/* Prints "jarbake: MESSAGE" and a pointer to --help; returns EXIT_USAGE. */
int cli_usage_error(const char *command, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/*
 * After getopt_long returned '?' (it already printed what was wrong):
 * points to --help and returns EXIT_USAGE.
 */
int cli_option_error(const char *command);

/* Prints "jarbake: MESSAGE" to stderr (for warnings and notes). */
void cli_message(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/*
 * Flushes stdout and reports a write error (full disk, closed pipe) as
 * EXIT_IO, so that a lost output never looks like success. Returns code
 * unchanged when stdout is fine.
 */
int cli_finish(int code);

struct outopts;
struct fetch_options;

/* The options every command's getopt_long loop shares. */
struct cli_common {
	const char *command;	   /* "fetch", for messages */
	void (*usage)(FILE *out);  /* -h/--help prints it to stdout */
	const char **manifest;	   /* -m FILE; NULL: accepted, ignored */
	struct fetch_options *net; /* network options (netopts), or NULL */
	struct outopts *out;	   /* output options (outopts), or NULL */
};

/* cli_common_option took the option: parsing goes on. */
#define CLI_OPTION_TAKEN (-1)

/*
 * The tail of a command's option switch: -m, -h, the network and output
 * options, and an unknown option (getopt_long's '?'). Returns
 * CLI_OPTION_TAKEN, or the exit code the command ends with now: EXIT_OK
 * after -h (the caller passes it through cli_finish), EXIT_USAGE after a
 * bad or unknown option (the message printed).
 */
int cli_common_option(const struct cli_common *cc, int c, const char *arg);

/* Parses a whole decimal number in [min, max]; -1 on anything else. */
int cli_parse_number(const char *s, long min, long max, long *out);

/*
 * True when standard error is a terminal that can redraw a live display
 * (TERM set and not "dumb"); progress is then drawn in place.
 */
bool cli_stderr_is_live(void);

struct report_run;
/*
 * Fills run for command (and image, or NULL): the command line of cli, the
 * working directory and the repository's top (the nearest directory up
 * with a .git, else the working directory). The strings live until exit.
 */
void cli_report_run(struct report_run *run, const struct cli *cli,
		    const char *command, const char *image);

/*
 * SOURCE_DATE_EPOCH, read and checked once for every command: true with
 * *out when it is a whole number of seconds up to 9999-12-31T23:59:59Z;
 * false when unset or anything else (then ignored).
 */
bool cli_source_date_epoch(time_t *out);

/* The cache root: $JARBAKE_CACHE, $XDG_CACHE_HOME/jarbake or
 * ~/.cache/jarbake; the caller frees it. NULL when none can be found. */
char *cli_cache_dir(void);

/* The manifest path: -m, else $JARBAKE_MANIFEST, else the default. */
const char *cli_manifest_path(const struct cli *cli);

/* ---- registry access shared by verify and lock (registry_env.c) ---- */

#include "net/registry.h"

#define CLI_MAX_INSECURE 16

struct cli_registry {
	struct registry_options o;
	char *files[4]; /* credential files, owned */
	size_t nr_files;
	char *insecure[CLI_MAX_INSECURE]; /* --insecure-registry, borrowed */
	size_t nr_insecure;
};

/* Fills cr's credential files from the environment; options (cacert,
 * retries, insecure hosts) are left as they are. */
void cli_registry_env(struct cli_registry *cr);
/* --insecure-registry HOST; -1 when there are too many. */
int cli_registry_add_insecure(struct cli_registry *cr, const char *host);
void cli_registry_release(struct cli_registry *cr);

/* The registry options of verify and diff, in a command's option table. */
enum {
	CLI_REG_PLATFORM = 0x400,
	CLI_REG_CACERT,
	CLI_REG_INSECURE,
	CLI_REG_RETRIES,
};
#define CLI_REGISTRY_LONGOPTS                                                  \
	{"platform", required_argument, NULL, CLI_REG_PLATFORM},               \
	    {"cacert", required_argument, NULL, CLI_REG_CACERT},               \
	    {"insecure-registry", required_argument, NULL, CLI_REG_INSECURE},  \
	{                                                                      \
		"retries", required_argument, NULL, CLI_REG_RETRIES            \
	}
/*
 * Option c (a CLI_REG_* code) of command cmd with argument arg into cr,
 * --platform (OS/ARCH[/VARIANT]) into *platform: 0 when c was one of
 * them, 1 when it was not, EXIT_USAGE (printed) for a bad argument.
 */
int cli_registry_option(const char *cmd, int c, const char *arg,
			struct cli_registry *cr, const char **platform);

/* "containers-storage" or "docker-daemon" for such a reference (read
 * through skopeo instead), else NULL. */
const char *cli_registry_transport_error(const char *source);

#endif
