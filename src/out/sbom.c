#include "out/sbom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/xalloc.h"
#include "out/json.h"

#ifndef JARBAKE_VERSION
#define JARBAKE_VERSION "0"
#endif

/* purl: everything but the unreserved characters is percent-encoded. */
static void add_purl_part(struct strbuf *sb, const char *s)
{
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '.' || c == '-' ||
		    c == '_' || c == '~')
			strbuf_addch(sb, (char)c);
		else
			strbuf_addf(sb, "%%%02X", c);
	}
}

/* "@VERSION" when there is a version. */
static void add_purl_version(struct strbuf *sb, const char *version)
{
	if (version && *version) {
		strbuf_addch(sb, '@');
		add_purl_part(sb, version);
	}
}

char *sbom_maven_purl(const char *group, const char *artifact,
		      const char *version)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "pkg:maven/");
	add_purl_part(&sb, group);
	strbuf_addch(&sb, '/');
	add_purl_part(&sb, artifact);
	add_purl_version(&sb, version);
	return strbuf_detach(&sb, NULL);
}

static char *generic_purl(const char *name, const char *version,
			  const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "pkg:generic/");
	add_purl_part(&sb, name);
	add_purl_version(&sb, version);
	if (url) {
		strbuf_adds(&sb, "?download_url=");
		add_purl_part(&sb, url);
	}
	return strbuf_detach(&sb, NULL);
}

static void add_property(struct json_writer *w, const char *name,
			 const char *value)
{
	jw_object(w, NULL);
	jw_string(w, "name", name);
	jw_string(w, "value", value);
	jw_end(w);
}

static void add_bundled(struct json_writer *w, const struct verify_entry *e);

static void add_component(struct json_writer *w, const struct verify_entry *e)
{
	const struct manifest_jar *j = e->mjar;
	char *purl = NULL;

	if (e->group && e->artifact)
		purl = sbom_maven_purl(e->group, e->artifact, e->version);
	else if (j)
		purl = generic_purl(j->name, j->version, j->url);

	jw_object(w, NULL);
	jw_string(w, "type", "library");
	jw_string(w, "bom-ref", e->path);
	if (e->group)
		jw_string(w, "group", e->group);
	jw_string(w, "name", e->artifact ? e->artifact : e->file);
	if (e->version)
		jw_string(w, "version", e->version);
	if (j && j->purpose)
		jw_string(w, "description", j->purpose);
	if (purl)
		jw_string(w, "purl", purl);
	if (e->sha256[0]) { /* a link to nothing the image holds: no hash */
		jw_array(w, "hashes");
		jw_object(w, NULL);
		jw_string(w, "alg", "SHA-256");
		jw_string(w, "content", e->sha256);
		jw_end(w);
		jw_end(w);
	}
	jw_array(w, "properties");
	add_property(w, "jarbake:path", e->path);
	if (j)
		add_property(w, "jarbake:manifest-name", j->name);
	add_property(w, "jarbake:status", verify_status_name(e->status));
	jw_end(w);
	add_bundled(w, e);
	jw_end(w);
	free(purl);
}

/* A pom.properties of the JAR that is not the JAR's own: a bundled
 * (shaded, fat-JAR) library. */
static bool is_bundled(const struct verify_entry *e, const struct jar_pom *p)
{
	if (!p->group || !p->artifact || !p->version)
		return false;
	return !(e->artifact && !strcmp(p->artifact, e->artifact) &&
		 (!e->group || !strcmp(p->group, e->group)));
}

/* "PATH#GROUP:ARTIFACT:VERSION": a bundled library's bom-ref. */
static char *bundled_ref(const struct verify_entry *e, const struct jar_pom *p)
{
	return xasprintf("%s#%s:%s:%s", e->path, p->group, p->artifact,
			 p->version);
}

/*
 * The libraries a fat or shaded JAR carries (its other
 * META-INF/maven/.../pom.properties), as syft lists them: nested
 * components with their purls.
 */
