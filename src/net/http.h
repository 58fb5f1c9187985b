#ifndef JARBAKE_HTTP_H
#define JARBAKE_HTTP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <time.h>

#include "core/error.h"

/*
 * Downloads through libcurl's multi interface, the only place that knows
 * curl. One struct http runs many transfers concurrently in the calling
 * thread (HTTP/2 multiplexing, keep-alive reuse); use one per thread.
 * Retries with backoff, Range resume, redirects and the URL policy (https,
 * file://, http only to loopback unless allowed, never https -> http) are
 * handled here; the caller only sees body bytes through a sink.
 */

/* Default cap on a body whose size is not pinned. */
#define HTTP_DEFAULT_MAX_BYTES (UINT64_C(2) << 30)

struct http_options {
	const char *cacert;	     /* extra CA bundle, added to the default */
	bool allow_http;	     /* plain http to non-loopback hosts */
	unsigned max_parallel;	     /* concurrent transfers; 0: 8 */
	int retries;		     /* retries after the first try; <0: 4 */
	unsigned retry_delay_ms;     /* backoff base; 0: 500 */
	unsigned max_retry_delay_ms; /* backoff and Retry-After cap; 0: 30000 */
	unsigned connect_timeout_s;  /* 0: 15 */
	unsigned stall_timeout_s; /* abort below 1 KiB/s for this long; 0: 30 */
	unsigned max_redirects;	  /* 0: 5 */
	/* Every transfer and retry of the session ends this many seconds
	 * after http_new() (a server that drips bytes or keeps asking to
	 * retry costs at most this); 0: HTTP_DEFAULT_DEADLINE_S. */
	unsigned deadline_s;
};

#define HTTP_DEFAULT_DEADLINE_S 1800

struct http_outcome {
	bool ok;
	bool not_found; /* 404 or 410: final, never retried */
	long status;	/* last HTTP status, 0 for file:// or none */
	uint64_t bytes; /* body bytes held, from offset 0 */
	unsigned attempts;
	struct error
	    error; /* when !ok: the reason, code EXIT_IO or the sink's */
	/* Response headers of the last response, "" when absent; valid
	 * during done() only. */
	const char *www_authenticate;
	const char *content_type;
	const char *content_digest; /* Docker-Content-Digest */
	bool tls_failed; /* the TLS handshake failed (not verification) */
};

/*
 * Where a body goes. begin() starts a body at offset (0: throw away what
 * earlier tries wrote; otherwise the server resumed there); total is the
 * whole size when the server said it, else 0. write() gets the bytes in
 * order. Either returns -1 with e filled to abort the transfer (no retry).
 * done() is called once at the end and may add new requests.
 */
struct http_sink {
	int (*begin)(void *ctx, uint64_t offset, uint64_t total,
		     struct error *e);
	int (*write)(void *ctx, const void *data, size_t len, struct error *e);
	void (*done)(void *ctx, const struct http_outcome *out);
};

struct http_request {
	const char *url;    /* copied */
	uint64_t start;	    /* bytes already held: the first try asks a Range */
	uint64_t max_bytes; /* cap on the body; 0: HTTP_DEFAULT_MAX_BYTES */
	bool once;	    /* no retry: the first failed try is final */
	/* Extra request headers ("Name: value"), NULL-terminated, copied. */
	const char *const *headers;
	/* An Authorization value, copied; sent only to the scheme, host and
	 * port of url, never after a redirect to another origin. */
	const char *authorization;
	const struct http_sink *sink;
	void *ctx;
};

struct http;

/* Initialises libcurl once per process; call before starting threads. */
int http_global_init(struct error *e);

/* A new session, or NULL with e filled (bad --cacert, no libcurl). */
struct http *http_new(const struct http_options *opts, struct error *e);
void http_free(struct http *h);

/* Queues a transfer; checks the URL policy first (-1 with e filled). */
int http_add(struct http *h, const struct http_request *req, struct error *e);

/*
 * Runs until no transfer is queued or active. tick (may be NULL) is called
 * at least every 100 ms and after each finished transfer; it may add
 * requests. Returns 0 (transfer failures go to each sink's done()).
 */
int http_run(struct http *h, void (*tick)(void *ctx, struct http *h),
	     void *ctx);

/* True when a and b have the same scheme, host and port. */
bool http_same_origin(const char *a, const char *b);

/*
 * Delay before retry number attempt (1-based): base * 2^(attempt-1),
 * capped at max, then "equal jitter": half fixed, half from random.
 */
unsigned http_backoff_ms(unsigned attempt, unsigned base_ms, unsigned max_ms,
			 uint32_t random);

/*
 * Parses a Retry-After value (delta-seconds or an HTTP date, relative to
 * now) into seconds >= 0; -1 when it is neither.
 */
long http_parse_retry_after(const char *value, time_t now);

/* Parses "bytes START-END/TOTAL" (TOTAL may be '*': *total = 0). */
int http_parse_content_range(const char *value, uint64_t *start, uint64_t *end,
			     uint64_t *total);

#endif
