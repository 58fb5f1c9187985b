#include "manifest/manifest.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <jansson.h>

#include "core/digest.h"
#include "manifest/jsonloc.h"
#include "manifest/maven.h"
#include "net/url.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

/* Validation state: the text for positions, the file for messages. */
struct ctx {
	const char *path;
	struct jsonloc loc;
	struct error *e;
};

__attribute__((format(printf, 4, 0))) static int
vfail_at(struct ctx *c, const char *ptr, bool at_value, const char *fmt,
	 va_list ap)
{
	unsigned line = 0, column = 0;
	char msg[sizeof(c->e->message)];

	if (!c->e || c->e->set)
		return -1;
	jsonloc_find(&c->loc, ptr, at_value, &line, &column);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	/* err_set_at redacts URLs, as every error message */
	return err_set_at(c->e, c->path, line, column, "%s", msg);
}

/* Sets an error at the key (or value) that JSON pointer ptr names. */
__attribute__((format(printf, 4, 5))) static int
fail_at(struct ctx *c, const char *ptr, bool at_value, const char *fmt, ...)
{
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail_at(c, ptr, at_value, fmt, ap);
	va_end(ap);
	return ret;
}

/* The same at member key of the object at ptr ("": the object itself). */
__attribute__((format(printf, 5, 6))) static int
fail_key(struct ctx *c, const char *ptr, const char *key, bool at_value,
	 const char *fmt, ...)
{
	char *child = *key ? xasprintf("%s/%s", ptr, key) : xstrdup(ptr);
	va_list ap;
	int ret;

	va_start(ap, fmt);
	ret = vfail_at(c, child, at_value, fmt, ap);
	va_end(ap);
	free(child);
	return ret;
}

static const char *json_type_name(const json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_OBJECT:
		return "an object";
	case JSON_ARRAY:
		return "an array";
	case JSON_STRING:
		return "a string";
	case JSON_INTEGER:
		return "an integer";
	case JSON_REAL:
		return "a number";
	case JSON_TRUE:
	case JSON_FALSE:
		return "a boolean";
	default:
		return "null";
	}
}

/* "/jars/2/x" as "jars[2].x", "" as "manifest", for messages. */
static char *pointer_display(const char *ptr)
{
	struct strbuf sb = STRBUF_INIT;

	if (!*ptr)
		return xstrdup("manifest");
	for (const char *p = ptr; *p;) {
		size_t n = strcspn(p + 1, "/");

		if (p[1] >= '0' && p[1] <= '9')
			strbuf_addf(&sb, "[%.*s]", (int)n, p + 1);
		else
			strbuf_addf(&sb, "%s%.*s", sb.len ? "." : "", (int)n,
				    p + 1);
		p += n + 1;
	}
	return strbuf_detach(&sb, NULL);
}

/* ptr + "/" + key, with '~' and '/' escaped (RFC 6901); caller frees. */
static char *pointer_child(const char *ptr, const char *key)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, ptr);
	strbuf_addch(&sb, '/');
	for (; *key; key++)
		if (*key == '~')
			strbuf_adds(&sb, "~0");
		else if (*key == '/')
			strbuf_adds(&sb, "~1");
		else
			strbuf_addch(&sb, *key);
	return strbuf_detach(&sb, NULL);
}

/* Refuses keys of obj that are not in allowed (NULL-terminated). */
static int check_keys(struct ctx *c, const char *ptr, json_t *obj,
		      const char *const *allowed)
{
	const char *key;
	json_t *value;

	json_object_foreach(obj, key, value)
	{
		bool known = false;

		for (const char *const *a = allowed; *a; a++)
			known = known || !strcmp(key, *a);
		if (!known) {
			char *child = pointer_child(ptr, key);
			char *where = pointer_display(ptr);
			int ret = fail_at(c, child, false,
					  "unknown key '%s' in %s", key, where);

			free(where);

			free(child);
			return ret;
		}
	}
	return 0;
}

/*
 * Reads string member key of obj at ptr into *out (a copy). Missing and
 * optional: *out stays NULL.
 */
