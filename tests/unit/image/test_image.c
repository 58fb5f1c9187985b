/* The image reader's pure parts: path normalisation, the overlay view
 * (whiteouts, opaque directories, links), gzip inflating, the pipe. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "image/image.h"
#include "image/image_blob.h"
#include "image/image_pipe.h"
#include "image/image_view.h"
#include "core/inflate.h"
#include "image/layer.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static void expect_norm(const char *in, const char *want, bool want_clamped)
{
	char out[LAYER_PATH_MAX];
	bool clamped = false;

	assert_int_equal(layer_path_normalise(in, out, sizeof(out), &clamped),
			 0);
	assert_string_equal(out, want);
	assert_int_equal(clamped, want_clamped);
}

static void test_normalise(void **state)
{
	char small[8];

	(void)state;
	expect_norm("opt/spark/jars/a.jar", "opt/spark/jars/a.jar", false);
	expect_norm("./opt//spark/./jars/", "opt/spark/jars", false);
	expect_norm("/abs/x", "abs/x", false);
	expect_norm("a/b/../c", "a/c", false);
	expect_norm("../../etc/passwd", "etc/passwd", true);
	expect_norm("a/../../b", "b", true);
	expect_norm("/..", "", true);
	expect_norm(".", "", false);
	expect_norm("", "", false);
	assert_int_equal(
	    layer_path_normalise("abcdefgh", small, sizeof(small), NULL), -1);
	assert_int_equal(
	    layer_path_normalise("abc/defg", small, sizeof(small), NULL), -1);
	assert_int_equal(
	    layer_path_normalise("abc/def", small, sizeof(small), NULL), 0);
}

static void test_names(void **state)
{
	char hex[65];

	(void)state;
	assert_true(layer_name_is_jar("a.jar"));
	assert_true(layer_name_is_jar("A.JAR"));
	assert_true(
	    layer_name_is_jar(".jar")); /* a JVM class-path wildcard loads it */
	assert_false(layer_name_is_jar("a.jar.bak"));
	assert_true(layer_name_is_conf("spark-defaults.conf"));
	assert_string_equal(layer_basename("a/b/c.jar"), "c.jar");
	assert_string_equal(layer_basename("c.jar"), "c.jar");
	assert_true(image_blob_name_digest(
	    "blobs/sha256/"
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef",
	    hex));
	assert_string_equal(
	    hex,
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef");
	assert_true(image_blob_name_digest(
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef."
	    "tar",
	    hex));
	assert_false(image_blob_name_digest(
	    "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef/"
	    "layer.tar",
	    hex));
	assert_false(image_blob_name_digest(
	    "blobs/sha256/"
	    "0123456789ABCDEF0123456789abcdef0123456789abcdef0123456789abcdef",
	    hex));
	assert_false(image_blob_name_digest("manifest.json", hex));
}

/* A layer built by hand. */
static struct layer_file *file_of(const char *tag)
{
	struct layer_file *f = xcalloc(1, sizeof(*f));

	f->refs = 1;
	snprintf(f->sha256, sizeof(f->sha256), "%s", tag);
	f->size = strlen(tag);
	return f;
}

static void add(struct layer *l, enum layer_entry_type type, const char *path,
		const char *arg)
{
	struct layer_entry *e =
	    layer_add(l, type, path, type == LAYER_REG ? NULL : arg);

	if (type == LAYER_REG)
		e->file = file_of(arg);
}

static void apply(struct image_view *v, struct layer *l)
{
	image_view_apply(v, l);
	layer_release(l);
}

/* The content tag at path (following links), or NULL. */
static const char *tag_at(struct image_view *v, const char *path)
{
	struct view_node *n = image_view_lookup(v, path, true);
	struct layer_file *f = n ? view_node_file(n) : NULL;

	return f ? f->sha256 : NULL;
}

static void collect(void *ctx, const char *path, const struct view_node *dir,
		    struct layer_file *f, const char *target)
{
	struct strbuf *sb = ctx;

	(void)dir;
	strbuf_addf(sb, "%s=%s%s%s;", path, f->sha256, target ? "@" : "",
		    target ? target : "");
}

