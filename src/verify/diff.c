/* What changed between two JAR sets: per JAR, classes, conflicts. */
#include "verify/diff.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "core/digest.h"
#include "core/xalloc.h"
#include "image/image_remote.h"
#include "jar/classes.h"
#include "verify/verify.h"

/* Most JARs in one directory read by diff. */
#define JARSET_MAX_FILES 100000

static const char *const kind_names[] = {
    [DIFF_UNCHANGED] = "unchanged", [DIFF_ADDED] = "added",
    [DIFF_REMOVED] = "removed",	    [DIFF_VERSION] = "version",
    [DIFF_BYTES] = "bytes",
};

const char *diff_kind_name(enum diff_kind k)
{
	return (unsigned)k <= DIFF_BYTES ? kind_names[k] : "?";
}

/* ---- the two sides ---- */

static bool exists_in(const char *dir, const char *name)
{
	char *p = verify_join_path(dir, name);
	struct stat st;
	bool found = !stat(p, &st);

	free(p);
	return found;
}

bool jarset_is_jar_dir(const char *source)
{
	struct stat st;

	return !stat(source, &st) && S_ISDIR(st.st_mode) &&
	       !exists_in(source, "oci-layout") &&
	       !exists_in(source, "index.json") &&
	       !exists_in(source, "manifest.json");
}

/* Identity and version from the JAR's own pom.properties, else its name. */
static void identify(struct jarset_item *it)
{
	const struct jar_pom *own = verify_own_pom(it->file, it->jar);
	char *artifact = NULL, *version = NULL;

	if (own && *own->artifact) {
		it->key = *own->group
			      ? xasprintf("%s:%s", own->group, own->artifact)
			      : xstrdup(own->artifact);
		it->version = *own->version ? xstrdup(own->version) : NULL;
		return;
	}
	if (verify_split_file_name(it->file, &artifact, &version)) {
		it->key = artifact;
		it->version = version;
		return;
	}
	it->key = xstrdup(it->file);
	it->version = NULL;
}

static int item_cmp(const void *a, const void *b)
{
	const struct jarset_item *x = a, *y = b;

	return strcmp(x->file, y->file);
}

static int read_dir(const char *dir, struct jarset *s, struct error *e)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	size_t alloc = 0;
	char **names = NULL;
	size_t nr = 0;
	int ret = 0;

	if (!d)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", dir);
	while ((de = readdir(d))) {
		size_t n = strlen(de->d_name);
		char *p;
		struct stat st;

		if (n < 5 || strcmp(de->d_name + n - 4, ".jar"))
			continue;
		p = verify_join_path(dir, de->d_name);
		if (!stat(p, &st) && S_ISREG(st.st_mode)) {
			if (nr >= JARSET_MAX_FILES) {
				free(p);
				ret = err_set_code(e, EXIT_USAGE,
						   "'%s': more than %u JARs",
						   dir, JARSET_MAX_FILES);
				break;
			}
			XGROW(names, nr + 1, alloc);
			names[nr++] = xstrdup(de->d_name);
		}
		free(p);
	}
	closedir(d);
	s->items = xcalloc(nr ? nr : 1, sizeof(*s->items));
	s->infos = xcalloc(nr ? nr : 1, sizeof(*s->infos));
	for (size_t i = 0; i < nr; i++) {
		struct jarset_item *it = &s->items[s->nr];
		char *p = verify_join_path(dir, names[i]);
		struct error je = ERROR_INIT;

		if (!ret &&
		    digest_file(DIGEST_SHA256, p, it->sha256, &it->size, e))
			ret = -1;
		if (!ret) {
			it->file = names[i];
			names[i] = NULL;
			if (!jar_read_file(p,
					   JAR_READ_CLASSES | JAR_READ_VERSIONS,
					   &s->infos[s->nr], &je))
				it->jar = &s->infos[s->nr];
			identify(it);
			s->nr++;
		}
		free(names[i]);
		free(p);
	}
	free(names);
	return ret;
}

