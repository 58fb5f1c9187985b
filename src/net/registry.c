#include "net/registry.h"

#include <ctype.h>
#include <stdarg.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "net/credential.h"
#include "net/http.h"
#include "net/imageref.h"
#include "net/url.h"

#define MEDIA_OCI_INDEX "application/vnd.oci.image.index.v1+json"
#define MEDIA_OCI_MANIFEST "application/vnd.oci.image.manifest.v1+json"
#define MEDIA_DOCKER_LIST                                                      \
	"application/vnd.docker.distribution.manifest.list.v2+json"
#define MEDIA_DOCKER_MANIFEST                                                  \
	"application/vnd.docker.distribution.manifest.v2+json"
/* A token service's answer, a ping's body: small. */
#define SMALL_BODY_MAX (1u << 20)

struct registry {
	const struct registry_ref *ref;
	const struct registry_options *o;
	char *api_host; /* registry-1.docker.io for docker.io */
	char *base;	/* "https://host" */
	bool allow_http;
	pthread_mutex_t lock;
	char *authorization; /* "Bearer ..." or "Basic ...", or NULL */
	char *challenge;     /* the WWW-Authenticate of the ping */
	unsigned generation; /* bumped each time authorization changes */
	struct strbuf tried; /* what was tried, for 401/403 messages */
};

int registry_ref_parse(const char *text, struct registry_ref *out,
		       struct error *e)
{
	const char *at = strchr(text, '@');
	struct imageref ir;

	memset(out, 0, sizeof(*out));
	if (at && !imageref_digest_valid(at + 1))
		return err_set_code(e, EXIT_USAGE,
				    "bad digest in image reference "
				    "'%s' (sha256:<64 lowercase hex>)",
				    text);
	if (imageref_parse(text, &ir, NULL) < 0)
		return err_set_code(e, EXIT_USAGE,
				    "malformed image reference '%s' (expected "
				    "HOST[:PORT]/REPO:TAG or "
				    "HOST[:PORT]/REPO@sha256:DIGEST)",
				    text);
	out->host = ir.domain;
	out->repo = ir.path;
	out->tag = ir.tag || ir.digest ? ir.tag : xstrdup("latest");
	out->digest = ir.digest;
	return 0;
}

void registry_ref_release(struct registry_ref *r)
{
	free(r->host);
	free(r->repo);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}

char *registry_ref_string(const struct registry_ref *r)
{
	return xasprintf("%s/%s%s%s%s%s", r->host, r->repo, r->tag ? ":" : "",
			 r->tag ? r->tag : "", r->digest ? "@" : "",
			 r->digest ? r->digest : "");
}

/* ---- one request, run to its end ---- */

struct call {
	struct strbuf body;	 /* memory bodies */
	registry_write_fn write; /* or streamed */
	void *ctx;
	uint64_t delivered, skip; /* streamed: bytes passed on; to drop */
	bool done, ok, not_found, tls_failed;
	long status;
	char www_auth[1024], content_type[256], content_digest[128];
	struct error err;
};

static int call_begin(void *ctx, uint64_t offset, uint64_t total,
		      struct error *e)
{
	struct call *c = ctx;

	(void)total;
	(void)e;
	if (!c->write) {
		if (!offset)
			strbuf_reset(&c->body);
		return 0;
	}
	/* a retry that starts over: what was passed on is skipped again */
	c->skip = offset ? 0 : c->delivered;
	return 0;
}

static int call_write(void *ctx, const void *data, size_t len, struct error *e)
{
	struct call *c = ctx;

	if (!c->write) {
		strbuf_add(&c->body, data, len);
		return 0;
	}
	if (c->skip) {
		size_t n = c->skip < len ? (size_t)c->skip : len;

		c->skip -= n;
		data = (const char *)data + n;
		len -= n;
		if (!len)
			return 0;
	}
	if (c->write(c->ctx, data, len, e) < 0)
		return -1;
	c->delivered += len;
	return 0;
}

static void call_done(void *ctx, const struct http_outcome *out)
{
	struct call *c = ctx;

	c->done = true;
	c->ok = out->ok;
	c->not_found = out->not_found;
	c->status = out->status;
	c->tls_failed = out->tls_failed;
	snprintf(c->www_auth, sizeof(c->www_auth), "%s",
		 out->www_authenticate ? out->www_authenticate : "");
	snprintf(c->content_type, sizeof(c->content_type), "%s",
		 out->content_type ? out->content_type : "");
	snprintf(c->content_digest, sizeof(c->content_digest), "%s",
		 out->content_digest ? out->content_digest : "");
	if (!out->ok)
		c->err = out->error;
}

