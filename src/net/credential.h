#ifndef JARBAKE_CREDENTIAL_H
#define JARBAKE_CREDENTIAL_H

#include <stdbool.h>
#include <stddef.h>

#include "core/error.h"
#include "core/strbuf.h"

/*
 * Registry credentials as docker, podman and skopeo keep them: files in
 * the docker config.json / containers auth.json format ("auths" entries
 * with "auth" (base64 "user:password") or "username"/"password",
 * "credHelpers" per host, "credsStore" for all), and credential helpers
 * run through the docker-credential-NAME protocol ("get", the server on
 * standard input, JSON with Username and Secret out). Secrets are never
 * put into messages.
 */

struct credential {
	char *username, *secret; /* NULL when none was found */
	char *origin;		 /* where they came from, for messages */
};

/* Longest credential file and helper answer read. */
#define CREDENTIAL_MAX_BYTES (4u << 20)

/*
 * Looks host (as in a reference: "127.0.0.1:5000", "docker.io") and repo
 * up in files, in order; the first file that names the host wins. Missing
 * files are skipped. 0 found (out filled), 1 none found, -1 on a malformed
 * file or a failing helper (EXIT_USAGE or EXIT_IO, naming it). Each
 * place looked in is appended to tried ("FILE", "docker-credential-X").
 */
int credential_lookup(const char *const *files, size_t nr, const char *host,
		      const char *repo, struct credential *out,
		      struct strbuf *tried, struct error *e);

/* Wipes and frees the secret and the rest; harmless twice. */
void credential_release(struct credential *c);

/* "Basic base64(user:secret)"; the caller wipes and frees it. */
char *credential_basic(const struct credential *c);

/*
 * The bearer token of a token service's JSON answer ("token", else
 * "access_token"); NULL when there is none. The caller wipes and frees it.
 */
char *credential_token_parse(const char *json, size_t len);

/* Base64 (RFC 4648, padded) of data; the caller frees it. */
char *credential_base64(const void *data, size_t len);

/* Decodes padded base64 into a NUL-terminated string; NULL if invalid. */
char *credential_unbase64(const char *text);

#endif