static char *all_files(struct image_view *v)
{
	struct strbuf sb = STRBUF_INIT;

	strbuf_adds(&sb, "");
	image_view_each_file(v, collect, &sb);
	return strbuf_detach(&sb, NULL);
}

static void test_replace_and_whiteout(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;
	char *s;

	(void)state;
	add(&l, LAYER_DIR, "opt/jars", NULL);
	add(&l, LAYER_REG, "opt/jars/a.jar", "A1");
	add(&l, LAYER_REG, "opt/jars/b.jar", "B1");
	add(&l, LAYER_REG, "opt/jars/c.jar", "C1");
	add(&l, LAYER_REG, "opt/other/x.jar", "X1"); /* parents implied */
	apply(v, &l);
	/* Whiteouts apply to lower layers only, whatever their position. */
	add(&l, LAYER_REG, "opt/jars/a.jar", "A2");
	add(&l, LAYER_REG, "opt/jars/c.jar", "C2");
	add(&l, LAYER_WHITEOUT, "opt/jars/c.jar", NULL);
	add(&l, LAYER_WHITEOUT, "opt/jars/b.jar", NULL);
	add(&l, LAYER_WHITEOUT, "opt/other", NULL);
	add(&l, LAYER_WHITEOUT, "no/such/thing", NULL);
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "/opt/jars/a.jar=A2;/opt/jars/c.jar=C2;");
	free(s);
	assert_null(image_view_lookup(v, "/opt/other", true));
	assert_null(image_view_lookup(v, "/no/such", true));
	/* A file replaces a directory with everything below it. */
	add(&l, LAYER_REG, "opt/jars", "FILE");
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "");
	free(s);
	assert_string_equal(tag_at(v, "/opt/jars"), "FILE");
	/* A file verify does not read takes no node, but still replaces. */
	layer_add(&l, LAYER_REG, "opt", NULL);
	apply(v, &l);
	assert_null(image_view_lookup(v, "/opt", false));
	assert_null(image_view_lookup(v, "/opt/jars", false));
	image_view_free(v);
}

static void test_opaque(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;
	char *s;

	(void)state;
	add(&l, LAYER_REG, "lib/old.jar", "OLD");
	add(&l, LAYER_REG, "lib/sub/deep.jar", "DEEP");
	add(&l, LAYER_REG, "keep/k.jar", "K");
	apply(v, &l);
	add(&l, LAYER_REG, "lib/new.jar", "NEW");
	add(&l, LAYER_OPAQUE, "lib", NULL); /* after its sibling: same effect */
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "/keep/k.jar=K;/lib/new.jar=NEW;");
	free(s);
	/* An opaque directory where a lower layer had a link hides the
	 * link, not what it points to. */
	add(&l, LAYER_SYMLINK, "link", "keep");
	apply(v, &l);
	add(&l, LAYER_OPAQUE, "link", NULL);
	add(&l, LAYER_DIR, "link", NULL);
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "/keep/k.jar=K;/lib/new.jar=NEW;");
	free(s);
	assert_int_equal(view_node_type(image_view_lookup(v, "/link", false)),
			 LAYER_DIR);
	/* An opaque root hides everything below. */
	add(&l, LAYER_OPAQUE, "", NULL);
	add(&l, LAYER_REG, "z.jar", "Z");
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "/z.jar=Z;");
	free(s);
	image_view_free(v);
}

