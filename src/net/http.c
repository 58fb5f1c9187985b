#include "net/http.h"

#include <ctype.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <curl/curl.h>

#include "core/strbuf.h"
#include "core/xalloc.h"
#include "core/clock.h"
#include "net/curl_lib.h"
#include "net/url.h"

#ifndef JARBAKE_VERSION
#define JARBAKE_VERSION "dev"
#endif

#define HTTP_TICK_MS 100
/* A response that is not the body we want: keep at most this much. */
#define HTTP_ERROR_BODY_MAX (1u << 20)
/* Retry-After beyond this is not worth waiting for in a build. */
#define HTTP_RETRY_AFTER_MAX_S 120
#define HTTP_CA_MAX_BYTES (16u << 20)

struct transfer {
	struct transfer *next;
	struct http *h;
	char *url;     /* as requested */
	char *cur_url; /* after redirects, for this try */
	unsigned redirects;
	bool is_file;
	bool once;     /* no retry */
	uint64_t have; /* body bytes held, from offset 0 */
	uint64_t max_bytes;
	unsigned attempt; /* tries started */
	uint64_t due_ms;  /* not before this (monotonic) */
	CURL *easy;
	/* the current response */
	long status;
	bool body_started, range_asked, has_cr;
	uint64_t cr_start, cr_total;
	long retry_after;
	uint64_t discarded;
	bool aborted; /* a sink or a cap stopped it: err says why */
	struct error err;
	char errbuf[CURL_ERROR_SIZE];
	const struct http_sink *sink;
	void *ctx;
	char **headers; /* extra request headers, NULL-terminated */
	char *authorization;
	struct curl_slist *slist; /* of this try */
	char www_auth[1024], content_type[256], content_digest[128];
	bool tls_failed;
};

struct http {
	struct http_options o;
	CURLM *multi;
	struct curl_blob ca_blob;
	char *ca_data;
	const char *ca_file;	  /* from the environment when no blob */
	struct transfer *pending; /* queued or waiting for a retry */
	struct transfer *active;
	unsigned nr_active;
	uint32_t rng;
	uint64_t deadline_ms; /* monotonic */
};

static uint32_t rng_next(struct http *h)
{
	/* xorshift32: jitter only, nothing secret */
	uint32_t x = h->rng;

	x ^= x << 13;
	x ^= x >> 17;
	x ^= x << 5;
	h->rng = x ? x : 0x9e3779b9u;
	return h->rng;
}

static pthread_once_t global_once = PTHREAD_ONCE_INIT;
static CURLcode global_rc;

static void global_init(void)
{
	global_rc = curl_global_init(CURL_GLOBAL_DEFAULT);
}

int http_global_init(struct error *e)
{
	const char *missing = curl_lib_error();

	if (missing)
		return err_set_code(e, EXIT_IO, "%s", missing);
	pthread_once(&global_once, global_init);
	if (global_rc != CURLE_OK)
		return err_set_code(e, EXIT_IO, "cannot initialise libcurl: %s",
				    curl_easy_strerror(global_rc));
	return 0;
}

unsigned http_backoff_ms(unsigned attempt, unsigned base_ms, unsigned max_ms,
			 uint32_t random)
{
	uint64_t d = base_ms;
	unsigned half;

	if (attempt < 1)
		attempt = 1;
	for (unsigned i = 1; i < attempt && d < max_ms; i++)
		d *= 2;
	if (d > max_ms)
		d = max_ms;
	half = (unsigned)(d / 2);
	return (unsigned)(d - half) + (half ? random % (half + 1) : 0);
}

long http_parse_retry_after(const char *value, time_t now)
{
	const char *p = value;
	char *end;
	long long n;
	time_t t;

	while (*p == ' ' || *p == '\t')
		p++;
	if (isdigit((unsigned char)*p)) {
		errno = 0;
		n = strtoll(p, &end, 10);
		while (*end == ' ' || *end == '\t' || *end == '\r' ||
		       *end == '\n')
			end++;
		if (*end || errno || n < 0)
			return -1;
		return n > 86400 ? 86400 : (long)n;
	}
	if (!*p)
		return -1;
	t = curl_getdate(p, NULL);
	if (t == (time_t)-1)
		return -1;
	return t <= now ? 0 : (t - now > 86400 ? 86400 : (long)(t - now));
}

