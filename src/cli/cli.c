#include "cli/cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <unistd.h>

#include "cli/netopts.h"
#include "cli/outopts.h"
#include "core/error.h"
#include "out/report.h"
#include "core/xalloc.h"

int cli_usage_error(const char *command, const char *fmt, ...)
{
	va_list ap;

	fputs("jarbake: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	if (command)
		fprintf(stderr,
			"\nTry 'jarbake %s --help' for more information.\n",
			command);
	else
		fputs("\nTry 'jarbake --help' for more information.\n", stderr);
	return EXIT_USAGE;
}

int cli_option_error(const char *command)
{
	fprintf(stderr, "Try 'jarbake %s --help' for more information.\n",
		command);
	return EXIT_USAGE;
}

void cli_message(const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	xmessage_v(fmt, ap);
	va_end(ap);
}

int cli_finish(int code)
{
	if (fflush(stdout) || ferror(stdout)) {
		cli_message("cannot write to standard output: %s",
			    strerror(errno ? errno : EIO));
		return EXIT_IO;
	}
	return code;
}

int cli_common_option(const struct cli_common *cc, int c, const char *arg)
{
	int r;

	switch (c) {
	case 'm':
		if (cc->manifest)
			*cc->manifest = arg;
		return CLI_OPTION_TAKEN;
	case 'h':
		cc->usage(stdout);
		return EXIT_OK;
	}
	r = cc->net ? netopts_parse(cc->command, c, arg, cc->net) : 0;
	if (!r && cc->out)
		r = outopts_parse(cc->command, c, arg, cc->out);
	if (r == 1)
		return CLI_OPTION_TAKEN;
	return r < 0 ? EXIT_USAGE : cli_option_error(cc->command);
}

int cli_parse_number(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s)
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

bool cli_stderr_is_live(void)
{
	const char *term = getenv("TERM");

	return isatty(STDERR_FILENO) && term && strcmp(term, "dumb");
}

/* 9999-12-31T23:59:59Z: a four-digit year, as RFC 3339 wants. */
#define EPOCH_MAX 253402300799LL

bool cli_source_date_epoch(time_t *out)
{
	const char *env = getenv("SOURCE_DATE_EPOCH");
	char *end;
	long long v;

	if (!env || !*env)
		return false;
	errno = 0;
	v = strtoll(env, &end, 10);
	if (*end || errno || v < 0 || v > EPOCH_MAX)
		return false;
	*out = (time_t)v;
	return true;
}

char *cli_cache_dir(void)
{
	const char *env = getenv("JARBAKE_CACHE");
	const char *home;

	if (env && *env)
		return xstrdup(env);
	env = getenv("XDG_CACHE_HOME");
	if (env && *env == '/')
		return xasprintf("%s/jarbake", env);
	home = getenv("HOME");
	if (home && *home)
		return xasprintf("%s/.cache/jarbake", home);
	return NULL;
}

const char *cli_manifest_path(const struct cli *cli)
{
	const char *env = getenv("JARBAKE_MANIFEST");

	if (cli && cli->manifest_option)
		return cli->manifest_option;
	if (env && *env)
		return env;
	return "manifests/akko-spark.json";
}

void cli_report_run(struct report_run *run, const struct cli *cli,
		    const char *command, const char *image)
{
	static char cwd[4096], root[4096];
	struct stat st;

	memset(run, 0, sizeof(*run));
	run->command = command;
	run->image = image;
	if (cli) {
		run->argc = cli->argc;
		run->argv = cli->argv;
	}
	if (!getcwd(cwd, sizeof(cwd)))
		return;
	run->cwd = cwd;
	memcpy(root, cwd, sizeof(root));
	for (;;) {
		size_t len = strlen(root);
		char *slash;

		if (len + 6 < sizeof(root)) {
			const char *git = len > 1 ? "/.git" : ".git";

			memcpy(root + len, git, strlen(git) + 1);
			if (!lstat(root, &st)) {
				root[len] = '\0';
				run->root = root;
				return;
			}
			root[len] = '\0';
		}
		slash = strrchr(root, '/');
		if (!slash || len <= 1)
			break;
		slash[slash == root ? 1 : 0] = '\0';
	}
	run->root = cwd;
}
