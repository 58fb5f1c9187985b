/* http: backoff, Retry-After, Content-Range, the URL policy, and a
 * file:// transfer through the multi loop (no network). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "net/http.h"
#include "core/strbuf.h"

static void test_backoff_grows_and_caps(void **state)
{
	(void)state;
	/* random 0: the fixed half only */
	assert_int_equal(http_backoff_ms(1, 500, 30000, 0), 250);
	assert_int_equal(http_backoff_ms(2, 500, 30000, 0), 500);
	assert_int_equal(http_backoff_ms(3, 500, 30000, 0), 1000);
	assert_int_equal(http_backoff_ms(10, 500, 30000, 0), 15000);
	assert_int_equal(http_backoff_ms(60, 500, 30000, 0), 15000);
	/* the jitter adds at most the other half */
	for (uint32_t r = 0; r < 5000; r += 7) {
		unsigned d = http_backoff_ms(3, 500, 30000, r * 2654435761u);

		assert_true(d >= 1000 && d <= 2000);
	}
	assert_int_equal(http_backoff_ms(0, 500, 30000, 0), 250);
	assert_int_equal(http_backoff_ms(1, 1, 30000, 12345), 1);
}

static void test_retry_after(void **state)
{
	time_t now = 1700000000; /* Tue, 14 Nov 2023 22:13:20 GMT */

	(void)state;
	assert_int_equal(http_parse_retry_after(" 1\r\n", now), 1);
	assert_int_equal(http_parse_retry_after("120", now), 120);
	assert_int_equal(http_parse_retry_after("0", now), 0);
	assert_int_equal(http_parse_retry_after("99999999", now), 86400);
	assert_int_equal(http_parse_retry_after("-3", now), -1);
	assert_int_equal(http_parse_retry_after("1.5", now), -1);
	assert_int_equal(http_parse_retry_after("", now), -1);
	assert_int_equal(http_parse_retry_after("soon", now), -1);
	assert_int_equal(
	    http_parse_retry_after("Tue, 14 Nov 2023 22:13:50 GMT", now), 30);
	/* a date in the past: retry now */
	assert_int_equal(
	    http_parse_retry_after("Tue, 14 Nov 2023 22:00:00 GMT", now), 0);
}

static void test_content_range(void **state)
{
	uint64_t s, e, t;

	(void)state;
	assert_int_equal(
	    http_parse_content_range(" bytes 100-199/200\r\n", &s, &e, &t), 0);
	assert_true(s == 100 && e == 199 && t == 200);
	assert_int_equal(http_parse_content_range("bytes 0-9/*", &s, &e, &t),
			 0);
	assert_true(t == 0);
	assert_int_equal(http_parse_content_range("bytes 10-5/20", &s, &e, &t),
			 -1);
	assert_int_equal(http_parse_content_range("bytes 0-20/20", &s, &e, &t),
			 -1);
	assert_int_equal(http_parse_content_range("bytes */20", &s, &e, &t),
			 -1);
	assert_int_equal(http_parse_content_range("items 0-1/2", &s, &e, &t),
			 -1);
	assert_int_equal(http_parse_content_range(
			     "bytes 0-99999999999999999999999/1", &s, &e, &t),
			 -1);
}

struct sink_state {
	struct strbuf body;
	int begins;
	struct http_outcome out;
	int dones;
};

static int s_begin(void *ctx, uint64_t offset, uint64_t total, struct error *e)
{
	struct sink_state *s = ctx;

	(void)total;
	(void)e;
	if (!offset)
		strbuf_reset(&s->body);
	s->begins++;
	return 0;
}

static int s_write(void *ctx, const void *data, size_t len, struct error *e)
{
	struct sink_state *s = ctx;

	(void)e;
	strbuf_add(&s->body, data, len);
	return 0;
}

static void s_done(void *ctx, const struct http_outcome *out)
{
	struct sink_state *s = ctx;

	s->out = *out;
	s->dones++;
}

static const struct http_sink sink = {s_begin, s_write, s_done};

static void test_file_transfer_and_cap(void **state)
{
	char path[] = "/tmp/jarbake-test-http.XXXXXX";
	int fd = mkstemp(path);
	struct http_options o;
	struct http *h;
	struct http_request req;
	struct sink_state ok = {STRBUF_INIT, 0, {0}, 0};
	struct sink_state capped = {STRBUF_INIT, 0, {0}, 0};
	struct sink_state missing = {STRBUF_INIT, 0, {0}, 0};
	struct error e = ERROR_INIT;
	char *url, *url2;

	(void)state;
	assert_true(fd >= 0);
	assert_int_equal(write(fd, "hello, jar\n", 11), 11);
	close(fd);
	memset(&o, 0, sizeof(o));
	o.retries = 0;
	h = http_new(&o, &e);
	assert_non_null(h);
	url = malloc(strlen(path) + 8);
	sprintf(url, "file://%s", path);
	url2 = malloc(strlen(path) + 16);
	sprintf(url2, "file://%s.none", path);

	memset(&req, 0, sizeof(req));
	req.url = url;
	req.sink = &sink;
	req.ctx = &ok;
	assert_int_equal(http_add(h, &req, &e), 0);
	req.ctx = &capped;
	req.max_bytes = 5;
	assert_int_equal(http_add(h, &req, &e), 0);
	req.url = url2;
	req.max_bytes = 0;
	req.ctx = &missing;
	assert_int_equal(http_add(h, &req, &e), 0);
	assert_int_equal(http_run(h, NULL, NULL), 0);

	assert_int_equal(ok.dones, 1);
	assert_true(ok.out.ok);
	assert_int_equal(ok.out.bytes, 11);
	assert_string_equal(ok.body.buf, "hello, jar\n");
	assert_int_equal(capped.dones, 1);
	assert_false(capped.out.ok);
	assert_int_equal(capped.out.error.code, EXIT_CHECK);
	assert_int_equal(missing.dones, 1);
	assert_false(missing.out.ok);
	assert_int_equal(missing.out.error.code, EXIT_IO);

	http_free(h);
	strbuf_release(&ok.body);
	strbuf_release(&capped.body);
	strbuf_release(&missing.body);
	unlink(path);
	free(url);
	free(url2);
}

static void test_bad_cacert(void **state)
{
	struct http_options o;
	struct error e = ERROR_INIT;

	(void)state;
	memset(&o, 0, sizeof(o));
	o.cacert = "/nonexistent/ca.pem";
	assert_null(http_new(&o, &e));
	assert_int_equal(e.code, EXIT_USAGE);
	assert_non_null(strstr(e.message, "/nonexistent/ca.pem"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_backoff_grows_and_caps),
	    cmocka_unit_test(test_retry_after),
	    cmocka_unit_test(test_content_range),
	    cmocka_unit_test(test_file_transfer_and_cap),
	    cmocka_unit_test(test_bad_cacert),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