static void test_symlinks(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;
	size_t failed;
	char *s;

	(void)state;
	add(&l, LAYER_REG, "usr/share/java/ext-2.jar", "EXT");
	add(&l, LAYER_DIR, "opt/spark/jars", NULL);
	add(&l, LAYER_SYMLINK, "opt/spark/jars/ext.jar",
	    "/usr/share/java/ext-2.jar");
	add(&l, LAYER_SYMLINK, "opt/spark/jars/rel.jar",
	    "../../../../../../../usr/share/java/ext-2.jar");
	add(&l, LAYER_SYMLINK, "opt/app", "spark"); /* relative dir link */
	add(&l, LAYER_SYMLINK, "abs", "/opt/spark/jars");
	add(&l, LAYER_SYMLINK, "loop/a.jar", "b.jar");
	add(&l, LAYER_SYMLINK, "loop/b.jar", "a.jar");
	add(&l, LAYER_SYMLINK, "loop/self", ".");
	add(&l, LAYER_SYMLINK, "escape", "../../../../..");
	add(&l, LAYER_SYMLINK, "dangling.jar", "/nowhere.jar");
	apply(v, &l);
	assert_string_equal(tag_at(v, "/opt/spark/jars/ext.jar"), "EXT");
	assert_string_equal(tag_at(v, "/opt/spark/jars/rel.jar"), "EXT");
	assert_string_equal(tag_at(v, "/opt/app/jars/ext.jar"), "EXT");
	assert_string_equal(tag_at(v, "abs/rel.jar"), "EXT");
	assert_string_equal(tag_at(v, "/escape/usr/share/java/ext-2.jar"),
			    "EXT");
	assert_string_equal(tag_at(v, "/../../usr/share/java/ext-2.jar"),
			    "EXT");
	assert_null(tag_at(v, "/loop/a.jar"));
	assert_null(tag_at(v, "/dangling.jar"));
	/* Not following the last link gives the link itself. */
	assert_int_equal(view_node_type(image_view_lookup(v, "/abs", false)),
			 LAYER_SYMLINK);
	assert_int_equal(view_node_type(image_view_lookup(v, "/abs", true)),
			 LAYER_DIR);
	/* Many hops through "." stay under the cap... */
	assert_non_null(
	    image_view_lookup(v, "/loop/self/self/self/self", true));
	/* ...but 41 do not. */
	{
		struct strbuf p = STRBUF_INIT;

		strbuf_adds(&p, "/loop");
		for (int i = 0; i <= VIEW_MAX_HOPS; i++)
			strbuf_adds(&p, "/self");
		assert_null(image_view_lookup(v, p.buf, true));
		strbuf_release(&p);
	}
	/* An entry under a linked directory lands in the link's target. */
	add(&l, LAYER_REG, "opt/app/jars/new.jar", "NEW");
	add(&l, LAYER_REG, "abs/abs.jar", "ABS");
	/* A hard link to a file, and one to a name the view does not hold
	 * (a file not read, from an earlier layer): kept, unread, so that
	 * verify reports it. One to a missing directory fails. */
	add(&l, LAYER_HARDLINK, "hard.jar", "usr/share/java/ext-2.jar");
	add(&l, LAYER_HARDLINK, "bad.jar", "no/such.jar");
	add(&l, LAYER_HARDLINK, "bad.txt", "no/such.txt");
	failed = image_view_apply(v, &l);
	layer_release(&l);
	assert_int_equal(failed, 1);
	s = all_files(v);
	/* Dangling and looping links named *.jar are listed, unread. */
	assert_string_equal(
	    s, "/bad.jar=;/dangling.jar=;/hard.jar=EXT;/loop/a.jar=;"
	       "/loop/b.jar=;"
	       "/opt/spark/jars/abs.jar=ABS;"
	       "/opt/spark/jars/ext.jar=EXT@/usr/share/java/ext-2.jar;"
	       "/opt/spark/jars/new.jar=NEW;"
	       "/opt/spark/jars/rel.jar=EXT@/usr/share/java/ext-2.jar;"
	       "/usr/share/java/ext-2.jar=EXT;");
	free(s);
	/* The structure survives pruning the files. */
	image_view_prune(v);
	assert_int_equal(
	    view_node_type(image_view_lookup(v, "/opt/app/jars", true)),
	    LAYER_DIR);
	assert_null(image_view_lookup(v, "/hard.jar", true));
	{
		char *path = view_node_path(image_view_lookup(v, "/abs", true));

		assert_string_equal(path, "/opt/spark/jars");
		free(path);
	}
	image_view_free(v);
}