static int parse_u64(const char **p, uint64_t *out)
{
	uint64_t v = 0;

	if (!isdigit((unsigned char)**p))
		return -1;
	while (isdigit((unsigned char)**p)) {
		if (v > (UINT64_MAX - 9) / 10)
			return -1;
		v = v * 10 + (uint64_t)(**p - '0');
		(*p)++;
	}
	*out = v;
	return 0;
}

int http_parse_content_range(const char *value, uint64_t *start, uint64_t *end,
			     uint64_t *total)
{
	const char *p = value;

	while (*p == ' ' || *p == '\t')
		p++;
	if (strncasecmp(p, "bytes", 5))
		return -1;
	p += 5;
	while (*p == ' ')
		p++;
	if (parse_u64(&p, start) || *p++ != '-' || parse_u64(&p, end) ||
	    *p++ != '/' || *end < *start)
		return -1;
	if (*p == '*') {
		*total = 0;
		p++;
	} else if (parse_u64(&p, total) || *total <= *end) {
		return -1;
	}
	while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
		p++;
	return *p ? -1 : 0;
}

bool http_same_origin(const char *a, const char *b)
{
	static const CURLUPart parts[] = {CURLUPART_SCHEME, CURLUPART_HOST,
					  CURLUPART_PORT};
	CURLU *ua = curl_url(), *ub = curl_url();
	bool same = ua && ub &&
		    curl_url_set(ua, CURLUPART_URL, a, 0) == CURLUE_OK &&
		    curl_url_set(ub, CURLUPART_URL, b, 0) == CURLUE_OK;

	for (size_t i = 0; same && i < sizeof(parts) / sizeof(*parts); i++) {
		char *pa = NULL, *pb = NULL;

		same = curl_url_get(ua, parts[i], &pa, CURLU_DEFAULT_PORT) ==
			   CURLUE_OK &&
		       curl_url_get(ub, parts[i], &pb, CURLU_DEFAULT_PORT) ==
			   CURLUE_OK &&
		       !strcasecmp(pa, pb);
		curl_free(pa);
		curl_free(pb);
	}
	curl_url_cleanup(ua);
	curl_url_cleanup(ub);
	return same;
}

static int read_small_file(const char *path, struct strbuf *sb, struct error *e)
{
	char buf[65536];
	ssize_t n;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	if (fd < 0)
		return err_set_errno(e, EXIT_USAGE, "cannot open '%s'", path);
	while ((n = read(fd, buf, sizeof(buf))) != 0) {
		if (n < 0) {
			if (errno == EINTR)
				continue;
			err_set_errno(e, EXIT_USAGE, "cannot read '%s'", path);
			close(fd);
			return -1;
		}
		if (sb->len + (size_t)n > HTTP_CA_MAX_BYTES) {
			close(fd);
			return err_set_code(e, EXIT_USAGE, "'%s' is too large",
					    path);
		}
		strbuf_add(sb, buf, (size_t)n);
	}
	close(fd);
	return 0;
}

/*
 * --cacert adds to the trusted set rather than replacing it, so a private
 * mirror and the public repository work in one run: the blob is the
 * default bundle followed by the extra one.
 */
static int setup_ca(struct http *h, struct error *e)
{
	const char *env;
	struct strbuf sb = STRBUF_INIT;
	char *def = NULL;

	/* curl's own variable first, then OpenSSL's */
	env = getenv("CURL_CA_BUNDLE");
	if (!env || !*env)
		env = getenv("SSL_CERT_FILE");
	if (env && *env)
		h->ca_file = env;
	if (!h->o.cacert)
		return 0;
	if (h->ca_file) {
		def = xstrdup(h->ca_file);
	} else {
		CURL *c = curl_easy_init();
		char *p = NULL;

		if (c &&
		    curl_easy_getinfo(c, CURLINFO_CAINFO, &p) == CURLE_OK && p)
			def = xstrdup(p);
		if (c)
			curl_easy_cleanup(c);
	}
	if (read_small_file(h->o.cacert, &sb, e)) {
		strbuf_release(&sb);
		free(def);
		return -1;
	}
	if (!strstr(sb.buf, "-----BEGIN CERTIFICATE-----")) {
		strbuf_release(&sb);
		free(def);
		return err_set_code(e, EXIT_USAGE,
				    "'%s' holds no PEM certificate",
				    h->o.cacert);
	}
	strbuf_addch(&sb, '\n');
	if (def) {
		struct error ignored = ERROR_INIT;

		/* no default bundle: the extra one alone */
		(void)read_small_file(def, &sb, &ignored);
		free(def);
	}
	h->ca_data = strbuf_detach(&sb, &h->ca_blob.len);
	h->ca_blob.data = h->ca_data;
	h->ca_blob.flags = CURL_BLOB_NOCOPY;
	return 0;
}

