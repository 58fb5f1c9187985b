/* verify on a real image: the image reader's view fed to the policy. */
#include <stdlib.h>
#include <string.h>

#include "core/fsutil.h"
#include "core/strbuf.h"
#include "core/xalloc.h"
#include "fetch/dockerfile.h"
#include "image/image.h"
#include "jar/classes.h"
#include "lint/lint.h"
#include "jar/bytecode.h"
#include "verify/classref.h"
#include "verify/conf.h"
#include "verify/verify.h"

/* Largest --conf file read. */
#define CONF_FILE_MAX (16u << 20)

/* $SPARK_CONF_DIR (else $SPARK_HOME/conf)/name in img. */
static const struct image_file *spark_conf(const struct image *img,
					   const char *name)
{
	const char *home = image_env(img, "SPARK_HOME");
	const char *conf_dir = image_env(img, "SPARK_CONF_DIR");
	char *dir =
	    conf_dir && *conf_dir
		? xstrdup(conf_dir)
		: verify_join_path(home && *home ? home : "/opt/spark", "conf");
	char *path = verify_join_path(dir, name);
	const struct image_file *f = image_find(img, path);

	free(path);
	free(dir);
	return f;
}

/* A configuration file Spark reads, through lint's rules. */
static void check_conf_file(const struct image_file *f, struct findings *out)
{
	struct error e = ERROR_INIT;

	if (!f)
		return;
	/* A link to a file of another name (or to nothing): its bytes were
	 * not read, and Spark reads the target; not checked is not clean. */
	if (!f->content) {
		findings_add(out, f->path, 0, 0, SEVERITY_ERROR, "runtime-jars",
			     "'%s' is a link%s%s%s whose content verify does "
			     "not read: the settings Spark takes from it were "
			     "not checked (make it a regular file)",
			     f->path, f->link_target ? " to '" : "",
			     f->link_target ? f->link_target : "",
			     f->link_target ? "'" : "");
		return;
	}
	/* Spark reads what lint cannot (a NUL byte, the bytes past the
	 * cap): not checked is not clean. */
	if (lint_buffer(f->path, f->content, f->content_len, out, &e))
		findings_add(out, f->path, 0, 0, SEVERITY_ERROR, "runtime-jars",
			     "cannot read as text (%s): the settings Spark "
			     "takes from it were not checked",
			     e.message);
	if (f->content_truncated)
		findings_add(out, f->path, 0, 0, SEVERITY_ERROR, "runtime-jars",
			     "only the first %zu bytes were checked: the "
			     "settings Spark takes from the rest were not",
			     f->content_len);
}

/*
 * spark-env.sh runs with "set -a" before Spark reads its configuration: a
 * SPARK_CONF_DIR or SPARK_HOME it sets moves spark-defaults.conf and the
 * JARs where verify, reading the image's Env, does not look.
 */
static void check_env_script(const struct image_file *f, struct findings *out)
{
	static const char *const vars[] = {"SPARK_CONF_DIR", "SPARK_HOME"};
	const char *p = f && f->content ? f->content : NULL;
	const char *end = p ? p + f->content_len : NULL;
	unsigned line = 1;

	for (; p && p < end; line++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *le = nl ? nl : end;
		const char *w = p + strspn(p, " \t");

		if (le - w > 7 && !memcmp(w, "export", 6) &&
		    (w[6] == ' ' || w[6] == '\t'))
			w += 6 + strspn(w + 6, " \t");
		for (size_t i = 0; i < sizeof(vars) / sizeof(*vars); i++) {
			size_t n = strlen(vars[i]);

			if ((size_t)(le - w) > n && !memcmp(w, vars[i], n) &&
			    w[n] == '=')
				findings_add(out, f->path, line,
					     (unsigned)(w - p) + 1,
					     SEVERITY_ERROR, "runtime-jars",
					     "sets %s: Spark then reads its "
					     "configuration or JARs from where "
					     "the script says, which verify "
					     "does not follow: not checked",
					     vars[i]);
		}
		p = nl ? nl + 1 : end;
	}
}

