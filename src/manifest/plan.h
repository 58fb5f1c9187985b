#ifndef JARBAKE_PLAN_H
#define JARBAKE_PLAN_H

#include <stdbool.h>

#include "core/error.h"

/*
 * Derivations shared by fetch, lock, dockerfile and verify: URLs and file
 * names from Maven coordinates. Returned strings belong to the caller.
 */

/* Splits "group:artifact:version"; each part must be non-empty and sane. */
int plan_parse_coordinates(const char *gav, char **group, char **artifact,
			   char **version, struct error *e);

/* REPOSITORY/GROUP-WITH-SLASHES/ARTIFACT/VERSION/ARTIFACT-VERSION.jar */
char *plan_maven_url(const char *repository, const char *group,
		     const char *artifact, const char *version);

/* ARTIFACT-VERSION.jar */
char *plan_maven_file(const char *artifact, const char *version);

/* The last path segment of url (no query or fragment), or NULL. */
char *plan_url_file(const char *url);

/* A plain file name ending in ".jar" of [A-Za-z0-9._+~-], no "..". */
bool plan_file_name_valid(const char *name);

#endif
