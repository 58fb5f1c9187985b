/* The one URL policy (loopback, https, file://, --allow-http) and the one
 * redaction of user-info in URLs and messages. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdlib.h>
#include <string.h>

#include "core/redact.h"
#include "net/url.h"

static void test_policy(void **state)
{
	static const struct {
		const char *url;
		enum url_http http;
		bool ok;
	} cases[] = {
	    {"https://repo1.maven.org/maven2", URL_HTTP_LOOPBACK, true},
	    {"HTTPS://repo1.maven.org/maven2", URL_HTTP_LOOPBACK, true},
	    {"file:///srv/maven", URL_HTTP_LOOPBACK, true},
	    {"http://127.0.0.1:8080/m", URL_HTTP_LOOPBACK, true},
	    {"http://127.3.4.5/x.jar", URL_HTTP_LOOPBACK, true},
	    {"http://localhost/m", URL_HTTP_LOOPBACK, true},
	    {"http://LOCALHOST:80/m", URL_HTTP_LOOPBACK, true},
	    {"http://[::1]:99/m", URL_HTTP_LOOPBACK, true},
	    {"http://user:pw@127.0.0.2/m", URL_HTTP_LOOPBACK, true},
	    {"http://example.org/m", URL_HTTP_LOOPBACK, false},
	    {"http://example.org/m", URL_HTTP_LOOPBACK_HINT, false},
	    {"http://example.org/m", URL_HTTP_ANY, true},
	    {"http://127.0.0.1.evil.org/m", URL_HTTP_LOOPBACK, false},
	    {"http://localhost.evil.org/m", URL_HTTP_LOOPBACK, false},
	    {"http://127.0.0.1@evil.org/m", URL_HTTP_LOOPBACK, false},
	    {"http://[::2]/m", URL_HTTP_LOOPBACK, false},
	    {"http://128.0.0.1/m", URL_HTTP_LOOPBACK, false},
	    {"ftp://example.org", URL_HTTP_ANY, false},
	    {"https://", URL_HTTP_ANY, false},
	    {"http:///x", URL_HTTP_ANY, false},
	    {"repo1.maven.org", URL_HTTP_ANY, false},
	    {"not a url", URL_HTTP_ANY, false},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		struct error e = ERROR_INIT;
		int ret = url_check(cases[i].url, "url", cases[i].http, &e);

		if ((ret == 0) != cases[i].ok)
			fail_msg("'%s': got %d (%s)", cases[i].url, ret,
				 e.message);
		if (ret)
			assert_int_equal(e.code, EXIT_USAGE);
	}
}

static void test_messages(void **state)
{
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(url_check("http://u:SECRET@nexus.corp/m", "mirror",
				   URL_HTTP_LOOPBACK_HINT, &e),
			 -1);
	assert_string_equal(e.message,
			    "mirror 'http://nexus.corp/m' uses plain http: use "
			    "https (http is only allowed for loopback hosts, "
			    "or --allow-http)");
	err_clear(&e);
	assert_int_equal(url_check("http://nexus.corp/m", "repository",
				   URL_HTTP_LOOPBACK, &e),
			 -1);
	assert_null(strstr(e.message, "--allow-http"));
}

static void test_loopback(void **state)
{
	(void)state;
	assert_true(url_is_loopback("https://localhost:8443/a"));
	assert_true(url_is_loopback("http://127.255.0.1/a"));
	assert_true(url_is_loopback("http://[::1]/a"));
	assert_false(url_is_loopback("file:///a"));
	assert_false(url_is_loopback("https://example.org/a"));
	assert_false(url_is_loopback("http://127.0.0.1:80@example.org/a"));
}

static void test_redact(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
	    {"https://u:t@h/x", "https://h/x"},
	    {"https://token@h:8443", "https://h:8443"},
	    {"http://a@b@h/x?q=a@b", "http://h/x?q=*"},
	    /* query values: signatures and tokens of signed URLs */
	    {"'https://b.s3.amazonaws.com/a.jar?X-Amz-Credential=AKIA%2F1&"
	     "X-Amz-Signature=SIG' answered HTTP 403",
	     "'https://b.s3.amazonaws.com/a.jar?X-Amz-Credential=*&"
	     "X-Amz-Signature=*' answered HTTP 403"},
	    {"https://h/a?TOKEN#frag x", "https://h/a?*#frag x"},
	    {"https://h/a?sv=1;sig=S&&e= ok", "https://h/a?sv=*;sig=*&&e= ok"},
	    {"https://h/a?", "https://h/a?"},
	    {"x https://u@h?t=1 y", "x https://h?t=* y"},
	    {"cannot get 'http://user:TOKEN@127.0.0.1:1/m/a.jar': refused",
	     "cannot get 'http://127.0.0.1:1/m/a.jar': refused"},
	    {"two: https://x:y@a/ and s3+https://k@b/c",
	     "two: https://a/ and s3+https://b/c"},
	    {"mail me@example.org, no URL", "mail me@example.org, no URL"},
	    {"://u@h", "://u@h"},
	    {"file:///tmp/a@b.jar", "file:///tmp/a@b.jar"},
	};

	(void)state;
	for (size_t i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		char *s = strdup(cases[i].in), *u = url_redact(cases[i].in);

		assert_string_equal(redact_urls(s), cases[i].want);
		assert_string_equal(u, cases[i].want);
		free(s);
		free(u);
	}
}