struct http *http_new(const struct http_options *opts, struct error *e)
{
	struct http *h;

	if (http_global_init(e))
		return NULL;
	h = xcalloc(1, sizeof(*h));
	h->o = *opts;
	if (!h->o.max_parallel)
		h->o.max_parallel = 8;
	if (h->o.retries < 0)
		h->o.retries = 4;
	if (!h->o.retry_delay_ms)
		h->o.retry_delay_ms = 500;
	if (!h->o.max_retry_delay_ms)
		h->o.max_retry_delay_ms = 30000;
	if (!h->o.connect_timeout_s)
		h->o.connect_timeout_s = 15;
	if (!h->o.stall_timeout_s)
		h->o.stall_timeout_s = 30;
	if (!h->o.max_redirects)
		h->o.max_redirects = 5;
	if (!h->o.deadline_s)
		h->o.deadline_s = HTTP_DEFAULT_DEADLINE_S;
	h->deadline_ms = clock_ms() + (uint64_t)h->o.deadline_s * 1000;
	h->rng = (uint32_t)clock_ms() ^ ((uint32_t)getpid() << 16) ^
		 (uint32_t)(uintptr_t)h;
	if (!h->rng)
		h->rng = 1;
	if (setup_ca(h, e)) {
		free(h);
		return NULL;
	}
	h->multi = curl_multi_init();
	if (!h->multi) {
		free(h->ca_data);
		free(h);
		err_set_code(e, EXIT_IO, "cannot initialise libcurl");
		return NULL;
	}
	curl_multi_setopt(h->multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	curl_multi_setopt(h->multi, CURLMOPT_MAX_HOST_CONNECTIONS,
			  (long)h->o.max_parallel);
	return h;
}

static void transfer_free(struct transfer *t)
{
	if (!t)
		return;
	if (t->easy)
		curl_easy_cleanup(t->easy);
	curl_slist_free_all(t->slist);
	for (size_t i = 0; t->headers && t->headers[i]; i++)
		free(t->headers[i]);
	free(t->headers);
	if (t->authorization) /* a secret: leave no copy behind */
		memset(t->authorization, 0, strlen(t->authorization));
	free(t->authorization);
	free(t->url);
	free(t->cur_url);
	free(t);
}

void http_free(struct http *h)
{
	struct transfer *t, *next;

	if (!h)
		return;
	for (t = h->active; t; t = next) {
		next = t->next;
		curl_multi_remove_handle(h->multi, t->easy);
		transfer_free(t);
	}
	for (t = h->pending; t; t = next) {
		next = t->next;
		transfer_free(t);
	}
	curl_multi_cleanup(h->multi);
	free(h->ca_data);
	free(h);
}

static enum url_http url_http_policy(const struct http *h)
{
	return h->o.allow_http ? URL_HTTP_ANY : URL_HTTP_LOOPBACK_HINT;
}

int http_add(struct http *h, const struct http_request *req, struct error *e)
{
	struct transfer *t, **tail;

	if (url_check(req->url, "URL", url_http_policy(h), e))
		return -1;
	t = xcalloc(1, sizeof(*t));
	t->h = h;
	t->url = xstrdup(req->url);
	t->is_file = !strncasecmp(req->url, "file:", 5);
	t->have = t->is_file ? 0 : req->start;
	t->max_bytes = req->max_bytes ? req->max_bytes : HTTP_DEFAULT_MAX_BYTES;
	t->once = req->once;
	t->sink = req->sink;
	t->ctx = req->ctx;
	if (req->headers) {
		size_t n = 0;

		while (req->headers[n])
			n++;
		t->headers = xcalloc(n + 1, sizeof(*t->headers));
		for (size_t i = 0; i < n; i++)
			t->headers[i] = xstrdup(req->headers[i]);
	}
	if (req->authorization)
		t->authorization = xstrdup(req->authorization);
	/* FIFO, so JARs start in manifest order */
	for (tail = &h->pending; *tail; tail = &(*tail)->next)
		;
	*tail = t;
	return 0;
}

static void reset_response(struct transfer *t)
{
	t->status = 0;
	t->body_started = false;
	t->has_cr = false;
	t->retry_after = -1;
	t->discarded = 0;
	t->www_auth[0] = t->content_type[0] = t->content_digest[0] = '\0';
}

/* Copies a header value without the blanks around it. */
static void header_value(char *out, size_t size, const char *v)
{
	size_t n;

	while (*v == ' ' || *v == '\t')
		v++;
	n = strlen(v);
	while (n && (v[n - 1] == '\r' || v[n - 1] == '\n' || v[n - 1] == ' ' ||
		     v[n - 1] == '\t'))
		n--;
	if (n >= size)
		n = 0; /* cut short it would mislead: treat as absent */
	memcpy(out, v, n);
	out[n] = '\0';
}

static size_t header_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct transfer *t = ud;
	size_t len = size * nmemb;
	char line[2048];
	char *colon;

