#ifndef JARBAKE_MAVEN_H
#define JARBAKE_MAVEN_H

#include <stdbool.h>

#include "core/error.h"

/*
 * Maven coordinates, shared by fetch, lock, dockerfile and verify:
 * "group:artifact:version" -> repository URL and file name, and the rules
 * for a JAR's file name. Returned strings belong to the caller.
 */

/* Splits "group:artifact:version"; each part must be non-empty and sane. */
int maven_parse_coordinates(const char *gav, char **group, char **artifact,
			    char **version, struct error *e);

/* REPOSITORY/GROUP-WITH-SLASHES/ARTIFACT/VERSION/ARTIFACT-VERSION.jar */
char *maven_url(const char *repository, const char *group, const char *artifact,
		const char *version);

/* ARTIFACT-VERSION.jar */
char *maven_file(const char *artifact, const char *version);

/* The last path segment of url (no query or fragment), or NULL. */
char *maven_url_file(const char *url);

/* A plain file name ending in ".jar" of [A-Za-z0-9._+~-], no "..". */
bool maven_file_name_valid(const char *name);

#endif
