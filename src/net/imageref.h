#ifndef JARBAKE_IMAGEREF_H
#define JARBAKE_IMAGEREF_H

#include <stdbool.h>

#include "core/error.h"

/*
 * A container image reference as Docker and the containers tools read it:
 * [DOMAIN/]PATH[:TAG][@sha256:HEX]. A first component without '.', ':' and
 * other than "localhost" is not a domain: the domain is then docker.io, and
 * a one-component path on docker.io gets "library/" (apache/spark:3.5.1 is
 * docker.io/apache/spark:3.5.1, ubuntu and docker.io/ubuntu are
 * docker.io/library/ubuntu). The one parser of image references: the
 * registry client (net/registry) and the Dockerfile writer use it.
 */
struct imageref {
	char *domain; /* "docker.io", "localhost", "registry.example:5000" */
	char *path;   /* "apache/spark", "library/ubuntu" */
	char *tag;    /* "3.5.1-python3"; NULL when absent */
	char *digest; /* "sha256:<64 hex>"; NULL when absent */
};

#define IMAGEREF_INIT                                                          \
	{                                                                      \
		NULL, NULL, NULL, NULL                                         \
	}

/*
 * Parses ref into r (which must be released). Returns 0, or -1 with e set
 * (EXIT_USAGE) naming what is wrong: an empty or upper-case name, a bad
 * tag, a digest that is not sha256 with 64 lowercase hex digits, a
 * registry host or a path longer than 255 bytes.
 */
int imageref_parse(const char *ref, struct imageref *r, struct error *e);

/*
 * The fully qualified name: DOMAIN/PATH:TAG (without the digest, which is
 * r->digest), or DOMAIN/PATH@DIGEST when the reference has a digest and no
 * tag, or DOMAIN/PATH:latest when it has neither. The caller frees it.
 */
char *imageref_name(const struct imageref *r);

void imageref_release(struct imageref *r);

/* Whether s is "sha256:" and 64 lowercase hex digits. */
bool imageref_digest_valid(const char *s);

#endif