	if (len >= sizeof(line))
		return len; /* no header we read is that long */
	memcpy(line, data, len);
	line[len] = '\0';
	if (!strncmp(line, "HTTP/", 5)) {
		char *sp = strchr(line, ' ');

		reset_response(t);
		if (sp)
			t->status = strtol(sp + 1, NULL, 10);
		return len;
	}
	colon = strchr(line, ':');
	if (!colon)
		return len;
	*colon = '\0';
	if (!strcasecmp(line, "Content-Range")) {
		uint64_t end;

		t->has_cr = !http_parse_content_range(colon + 1, &t->cr_start,
						      &end, &t->cr_total);
	} else if (!strcasecmp(line, "Retry-After")) {
		t->retry_after = http_parse_retry_after(colon + 1, time(NULL));
	} else if (!strcasecmp(line, "WWW-Authenticate") && !t->www_auth[0]) {
		header_value(t->www_auth, sizeof(t->www_auth), colon + 1);
	} else if (!strcasecmp(line, "Content-Type")) {
		header_value(t->content_type, sizeof(t->content_type),
			     colon + 1);
	} else if (!strcasecmp(line, "Docker-Content-Digest")) {
		header_value(t->content_digest, sizeof(t->content_digest),
			     colon + 1);
	}
	return len;
}

static bool status_is_body(const struct transfer *t)
{
	return t->is_file ? true : (t->status == 200 || t->status == 206);
}

/* The first byte (or the end) of a wanted body: tell the sink where. */
static int start_body(struct transfer *t)
{
	curl_off_t cl = -1;
	uint64_t offset, total = 0;

	t->body_started = true;
	curl_easy_getinfo(t->easy, CURLINFO_CONTENT_LENGTH_DOWNLOAD_T, &cl);
	if (!t->is_file && t->status == 206) {
		if (!t->has_cr || t->cr_start != t->have) {
			/* a range we did not ask for: start over cleanly */
			t->have = 0;
			err_set_code(&t->err, EXIT_IO,
				     "'%s' answered an unexpected range",
				     t->cur_url);
			return -1;
		}
		offset = t->have;
		total = t->cr_total;
	} else {
		/* 200: the whole body again, Range or not */
		offset = 0;
		t->have = 0;
		if (cl >= 0)
			total = (uint64_t)cl;
	}
	/* the sink first: it may have a better word for a size mismatch */
	if (t->sink->begin(t->ctx, offset, total, &t->err)) {
		t->aborted = true;
		return -1;
	}
	if (total > t->max_bytes) {
		t->aborted = true;
		err_set_code(&t->err, EXIT_CHECK,
			     "'%s' is %" PRIu64 " bytes, more than the %" PRIu64
			     " allowed",
			     t->cur_url, total, t->max_bytes);
		return -1;
	}
	return 0;
}

static size_t write_cb(char *data, size_t size, size_t nmemb, void *ud)
{
	struct transfer *t = ud;
	size_t len = size * nmemb;

	if (!status_is_body(t)) {
		t->discarded += len;
		return t->discarded > HTTP_ERROR_BODY_MAX ? 0 : len;
	}
	if (!t->body_started && start_body(t))
		return 0;
	if (len > t->max_bytes - t->have) {
		t->aborted = true;
		err_set_code(&t->err, EXIT_CHECK,
			     "'%s' is larger than the %" PRIu64
			     " bytes allowed",
			     t->cur_url, t->max_bytes);
		return 0;
	}
	if (t->sink->write(t->ctx, data, len, &t->err)) {
		t->aborted = true;
		return 0;
	}
	t->have += len;
	return len;
}

