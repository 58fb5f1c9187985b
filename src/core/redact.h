#ifndef JARBAKE_REDACT_H
#define JARBAKE_REDACT_H

#include <stddef.h>

/*
 * The one redaction of secrets in text: removes the user-info part
 * ("user:password@") of every URL ("SCHEME://...") in s, in place, as
 * curl keeps credentials out of its trace output: "https://u:t@host/x"
 * becomes "https://host/x". Every error message passes through it, and so
 * does every URL a printer writes. Returns s.
 */
char *redact_urls(char *s);

#endif
