#include "net/imageref.h"

#include <stdlib.h>
#include <string.h>

#include "core/digest.h"
#include "core/xalloc.h"

#define IMAGEREF_MAX 4096
/* A registry host and a repository path: at most 255 bytes each. */
#define IMAGEREF_PART_MAX 255

static bool is_lower_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
}

/* One path component: runs of [a-z0-9] joined by '.', '_', '__' or
 * dashes. */
static bool valid_component(const char *s, size_t n)
{
	size_t i = 0;

	if (!n || !is_lower_alnum(s[0]) || !is_lower_alnum(s[n - 1]))
		return false;
	while (i < n) {
		size_t run = 0;

		while (i < n && is_lower_alnum(s[i]))
			i++;
		while (i + run < n && !is_lower_alnum(s[i + run]))
			run++;
		if (run && strspn(s + i, "-") < run &&
		    !(run == 1 && (s[i] == '.' || s[i] == '_')) &&
		    !(run == 2 && s[i] == '_' && s[i + 1] == '_'))
			return false;
		i += run;
	}
	return true;
}

static bool valid_path(const char *s)
{
	const char *slash;

	if (strlen(s) > IMAGEREF_PART_MAX)
		return false;
	do {
		slash = strchr(s, '/');
		if (!valid_component(s,
				     slash ? (size_t)(slash - s) : strlen(s)))
			return false;
		s = slash + 1;
	} while (slash);
	return true;
}

/* [A-Za-z0-9_][A-Za-z0-9_.-]{0,127} */
static bool valid_tag(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > 128 || s[0] == '.' || s[0] == '-')
		return false;
	for (size_t i = 0; i < n; i++)
		if (!is_lower_alnum(s[i]) && !(s[i] >= 'A' && s[i] <= 'Z') &&
		    s[i] != '_' && s[i] != '.' && s[i] != '-')
			return false;
	return true;
}

bool imageref_digest_valid(const char *s)
{
	return !strncmp(s, "sha256:", 7) &&
	       digest_hex_valid(DIGEST_SHA256, s + 7);
}

/* A domain: host name or IPv4 (letters, digits, '.', '-'), or [IPv6],
 * then an optional :PORT. */
static bool valid_domain(const char *s)
{
	const char *port = NULL;

	if (strlen(s) > IMAGEREF_PART_MAX)
		return false;
	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (!end || end == s + 1)
			return false;
		for (const char *p = s + 1; p < end; p++)
			if (!strchr("0123456789abcdefABCDEF:.", *p))
				return false;
		if (end[1] && end[1] != ':')
			return false;
		port = end[1] ? end + 2 : NULL;
	} else {
		const char *colon = strchr(s, ':');
		size_t n = colon ? (size_t)(colon - s) : strlen(s);

		if (!n || s[0] == '.' || s[0] == '-')
			return false;
		for (size_t i = 0; i < n; i++)
			if (!is_lower_alnum(s[i]) &&
			    !(s[i] >= 'A' && s[i] <= 'Z') && s[i] != '.' &&
			    s[i] != '-')
				return false;
		port = colon ? colon + 1 : NULL;
	}
	if (port) {
		if (!*port || strlen(port) > 5)
			return false;
		for (; *port; port++)
			if (*port < '0' || *port > '9')
				return false;
	}
	return true;
}

int imageref_parse(const char *ref, struct imageref *r, struct error *e)
{
	char *s, *at, *slash, *colon, *name;

	memset(r, 0, sizeof(*r));
	if (!*ref || strlen(ref) > IMAGEREF_MAX)
		return err_set_code(e, EXIT_USAGE,
				    "invalid image reference '%s': %s", ref,
				    *ref ? "too long" : "empty");
	s = xstrdup(ref);
	at = strchr(s, '@');
	if (at) {
		*at = '\0';
		r->digest = xstrdup(at + 1);
	}
	slash = strrchr(s, '/');
	colon = strrchr(slash ? slash : s, ':');
	if (colon) {
		*colon = '\0';
		r->tag = xstrdup(colon + 1);
	}
	name = s;
	slash = strchr(name, '/');
	if (slash && (memchr(name, '.', (size_t)(slash - name)) ||
		      memchr(name, ':', (size_t)(slash - name)) ||
		      memchr(name, '[', (size_t)(slash - name)) ||
		      !strncmp(name, "localhost/", 10))) {
		r->domain = xstrndup(name, (size_t)(slash - name));
		name = slash + 1;
	} else {
		r->domain = xstrdup("docker.io");
	}
	/* Docker Hub's official images: docker.io/ubuntu is
	 * docker.io/library/ubuntu, as Docker normalises it. */
	if (!strcmp(r->domain, "docker.io") && !strchr(name, '/'))
		r->path = xasprintf("library/%s", name);
	else
		r->path = xstrdup(name);
	free(s);
	if (!valid_domain(r->domain))
		err_set_code(e, EXIT_USAGE,
			     "invalid image reference '%s': bad registry '%s'",
			     ref, r->domain);
	else if (!valid_path(r->path))
		err_set_code(e, EXIT_USAGE,
			     "invalid image reference '%s': the name must be "
			     "lowercase letters, digits and separators",
			     ref);
	else if (r->tag && !valid_tag(r->tag))
		err_set_code(e, EXIT_USAGE,
			     "invalid image reference '%s': bad tag '%s'", ref,
			     r->tag);
	else if (r->digest && !imageref_digest_valid(r->digest))
		err_set_code(e, EXIT_USAGE,
			     "invalid image reference '%s': the digest must be "
			     "sha256: and 64 lowercase hex digits",
			     ref);
	else
		return 0;
	imageref_release(r);
	return -1;
}

char *imageref_name(const struct imageref *r)
{
	if (r->tag)
		return xasprintf("%s/%s:%s", r->domain, r->path, r->tag);
	if (r->digest)
		return xasprintf("%s/%s@%s", r->domain, r->path, r->digest);
	return xasprintf("%s/%s:latest", r->domain, r->path);
}

void imageref_release(struct imageref *r)
{
	free(r->domain);
	free(r->path);
	free(r->tag);
	free(r->digest);
	memset(r, 0, sizeof(*r));
}
