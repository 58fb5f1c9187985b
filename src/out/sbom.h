#ifndef JARBAKE_SBOM_H
#define JARBAKE_SBOM_H

#include <time.h>

#include "core/error.h"
#include "manifest/manifest.h"
#include "core/strbuf.h"
#include "verify/verify.h"

/*
 * A CycloneDX 1.5 JSON SBOM of every JAR verify found in jars_dir: one
 * library component per JAR with its purl (the manifest's coordinates,
 * else the JAR's own pom.properties), SHA-256 and path in the image.
 */

/* "pkg:maven/GROUP/ARTIFACT@VERSION", percent-encoded; caller frees. */
char *sbom_maven_purl(const char *group, const char *artifact,
		      const char *version);

/*
 * Renders the document into out. image names the image (its ref or the
 * manifest's image name); digest ("sha256:<hex>", or NULL) is the image's
 * own (image.h: the manifest digest, else the config digest), used when
 * image pins none; serial is a UUID ("8-4-4-4-12"), timestamp an RFC 3339
 * UTC time. Components carry the licenses their JARs declare (pom.xml,
 * Bundle-License): an SPDX id when license_id.h knows it, else the name.
 */
void sbom_render(const struct manifest *m, const struct verify_report *r,
		 const char *image, const char *digest, const char *serial,
		 const char *timestamp, struct strbuf *out);

/* The same inventory as an SPDX 2.3 JSON document: the image and every
 * JAR as packages (bundled libraries too), CONTAINS relationships. */
void sbom_render_spdx(const struct manifest *m, const struct verify_report *r,
		      const char *image, const char *digest, const char *serial,
		      const char *timestamp, struct strbuf *out);

enum sbom_format { SBOM_CYCLONEDX, SBOM_SPDX };

/* sbom_write in format. */
int sbom_write_as(const char *path, enum sbom_format format,
		  const struct manifest *m, const struct verify_report *r,
		  const char *image, const char *digest, time_t when,
		  struct error *e);

/*
 * Writes the SBOM to path atomically (temporary file + rename), with a
 * random serial number and the time when (the caller's: now, or
 * SOURCE_DATE_EPOCH). Errors: EXIT_IO.
 */
int sbom_write(const char *path, const struct manifest *m,
	       const struct verify_report *r, const char *image, time_t when,
	       struct error *e);

#endif
