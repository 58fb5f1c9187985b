#include <stdlib.h>
#include <string.h>

#include "cli/cli.h"
#include "core/xalloc.h"

/*
 * Where credentials are looked for, in the order skopeo and podman use:
 * REGISTRY_AUTH_FILE (else $XDG_RUNTIME_DIR/containers/auth.json), then
 * ~/.config/containers/auth.json, then docker's $DOCKER_CONFIG/config.json
 * (else ~/.docker/config.json). The first file naming the host wins.
 */
void cli_registry_env(struct cli_registry *cr)
{
	const char *v;
	const char *home = getenv("HOME");

	v = getenv("REGISTRY_AUTH_FILE");
	if (v && *v)
		cr->files[cr->nr_files++] = xstrdup(v);
	else if ((v = getenv("XDG_RUNTIME_DIR")) && *v)
		cr->files[cr->nr_files++] =
		    xasprintf("%s/containers/auth.json", v);
	if (home && *home)
		cr->files[cr->nr_files++] =
		    xasprintf("%s/.config/containers/auth.json", home);
	v = getenv("DOCKER_CONFIG");
	if (v && *v)
		cr->files[cr->nr_files++] = xasprintf("%s/config.json", v);
	else if (home && *home)
		cr->files[cr->nr_files++] =
		    xasprintf("%s/.docker/config.json", home);
	cr->o.auth_files = (const char *const *)cr->files;
	cr->o.nr_auth_files = cr->nr_files;
}

int cli_registry_add_insecure(struct cli_registry *cr, const char *host)
{
	if (cr->nr_insecure >= CLI_MAX_INSECURE)
		return -1;
	cr->insecure[cr->nr_insecure++] = (char *)host;
	cr->o.insecure_hosts = (const char *const *)cr->insecure;
	cr->o.nr_insecure_hosts = cr->nr_insecure;
	return 0;
}

void cli_registry_release(struct cli_registry *cr)
{
	for (size_t i = 0; i < cr->nr_files; i++)
		free(cr->files[i]);
	memset(cr, 0, sizeof(*cr));
}

const char *cli_registry_transport_error(const char *source)
{
	if (!strncmp(source, "containers-storage:", 19))
		return "containers-storage";
	if (!strncmp(source, "docker-daemon:", 14))
		return "docker-daemon";
	return NULL;
}

int cli_registry_option(const char *cmd, int c, const char *arg,
			struct cli_registry *cr, const char **platform)
{
	long n;

	switch (c) {
	case CLI_REG_PLATFORM:
		if (!strchr(arg, '/') || arg[0] == '/' ||
		    arg[strlen(arg) - 1] == '/')
			return cli_usage_error(cmd,
					       "bad --platform '%s' "
					       "(OS/ARCH[/VARIANT], e.g. "
					       "linux/amd64)",
					       arg);
		*platform = arg;
		return 0;
	case CLI_REG_CACERT:
		cr->o.cacert = arg;
		return 0;
	case CLI_REG_INSECURE:
		if (cli_registry_add_insecure(cr, arg) < 0)
			return cli_usage_error(cmd,
					       "too many --insecure-registry");
		return 0;
	case CLI_REG_RETRIES:
		if (cli_parse_number(arg, 0, 100, &n) < 0)
			return cli_usage_error(
			    cmd, "bad --retries '%s' (0-100)", arg);
		cr->o.retries = (int)n;
		return 0;
	default:
		return 1;
	}
}
