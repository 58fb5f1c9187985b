#include "verify/verify.h"

#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "fetch/dockerfile.h"
#include "core/xalloc.h"

static const char *const status_names[VERIFY_NR_STATUS] = {
    [VERIFY_OK] = "ok",
    [VERIFY_MISSING] = "missing",
    [VERIFY_MISMATCH] = "mismatch",
    [VERIFY_UNPINNED] = "unpinned",
    [VERIFY_STALE] = "stale",
    [VERIFY_INCOMPATIBLE] = "incompatible",
    [VERIFY_DUPLICATE] = "duplicate",
    [VERIFY_BASE] = "base",
    [VERIFY_BASE_OK] = "base-ok",
    [VERIFY_BASE_MISSING] = "base-missing",
    [VERIFY_BASE_MISMATCH] = "base-mismatch",
    [VERIFY_UNEXPECTED] = "unexpected",
    [VERIFY_INVALID] = "invalid",
};

const char *verify_status_name(enum verify_status s)
{
	return (unsigned)s < VERIFY_NR_STATUS ? status_names[s] : "?";
}

bool verify_status_failed(enum verify_status s)
{
	return s != VERIFY_OK && s != VERIFY_BASE && s != VERIFY_BASE_OK;
}

void verify_report_release(struct verify_report *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		free(r->entries[i].path);
		free(r->entries[i].group);
		free(r->entries[i].artifact);
		free(r->entries[i].version);
	}
	free(r->entries);
	free(r->java_source);
	findings_release(&r->findings);
	memset(r, 0, sizeof(*r));
}

bool verify_failed(const struct verify_report *r)
{
	return findings_count(&r->findings, SEVERITY_ERROR) > 0;
}

/* ---- names ---- */

/* A version segment that is a word, as in "log4j-1.2-api-2.20.0". */
static bool is_word(const char *s, size_t len)
{
	if (len < 2)
		return false;
	for (size_t i = 0; i < len; i++)
		if (!islower((unsigned char)s[i]))
			return false;
	return true;
}

/*
 * Whether v (up to end) reads as a version: no Scala suffix (that belongs
 * to the artifact: "runtime-3.5_2.12") and, when strict, no word segment
 * before the last one.
 */
static bool version_like(const char *v, const char *end, bool strict)
{
	const char *seg = v;
	char *copy = xstrndup(v, (size_t)(end - v)), scala[8];
	bool has_scala = verify_scala_suffix(copy, scala);

	free(copy);
	if (has_scala)
		return false;
	if (!strict)
		return true;
	for (const char *p = v; p <= end; p++) {
		if (p < end && *p != '-')
			continue;
		if (p < end && is_word(seg, (size_t)(p - seg)))
			return false;
		seg = p + 1;
	}
	return true;
}

bool verify_split_file_name(const char *file, char **artifact, char **version)
{
	size_t len = strlen(file);
	const char *end;

	*artifact = *version = NULL;
	if (len < 5 || strcmp(file + len - 4, ".jar"))
		return false;
	end = file + len - 4;
	for (int strict = 1; strict >= 0; strict--) {
		for (const char *p = file + 1; p < end - 1; p++) {
			if (*p != '-' || !isdigit((unsigned char)p[1]))
				continue;
			if (!version_like(p + 1, end, strict))
				continue;
			*artifact = xstrndup(file, (size_t)(p - file));
			*version = xstrndup(p + 1, (size_t)(end - p - 1));
			return true;
		}
	}
	return false;
}

bool verify_scala_suffix(const char *artifact, char out[8])
{
	/* The last "_2.NN" or "_3" that ends the artifact or a part of it
	 * ("iceberg-spark-runtime-3.5_2.12", "kafka_2.13"). */
	const char *found = NULL;
	size_t found_len = 0;

	for (const char *p = strchr(artifact, '_'); p; p = strchr(p + 1, '_')) {
		const char *v = p + 1;
		size_t n = 0;

		if (v[0] == '2' && v[1] == '.' &&
		    isdigit((unsigned char)v[2])) {
			n = 3;
			while (isdigit((unsigned char)v[n]) && n < 5)
				n++;
		} else if (v[0] == '3') {
			n = 1;
		}
		if (n && (v[n] == '\0' || v[n] == '-')) {
			found = v;
			found_len = n;
		}
	}
	if (!found)
		return false;
	memcpy(out, found, found_len);
	out[found_len] = '\0';
	return true;
}

const struct jar_pom *verify_own_pom(const char *file,
				     const struct jar_info *jar)
{
	const struct jar_pom *best = NULL;
	size_t best_len = 0;

	if (!jar)
		return NULL;
	for (size_t i = 0; i < jar->nr_poms; i++) {
		const struct jar_pom *p = &jar->poms[i];
		size_t n = strlen(p->artifact);

		if (!n || strncmp(file, p->artifact, n) ||
		    (file[n] != '-' && strcmp(file + n, ".jar")))
			continue;
		if (n > best_len) {
			best = p;
			best_len = n;
		}
	}
	return best;
}