static const struct http_sink call_sink = {call_begin, call_write, call_done};

/* Runs one GET in its own session; transfer failures land in c. */
static int run_call(struct registry *r, const char *url,
		    const char *const *headers, const char *authorization,
		    uint64_t max_bytes, bool once, struct call *c,
		    struct error *e)
{
	struct http_options ho;
	struct http_request req;
	struct http *h;

	memset(&ho, 0, sizeof(ho));
	ho.cacert = r->o->cacert;
	ho.allow_http = r->allow_http;
	ho.max_parallel = 1;
	ho.retries = r->o->retries;
	ho.max_retry_delay_ms = r->o->max_retry_delay_ms;
	h = http_new(&ho, e);
	if (!h)
		return -1;
	memset(&req, 0, sizeof(req));
	req.url = url;
	req.max_bytes = max_bytes;
	req.once = once;
	req.headers = headers;
	req.authorization = authorization;
	req.sink = &call_sink;
	req.ctx = c;
	if (http_add(h, &req, e)) {
		http_free(h);
		return -1;
	}
	http_run(h, NULL, NULL);
	http_free(h);
	return 0;
}

static void call_release(struct call *c)
{
	strbuf_release(&c->body);
}

/* ---- authentication ---- */

char *registry_challenge_param(const char *challenge, const char *param)
{
	const char *p = challenge;
	size_t plen = strlen(param);

	while (*p && *p != ' ')
		p++; /* the scheme */
	while (*p) {
		const char *key;
		size_t klen;
		struct strbuf v = STRBUF_INIT;

		while (*p == ' ' || *p == ',')
			p++;
		key = p;
		while (*p && *p != '=' && *p != ',')
			p++;
		klen = (size_t)(p - key);
		if (*p != '=')
			continue;
		p++;
		if (*p == '"') {
			for (p++; *p && *p != '"'; p++) {
				if (*p == '\\' && p[1])
					p++;
				strbuf_addch(&v, *p);
			}
			if (*p == '"')
				p++;
		} else {
			while (*p && *p != ',' && *p != ' ')
				strbuf_addch(&v, *p++);
		}
		if (klen == plen && !strncasecmp(key, param, plen))
			return v.buf ? strbuf_detach(&v, NULL) : xstrdup("");
		strbuf_release(&v);
	}
	return NULL;
}

static void url_escape(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c) || strchr("-._~", c))
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

static void tried(struct registry *r, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void tried(struct registry *r, const char *fmt, ...)
{
	char buf[1024];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, sizeof(buf), fmt, ap);
	va_end(ap);
	/* blob threads renew tokens too */
	pthread_mutex_lock(&r->lock);
	if (r->tried.len <= 1500 &&
	    !(r->tried.len && strstr(r->tried.buf, buf))) {
		if (r->tried.len)
			strbuf_adds(&r->tried, "; ");
		strbuf_adds(&r->tried, buf);
	}
	pthread_mutex_unlock(&r->lock);
}

/* What was tried so far, for a message; the caller frees it. */
static char *tried_text(struct registry *r)
{
	char *s;

	pthread_mutex_lock(&r->lock);
	s = xstrdup(r->tried.len ? r->tried.buf : "anonymous access");
	pthread_mutex_unlock(&r->lock);
	return s;
}

static int denied(struct registry *r, const char *what, long status,
		  struct error *e)
{
	char *t = tried_text(r);

	err_set_code(e, EXIT_IO, "%s refused access to %s (HTTP %ld): tried %s",
		     r->ref->host, what, status, t);
	free(t);
	return -1;
}

/* Looks the host's credentials up; 0 found, 1 none, -1 error. */
static int find_credential(struct registry *r, struct credential *cred,
			   struct error *e)
{
	struct strbuf where = STRBUF_INIT;
	int rc = credential_lookup(r->o->auth_files, r->o->nr_auth_files,
				   r->ref->host, r->ref->repo, cred, &where, e);

	if (rc > 0)
		tried(r, "no credentials for %s in %s", r->ref->host,
		      where.len ? where.buf : "any credential file");
	strbuf_release(&where);
	return rc;
}

/* Sets r->authorization from the challenge; -1 with e filled. */
static int authenticate(struct registry *r, const char *challenge,
			struct error *e)
{
	struct credential cred;
	char *auth = NULL;
	int ret = -1, rc;
	bool have;

