/* libFuzzer harness: any bytes as the whole answer of an HTTP server to one
 * download: status line, headers (Content-Range, Retry-After, Location),
 * body, or garbage; served by a thread on 127.0.0.1 through the real client
 * (libcurl and src/net/http.c: header parsing, range and size checks,
 * redirects and the URL policy). The header parsers are also fed directly.
 * Any other host is sent to a dead proxy on 127.0.0.1:9, never out. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <netinet/in.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>

#include "net/http.h"
#include "net/url.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static int listener = -1;
static char url[64];
static pthread_mutex_t lock = PTHREAD_MUTEX_INITIALIZER;
static const uint8_t *answer;
static size_t answer_len;

/* Answers every connection with the current input, then closes it. */
static void *serve(void *arg)
{
	(void)arg;
	for (;;) {
		char req[4096];
		int c = accept(listener, NULL, NULL);

		if (c < 0)
			continue;
		(void)recv(c, req, sizeof(req), 0);
		pthread_mutex_lock(&lock);
		if (answer_len)
			(void)send(c, answer, answer_len, MSG_NOSIGNAL);
		pthread_mutex_unlock(&lock);
		shutdown(c, SHUT_RDWR);
		close(c);
	}
	return NULL;
}

static void start(void)
{
	struct sockaddr_in a = {.sin_family = AF_INET};
	socklen_t alen = sizeof(a);
	struct error e = ERROR_INIT;
	pthread_t t;

	setenv("all_proxy", "http://127.0.0.1:9", 1);
	setenv("no_proxy", "127.0.0.1", 1);
	setenv("HOME", "/nonexistent", 1);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	listener = socket(AF_INET, SOCK_STREAM, 0);
	if (listener < 0 || bind(listener, (struct sockaddr *)&a, alen) ||
	    listen(listener, 16) ||
	    getsockname(listener, (struct sockaddr *)&a, &alen) ||
	    http_global_init(&e))
		abort();
	snprintf(url, sizeof(url), "http://127.0.0.1:%u/a.jar",
		 ntohs(a.sin_port));
	pthread_create(&t, NULL, serve, NULL);
}

static int begin(void *ctx, uint64_t offset, uint64_t total, struct error *e)
{
	(void)ctx;
	(void)offset;
	(void)total;
	(void)e;
	return 0;
}

static int write_body(void *ctx, const void *d, size_t len, struct error *e)
{
	(void)ctx;
	(void)d;
	(void)len;
	(void)e;
	return 0;
}

static void done(void *ctx, const struct http_outcome *out)
{
	*(int *)ctx = out->ok;
}

/* As fetch runs it: with a tick (none is needed here). */
static void tick(void *ctx, struct http *h)
{
	(void)ctx;
	(void)h;
}

static void parsers(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size > 512 ? 512 : size);
	uint64_t a, b, c;

	if (!s)
		return;
	http_parse_retry_after(s, time(NULL));
	http_parse_content_range(s, &a, &b, &c);
	url_check(s, "url", URL_HTTP_LOOPBACK_HINT, NULL);
	free(url_redact(s));
	free(s);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const struct http_sink sink = {begin, write_body, done};
	const struct http_options opts = {.retries = 0,
					  .retry_delay_ms = 1,
					  .max_retry_delay_ms = 1,
					  .connect_timeout_s = 2,
					  .stall_timeout_s = 2,
					  .max_redirects = 2};
	struct http_request req = {
	    .url = url, .max_bytes = 1u << 20, .sink = &sink};
	struct error e = ERROR_INIT;
	static struct http *h; /* one session, as fetch keeps one */
	int ok = 0;

	if (listener < 0)
		start();
	if (!h)
		h = http_new(&opts, &e);
	if (!h)
		abort();
	parsers(data, size);
	pthread_mutex_lock(&lock);
	answer = data;
	answer_len = size;
	pthread_mutex_unlock(&lock);
	req.ctx = &ok;
	if (http_add(h, &req, &e) == 0)
		http_run(h, tick, NULL);
	pthread_mutex_lock(&lock);
	answer_len = 0;
	pthread_mutex_unlock(&lock);
	return 0;
}