static void test_symlink_replaced_by_dir(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;
	char *s;

	(void)state;
	add(&l, LAYER_REG, "real/a.jar", "A");
	add(&l, LAYER_SYMLINK, "jars", "real");
	apply(v, &l);
	/* A directory entry replaces the link (the last name is never
	 * followed), and later files go in the new directory. */
	add(&l, LAYER_DIR, "jars", NULL);
	add(&l, LAYER_REG, "jars/b.jar", "B");
	apply(v, &l);
	s = all_files(v);
	assert_string_equal(s, "/jars/b.jar=B;/real/a.jar=A;");
	free(s);
	image_view_free(v);
}

/*
 * Relative links inside deep directories, each under the one before, build
 * a tree far deeper than any one path: the view caps the depth so that the
 * recursive walks over it (listing, freeing) cannot exhaust the stack.
 */
static void test_depth_cap(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;
	struct strbuf deep = STRBUF_INIT, at = STRBUF_INIT;
	struct view_node *n;
	char *s, *path;
	size_t depth = 0;

	(void)state;
	for (int i = 0; i < 1900; i++)
		strbuf_adds(&deep, i ? "/a" : "a");
	/* d/L -> a/.../a, d/L/L -> a/.../a (from d/L's target), ... */
	strbuf_adds(&at, "d");
	for (int i = 0; i < 38; i++) {
		strbuf_adds(&at, "/L");
		add(&l, LAYER_SYMLINK, at.buf, deep.buf);
		image_view_apply(v, &l);
		layer_release(&l);
	}
	strbuf_adds(&at, "/f.jar");
	add(&l, LAYER_REG, at.buf, "F");
	apply(v, &l);
	s = all_files(v); /* must not overflow the stack */
	free(s);
	n = image_view_lookup(v, at.buf, true);
	path = n ? view_node_path(n) : NULL;
	for (const char *p = path; p && *p; p++)
		depth += *p == '/';
	assert_true(depth <= VIEW_MAX_DEPTH);
	free(path);
	image_view_free(v);
	strbuf_release(&deep);
	strbuf_release(&at);
}

/* The view holds a bounded number of names, and says when it is full. */
static void test_node_cap(void **state)
{
	struct image_view *v = image_view_new();
	struct layer l = LAYER_INIT;

	(void)state;
	image_view_set_max_nodes(v, 5);
	add(&l, LAYER_REG, "a/b/c/d.jar", "D");
	apply(v, &l);
	assert_false(image_view_full(v));
	add(&l, LAYER_REG, "a/b/e/f/g.jar", "G");
	assert_int_equal(image_view_apply(v, &l), 1);
	layer_release(&l);
	assert_true(image_view_full(v));
	assert_string_equal(tag_at(v, "a/b/c/d.jar"), "D");
	image_view_free(v);
}

/* A ustar header for an empty regular file named name. */
static void tar_header(unsigned char h[512], const char *name)
{
	unsigned sum = 0;

	memset(h, 0, 512);
	snprintf((char *)h, 100, "%s", name);
	memcpy(h + 100, "0000644", 7);
	memcpy(h + 108, "0000000", 7);
	memcpy(h + 116, "0000000", 7);
	memcpy(h + 124, "00000000000", 11);
	memcpy(h + 136, "00000000000", 11);
	h[156] = '0';
	memcpy(h + 257, "ustar", 6);
	memcpy(h + 263, "00", 2);
	memset(h + 148, ' ', 8);
	for (int i = 0; i < 512; i++)
		sum += h[i];
	snprintf((char *)h + 148, 8, "%06o", sum);
	h[155] = ' ';
}

struct tar_src {
	const unsigned char *data;
	size_t len;
	bool done;
};

static ssize_t tar_read(void *ctx, const void **buf)
{
	struct tar_src *t = ctx;

	if (t->done)
		return 0;
	t->done = true;
	*buf = t->data;
	return (ssize_t)t->len;
}

/* A layer record holds a bounded amount of names: long paths in many
 * entries are refused, not kept until memory runs out. */