static void add_bundled(struct json_writer *w, const struct verify_entry *e)
{
	size_t n = 0;

	for (size_t i = 0; e->jar && i < e->jar->nr_poms; i++)
		n += is_bundled(e, &e->jar->poms[i]);
	if (!n)
		return;
	jw_array(w, "components");
	for (size_t i = 0; i < e->jar->nr_poms; i++) {
		const struct jar_pom *p = &e->jar->poms[i];
		char *ref, *purl;

		if (!is_bundled(e, p))
			continue;
		ref = bundled_ref(e, p);
		purl = sbom_maven_purl(p->group, p->artifact, p->version);
		jw_object(w, NULL);
		jw_string(w, "type", "library");
		jw_string(w, "bom-ref", ref);
		jw_string(w, "group", p->group);
		jw_string(w, "name", p->artifact);
		jw_string(w, "version", p->version);
		jw_string(w, "purl", purl);
		jw_array(w, "properties");
		add_property(w, "jarbake:bundled-in", e->path);
		jw_end(w);
		jw_end(w);
		free(purl);
		free(ref);
	}
	jw_end(w);
}

/* The graph: image -> every JAR -> the libraries it bundles. */
static void add_dependencies(struct json_writer *w,
			     const struct verify_report *r)
{
	jw_array(w, "dependencies");
	jw_object(w, NULL);
	jw_string(w, "ref", "image");
	jw_array(w, "dependsOn");
	for (size_t i = 0; i < r->nr; i++)
		if (r->entries[i].present)
			jw_string(w, NULL, r->entries[i].path);
	jw_end(w);
	jw_end(w);
	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_entry *e = &r->entries[i];

		if (!e->present)
			continue;
		jw_object(w, NULL);
		jw_string(w, "ref", e->path);
		jw_array(w, "dependsOn");
		for (size_t k = 0; e->jar && k < e->jar->nr_poms; k++) {
			char *ref;

			if (!is_bundled(e, &e->jar->poms[k]))
				continue;
			ref = bundled_ref(e, &e->jar->poms[k]);
			jw_string(w, NULL, ref);
			free(ref);
		}
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
}

/* metadata: the time, the tool, and the image as the described component. */
/*
 * NAME:TAG@sha256:HEX: the tag is the image's version, the digest its
 * hash (a ref without them gets neither; the name stays the whole ref).
 */
static void add_image_version(struct json_writer *w, const char *ref)
{
	const char *at = strstr(ref, "@sha256:");
	const char *slash;
	const char *colon;
	char *name;

	name = at ? xstrndup(ref, (size_t)(at - ref)) : xstrdup(ref);
	slash = strrchr(name, '/');
	colon = strrchr(slash ? slash : name, ':');
	if (colon && colon[1])
		jw_string(w, "version", colon + 1);
	else if (at)
		jw_string(w, "version", at + 1);
	if (at && strlen(at + 8) == 64) {
		jw_array(w, "hashes");
		jw_object(w, NULL);
		jw_string(w, "alg", "SHA-256");
		jw_string(w, "content", at + 8);
		jw_end(w);
		jw_end(w);
	}
	free(name);
}

static void add_metadata(struct json_writer *w, const struct manifest *m,
			 const char *image, const char *timestamp)
{
	jw_object(w, "metadata");
	jw_string(w, "timestamp", timestamp);
	jw_object(w, "tools");
	jw_array(w, "components");
	jw_object(w, NULL);
	jw_string(w, "type", "application");
	jw_string(w, "name", "jarbake");
	jw_string(w, "version", JARBAKE_VERSION);
	jw_end(w);
	jw_end(w);
	jw_end(w);
	jw_object(w, "component");
	jw_string(w, "type", "container");
	jw_string(w, "bom-ref", "image");
	jw_string(w, "name", image);
	add_image_version(w, image);
	jw_array(w, "properties");
	add_property(w, "jarbake:manifest", m->path ? m->path : "");
	add_property(w, "jarbake:manifest-sha256", m->sha256);
	if (m->image.spark_version)
		add_property(w, "jarbake:spark-version",
			     m->image.spark_version);
	if (m->image.scala_version)
		add_property(w, "jarbake:scala-version",
			     m->image.scala_version);
	add_property(w, "jarbake:jars-dir",
		     m->image.jars_dir ? m->image.jars_dir : "");
	jw_end(w);
	jw_end(w);
	jw_end(w);
}

void sbom_render(const struct manifest *m, const struct verify_report *r,
		 const char *image, const char *serial, const char *timestamp,
		 struct strbuf *out)
{
	struct json_writer *w = jw_new();
	char *urn = xasprintf("urn:uuid:%s", serial);

