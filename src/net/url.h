#ifndef JARBAKE_URL_H
#define JARBAKE_URL_H

#include <stdbool.h>

#include "core/error.h"

/*
 * The one URL policy, for the manifest's URLs (manifest/), a mirror and
 * every request and redirect (net/http): https with a host; file://; plain
 * http only to a loopback host (127.0.0.0/8, ::1, localhost) unless the
 * caller allows it (--allow-http). Messages name URLs without user-info.
 */

/* True for http(s) URLs whose host is 127.0.0.0/8, ::1 or localhost. */
bool url_is_loopback(const char *url);

enum url_http {
	URL_HTTP_LOOPBACK,	/* plain http only to loopback (the manifest) */
	URL_HTTP_LOOPBACK_HINT, /* the same; the refusal names --allow-http */
	URL_HTTP_ANY,		/* --allow-http */
};

/*
 * Checks that url may be used for downloads under the policy above. what
 * names it in the message ("url", "repository", "mirror"). Errors:
 * EXIT_USAGE.
 */
int url_check(const char *url, const char *what, enum url_http http,
	      struct error *e);

/*
 * Checks a URL that a server named, before it is followed (a redirect's
 * Location, a registry's token realm): never file:// (a server must not
 * make us read a local file), never a weaker scheme than from's (https to
 * http), then url_check(). what names it in the message ("the redirect",
 * "the token service"). Errors: EXIT_IO.
 */
int url_check_followed(const char *from, const char *to, const char *what,
		       enum url_http http, struct error *e);

/* url without its user-info ("https://u:p@h/x" -> "https://h/x"); freed by
 * the caller. */
char *url_redact(const char *url);

#endif
