/* verify on a real image: the image reader's view fed to the policy. */
#include <stdlib.h>
#include <string.h>

#include "jar/classes.h"
#include "fetch/dockerfile.h"
#include "image/image.h"
#include "lint/lint.h"
#include "verify/verify.h"
#include "core/xalloc.h"

/* spark.jars* in $SPARK_CONF_DIR (else $SPARK_HOME/conf)/spark-defaults.conf,
 * --jars/--packages in Env, Cmd and Entrypoint: the lint rules. */
static void check_runtime(const struct image *img, struct findings *out)
{
	const char *home = image_env(img, "SPARK_HOME");
	const char *conf_dir = image_env(img, "SPARK_CONF_DIR");
	char *dir =
	    conf_dir && *conf_dir
		? xstrdup(conf_dir)
		: verify_join_path(home && *home ? home : "/opt/spark", "conf");
	char *path = verify_join_path(dir, "spark-defaults.conf");
	const struct image_file *f = image_find(img, path);

	/* A link to a file of another name (or to nothing): its bytes were
	 * not read, and Spark reads the target; not checked is not clean. */
	if (f && !f->content)
		findings_add(out, f->path, 0, 0, SEVERITY_ERROR, "runtime-jars",
			     "'%s' is a link%s%s%s whose content verify does "
			     "not read: the settings Spark takes from it were "
			     "not checked (make it a regular file)",
			     f->path, f->link_target ? " to '" : "",
			     f->link_target ? f->link_target : "",
			     f->link_target ? "'" : "");
	if (f && f->content) {
		struct error e = ERROR_INIT;

		if (lint_buffer(f->path, f->content, f->content_len, out, &e))
			findings_add(out, f->path, 0, 0, SEVERITY_WARNING,
				     "runtime-jars", "cannot read as text: %s",
				     e.message);
		if (f->content_truncated)
			findings_add(out, f->path, 0, 0, SEVERITY_WARNING,
				     "runtime-jars",
				     "only the first %zu bytes were checked",
				     f->content_len);
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
	free(path);
	free(dir);
}

static bool names_manifest_jar(const struct manifest *m, const char *file)
{
	for (size_t i = 0; i < m->nr_jars; i++)
		if (!strcmp(m->jars[i].file, file))
			return true;
	return false;
}

void verify_image(const struct manifest *m, const struct image *img,
		  struct verify_report *r, struct class_conflicts *conflicts)
{
	size_t *indexes = NULL;
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
}
