#ifndef JARBAKE_BYTECODE_H
#define JARBAKE_BYTECODE_H

#include <stdbool.h>

#include "core/findings.h"
#include "jar/jar.h"

/*
 * Bytecode too new for the image's Java: a JAR whose classes were compiled
 * for a later Java than the image runs fails with UnsupportedClassVersion-
 * Error when its first class loads. The JAR's level is its highest class-
 * file version (jar_info.max_major, read with JAR_READ_VERSIONS).
 */

/*
 * The Java feature version a version string names: "11.0.22" 11,
 * "1.8.0_392" 8, "jdk-17.0.9+9" 17, "jdk8u392-b08" 8, "21" 21; 0 when
 * none.
 */
unsigned bytecode_java_feature(const char *version);

/*
 * The feature version in the text of a JDK's "release" file (its
 * JAVA_VERSION="..." line); 0 when none.
 */
unsigned bytecode_release_feature(const char *text, size_t len);

/*
 * One finding "bytecode-too-new" (error) naming path when jar's classes
 * need a later Java than java (a feature version); source says where java
 * came from. True when it reported.
 */
bool bytecode_check(const char *path, const struct jar_info *jar, unsigned java,
		    const char *source, struct findings *out);

struct manifest;
/*
 * fetch's check before any image exists: each of m's JARs placed in dir
 * against m->image.java_version (when declared). Returns the findings
 * added; a JAR that cannot be read is skipped.
 */
size_t bytecode_check_dir(const struct manifest *m, const char *dir,
			  struct findings *out);

#endif
