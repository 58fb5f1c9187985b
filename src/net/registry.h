#ifndef JARBAKE_REGISTRY_H
#define JARBAKE_REGISTRY_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "core/error.h"

/*
 * A client of the OCI Distribution API (docker registry v2) on top of
 * net/http: reference parsing, the /v2/ ping, authentication as
 * registries do it (anonymous, WWW-Authenticate Bearer token flow with
 * realm, service and scope, Basic), manifests with content negotiation
 * and blobs streamed to a callback. Nothing is written to disk.
 *
 * Exit codes of the errors: a reference that is not there EXIT_USAGE;
 * 401/403 EXIT_IO naming what was tried; 429 and 5xx retried (Retry-After
 * honoured up to net/http's bound), then EXIT_IO; a manifest whose bytes
 * do not hash to its digest EXIT_CHECK.
 */

/* "HOST[:PORT]/REPO[:TAG][@sha256:HEX]", parsed. */
struct registry_ref {
	char *host;   /* as written ("docker.io" for Docker Hub names) */
	char *repo;   /* "library/spark" for Docker Hub's short names */
	char *tag;    /* NULL when only a digest is given */
	char *digest; /* "sha256:<64 hex>", or NULL */
};

/*
 * Parses text (without "docker://") with net/imageref. A name without a
 * registry host is Docker Hub's; no tag and no digest means ":latest".
 * -1 (EXIT_USAGE).
 */
int registry_ref_parse(const char *text, struct registry_ref *out,
		       struct error *e);
void registry_ref_release(struct registry_ref *r);

/* "host/repo:tag@digest" as far as known; the caller frees it. */
char *registry_ref_string(const struct registry_ref *r);

struct registry_options {
	const char *cacert; /* extra CA bundle (PEM) */
	/* hosts that may be reached with plain http (loopback always may) */
	const char *const *insecure_hosts;
	size_t nr_insecure_hosts;
	/* credential files in lookup order (credential.h); missing ones
	 * are skipped */
	const char *const *auth_files;
	size_t nr_auth_files;
	int retries;		     /* after the first try; <0: net/http's */
	unsigned max_retry_delay_ms; /* 0: net/http's */
};

struct registry;

/*
 * Connects to ref's registry (the /v2/ ping; https, or plain http for a
 * loopback or insecure host that does not speak TLS) and authenticates
 * for pulling ref->repo. Options and ref are borrowed for the lifetime.
 */
struct registry *registry_open(const struct registry_ref *ref,
			       const struct registry_options *o,
			       struct error *e);
void registry_close(struct registry *r);

/* A manifest or index as served. */
struct registry_doc {
	char *body;
	size_t len;
	char *media_type; /* Content-Type, or the body's mediaType */
	char digest[72];  /* "sha256:<hex>" of body */
};

/* Largest manifest accepted. */
#define REGISTRY_MANIFEST_MAX (4u << 20)

/*
 * The manifest named reference (a tag or "sha256:..."), negotiated as an
 * OCI index or manifest or a Docker schema 2 list or manifest. When
 * reference is a digest, the body must hash to it (else EXIT_CHECK).
 */
int registry_get_manifest(struct registry *r, const char *reference,
			  struct registry_doc *out, struct error *e);
void registry_doc_release(struct registry_doc *d);

/* Receives a blob's bytes in order; -1 with e filled aborts. */
typedef int (*registry_write_fn)(void *ctx, const void *data, size_t len,
				 struct error *e);

/*
 * Streams blob digest to write(). Safe to call from several threads at
 * once; a broken transfer resumes where it stopped. max_bytes caps it
 * (0: net/http's default). The caller checks the digest of what it got.
 */
int registry_get_blob(struct registry *r, const char *digest,
		      uint64_t max_bytes, registry_write_fn write, void *ctx,
		      struct error *e);

/* "Bearer realm=...,service=...": the value of param, or NULL (freed by
 * the caller). Exported for tests. */
char *registry_challenge_param(const char *challenge, const char *param);

#endif
