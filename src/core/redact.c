#include "core/redact.h"

#include <stdbool.h>
#include <string.h>

static bool scheme_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c == '+' || c == '-' || c == '.';
}

/*
 * The authority ends where a URL parser ends it ('/', '?', '#'), and where
 * a message ends the URL (white space, a quote).
 */
static size_t authority_len(const char *s)
{
	return strcspn(s, "/?#\\ \t\r\n'\"<>");
}

char *redact_urls(char *s)
{
	char *p = s;

	while ((p = strstr(p, "://")) != NULL) {
		char *authority = p + 3;
		size_t len = authority_len(authority);
		char *at = NULL;

		if (p > s && scheme_char(p[-1]))
			for (size_t i = 0; i < len; i++)
				if (authority[i] == '@')
					at = authority + i;
		if (at)
			memmove(authority, at + 1, strlen(at + 1) + 1);
		p = authority;
	}
	return s;
}