static void set_common(struct http *h, struct transfer *t, CURL *c)
{
	curl_easy_setopt(c, CURLOPT_URL, t->cur_url);
	curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https,file");
	curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 2L);
	if (h->ca_data)
		curl_easy_setopt(c, CURLOPT_CAINFO_BLOB, &h->ca_blob);
	else if (h->ca_file)
		curl_easy_setopt(c, CURLOPT_CAINFO, h->ca_file);
	curl_easy_setopt(c, CURLOPT_NETRC, (long)CURL_NETRC_OPTIONAL);
	curl_easy_setopt(c, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(c, CURLOPT_PIPEWAIT, 1L);
	curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT,
			 (long)h->o.connect_timeout_s);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_LIMIT, 1024L);
	curl_easy_setopt(c, CURLOPT_LOW_SPEED_TIME, (long)h->o.stall_timeout_s);
	curl_easy_setopt(c, CURLOPT_BUFFERSIZE, 256L * 1024);
	curl_easy_setopt(c, CURLOPT_USERAGENT, "jarbake/" JARBAKE_VERSION);
	curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(c, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(c, CURLOPT_ERRORBUFFER, t->errbuf);
	curl_easy_setopt(c, CURLOPT_HEADERFUNCTION, header_cb);
	curl_easy_setopt(c, CURLOPT_HEADERDATA, t);
	curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, write_cb);
	curl_easy_setopt(c, CURLOPT_WRITEDATA, t);
	curl_easy_setopt(c, CURLOPT_PRIVATE, t);
}

static int start_transfer(struct http *h, struct transfer *t)
{
	char range[48];

	if (!t->cur_url)
		t->cur_url = xstrdup(t->url);
	reset_response(t);
	t->errbuf[0] = '\0';
	t->easy = curl_easy_init();
	if (!t->easy)
		return err_set_code(&t->err, EXIT_IO,
				    "cannot initialise a transfer");
	set_common(h, t, t->easy);
	curl_slist_free_all(t->slist);
	t->slist = NULL;
	for (size_t i = 0; t->headers && t->headers[i]; i++)
		t->slist = curl_slist_append(t->slist, t->headers[i]);
	/* credentials stay with the origin they were given for: a blob
	 * redirected to a storage host goes there without them */
	if (t->authorization && http_same_origin(t->url, t->cur_url)) {
		char *h2 = xasprintf("Authorization: %s", t->authorization);

		t->slist = curl_slist_append(t->slist, h2);
		memset(h2, 0, strlen(h2));
		free(h2);
	}
	if (t->slist)
		curl_easy_setopt(t->easy, CURLOPT_HTTPHEADER, t->slist);
	{
		uint64_t now = clock_ms();

		/* at least 1 ms: 0 would mean no timeout at all */
		curl_easy_setopt(
		    t->easy, CURLOPT_TIMEOUT_MS,
		    (long)(h->deadline_ms > now ? h->deadline_ms - now : 1));
	}
	t->range_asked = false;
	if (t->have && !t->is_file) {
		snprintf(range, sizeof(range), "%" PRIu64 "-", t->have);
		curl_easy_setopt(t->easy, CURLOPT_RANGE, range);
		t->range_asked = true;
	}
	if (curl_multi_add_handle(h->multi, t->easy) != CURLM_OK) {
		curl_easy_cleanup(t->easy);
		t->easy = NULL;
		return err_set_code(&t->err, EXIT_IO,
				    "cannot start a transfer");
	}
	t->next = h->active;
	h->active = t;
	h->nr_active++;
	return 0;
}

static void unlink_active(struct http *h, struct transfer *t)
{
	struct transfer **pp;

	for (pp = &h->active; *pp; pp = &(*pp)->next)
		if (*pp == t) {
			*pp = t->next;
			h->nr_active--;
			break;
		}
	t->next = NULL;
	curl_multi_remove_handle(h->multi, t->easy);
	curl_easy_cleanup(t->easy);
	t->easy = NULL;
}