/* The one image of a registry reference: s takes it. */
static int take_image(void *ctx, struct image *img, const char *platform,
		      const char *ref_digest)
{
	struct jarset *s = ctx;

	(void)platform;
	(void)ref_digest;
	s->img = *img;
	return 0;
}

static int read_image(const char *source, const char *jars_dir,
		      const struct jarset_remote *remote, struct jarset *s,
		      struct error *e)
{
	struct image_options io = {
	    .ref = NULL, .jar_flags = JAR_READ_CLASSES | JAR_READ_VERSIONS};
	size_t *idx = NULL, n;

	if (remote && !strncmp(source, "docker://", 9)) {
		if (image_remote_read(source + 9, remote->ro, &io,
				      remote->platform, false, take_image, s,
				      e) < 0)
			return -1;
	} else if (image_read(source, &io, &s->img, e)) {
		return -1;
	}
	/* a layer or config whose digest is wrong: nothing in it is trusted */
	for (size_t i = 0; i < s->img.integrity.nr; i++) {
		const struct finding *f = &s->img.integrity.items[i];

		if (f->severity == SEVERITY_ERROR)
			return err_set_code(e, EXIT_USAGE,
					    "%s; the image is not compared "
					    "[%s]",
					    f->message, f->rule);
	}
	n = image_list_dir(&s->img, jars_dir, &idx);
	s->items = xcalloc(n ? n : 1, sizeof(*s->items));
	for (size_t i = 0; i < n; i++) {
		const struct image_file *f = &s->img.files[idx[i]];
		struct jarset_item *it = &s->items[s->nr];

		if (!f->is_jar)
			continue;
		it->file = xstrdup(verify_base_name(f->path));
		memcpy(it->sha256, f->sha256, sizeof(it->sha256));
		it->size = f->size;
		it->jar = f->jar_error ? NULL : &f->jar;
		identify(it);
		s->nr++;
	}
	free(idx);
	return 0;
}

int jarset_read(const char *source, const char *jars_dir,
		const struct jarset_remote *remote, struct jarset *out,
		struct error *e)
{
	int ret;

	memset(out, 0, sizeof(*out));
	out->source = xstrdup(source);
	ret = jarset_is_jar_dir(source)
		  ? read_dir(source, out, e)
		  : read_image(source, jars_dir, remote, out, e);
	if (out->nr)
		qsort(out->items, out->nr, sizeof(*out->items), item_cmp);
	return ret;
}

void jarset_release(struct jarset *s)
{
	for (size_t i = 0; i < s->nr; i++) {
		free(s->items[i].file);
		free(s->items[i].key);
		free(s->items[i].version);
		if (s->infos)
			jar_info_release(&s->infos[i]);
	}
	free(s->items);
	free(s->infos);
	free(s->source);
	image_release(&s->img);
	memset(s, 0, sizeof(*s));
}

/* ---- comparing ---- */

static void add_example(struct diff_classes *c, const char *entry)
{
	size_t n = strlen(entry);
	char *s;

	c->count++;
	if (c->nr_examples >= DIFF_EXAMPLES)
		return;
	s = xstrndup(entry, n > 6 ? n - 6 : n);
	for (char *p = s; *p; p++)
		if (*p == '/')
			*p = '.';
	c->examples[c->nr_examples++] = s;
}

/* The next class of jar from *i on that the base JVM loads, or NULL. */
static const char *next_class(const struct jar_info *jar, size_t *i)
{
	while (jar && *i < jar->nr_classes) {
		const char *n = jar->classes[*i].name;

		if (!jar_entry_versioned(n, strlen(n)) &&
		    (!*i || strcmp(jar->classes[*i - 1].name, n)))
			return n;
		(*i)++;
	}
	return NULL;
}