/* URLs a server names (redirects, token realms). */
static void test_followed(void **state)
{
	struct error e = ERROR_INIT;

	(void)state;
	assert_int_equal(url_check_followed("https://r", "https://a/t", "x",
					    URL_HTTP_LOOPBACK, &e),
			 0);
	assert_int_equal(url_check_followed("http://127.0.0.1:5",
					    "http://[::1]/t", "x",
					    URL_HTTP_LOOPBACK, &e),
			 0);
	assert_int_equal(url_check_followed("https://r", "file:///etc/passwd",
					    "x", URL_HTTP_ANY, &e),
			 -1);
	assert_int_equal(e.code, EXIT_IO);
	assert_non_null(strstr(e.message, "may not name a local file"));
	err_clear(&e);
	assert_int_equal(url_check_followed("http://127.0.0.1", "File:/etc/x",
					    "x", URL_HTTP_ANY, &e),
			 -1);
	err_clear(&e);
	assert_int_equal(url_check_followed("https://r", "http://127.0.0.1/t",
					    "x", URL_HTTP_ANY, &e),
			 -1);
	assert_non_null(strstr(e.message, "weaker scheme"));
	err_clear(&e);
	assert_int_equal(url_check_followed("http://127.0.0.1",
					    "http://10.1.1.1/", "x",
					    URL_HTTP_LOOPBACK, &e),
			 -1);
	err_clear(&e);
	assert_int_equal(url_check_followed("http://127.0.0.1", "gopher://h/",
					    "x", URL_HTTP_ANY, &e),
			 -1);
}

/* Every error message is redacted, even one cut at the message's size. */
static void test_error_redacted(void **state)
{
	struct error e = ERROR_INIT;
	char pad[1100];

	(void)state;
	memset(pad, 'x', sizeof(pad) - 1);
	pad[sizeof(pad) - 1] = '\0';
	err_set_code(&e, EXIT_IO, "%.1000s 'https://me:SECRET@h/a'", pad);
	assert_null(strstr(e.message, "SECRET"));
	err_clear(&e);
	err_set_at(&e, "https://me:SECRET@h/m.json", 1, 2, "bad");
	assert_null(strstr(e.file, "SECRET"));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_policy),
	    cmocka_unit_test(test_messages),
	    cmocka_unit_test(test_loopback),
	    cmocka_unit_test(test_redact),
	    cmocka_unit_test(test_followed),
	    cmocka_unit_test(test_error_redacted),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
