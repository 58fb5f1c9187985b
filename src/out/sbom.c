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

char *sbom_maven_purl(const char *group, const char *artifact,
		      const char *version)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "pkg:maven/");
	add_purl_part(&sb, group);
	strbuf_addch(&sb, '/');
	add_purl_part(&sb, artifact);
	if (version && *version) {
		strbuf_addch(&sb, '@');
		add_purl_part(&sb, version);
	}
	return strbuf_detach(&sb, NULL);
}

static char *generic_purl(const char *name, const char *version,
			  const char *url)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "pkg:generic/");
	add_purl_part(&sb, name);
	if (version && *version) {
		strbuf_addch(&sb, '@');
		add_purl_part(&sb, version);
	}
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
	jw_end(w);
	free(purl);
}

/* metadata: the time, the tool, and the image as the described component. */
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

int sbom_write(const char *path, const struct manifest *m,
	       const struct verify_report *r, const char *image, time_t when,
	       struct error *e)
{
	struct strbuf doc = STRBUF_INIT;
	char serial[37], timestamp[32];
	int ret;

	if (random_uuid(serial, e))
		return -1;
	rfc3339(when, timestamp);
	sbom_render(m, r, image, serial, timestamp, &doc);
	ret = fs_write_atomic(path, doc.buf, doc.len, 0644, e);
	if (ret && e && e->code != EXIT_IO)
		e->code = EXIT_IO;
	strbuf_release(&doc);
	return ret;
}
