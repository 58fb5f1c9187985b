#include "cli/netopts.h"

#include <stdlib.h>

#include "cli/cli.h"

/* A number option in [min, max]; -1 after printing what it wants. */
static int number(const char *command, const char *arg, long min, long max,
		  const char *wants, long *out)
{
	if (!cli_parse_number(arg, min, max, out))
		return 0;
	cli_usage_error(command, "%s, not '%s'", wants, arg);
	return -1;
}

int netopts_parse(const char *command, int c, const char *arg,
		  struct fetch_options *o)
{
	long v;

	switch (c) {
	case NETOPT_CACHE:
		o->cache_dir = arg;
		return 1;
	case NETOPT_MIRROR:
		o->mirror = arg;
		return 1;
	case NETOPT_OFFLINE:
		o->offline = true;
		return 1;
	case NETOPT_CACERT:
		o->cacert = arg;
		return 1;
	case NETOPT_ALLOW_HTTP:
		o->allow_http = true;
		return 1;
	case 'j':
		if (number(command, arg, 1, NETOPTS_MAX_JOBS,
			   "-j wants 1 to 64", &v))
			return -1;
		o->jobs = (int)v;
		return 1;
	case NETOPT_RETRIES:
		if (number(command, arg, 0, 100, "--retries wants 0 to 100",
			   &v))
			return -1;
		o->retries = v ? (int)v : -1; /* 0 in o is "the default" */
		return 1;
	case NETOPT_RETRY_DELAY:
		if (number(command, arg, 1, 600000,
			   "--retry-delay wants 1 to 600000 milliseconds", &v))
			return -1;
		o->retry_delay_ms = (unsigned)v;
		return 1;
	case NETOPT_CONNECT_TIMEOUT:
		if (number(command, arg, 1, 3600,
			   "--connect-timeout wants 1 to 3600 seconds", &v))
			return -1;
		o->connect_timeout_s = (unsigned)v;
		return 1;
	case NETOPT_TIMEOUT:
		if (number(command, arg, 1, 3600,
			   "--timeout wants 1 to 3600 seconds", &v))
			return -1;
		o->stall_timeout_s = (unsigned)v;
		return 1;
	case NETOPT_DEADLINE:
		if (number(command, arg, 1, 604800,
			   "--deadline wants 1 to 604800 seconds", &v))
			return -1;
		o->deadline_s = (unsigned)v;
		return 1;
	default:
		return 0;
	}
}

char *netopts_defaults(struct fetch_options *o)
{
	const char *env = getenv("JARBAKE_MIRROR");
	char *cache = NULL;

	if (!o->mirror && env && *env)
		o->mirror = env;
	if (!o->cache_dir)
		o->cache_dir = cache = cli_cache_dir();
	o->has_source_date = cli_source_date_epoch(&o->source_date);
	return cache;
}

void netopts_usage(FILE *out)
{
	fputs(
	    "      --cache DIR         the download cache (default "
	    "$JARBAKE_CACHE,\n"
	    "                          $XDG_CACHE_HOME/jarbake, "
	    "~/.cache/jarbake)\n"
	    "      --mirror URL        replaces the repository of Maven JARs "
	    "(env\n"
	    "                          JARBAKE_MIRROR)\n"
	    "  -j, --jobs N            concurrent downloads (default 8)\n"
	    "      --offline           use only the cache; list what is "
	    "missing\n"
	    "      --cacert FILE       also trust the CA certificates in FILE\n"
	    "      --allow-http        allow plain http to non-loopback "
	    "hosts\n"
	    "      --retries N         retries of a failed download "
	    "(default 4)\n"
	    "      --retry-delay MS    first backoff delay (default 500)\n"
	    "      --connect-timeout S connect timeout (default 15)\n"
	    "      --timeout S         abort a transfer below 1 KiB/s for S "
	    "seconds\n"
	    "                          (default 30)\n"
	    "      --deadline S        every download ends within S seconds, "
	    "retries\n"
	    "                          included (default 1800)\n",
	    out);
}