static void test_layer_name_cap(void **state)
{
	enum { N = 100 };
	unsigned char *tar = xcalloc(N + 2, 512);
	struct layer_options opts = {0, 0, 0, 0, "test"};
	struct layer l = LAYER_INIT;
	struct error e = ERROR_INIT;
	struct tar_src src = {tar, (N + 2) * 512, false};

	(void)state;
	for (int i = 0; i < N; i++) {
		char name[100];

		snprintf(name, sizeof(name), "usr/share/doc/%070d", i);
		tar_header(tar + i * 512, name);
	}
	assert_int_equal(layer_read(&l, tar_read, &src, &opts, &e), 0);
	assert_int_equal(l.nr, N);
	layer_release(&l);
	opts.max_name_bytes = 4096;
	src.done = false;
	assert_int_equal(layer_read(&l, tar_read, &src, &opts, &e), -1);
	assert_non_null(
	    strstr(e.message, "more than 4096 bytes of file names"));
	layer_release(&l);
	free(tar);
}

/* All layer records of an archive together hold a bounded amount of
 * names: the one past the budget fails and its record is dropped. */
static void test_blob_name_budget(void **state)
{
	enum { N = 40 };
	unsigned char *tar = xcalloc(N + 2, 512);
	struct blob_set s;
	struct error e = ERROR_INIT;
	struct tar_src a = {tar, (N + 2) * 512, false}, b = a;
	struct blob *first, *second;

	(void)state;
	for (int i = 0; i < N; i++) {
		char name[100];

		snprintf(name, sizeof(name), "usr/share/doc/%070d", i);
		tar_header(tar + i * 512, name);
	}
	blob_set_init(&s);
	s.max_name_bytes = 5000; /* one layer's names fit, not two */
	first = blob_set_add(&s, "a/layer.tar", tar_read, &a, false, &e);
	second = blob_set_add(&s, "b/layer.tar", tar_read, &b, false, &e);
	assert_non_null(first);
	assert_non_null(second);
	blob_set_wait(&s);
	assert_int_equal(first->kind, BLOB_LAYER);
	assert_false(first->err.set);
	assert_int_equal(first->layer.nr, N);
	assert_true(second->err.set);
	assert_non_null(strstr(second->err.message, "bytes of file names"));
	assert_int_equal(second->layer.nr, 0);
	blob_set_release(&s);
	free(tar);
}

struct sink {
	struct strbuf out;
};

static int to_strbuf(void *ctx, const void *data, size_t len, struct error *e)
{
	(void)e;
	strbuf_add(&((struct sink *)ctx)->out, data, len);
	return 0;
}

/* gzip -c of "hello\n" and of "world\n" (two members). */
static const unsigned char gz_hello[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x03, 0xcb, 0x48, 0xcd, 0xc9, 0xc9, 0xe7, 0x02, 0x00,
    0x20, 0x30, 0x3a, 0x36, 0x06, 0x00, 0x00, 0x00};
static const unsigned char gz_world[] = {
    0x1f, 0x8b, 0x08, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    0x03, 0x2b, 0xcf, 0x2f, 0xca, 0x49, 0xe1, 0x02, 0x00,
    0xa8, 0x61, 0x38, 0xdd, 0x06, 0x00, 0x00, 0x00};

static int inflate_bytes(const unsigned char *data, size_t len, size_t step,
			 struct strbuf *out, struct error *e)
{
	struct sink s = {STRBUF_INIT};
	struct gz_inflater *z = gz_inflater_new(to_strbuf, &s);
	int ret = 0;

	strbuf_adds(&s.out, "");
	for (size_t i = 0; i < len && !ret; i += step)
		ret = gz_inflater_feed(z, data + i,
				       len - i < step ? len - i : step, e);
	if (!ret)
		ret = gz_inflater_finish(z, e);
	gz_inflater_free(z);
	*out = s.out;
	return ret;
}

/* Direct mode: rooms of a few bytes, so output is often pending. */
struct tiny_room {
	unsigned char buf[7];
	size_t size;
	struct strbuf out;
};

static void *tiny(void *ctx, size_t *len)
{
	struct tiny_room *t = ctx;

	*len = t->size;
	return t->buf;
}