	rc = find_credential(r, &cred, e);
	if (rc < 0)
		return -1;
	have = rc == 0;
	if (!strncasecmp(challenge, "Basic", 5)) {
		if (!have) {
			char *t = tried_text(r);

			err_set_code(e, EXIT_IO,
				     "%s asks for a user name and password "
				     "(Basic): %s",
				     r->ref->host, t);
			free(t);
			return -1;
		}
		auth = credential_basic(&cred);
		tried(r, "Basic with the credentials from %s", cred.origin);
	} else if (!strncasecmp(challenge, "Bearer", 6)) {
		char *realm = registry_challenge_param(challenge, "realm");
		char *service = registry_challenge_param(challenge, "service");
		struct strbuf url = STRBUF_INIT;
		struct call c = {.body = STRBUF_INIT};
		const char *accept[] = {"Accept: application/json", NULL};
		char *basic = have ? credential_basic(&cred) : NULL;
		char *token;

		if (!realm || !*realm) {
			free(realm);
			free(service);
			credential_release(&cred);
			return err_set_code(e, EXIT_IO,
					    "%s asks for a bearer token but "
					    "names no realm",
					    r->ref->host);
		}
		/* the registry names the realm: never a local file (its
		 * "token" would go to the registry), never weaker than it */
		if (url_check_followed(
			r->base, realm, "the token service",
			r->allow_http ? URL_HTTP_ANY : URL_HTTP_LOOPBACK, e)) {
			if (basic)
				memset(basic, 0, strlen(basic));
			free(basic);
			free(realm);
			free(service);
			credential_release(&cred);
			return -1;
		}
		strbuf_adds(&url, realm);
		strbuf_addch(&url, strchr(realm, '?') ? '&' : '?');
		if (service && *service) {
			strbuf_adds(&url, "service=");
			url_escape(&url, service);
			strbuf_addch(&url, '&');
		}
		strbuf_adds(&url, "scope=repository%3A");
		url_escape(&url, r->ref->repo);
		strbuf_adds(&url, "%3Apull");
		if (have)
			tried(r,
			      "a token from '%s' with the credentials "
			      "from %s",
			      realm, cred.origin);
		else
			tried(r, "an anonymous token from '%s'", realm);
		if (run_call(r, url.buf, accept, basic, SMALL_BODY_MAX, false,
			     &c, e) == 0) {
			if (c.ok) {
				token = credential_token_parse(c.body.buf,
							       c.body.len);
				if (token) {
					auth = xasprintf("Bearer %s", token);
					memset(token, 0, strlen(token));
					free(token);
				} else {
					err_set_code(e, EXIT_IO,
						     "the token service '%s' "
						     "answered no token",
						     realm);
				}
			} else if (c.status == 401 || c.status == 403) {
				char *t = tried_text(r);

				err_set_code(e, EXIT_IO,
					     "the token service '%s' of %s "
					     "refused (HTTP %ld): tried %s",
					     realm, r->ref->host, c.status, t);
				free(t);
			} else {
				*e = c.err;
				e->code = EXIT_IO;
			}
		}
		if (basic) {
			memset(basic, 0, strlen(basic));
			free(basic);
		}
		call_release(&c);
		strbuf_release(&url);
		free(realm);
		free(service);
		if (!auth)
			goto out;
	} else {
		err_set_code(e, EXIT_IO,
			     "%s asks for an unsupported authentication "
			     "scheme: '%.60s'",
			     r->ref->host, challenge);
		goto out;
	}
	pthread_mutex_lock(&r->lock);
	if (r->authorization)
		memset(r->authorization, 0, strlen(r->authorization));
	free(r->authorization);
	r->authorization = auth;
	r->generation++;
	pthread_mutex_unlock(&r->lock);
	auth = NULL;
	ret = 0;
out:
	credential_release(&cred);
	return ret;
}

/* ---- the registry ---- */

static bool is_insecure(const struct registry *r)
{
	for (size_t i = 0; i < r->o->nr_insecure_hosts; i++)
		if (!strcmp(r->o->insecure_hosts[i], r->ref->host))
			return true;
	return false;
}

static int ping(struct registry *r, bool once, struct call *c, struct error *e)
{
	char *url = xasprintf("%s/v2/", r->base);
	int rc;

	memset(c, 0, sizeof(*c));
	rc = run_call(r, url, NULL, NULL, SMALL_BODY_MAX, once, c, e);
	free(url);
	return rc;
}

