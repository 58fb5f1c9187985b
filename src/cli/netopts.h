#ifndef JARBAKE_NETOPTS_H
#define JARBAKE_NETOPTS_H

#include <getopt.h>
#include <stdio.h>

#include "fetch/fetch.h"

/*
 * The network options, parsed once for every command that downloads
 * (fetch, lock): --cache, --mirror, -j, --offline, --cacert, --allow-http,
 * --retries, --retry-delay, --connect-timeout, --timeout, --deadline. A
 * command puts
 * NETOPTS_LONG into its getopt_long table and NETOPTS_SHORT into its short
 * options, and hands every option it does not know to netopts_parse.
 */
enum {
	NETOPT_CACHE = 1000,
	NETOPT_MIRROR,
	NETOPT_OFFLINE,
	NETOPT_CACERT,
	NETOPT_ALLOW_HTTP,
	NETOPT_RETRIES,
	NETOPT_RETRY_DELAY,
	NETOPT_CONNECT_TIMEOUT,
	NETOPT_TIMEOUT,
	NETOPT_DEADLINE,
};

#define NETOPTS_SHORT "j:"
#define NETOPTS_LONG                                                           \
	{"cache", required_argument, NULL, NETOPT_CACHE},                      \
	    {"mirror", required_argument, NULL, NETOPT_MIRROR},                \
	    {"jobs", required_argument, NULL, 'j'},                            \
	    {"offline", no_argument, NULL, NETOPT_OFFLINE},                    \
	    {"cacert", required_argument, NULL, NETOPT_CACERT},                \
	    {"allow-http", no_argument, NULL, NETOPT_ALLOW_HTTP},              \
	    {"retries", required_argument, NULL, NETOPT_RETRIES},              \
	    {"retry-delay", required_argument, NULL, NETOPT_RETRY_DELAY},      \
	    {"connect-timeout", required_argument, NULL,                       \
	     NETOPT_CONNECT_TIMEOUT},                                          \
	    {"deadline", required_argument, NULL, NETOPT_DEADLINE},            \
	{                                                                      \
		"timeout", required_argument, NULL, NETOPT_TIMEOUT             \
	}

/* Most concurrent downloads -j accepts. */
#define NETOPTS_MAX_JOBS 64

/*
 * Applies option c (argument arg) to o. Returns 1 when c is a network
 * option, 0 when it is not, -1 after printing a usage error for command.
 */
int netopts_parse(const char *command, int c, const char *arg,
		  struct fetch_options *o);

/*
 * The environment's defaults, after parsing: JARBAKE_MIRROR, the cache
 * root (cli_cache_dir), SOURCE_DATE_EPOCH. Returns the cache root it
 * allocated (the caller frees it after the run), or NULL.
 */
char *netopts_defaults(struct fetch_options *o);

/* The lines of --help that describe the network options. */
void netopts_usage(FILE *out);

#endif