static int tiny_sink(void *ctx, const void *data, size_t len, struct error *e)
{
	struct tiny_room *t = ctx;

	(void)e;
	assert_ptr_equal(data, t->buf);
	strbuf_add(&t->out, data, len);
	return 0;
}

static void test_inflate_direct(void **state)
{
	(void)state;
	for (size_t size = 1; size <= 7; size += 3) {
		struct tiny_room t = {.size = size, .out = STRBUF_INIT};
		struct gz_inflater *z =
		    gz_inflater_new_direct(tiny, tiny_sink, &t);
		struct error e = ERROR_INIT;

		strbuf_adds(&t.out, "");
		assert_int_equal(
		    gz_inflater_feed(z, gz_hello, sizeof(gz_hello), &e), 0);
		assert_int_equal(
		    gz_inflater_feed(z, gz_world, sizeof(gz_world), &e), 0);
		assert_int_equal(gz_inflater_finish(z, &e), 0);
		assert_string_equal(t.out.buf, "hello\nworld\n");
		assert_int_equal(gz_inflater_total_out(z), 12);
		gz_inflater_free(z);
		strbuf_release(&t.out);
	}
}

static void test_inflate(void **state)
{
	unsigned char two[sizeof(gz_hello) + sizeof(gz_world) + 16] = {0};
	struct strbuf out;
	struct error e = ERROR_INIT;

	(void)state;
	memcpy(two, gz_hello, sizeof(gz_hello));
	memcpy(two + sizeof(gz_hello), gz_world, sizeof(gz_world));
	/* Two members, then zero padding; whole and byte by byte. */
	for (size_t step = 1; step <= sizeof(two); step += sizeof(two) - 1) {
		assert_int_equal(
		    inflate_bytes(two, sizeof(two), step, &out, &e), 0);
		assert_string_equal(out.buf, "hello\nworld\n");
		strbuf_release(&out);
	}
	/* Truncated. */
	assert_int_equal(
	    inflate_bytes(gz_hello, sizeof(gz_hello) - 3, 64, &out, &e), -1);
	assert_non_null(strstr(e.message, "truncated"));
	strbuf_release(&out);
	err_clear(&e);
	/* A flipped bit in the data: CRC or deflate error. */
	{
		unsigned char bad[sizeof(gz_hello)];

		memcpy(bad, gz_hello, sizeof(bad));
		bad[12] ^= 1;
		assert_int_equal(inflate_bytes(bad, sizeof(bad), 64, &out, &e),
				 -1);
		strbuf_release(&out);
		err_clear(&e);
	}
	/* Garbage after a member. */
	memcpy(two + sizeof(gz_hello), "xyz", 3);
	assert_int_equal(inflate_bytes(two, sizeof(gz_hello) + 3, 64, &out, &e),
			 -1);
	assert_non_null(strstr(e.message, "garbage"));
	strbuf_release(&out);
}

static void test_layer_cap(void **state)
{
	(void)state;
	unsetenv("JARBAKE_MAX_LAYER_BYTES");
	assert_true(image_max_layer_bytes() == 64ull << 30);
	setenv("JARBAKE_MAX_LAYER_BYTES", "1000", 1);
	assert_true(image_max_layer_bytes() == 1000);
	setenv("JARBAKE_MAX_LAYER_BYTES", "32M", 1);
	assert_true(image_max_layer_bytes() == 32u << 20);
	setenv("JARBAKE_MAX_LAYER_BYTES", "2g", 1);
	assert_true(image_max_layer_bytes() == 2ull << 30);
	/* Nonsense or overflow: the default, never no cap at all. */
	setenv("JARBAKE_MAX_LAYER_BYTES", "12X", 1);
	assert_true(image_max_layer_bytes() == 64ull << 30);
	setenv("JARBAKE_MAX_LAYER_BYTES", "99999999999999999G", 1);
	assert_true(image_max_layer_bytes() == 64ull << 30);
	unsetenv("JARBAKE_MAX_LAYER_BYTES");
}

struct producer {
	struct image_pipe *p;
	size_t total;
};

