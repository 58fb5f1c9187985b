#ifndef JARBAKE_REDACT_H
#define JARBAKE_REDACT_H

#include <stddef.h>

/*
 * The one redaction of secrets in text, in place, for every URL
 * ("SCHEME://...") in s: removes the user-info part ("user:password@"), as
 * curl keeps credentials out of its trace output, and masks the value of
 * every query parameter, where signed URLs keep their signatures and
 * services their tokens (X-Amz-Signature, sig, token, ...):
 * "https://u:t@host/x?token=T&a=1" becomes "https://host/x?token=*&a=*".
 * Every error message passes through it, and so does every URL a printer
 * writes. Returns s.
 */
char *redact_urls(char *s);

#endif
