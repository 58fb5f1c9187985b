/*
 * Reading a JAR's zip directory, from a file (random access: the tail,
 * then the central directory, then the few small entries we inflate) or
 * from a stream of its bytes (one pass, bounded memory).
 *
 * The streaming reader never holds the whole JAR. It scans the bytes for
 * zip signatures: local headers of pom.properties entries start a small
 * capture that is inflated as the bytes pass, and the first central
 * directory signature after the last local header starts the retained
 * tail, which at finish holds the central directory and the end records.
 * Signatures found inside compressed data are harmless: at finish only the
 * central directory decides, and captures are used only when their offset
 * and CRC-32 match its entries.
 */
#include "jar/jar.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <unistd.h>

#include "core/inflate.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

#define SIG_LOCAL 0x04034b50u
#define SIG_CENTRAL 0x02014b50u
#define SIG_EOCD 0x06054b50u
#define SIG_Z64_EOCD 0x06064b50u
#define SIG_Z64_LOCATOR 0x07064b50u

#define EOCD_LEN 22
#define Z64_EOCD_LEN 56
#define Z64_LOCATOR_LEN 20
#define CENTRAL_LEN 46
#define LOCAL_LEN 30
#define EOCD_SEARCH (EOCD_LEN + 65535)

/* The small entries read: pom.properties, pom.xml (licenses) and
 * MANIFEST.MF (Bundle-License). One longer than this (inflated or
 * compressed) is ignored. */
#define POM_MAX (512u << 10)
#define POM_NAME_MAX 512
#define MAX_POMS 4096
#define POM_TOTAL_MAX (16u << 20)
/* Streaming: captures in flight and header candidates being collected. */
#define MAX_ACTIVE 8
/* Streaming: most bytes retained for the directory (it holds at least the
 * last half of this). */
#define TAIL_MAX ((size_t)2 * JAR_DIR_MAX)

/* Compressed bytes read to inflate a class file's 8-byte header: deflate's
 * largest block header (dynamic Huffman tables) is under 300 bytes. */
#define HEAD_IN_MAX 1024
#define CLASS_HEAD 8
/* Streaming: class entries whose first bytes are being collected (with
 * data descriptors, many small entries fit in HEAD_IN_MAX bytes). */
#define MAX_HEADS 32
/* A head is decoded as soon as it holds this much: most class files'
 * first 8 bytes need fewer compressed bytes. */
#define HEAD_TRY 64

#define NO_OFFSET UINT64_MAX
/* Streaming: bytes kept before a directory candidate (zip64 locator and
 * record). */
#define HIST_LEN (Z64_LOCATOR_LEN + Z64_EOCD_LEN)

static uint16_t get16(const unsigned char *p)
{
	return (uint16_t)(p[0] | p[1] << 8);
}

static uint32_t get32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static uint64_t get64(const unsigned char *p)
{
	return (uint64_t)get32(p) | (uint64_t)get32(p + 4) << 32;
}

void jar_info_release(struct jar_info *info)
{
	if (!info)
		return;
	for (size_t i = 0; i < info->nr_poms; i++) {
		free(info->poms[i].group);
		free(info->poms[i].artifact);
		free(info->poms[i].version);
		jar_licenses_free(info->poms[i].licenses,
				  info->poms[i].nr_licenses);
	}
	free(info->poms);
	jar_licenses_free(info->bundle_licenses, info->nr_bundle_licenses);
	free(info->classes);
	free(info->class_names);
	free(info->max_major_class);
	free(info->class_path);
	memset(info, 0, sizeof(*info));
}

bool jar_file_name(const char *name)
{
	size_t n = strlen(name);

	return n >= 4 && !strcasecmp(name + n - 4, ".jar");
}

bool jar_entry_versioned(const char *name, size_t len)
{
	static const char mi[] = "module-info.class";
	static const char mr[] = "META-INF/versions/";
	size_t k = sizeof(mi) - 1;

	if (len >= sizeof(mr) - 1 && !memcmp(name, mr, sizeof(mr) - 1))
		return true;
	return len >= k && !memcmp(name + len - k, mi, k) &&
	       (len == k || name[len - k - 1] == '/');
}

static bool is_class_name(const char *name, size_t len)
{
	return len > 6 && !memcmp(name + len - 6, ".class", 6) &&
	       !memchr(name, '\0', len);
}

/*
 * The class-file major version from the first bytes of a class entry's
 * data (stored, or deflated: only the start is inflated); 0 when they do
 * not start a class file.
 */
static unsigned class_major(const unsigned char *data, size_t len,
			    uint16_t method, struct head_inflater *hi)
{
	unsigned char head[CLASS_HEAD];
	const unsigned char *h = data;
	unsigned major;

	if (method == 8) {
		if (head_inflate(hi, data, len, head, sizeof(head)) <
		    sizeof(head))
			return 0;
		h = head;
	} else if (method != 0 || len < CLASS_HEAD) {
		return 0;
	}
	if (get32(h) != 0xbebafecau) /* CA FE BA BE, read little-endian */
		return 0;
	major = (unsigned)h[6] << 8 | h[7];
	/* 45 is Java 1.1; anything far beyond today's 70 is no class file */
	return major >= 45 && major <= JAR_MAJOR_MAX ? major : 0;
}

/* A class entry's version as the stream saw it, by local header offset. */
struct class_ver {
	uint64_t local_offset;
	unsigned major;
};

/* ---- the directory ---- */

/* Bytes [base, base + len) of a zip of total bytes. */
struct window {
	const unsigned char *buf;
	uint64_t base;
	size_t len;
	uint64_t total;
};

struct dir_loc {
	uint64_t cd_start; /* where the central directory really is */
	uint64_t cd_size;
	uint64_t nr_entries;
	int64_t shift; /* real offset minus recorded offset (prepended data) */
};

static bool window_has(const struct window *w, uint64_t off, uint64_t len)
{
	return off >= w->base && len <= w->len && off - w->base <= w->len - len;
}

static const unsigned char *window_at(const struct window *w, uint64_t off)
{
	return w->buf + (off - w->base);
}

/*
 * Finds the end of central directory record (and the zip64 one) in w,
 * which must hold the zip's last bytes. 1: found; 0: not a zip; -1: error
 * set (a zip we refuse); 2: the zip64 record lies before w, at
 * loc->cd_start.
 */