/*
 * A loopback registry (a CI's registry:2) is most often plain http: asked
 * that way first, once, it costs no TLS set-up (loading the CA bundle
 * alone takes about 30 ms). Only an answer of the registry API (200 or
 * 401) keeps plain http and sets r->base; anything else (a TLS server
 * answers 400, nothing listens) leaves r->base NULL for the https probe,
 * whose result and errors are then as if this one never happened.
 */
static int plain_probe(struct registry *r, struct call *c, struct error *e)
{
	r->base = xasprintf("http://%s", r->api_host);
	if (ping(r, true, c, e) < 0) {
		free(r->base);
		r->base = NULL;
		return -1;
	}
	if (c->ok || c->status == 401)
		return 0;
	call_release(c);
	free(r->base);
	r->base = NULL;
	return 0;
}

/* https first; a loopback or --insecure-registry host without TLS
 * (plain_ok) then over plain http. -1 when no request could be made. */
static int https_probe(struct registry *r, bool plain_ok, struct call *c,
		       struct error *e)
{
	r->base = xasprintf("https://%s", r->api_host);
	if (ping(r, plain_ok, c, e) < 0)
		return -1;
	if (!c->ok && c->tls_failed && plain_ok) {
		/* a loopback or --insecure-registry host without TLS */
		call_release(c);
		free(r->base);
		r->base = xasprintf("http://%s", r->api_host);
		return ping(r, false, c, e);
	}
	if (!c->ok && !c->status && plain_ok) {
		call_release(c);
		return ping(r, false, c, e);
	}
	return 0;
}

struct registry *registry_open(const struct registry_ref *ref,
			       const struct registry_options *o,
			       struct error *e)
{
	struct registry *r = xcalloc(1, sizeof(*r));
	struct call c;
	char *probe;
	bool plain_ok, loopback;

	r->ref = ref;
	r->o = o;
	pthread_mutex_init(&r->lock, NULL);
	r->api_host =
	    xstrdup(!strcmp(ref->host, "docker.io") ? "registry-1.docker.io"
						    : ref->host);
	probe = xasprintf("http://%s/", r->api_host);
	loopback = url_is_loopback(probe);
	plain_ok = loopback || is_insecure(r);
	free(probe);
	r->allow_http = is_insecure(r);
	if (loopback && plain_probe(r, &c, e) < 0)
		goto fail;
	if (!r->base && https_probe(r, plain_ok, &c, e) < 0)
		goto fail;
	if (!c.ok && c.status == 401) {
		r->challenge = xstrdup(c.www_auth);
		call_release(&c);
		if (authenticate(r, r->challenge, e) < 0)
			goto fail;
	} else if (!c.ok) {
		if (c.status == 404)
			err_set_code(e, EXIT_USAGE,
				     "'%s' serves no registry API (/v2/ "
				     "answered HTTP 404)",
				     r->ref->host);
		else {
			*e = c.err;
			e->code = EXIT_IO;
		}
		call_release(&c);
		goto fail;
	} else {
		call_release(&c);
	}
	return r;
fail:
	registry_close(r);
	return NULL;
}

void registry_close(struct registry *r)
{
	if (!r)
		return;
	if (r->authorization)
		memset(r->authorization, 0, strlen(r->authorization));
	free(r->authorization);
	free(r->challenge);
	free(r->api_host);
	free(r->base);
	strbuf_release(&r->tried);
	pthread_mutex_destroy(&r->lock);
	free(r);
}

/*
 * GET path under /v2/REPO/ with the current authorization; on a 401 the
 * token is renewed once (an expired one) and the request tried again.
 */
static int authed_get(struct registry *r, const char *path,
		      const char *const *headers, uint64_t max_bytes,
		      struct call *c, struct error *e)
{
	char *url = xasprintf("%s/v2/%s/%s", r->base, r->ref->repo, path);
	int ret = -1;