/*
 * Spark's launcher loads every JAR of $SPARK_HOME/jars: when SPARK_HOME
 * puts that elsewhere than jars_dir, the JARs verified are not the JARs
 * Spark runs.
 */
static void check_spark_home(const struct manifest *m, const struct image *img,
			     struct findings *out)
{
	const char *home = image_env(img, "SPARK_HOME");
	char *jars;

	if (!home || !*home)
		return;
	jars = verify_join_path(home, "jars");
	if (!image_same_dir(img, jars, m->image.jars_dir))
		findings_add(out, "config.Env", 0, 0, SEVERITY_ERROR,
			     "jars-dir",
			     "SPARK_HOME=%s: Spark loads the JARs of '%s', not "
			     "those of jars_dir '%s' that verify checked",
			     home, jars, m->image.jars_dir);
	free(jars);
}

/*
 * "--properties-file FILE" (or "=FILE") anywhere in text, a word of Cmd,
 * Entrypoint or an Env value (also inside "sh -c '...'"): Spark then reads
 * FILE instead of spark-defaults.conf. verify reads only the files it
 * knows by name: one it holds is checked, any other is reported unchecked.
 */
static void check_properties_files(const struct image *img, const char *origin,
				   const char *text, struct findings *out)
{
	static const char opt[] = "--properties-file";
	const char *p = text;

	while ((p = strstr(p, opt)) != NULL) {
		const char *v = p + sizeof(opt) - 1;
		size_t len;
		char *file;
		const struct image_file *f;

		p = v;
		if (*v != '=' && *v != ' ' && *v != '\t' && *v != '\0')
			continue;
		v += strspn(v, "= \t\"'");
		len = strcspn(v, " \t\n\"';&|");
		if (!len)
			continue;
		file = xstrndup(v, len);
		f = file[0] == '/' ? image_find(img, file) : NULL;
		if (f && f->content)
			check_conf_file(f, out);
		else
			findings_add(out, origin, 0, 0, SEVERITY_ERROR,
				     "runtime-jars",
				     "'--properties-file %s': Spark reads its "
				     "settings from '%s' instead of "
				     "spark-defaults.conf, and verify does not "
				     "read it: not checked",
				     file, file);
		free(file);
	}
}

/* spark.jars* in spark-defaults.conf and spark-env.sh, --jars/--packages
 * in Env, Cmd and Entrypoint: the lint rules. */
static void check_runtime(const struct image *img, struct findings *out)
{
	check_conf_file(spark_conf(img, "spark-defaults.conf"), out);
	check_conf_file(spark_conf(img, "spark-env.sh"), out);
	check_env_script(spark_conf(img, "spark-env.sh"), out);
	for (size_t i = 0; i < img->nr_env; i++)
		check_properties_files(img, "config.Env", img->env[i], out);
	if (img->nr_entrypoint || img->nr_cmd) {
		/* one command line: "--properties-file" and its value may be
		 * two words, or the two halves */
		struct strbuf line = STRBUF_INIT;

		for (size_t i = 0; i < img->nr_entrypoint + img->nr_cmd; i++) {
			strbuf_adds(&line, i ? " " : "");
			strbuf_adds(&line,
				    i < img->nr_entrypoint
					? img->entrypoint[i]
					: img->cmd[i - img->nr_entrypoint]);
		}
		check_properties_files(img,
				       img->nr_entrypoint ? "config.Entrypoint"
							  : "config.Cmd",
				       line.buf, out);
		strbuf_release(&line);
	}
	for (size_t i = 0; i < img->nr_env; i++)
		lint_env("config.Env", img->env[i], out);
	/* ENTRYPOINT and CMD run as one command line: a launcher entrypoint
	 * with --jars in CMD is caught. */
	if (img->nr_entrypoint || img->nr_cmd)
		lint_command(img->nr_entrypoint ? "config.Entrypoint"
						: "config.Cmd",
			     img->entrypoint, img->nr_entrypoint, img->cmd,
			     img->nr_cmd, out);
}

/* ---- classes named by configuration ---- */