static int find_directory(const struct window *w, const char *display,
			  struct dir_loc *loc, struct error *e)
{
	uint64_t end = w->base + w->len, eocd = NO_OFFSET, lowest, rec_end;
	uint64_t rec_offset;

	if (end != w->total || w->total < EOCD_LEN)
		return 0;
	lowest = w->total > EOCD_SEARCH ? w->total - EOCD_SEARCH : 0;
	if (lowest < w->base)
		lowest = w->base;
	/* The last record whose comment reaches the end exactly; else the
	 * last record at all (some writers miscount the comment). */
	for (uint64_t pass = 0; pass < 2 && eocd == NO_OFFSET; pass++) {
		for (uint64_t off = w->total - EOCD_LEN + 1; off-- > lowest;) {
			const unsigned char *p = window_at(w, off);

			if (get32(p) != SIG_EOCD)
				continue;
			if (pass == 0 &&
			    off + EOCD_LEN + get16(p + 20) != w->total)
				continue;
			eocd = off;
			break;
		}
	}
	if (eocd == NO_OFFSET)
		return 0;

	const unsigned char *p = window_at(w, eocd);
	loc->nr_entries = get16(p + 10);
	loc->cd_size = get32(p + 12);
	rec_offset = get32(p + 16);
	rec_end = eocd;

	if (eocd >= Z64_LOCATOR_LEN &&
	    window_has(w, eocd - Z64_LOCATOR_LEN, Z64_LOCATOR_LEN) &&
	    get32(window_at(w, eocd - Z64_LOCATOR_LEN)) == SIG_Z64_LOCATOR) {
		const unsigned char *lp = window_at(w, eocd - Z64_LOCATOR_LEN);
		uint64_t z = get64(lp + 8);

		/* The usual place, right before the locator, wins over
		 * the recorded offset (which prepended data shifts). */
		if (eocd >= Z64_LOCATOR_LEN + Z64_EOCD_LEN &&
		    window_has(w, eocd - Z64_LOCATOR_LEN - Z64_EOCD_LEN,
			       Z64_EOCD_LEN) &&
		    get32(window_at(w, eocd - Z64_LOCATOR_LEN -
					   Z64_EOCD_LEN)) == SIG_Z64_EOCD)
			z = eocd - Z64_LOCATOR_LEN - Z64_EOCD_LEN;
		if (z < w->base && w->total - z <= TAIL_MAX) {
			/* Before the bytes at hand: ask for more. */
			loc->cd_start = z;
			return 2;
		}
		if (!window_has(w, z, Z64_EOCD_LEN) ||
		    get32(window_at(w, z)) != SIG_Z64_EOCD)
			return err_set_code(e, EXIT_USAGE,
					    "'%s': zip64 end of central "
					    "directory not found",
					    display);
		p = window_at(w, z);
		loc->nr_entries = get64(p + 32);
		loc->cd_size = get64(p + 40);
		rec_offset = get64(p + 48);
		rec_end = z;
	} else if (loc->nr_entries == 0xffff || loc->cd_size == 0xffffffffu ||
		   rec_offset == 0xffffffffu) {
		/* Saturated fields without a zip64 record: be lenient only
		 * on the count, which we recount anyway. */
		if (loc->cd_size == 0xffffffffu || rec_offset == 0xffffffffu)
			return err_set_code(e, EXIT_USAGE,
					    "'%s': zip64 locator missing",
					    display);
	}
	if (loc->cd_size > rec_end)
		return err_set_code(e, EXIT_USAGE,
				    "'%s': central directory larger than the "
				    "file",
				    display);
	if (loc->cd_size > JAR_DIR_MAX)
		return err_set_code(e, EXIT_USAGE,
				    "'%s': central directory of %llu bytes "
				    "exceeds the limit of %u MiB",
				    display, (unsigned long long)loc->cd_size,
				    (unsigned)(JAR_DIR_MAX >> 20));
	if (loc->nr_entries > JAR_MAX_ENTRIES)
		return err_set_code(e, EXIT_USAGE,
				    "'%s': %llu zip entries exceed the limit "
				    "of %u",
				    display,
				    (unsigned long long)loc->nr_entries,
				    (unsigned)JAR_MAX_ENTRIES);
	loc->cd_start = rec_end - loc->cd_size;
	loc->shift = (int64_t)(loc->cd_start - rec_offset);
	return 1;
}

/*
 * Turns find_directory()'s answer into 0 (found) or -1 with the error set:
 * not a zip, or a zip64 end record that is not where the locator says.
 */
static int directory_found(int found, const char *display, struct error *e)
{
	if (found == 2)
		return err_set_code(e, EXIT_USAGE,
				    "'%s': zip64 end of central directory "
				    "not found",
				    display);
	if (!found)
		return err_set_code(e, EXIT_USAGE,
				    "'%s': not a zip file (no end of central "
				    "directory)",
				    display);
	return found < 0 ? -1 : 0;
}

/* An entry of the central directory, as the walker reports it. */
struct dir_entry {
	const char *name; /* not NUL-terminated */
	size_t name_len;
	uint32_t crc32;
	uint64_t csize, usize, local_offset; /* local_offset: real offset */
	uint16_t method, flags;
};

enum small_kind { SMALL_NONE, SMALL_POM_PROPS, SMALL_POM_XML, SMALL_MF };

struct pom_ref {
	char *name;
	enum small_kind kind;
	uint64_t local_offset, csize, usize;
	uint32_t crc32;
	uint16_t method;
};

/* What the walk collects before the poms are read. */
struct collect {
	unsigned flags;
	struct jar_info *info;
	/* JAR_READ_VERSIONS: from the stream, versions by offset (sorted);
	 * from a file, fd >= 0 and the entries' starts are read there. */
	const struct class_ver *vers;
	size_t nr_vers;
	int fd;
	uint64_t total;
	struct head_inflater *hi;
	struct strbuf names; /* class names, NUL-separated */
	size_t *name_offsets;
	size_t alloc_classes, alloc_offsets;
	struct pom_ref *poms;
	size_t nr_poms, alloc_poms;
	/* The pom.xml licenses read, by directory ("META-INF/maven/G/A/"),
	 * and the directory of each info->poms[], matched at the end. */
	struct pom_xml *xmls;
	size_t nr_xmls, alloc_xmls;
	char **pom_dirs;
	size_t alloc_pom_dirs;
};

struct pom_xml {
	char *dir;
	struct jar_license *licenses;
	size_t nr;
};