	for (int round = 0; round < 2; round++) {
		char *auth;
		unsigned gen;
		bool had_auth;

		pthread_mutex_lock(&r->lock);
		auth = r->authorization ? xstrdup(r->authorization) : NULL;
		gen = r->generation;
		pthread_mutex_unlock(&r->lock);
		c->done = false;
		err_clear(&c->err);
		ret = run_call(r, url, headers, auth, max_bytes, false, c, e);
		had_auth = auth != NULL;
		if (auth)
			memset(auth, 0, strlen(auth));
		free(auth);
		if (ret < 0 || c->ok || c->status != 401 || round)
			break;
		if (!c->www_auth[0] && !r->challenge)
			break;
		tried(r, "%s again after HTTP 401",
		      had_auth && !strncasecmp(c->www_auth, "Bearer", 6)
			  ? "a new token"
			  : "authentication");
		/* another thread may have renewed it meanwhile */
		pthread_mutex_lock(&r->lock);
		gen = gen != r->generation;
		pthread_mutex_unlock(&r->lock);
		if (!gen &&
		    authenticate(r, c->www_auth[0] ? c->www_auth : r->challenge,
				 e) < 0) {
			ret = -1;
			break;
		}
	}
	free(url);
	return ret;
}

/* The error for a failed call; what names the object in messages. */
static int call_failed(struct registry *r, struct call *c, const char *what,
		       struct error *e)
{
	if (c->status == 401 || c->status == 403)
		return denied(r, what, c->status, e);
	if (c->not_found)
		return err_set_code(e, EXIT_USAGE,
				    "%s is not in the registry %s (HTTP %ld)",
				    what, r->ref->host, c->status);
	*e = c->err;
	if (e->code != EXIT_CHECK)
		e->code = EXIT_IO;
	return -1;
}

int registry_get_manifest(struct registry *r, const char *reference,
			  struct registry_doc *out, struct error *e)
{
	static const char *const accept[] = {
	    "Accept: " MEDIA_OCI_INDEX ", " MEDIA_OCI_MANIFEST
	    ", " MEDIA_DOCKER_LIST ", " MEDIA_DOCKER_MANIFEST,
	    NULL};
	struct call c = {.body = STRBUF_INIT};
	char *path = xasprintf("manifests/%s", reference);
	char *what = xasprintf("'%s%s%s'", r->ref->repo,
			       strchr(reference, ':') ? "@" : ":", reference);
	char hex[65];
	int ret = -1;

	memset(out, 0, sizeof(*out));
	if (authed_get(r, path, accept, REGISTRY_MANIFEST_MAX, &c, e) < 0)
		goto out;
	if (!c.ok) {
		call_failed(r, &c, what, e);
		goto out;
	}
	digest_buffer(DIGEST_SHA256, c.body.buf ? c.body.buf : "", c.body.len,
		      hex);
	snprintf(out->digest, sizeof(out->digest), "sha256:%s", hex);
	if (!strncmp(reference, "sha256:", 7) &&
	    strcmp(reference, out->digest)) {
		err_set_code(e, EXIT_CHECK,
			     "manifest %s of '%s' is corrupt: its bytes hash "
			     "to %s",
			     reference, r->ref->repo, out->digest);
		goto out;
	}
	if (c.content_digest[0] && !strncmp(c.content_digest, "sha256:", 7) &&
	    strcmp(c.content_digest, out->digest)) {
		err_set_code(e, EXIT_CHECK,
			     "manifest %s is corrupt: %s says its digest is "
			     "%s, its bytes hash to %s",
			     what, r->ref->host, c.content_digest, out->digest);
		goto out;
	}
	if (strstr(c.content_type, "distribution.manifest.v1")) {
		err_set_code(e, EXIT_USAGE,
			     "%s is a Docker schema 1 manifest, which is not "
			     "supported (push it again with a current tool)",
			     what);
		goto out;
	}
	out->media_type = xstrdup(c.content_type);
	out->body = strbuf_detach(&c.body, &out->len);
	ret = 0;
out:
	call_release(&c);
	free(path);
	free(what);
	return ret;
}

void registry_doc_release(struct registry_doc *d)
{
	free(d->body);
	free(d->media_type);
	memset(d, 0, sizeof(*d));
}

int registry_get_blob(struct registry *r, const char *digest,
		      uint64_t max_bytes, registry_write_fn write, void *ctx,
		      struct error *e)
{
	struct call c = {.body = STRBUF_INIT, .write = write, .ctx = ctx};
	char *path = xasprintf("blobs/%s", digest);
	char *what = xasprintf("blob %s of '%s'", digest, r->ref->repo);
	int ret = -1;

	if (authed_get(r, path, NULL, max_bytes, &c, e) < 0)
		goto out;
	if (!c.ok) {
		call_failed(r, &c, what, e);
		goto out;
	}
	ret = 0;
out:
	call_release(&c);
	free(path);
	free(what);
	return ret;
}