static void finish(struct http *h, struct transfer *t, bool ok, bool not_found)
{
	struct http_outcome out;

	(void)h;
	memset(&out, 0, sizeof(out));
	out.ok = ok;
	out.not_found = not_found;
	out.status = t->status;
	out.bytes = t->have;
	out.attempts = t->attempt;
	out.www_authenticate = t->www_auth;
	out.content_type = t->content_type;
	out.content_digest = t->content_digest;
	out.tls_failed = t->tls_failed;
	if (!ok) {
		out.error = t->err;
		if (!out.error.set)
			err_set_code(&out.error, EXIT_IO,
				     "cannot download '%s'", t->url);
	}
	t->sink->done(t->ctx, &out);
	transfer_free(t);
}

static void requeue(struct http *h, struct transfer *t, uint64_t delay_ms)
{
	t->due_ms = clock_ms() + delay_ms;
	t->next = h->pending;
	h->pending = t;
}

/* A failed try: wait and retry, or give up with the message in t->err. */
static void retry_or_fail(struct http *h, struct transfer *t)
{
	uint64_t delay;

	if (t->once) {
		finish(h, t, false, false);
		return;
	}
	if (t->attempt > (unsigned)h->o.retries) {
		size_t len = strlen(t->err.message);

		snprintf(t->err.message + len, sizeof(t->err.message) - len,
			 " (gave up after %u %s)", t->attempt,
			 t->attempt == 1 ? "try" : "tries");
		finish(h, t, false, false);
		return;
	}
	if (t->retry_after >= 0) {
		long cap = HTTP_RETRY_AFTER_MAX_S;

		delay =
		    (uint64_t)(t->retry_after < cap ? t->retry_after : cap) *
		    1000;
	} else {
		delay = http_backoff_ms(t->attempt, h->o.retry_delay_ms,
					h->o.max_retry_delay_ms, rng_next(h));
	}
	if (clock_ms() + delay >= h->deadline_ms) {
		size_t len = strlen(t->err.message);

		snprintf(t->err.message + len, sizeof(t->err.message) - len,
			 " (gave up after %u %s: the %u s deadline would "
			 "pass before the next)",
			 t->attempt, t->attempt == 1 ? "try" : "tries",
			 h->o.deadline_s);
		finish(h, t, false, false);
		return;
	}
	/* the next try starts at the original URL, with a Range if any */
	free(t->cur_url);
	t->cur_url = NULL;
	t->redirects = 0;
	err_clear(&t->err);
	requeue(h, t, delay);
}

static bool curl_code_retryable(CURLcode rc)
{
	switch (rc) {
	case CURLE_COULDNT_RESOLVE_PROXY:
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_CONNECT:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
	case CURLE_OPERATION_TIMEDOUT:
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_SEND_ERROR:
	case CURLE_RECV_ERROR:
	case CURLE_BAD_CONTENT_ENCODING:
		return true;
	default:
		return false;
	}
}

static void redirect(struct http *h, struct transfer *t)
{
	char *loc = NULL;
	char *next;

	curl_easy_getinfo(t->easy, CURLINFO_REDIRECT_URL, &loc);
	if (!loc) {
		err_set_code(&t->err, EXIT_IO,
			     "'%s' answered HTTP %ld without a Location",
			     t->cur_url, t->status);
		unlink_active(h, t);
		finish(h, t, false, false);
		return;
	}
	next = xstrdup(loc);
	unlink_active(h, t);
	if (++t->redirects > h->o.max_redirects) {
		err_set_code(&t->err, EXIT_IO,
			     "too many redirects (more than %u) for '%s'",
			     h->o.max_redirects, t->url);
	} else {
		url_check_followed(t->cur_url, next, "the redirect",
				   url_http_policy(h), &t->err);
	}
	if (t->err.set) {
		free(next);
		finish(h, t, false, false);
		return;
	}
	free(t->cur_url);
	t->cur_url = next;
	/* a redirect is not a failure: no delay, same try */
	requeue(h, t, 0);
	t->attempt--;
}

