/* registry: reference parsing, WWW-Authenticate parameters; credential:
 * base64, credential files (auths, URL and namespaced keys, Docker Hub's
 * names, malformed files), the token answer. The network parts run
 * against real registries in tests/integration/registry-*.sh. */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/xalloc.h"
#include "net/credential.h"
#include "net/registry.h"

static void check_ref(const char *text, const char *host, const char *repo,
		      const char *tag, const char *digest)
{
	struct registry_ref r;
	struct error e = ERROR_INIT;

	assert_int_equal(registry_ref_parse(text, &r, &e), 0);
	assert_string_equal(r.host, host);
	assert_string_equal(r.repo, repo);
	if (tag)
		assert_string_equal(r.tag, tag);
	else
		assert_null(r.tag);
	if (digest)
		assert_string_equal(r.digest, digest);
	else
		assert_null(r.digest);
	registry_ref_release(&r);
}

#define D                                                                      \
	"sha256:"                                                              \
	"0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"

static void test_ref_parse(void **state)
{
	const char *bad[] = {"",
			     "127.0.0.1:5000/",
			     "h.io/UPPER:1",
			     "h.io/a:b:c:",
			     "h.io/a@sha256:12",
			     "h.io/a@md5:0123",
			     "h.io/a:-bad",
			     "h.io//a:1",
			     "h.io/a b:1",
			     "h.io/a..b:1",
			     NULL};

	(void)state;
	check_ref("127.0.0.1:5000/fx/good:1", "127.0.0.1:5000", "fx/good", "1",
		  NULL);
	check_ref("localhost/x", "localhost", "x", "latest", NULL);
	check_ref("registry.example.org/a/b/c@" D, "registry.example.org",
		  "a/b/c", NULL, D);
	check_ref("h.io:443/a:v1.2@" D, "h.io:443", "a", "v1.2", D);
	/* Docker Hub's short names */
	check_ref("apache/spark:3.5.1-python3", "docker.io", "apache/spark",
		  "3.5.1-python3", NULL);
	check_ref("ubuntu", "docker.io", "library/ubuntu", "latest", NULL);
	check_ref("docker.io/spark:3", "docker.io", "library/spark", "3", NULL);
	check_ref("[::1]:5000/x:1", "[::1]:5000", "x", "1", NULL);
	for (size_t i = 0; bad[i]; i++) {
		struct registry_ref r;
		struct error e = ERROR_INIT;

		assert_int_equal(registry_ref_parse(bad[i], &r, &e), -1);
		assert_int_equal(e.code, EXIT_USAGE);
		assert_non_null(strstr(e.message, bad[i]));
	}
}

static void test_ref_string(void **state)
{
	struct registry_ref r;
	struct error e = ERROR_INIT;
	char *s;

	(void)state;
	assert_int_equal(registry_ref_parse("h.io/a:1@" D, &r, &e), 0);
	s = registry_ref_string(&r);
	assert_string_equal(s, "h.io/a:1@" D);
	free(s);
	registry_ref_release(&r);
	registry_ref_release(&r); /* harmless twice */
}

static void test_challenge(void **state)
{
	const char *c = "Bearer realm=\"https://auth.example.org/token\","
			"service=\"registry.example.org\",scope=\"repository:"
			"a/b:pull\",error=\"invalid_token\"";
	const char *q = "Bearer realm=\"x\\\"y\", service=bare";
	char *v;

	(void)state;
	v = registry_challenge_param(c, "realm");
	assert_string_equal(v, "https://auth.example.org/token");
	free(v);
	v = registry_challenge_param(c, "SERVICE");
	assert_string_equal(v, "registry.example.org");
	free(v);
	v = registry_challenge_param(c, "scope");
	assert_string_equal(v, "repository:a/b:pull");
	free(v);
	assert_null(registry_challenge_param(c, "nope"));
	v = registry_challenge_param(q, "realm");
	assert_string_equal(v, "x\"y");
	free(v);
	v = registry_challenge_param(q, "service");
	assert_string_equal(v, "bare");
	free(v);
	assert_null(registry_challenge_param("Basic", "realm"));
}

static void test_base64(void **state)
{
	const char *plain[] = {"",     "f",	"fo",	  "foo",
			       "foob", "fooba", "foobar", "alice:s3cret"};
	const char *enc[] = {
	    "",		"Zg==",	    "Zm8=",	"Zm9v",
	    "Zm9vYg==", "Zm9vYmE=", "Zm9vYmFy", "YWxpY2U6czNjcmV0"};

	(void)state;
	for (size_t i = 0; i < sizeof(plain) / sizeof(*plain); i++) {
		char *e = credential_base64(plain[i], strlen(plain[i]));
		char *d = credential_unbase64(enc[i]);

		assert_string_equal(e, enc[i]);
		assert_string_equal(d, plain[i]);
		free(e);
		free(d);
	}
	assert_null(credential_unbase64("not base64!"));
	assert_null(credential_unbase64("AA==")); /* a NUL byte */
}

