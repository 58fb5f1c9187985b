#include "out/sbom.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "core/fsutil.h"
#include "core/redact.h"
#include "core/xalloc.h"
#include "out/json.h"
#include "out/license_id.h"

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
		/* no credentials or signatures in a document people share */
		char *clean = redact_urls(xstrdup(url));

		strbuf_adds(&sb, "?download_url=");
		add_purl_part(&sb, clean);
		free(clean);
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

/* A one-item hash list: CycloneDX {"hashes": [{"alg", "content"}]} or
 * SPDX {"checksums": [{"algorithm", "checksumValue"}]}. */
static void add_sha256(struct json_writer *w, bool spdx, const char *hex)
{
	jw_array(w, spdx ? "checksums" : "hashes");
	jw_object(w, NULL);
	jw_string(w, spdx ? "algorithm" : "alg", spdx ? "SHA256" : "SHA-256");
	jw_string(w, spdx ? "checksumValue" : "content", hex);
	jw_end(w);
	jw_end(w);
}

static void add_bundled(struct json_writer *w, const struct verify_entry *e);
static bool is_bundled(const struct verify_entry *e, const struct jar_pom *p);

/* The licenses a JAR declares for itself: its own pom.xml's, else
 * MANIFEST.MF's Bundle-License. */
static size_t own_licenses(const struct verify_entry *e,
			   const struct jar_license **out)
{
	*out = NULL;
	if (!e->jar)
		return 0;
	for (size_t i = 0; i < e->jar->nr_poms; i++) {
		const struct jar_pom *p = &e->jar->poms[i];

		if (p->nr_licenses && !is_bundled(e, p)) {
			*out = p->licenses;
			return p->nr_licenses;
		}
	}
	*out = e->jar->bundle_licenses;
	return e->jar->nr_bundle_licenses;
}

/* CycloneDX licenses: {license: {id}} for a known SPDX id, else
 * {license: {name}}; with the url when there is one. */
static void add_licenses(struct json_writer *w, const struct jar_license *l,
			 size_t n)
{
	if (!n)
		return;
	jw_array(w, "licenses");
	for (size_t i = 0; i < n; i++) {
		const char *id = license_spdx_id(l[i].name, l[i].url);
		bool dup = false;

		for (size_t k = 0; id && k < i; k++)
			dup |= license_spdx_id(l[k].name, l[k].url) == id;
		if (dup)
			continue;
		jw_object(w, NULL);
		jw_object(w, "license");
		if (id)
			jw_string(w, "id", id);
		else
			jw_string(w, "name", l[i].name ? l[i].name : l[i].url);
		if (l[i].url)
			jw_string(w, "url", l[i].url);
		jw_end(w);
		jw_end(w);
	}
	jw_end(w);
}

