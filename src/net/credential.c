#include "net/credential.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <jansson.h>

#include "core/fsutil.h"
#include "core/xalloc.h"

extern char **environ;

static const char b64[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

char *credential_base64(const void *data, size_t len)
{
	const unsigned char *p = data;
	char *out = xmalloc(st_add(st_mult(len / 3 + 1, 4), 1));
	size_t o = 0, i;

	for (i = 0; i + 2 < len; i += 3) {
		unsigned v =
		    (unsigned)p[i] << 16 | (unsigned)p[i + 1] << 8 | p[i + 2];

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = b64[(v >> 6) & 63];
		out[o++] = b64[v & 63];
	}
	if (i < len) {
		unsigned v = (unsigned)p[i] << 16 |
			     (i + 1 < len ? (unsigned)p[i + 1] << 8 : 0);

		out[o++] = b64[v >> 18];
		out[o++] = b64[(v >> 12) & 63];
		out[o++] = i + 1 < len ? b64[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return out;
}

char *credential_unbase64(const char *text)
{
	size_t len = strlen(text), o = 0;
	char *out;
	unsigned v = 0;
	int bits = 0;

	out = xmalloc(len + 1);
	for (size_t i = 0; i < len; i++) {
		const char *c = strchr(b64, text[i]);

		if (text[i] == '=')
			break;
		if (!c || !text[i]) {
			free(out);
			return NULL;
		}
		v = (v << 6) | (unsigned)(c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = (char)((v >> bits) & 0xff);
		}
	}
	out[o] = '\0';
	if (memchr(out, '\0', o)) {
		free(out);
		return NULL;
	}
	return out;
}

static void wipe_free(char *s)
{
	if (s) {
		memset(s, 0, strlen(s));
		free(s);
	}
}

void credential_release(struct credential *c)
{
	wipe_free(c->username);
	wipe_free(c->secret);
	free(c->origin);
	memset(c, 0, sizeof(*c));
}

char *credential_basic(const struct credential *c)
{
	char *pair = xasprintf("%s:%s", c->username ? c->username : "",
			       c->secret ? c->secret : "");
	char *enc = credential_base64(pair, strlen(pair));
	char *out = xasprintf("Basic %s", enc);

	wipe_free(pair);
	wipe_free(enc);
	return out;
}

/* Docker Hub is known by several names; one spelling for matching. */
static const char *canonical_host(const char *host)
{
	if (!strcmp(host, "index.docker.io") ||
	    !strcmp(host, "registry-1.docker.io"))
		return "docker.io";
	return host;
}

/*
 * How well a key of "auths" names host/repo: 0 not at all, else the
 * length of the match (the longest, most specific key wins). Keys are
 * "host", "host/namespace" or URLs ("https://host/v1/").
 */
static size_t key_match(const char *key, const char *host, const char *repo)
{
	char k[1024], full[2048];
	const char *p = key, *slash;
	size_t n;

	if (!strncmp(p, "https://", 8))
		p += 8;
	else if (!strncmp(p, "http://", 7))
		p += 7;
	else
		p = NULL;
	if (p) { /* a URL: its host only */
		slash = strchr(p, '/');
		n = slash ? (size_t)(slash - p) : strlen(p);
	} else {
		p = key;
		n = strlen(p);
		while (n && p[n - 1] == '/')
			n--;
	}
	if (!n || n >= sizeof(k))
		return 0;
	memcpy(k, p, n);
	k[n] = '\0';
	slash = strchr(k, '/');
	if (!slash) {
		n = strlen(k);
		return strcmp(canonical_host(k), canonical_host(host)) ? 0 : n;
	}
	snprintf(full, sizeof(full), "%s/%s", canonical_host(host), repo);
	n = strlen(k);
	if (!strncmp(full, k, n) && (full[n] == '\0' || full[n] == '/'))
		return n;
	return 0;
}

/* Runs docker-credential-NAME get; 0 found, 1 none, -1 failure. */
static int run_helper(const char *name, const char *server,
		      struct credential *out, struct error *e)
{
	char prog[300];
	char *argv[3];
	int in[2] = {-1, -1}, outp[2] = {-1, -1}, devnull = -1, status = 0;
	posix_spawn_file_actions_t fa;
	struct strbuf sb = STRBUF_INIT;
	json_t *root = NULL;
	json_error_t je;
	pid_t pid;
	int ret = -1, rc;
	char buf[4096];
	ssize_t n;

	snprintf(prog, sizeof(prog), "docker-credential-%s", name);
	if (strchr(name, '/') || !*name)
		return err_set_code(e, EXIT_USAGE,
				    "bad credential helper name '%s'", name);
	if (pipe(in) || pipe(outp)) {
		err_set_errno(e, EXIT_IO, "cannot run '%s'", prog);
		goto out;
	}
	fcntl(in[1], F_SETFD, FD_CLOEXEC);
	fcntl(outp[0], F_SETFD, FD_CLOEXEC);
	devnull = open("/dev/null", O_WRONLY | O_CLOEXEC);
	posix_spawn_file_actions_init(&fa);
	posix_spawn_file_actions_adddup2(&fa, in[0], 0);
	posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
	if (devnull >= 0)
		posix_spawn_file_actions_adddup2(&fa, devnull, 2);
	argv[0] = prog;
	argv[1] = (char *)"get";
	argv[2] = NULL;
	rc = posix_spawnp(&pid, prog, &fa, NULL, argv, environ);
	posix_spawn_file_actions_destroy(&fa);
	close(in[0]);
	close(outp[1]);
	in[0] = outp[1] = -1;
	if (rc) {
		errno = rc;
		err_set_errno(e, EXIT_USAGE,
			      "cannot run credential helper '%s'", prog);
		goto out;
	}
	{
		/* a helper that exits early must not kill us with SIGPIPE */
		void (*old)(int) = signal(SIGPIPE, SIG_IGN);

		(void)!write(in[1], server, strlen(server));
		signal(SIGPIPE, old);
	}
	close(in[1]);
	in[1] = -1;
	while ((n = read(outp[0], buf, sizeof(buf))) != 0) {
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0 || sb.len + (size_t)n > CREDENTIAL_MAX_BYTES)
			break;
		strbuf_add(&sb, buf, (size_t)n);
	}
	while (waitpid(pid, &status, 0) < 0 && errno == EINTR)
		;
	if (!WIFEXITED(status) || WEXITSTATUS(status)) {
		if (sb.buf && strstr(sb.buf, "credentials not found")) {
			ret = 1;
			goto out;
		}
		err_set_code(e, EXIT_IO,
			     "credential helper '%s' failed for '%s' (exit "
			     "status %d)",
			     prog, server,
			     WIFEXITED(status) ? WEXITSTATUS(status) : -1);
		goto out;
	}
	root = json_loadb(sb.buf ? sb.buf : "", sb.len, 0, &je);
	if (!json_is_object(root) ||
	    !json_is_string(json_object_get(root, "Secret"))) {
		err_set_code(e, EXIT_IO,
			     "credential helper '%s' answered no JSON with a "
			     "Secret for '%s'",
			     prog, server);
		goto out;
	}
	{
		const char *u =
		    json_string_value(json_object_get(root, "Username"));

		out->username = xstrdup(u ? u : "");
		out->secret =
		    xstrdup(json_string_value(json_object_get(root, "Secret")));
		out->origin = xstrdup(prog);
	}
	ret = 0;
out:
	if (root)
		json_decref(root);
	if (sb.buf)
		memset(sb.buf, 0, sb.len);
	strbuf_release(&sb);
	for (int i = 0; i < 2; i++) {
		if (in[i] >= 0)
			close(in[i]);
		if (outp[i] >= 0)
			close(outp[i]);
	}
	if (devnull >= 0)
		close(devnull);
	return ret;
}

/* The server name a credential helper is asked about. */
static const char *helper_server(const char *host)
{
	return !strcmp(canonical_host(host), "docker.io")
		   ? "https://index.docker.io/v1/"
		   : host;
}

/* One "auths" entry: "auth" or "username"/"password"; 1 when empty. */
static int from_auths(json_t *entry, const char *file, const char *key,
		      struct credential *out, struct error *e)
{
	const char *auth = json_string_value(json_object_get(entry, "auth"));
	const char *user =
	    json_string_value(json_object_get(entry, "username"));
	const char *pass =
	    json_string_value(json_object_get(entry, "password"));

	if (auth && *auth) {
		char *plain = credential_unbase64(auth);
		char *colon = plain ? strchr(plain, ':') : NULL;

		if (!colon) {
			wipe_free(plain);
			return err_set_code(e, EXIT_USAGE,
					    "%s: the \"auth\" of '%s' is not "
					    "base64 of USER:PASSWORD",
					    file, key);
		}
		*colon = '\0';
		out->username = xstrdup(plain);
		out->secret = xstrdup(colon + 1);
		wipe_free(plain);
	} else if (user && pass) {
		out->username = xstrdup(user);
		out->secret = xstrdup(pass);
	} else {
		return 1;
	}
	out->origin = xasprintf("'%s' (auths \"%s\")", file, key);
	return 0;
}

/* One file; 0 found, 1 not named there, -1 error. */
static int lookup_file(const char *file, const char *host, const char *repo,
		       struct credential *out, struct strbuf *tried,
		       struct error *e)
{
	char *text = NULL;
	size_t len = 0;
	json_t *root, *auths, *helpers, *v;
	json_error_t je;
	const char *key, *best_key = NULL;
	size_t best = 0;
	int ret = 1;
	struct error fe = ERROR_INIT;

	if (tried->len)
		strbuf_adds(tried, ", ");
	strbuf_addf(tried, "'%s'", file);
	if (access(file, F_OK))
		return 1;
	if (fs_read_file(file, CREDENTIAL_MAX_BYTES, &text, &len, EXIT_USAGE,
			 &fe))
		return err_set_code(e, EXIT_USAGE, "%s", fe.message);
	root = json_loadb(text, len, 0, &je);
	memset(text, 0, len);
	free(text);
	if (!json_is_object(root)) {
		if (root)
			json_decref(root);
		return err_set_at(e, file, (unsigned)je.line,
				  (unsigned)je.column,
				  "not a credential file (JSON object): %s",
				  json_is_object(root) ? "" : je.text);
	}
	helpers = json_object_get(root, "credHelpers");
	if (json_is_object(helpers)) {
		json_object_foreach(helpers, key, v)
		{
			if (json_is_string(v) && !strchr(key, '/') &&
			    key_match(key, host, repo)) {
				strbuf_addf(tried, ", docker-credential-%s",
					    json_string_value(v));
				ret = run_helper(json_string_value(v),
						 helper_server(host), out, e);
				goto out;
			}
		}
	}
	v = json_object_get(root, "credsStore");
	if (json_is_string(v) && *json_string_value(v)) {
		strbuf_addf(tried, ", docker-credential-%s",
			    json_string_value(v));
		ret = run_helper(json_string_value(v), helper_server(host), out,
				 e);
		if (ret <= 0)
			goto out;
	}
	auths = json_object_get(root, "auths");
	if (json_is_object(auths))
		json_object_foreach(auths, key, v)
		{
			size_t m =
			    json_is_object(v) ? key_match(key, host, repo) : 0;

			if (m > best) {
				best = m;
				best_key = key;
			}
		}
	if (best_key)
		ret = from_auths(json_object_get(auths, best_key), file,
				 best_key, out, e);
out:
	json_decref(root);
	return ret;
}

int credential_lookup(const char *const *files, size_t nr, const char *host,
		      const char *repo, struct credential *out,
		      struct strbuf *tried, struct error *e)
{
	memset(out, 0, sizeof(*out));
	for (size_t i = 0; i < nr; i++) {
		int rc;

		if (!files[i] || !*files[i])
			continue;
		rc = lookup_file(files[i], host, repo, out, tried, e);
		if (rc <= 0) {
			if (rc < 0)
				credential_release(out);
			return rc;
		}
	}
	return 1;
}

char *credential_token_parse(const char *json, size_t len)
{
	json_error_t je;
	json_t *root = json_loadb(json, len, 0, &je);
	const char *t = NULL;
	char *out = NULL;

	if (json_is_object(root)) {
		t = json_string_value(json_object_get(root, "token"));
		if (!t || !*t)
			t = json_string_value(
			    json_object_get(root, "access_token"));
	}
	if (t && *t)
		out = xstrdup(t);
	if (root)
		json_decref(root);
	return out;
}