/* ---- the checks ---- */

const char *verify_base_name(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static struct verify_entry *add_entry(struct verify_report *r, const char *path)
{
	struct verify_entry *e;

	XGROW(r->entries, r->nr + 1, r->alloc);
	e = &r->entries[r->nr++];
	memset(e, 0, sizeof(*e));
	e->path = xstrdup(path);
	e->file = verify_base_name(e->path);
	return e;
}

static char *dup_or_null(const char *s)
{
	return s && *s ? xstrdup(s) : NULL;
}

/* Coordinates of a file that the manifest does not name. */
static void guess_coordinates(struct verify_entry *e)
{
	const struct jar_pom *own = verify_own_pom(e->file, e->jar);

	if (own) {
		e->group = dup_or_null(own->group);
		e->artifact = dup_or_null(own->artifact);
		e->version = dup_or_null(own->version);
		return;
	}
	verify_split_file_name(e->file, &e->artifact, &e->version);
}

static bool str_eq(const char *a, const char *b)
{
	return a && b && !strcmp(a, b);
}

/* v is want, or a release of it when want is shorter ("3.5.1" in "3.5"). */
static bool version_within(const char *v, const char *want)
{
	size_t n = strlen(want);

	return !strncmp(v, want, n) && (v[n] == '\0' || v[n] == '.');
}

/* "3.5" of "3.5.1". */
static size_t major_minor_len(const char *v)
{
	const char *dot = strchr(v, '.');

	if (!dot)
		return strlen(v);
	dot = strchr(dot + 1, '.');
	return dot ? (size_t)(dot - v) : strlen(v);
}

/* Whether e does not fit the image's Scala and Spark versions; why. */
static bool incompatible_artifact(const struct manifest *m,
				  const struct verify_entry *e,
				  const char *artifact, char *why, size_t n);

static bool incompatible(const struct manifest *m, const struct verify_entry *e,
			 char *why, size_t n)
{
	/* Without coordinates, the file name less ".jar". */
	size_t len = strlen(e->file);
	char *stem =
	    e->artifact ? NULL : xstrndup(e->file, len > 4 ? len - 4 : len);
	bool bad = incompatible_artifact(m, e, e->artifact ? e->artifact : stem,
					 why, n);

	free(stem);
	return bad;
}

static bool incompatible_artifact(const struct manifest *m,
				  const struct verify_entry *e,
				  const char *artifact, char *why, size_t n)
{
	const char *scala = m->image.scala_version;
	const char *spark = m->image.spark_version;
	char suffix[8];
	size_t mm;

	if (scala && verify_scala_suffix(artifact, suffix) &&
	    strcmp(suffix, scala)) {
		snprintf(why, n, "built for Scala %s, the image has Scala %s",
			 suffix, scala);
		return true;
	}
	if (scala && e->version &&
	    (str_eq(artifact, "scala-library") ||
	     str_eq(artifact, "scala-reflect") ||
	     str_eq(artifact, "scala-compiler")) &&
	    (strncmp(e->version, scala, strlen(scala)) ||
	     e->version[strlen(scala)] != '.')) {
		snprintf(why, n, "Scala %s, the image has Scala %s", e->version,
			 scala);
		return true;
	}
	if (!spark)
		return false;
	/* A Spark module: spark-*_2.12 of org.apache.spark. */
	if (!strncmp(artifact, "spark-", 6) &&
	    verify_scala_suffix(artifact, suffix) && e->version &&
	    (!e->group || !strcmp(e->group, "org.apache.spark")) &&
	    !version_within(e->version, spark)) {
		snprintf(why, n,
			 "Spark module of Spark %s, the image has Spark %s",
			 e->version, spark);
		return true;
	}
	/* A runtime for one Spark line: "iceberg-spark-runtime-3.4_2.12". */
	mm = major_minor_len(spark);
	if (strstr(artifact, "spark")) {
		for (const char *p = strchr(artifact, '-'); p;
		     p = strchr(p + 1, '-')) {
			const char *v = p + 1;
			size_t k = 0;

			while (isdigit((unsigned char)v[k]) || v[k] == '.')
				k++;
			if (!k || v[k] != '_' || !memchr(v, '.', k))
				continue;
			if (k != mm || strncmp(v, spark, mm)) {
				snprintf(why, n,
					 "built for Spark %.*s, the image has "
					 "Spark %s",
					 (int)k, v, spark);
				return true;
			}
		}
	}
	return false;
}

static const struct manifest_base_jar *find_base_jar(const struct manifest *m,
						     const char *file)
{
	for (size_t i = 0; i < m->nr_base_jars; i++)
		if (!strcmp(m->base_jars[i].file, file))
			return &m->base_jars[i];
	return NULL;
}

static const struct verify_file *find_file(const struct verify_file *files,
					   size_t nr, const char *name)
{
	for (size_t i = 0; i < nr; i++)
		if (!strcmp(verify_base_name(files[i].path), name))
			return &files[i];
	return NULL;
}

char *verify_join_path(const char *dir, const char *file)
{
	size_t n = strlen(dir);

	while (n > 1 && dir[n - 1] == '/')
		n--;
	return xasprintf("%.*s/%s", (int)n, dir, file);
}

static void set_status(struct verify_entry *e, enum verify_status s)
{
	/* The first failure names the line; later ones are findings. */
	if (!verify_status_failed(e->status))
		e->status = s;
}

static void check_readable(struct verify_entry *e, const struct verify_file *f,
			   struct verify_report *r)
{
	if (f->jar)
		return;
	set_status(e, VERIFY_INVALID);
	if (!f->sha256[0])
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "invalid",
			     "'%s' is a symbolic link to no JAR the image "
			     "holds (dangling, looping, or to a file not "
			     "named .jar)",
			     e->file);
	else
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "invalid", "'%s' is not a readable JAR (zip)",
			     e->file);
}

