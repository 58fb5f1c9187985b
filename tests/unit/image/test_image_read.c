/*
 * image_read() on real image archives: one test per NAME.expect in the
 * fixture directory $JARBAKE_IMAGE_FIXTURES (tests/integration/image*.sh
 * points it at images built by buildah), or, when unset, in a directory
 * that tests/fixtures/mkimage.py fills now. The .expect format is
 * described in mkimage.py.
 */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <cmocka.h>

#include <dirent.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "image/image.h"
#include "core/strbuf.h"
#include "core/xalloc.h"

static char *fixture_dir;

struct expect {
	char **lines;
	size_t nr, alloc;
};

static void expect_load(struct expect *x, const char *name)
{
	char *path = xasprintf("%s/%s.expect", fixture_dir, name);
	FILE *f = fopen(path, "r");
	char line[8192];

	if (!f)
		fail_msg("cannot open %s", path);
	while (fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\n")] = '\0';
		if (!*line || *line == '#')
			continue;
		XGROW(x->lines, x->nr + 1, x->alloc);
		x->lines[x->nr++] = xstrdup(line);
	}
	fclose(f);
	free(path);
}

static void expect_release(struct expect *x)
{
	for (size_t i = 0; i < x->nr; i++)
		free(x->lines[i]);
	free(x->lines);
}

/* The value after "key " on the first such line, or NULL. */
static const char *expect_get(const struct expect *x, const char *key)
{
	size_t n = strlen(key);

	for (size_t i = 0; i < x->nr; i++)
		if (!strncmp(x->lines[i], key, n) &&
		    (x->lines[i][n] == ' ' || !x->lines[i][n]))
			return x->lines[i] + n + (x->lines[i][n] ? 1 : 0);
	return NULL;
}

/* Splits a line into words (modifies a copy); returns the count. */
static size_t words(const char *line, char *buf, size_t size, char **w,
		    size_t max)
{
	size_t n = 0;
	char *save = NULL;

	snprintf(buf, size, "%s", line);
	for (char *t = strtok_r(buf, " ", &save); t && n < max;
	     t = strtok_r(NULL, " ", &save))
		w[n++] = t;
	return n;
}

static const struct image_file *find_file(const struct image *img,
					  const char *path)
{
	for (size_t i = 0; i < img->nr_files; i++)
		if (!strcmp(img->files[i].path, path))
			return &img->files[i];
	fail_msg("no file %s in the image", path);
	return NULL;
}

static void dump_files(const struct image *img)
{
	for (size_t i = 0; i < img->nr_files; i++)
		print_message(
		    "  have: %s %s %llu %s\n", img->files[i].path,
		    img->files[i].sha256,
		    (unsigned long long)img->files[i].size,
		    img->files[i].link_target ? img->files[i].link_target : "");
}

static void check_files(const struct expect *x, const struct image *img)
{
	size_t k = 0;

	for (size_t i = 0; i < x->nr; i++) {
		char buf[8192], *w[8];
		size_t n;
		const struct image_file *f;

		if (strncmp(x->lines[i], "file ", 5))
			continue;
		n = words(x->lines[i], buf, sizeof(buf), w, 8);
		assert_true(n >= 4);
		if (k >= img->nr_files) {
			dump_files(img);
			fail_msg("missing file %s", w[1]);
		}
		f = &img->files[k++];
		if (!strcmp(w[2], "-"))
			w[2] = (char *)""; /* not read: a link to a non-JAR */
		if (strcmp(f->path, w[1]) || strcmp(f->sha256, w[2]) ||
		    f->size != strtoull(w[3], NULL, 10) ||
		    strcmp(f->link_target ? f->link_target : "",
			   n > 4 ? w[4] : "")) {
			dump_files(img);
			fail_msg("file %zu: want %s", k - 1, x->lines[i]);
		}
		assert_int_equal(f->is_jar, strstr(f->path, ".jar") != NULL);
		if (!*w[2])
			assert_true(f->jar_error);
	}
	if (k != img->nr_files) {
		dump_files(img);
		fail_msg("%zu files expected, %zu found", k, img->nr_files);
	}
}