/* Merges the sorted class lists: what new has that old has not, and back. */
static void compare_classes(const struct jar_info *old,
			    const struct jar_info *new, struct diff_jar *d)
{
	size_t i = 0, k = 0;

	for (;;) {
		const char *a = next_class(old, &i), *b = next_class(new, &k);
		int c;

		if (!a && !b)
			break;
		c = !a ? 1 : !b ? -1 : strcmp(a, b);
		if (c < 0) {
			add_example(&d->lost, a);
			i++;
		} else if (c > 0) {
			add_example(&d->gained, b);
			k++;
		} else {
			i++;
			k++;
		}
	}
}

static struct diff_jar *add_jar(struct diff_report *r, size_t *alloc,
				const struct jarset_item *old,
				const struct jarset_item *new)
{
	struct diff_jar *d;

	XGROW(r->jars, r->nr + 1, *alloc);
	d = &r->jars[r->nr++];
	memset(d, 0, sizeof(*d));
	d->old = old;
	d->new = new;
	if (old && old->jar)
		d->old_java = JAR_JAVA_FEATURE(old->jar->max_major);
	if (new &&new->jar)
		d->new_java = JAR_JAVA_FEATURE(new->jar->max_major);
	if (!old)
		d->kind = DIFF_ADDED;
	else if (!new)
		d->kind = DIFF_REMOVED;
	else if (!strcmp(old->sha256, new->sha256))
		d->kind = DIFF_UNCHANGED;
	else if ((old->version || new->version) &&
		 (!old->version || !new->version ||
		  strcmp(old->version, new->version)))
		d->kind = DIFF_VERSION;
	else
		d->kind = DIFF_BYTES;
	if (d->kind == DIFF_VERSION || d->kind == DIFF_BYTES)
		compare_classes(old->jar, new->jar, d);
	r->counts[d->kind]++;
	if (d->kind == DIFF_BYTES)
		r->red_flags++;
	return d;
}

static const char *jar_key(const struct diff_jar *d)
{
	return d->old ? d->old->key : d->new->key;
}

static int diff_cmp(const void *a, const void *b)
{
	const struct diff_jar *x = a, *y = b;
	int c = strcmp(jar_key(x), jar_key(y));

	if (c)
		return c;
	return strcmp(x->old ? x->old->file : x->new->file,
		      y->old ? y->old->file : y->new->file);
}

static int item_file_cmp(const void *file, const void *item)
{
	return strcmp(file, ((const struct jarset_item *)item)->file);
}

/* The key of file in s (for conflicts across renamed files). */
static const char *key_of(const struct jarset *s, const char *file)
{
	const struct jarset_item *it =
	    bsearch(file, s->items, s->nr, sizeof(*s->items), item_file_cmp);

	return it ? it->key : file;
}

static void find_conflicts(const struct jarset *s, struct class_conflicts *c)
{
	struct classes_jar *jars = xcalloc(s->nr ? s->nr : 1, sizeof(*jars));
	size_t n = 0;

	for (size_t i = 0; i < s->nr; i++)
		if (s->items[i].jar)
			jars[n++] = (struct classes_jar){s->items[i].file,
							 s->items[i].jar};
	classes_find_conflicts(jars, n, c);
	free(jars);
}

/* A conflict's pair of artifact keys, in order. */
struct key_pair {
	const char *k1, *k2;
};

static int key_pair_cmp(const void *pa, const void *pb)
{
	const struct key_pair *a = pa, *b = pb;
	int c = strcmp(a->k1, b->k1);

	return c ? c : strcmp(a->k2, b->k2);
}

static struct key_pair key_pair_of(const struct jarset *s,
				   const struct class_conflict *p)
{
	const char *x = key_of(s, p->first), *y = key_of(s, p->second);

	return strcmp(x, y) <= 0 ? (struct key_pair){x, y}
				 : (struct key_pair){y, x};
}

/* c's key pairs, sorted (bsearch: a hostile image's 100,000 pairs a side
 * are not compared each with each). */
