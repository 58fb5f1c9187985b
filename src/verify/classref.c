/* Classes named by configuration, looked up in a class path. */
#include "verify/classref.h"

#include <ctype.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/strbuf.h"
#include "core/xalloc.h"

/*
 * The class-valued keys. A value that is no class name ("rest", "hive",
 * "sort", "lz4") is a short name the key also accepts and is not checked.
 */
static const struct classref_key keys[] = {
    {"spark.extraListeners", "SparkListener", true},
    {"spark.sql.queryExecutionListeners", "QueryExecutionListener", true},
    {"spark.sql.streaming.streamingQueryListeners", "StreamingQueryListener",
     true},
    {"spark.sql.extensions", "SparkSessionExtensions configurator", true},
    {"spark.sql.catalog.NAME", "CatalogPlugin", false},
    {"spark.sql.catalog.NAME.catalog-impl", "Iceberg Catalog", false},
    {"spark.sql.catalog.NAME.io-impl", "Iceberg FileIO", false},
    {"spark.sql.catalog.NAME.lock-impl", "Iceberg LockManager", false},
    {"spark.sql.catalog.NAME.metrics-reporter-impl", "Iceberg MetricsReporter",
     false},
    {"spark.sql.catalog.NAME.client.factory", "Iceberg AwsClientFactory",
     false},
    {"spark.plugins", "SparkPlugin", true},
    {"spark.driver.plugins", "DriverPlugin", true},
    {"spark.executor.plugins", "ExecutorPlugin", true},
    {"spark.serializer", "Serializer", false},
    {"spark.kryo.registrator", "KryoRegistrator", true},
    {"spark.kryo.classesToRegister", "class registered with Kryo", true},
    {"spark.shuffle.manager", "ShuffleManager", false},
    {"spark.shuffle.sort.io.plugin.class", "ShuffleDataIO", false},
    {"spark.io.compression.codec", "CompressionCodec", false},
    {"spark.ui.filters", "servlet Filter", true},
    {"spark.sql.sources.commitProtocolClass", "FileCommitProtocol", false},
    {"spark.sql.parquet.output.committer.class", "OutputCommitter", false},
    {"spark.sql.streaming.stateStore.providerClass", "StateStoreProvider",
     false},
    {"spark.openlineage.transport.auth.type", "OpenLineage TokenProvider",
     false},
    {"spark.openlineage.transport.transports.NAME.auth.type",
     "OpenLineage TokenProvider", false},
    {"spark.metrics.conf.NAME.sink.NAME.class", "metrics Sink", false},
    {"spark.metrics.conf.NAME.source.NAME.class", "metrics Source", false},
    {"spark.hadoop.fs.NAME.impl", "Hadoop FileSystem", false},
    {"spark.hadoop.fs.s3a.aws.credentials.provider", "AWS credentials provider",
     true},
};

const struct classref_key *classref_keys(size_t *nr)
{
	*nr = sizeof(keys) / sizeof(*keys);
	return keys;
}

/* key (len bytes) against pattern: NAME matches one non-empty segment. */
static bool pattern_match(const char *pattern, const char *key, size_t len)
{
	const char *k = key, *end = key + len, *p = pattern;

	while (*p) {
		const char *pdot = strchr(p, '.');
		size_t plen = pdot ? (size_t)(pdot - p) : strlen(p);
		const char *kdot = memchr(k, '.', (size_t)(end - k));
		size_t klen = kdot ? (size_t)(kdot - k) : (size_t)(end - k);

		if (k > end || !klen)
			return false;
		if (!(plen == 4 && !memcmp(p, "NAME", 4)) &&
		    (plen != klen || memcmp(p, k, klen)))
			return false;
		p += plen;
		k += klen;
		if (*p) { /* a dot: the key needs one too */
			if (k == end)
				return false;
			p++;
			k++;
		}
	}
	return k == end;
}

const struct classref_key *classref_match(const char *key, size_t len)
{
	for (size_t i = 0; i < sizeof(keys) / sizeof(*keys); i++)
		if (pattern_match(keys[i].pattern, key, len))
			return &keys[i];
	return NULL;
}