static bool is_maven_name(const char *name, size_t len, const char *suffix)
{
	static const char prefix[] = "META-INF/maven/";
	size_t np = sizeof(prefix) - 1, ns = strlen(suffix);

	return len > np + ns && len <= POM_NAME_MAX &&
	       !memcmp(name, prefix, np) &&
	       !memcmp(name + len - ns, suffix, ns) && !memchr(name, '\0', len);
}

/* Which small entry name is, if any. */
static enum small_kind small_kind(const char *name, size_t len)
{
	static const char mf[] = "META-INF/MANIFEST.MF";

	if (is_maven_name(name, len, "/pom.properties"))
		return SMALL_POM_PROPS;
	if (is_maven_name(name, len, "/pom.xml"))
		return SMALL_POM_XML;
	if (len == sizeof(mf) - 1 && !strncasecmp(name, mf, len))
		return SMALL_MF;
	return SMALL_NONE;
}

static int ver_sort(const void *a, const void *b)
{
	const struct class_ver *x = a, *y = b;

	return x->local_offset < y->local_offset   ? -1
	       : x->local_offset > y->local_offset ? 1
						   : 0;
}

static int ver_cmp(const void *key, const void *elem)
{
	uint64_t k = *(const uint64_t *)key;
	const struct class_ver *v = elem;

	return k < v->local_offset ? -1 : k > v->local_offset;
}

/* A class entry's major version: from the stream's record, or read at
 * its local header in the file. 0 when unknown. */
static unsigned entry_major(struct collect *c, const struct dir_entry *d)
{
	unsigned char buf[LOCAL_LEN + HEAD_IN_MAX];
	const struct class_ver *v;
	size_t n, off;
	ssize_t got;

	if (c->fd < 0) {
		v = c->nr_vers ? bsearch(&d->local_offset, c->vers, c->nr_vers,
					 sizeof(*c->vers), ver_cmp)
			       : NULL;
		return v ? v->major : 0;
	}
	if (d->local_offset >= c->total)
		return 0;
	n = sizeof(buf);
	if (c->total - d->local_offset < n)
		n = (size_t)(c->total - d->local_offset);
	got = pread(c->fd, buf, n, (off_t)d->local_offset);
	if (got < LOCAL_LEN || get32(buf) != SIG_LOCAL)
		return 0;
	off = LOCAL_LEN + (size_t)get16(buf + 26) + get16(buf + 28);
	if (off >= (size_t)got)
		return 0;
	n = (size_t)got - off;
	if (d->csize < n)
		n = (size_t)d->csize;
	if (off + n > sizeof(buf)) /* long name and extra: what is there */
		n = sizeof(buf) - off;
	return class_major(buf + off, n, d->method, c->hi);
}

static void collect_version(struct collect *c, const struct dir_entry *d)
{
	struct jar_info *info = c->info;
	unsigned major;

	if (!is_class_name(d->name, d->name_len) ||
	    jar_entry_versioned(d->name, d->name_len))
		return;
	major = entry_major(c, d);
	if (!major)
		return;
	info->nr_versioned++;
	if (major > info->max_major) {
		info->max_major = major;
		free(info->max_major_class);
		info->max_major_class = xstrndup(d->name, d->name_len);
	}
}

static void collect_entry(struct collect *c, const struct dir_entry *d)
{
	static const char mf[] = "META-INF/MANIFEST.MF";
	struct jar_info *info = c->info;

	info->nr_entries++;
	if (c->flags & JAR_READ_VERSIONS)
		collect_version(c, d);
	if (d->name_len == sizeof(mf) - 1 &&
	    !strncasecmp(d->name, mf, d->name_len))
		info->has_manifest_mf = true;
	if ((c->flags & JAR_READ_CLASSES) && d->name_len > 6 &&
	    !memcmp(d->name + d->name_len - 6, ".class", 6) &&
	    !memchr(d->name, '\0', d->name_len)) {
		size_t i = info->nr_classes++;

		XGROW(info->classes, info->nr_classes, c->alloc_classes);
		info->classes[i].name = NULL;
		info->classes[i].crc32 = d->crc32;
		info->classes[i].size = d->usize;
		/* name_offsets shares the count (both grow geometrically);
		 * names are fixed up at the end, when the buffer no longer
		 * moves. */
		XGROW(c->name_offsets, info->nr_classes, c->alloc_offsets);
		c->name_offsets[i] = c->names.len;
		strbuf_add(&c->names, d->name, d->name_len);
		strbuf_addch(&c->names, '\0');
	}
	if (small_kind(d->name, d->name_len) && c->nr_poms < MAX_POMS) {
		struct pom_ref *r;

		XGROW(c->poms, c->nr_poms + 1, c->alloc_poms);
		r = &c->poms[c->nr_poms++];
		r->name = xstrndup(d->name, d->name_len);
		r->kind = small_kind(d->name, d->name_len);
		r->local_offset = d->local_offset;
		r->csize = d->csize;
		r->usize = d->usize;
		r->crc32 = d->crc32;
		r->method = d->method;
	}
}

static void collect_release(struct collect *c)
{
	head_inflater_free(c->hi);
	c->hi = NULL;
	strbuf_release(&c->names);
	free(c->name_offsets);
	for (size_t i = 0; i < c->nr_poms; i++)
		free(c->poms[i].name);
	free(c->poms);
	c->poms = NULL;
	for (size_t i = 0; i < c->nr_xmls; i++) {
		free(c->xmls[i].dir);
		jar_licenses_free(c->xmls[i].licenses, c->xmls[i].nr);
	}
	free(c->xmls);
	c->xmls = NULL;
	c->nr_xmls = c->alloc_xmls = 0;
	for (size_t i = 0; c->pom_dirs && i < c->info->nr_poms; i++)
		free(c->pom_dirs[i]);
	free(c->pom_dirs);
	c->pom_dirs = NULL;
	c->alloc_pom_dirs = 0;
	c->name_offsets = NULL;
	c->alloc_offsets = 0;
	c->nr_poms = c->alloc_poms = 0;
}