static void check_dir(const struct image *img, char **w, size_t n)
{
	size_t *idx = NULL;
	size_t nr = image_list_dir(img, w[1], &idx);

	if (nr != n - 2) {
		for (size_t i = 0; i < nr; i++)
			print_message("  listed: %s\n",
				      img->files[idx[i]].path);
		fail_msg("dir %s: %zu files expected, %zu listed", w[1], n - 2,
			 nr);
	}
	for (size_t i = 0; i < nr; i++) {
		const char *base = strrchr(img->files[idx[i]].path, '/') + 1;

		if (strcmp(base, w[i + 2]))
			fail_msg("dir %s: %s listed, %s expected", w[1], base,
				 w[i + 2]);
	}
	free(idx);
}

static size_t count_rule(const struct image *img, const char *rule,
			 const char *text)
{
	size_t n = 0;

	for (size_t i = 0; i < img->integrity.nr; i++)
		if (!strcmp(img->integrity.items[i].rule, rule) &&
		    (!text || strstr(img->integrity.items[i].message, text)))
			n++;
	return n;
}

static void dump_findings(const struct image *img)
{
	for (size_t i = 0; i < img->integrity.nr; i++)
		print_message("  finding [%s] %s\n",
			      img->integrity.items[i].rule,
			      img->integrity.items[i].message);
}

static void check_line(const char *line, const struct image *img)
{
	char buf[8192], *w[64];
	size_t n = words(line, buf, sizeof(buf), w, 64);
	const struct image_file *f;

	if (!strcmp(w[0], "pom")) {
		bool found = false;

		f = find_file(img, w[1]);
		for (size_t i = 0; i < f->jar.nr_poms; i++) {
			char *gav = xasprintf("%s:%s:%s", f->jar.poms[i].group,
					      f->jar.poms[i].artifact,
					      f->jar.poms[i].version);
			found = found || !strcmp(gav, w[2]);
			free(gav);
		}
		if (!found || !f->jar.has_manifest_mf || f->jar_error)
			fail_msg("%s: no pom %s", w[1], w[2]);
	} else if (!strcmp(w[0], "jarerror")) {
		assert_true(find_file(img, w[1])->jar_error);
	} else if (!strcmp(w[0], "truncated")) {
		f = find_file(img, w[1]);
		assert_true(f->content_truncated);
		assert_int_equal(f->content_len, 1u << 20);
	} else if (!strcmp(w[0], "content")) {
		f = find_file(img, w[1]);
		assert_non_null(f->content);
		assert_non_null(strstr(f->content, w[2]));
	} else if (!strcmp(w[0], "find")) {
		f = image_find(img, w[1]);
		if (!strcmp(w[2], "-"))
			assert_null(f);
		else if (!f || strcmp(f->path, w[2]))
			fail_msg("image_find(%s): %s, want %s", w[1],
				 f ? f->path : "NULL", w[2]);
	} else if (!strcmp(w[0], "dir")) {
		check_dir(img, w, n);
	} else if (!strcmp(w[0], "integrity") || !strcmp(w[0], "unsafe")) {
		const char *text = line + strlen(w[0]) + 1;
		const char *rule = w[0][0] == 'i' ? "integrity" : "unsafe-path";

		if (!count_rule(img, rule, text)) {
			dump_findings(img);
			fail_msg("no %s finding saying '%s'", rule, text);
		}
	} else if (!strcmp(w[0], "integrity-count")) {
		if (count_rule(img, "integrity", NULL) !=
		    strtoul(w[1], NULL, 10)) {
			dump_findings(img);
			fail_msg("integrity findings: %s expected", w[1]);
		}
	} else if (!strcmp(w[0], "label")) {
		assert_non_null(image_label(img, w[1]));
		assert_string_equal(image_label(img, w[1]), w[2]);
	} else if (!strcmp(w[0], "env")) {
		assert_non_null(image_env(img, w[1]));
		assert_string_equal(image_env(img, w[1]), w[2]);
	} else if (!strcmp(w[0], "user")) {
		assert_string_equal(img->user, w[1]);
	} else if (!strcmp(w[0], "cmd")) {
		assert_int_equal(img->nr_cmd, n - 1);
		for (size_t i = 1; i < n; i++)
			assert_string_equal(img->cmd[i - 1], w[i]);
	} else if (!strcmp(w[0], "imgref")) {
		assert_non_null(img->ref);
		assert_string_equal(img->ref, w[1]);
	}
}