struct class_check {
	struct classpath cp;
	struct verify_report *r;
};

static void on_setting(void *arg, const struct classref_setting *s)
{
	struct class_check *c = arg;

	if (!classref_match(s->key, strlen(s->key)))
		return;
	c->r->nr_class_refs++;
	classref_check(&c->cp, s, &c->r->findings);
}

/*
 * Every class-valued setting of the image's spark-defaults.conf, Env, Cmd
 * and Entrypoint and of the --conf files, against the classes of the JARs
 * in jars_dir.
 */
static int check_class_names(const struct image *img,
			     const struct verify_file *files, size_t nr,
			     const struct verify_options *o,
			     struct verify_report *r, struct error *e)
{
	struct class_check c = {CLASSPATH_INIT, r};
	const struct image_file *f = spark_conf(img, "spark-defaults.conf");
	int ret = 0;

	for (size_t i = 0; i < nr; i++)
		classpath_add(&c.cp, verify_base_name(files[i].path),
			      files[i].jar);
	if (f && f->content)
		conf_text_settings(f->path, f->content, f->content_len,
				   on_setting, &c, NULL);
	for (size_t i = 0; i < img->nr_env; i++)
		conf_env_settings("config.Env", img->env[i], on_setting, &c);
	conf_argv_settings("config.Entrypoint", img->entrypoint,
			   img->nr_entrypoint, on_setting, &c);
	conf_argv_settings("config.Cmd", img->cmd, img->nr_cmd, on_setting, &c);
	for (size_t i = 0; o && i < o->nr_conf_files && !ret; i++) {
		char *text = NULL;
		size_t len = 0;

		if (fs_read_file(o->conf_files[i], CONF_FILE_MAX, &text, &len,
				 EXIT_USAGE, e) ||
		    conf_text_settings(o->conf_files[i], text, len, on_setting,
				       &c, e))
			ret = -1;
		free(text);
	}
	classpath_release(&c.cp);
	return ret;
}

/* ---- bytecode level ---- */

/*
 * The image's Java: the release file of $JAVA_HOME, else JAVA_VERSION in
 * the config's Env. Sets r->java_version and r->java_source.
 */
static void find_java(const struct image *img, struct verify_report *r)
{
	const char *home = image_env(img, "JAVA_HOME");
	const char *version = image_env(img, "JAVA_VERSION");

	if (home && *home) {
		char *path = verify_join_path(home, "release");
		const struct image_file *f = image_find(img, path);

		if (f && f->content)
			r->java_version = bytecode_release_feature(
			    f->content, f->content_len);
		if (r->java_version)
			r->java_source = xstrdup(f->path);
		free(path);
	}
	if (!r->java_version && version) {
		r->java_version = bytecode_java_feature(version);
		if (r->java_version)
			r->java_source =
			    xasprintf("JAVA_VERSION=%s in config.Env", version);
	}
}

/* JARs the base image did not bring (the manifest's, stale, unexpected). */
static bool is_added(const struct verify_entry *en)
{
	return en->present && en->jar && en->status != VERIFY_BASE &&
	       en->status != VERIFY_BASE_OK &&
	       en->status != VERIFY_BASE_MISMATCH;
}

/* The added JARs against the image's Java. */
static void check_bytecode(const struct image *img, struct verify_report *r)
{
	bool any = false;

	find_java(img, r);
	for (size_t i = 0; i < r->nr; i++) {
		const struct verify_entry *en = &r->entries[i];

		if (!is_added(en))
			continue;
		any = true;
		if (r->java_version)
			bytecode_check(en->path, en->jar, r->java_version,
				       r->java_source, &r->findings);
	}
	if (any && !r->java_version)
		findings_add(&r->findings, "config.Env", 0, 0, SEVERITY_NOTE,
			     "bytecode-too-new",
			     "the image's Java version is unknown (no "
			     "$JAVA_HOME/release, no JAVA_VERSION): bytecode "
			     "levels not checked");
}