static int get_string(struct ctx *c, const char *ptr, json_t *obj,
		      const char *key, bool required, char **out)
{
	json_t *v = json_object_get(obj, key);
	char *child;
	int ret = 0;

	*out = NULL;
	if (!v) {
		char *where;

		if (!required)
			return 0;
		where = pointer_display(ptr);
		ret =
		    fail_at(c, ptr, true, "missing key '%s' in %s", key, where);
		free(where);
		return ret;
	}
	child = xasprintf("%s/%s", ptr, key);
	if (!json_is_string(v))
		ret = fail_at(c, child, true, "'%s' must be a string, not %s",
			      key, json_type_name(v));
	else if (!json_string_length(v) && required)
		ret = fail_at(c, child, true, "'%s' must not be empty", key);
	else if (strlen(json_string_value(v)) != json_string_length(v))
		ret = fail_at(c, child, true, "'%s' contains a NUL byte", key);
	else
		*out = xstrdup(json_string_value(v));
	free(child);
	return ret;
}

/* [a-z0-9._-]+, and not "." or "..": image.name becomes a directory. */
static bool name_valid(const char *s)
{
	if (!*s || strlen(s) > 128 || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
		      *s == '.' || *s == '_' || *s == '-'))
			return false;
	return true;
}

/* A url JAR's version: what a Maven version may hold, 1 to 200 bytes. */
static bool version_valid(const char *s)
{
	size_t len = strlen(s);

	if (!len || len > 200)
		return false;
	for (; *s; s++)
		if (!((*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
		      (*s >= '0' && *s <= '9') || *s == '.' || *s == '_' ||
		      *s == '+' || *s == '-' || *s == '~'))
			return false;
	return true;
}

/* A dotted version such as "3.5.1" or "2.12". */
static bool dotted_version_valid(const char *s)
{
	bool digit = false;

	for (; *s; s++) {
		if (*s >= '0' && *s <= '9')
			digit = true;
		else if (*s != '.' || !digit)
			return false;
		else
			digit = false;
	}
	return digit;
}

/* An absolute, normalised directory: no "..", ".", "//" or trailing '/'. */
static bool abs_dir_valid(const char *s)
{
	size_t len = strlen(s);

	if (s[0] != '/' || len < 2 || len > 1024 || s[len - 1] == '/')
		return false;
	for (const char *seg = s; seg && *seg;) {
		const char *next = strchr(seg + 1, '/');
		size_t n = next ? (size_t)(next - seg - 1) : strlen(seg + 1);

		if (!n || (n == 1 && seg[1] == '.') ||
		    (n == 2 && seg[1] == '.' && seg[2] == '.'))
			return false;
		seg = next;
	}
	return !strpbrk(s, "\n\r\t \"\\");
}

/* Not one word of a Dockerfile line: spaces, quotes, control bytes. */
static bool has_space_or_control(const char *s)
{
	for (; *s; s++)
		if ((unsigned char)*s <= ' ' || *s == 0x7f || *s == '"' ||
		    *s == '\\')
			return true;
	return false;
}

/*
 * "NAME:TAG@sha256:HEX" in image.base, and "base_layers": the digest
 * the Dockerfile's FROM carries and the layers verify proves.
 */
static int parse_base_pin(struct ctx *c, json_t *img, struct manifest *m)
{
	const char *at = strchr(m->image.base, '@');
	json_t *list = json_object_get(img, "base_layers");
	size_t i;
	json_t *v;

	if (at) {
		if (at == m->image.base || strchr(at + 1, '@') ||
		    strncmp(at + 1, "sha256:", 7) ||
		    !digest_hex_valid(DIGEST_SHA256, at + 8))
			return fail_at(c, "/image/base", true,
				       "invalid digest in base image "
				       "reference '%s': expected "
				       "NAME:TAG@sha256:<64 lowercase hex>",
				       m->image.base);
		m->image.base_digest = at + 1;
	}
	if (!list)
		return 0;
	if (!json_is_array(list))
		return fail_at(c, "/image/base_layers", true,
			       "'base_layers' must be an array of "
			       "\"sha256:<hex>\" layer diff_ids, not %s",
			       json_type_name(list));
	if (json_array_size(list) > 1000)
		return fail_at(c, "/image/base_layers", true,
			       "'base_layers' lists more than 1000 layers");
	m->image.has_base_layers = true;
	m->image.base_layers =
	    xcalloc(json_array_size(list) + 1, sizeof(*m->image.base_layers));
	json_array_foreach(list, i, v)
	{
		const char *s = json_string_value(v);

		if (!s || strncmp(s, "sha256:", 7) ||
		    !digest_hex_valid(DIGEST_SHA256, s + 7)) {
			char *ptr = xasprintf("/image/base_layers/%zu", i);
			int ret = fail_at(c, ptr, true,
					  "a base layer must be a diff_id "
					  "\"sha256:<64 lowercase hex>\"");

			free(ptr);
			return ret;
		}
		m->image.base_layers[m->image.nr_base_layers++] = xstrdup(s);
	}
	return 0;
}

static int parse_image(struct ctx *c, json_t *root, struct manifest *m)
{
	static const char *const keys[] = {
	    "name",	     "base",	     "spark_version",
	    "scala_version", "jars_dir",     "user",
	    "base_layers",   "java_version", NULL};
	json_t *img = json_object_get(root, "image");
	json_t *java;

	if (!img)
		return fail_at(c, "", true, "missing key 'image' in manifest");
	if (!json_is_object(img))
		return fail_at(c, "/image", true,
			       "'image' must be an object, not %s",
			       json_type_name(img));
	if (check_keys(c, "/image", img, keys) ||
	    get_string(c, "/image", img, "name", true, &m->image.name) ||
	    get_string(c, "/image", img, "base", true, &m->image.base) ||
	    get_string(c, "/image", img, "spark_version", true,
		       &m->image.spark_version) ||
	    get_string(c, "/image", img, "scala_version", true,
		       &m->image.scala_version) ||
	    get_string(c, "/image", img, "jars_dir", true,
		       &m->image.jars_dir) ||
	    get_string(c, "/image", img, "user", true, &m->image.user))
		return -1;
	if (!name_valid(m->image.name))
		return fail_at(c, "/image/name", true,
			       "invalid image name '%s': expected "
			       "[a-z0-9._-]+",
			       m->image.name);
	if (has_space_or_control(m->image.base))
		return fail_at(c, "/image/base", true,
			       "invalid base image reference '%s'",
			       m->image.base);
	if (parse_base_pin(c, img, m))
		return -1;
	if (!dotted_version_valid(m->image.spark_version))
		return fail_at(c, "/image/spark_version", true,
			       "invalid spark_version '%s': expected a "
			       "version such as 3.5.1",
			       m->image.spark_version);
	if (!dotted_version_valid(m->image.scala_version))
		return fail_at(c, "/image/scala_version", true,
			       "invalid scala_version '%s': expected a "
			       "binary version such as 2.12",
			       m->image.scala_version);
	if (!abs_dir_valid(m->image.jars_dir))
		return fail_at(c, "/image/jars_dir", true,
			       "jars_dir '%s' must be an absolute, normalised "
			       "directory such as /opt/spark/jars",
			       m->image.jars_dir);
	if (has_space_or_control(m->image.user))
		return fail_at(c, "/image/user", true, "invalid user '%s'",
			       m->image.user);
	java = json_object_get(img, "java_version");
	if (java) {
		if (!json_is_integer(java) || json_integer_value(java) < 8 ||
		    json_integer_value(java) > 99)
			return fail_at(c, "/image/java_version", true,
				       "invalid java_version: expected the "
				       "Java feature version of the base "
				       "image, an integer such as 11");
		m->image.java_version = (unsigned)json_integer_value(java);
	}
	return 0;
}

static int parse_sha256(struct ctx *c, const char *ptr, json_t *obj,
			char out[65], bool required)
{
	char *hex;
	char *child;
	int ret = 0;

	out[0] = '\0';
	if (get_string(c, ptr, obj, "sha256", required, &hex))
		return -1;
	if (!hex)
		return 0;
	child = xasprintf("%s/sha256", ptr);
	if (!digest_hex_valid(DIGEST_SHA256, hex))
		ret = fail_at(c, child, true,
			      "invalid sha256 '%s': expected 64 lowercase "
			      "hex digits",
			      hex);
	else
		memcpy(out, hex, 65);
	free(child);
	free(hex);
	return ret;
}

/* A Maven JAR: coordinates, URL in the repository, file name. */
static int parse_maven_jar(struct ctx *c, const char *ptr,
			   const struct manifest *m, struct manifest_jar *jar)
{
	struct error coord_error = ERROR_INIT;

	if (jar->version)
		return fail_key(c, ptr, "version", false,
				"'version' is only for url JARs: the version "
				"of '%s' is part of 'maven'",
				jar->name);
	if (maven_parse_coordinates(jar->maven, &jar->group, &jar->artifact,
				    &jar->version, &coord_error))
		return fail_key(c, ptr, "maven", true, "%s",
				coord_error.message);
	if (!m->repository)
		return fail_at(c, "", true,
			       "missing key 'repository' in manifest (needed "
			       "by Maven JAR '%s')",
			       jar->name);
	jar->url =
	    maven_url(m->repository, jar->group, jar->artifact, jar->version);
	if (!jar->file)
		jar->file = maven_file(jar->artifact, jar->version);
	return 0;
}

/* A url JAR: the URL policy, its version, a file name. */
static int parse_url_jar(struct ctx *c, const char *ptr,
			 struct manifest_jar *jar)
{
	struct error scheme_error = ERROR_INIT;

	if (url_check(jar->url, "url", URL_HTTP_LOOPBACK, &scheme_error))
		return fail_key(c, ptr, "url", true, "%s",
				scheme_error.message);
	if (!jar->version)
		return fail_at(c, ptr, true, "url JAR '%s' needs a 'version'",
			       jar->name);
	if (!version_valid(jar->version))
		return fail_key(c, ptr, "version", true,
				"invalid version '%s' for JAR '%s': expected "
				"letters, digits and . _ + - ~",
				jar->version, jar->name);
	jar->artifact = xstrdup(jar->name);
	if (!jar->file) {
		jar->file = maven_url_file(jar->url);
		if (!jar->file)
			return fail_key(c, ptr, "url", true,
					"cannot derive a file name from url "
					"'%s': add a 'file'",
					jar->url);
	}
	return 0;
}

/* The file name (given or derived) and the optional size. */
static int parse_file_and_size(struct ctx *c, const char *ptr, json_t *obj,
			       struct manifest_jar *jar)
{
	json_t *size = json_object_get(obj, "size");

	if (!maven_file_name_valid(jar->file))
		return fail_key(
		    c, ptr, json_object_get(obj, "file") ? "file" : "", true,
		    "invalid file name '%s' for JAR '%s': it must be "
		    "a plain name ending in '.jar' (no '/', no '..')",
		    jar->file, jar->name);
	if (!size)
		return 0;
	if (!json_is_integer(size) || json_integer_value(size) < 0)
		return fail_key(c, ptr, "size", true,
				"'size' must be a non-negative integer "
				"(bytes)");
	jar->has_size = true;
	jar->size = (uint64_t)json_integer_value(size);
	return 0;
}

static int parse_jar(struct ctx *c, const char *ptr, json_t *obj,
		     const struct manifest *m, struct manifest_jar *jar)
{
	static const char *const keys[] = {"name",    "maven",	 "url",
					   "version", "file",	 "sha256",
					   "size",    "purpose", NULL};

	if (!json_is_object(obj))
		return fail_at(c, ptr, true, "a JAR must be an object, not %s",
			       json_type_name(obj));
	jsonloc_find(&c->loc, ptr, true, &jar->line, &jar->column);
	if (check_keys(c, ptr, obj, keys) ||
	    get_string(c, ptr, obj, "name", true, &jar->name) ||
	    get_string(c, ptr, obj, "maven", false, &jar->maven) ||
	    get_string(c, ptr, obj, "url", false, &jar->url) ||
	    get_string(c, ptr, obj, "version", false, &jar->version) ||
	    get_string(c, ptr, obj, "file", false, &jar->file) ||
	    get_string(c, ptr, obj, "purpose", false, &jar->purpose) ||
	    parse_sha256(c, ptr, obj, jar->sha256, false))
		return -1;
	if (!name_valid(jar->name))
		return fail_key(c, ptr, "name", true,
				"invalid JAR name '%s': expected [a-z0-9._-]+",
				jar->name);
	if (!!jar->maven == !!jar->url)
		return fail_at(c, ptr, true,
			       "JAR '%s' needs exactly one of 'maven' and "
			       "'url'",
			       jar->name);
	if (jar->maven ? parse_maven_jar(c, ptr, m, jar)
		       : parse_url_jar(c, ptr, jar))
		return -1;
	return parse_file_and_size(c, ptr, obj, jar);
}

/*
 * A set of the names seen so far (open addressing, FNV-1a), so that the
 * duplicate checks stay linear for the largest manifests.
 */
struct seen {
	const char **keys;
	size_t *index;
	size_t mask;
};

static void seen_init(struct seen *s, size_t nr)
{
	size_t size = 16;

	while (size < 2 * nr)
		size *= 2;
	s->keys = xcalloc(size, sizeof(*s->keys));
	s->index = xcalloc(size, sizeof(*s->index));
	s->mask = size - 1;
}

static void seen_release(struct seen *s)
{
	free(s->keys);
	free(s->index);
}

/* Adds key (borrowed) for index i; returns the earlier index, or SIZE_MAX. */
static size_t seen_add(struct seen *s, const char *key, size_t i)
{
	uint32_t h = 2166136261u;

	for (const char *p = key; *p; p++)
		h = (h ^ (unsigned char)*p) * 16777619u;
	for (size_t k = h & s->mask;; k = (k + 1) & s->mask) {
		if (!s->keys[k]) {
			s->keys[k] = key;
			s->index[k] = i;
			return SIZE_MAX;
		}
		if (!strcmp(s->keys[k], key))
			return s->index[k];
	}
}

static int parse_jars(struct ctx *c, json_t *root, struct manifest *m)
{
	json_t *jars = json_object_get(root, "jars");
	struct seen names, files;
	size_t i;
	json_t *v;
	int ret = 0;

	if (!jars)
		return fail_at(c, "", true, "missing key 'jars' in manifest");
	if (!json_is_array(jars))
		return fail_at(c, "/jars", true,
			       "'jars' must be an array, not %s",
			       json_type_name(jars));
	if (json_array_size(jars) > 10000)
		return fail_at(c, "/jars", true, "too many JARs (over 10000)");
	m->jars = xcalloc(json_array_size(jars) ? json_array_size(jars) : 1,
			  sizeof(*m->jars));
	seen_init(&names, json_array_size(jars));
	seen_init(&files, json_array_size(jars));
	json_array_foreach(jars, i, v)
	{
		char *ptr = xasprintf("/jars/%zu", i);
		size_t name_dup, file_dup;

		ret = parse_jar(c, ptr, v, m, &m->jars[i]);
		m->nr_jars = i + 1;
		if (!ret) {
			name_dup = seen_add(&names, m->jars[i].name, i);
			file_dup = seen_add(&files, m->jars[i].file, i);
			/* The earlier JAR first, a name before a file. */
			if (name_dup != SIZE_MAX && name_dup <= file_dup)
				ret = fail_at(c, ptr, true,
					      "duplicate JAR name '%s' (also "
					      "at line %u)",
					      m->jars[i].name,
					      m->jars[name_dup].line);
			else if (file_dup != SIZE_MAX)
				ret = fail_at(c, ptr, true,
					      "duplicate file name '%s' (JARs "
					      "'%s' and '%s')",
					      m->jars[i].file,
					      m->jars[file_dup].name,
					      m->jars[i].name);
		}
		free(ptr);
		if (ret)
			break;
	}
	seen_release(&names);
	seen_release(&files);
	return ret ? -1 : 0;
}

static int parse_allowed_overlaps(struct ctx *c, json_t *root,
				  struct manifest *m)
{
	static const char *const keys[] = {"jars", "reason", NULL};
	json_t *list = json_object_get(root, "allowed_overlaps");
	size_t i;
	json_t *v;

	if (!list)
		return 0;
	if (!json_is_array(list))
		return fail_at(c, "/allowed_overlaps", true,
			       "'allowed_overlaps' must be an array");
	m->allowed_overlaps =
	    xcalloc(json_array_size(list) + 1, sizeof(*m->allowed_overlaps));
	json_array_foreach(list, i, v)
	{
		struct manifest_allowed_overlap *o = &m->allowed_overlaps[i];
		char *ptr = xasprintf("/allowed_overlaps/%zu", i);
		json_t *pair =
		    json_is_object(v) ? json_object_get(v, "jars") : NULL;
		int ret = 0;

		m->nr_allowed_overlaps = i + 1;
		if (!json_is_object(v))
			ret = fail_at(c, ptr, true,
				      "an allowed overlap must "
				      "be an object");
		else if (check_keys(c, ptr, v, keys) ||
			 get_string(c, ptr, v, "reason", true, &o->reason))
			ret = -1;
		else if (!json_is_array(pair) || json_array_size(pair) != 2 ||
			 !json_is_string(json_array_get(pair, 0)) ||
			 !json_is_string(json_array_get(pair, 1)))
			ret = fail_at(c, ptr, true,
				      "'jars' must be an array of two JAR "
				      "file names");
		if (!ret) {
			o->first =
			    xstrdup(json_string_value(json_array_get(pair, 0)));
			o->second =
			    xstrdup(json_string_value(json_array_get(pair, 1)));
		}
		free(ptr);
		if (ret)
			return -1;
	}
	return 0;
}

static int parse_base_jars(struct ctx *c, json_t *root, struct manifest *m)
{
	static const char *const keys[] = {"file", "sha256", NULL};
	json_t *list = json_object_get(root, "base_jars");
	size_t i;
	json_t *v;

	if (!list)
		return 0;
	if (!json_is_array(list))
		return fail_at(c, "/base_jars", true,
			       "'base_jars' must be an array");
	m->has_base_jars = true;
	m->base_jars =
	    xcalloc(json_array_size(list) + 1, sizeof(*m->base_jars));
	json_array_foreach(list, i, v)
	{
		struct manifest_base_jar *b = &m->base_jars[i];
		char *ptr = xasprintf("/base_jars/%zu", i);
		int ret = 0;

		m->nr_base_jars = i + 1;
		if (!json_is_object(v))
			ret = fail_at(c, ptr, true,
				      "a base JAR must be an object");
		else if (check_keys(c, ptr, v, keys) ||
			 get_string(c, ptr, v, "file", true, &b->file) ||
			 parse_sha256(c, ptr, v, b->sha256, true))
			ret = -1;
		else if (!maven_file_name_valid(b->file))
			ret =
			    fail_at(c, ptr, true,
				    "invalid base JAR file name '%s'", b->file);
		for (size_t j = 0; !ret && j < i; j++)
			if (!strcmp(m->base_jars[j].file, b->file))
				ret = fail_at(c, ptr, true,
					      "duplicate base JAR file name "
					      "'%s'",
					      b->file);
		free(ptr);
		if (ret)
			return -1;
	}
	return 0;
}

static int parse_root(struct ctx *c, json_t *root, struct manifest *m)
{
	static const char *const keys[] = {
	    "schema",		"image",     "repository", "jars",
	    "allowed_overlaps", "base_jars", NULL};
	json_t *schema;

	if (!json_is_object(root))
		return fail_at(c, "", true,
			       "the manifest must be a JSON object, not %s",
			       json_type_name(root));
	if (check_keys(c, "", root, keys))
		return -1;
	schema = json_object_get(root, "schema");
	if (!schema)
		return fail_at(c, "", true, "missing key 'schema' in manifest");
	if (!json_is_integer(schema) || json_integer_value(schema) != 1)
		return fail_at(c, "/schema", true,
			       "unsupported schema: expected 1");
	if (parse_image(c, root, m) ||
	    get_string(c, "", root, "repository", false, &m->repository))
		return -1;
	if (m->repository) {
		struct error scheme_error = ERROR_INIT;
		size_t len = strlen(m->repository);

		if (url_check(m->repository, "repository", URL_HTTP_LOOPBACK,
			      &scheme_error))
			return fail_at(c, "/repository", true, "%s",
				       scheme_error.message);
		while (len > 1 && m->repository[len - 1] == '/')
			m->repository[--len] = '\0';
	}
	return parse_jars(c, root, m) || parse_allowed_overlaps(c, root, m) ||
		       parse_base_jars(c, root, m)
		   ? -1
		   : 0;
}

/*
 * jansson reports a duplicate key just after it; point at its opening
 * quote instead, where an editor should take the user.
 */
static int json_syntax_error(const char *path, const char *text, size_t len,
			     const json_error_t *jerr, struct error *e)
{
	size_t pos = jerr->position > 0 ? (size_t)jerr->position : 0;
	unsigned line = jerr->line > 0 ? (unsigned)jerr->line : 1;
	unsigned column = jerr->column > 0 ? (unsigned)jerr->column : 1;
	size_t close;

	if (strstr(jerr->text, "duplicate object key") && pos <= len) {
		while (pos > 0 && text[pos - 1] != '"')
			pos--;
		close = pos ? pos - 1 : 0;
		pos = close;
		while (pos > 0 && !(text[pos - 1] == '"' &&
				    (pos < 2 || text[pos - 2] != '\\')))
			pos--;
		if (pos > 0 && close > pos) {
			jsonloc_line_column(text, pos - 1, &line, &column);
			return err_set_at(e, path, line, column,
					  "duplicate key '%.*s'",
					  (int)(close - pos), text + pos);
		}
	}
	return err_set_at(e, path, line, column, "invalid JSON: %s",
			  jerr->text);
}

int manifest_parse(struct manifest *m, const char *path, const char *text,
		   size_t len, struct error *e)
{
	struct ctx c = {.path = path, .e = e};
	json_error_t jerr;
	json_t *root;
	int ret;

	memset(m, 0, sizeof(*m));
	m->path = xstrdup(path);
	digest_buffer(DIGEST_SHA256, text, len, m->sha256);
	if (len > MANIFEST_MAX_BYTES)
		return err_set_at(e, path, 0, 0,
				  "manifest is larger than %u bytes",
				  MANIFEST_MAX_BYTES);
	if (len >= 3 && !memcmp(text, "\xef\xbb\xbf", 3))
		return err_set_at(e, path, 1, 1,
				  "manifest starts with a byte order mark: "
				  "expected JSON (UTF-8 without BOM)");
	root = json_loadb(text, len, JSON_REJECT_DUPLICATES, &jerr);
	if (!root)
		return json_syntax_error(path, text, len, &jerr, e);
	jsonloc_init(&c.loc, text, len);
	ret = parse_root(&c, root, m);
	jsonloc_release(&c.loc);
	json_decref(root);
	return ret;
}

int manifest_load(struct manifest *m, const char *path, struct error *e)
{
	char *buf = NULL;
	size_t len = 0, alloc = 0;
	ssize_t n;
	int ret;
	int fd = open(path, O_RDONLY | O_CLOEXEC);

	memset(m, 0, sizeof(*m));
	if (fd < 0)
		return err_set_errno(e, EXIT_USAGE, "cannot open manifest '%s'",
				     path);
	for (;;) {
		if (len + 65536 > alloc)
			XGROW(buf, len + 65536, alloc);
		n = read(fd, buf + len, alloc - len);
		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0)
			break;
		len += (size_t)n;
		if (len > MANIFEST_MAX_BYTES)
			break;
	}
	if (n < 0) {
		err_set_errno(e, EXIT_USAGE, "cannot read manifest '%s'", path);
		free(buf);
		close(fd);
		return -1;
	}
	close(fd);
	ret = manifest_parse(m, path, buf, len, e);
	free(buf);
	return ret;
}