static bool ident_start(unsigned char c)
{
	return isalpha(c) || c == '_' || c == '$' || c >= 0x80;
}

static bool ident_char(unsigned char c)
{
	return ident_start(c) || isdigit(c);
}

bool classref_is_class_name(const char *s, size_t len)
{
	size_t segments = 0;

	for (size_t i = 0; i < len;) {
		size_t start = i;

		if (!ident_start((unsigned char)s[i]))
			return false;
		while (i < len && ident_char((unsigned char)s[i]))
			i++;
		if (i == start)
			return false;
		segments++;
		if (i < len) {
			if (s[i] != '.' || i + 1 == len)
				return false;
			i++;
		}
	}
	return segments >= 2;
}

bool classref_is_jdk(const char *name)
{
	static const char *const prefixes[] = {"java.", "javax.", "jdk.",
					       "sun."};

	for (size_t i = 0; i < sizeof(prefixes) / sizeof(*prefixes); i++)
		if (!strncmp(name, prefixes[i], strlen(prefixes[i])))
			return true;
	return false;
}

/* ---- the class path ---- */

void classpath_add(struct classpath *cp, const char *jar_name,
		   const struct jar_info *jar)
{
	if (!jar)
		return;
	for (size_t i = 0; i < jar->nr_classes; i++) {
		if (jar_entry_versioned(jar->classes[i].name,
					strlen(jar->classes[i].name)))
			continue;
		XGROW(cp->items, cp->nr + 1, cp->alloc);
		cp->items[cp->nr].name = jar->classes[i].name;
		cp->items[cp->nr].jar = jar_name;
		cp->nr++;
	}
	cp->sorted = false;
}

void classpath_release(struct classpath *cp)
{
	free(cp->items);
	memset(cp, 0, sizeof(*cp));
}

static int entry_cmp(const void *a, const void *b)
{
	const struct classpath_entry *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	return c ? c : strcmp(x->jar, y->jar);
}

static void classpath_sort(struct classpath *cp)
{
	if (cp->sorted)
		return;
	if (cp->nr)
		qsort(cp->items, cp->nr, sizeof(*cp->items), entry_cmp);
	cp->sorted = true;
}

/* "a.b.C" as the zip entry "a/b/C.class"; the caller frees. */
static char *entry_name(const char *class_name)
{
	char *s = xasprintf("%s.class", class_name);

	for (char *p = s; *p && strcmp(p, ".class"); p++)
		if (*p == '.')
			*p = '/';
	return s;
}

static int find_cmp(const void *key, const void *elem)
{
	const struct classpath_entry *e = elem;

	return strcmp(key, e->name);
}

const struct classpath_entry *classpath_find(struct classpath *cp,
					     const char *class_name)
{
	char *name = entry_name(class_name);
	const struct classpath_entry *e;

	classpath_sort(cp);
	e = cp->nr
		? bsearch(name, cp->items, cp->nr, sizeof(*cp->items), find_cmp)
		: NULL;
	/* bsearch may land on any JAR of several: take the first. */
	while (e && e > cp->items && !strcmp(e[-1].name, name))
		e--;
	free(name);
	return e;
}

/* ---- the nearest name ---- */

#define DIST_MAX_LEN 256
#define DIST_FAR 1000u

/* Levenshtein distance of a and b, or DIST_FAR when above bound. */
static unsigned edit_distance(const char *a, size_t la, const char *b,
			      size_t lb, unsigned bound)
{
	unsigned row[DIST_MAX_LEN + 1];

	if (la > DIST_MAX_LEN || lb > DIST_MAX_LEN)
		return DIST_FAR;
	if ((la > lb ? la - lb : lb - la) > bound)
		return DIST_FAR;
	for (size_t j = 0; j <= lb; j++)
		row[j] = (unsigned)j;
	for (size_t i = 1; i <= la; i++) {
		unsigned diag = row[0], best;

		row[0] = (unsigned)i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			unsigned up = row[j];
			unsigned v = diag + (a[i - 1] != b[j - 1]);

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			diag = up;
			row[j] = v;
			if (v < best)
				best = v;
		}
		if (best > bound)
			return DIST_FAR;
	}
	return row[lb] <= bound ? row[lb] : DIST_FAR;
}