static char dir[64];

static char *write_file(const char *name, const char *text)
{
	char *path = xasprintf("%s/%s", dir, name);
	FILE *f = fopen(path, "w");

	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	return path;
}

static int lookup(const char *file, const char *host, const char *repo,
		  struct credential *c, struct error *e)
{
	const char *files[] = {"/nonexistent/auth.json", file};
	struct strbuf tried = STRBUF_INIT;
	int rc = credential_lookup(files, 2, host, repo, c, &tried, e);

	/* every place looked in is named, missing ones too */
	assert_non_null(strstr(tried.buf, "'/nonexistent/auth.json'"));
	strbuf_release(&tried);
	return rc;
}

static void test_credential_files(void **state)
{
	struct credential c;
	struct error e = ERROR_INIT;
	char *p;

	(void)state;
	strcpy(dir, "/tmp/jarbake-test-cred.XXXXXX");
	assert_non_null(mkdtemp(dir));
	p = write_file("a.json",
		       "{\"auths\": {"
		       "\"h.io\": {\"auth\": \"YWxpY2U6czNjcmV0\"},"
		       "\"h.io/team\": {\"username\": \"bob\", \"password\": "
		       "\"pw\"},"
		       "\"https://index.docker.io/v1/\": {\"auth\": "
		       "\"aHViOmh1Yg==\"},"
		       "\"https://other.io/v1/\": {\"auth\": \"eDp5\"}}}");
	assert_int_equal(lookup(p, "h.io", "x/y", &c, &e), 0);
	assert_string_equal(c.username, "alice");
	assert_string_equal(c.secret, "s3cret");
	assert_non_null(strstr(c.origin, "auths \"h.io\""));
	credential_release(&c);
	/* the longest (namespaced) key wins */
	assert_int_equal(lookup(p, "h.io", "team/app", &c, &e), 0);
	assert_string_equal(c.username, "bob");
	credential_release(&c);
	assert_int_equal(lookup(p, "h.io", "teamx/app", &c, &e), 0);
	assert_string_equal(c.username, "alice");
	credential_release(&c);
	/* Docker Hub by any of its names; URL keys by their host */
	assert_int_equal(lookup(p, "docker.io", "library/x", &c, &e), 0);
	assert_string_equal(c.username, "hub");
	credential_release(&c);
	assert_int_equal(lookup(p, "other.io", "a", &c, &e), 0);
	assert_string_equal(c.secret, "y");
	credential_release(&c);
	/* no entry: 1; a host that only shares a prefix does not match */
	assert_int_equal(lookup(p, "h.iox", "a", &c, &e), 1);
	assert_int_equal(lookup(p, "h.io:5000", "a", &c, &e), 1);
	assert_false(e.set);
	free(p);

	/* malformed: the file is named, exit 2 */
	p = write_file("bad.json", "{\"auths\": ");
	assert_int_equal(lookup(p, "h.io", "a", &c, &e), -1);
	assert_int_equal(e.code, EXIT_USAGE);
	assert_string_equal(e.file, p);
	free(p);
	err_clear(&e);
	p = write_file("bad2.json",
		       "{\"auths\": {\"h.io\": {\"auth\": \"bm9jb2xvbg==\"}}}");
	assert_int_equal(lookup(p, "h.io", "a", &c, &e), -1);
	assert_non_null(strstr(e.message, "not base64 of USER:PASSWORD"));
	assert_null(strstr(e.message, "nocolon"));
	free(p);
	{
		char *cmd = xasprintf("rm -rf '%s'", dir);

		assert_int_equal(system(cmd), 0);
		free(cmd);
	}
}

static void test_basic_and_token(void **state)
{
	struct credential c = {xstrdup("alice"), xstrdup("s3cret"), NULL};
	char *b = credential_basic(&c);
	char *t;

	(void)state;
	assert_string_equal(b, "Basic YWxpY2U6czNjcmV0");
	free(b);
	credential_release(&c);
	assert_null(c.username);
	t = credential_token_parse("{\"token\": \"abc\"}", 16);
	assert_string_equal(t, "abc");
	free(t);
	t = credential_token_parse("{\"access_token\": \"xyz\"}", 23);
	assert_string_equal(t, "xyz");
	free(t);
	assert_null(credential_token_parse("{\"token\": \"\"}", 13));
	assert_null(credential_token_parse("[]", 2));
	assert_null(credential_token_parse("{", 1));
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_ref_parse),
	    cmocka_unit_test(test_ref_string),
	    cmocka_unit_test(test_challenge),
	    cmocka_unit_test(test_base64),
	    cmocka_unit_test(test_credential_files),
	    cmocka_unit_test(test_basic_and_token),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