	jw_object(w, NULL);
	jw_string(w, "bomFormat", "CycloneDX");
	jw_string(w, "specVersion", "1.5");
	jw_string(w, "serialNumber", urn);
	jw_int(w, "version", 1);
	add_metadata(w, m, image, timestamp);
	jw_array(w, "components");
	for (size_t i = 0; i < r->nr; i++)
		if (r->entries[i].present)
			add_component(w, &r->entries[i]);
	jw_end(w);
	add_dependencies(w, r);
	jw_render(w, out);
	free(urn);
}

/* A version 4 UUID from the system's random source. */
static int random_uuid(char out[37], struct error *e)
{
	unsigned char b[16];
	int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
	ssize_t n;

	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '/dev/urandom'");
	n = read(fd, b, sizeof(b));
	close(fd);
	if (n != (ssize_t)sizeof(b))
		return err_set_code(e, EXIT_IO, "cannot read '/dev/urandom'");
	b[6] = (unsigned char)((b[6] & 0x0f) | 0x40);
	b[8] = (unsigned char)((b[8] & 0x3f) | 0x80);
	snprintf(out, 37,
		 "%02x%02x%02x%02x-%02x%02x-%02x%02x-%02x%02x-"
		 "%02x%02x%02x%02x%02x%02x",
		 b[0], b[1], b[2], b[3], b[4], b[5], b[6], b[7], b[8], b[9],
		 b[10], b[11], b[12], b[13], b[14], b[15]);
	return 0;
}

static void rfc3339(time_t t, char out[32])
{
	struct tm tm;

	if (!gmtime_r(&t, &tm) || !strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm))
		snprintf(out, 32, "1970-01-01T00:00:00Z");
}

/* ---- SPDX 2.3 JSON ---- */

/* "NAME:TAG@sha256:..." -> "TAG" (or NULL): the image's version. */
static char *image_tag(const char *ref)
{
	const char *at = strstr(ref, "@sha256:");
	char *name = at ? xstrndup(ref, (size_t)(at - ref)) : xstrdup(ref);
	const char *slash = strrchr(name, '/');
	const char *colon = strrchr(slash ? slash : name, ':');
	char *tag = colon && colon[1] ? xstrdup(colon + 1) : NULL;

	free(name);
	return tag;
}

static void spdx_relationship(struct json_writer *w, const char *from,
			      const char *type, const char *to)
{
	jw_object(w, NULL);
	jw_string(w, "spdxElementId", from);
	jw_string(w, "relationshipType", type);
	jw_string(w, "relatedSpdxElement", to);
	jw_end(w);
}

static void spdx_purl(struct json_writer *w, const char *purl)
{
	jw_array(w, "externalRefs");
	jw_object(w, NULL);
	jw_string(w, "referenceCategory", "PACKAGE-MANAGER");
	jw_string(w, "referenceType", "purl");
	jw_string(w, "referenceLocator", purl);
	jw_end(w);
	jw_end(w);
}

static void spdx_jar(struct json_writer *w, const struct verify_entry *e,
		     size_t n)
{
	const struct manifest_jar *j = e->mjar;
	char *id = xasprintf("SPDXRef-Jar-%zu", n), *purl = NULL;

	if (e->group && e->artifact)
		purl = sbom_maven_purl(e->group, e->artifact, e->version);
	else if (j)
		purl = generic_purl(j->name, j->version, j->url);
	jw_object(w, NULL);
	jw_string(w, "SPDXID", id);
	jw_string(w, "name", e->artifact ? e->artifact : e->file);
	if (e->version)
		jw_string(w, "versionInfo", e->version);
	jw_string(w, "packageFileName", e->path);
	jw_string(w, "downloadLocation", j && j->url ? j->url : "NOASSERTION");
	jw_bool(w, "filesAnalyzed", false);
	if (e->sha256[0]) {
		jw_array(w, "checksums");
		jw_object(w, NULL);
		jw_string(w, "algorithm", "SHA256");
		jw_string(w, "checksumValue", e->sha256);
		jw_end(w);
		jw_end(w);
	}
	if (purl)
		spdx_purl(w, purl);
	jw_string(w, "primaryPackagePurpose", "LIBRARY");
	if (j && j->purpose)
		jw_string(w, "description", j->purpose);
	jw_end(w);
	for (size_t k = 0, b = 0; e->jar && k < e->jar->nr_poms; k++) {
		const struct jar_pom *p = &e->jar->poms[k];
		char *bid, *bpurl;

		if (!is_bundled(e, p))
			continue;
		bid = xasprintf("%s-%zu", id, ++b);
		bpurl = sbom_maven_purl(p->group, p->artifact, p->version);
		jw_object(w, NULL);
		jw_string(w, "SPDXID", bid);
		jw_string(w, "name", p->artifact);
		jw_string(w, "versionInfo", p->version);
		jw_string(w, "downloadLocation", "NOASSERTION");
		jw_bool(w, "filesAnalyzed", false);
		spdx_purl(w, bpurl);
		jw_string(w, "primaryPackagePurpose", "LIBRARY");
		jw_end(w);
		free(bpurl);
		free(bid);
	}
	free(purl);
	free(id);
}