static void add_component(struct json_writer *w, const struct verify_entry *e)
{
	const struct manifest_jar *j = e->mjar;
	const struct jar_license *lic;
	size_t nr_lic = own_licenses(e, &lic);
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
	add_licenses(w, lic, nr_lic);
	if (purl)
		jw_string(w, "purl", purl);
	if (e->sha256[0]) /* a link to nothing the image holds: no hash */
		add_sha256(w, false, e->sha256);
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
		add_licenses(w, p->licenses, p->nr_licenses);
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

/* metadata: the time, the tool, and the image as the described component. */
/*
 * NAME:TAG@sha256:HEX: the tag is the image's version, the digest its
 * hash (a ref without them gets neither; the name stays the whole ref).
 */
/* The image's digest: the one its ref pins, else the one the image
 * reader found ("sha256:<hex>"), else NULL. */
static const char *image_digest(const char *ref, const char *digest)
{
	const char *at = strstr(ref, "@sha256:");

	if (at && strlen(at + 8) == 64)
		return at + 1;
	if (digest && (strncmp(digest, "sha256:", 7) || strlen(digest) != 71))
		return NULL;
	return digest;
}

static void add_image_version(struct json_writer *w, const char *ref,
			      const char *digest)
{
	char *tag = image_tag(ref);

	digest = image_digest(ref, digest);
	if (tag || digest)
		jw_string(w, "version", tag ? tag : digest);
	if (digest)
		add_sha256(w, false, digest + 7);
	free(tag);
}

static void add_metadata(struct json_writer *w, const struct manifest *m,
			 const char *image, const char *digest,
			 const char *timestamp)
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
	add_image_version(w, image, digest);
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
		 const char *image, const char *digest, const char *serial,
		 const char *timestamp, struct strbuf *out)
{
	struct json_writer *w = jw_new();
	char *urn = xasprintf("urn:uuid:%s", serial);

	jw_object(w, NULL);
	jw_string(w, "bomFormat", "CycloneDX");
	jw_string(w, "specVersion", "1.5");
	jw_string(w, "serialNumber", urn);
	jw_int(w, "version", 1);
	add_metadata(w, m, image, digest, timestamp);
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

/* The LicenseRef-s a document uses, for hasExtractedLicensingInfos. */
struct spdx_refs {
	struct spdx_ref {
		char *id;
		const struct jar_license *l;
	} * refs;
	size_t nr, alloc;
};

static bool same_text(const char *a, const char *b)
{
	return a == b || (a && b && !strcmp(a, b));
}

/* "LicenseRef-" and the license's name (or URL) in the characters SPDX
 * ids allow, made unique; the same license gets the same ref. */
static const char *spdx_license_ref(struct spdx_refs *refs,
				    const struct jar_license *l)
{
	const char *text = l->name ? l->name : l->url;
	struct strbuf id = STRBUF_INIT;
	struct spdx_ref *r;

	for (size_t i = 0; i < refs->nr; i++)
		if (same_text(refs->refs[i].l->name, l->name) &&
		    same_text(refs->refs[i].l->url, l->url))
			return refs->refs[i].id;
	strbuf_adds(&id, "LicenseRef-");
	for (size_t i = 0; text[i] && i < 64; i++) {
		char c = text[i];
		bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
			  (c >= '0' && c <= '9') || c == '.';

		if (ok || (id.len && id.buf[id.len - 1] != '-'))
			strbuf_addch(&id, ok ? c : '-');
	}
	for (size_t i = 0; i < refs->nr; i++)
		if (!strcmp(refs->refs[i].id, id.buf)) {
			strbuf_addf(&id, "-%zu", refs->nr + 1);
			break;
		}
	XGROW(refs->refs, refs->nr + 1, refs->alloc);
	r = &refs->refs[refs->nr++];
	r->id = strbuf_detach(&id, NULL);
	r->l = l;
	return r->id;
}

/* licenseConcluded NOASSERTION (jarbake reads declarations only);
 * licenseDeclared the SPDX ids or LicenseRef-s, joined by AND. */
static void spdx_licenses(struct json_writer *w, struct spdx_refs *refs,
			  const struct jar_license *l, size_t n)
{
	struct strbuf expr = STRBUF_INIT;

	for (size_t i = 0; i < n; i++) {
		const char *id = license_spdx_id(l[i].name, l[i].url);

		if (!id)
			id = spdx_license_ref(refs, &l[i]);
		if (expr.len) {
			/* the same id twice: once */
			char *dup = xasprintf(" %s ", id);
			char *have = xasprintf(" %s ", expr.buf);
			bool seen = strstr(have, dup) != NULL;

			free(dup);
			free(have);
			if (seen)
				continue;
			strbuf_adds(&expr, " AND ");
		}
		strbuf_adds(&expr, id);
	}
	jw_string(w, "licenseConcluded", "NOASSERTION");
	jw_string(w, "licenseDeclared", expr.len ? expr.buf : "NOASSERTION");
	strbuf_release(&expr);
}

static void spdx_extracted(struct json_writer *w, struct spdx_refs *refs)
{
	if (!refs->nr)
		return;
	jw_array(w, "hasExtractedLicensingInfos");
	for (size_t i = 0; i < refs->nr; i++) {
		const struct jar_license *l = refs->refs[i].l;

		jw_object(w, NULL);
		jw_string(w, "licenseId", refs->refs[i].id);
		jw_string(w, "name", l->name ? l->name : l->url);
		jw_string(w, "extractedText",
			  l->name ? l->name : l->url); /* all the JAR says */
		if (l->url) {
			jw_array(w, "seeAlsos");
			jw_string(w, NULL, l->url);
			jw_end(w);
		}
		jw_end(w);
	}
	jw_end(w);
}

static void spdx_refs_release(struct spdx_refs *refs)
{
	for (size_t i = 0; i < refs->nr; i++)
		free(refs->refs[i].id);
	free(refs->refs);
}

static void spdx_jar(struct json_writer *w, struct spdx_refs *refs,
		     const struct verify_entry *e, size_t n)
{
	const struct jar_license *lic;
	size_t nr_lic = own_licenses(e, &lic);
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
	if (e->sha256[0])
		add_sha256(w, true, e->sha256);
	spdx_licenses(w, refs, lic, nr_lic);
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
		spdx_licenses(w, refs, p->licenses, p->nr_licenses);
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
		      const char *image, const char *digest, const char *serial,
		      const char *timestamp, struct strbuf *out)
{
	struct spdx_refs refs = {0};
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
	digest = image_digest(image, digest);
	if (tag || digest)
		jw_string(w, "versionInfo", tag ? tag : digest);
	jw_string(w, "downloadLocation", "NOASSERTION");
	jw_bool(w, "filesAnalyzed", false);
	if (digest)
		add_sha256(w, true, digest + 7);
	jw_string(w, "primaryPackagePurpose", "CONTAINER");
	comment = xasprintf("verified by jarbake against the manifest %s "
			    "(sha256 %s)",
			    m->path ? m->path : "", m->sha256);
	jw_string(w, "comment", comment);
	jw_end(w);
	for (size_t i = 0; i < r->nr; i++)
		if (r->entries[i].present)
			spdx_jar(w, &refs, &r->entries[i], ++n);
	jw_end(w);
	spdx_extracted(w, &refs);
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
	spdx_refs_release(&refs);
	free(comment);
	free(tag);
	free(tool);
	free(ns);
}

int sbom_write(const char *path, const struct manifest *m,
	       const struct verify_report *r, const char *image, time_t when,
	       struct error *e)
{
	return sbom_write_as(path, SBOM_CYCLONEDX, m, r, image, NULL, when, e);
}

int sbom_write_as(const char *path, enum sbom_format format,
		  const struct manifest *m, const struct verify_report *r,
		  const char *image, const char *digest, time_t when,
		  struct error *e)
{
	struct strbuf doc = STRBUF_INIT;
	char serial[37], timestamp[32];
	int ret;

	if (random_uuid(serial, e))
		return -1;
	rfc3339(when, timestamp);
	if (format == SBOM_SPDX)
		sbom_render_spdx(m, r, image, digest, serial, timestamp, &doc);
	else
		sbom_render(m, r, image, digest, serial, timestamp, &doc);
	ret = fs_write_atomic(path, doc.buf, doc.len, 0644, e);
	if (ret && e && e->code != EXIT_IO)
		e->code = EXIT_IO;
	strbuf_release(&doc);
	return ret;
}