/*
 * A JAR's MANIFEST.MF Class-Path makes the JVM load more JARs, relative to
 * the JAR's directory. A plain JAR name is one of jars_dir (checked with
 * it); anything else (a path, a URL, a directory, "..") is not checked.
 */
static void check_class_path(const struct verify_file *files, size_t nr,
			     struct findings *out)
{
	for (size_t i = 0; i < nr; i++) {
		const char *cp = files[i].jar ? files[i].jar->class_path : NULL;

		while (cp && *cp) {
			size_t len;
			char *entry;

			cp += strspn(cp, " ");
			len = strcspn(cp, " ");
			if (!len)
				break;
			entry = xstrndup(cp, len);
			cp += len;
			if (strchr(entry, '/') || strchr(entry, ':') ||
			    strchr(entry, '\\') || !jar_file_name(entry) ||
			    !strcmp(entry, "..")) {
				findings_add(out, files[i].path, 0, 0,
					     SEVERITY_ERROR,
					     "runtime-classpath",
					     "its MANIFEST.MF Class-Path names "
					     "'%s', outside jars_dir: the JVM "
					     "loads it too, and verify did not "
					     "check it",
					     entry);
				free(entry);
				break; /* one finding per JAR */
			}
			free(entry);
		}
	}
}

static bool names_manifest_jar(const struct manifest *m, const char *file)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!strcmp(m->jars[i].file, file))
			return true;
	return false;
}

int verify_image(const struct manifest *m, const struct image *img,
		 const struct verify_options *o, struct verify_report *r,
		 struct error *e)
{
	struct class_conflicts *conflicts = o ? o->conflicts : NULL;
	size_t *indexes = NULL;
	int ret;
	size_t n = image_list_dir(img, m->image.jars_dir, &indexes);
	struct verify_file *files = xcalloc(n ? n : 1, sizeof(*files));
	size_t nr = 0;

	for (size_t i = 0; i < n; i++) {
		const struct image_file *f = &img->files[indexes[i]];

		if (!f->is_jar)
			continue;
		files[nr].path = f->path;
		files[nr].sha256 = f->sha256;
		files[nr].size = f->size;
		files[nr].jar = f->is_jar && !f->jar_error ? &f->jar : NULL;
		nr++;
	}
	verify_jars(m, files, nr, r);
	verify_label(m, image_label(img, DOCKERFILE_LABEL_MANIFEST),
		     "config.Labels", r);
	verify_base(m, img->diff_ids, img->nr_diff_ids,
		    image_label(img, "org.opencontainers.image.base.digest"),
		    "config.rootfs", r);
	check_runtime(img, &r->findings);
	check_spark_home(m, img, &r->findings);
	check_class_path(files, nr, &r->findings);
	check_bytecode(img, r);
	ret = check_class_names(img, files, nr, o, r, e);
	for (size_t i = 0; i < img->integrity.nr; i++) {
		const struct finding *f = &img->integrity.items[i];

		findings_add(&r->findings, f->file, f->line, f->column,
			     f->severity, f->rule, "%s", f->message);
	}
	if (conflicts) {
		struct classes_jar *jars = xcalloc(nr ? nr : 1, sizeof(*jars));
		size_t k = 0;

		for (size_t i = 0; i < nr; i++)
			if (files[i].jar)
				jars[k++] = (struct classes_jar){
				    verify_base_name(files[i].path),
				    files[i].jar};
		classes_find_conflicts(jars, k, conflicts);
		classes_report_cap(conflicts, m->image.jars_dir, &r->findings);
		classes_apply_allowed(conflicts, m);
		for (size_t i = 0; i < conflicts->nr; i++) {
			const struct class_conflict *p = &conflicts->items[i];
			/* The base image's own overlaps are not the
			 * manifest's doing: warnings. */
			bool ours = names_manifest_jar(m, p->first) ||
				    names_manifest_jar(m, p->second);

			classes_report_one(p, m->image.jars_dir,
					   ours ? SEVERITY_ERROR
						: SEVERITY_WARNING,
					   &r->findings);
		}
		free(jars);
	}
	findings_sort(&r->findings);
	free(files);
	free(indexes);
	return ret;
}