static void check_manifest_jar(const struct manifest *m,
			       const struct manifest_jar *j,
			       const struct verify_file *f,
			       struct verify_report *r)
{
	char *path =
	    f ? xstrdup(f->path) : verify_join_path(m->image.jars_dir, j->file);
	struct verify_entry *e = add_entry(r, path);
	char why[256];

	free(path);
	e->mjar = j;
	e->group = dup_or_null(j->group);
	e->artifact = dup_or_null(j->artifact);
	e->version = dup_or_null(j->version);
	if (!f) {
		e->status = VERIFY_MISSING;
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "missing", "'%s' (%s %s) is not in the image",
			     j->file, j->name, j->version);
		return;
	}
	e->present = true;
	e->jar = f->jar;
	e->size = f->size;
	snprintf(e->sha256, sizeof(e->sha256), "%s", f->sha256);
	e->status = VERIFY_OK;
	if (!f->sha256[0]) {
		/* Nothing read: no hash to compare. */
		check_readable(e, f, r);
		return;
	}
	if (!j->sha256[0]) {
		e->status = VERIFY_UNPINNED;
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "unpinned",
			     "'%s' has no pinned sha256 in the manifest: run "
			     "'jarbake lock'",
			     j->name);
	} else if (strcmp(j->sha256, f->sha256)) {
		const struct jar_pom *own = verify_own_pom(e->file, e->jar);

		e->status = VERIFY_MISMATCH;
		if (own && own->version && !str_eq(own->version, j->version))
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "mismatch",
				     "sha256 %s, the manifest pins %s for "
				     "'%s' %s; the JAR's pom.properties says "
				     "version %s",
				     f->sha256, j->sha256, j->name, j->version,
				     own->version);
		else
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "mismatch",
				     "sha256 %s, the manifest pins %s for '%s'",
				     f->sha256, j->sha256, j->name);
		/* Other bytes than pinned: describe what is there (the
		 * SBOM must not put the pinned version on them). */
		if (own) {
			free(e->group);
			free(e->artifact);
			free(e->version);
			e->group = dup_or_null(own->group);
			e->artifact = dup_or_null(own->artifact);
			e->version = dup_or_null(own->version);
		}
	} else if (j->has_size && j->size != f->size) {
		e->status = VERIFY_MISMATCH;
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "mismatch",
			     "size %llu bytes, the manifest pins %llu for '%s'",
			     (unsigned long long)f->size,
			     (unsigned long long)j->size, j->name);
	}
	if (incompatible(m, e, why, sizeof(why))) {
		set_status(e, VERIFY_INCOMPATIBLE);
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "incompatible", "%s", why);
	}
	check_readable(e, f, r);
}

/* The manifest JAR that e is another version or copy of, if any. */
static const struct manifest_jar *same_artifact(const struct manifest *m,
						const struct verify_entry *e)
{
	if (!e->artifact)
		return NULL;
	for (size_t i = 0; i < m->nr_jars; i++) {
		const struct manifest_jar *j = &m->jars[i];
		char *a = NULL, *v = NULL;
		bool same;

		/* url JARs: the artifact is the name; their file name may
		 * say more ("agent-1.0.jar"). */
		same = str_eq(j->artifact, e->artifact);
		if (!same && !j->group &&
		    verify_split_file_name(j->file, &a, &v))
			same = str_eq(a, e->artifact);
		free(a);
		free(v);
		if (!same)
			continue;
		if (e->group && j->group && strcmp(e->group, j->group))
			continue;
		return j;
	}
	return NULL;
}