/* Runs image_read on source (or on it as standard input) and checks. */
static void run_one(const struct expect *x, const char *source, bool stdin)
{
	struct image_options opts = {.ref = expect_get(x, "ref")};
	struct image img = IMAGE_INIT;
	struct error e = ERROR_INIT;
	int saved = -1, rc;

	if (stdin) {
		int fd = open(source, O_RDONLY);

		assert_true(fd >= 0);
		saved = dup(0);
		dup2(fd, 0);
		close(fd);
		source = "-";
	}
	rc = image_read(source, &opts, &img, &e);
	if (stdin) {
		dup2(saved, 0);
		close(saved);
	}
	if (expect_get(x, "error")) {
		if (rc != -1 || e.code != EXIT_USAGE)
			fail_msg("%s: image_read should fail (rc %d)", source,
				 rc);
		for (size_t i = 0; i < x->nr; i++)
			if (!strncmp(x->lines[i], "error ", 6) &&
			    !strstr(e.message, x->lines[i] + 6))
				fail_msg("error '%s' lacks '%s'", e.message,
					 x->lines[i] + 6);
		assert_int_equal(img.nr_files, 0);
		return;
	}
	if (rc)
		fail_msg("%s: %s", source, e.message);
	if (!expect_get(x, "anyfiles"))
		check_files(x, &img);
	for (size_t i = 0; i < x->nr; i++)
		check_line(x->lines[i], &img);
	image_release(&img);
	image_release(&img); /* harmless twice */
	assert_null(img.files);
}

static void test_fixture(void **state)
{
	const char *name = *state;
	struct expect x = {0};
	char *source;

	expect_load(&x, name);
	for (size_t i = 0; i < x.nr; i++)
		if (!strncmp(x.lines[i], "setenv ", 7)) {
			char buf[512], *w[3];

			if (words(x.lines[i], buf, sizeof(buf), w, 3) == 3)
				setenv(w[1], w[2], 1);
		}
	assert_non_null(expect_get(&x, "source"));
	source = xasprintf("%s/%s", fixture_dir, expect_get(&x, "source"));
	run_one(&x, source, false);
	if (expect_get(&x, "stdin"))
		run_one(&x, source, true);
	unsetenv("JARBAKE_MAX_LAYER_BYTES");
	free(source);
	expect_release(&x);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int main(void)
{
	const char *dir = getenv("JARBAKE_IMAGE_FIXTURES");
	char tmpl[] = "/tmp/jarbake-image-fx.XXXXXX";
	struct CMUnitTest *tests = NULL;
	char **names = NULL;
	size_t nr = 0, alloc = 0;
	struct dirent *de;
	DIR *d;
	int ret;

	if (dir) {
		fixture_dir = xstrdup(dir);
	} else {
		char *cmd;

		if (!mkdtemp(tmpl))
			return 1;
		fixture_dir = xstrdup(tmpl);
		cmd = xasprintf("python3 tests/fixtures/mkimage.py %s", tmpl);
		if (system(cmd)) {
			fprintf(stderr, "cannot run %s\n", cmd);
			return 1;
		}
		free(cmd);
	}
	d = opendir(fixture_dir);
	if (!d)
		return 1;
	while ((de = readdir(d))) {
		size_t len = strlen(de->d_name);

		if (len > 7 && !strcmp(de->d_name + len - 7, ".expect")) {
			XGROW(names, nr + 1, alloc);
			names[nr++] = xstrndup(de->d_name, len - 7);
		}
	}
	closedir(d);
	if (!nr) {
		fprintf(stderr, "no fixtures in %s\n", fixture_dir);
		return 1;
	}
	qsort(names, nr, sizeof(*names), cmp_str);
	tests = xcalloc(nr, sizeof(*tests));
	for (size_t i = 0; i < nr; i++) {
		tests[i].name = names[i];
		tests[i].test_func = test_fixture;
		tests[i].initial_state = names[i];
	}
	ret = _cmocka_run_group_tests("image_read", tests, nr, NULL, NULL);
	if (!dir) {
		char *cmd = xasprintf("rm -rf %s", tmpl);

		if (system(cmd))
			ret = 1;
		free(cmd);
	}
	for (size_t i = 0; i < nr; i++)
		free(names[i]);
	free(names);
	free(tests);
	free(fixture_dir);
	return ret;
}