static void on_done(struct http *h, struct transfer *t, CURLcode rc)
{
	long status = t->status;

	if (!t->is_file)
		curl_easy_getinfo(t->easy, CURLINFO_RESPONSE_CODE, &status);
	t->status = status;
	if (t->aborted) {
		unlink_active(h, t);
		finish(h, t, false, false);
		return;
	}
	if (rc == CURLE_OK) {
		if (status_is_body(t)) {
			/* an empty body never reached write_cb */
			if (!t->body_started && start_body(t)) {
				unlink_active(h, t);
				if (t->aborted)
					finish(h, t, false, false);
				else
					retry_or_fail(h, t);
				return;
			}
			unlink_active(h, t);
			finish(h, t, true, false);
			return;
		}
		if (status == 416 && t->range_asked) {
			/* what we hold is no prefix of the file: start over */
			t->have = 0;
			err_set_code(&t->err, EXIT_IO, "'%s' refused the range",
				     t->cur_url);
			unlink_active(h, t);
			retry_or_fail(h, t);
			return;
		}
		if (status >= 300 && status < 400 && status != 304) {
			redirect(h, t);
			return;
		}
		err_set_code(&t->err, EXIT_IO, "'%s' answered HTTP %ld",
			     t->cur_url, status);
		unlink_active(h, t);
		if (status == 404 || status == 410) {
			finish(h, t, false, true);
			return;
		}
		if (status == 408 || status == 429 || status >= 500) {
			retry_or_fail(h, t);
			return;
		}
		finish(h, t, false, false);
		return;
	}
	t->tls_failed = rc == CURLE_SSL_CONNECT_ERROR;
	if (!t->err.set) {
		if (rc == CURLE_WRITE_ERROR &&
		    t->discarded > HTTP_ERROR_BODY_MAX)
			err_set_code(&t->err, EXIT_IO,
				     "'%s' answered HTTP %ld with an oversized "
				     "body",
				     t->cur_url, status);
		else if (rc == CURLE_PEER_FAILED_VERIFICATION ||
			 rc == CURLE_SSL_CACERT_BADFILE)
			err_set_code(&t->err, EXIT_IO,
				     "cannot verify the TLS certificate of "
				     "'%s': %s (see --cacert)",
				     t->cur_url,
				     t->errbuf[0] ? t->errbuf
						  : curl_easy_strerror(rc));
		else
			err_set_code(&t->err, EXIT_IO,
				     "cannot download '%s': %s", t->cur_url,
				     t->errbuf[0] ? t->errbuf
						  : curl_easy_strerror(rc));
	}
	unlink_active(h, t);
	if (curl_code_retryable(rc) || t->range_asked)
		retry_or_fail(h, t);
	else
		finish(h, t, false, false);
}

/* Starts what is due; returns ms until the next due retry (or -1). */
static long start_due(struct http *h)
{
	uint64_t now = clock_ms();
	long wait = -1;
	struct transfer **pp = &h->pending;

	/* pending is mostly FIFO; walk and take what is due */
	while (*pp && h->nr_active < h->o.max_parallel) {
		struct transfer *t = *pp;

		if (t->due_ms > now) {
			long w = (long)(t->due_ms - now);

			if (wait < 0 || w < wait)
				wait = w;
			pp = &t->next;
			continue;
		}
		*pp = t->next;
		t->attempt++;
		if (start_transfer(h, t))
			finish(h, t, false, false);
	}
	return wait;
}

int http_run(struct http *h, void (*tick)(void *ctx, struct http *h), void *ctx)
{
	uint64_t last_tick = 0;

	if (tick)
		tick(ctx, h);
	for (;;) {
		int running = 0, numfds = 0, left;
		long wait;
		CURLMsg *msg;
		bool finished = false;

		wait = start_due(h);
		if (!h->nr_active && !h->pending) {
			if (!tick)
				break;
			tick(ctx, h);
			if (!h->nr_active && !h->pending)
				break;
			continue;
		}
		curl_multi_perform(h->multi, &running);
		while ((msg = curl_multi_info_read(h->multi, &left))) {
			char *priv = NULL;

			if (msg->msg != CURLMSG_DONE)
				continue;
			curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE,
					  &priv);
			on_done(h, (struct transfer *)(void *)priv,
				msg->data.result);
			finished = true;
		}
		if (tick &&
		    (finished || clock_ms() - last_tick >= HTTP_TICK_MS)) {
			last_tick = clock_ms();
			tick(ctx, h);
			continue;
		}
		if (!h->nr_active) {
			if (!h->pending)
				continue; /* all done: the top ends it */
			/* only retries waiting */
			if (wait > HTTP_TICK_MS || wait < 0)
				wait = HTTP_TICK_MS;
			if (wait > 0) {
				struct timespec ts = {0, wait * 1000000L};

				nanosleep(&ts, NULL);
			}
			continue;
		}
		if (wait < 0 || wait > HTTP_TICK_MS)
			wait = HTTP_TICK_MS;
		curl_multi_poll(h->multi, NULL, 0, (int)wait, &numfds);
	}
	return 0;
}