/* Applies zip64 extra field values to the saturated fields of d. */
static void apply_zip64_extra(struct dir_entry *d, const unsigned char *x,
			      size_t xlen, bool usize_sat, bool csize_sat,
			      bool offset_sat)
{
	while (xlen >= 4) {
		uint16_t id = get16(x), len = get16(x + 2);
		const unsigned char *v = x + 4;
		size_t left = len;

		if ((size_t)len + 4 > xlen)
			return;
		if (id == 0x0001) {
			if (usize_sat && left >= 8) {
				d->usize = get64(v);
				v += 8;
				left -= 8;
			}
			if (csize_sat && left >= 8) {
				d->csize = get64(v);
				v += 8;
				left -= 8;
			}
			if (offset_sat && left >= 8)
				d->local_offset = get64(v);
			return;
		}
		x += 4 + (size_t)len;
		xlen -= 4 + (size_t)len;
	}
}

static int walk_directory(const struct window *w, const struct dir_loc *loc,
			  const char *display, struct collect *c,
			  struct error *e)
{
	const unsigned char *p, *end;
	uint64_t count = 0;

	if (!window_has(w, loc->cd_start, loc->cd_size))
		return err_set_code(e, EXIT_USAGE,
				    "'%s': central directory not found",
				    display);
	p = window_at(w, loc->cd_start);
	end = p + loc->cd_size;
	while (p < end) {
		struct dir_entry d;
		size_t nlen, xlen, clen;
		bool usat, csat, osat;

		if ((size_t)(end - p) < CENTRAL_LEN || get32(p) != SIG_CENTRAL)
			return err_set_code(e, EXIT_USAGE,
					    "'%s': corrupt central directory "
					    "entry %llu",
					    display,
					    (unsigned long long)count + 1);
		nlen = get16(p + 28);
		xlen = get16(p + 30);
		clen = get16(p + 32);
		if ((size_t)(end - p) - CENTRAL_LEN < nlen + xlen + clen)
			return err_set_code(e, EXIT_USAGE,
					    "'%s': central directory entry "
					    "%llu overruns the directory",
					    display,
					    (unsigned long long)count + 1);
		if (++count > JAR_MAX_ENTRIES)
			return err_set_code(e, EXIT_USAGE,
					    "'%s': more than %u zip entries",
					    display, (unsigned)JAR_MAX_ENTRIES);
		d.flags = get16(p + 8);
		d.method = get16(p + 10);
		d.crc32 = get32(p + 16);
		d.csize = get32(p + 20);
		d.usize = get32(p + 24);
		d.local_offset = get32(p + 42);
		usat = d.usize == 0xffffffffu;
		csat = d.csize == 0xffffffffu;
		osat = d.local_offset == 0xffffffffu;
		if (usat || csat || osat)
			apply_zip64_extra(&d, p + CENTRAL_LEN + nlen, xlen,
					  usat, csat, osat);
		d.local_offset += (uint64_t)loc->shift;
		d.name = (const char *)p + CENTRAL_LEN;
		d.name_len = nlen;
		collect_entry(c, &d);
		p += CENTRAL_LEN + nlen + xlen + clen;
	}
	return 0;
}

/* ---- pom.properties ---- */

static char *trim_dup(const char *s, size_t len)
{
	while (len && (*s == ' ' || *s == '\t' || *s == '\f')) {
		s++;
		len--;
	}
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t' ||
		       s[len - 1] == '\r' || s[len - 1] == '\f'))
		len--;
	return xstrndup(s, len);
}

/*
 * The groupId, artifactId and version of a pom.properties (Java properties
 * as Maven writes them: key=value lines, # comments). Missing keys fall
 * back to the path META-INF/maven/GROUP/ARTIFACT/pom.properties.
 */
static void parse_pom(const char *path, const char *text, size_t len,
		      struct jar_pom *pom)
{
	const char *p = text, *end = text + len;

	memset(pom, 0, sizeof(*pom));
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *line_end = nl ? nl : end, *k = p, *sep;
		char *key, **slot = NULL;

		p = nl ? nl + 1 : end;
		while (k < line_end && (*k == ' ' || *k == '\t'))
			k++;
		if (k == line_end || *k == '#' || *k == '!')
			continue;
		for (sep = k; sep < line_end; sep++)
			if (*sep == '=' || *sep == ':' || *sep == ' ' ||
			    *sep == '\t')
				break;
		key = trim_dup(k, (size_t)(sep - k));
		if (!strcmp(key, "groupId"))
			slot = &pom->group;
		else if (!strcmp(key, "artifactId"))
			slot = &pom->artifact;
		else if (!strcmp(key, "version"))
			slot = &pom->version;
		free(key);
		if (!slot || *slot)
			continue;
		while (sep < line_end && (*sep == ' ' || *sep == '\t'))
			sep++;
		if (sep < line_end && (*sep == '=' || *sep == ':'))
			sep++;
		*slot = trim_dup(sep, (size_t)(line_end - sep));
	}
	if (!pom->group || !pom->artifact) {
		/* META-INF/maven/GROUP/ARTIFACT/pom.properties */
		const char *g = path + strlen("META-INF/maven/");
		const char *slash = strchr(g, '/');
		const char *a = slash ? slash + 1 : NULL;
		const char *slash2 = a ? strchr(a, '/') : NULL;

		if (slash && slash2) {
			if (!pom->group)
				pom->group = xstrndup(g, (size_t)(slash - g));
			if (!pom->artifact)
				pom->artifact =
				    xstrndup(a, (size_t)(slash2 - a));
		}
	}
	if (!pom->group)
		pom->group = xstrdup("");
	if (!pom->artifact)
		pom->artifact = xstrdup("");
	if (!pom->version)
		pom->version = xstrdup("");
}

/* Inflates (method 8) or copies (method 0) one small entry; false when
 * the data is not what the directory promises. */
static bool decode_small(const struct pom_ref *r, const unsigned char *data,
			 size_t len, struct strbuf *out)
{
	strbuf_reset(out);
	if (r->usize > POM_MAX)
		return false;
	if (r->method == 0) {
		if (len < r->usize)
			return false;
		strbuf_add(out, data, (size_t)r->usize);
	} else if (r->method == 8) {
		struct raw_inflater *z = raw_inflater_new();
		size_t used;
		int rc = raw_inflater_feed(z, data, len, &used, out, POM_MAX);

		raw_inflater_free(z);
		if (rc != 1)
			return false;
	} else {
		return false;
	}
	return out->len == r->usize &&
	       inflate_crc32(out->buf, out->len) == r->crc32;
}