void manifest_release(struct manifest *m)
{
	for (size_t i = 0; i < m->nr_jars; i++) {
		struct manifest_jar *j = &m->jars[i];

		free(j->name);
		free(j->maven);
		free(j->group);
		free(j->artifact);
		free(j->version);
		free(j->url);
		free(j->file);
		free(j->purpose);
	}
	free(m->jars);
	for (size_t i = 0; i < m->nr_allowed_overlaps; i++) {
		free(m->allowed_overlaps[i].first);
		free(m->allowed_overlaps[i].second);
		free(m->allowed_overlaps[i].reason);
	}
	free(m->allowed_overlaps);
	for (size_t i = 0; i < m->nr_base_jars; i++)
		free(m->base_jars[i].file);
	free(m->base_jars);
	free(m->path);
	free(m->repository);
	free(m->image.name);
	for (size_t i = 0; i < m->image.nr_base_layers; i++)
		free(m->image.base_layers[i]);
	free(m->image.base_layers);
	free(m->image.base);
	free(m->image.spark_version);
	free(m->image.scala_version);
	free(m->image.jars_dir);
	free(m->image.user);
	memset(m, 0, sizeof(*m));
}

const struct manifest_jar *manifest_find_jar(const struct manifest *m,
					     const char *name)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!strcmp(m->jars[i].name, name))
			return &m->jars[i];
	return NULL;
}
