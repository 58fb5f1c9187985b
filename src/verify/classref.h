#ifndef JARBAKE_CLASSREF_H
#define JARBAKE_CLASSREF_H

#include <stdbool.h>
#include <stddef.h>

#include "core/findings.h"
#include "jar/jar.h"

/*
 * Classes that configuration names: Spark loads them by name
 * (spark.extraListeners, spark.sql.extensions, spark.sql.catalog.NAME...),
 * and one that is not on the class path fails only when a job starts.
 * The table of class-valued keys is data (classref_keys); the check looks
 * each named class up in a class path built from the image's JARs and
 * suggests the nearest similarly named class. Pure logic: no I/O.
 */

/* One row of the table: a key pattern and what the class is for. In a
 * pattern, NAME stands for any one dot-separated segment. */
struct classref_key {
	const char *pattern;
	const char *what;
	bool list; /* the value is a comma-separated list of classes */
};

/* The table (classref_nr_keys() rows), in README order. */
const struct classref_key *classref_keys(size_t *nr);

/* The row whose pattern key matches (len bytes), or NULL. */
const struct classref_key *classref_match(const char *key, size_t len);

/*
 * True when s (len bytes) reads as a Java binary class name: two or more
 * dot-separated Java identifiers ("org.example.Foo", "a.B$C"). "rest",
 * "hive", "1.2" and URLs are not.
 */
bool classref_is_class_name(const char *s, size_t len);

/* True for classes the JDK provides (java.*, javax.*, jdk.*, sun.*). */
bool classref_is_jdk(const char *name);

/* The class path: every class of a set of JARs, with the JAR's name. */
struct classpath_entry {
	const char *name; /* zip entry name, "a/b/C.class"; borrowed */
	const char *jar;  /* the JAR's file name; borrowed */
};

struct classpath {
	struct classpath_entry *items;
	size_t nr, alloc;
	bool sorted;
};

#define CLASSPATH_INIT                                                         \
	{                                                                      \
		NULL, 0, 0, false                                              \
	}

/* Adds jar's classes (read with JAR_READ_CLASSES); both are borrowed and
 * must outlive cp. */
void classpath_add(struct classpath *cp, const char *jar_name,
		   const struct jar_info *jar);
/* Frees the index, not the borrowed names; harmless twice. */
void classpath_release(struct classpath *cp);

/* The entry of binary class name ("a.b.C$D"), or NULL. */
const struct classpath_entry *classpath_find(struct classpath *cp,
					     const char *class_name);

/*
 * The class most like class_name, or NULL when none is close: same simple
 * name in another package, else a simple name within a small edit
 * distance (ties: the nearest full name). Edit distances are bounded, so
 * this is linear in the class path.
 */
const struct classpath_entry *classpath_nearest(struct classpath *cp,
						const char *class_name);

/* A setting found in configuration; borrowed. value is NUL-terminated. */
struct classref_setting {
	const char *file; /* names the configuration in findings */
	unsigned line, col;
	const char *key;
	const char *value;
};

/*
 * Checks one setting: when its key is in the table, every class its value
 * names (each item of a list) must be on cp or in the JDK, else a finding
 * "class-not-found" (error) at the setting's position. Values that are no
 * class names are not checked. Returns the number of findings added.
 */
size_t classref_check(struct classpath *cp, const struct classref_setting *s,
		      struct findings *out);

#endif