/* "META-INF/maven/G/A/pom.xml" -> "META-INF/maven/G/A/". */
static char *entry_dir(const char *name)
{
	const char *slash = strrchr(name, '/');

	return xstrndup(name, slash ? (size_t)(slash - name) + 1 : 0);
}

/* A small entry's content, read: a pom, licenses or Bundle-License. */
static void add_small(struct collect *c, const struct pom_ref *r,
		      const struct strbuf *content, size_t *alloc)
{
	struct jar_info *info = c->info;

	if (r->kind == SMALL_MF) {
		if (!info->bundle_licenses)
			info->nr_bundle_licenses = jar_manifest_licenses(
			    content->buf ? content->buf : "", content->len,
			    &info->bundle_licenses);
		if (!info->class_path)
			info->class_path =
			    jar_manifest_value(content->buf ? content->buf : "",
					       content->len, "Class-Path");
	} else if (r->kind == SMALL_POM_XML) {
		struct pom_xml *x;

		XGROW(c->xmls, c->nr_xmls + 1, c->alloc_xmls);
		x = &c->xmls[c->nr_xmls++];
		x->dir = entry_dir(r->name);
		x->nr = jar_pom_xml_licenses(content->buf ? content->buf : "",
					     content->len, &x->licenses);
	} else {
		XGROW(info->poms, info->nr_poms + 1, *alloc);
		XGROW(c->pom_dirs, info->nr_poms + 1, c->alloc_pom_dirs);
		c->pom_dirs[info->nr_poms] = entry_dir(r->name);
		parse_pom(r->name, content->buf, content->len,
			  &info->poms[info->nr_poms++]);
	}
}

/* Gives each pom the licenses of the pom.xml in its directory. */
static void link_licenses(struct collect *c)
{
	struct jar_info *info = c->info;

	for (size_t i = 0; i < info->nr_poms; i++)
		for (size_t k = 0; k < c->nr_xmls; k++) {
			struct pom_xml *x = &c->xmls[k];

			if (!x->nr || strcmp(x->dir, c->pom_dirs[i]))
				continue;
			info->poms[i].licenses = x->licenses;
			info->poms[i].nr_licenses = x->nr;
			x->licenses = NULL;
			x->nr = 0;
			break;
		}
}

static int class_cmp(const void *a, const void *b)
{
	const struct jar_class *x = a, *y = b;
	int c = strcmp(x->name, y->name);

	if (c)
		return c;
	if (x->crc32 != y->crc32)
		return x->crc32 < y->crc32 ? -1 : 1;
	return x->size < y->size ? -1 : x->size > y->size;
}

/* Hands the collected classes to info, sorted. */
static void finish_classes(struct collect *c)
{
	struct jar_info *info = c->info;

	if (!info->nr_classes)
		return;
	info->class_names = strbuf_detach(&c->names, NULL);
	for (size_t i = 0; i < info->nr_classes; i++)
		info->classes[i].name = info->class_names + c->name_offsets[i];
	qsort(info->classes, info->nr_classes, sizeof(*info->classes),
	      class_cmp);
}

/* ---- from a file ---- */

static int pread_full(int fd, void *buf, size_t len, uint64_t off)
{
	unsigned char *p = buf;

	while (len) {
		ssize_t n = pread(fd, p, len, (off_t)off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n <= 0) {
			if (n == 0)
				errno = EIO;
			return -1;
		}
		p += n;
		len -= (size_t)n;
		off += (uint64_t)n;
	}
	return 0;
}

static int read_file_poms(int fd, const char *path, uint64_t total,
			  struct collect *c, struct error *e)
{
	struct strbuf content = STRBUF_INIT;
	unsigned char *data = NULL;
	size_t alloc = 0;
	int ret = 0;

	for (size_t i = 0; i < c->nr_poms; i++) {
		const struct pom_ref *r = &c->poms[i];
		unsigned char lh[LOCAL_LEN];
		uint64_t off;

		/* Offsets from a corrupt directory: not this entry. */
		if (r->csize > POM_MAX || r->local_offset >= total ||
		    total - r->local_offset < LOCAL_LEN + r->csize)
			continue;
		if (pread_full(fd, lh, sizeof(lh), r->local_offset)) {
			ret =
			    err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
			break;
		}
		if (get32(lh) != SIG_LOCAL)
			continue;
		off = r->local_offset + LOCAL_LEN + get16(lh + 26) +
		      get16(lh + 28);
		if (off > total || total - off < r->csize)
			continue;
		free(data);
		data = xmalloc(r->csize ? (size_t)r->csize : 1);
		if (pread_full(fd, data, (size_t)r->csize, off))
			continue;
		if (decode_small(r, data, (size_t)r->csize, &content))
			add_small(c, r, &content, &alloc);
	}
	free(data);
	strbuf_release(&content);
	return ret;
}

/*
 * Reads n bytes of fd at off into a new *buf (the old one freed) and makes
 * w view them. -1 (EXIT_IO) when they cannot be read.
 */
static int window_read(struct window *w, unsigned char **buf, int fd,
		       const char *path, uint64_t off, size_t n,
		       struct error *e)
{
	free(*buf);
	*buf = xmalloc(n ? n : 1);
	if (pread_full(fd, *buf, n, off))
		return err_set_errno(e, EXIT_IO, "cannot read '%s'", path);
	w->buf = *buf;
	w->base = off;
	w->len = n;
	return 0;
}

int jar_read_file(const char *path, unsigned flags, struct jar_info *out,
		  struct error *e)
{
	struct collect c = {.flags = flags, .info = out, .fd = -1};
	struct window w = {0};
	unsigned char *buf = NULL;
	struct dir_loc loc;
	struct stat st;
	size_t n;
	int fd, ret = -1, found;