const struct classpath_entry *classpath_nearest(struct classpath *cp,
						const char *class_name)
{
	char *want = entry_name(class_name);
	size_t want_len = strlen(want) - 6; /* without ".class" */
	const char *want_simple = strrchr(want, '/');
	size_t simple_len;
	unsigned bound, best_simple = DIST_FAR, best_full = DIST_FAR;
	const struct classpath_entry *best = NULL;

	want_simple = want_simple ? want_simple + 1 : want;
	simple_len = (size_t)(want + want_len - want_simple);
	/* One typo in four letters, at most three. */
	bound = (unsigned)(simple_len / 4);
	if (bound > 3)
		bound = 3;
	if (bound < 1)
		bound = 1;
	for (size_t i = 0; i < cp->nr; i++) {
		const char *name = cp->items[i].name;
		size_t len = strlen(name) - 6;
		const char *simple = strrchr(name, '/');
		size_t slen;
		unsigned ds, df;

		simple = simple ? simple + 1 : name;
		slen = (size_t)(name + len - simple);
		/* Inner and anonymous classes only for an inner name. */
		if (memchr(simple, '$', slen) &&
		    !memchr(want_simple, '$', simple_len))
			continue;
		ds =
		    edit_distance(want_simple, simple_len, simple, slen, bound);
		if (ds == DIST_FAR || ds > best_simple)
			continue;
		df = edit_distance(want, want_len, name, len, 64);
		if (ds < best_simple || df < best_full) {
			best = &cp->items[i];
			best_simple = ds;
			best_full = df;
		}
	}
	free(want);
	return best;
}

/* ---- the check ---- */

/* The binary name of a zip entry "a/b/C.class": "a.b.C"; caller frees. */
static char *class_of(const char *entry)
{
	size_t n = strlen(entry);
	char *s = xstrndup(entry, n > 6 ? n - 6 : n);

	for (char *p = s; *p; p++)
		if (*p == '/')
			*p = '.';
	return s;
}

static size_t check_one(struct classpath *cp, const struct classref_setting *s,
			const char *item, size_t len, struct findings *out)
{
	char *name;
	const struct classpath_entry *near;

	if (!classref_is_class_name(item, len))
		return 0;
	name = xstrndup(item, len);
	if (classref_is_jdk(name) || classpath_find(cp, name)) {
		free(name);
		return 0;
	}
	near = classpath_nearest(cp, name);
	if (near) {
		char *c = class_of(near->name);

		findings_add(out, s->file, s->line, s->col, SEVERITY_ERROR,
			     "class-not-found",
			     "'%s' names class '%s', which no JAR of the "
			     "class path provides; nearest: '%s' in '%s'",
			     s->key, name, c, near->jar);
		free(c);
	} else {
		findings_add(out, s->file, s->line, s->col, SEVERITY_ERROR,
			     "class-not-found",
			     "'%s' names class '%s', which no JAR of the "
			     "class path provides",
			     s->key, name);
	}
	free(name);
	return 1;
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

size_t classref_check(struct classpath *cp, const struct classref_setting *s,
		      struct findings *out)
{
	const struct classref_key *row = classref_match(s->key, strlen(s->key));
	const char *p = s->value, *end;
	size_t found = 0;

	if (!row || !p)
		return 0;
	end = p + strlen(p);
	while (p < end) {
		const char *comma =
		    row->list ? memchr(p, ',', (size_t)(end - p)) : NULL;
		const char *item_end = comma ? comma : end;
		const char *a = p, *b = item_end;

		while (a < b && is_blank(*a))
			a++;
		while (b > a && is_blank(b[-1]))
			b--;
		if (b > a)
			found += check_one(cp, s, a, (size_t)(b - a), out);
		p = comma ? comma + 1 : end;
	}
	return found;
}