static void check_other_file(const struct manifest *m,
			     const struct verify_file *f,
			     struct verify_report *r)
{
	struct verify_entry *e = add_entry(r, f->path);
	const struct manifest_jar *j;
	char why[256];

	e->present = true;
	e->jar = f->jar;
	e->size = f->size;
	snprintf(e->sha256, sizeof(e->sha256), "%s", f->sha256);
	guess_coordinates(e);
	e->status = VERIFY_BASE;

	for (size_t i = 0; i < m->nr_jars; i++) {
		j = &m->jars[i];
		if (j->sha256[0] && !strcmp(j->sha256, f->sha256)) {
			set_status(e, VERIFY_DUPLICATE);
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "duplicate",
				     "a second copy of '%s' (%s)", j->file,
				     j->name);
			break;
		}
	}
	j = same_artifact(m, e);
	if (j && e->status != VERIFY_DUPLICATE) {
		if (e->version && str_eq(e->version, j->version)) {
			set_status(e, VERIFY_DUPLICATE);
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "duplicate",
				     "%s %s again, besides '%s'", j->name,
				     j->version, j->file);
		} else {
			set_status(e, VERIFY_STALE);
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "stale",
				     "%s %s left beside '%s' (the manifest "
				     "has %s)",
				     j->name, e->version ? e->version : "?",
				     j->file, j->version);
		}
	}
	if (incompatible(m, e, why, sizeof(why))) {
		set_status(e, VERIFY_INCOMPATIBLE);
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "incompatible", "%s", why);
	}
	check_readable(e, f, r);
	if (m->has_base_jars) {
		const struct manifest_base_jar *b = find_base_jar(m, e->file);

		/* A JAR already failed as stale, duplicate, incompatible or
		 * invalid is not also "unexpected": one JAR, one finding. */
		if (!b && verify_status_failed(e->status)) {
			/* reported above */
		} else if (!b) {
			set_status(e, VERIFY_UNEXPECTED);
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "unexpected",
				     "'%s' is neither in the manifest nor in "
				     "its base_jars",
				     e->file);
		} else if (f->sha256[0] && strcmp(b->sha256, f->sha256)) {
			set_status(e, VERIFY_BASE_MISMATCH);
			findings_add(&r->findings, e->path, 0, 0,
				     SEVERITY_ERROR, "base-mismatch",
				     "sha256 %s, base_jars pins %s", f->sha256,
				     b->sha256);
		} else if (e->status == VERIFY_BASE) {
			e->status = VERIFY_BASE_OK;
		}
	}
}

static int entry_cmp(const void *a, const void *b)
{
	const struct verify_entry *x = a, *y = b;

	return strcmp(x->path, y->path);
}

void verify_jars(const struct manifest *m, const struct verify_file *files,
		 size_t nr, struct verify_report *r)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		check_manifest_jar(m, &m->jars[i],
				   find_file(files, nr, m->jars[i].file), r);
	for (size_t i = 0; i < nr; i++) {
		const char *name = verify_base_name(files[i].path);
		bool named = false;

		for (size_t k = 0; k < m->nr_jars && !named; k++)
			named = !strcmp(m->jars[k].file, name);
		if (!named)
			check_other_file(m, &files[i], r);
	}
	for (size_t i = 0; m->has_base_jars && i < m->nr_base_jars; i++) {
		const struct manifest_base_jar *b = &m->base_jars[i];
		char *path;
		struct verify_entry *e;

		if (find_file(files, nr, b->file))
			continue;
		path = verify_join_path(m->image.jars_dir, b->file);
		e = add_entry(r, path);
		free(path);
		e->status = VERIFY_BASE_MISSING;
		verify_split_file_name(e->file, &e->artifact, &e->version);
		findings_add(&r->findings, e->path, 0, 0, SEVERITY_ERROR,
			     "base-missing",
			     "'%s' of base_jars is not in the image", b->file);
	}
	if (r->nr > 1)
		qsort(r->entries, r->nr, sizeof(*r->entries), entry_cmp);
	memset(r->counts, 0, sizeof(r->counts));
	for (size_t i = 0; i < r->nr; i++)
		r->counts[r->entries[i].status]++;
}

void verify_label(const struct manifest *m, const char *value,
		  const char *origin, struct verify_report *r)
{
	static const char key[] = DOCKERFILE_LABEL_MANIFEST;

	if (!value) {
		findings_add(&r->findings, origin, 0, 0, SEVERITY_NOTE, "label",
			     "no label '%s': the image was not built from a "
			     "'jarbake dockerfile'",
			     key);
		return;
	}
	if (strcmp(value, m->sha256))
		findings_add(&r->findings, origin, 0, 0, SEVERITY_ERROR,
			     "label",
			     "label '%s' is '%s', but '%s' has sha256 %s: the "
			     "image was built from another manifest",
			     key, value, m->path, m->sha256);
}