	memset(out, 0, sizeof(*out));
	strbuf_init(&c.names);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return err_set_errno(e, EXIT_IO, "cannot open '%s'", path);
	if (fstat(fd, &st)) {
		err_set_errno(e, EXIT_IO, "cannot stat '%s'", path);
		goto out;
	}
	if (!S_ISREG(st.st_mode)) {
		err_set_code(e, EXIT_USAGE, "'%s': not a regular file", path);
		goto out;
	}
	w.total = (uint64_t)st.st_size;
	if (flags & JAR_READ_VERSIONS) {
		c.fd = fd;
		c.total = w.total;
		c.hi = head_inflater_new();
	}
	n = w.total > EOCD_SEARCH + Z64_LOCATOR_LEN + Z64_EOCD_LEN
		? EOCD_SEARCH + Z64_LOCATOR_LEN + Z64_EOCD_LEN
		: (size_t)w.total;
	if (window_read(&w, &buf, fd, path, w.total - n, n, e))
		goto out;
	found = find_directory(&w, path, &loc, e);
	/* The directory starts before the tail read: read from its start. */
	if (found == 2) {
		if (window_read(&w, &buf, fd, path, loc.cd_start,
				(size_t)(w.total - loc.cd_start), e))
			goto out;
		found = find_directory(&w, path, &loc, e);
	}
	if (directory_found(found, path, e))
		goto out;
	if (!window_has(&w, loc.cd_start, loc.cd_size) &&
	    window_read(&w, &buf, fd, path, loc.cd_start, (size_t)loc.cd_size,
			e))
		goto out;
	if (walk_directory(&w, &loc, path, &c, e))
		goto out;
	free(buf);
	buf = NULL;
	if (read_file_poms(fd, path, w.total, &c, e))
		goto out;
	link_licenses(&c);
	finish_classes(&c);
	ret = 0;
out:
	free(buf);
	collect_release(&c);
	close(fd);
	if (ret)
		jar_info_release(out);
	return ret;
}

/* ---- from a stream ---- */

/* A local header seen in the stream, being collected. */
struct candidate {
	uint64_t start, next;
	unsigned char buf[LOCAL_LEN + POM_NAME_MAX];
	size_t need;
};

/* The data of a pom.properties entry, inflated as it passes. */
struct capture {
	uint64_t local_offset, data_start, next;
	uint64_t left; /* stored: bytes still to copy */
	uint16_t method;
	struct raw_inflater *z; /* method 8, until done */
	bool done;
	struct strbuf out;
};

/* The first compressed bytes of a class entry, collected as they pass. */
struct head {
	uint64_t local_offset, data_start;
	size_t want, have;
	uint16_t method;
	unsigned char buf[HEAD_IN_MAX];
};

struct jar_stream {
	unsigned flags;
	uint64_t pos;		      /* bytes fed so far */
	unsigned char hist[HIST_LEN]; /* the bytes before pos */
	size_t hist_len;

	struct candidate cands[MAX_ACTIVE];
	size_t nr_cands;
	struct capture *active[MAX_ACTIVE];
	size_t nr_active;
	struct capture **done;
	size_t nr_done, alloc_done;

	/* Retained tail: bytes [ret_base, ret_base + ret_len), kept from
	 * keep_from (the first directory signature after the last local
	 * header), at most TAIL_MAX. */
	uint64_t keep_from, ret_anchor, ret_base;
	unsigned char *ret;
	size_t ret_len, ret_alloc;
	size_t captured; /* bytes held by finished captures */

	/* JAR_READ_VERSIONS: the starts of class entries being collected,
	 * and the versions read so far (by local header offset). */
	struct head heads[MAX_HEADS];
	size_t nr_heads;
	struct class_ver *vers;
	size_t nr_vers, alloc_vers;
	struct head_inflater *hi;
};

struct jar_stream *jar_stream_new(unsigned flags)
{
	struct jar_stream *s = xcalloc(1, sizeof(*s));

	s->flags = flags;
	s->keep_from = NO_OFFSET;
	s->ret_anchor = NO_OFFSET;
	return s;
}

static void capture_free(struct capture *c)
{
	raw_inflater_free(c->z);
	strbuf_release(&c->out);
	free(c);
}

/* Feeds the capture the bytes of [pos, pos + len) it has not seen. */
static void capture_feed(struct jar_stream *s, struct capture *c,
			 const unsigned char *data, size_t len, uint64_t pos)
{
	uint64_t end = pos + len;
	const unsigned char *p;
	size_t n;

	if (c->done || c->next >= end || c->next < pos)
		return;
	p = data + (c->next - pos);
	n = (size_t)(end - c->next);
	if (c->method == 0) {
		if (n > c->left)
			n = (size_t)c->left;
		strbuf_add(&c->out, p, n);
		c->left -= n;
		c->next += n;
		c->done = c->left == 0;
		if (c->done)
			s->captured += c->out.len;
		return;
	}
	{
		size_t used;
		int rc = raw_inflater_feed(c->z, p, n, &used, &c->out, POM_MAX);

		if (rc != 0 || c->out.len > POM_MAX) {
			if (rc != 1)
				strbuf_reset(&c->out); /* unusable */
			c->done = true;
		}
		c->next += used;
	}
	/* Deflate does not shrink text this much: a false start. */
	if (!c->done && c->next - c->data_start > POM_MAX + 4096) {
		strbuf_reset(&c->out);
		c->done = true;
	}
	if (c->done) {
		raw_inflater_free(c->z);
		c->z = NULL;
		s->captured += c->out.len;
	}
}

/* A collected local header of a class entry: collect its first bytes. */
static void head_start(struct jar_stream *s, const struct candidate *k)
{
	const unsigned char *h = k->buf;
	const char *name = (const char *)h + LOCAL_LEN;
	uint16_t flags = get16(h + 6), method = get16(h + 8);
	size_t nlen = get16(h + 26), xlen = get16(h + 28);
	uint64_t csize = get32(h + 18);
	struct head *hd;

	if (!is_class_name(name, nlen) || jar_entry_versioned(name, nlen) ||
	    (method != 0 && method != 8) || s->nr_heads >= MAX_HEADS)
		return;
	hd = &s->heads[s->nr_heads++];
	hd->local_offset = k->start;
	hd->data_start = k->start + LOCAL_LEN + nlen + xlen;
	hd->method = method;
	hd->have = 0;
	/* Sizes in a data descriptor (flag 8) or zip64: read up to the cap;
	 * inflating stops at the class header anyway. */
	hd->want = method == 0 ? CLASS_HEAD : HEAD_IN_MAX;
	if (!(flags & 8) && csize != 0xffffffffu && csize < hd->want)
		hd->want = (size_t)csize;
}

/*
 * Reads the version from a head's bytes; unless final, only when they
 * suffice. True when the head is done (then it is forgotten).
 */