static void *produce(void *arg)
{
	struct producer *pr = arg;
	unsigned char buf[1000];

	for (size_t sent = 0; sent < pr->total; sent += sizeof(buf)) {
		for (size_t i = 0; i < sizeof(buf); i++)
			buf[i] = (unsigned char)((sent + i) % 251);
		if (sent % 2000) {
			/* Half of it through reserve and commit, in pieces. */
			size_t done = 0;

			while (done < sizeof(buf)) {
				size_t room;
				unsigned char *dst =
				    image_pipe_reserve(pr->p, &room);

				if (!dst)
					goto out;
				if (room > sizeof(buf) - done)
					room = sizeof(buf) - done;
				memcpy(dst, buf + done, room);
				image_pipe_commit(pr->p, room);
				done += room;
			}
		} else if (image_pipe_write(pr->p, buf, sizeof(buf)) < 0) {
			break;
		}
	}
out:
	image_pipe_close(pr->p, 0);
	return NULL;
}

/* Everything a producer sends arrives, in order, whatever the shape. */
static void pipe_round_trip(size_t nbufs, size_t bufsize, size_t total)
{
	struct producer pr = {image_pipe_new(nbufs, bufsize), total};
	pthread_t t;
	size_t got = 0;
	bool ok = true;
	const void *buf;
	ssize_t n;

	pthread_create(&t, NULL, produce, &pr);
	while ((n = image_pipe_read(pr.p, &buf)) > 0) {
		const unsigned char *b = buf;

		for (ssize_t i = 0; i < n; i++)
			ok = ok && b[i] == (got + (size_t)i) % 251;
		got += (size_t)n;
	}
	pthread_join(t, NULL);
	assert_int_equal(n, 0);
	assert_true(ok);
	assert_int_equal(got, total);
	image_pipe_free(pr.p);
}

static void test_pipe(void **state)
{
	struct producer pr = {NULL, 1000 * 1000};
	pthread_t t;
	const void *buf;

	(void)state;
	/* With 2, 3, 8, 16 buffers, pieces that straddle them, and inputs
	 * that never fill one (the close must wake the reader). */
	pipe_round_trip(3, 4096, 1000 * 1000);
	pipe_round_trip(2, 4096, 1000 * 1000);
	pipe_round_trip(8, 4096, 1000 * 1000);
	pipe_round_trip(8, 1000, 1000 * 1000);
	pipe_round_trip(8, 4096, 3000);
	pipe_round_trip(16, 65536, 1000);

	/* The consumer gives up: the producer's writes fail, no hang, with
	 * 2 and 8 buffers. */
	for (size_t nbufs = 2; nbufs <= 8; nbufs += 6) {
		pr.p = image_pipe_new(nbufs, 1024);
		pthread_create(&t, NULL, produce, &pr);
		assert_true(image_pipe_read(pr.p, &buf) > 0);
		image_pipe_abort(pr.p);
		pthread_join(t, NULL);
		assert_int_equal(image_pipe_read(pr.p, &buf), -1);
		image_pipe_free(pr.p);
	}

	/* A producer that fails: the reader gets -1, not a short end. */
	pr.p = image_pipe_new(8, 1024);
	assert_int_equal(image_pipe_write(pr.p, "abc", 3), 0);
	image_pipe_close(pr.p, 1);
	assert_int_equal(image_pipe_read(pr.p, &buf), -1);
	image_pipe_free(pr.p);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
	    cmocka_unit_test(test_normalise),
	    cmocka_unit_test(test_names),
	    cmocka_unit_test(test_replace_and_whiteout),
	    cmocka_unit_test(test_opaque),
	    cmocka_unit_test(test_symlinks),
	    cmocka_unit_test(test_symlink_replaced_by_dir),
	    cmocka_unit_test(test_depth_cap),
	    cmocka_unit_test(test_node_cap),
	    cmocka_unit_test(test_layer_name_cap),
	    cmocka_unit_test(test_blob_name_budget),
	    cmocka_unit_test(test_inflate),
	    cmocka_unit_test(test_inflate_direct),
	    cmocka_unit_test(test_pipe),
	    cmocka_unit_test(test_layer_cap),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
