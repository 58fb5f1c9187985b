#include "core/redact.h"

#include <stdbool.h>
#include <string.h>

/* Where a message ends a URL: white space, a quote, an angle bracket. */
#define URL_END " \t\r\n'\"<>"

static bool scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/*
 * The authority ends where a URL parser ends it ('/', '?', '#'), and where
 * a message ends the URL.
 */
static size_t authority_len(const char *s)
{
	return strcspn(s, "/?#\\" URL_END);
}

/*
 * Masks the value of every parameter of the query that starts at q (just
 * after its '?') and ends where the URL does: "a=1&b=2" becomes "a=*&b=*",
 * a parameter without '=' becomes "*". Shortens only. Returns the end.
 */
static char *mask_query(char *q)
{
	while (*q && !strchr("#" URL_END, *q)) {
		size_t len = strcspn(q, "&;#" URL_END);
		char *eq = memchr(q, '=', len);
		char *value = eq ? eq + 1 : q;
		size_t keep = (size_t)(value - q);

		if (len > keep) {
			*value = '*';
			memmove(value + 1, q + len, strlen(q + len) + 1);
			len = keep + 1;
		}
		q += len;
		if (*q == '&' || *q == ';')
			q++;
	}
	return q;
}

char *redact_urls(char *s)
{
	char *p = s;

	while ((p = strstr(p, "://")) != NULL) {
		char *authority = p + 3;
		size_t len = authority_len(authority);
		char *at = NULL;

		if (p == s || !scheme_char(p[-1])) {
			p = authority;
			continue;
		}
		for (size_t i = 0; i < len; i++)
			if (authority[i] == '@')
				at = authority + i;
		if (at) {
			len -= (size_t)(at + 1 - authority);
			memmove(authority, at + 1, strlen(at + 1) + 1);
		}
		p = authority + len;
		p += strcspn(p, "?#" URL_END);
		if (*p == '?')
			p = mask_query(p + 1);
	}
	return s;
}