static bool head_done(struct jar_stream *s, size_t i, bool final)
{
	struct head *hd = &s->heads[i];
	unsigned major;

	if (!s->hi)
		s->hi = head_inflater_new();
	major = class_major(hd->buf, hd->have, hd->method, s->hi);
	if (!major && !final)
		return false;
	if (major) {
		XGROW(s->vers, s->nr_vers + 1, s->alloc_vers);
		s->vers[s->nr_vers].local_offset = hd->local_offset;
		s->vers[s->nr_vers].major = major;
		s->nr_vers++;
	}
	s->heads[i] = s->heads[--s->nr_heads];
	return true;
}

/* Feeds the heads the bytes of [pos, pos + len) they have not seen. */
static void heads_feed(struct jar_stream *s, const unsigned char *data,
		       size_t len, uint64_t pos)
{
	uint64_t end = pos + len;

	for (size_t i = 0; i < s->nr_heads;) {
		struct head *hd = &s->heads[i];
		uint64_t next = hd->data_start + hd->have;
		size_t n;

		if (next < pos) { /* bytes missed: use what is there */
			head_done(s, i, true);
			continue;
		}
		if (next >= end) {
			i++;
			continue;
		}
		n = (size_t)(end - next);
		if (n > hd->want - hd->have)
			n = hd->want - hd->have;
		memcpy(hd->buf + hd->have, data + (next - pos), n);
		hd->have += n;
		if (hd->have == hd->want)
			head_done(s, i, true);
		else if (hd->have < HEAD_TRY || !head_done(s, i, false))
			i++;
	}
}

/* A collected local header: start a capture if it names a pom. */
static void candidate_complete(struct jar_stream *s, struct candidate *k)
{
	const unsigned char *h = k->buf;
	uint16_t flags = get16(h + 6), method = get16(h + 8);
	size_t nlen = get16(h + 26), xlen = get16(h + 28);
	uint64_t csize = get32(h + 18);
	struct capture *c;

	/* A plausible local header ends any directory candidate before
	 * it: the directory follows the last entry. */
	if (nlen && get16(h + 4) <= 63 && (method == 0 || method == 8) &&
	    !memchr(h + LOCAL_LEN, '\0', nlen) && s->keep_from != NO_OFFSET &&
	    s->keep_from < k->start)
		s->keep_from = NO_OFFSET;
	if (s->flags & JAR_READ_VERSIONS)
		head_start(s, k);
	if (!small_kind((const char *)h + LOCAL_LEN, nlen))
		return;
	if (s->nr_active >= MAX_ACTIVE || s->nr_done >= MAX_POMS ||
	    s->captured > POM_TOTAL_MAX)
		return;
	if (method == 0 && ((flags & 8) || csize > POM_MAX))
		return;
	if (method != 0 && method != 8)
		return;
	c = xcalloc(1, sizeof(*c));
	strbuf_init(&c->out);
	c->local_offset = k->start;
	c->data_start = c->next = k->start + LOCAL_LEN + nlen + xlen;
	c->method = method;
	c->left = csize;
	if (method == 8) {
		c->z = raw_inflater_new();
	} else if (csize == 0) {
		c->done = true;
	}
	s->active[s->nr_active++] = c;
}

/* Feeds the candidate the bytes of [pos, pos + len) it has not seen;
 * true when it is finished (complete or abandoned). */
static bool candidate_feed(struct jar_stream *s, struct candidate *k,
			   const unsigned char *data, size_t len, uint64_t pos)
{
	uint64_t end = pos + len;
	size_t have, n;

	while (k->next < end && k->next >= pos) {
		have = (size_t)(k->next - k->start);
		n = k->need - have;
		if (n > end - k->next)
			n = (size_t)(end - k->next);
		memcpy(k->buf + have, data + (k->next - pos), n);
		k->next += n;
		have += n;
		if (have < k->need)
			return false;
		if (k->need == LOCAL_LEN) {
			size_t nlen = get16(k->buf + 26);

			if (nlen > POM_NAME_MAX)
				return true;
			k->need = LOCAL_LEN + nlen;
			if (nlen)
				continue;
		}
		candidate_complete(s, k);
		return true;
	}
	return false;
}

static void feed_consumers(struct jar_stream *s, const unsigned char *data,
			   size_t len, uint64_t pos)
{
	for (size_t i = 0; i < s->nr_cands;) {
		if (candidate_feed(s, &s->cands[i], data, len, pos))
			s->cands[i] = s->cands[--s->nr_cands];
		else
			i++;
	}
	for (size_t i = 0; i < s->nr_active;) {
		struct capture *c = s->active[i];

		capture_feed(s, c, data, len, pos);
		if (c->done) {
			s->active[i] = s->active[--s->nr_active];
			XGROW(s->done, s->nr_done + 1, s->alloc_done);
			s->done[s->nr_done++] = c;
		} else {
			i++;
		}
	}
	if (s->nr_heads)
		heads_feed(s, data, len, pos);
}

static void on_signature(struct jar_stream *s, uint32_t sig, uint64_t off)
{
	if (sig == SIG_LOCAL) {
		struct candidate *k;

		if (s->nr_cands >= MAX_ACTIVE)
			return;
		k = &s->cands[s->nr_cands++];
		k->start = k->next = off;
		k->need = LOCAL_LEN;
	} else if (s->keep_from == NO_OFFSET) {
		s->keep_from = off;
	}
}

static bool is_signature(uint32_t v)
{
	return v == SIG_LOCAL || v == SIG_CENTRAL || v == SIG_EOCD ||
	       v == SIG_Z64_EOCD;
}

static void retain(struct jar_stream *s, const unsigned char *data, size_t len)
{
	if (s->keep_from == NO_OFFSET) {
		s->ret_len = 0;
		s->ret_anchor = NO_OFFSET;
		return;
	}
	if (s->ret_anchor != s->keep_from) {
		/* Start a little before the anchor: a zip64 locator and
		 * record precede the end record that may be the anchor. */
		uint64_t hist_base = s->pos - s->hist_len;
		uint64_t start =
		    s->keep_from > HIST_LEN ? s->keep_from - HIST_LEN : 0;

		if (start < hist_base)
			start = hist_base;
		s->ret_len = 0;
		s->ret_anchor = s->keep_from;
		s->ret_base = start;
		if (start < s->pos) {
			size_t skip = (size_t)(start - hist_base);

			XGROW(s->ret, s->hist_len, s->ret_alloc);
			memcpy(s->ret, s->hist + skip, s->hist_len - skip);
			s->ret_len = s->hist_len - skip;
		} else {
			size_t skip = (size_t)(start - s->pos);

			data += skip;
			len -= skip;
		}
	}
	if (len > TAIL_MAX) {
		data += len - TAIL_MAX / 2;
		s->ret_base += s->ret_len + (len - TAIL_MAX / 2);
		len = TAIL_MAX / 2;
		s->ret_len = 0;
	}
	if (s->ret_len + len > TAIL_MAX) {
		size_t drop = s->ret_len + len - TAIL_MAX / 2;

		if (drop > s->ret_len)
			drop = s->ret_len;
		memmove(s->ret, s->ret + drop, s->ret_len - drop);
		s->ret_len -= drop;
		s->ret_base += drop;
	}
	XGROW(s->ret, s->ret_len + len, s->ret_alloc);
	memcpy(s->ret + s->ret_len, data, len);
	s->ret_len += len;
}

