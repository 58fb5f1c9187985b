#include <errno.h>
#include <getopt.h>
#include <spawn.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cli/cli.h"
#include "fetch/dockerfile.h"
#include "core/error.h"
#include "core/fsutil.h"
#include "manifest/manifest.h"
#include "core/xalloc.h"
#include "out/errors.h"

#define DOCKERFILE_MAX_BYTES (1u << 20)

extern char **environ;

static void usage(FILE *out)
{
	fputs("usage: jarbake dockerfile [-o FILE|-] [--check]\n"
	      "\n"
	      "Writes the image's Dockerfile from the manifest, byte-for-byte\n"
	      "deterministic (default dockerfiles/<image.name>.Dockerfile).\n"
	      "\n"
	      "  -o, --output FILE    write FILE instead; '-' for standard "
	      "output\n"
	      "      --check          write nothing; exit 1 with a unified "
	      "diff when\n"
	      "                       the file on disk differs\n"
	      "  -m, --manifest FILE  the JAR manifest\n"
	      "  -h, --help           show this help\n"
	      "\n"
	      "exit status: 0 written (or --check: up to date); 1 --check: the "
	      "file\n"
	      "differs or is missing; 2 invalid manifest or bad option; 3 I/O "
	      "failure.\n",
	      out);
}

/* Prints a unified diff of path against the expected text (diff -u). */
static void print_diff(const char *path, const char *expected, size_t len)
{
	char tmp[] = "/tmp/jarbake-dockerfile.XXXXXX";
	char *label = xasprintf("%s (from the manifest)", path);
	char diff[] = "diff", unified[] = "-u", label_opt[] = "--label";
	char *old_path = xstrdup(path);
	char *argv[] = {diff,  unified,	 label_opt, old_path, label_opt,
			label, old_path, tmp,	    NULL};
	struct error e = ERROR_INIT;
	int fd = mkstemp(tmp);
	pid_t pid;
	int status;

	if (fd < 0) {
		free(old_path);
		free(label);
		return;
	}
	close(fd);
	fflush(stdout);
	if (!fs_write_atomic(tmp, expected, len, 0600, &e) &&
	    !posix_spawnp(&pid, "diff", NULL, NULL, argv, environ))
		waitpid(pid, &status, 0);
	unlink(tmp);
	free(old_path);
	free(label);
}

static int check(const char *path, const char *expected, size_t len)
{
	struct error e = ERROR_INIT;
	char *actual;
	size_t actual_len;
	struct stat st;
	bool same;

	/* A missing file is drift (1); one that cannot be read is I/O (3). */
	if (stat(path, &st) && errno == ENOENT) {
		cli_message("'%s' does not exist: run 'jarbake dockerfile' to "
			    "write it",
			    path);
		return EXIT_CHECK;
	}
	if (fs_read_file(path, DOCKERFILE_MAX_BYTES, &actual, &actual_len,
			 EXIT_IO, &e))
		return err_print(&e);
	same = actual_len == len && !memcmp(actual, expected, len);
	free(actual);
	if (same)
		return EXIT_OK;
	print_diff(path, expected, len);
	cli_message("'%s' differs from the manifest: run 'jarbake "
		    "dockerfile' and commit the result",
		    path);
	return EXIT_CHECK;
}

int cmd_dockerfile(int argc, char **argv, const struct cli *cli)
{
	static const struct option options[] = {
	    {"output", required_argument, NULL, 'o'},
	    {"check", no_argument, NULL, 'c'},
	    {"manifest", required_argument, NULL, 'm'},
	    {"help", no_argument, NULL, 'h'},
	    {NULL, 0, NULL, 0},
	};
	struct manifest m = MANIFEST_INIT;
	struct error e = ERROR_INIT;
	struct strbuf text = STRBUF_INIT;
	const char *manifest_path = cli_manifest_path(cli);
	const char *output = NULL;
	char *default_output = NULL;
	bool check_only = false;
	int code = EXIT_OK;
	int c, r;
	const struct cli_common cc = {"dockerfile", usage, &manifest_path, NULL,
				      NULL};

	while ((c = getopt_long(argc, argv, "o:m:h", options, NULL)) != -1) {
		switch (c) {
		case 'o':
			output = optarg;
			break;
		case 'c':
			check_only = true;
			break;
		default:
			r = cli_common_option(&cc, c, optarg);
			if (r != CLI_OPTION_TAKEN)
				return cli_finish(r);
		}
	}
	if (optind < argc)
		return cli_usage_error("dockerfile", "unexpected argument '%s'",
				       argv[optind]);
	if (manifest_load(&m, manifest_path, &e)) {
		code = err_print(&e);
		goto out;
	}
	dockerfile_render(&m, manifest_path, &text);
	if (!output)
		output = default_output = dockerfile_default_path(&m);
	if (check_only) {
		code = check(output, text.buf, text.len);
	} else if (!strcmp(output, "-")) {
		fwrite(text.buf, 1, text.len, stdout);
	} else {
		char *slash = strrchr(output, '/');

		if (slash && slash != output) {
			char *dir = xstrndup(output, (size_t)(slash - output));

			fs_mkdir_p(dir, &e);
			free(dir);
		}
		if (!e.set)
			fs_write_atomic(output, text.buf, text.len, 0644, &e);
		if (e.set)
			code = err_print(&e);
	}
out:
	free(default_output);
	strbuf_release(&text);
	manifest_release(&m);
	return cli_finish(code);
}