static struct key_pair *key_pairs(const struct jarset *s,
				  const struct class_conflicts *c)
{
	struct key_pair *kp = xcalloc(c->nr ? c->nr : 1, sizeof(*kp));

	for (size_t i = 0; i < c->nr; i++)
		kp[i] = key_pair_of(s, &c->items[i]);
	qsort(kp, c->nr, sizeof(*kp), key_pair_cmp);
	return kp;
}

static void diff_conflicts(const struct jarset *old, const struct jarset *new,
			   struct diff_report *r)
{
	struct class_conflicts oc = CLASS_CONFLICTS_INIT;
	struct class_conflicts nc = CLASS_CONFLICTS_INIT;
	struct key_pair *okp, *nkp;
	size_t alloc = 0;

	find_conflicts(old, &oc);
	find_conflicts(new, &nc);
	r->conflicts_truncated = oc.truncated || nc.truncated;
	okp = key_pairs(old, &oc);
	nkp = key_pairs(new, &nc);
	for (int side = 0; side < 2; side++) {
		const struct jarset *a = side ? old : new;
		const struct class_conflicts *ac = side ? &oc : &nc;
		const struct class_conflicts *bc = side ? &nc : &oc;
		const struct key_pair *bkp = side ? nkp : okp;

		for (size_t i = 0; i < ac->nr; i++) {
			struct key_pair k = key_pair_of(a, &ac->items[i]);
			struct diff_conflict *d;

			if (bsearch(&k, bkp, bc->nr, sizeof(*bkp),
				    key_pair_cmp))
				continue;
			XGROW(r->conflicts, r->nr_conflicts + 1, alloc);
			d = &r->conflicts[r->nr_conflicts++];
			d->first = xstrdup(ac->items[i].first);
			d->second = xstrdup(ac->items[i].second);
			d->count = ac->items[i].count;
			d->introduced = side == 0;
		}
	}
	free(okp);
	free(nkp);
	class_conflicts_release(&oc);
	class_conflicts_release(&nc);
}

void diff_jarsets(const struct jarset *old, const struct jarset *new,
		  struct diff_report *r)
{
	bool *used = xcalloc(new->nr + 1, sizeof(*used));
	bool *matched = xcalloc(old->nr + 1, sizeof(*matched));
	size_t alloc = 0;

	memset(r, 0, sizeof(*r));
	/* The same file name first, then the same artifact. */
	for (size_t i = 0; i < old->nr; i++)
		for (size_t k = 0; k < new->nr; k++)
			if (!used[k] &&
			    !strcmp(old->items[i].file, new->items[k].file)) {
				add_jar(r, &alloc, &old->items[i],
					&new->items[k]);
				used[k] = matched[i] = true;
				break;
			}
	for (size_t i = 0; i < old->nr; i++) {
		const struct jarset_item *match = NULL;

		if (matched[i])
			continue;
		for (size_t k = 0; k < new->nr && !match; k++)
			if (!used[k] &&
			    !strcmp(old->items[i].key, new->items[k].key)) {
				match = &new->items[k];
				used[k] = true;
			}
		add_jar(r, &alloc, &old->items[i], match);
	}
	for (size_t k = 0; k < new->nr; k++)
		if (!used[k])
			add_jar(r, &alloc, NULL, &new->items[k]);
	if (r->nr)
		qsort(r->jars, r->nr, sizeof(*r->jars), diff_cmp);
	diff_conflicts(old, new, r);
	free(used);
	free(matched);
}

static void classes_release(struct diff_classes *c)
{
	for (size_t i = 0; i < c->nr_examples; i++)
		free(c->examples[i]);
}

void diff_report_release(struct diff_report *r)
{
	for (size_t i = 0; i < r->nr; i++) {
		classes_release(&r->jars[i].gained);
		classes_release(&r->jars[i].lost);
	}
	free(r->jars);
	for (size_t i = 0; i < r->nr_conflicts; i++) {
		free(r->conflicts[i].first);
		free(r->conflicts[i].second);
	}
	free(r->conflicts);
	memset(r, 0, sizeof(*r));
}
