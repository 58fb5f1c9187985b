#include "net/url.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <string.h>
#include <strings.h>

#include "core/redact.h"
#include "core/xalloc.h"

/* The host of a URL with an authority, copied into host (no brackets). */
static bool url_host(const char *url, char *host, size_t size)
{
	const char *start = strstr(url, "://");
	const char *end;

	if (!start)
		return false;
	start += 3;
	end = start + strcspn(start, "/?#");
	for (const char *at = start; at < end; at++) /* skip user-info */
		if (*at == '@')
			start = at + 1;
	if (*start == '[') {
		const char *close = memchr(start, ']', (size_t)(end - start));

		if (!close)
			return false;
		start++;
		end = close;
	} else {
		const char *colon = memchr(start, ':', (size_t)(end - start));

		if (colon)
			end = colon;
	}
	if ((size_t)(end - start) >= size)
		return false;
	memcpy(host, start, (size_t)(end - start));
	host[end - start] = '\0';
	return true;
}

static bool host_is_loopback(const char *host)
{
	struct in_addr v4;
	struct in6_addr v6;

	if (!strcasecmp(host, "localhost"))
		return true;
	if (inet_pton(AF_INET, host, &v4) == 1)
		return (ntohl(v4.s_addr) >> 24) == 127;
	return inet_pton(AF_INET6, host, &v6) == 1 &&
	       !memcmp(&v6, &in6addr_loopback, sizeof(v6));
}

static bool has_scheme(const char *url, const char *scheme)
{
	size_t n = strlen(scheme);

	return !strncasecmp(url, scheme, n) && !strncmp(url + n, "://", 3);
}

bool url_is_loopback(const char *url)
{
	char host[256];

	return (has_scheme(url, "http") || has_scheme(url, "https")) &&
	       url_host(url, host, sizeof(host)) && host_is_loopback(host);
}

char *url_redact(const char *url)
{
	return redact_urls(xstrdup(url));
}

int url_check(const char *url, const char *what, enum url_http http,
	      struct error *e)
{
	char host[256];
	bool plain = has_scheme(url, "http");

	if (has_scheme(url, "file"))
		return 0;
	if (!plain && !has_scheme(url, "https"))
		return err_set_code(e, EXIT_USAGE,
				    "%s '%s' is not an https:// or file:// URL",
				    what, url);
	if (!url_host(url, host, sizeof(host)) || !host[0])
		return err_set_code(e, EXIT_USAGE, "%s '%s' has no host", what,
				    url);
	if (!plain || http == URL_HTTP_ANY || host_is_loopback(host))
		return 0;
	return err_set_code(e, EXIT_USAGE,
			    "%s '%s' uses plain http: use https (http is only "
			    "allowed for loopback hosts%s)",
			    what, url,
			    http == URL_HTTP_LOOPBACK_HINT ? ", or --allow-http"
							   : "");
}

int url_check_followed(const char *from, const char *to, const char *what,
		       enum url_http http, struct error *e)
{
	struct error pe = ERROR_INIT;

	if (!strncasecmp(to, "file:", 5))
		return err_set_code(e, EXIT_IO,
				    "refusing %s from '%s' to '%s': a server "
				    "may not name a local file",
				    what, from, to);
	if (has_scheme(from, "https") && !has_scheme(to, "https"))
		return err_set_code(e, EXIT_IO,
				    "refusing %s from '%s' to '%s': https "
				    "must not fall back to a weaker scheme",
				    what, from, to);
	if (url_check(to, "URL", http, &pe))
		return err_set_code(e, EXIT_IO, "%s from '%s': %s", what, from,
				    pe.message);
	return 0;
}