void sbom_render_spdx(const struct manifest *m, const struct verify_report *r,
		      const char *image, const char *serial,
		      const char *timestamp, struct strbuf *out)
{
	struct json_writer *w = jw_new();
	char *ns = xasprintf("https://spdx.org/spdxdocs/jarbake-%s", serial);
	char *tool = xasprintf("Tool: jarbake-%s", JARBAKE_VERSION);
	char *tag = image_tag(image), *comment;
	size_t n = 0;

	jw_object(w, NULL);
	jw_string(w, "spdxVersion", "SPDX-2.3");
	jw_string(w, "dataLicense", "CC0-1.0");
	jw_string(w, "SPDXID", "SPDXRef-DOCUMENT");
	jw_string(w, "name", image);
	jw_string(w, "documentNamespace", ns);
	jw_object(w, "creationInfo");
	jw_string(w, "created", timestamp);
	jw_array(w, "creators");
	jw_string(w, NULL, tool);
	jw_end(w);
	jw_end(w);
	jw_array(w, "packages");
	jw_object(w, NULL);
	jw_string(w, "SPDXID", "SPDXRef-Image");
	jw_string(w, "name", image);
	if (tag)
		jw_string(w, "versionInfo", tag);
	jw_string(w, "downloadLocation", "NOASSERTION");
	jw_bool(w, "filesAnalyzed", false);
	jw_string(w, "primaryPackagePurpose", "CONTAINER");
	comment = xasprintf("verified by jarbake against the manifest %s "
			    "(sha256 %s)",
			    m->path ? m->path : "", m->sha256);
	jw_string(w, "comment", comment);
	jw_end(w);
	for (size_t i = 0; i < r->nr; i++)
		if (r->entries[i].present)
			spdx_jar(w, &r->entries[i], ++n);
	jw_end(w);
	jw_array(w, "relationships");
	spdx_relationship(w, "SPDXRef-DOCUMENT", "DESCRIBES", "SPDXRef-Image");
	n = 0;
	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_entry *e = &r->entries[i];
		char *id;

		if (!e->present)
			continue;
		id = xasprintf("SPDXRef-Jar-%zu", ++n);
		spdx_relationship(w, "SPDXRef-Image", "CONTAINS", id);
		for (size_t k = 0, b = 0; e->jar && k < e->jar->nr_poms; k++) {
			char *bid;

			if (!is_bundled(e, &e->jar->poms[k]))
				continue;
			bid = xasprintf("%s-%zu", id, ++b);
			spdx_relationship(w, id, "CONTAINS", bid);
			free(bid);
		}
		free(id);
	}
	jw_end(w);
	jw_render(w, out);
	free(comment);
	free(tag);
	free(tool);
	free(ns);
}

int sbom_write(const char *path, const struct manifest *m,
	       const struct verify_report *r, const char *image, time_t when,
	       struct error *e)
{
	return sbom_write_as(path, SBOM_CYCLONEDX, m, r, image, when, e);
}

int sbom_write_as(const char *path, enum sbom_format format,
		  const struct manifest *m, const struct verify_report *r,
		  const char *image, time_t when, struct error *e)
{
	struct strbuf doc = STRBUF_INIT;
	char serial[37], timestamp[32];
	int ret;

	if (random_uuid(serial, e))
		return -1;
	rfc3339(when, timestamp);
	if (format == SBOM_SPDX)
		sbom_render_spdx(m, r, image, serial, timestamp, &doc);
	else
		sbom_render(m, r, image, serial, timestamp, &doc);
	ret = fs_write_atomic(path, doc.buf, doc.len, 0644, e);
	if (ret && e && e->code != EXIT_IO)
		e->code = EXIT_IO;
	strbuf_release(&doc);
	return ret;
}