void jar_stream_feed(struct jar_stream *s, const void *data, size_t len)
{
	const unsigned char *d = data;
	unsigned char edge[6];
	const unsigned char *carry;
	size_t edge_len, carry_len, i;

	if (!len)
		return;
	/* Earlier consumers first, then signatures: a consumer started by
	 * a signature takes its bytes from its own offset. */
	feed_consumers(s, d, len, s->pos);

	/* Signatures spanning the previous feed and this one. */
	carry_len = s->hist_len < 3 ? s->hist_len : 3;
	carry = s->hist + s->hist_len - carry_len;
	memcpy(edge, carry, carry_len);
	edge_len = carry_len + (len < 3 ? len : 3);
	memcpy(edge + carry_len, d, edge_len - carry_len);
	for (i = 0; i < carry_len && i + 4 <= edge_len; i++) {
		uint32_t v = get32(edge + i);

		if (is_signature(v)) {
			uint64_t off = s->pos - carry_len + i;

			on_signature(s, v, off);
			/* Its first bytes are in the carry. */
			feed_consumers(s, carry, carry_len, s->pos - carry_len);
			feed_consumers(s, d, len, s->pos);
		}
	}
	for (const unsigned char *p = d, *end = d + len; end - p >= 4;) {
		const unsigned char *q = memchr(p, 'P', (size_t)(end - p) - 3);
		uint32_t v;

		if (!q)
			break;
		v = get32(q);
		if (q[1] == 'K' && is_signature(v)) {
			on_signature(s, v, s->pos + (uint64_t)(q - d));
			feed_consumers(s, d, len, s->pos);
		}
		p = q + 1;
	}
	retain(s, d, len);

	/* The history: the last HIST_LEN bytes seen. */
	if (len >= HIST_LEN) {
		memcpy(s->hist, d + len - HIST_LEN, HIST_LEN);
		s->hist_len = HIST_LEN;
	} else {
		size_t keep =
		    s->hist_len + len > HIST_LEN ? HIST_LEN - len : s->hist_len;

		memmove(s->hist, s->hist + s->hist_len - keep, keep);
		memcpy(s->hist + keep, d, len);
		s->hist_len = keep + len;
	}
	s->pos += len;
}

static void stream_free(struct jar_stream *s)
{
	for (size_t i = 0; i < s->nr_active; i++)
		capture_free(s->active[i]);
	for (size_t i = 0; i < s->nr_done; i++)
		capture_free(s->done[i]);
	free(s->done);
	free(s->ret);
	free(s->vers);
	head_inflater_free(s->hi);
	free(s);
}

static const struct capture *find_capture(const struct jar_stream *s,
					  uint64_t local_offset)
{
	for (size_t i = 0; i < s->nr_done; i++)
		if (s->done[i]->local_offset == local_offset)
			return s->done[i];
	return NULL;
}

int jar_stream_finish(struct jar_stream *s, const char *display,
		      struct jar_info *out, struct error *e)
{
	struct collect c = {.flags = s->flags, .info = out, .fd = -1};
	struct window w;
	struct dir_loc loc;
	size_t alloc = 0;
	int found, ret = -1;

	memset(out, 0, sizeof(*out));
	strbuf_init(&c.names);
	w.buf = s->ret;
	w.len = s->keep_from == NO_OFFSET ? 0 : s->ret_len;
	w.base = s->pos - w.len;
	w.total = s->pos;
	while (s->nr_heads) /* entries shorter than their cap */
		head_done(s, s->nr_heads - 1, true);
	if (s->nr_vers)
		qsort(s->vers, s->nr_vers, sizeof(*s->vers), ver_sort);
	c.vers = s->vers;
	c.nr_vers = s->nr_vers;
	found = find_directory(&w, display, &loc, e);
	if (directory_found(found, display, e))
		goto out;
	if (walk_directory(&w, &loc, display, &c, e))
		goto out;
	for (size_t i = 0; i < c.nr_poms; i++) {
		const struct pom_ref *r = &c.poms[i];
		const struct capture *cap = find_capture(s, r->local_offset);

		if (cap && cap->out.len == r->usize &&
		    inflate_crc32(cap->out.buf, cap->out.len) == r->crc32)
			add_small(&c, r, &cap->out, &alloc);
	}
	link_licenses(&c);
	finish_classes(&c);
	ret = 0;
out:
	collect_release(&c);
	stream_free(s);
	if (ret)
		jar_info_release(out);
	return ret;
}

/* ---- fetch's check ---- */

int jar_check_file(const char *path, const char *group, const char *artifact,
		   const char *version, struct error *e)
{
	struct jar_info info = JAR_INFO_INIT;
	int ret = 0;

	if (jar_read_file(path, 0, &info, e)) {
		if (e && e->code == EXIT_USAGE)
			e->code = EXIT_CHECK;
		return -1;
	}
	if (!info.has_manifest_mf) {
		ret = err_set_code(e, EXIT_CHECK,
				   "'%s': not a JAR (no META-INF/MANIFEST.MF)",
				   path);
		goto out;
	}
	if (!group || !artifact || !version)
		goto out;
	for (size_t i = 0; i < info.nr_poms; i++) {
		const struct jar_pom *p = &info.poms[i];

		if (strcmp(p->group, group) || strcmp(p->artifact, artifact))
			continue;
		if (strcmp(p->version, version))
			ret = err_set_code(e, EXIT_CHECK,
					   "'%s': pom.properties of %s:%s says "
					   "version '%s', expected '%s'",
					   path, group, artifact, p->version,
					   version);
		break;
	}
out:
	jar_info_release(&info);
	return ret;
}
